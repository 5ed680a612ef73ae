#!/usr/bin/env python3
"""Runs hostile-plan cases (test/hostile_plans/README.md): each must fail with a clang-style error
and exit status 1, within a timeout, and leave the outputs of an earlier partition as they were.

    run_case.py --edgecut BIN --program program.cpp --work DIR CASE_DIR...

Prints one line per case, PASS or FAIL with why, then the count; exits 1 if any case failed.
"""
import argparse
import os
import shlex
import shutil
import subprocess
import sys

SANITIZER_REPORTS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error: ")

# The files a partition writes (compiler/include/edgecut/compiler/emit.hpp); each case starts with
# an earlier run's outputs in out/, whose bytes and times must not change.
OUTPUTS = ["mote.cpp", "base.cpp", "edgecut_glue.hpp", "placement.resolved.json", "edgecut.d"]
OLD_TIME_NS = 978_307_200 * 10**9  # 2001-01-01: a rewrite shows even on a coarse clock
NOBODY = 65534
# A plan error comes before clang parses anything; errors found in the program take one parse,
# which the sanitizer build makes some ten times slower.
TIMEOUT_S = 60
# Where an expected line may say "anything": a long key, a temporary path.
WILDCARD = "[…]"


def unescape(word):
    return word.encode("utf-8").decode("unicode_escape").encode("latin-1")


def setup(case_dir, work, directives):
    """Builds what a case cannot keep in git: FIFOs, loops, huge files. Returns (plan name, extra
    arguments, whether edgecut must run as an unprivileged user)."""
    plan, arguments, unprivileged = "plan.json", [], False
    for line in directives:
        words = shlex.split(line, comments=True)
        if not words:
            continue
        kind, rest = words[0], words[1:]
        path = lambda name: os.path.join(work, os.fsdecode(unescape(name)))
        if kind == "fifo":
            os.mkfifo(path(rest[0]))
        elif kind == "symlink":  # symlink TARGET NAME
            os.symlink(rest[0], path(rest[1]))
        elif kind == "directory":
            os.mkdir(path(rest[0]))
        elif kind == "unreadable":
            with open(path(rest[0]), "w") as out:
                out.write("{}\n")
            os.chmod(path(rest[0]), 0)
            unprivileged = True
        elif kind == "generate":  # generate NAME PREFIX UNIT COUNT SUFFIX (with \\n-style escapes)
            name, prefix, unit, count, suffix = rest
            with open(path(name), "wb") as out:
                out.write(unescape(prefix))
                out.write(unescape(unit) * int(count))
                out.write(unescape(suffix))
        elif kind == "plan":  # plan NAME: the plan.json of the case, under another name
            os.rename(path("plan.json"), path(rest[0]))
            plan = os.fsdecode(unescape(rest[0]))
        elif kind == "arguments":
            arguments += rest
        else:
            raise ValueError(f"unknown setup directive '{kind}'")
    return plan, arguments, unprivileged


def matches(expected, line):
    parts = expected.split(WILDCARD)
    if len(parts) == 1:
        return line == expected
    if not line.startswith(parts[0]) or not line.endswith(parts[-1]):
        return False
    at = len(parts[0])
    for part in parts[1:-1]:
        at = line.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return at <= len(line) - len(parts[-1])


def snapshot(out_dir):
    return {name: (open(os.path.join(out_dir, name), "rb").read(), os.stat(os.path.join(out_dir, name)).st_mtime_ns)
            for name in sorted(os.listdir(out_dir))}


def run_case(edgecut, program, case_dir, work_root):
    name = os.path.basename(os.path.normpath(case_dir))
    work = os.path.join(work_root, name)
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(case_dir, work, ignore=shutil.ignore_patterns("expected", "setup"))
    os.chmod(work, 0o755)  # an unprivileged edgecut must reach its files
    shutil.copy(program, os.path.join(work, "program.cpp"))
    with open(os.path.join(case_dir, "expected"), encoding="utf-8") as f:
        expected = f.read().rstrip("\n")
    directives = []
    if os.path.exists(os.path.join(case_dir, "setup")):
        with open(os.path.join(case_dir, "setup"), encoding="utf-8") as f:
            directives = f.read().splitlines()
    plan, arguments, unprivileged = setup(case_dir, work, directives)

    out_dir = os.path.join(work, "out")
    os.mkdir(out_dir)
    for output in OUTPUTS:
        with open(os.path.join(out_dir, output), "w") as f:
            f.write(f"an earlier run's {output}\n")
        os.utime(os.path.join(out_dir, output), ns=(OLD_TIME_NS, OLD_TIME_NS))
    before = snapshot(out_dir)

    command = [edgecut, "partition", "--plan", plan, "-o", "out", "program.cpp", *arguments, "--", "-std=c++20"]
    demote = None
    if unprivileged and os.geteuid() == 0:  # root reads any file: run as nobody
        def demote():
            os.setgid(NOBODY)
            os.setuid(NOBODY)
    try:
        run = subprocess.run(command, cwd=work, stdin=subprocess.DEVNULL, capture_output=True,
                             timeout=TIMEOUT_S, preexec_fn=demote)
    except subprocess.TimeoutExpired:
        return name, f"no answer within {TIMEOUT_S} s"
    stderr = run.stderr.decode("utf-8", errors="backslashreplace")
    first = stderr.split("\n", 1)[0]
    if run.returncode < 0:
        return name, f"killed by signal {-run.returncode}\n{stderr}"
    if run.returncode != 1:
        return name, f"exit status {run.returncode}, not 1\n{stderr}"
    # Under the sanitizers a report may end the run with status 1 as well (ASan's default).
    if any(report in stderr for report in SANITIZER_REPORTS):
        return name, f"a sanitizer report\n{stderr}"
    if not matches(expected, first):
        return name, f"first line\n  {first[:2000]}\nexpected\n  {expected[:2000]}"
    if " error: " not in first or first.startswith("edgecut: "):
        return name, f"the first line is no file:line:col: error: {first[:2000]}"
    after = snapshot(out_dir)
    if after != before:
        changed = sorted(set(before) ^ set(after)) + [n for n in before if n in after and before[n] != after[n]]
        return name, f"the outputs changed: {', '.join(changed)}"
    shutil.rmtree(work, ignore_errors=True)
    return name, None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edgecut", required=True)
    parser.add_argument("--program", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("cases", nargs="+")
    options = parser.parse_args()
    os.makedirs(options.work, exist_ok=True)
    failed = 0
    for case_dir in options.cases:
        name, problem = run_case(options.edgecut, options.program, case_dir, options.work)
        print(f"PASS {name}" if problem is None else f"FAIL {name}: {problem}", flush=True)
        failed += problem is not None
    print(f"{len(options.cases) - failed} of {len(options.cases)} cases passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
