#!/usr/bin/env python3
"""A serial line between a base program and a mote program, for e2e.serial.soil (serial.cmake).

Listens on a UNIX socket, starts the mote program and the base program with
--transport serial --device SOCKET, and carries the bytes between the two connections. Before any
packet it puts noise on the line both ways (a bad CRC, a truncated packet, a bad escape), which each
side must drop and count. Prints the base program's stdout and stderr, and exits with its status.
"""
import os
import select
import socket
import subprocess
import sys
import tempfile

NOISE = bytes([0x11, 0x22, 0x33, 0xC0,  # garbage, ended: a bad CRC
               0x01, 0xC0,              # a truncated packet
               0xDB, 0x42, 0xC0])       # a bad escape


def main():
    base, mote, report = sys.argv[1], sys.argv[2], sys.argv[3]
    directory = tempfile.mkdtemp(prefix="edgecut-serial-")
    path = os.path.join(directory, "line.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(2)
    line = ["--transport", "serial", "--device", path]
    mote_process = subprocess.Popen([mote] + line, stdout=subprocess.DEVNULL)
    listener.settimeout(30)
    first, _ = listener.accept()
    base_process = subprocess.Popen([base] + line + ["--report", report], stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE)
    second, _ = listener.accept()
    ends = [first, second]
    for end in ends:
        end.sendall(NOISE)
    open_ends = list(ends)
    while open_ends:
        ready, _, _ = select.select(open_ends, [], [], 60)
        if not ready:
            break
        for end in ready:
            data = end.recv(65536)
            other = ends[1] if end is ends[0] else ends[0]
            if not data:
                open_ends.remove(end)
                try:
                    other.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                continue
            try:
                other.sendall(data)
            except OSError:
                pass
    out, err = base_process.communicate(timeout=60)
    mote_status = mote_process.wait(timeout=60)
    sys.stdout.write(out.decode())
    sys.stderr.write(err.decode())
    os.unlink(path)
    os.rmdir(directory)
    if mote_status != 0:
        sys.stderr.write(f"serial_line.py: the mote program exited with status {mote_status}\n")
        return 1
    return base_process.returncode


if __name__ == "__main__":
    sys.exit(main())
