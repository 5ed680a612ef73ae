// End to end on the udp transport: a base program and its mote program run as separate processes
// (one per mote) on free loopback ports, and must print what the sim run prints and drive the same
// actuator writes. Also: malformed datagrams are dropped and counted, a second run gets its own
// trace, a mote from another program is refused at HELLO, and a base without motes times out.
// With --labelled-output, each mote program's own output must be on its stderr, labelled, and the
// same lines as the sim run put on the base's stderr for that mote.
//
//   udp_e2e --base B --mote M --work DIR [--wrong-mote M2] [--sources NETWORK] [--labelled-output]
//           [--key-file K [--keyed-only] [--replay-attack]] [--time-scale N]
//           [--relay R -- RELAY_ARGS...]
//
// With --time-scale, the udp runs pass it on to the base: a program that runs periodic tasks
// (docs/design.md §9) runs them in wall-clock time, N times faster, and must take at least its
// network time / N, with the sim run's task runs and network time.
//
// With --key-file, the programs also run with the network key K (every frame authenticated,
// authenticated_transport.hpp): the same output and actuator writes as the sim's unkeyed run, and
// nothing rejected. --keyed-only runs only that against the sim. --replay-attack (with --relay)
// records the keyed run as an eavesdropper would (the relay's --capture) and replays a mote's
// HELLO and WRITE from it: alone, with the HELLO, and after the mote restarted. The actuator must
// not move, and each rejection must be counted in the next run's report. A program with periodic
// tasks gets a recorded RUN_TASK instead: sent again, without its tag and altered; the mote must
// run nothing for them, and count them.
//
// With --sources, the programs also run on NETWORK's sensor sources (sensor_sources/: every form,
// a bare number too), with each node's address added: udp must print and drive what the sim does
// with --network NETWORK.
//
// With --relay, every datagram goes through the relay program R (test/unit/runtime/udp_relay.cpp),
// which injects the faults its arguments ask for: each process gets its own network file in which
// its own address is real and every other node's is the relay's port for that node.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "loopback.hpp"

namespace {

using nlohmann::json;
using namespace edgecut::test::loopback;

struct Options {
  std::string base, mote, wrongMote, relay, sources, keyFile, timeScale;
  std::vector<std::string> relayArgs;
  fs::path work;
  bool labelledOutput = false;
  bool keyedOnly = false;
  bool replayAttack = false;
  bool baseStops = false;  // the base's program stops itself while a mote's push waits (below)
};

using Bytes = std::vector<std::uint8_t>;

// The datagrams the relay captured on `port` (udp_relay --capture's lines) that start with `prefix`.
std::vector<Bytes> captured(const fs::path& file, int port, const Bytes& prefix) {
  std::vector<Bytes> datagrams;
  std::istringstream lines(readFile(file));
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    int at = 0;
    std::string hex;
    if (!(fields >> at >> hex) || at != port || hex.size() < 2) continue;
    Bytes bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
      bytes.push_back(static_cast<std::uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
    }
    if (bytes.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), bytes.begin())) {
      datagrams.push_back(std::move(bytes));
    }
  }
  return datagrams;
}

// How many of the report's actuator writes `node` made.
std::size_t writesOf(const json& report, int node) {
  std::size_t count = 0;
  for (const json& write : report["actuator_writes"]) count += write["node"] == node ? 1 : 0;
  return count;
}

// The lines of `text` that start with `prefix`.
std::vector<std::string> linesStartingWith(const std::string& text, const std::string& prefix) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(prefix)) lines.push_back(line);
  }
  return lines;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--") {
      options.relayArgs.assign(argv + i + 1, argv + argc);
      break;
    }
    if (flag == "--labelled-output" || flag == "--keyed-only" || flag == "--replay-attack" || flag == "--base-stops") {
      (flag == "--labelled-output" ? options.labelledOutput
       : flag == "--keyed-only"    ? options.keyedOnly
       : flag == "--base-stops"    ? options.baseStops
                                   : options.replayAttack) = true;
      --i;  // a flag: no value follows
      continue;
    }
    if (i + 1 >= argc) {
      fmt::print(stderr, "udp_e2e: {} needs a value\n", flag);
      return 2;
    }
    const std::string value = argv[i + 1];
    if (flag == "--base") options.base = value;
    else if (flag == "--mote") options.mote = value;
    else if (flag == "--wrong-mote") options.wrongMote = value;
    else if (flag == "--relay") options.relay = value;
    else if (flag == "--sources") options.sources = value;
    else if (flag == "--key-file") options.keyFile = value;
    else if (flag == "--work") options.work = value;
    else if (flag == "--time-scale") options.timeScale = value;
    else {
      fmt::print(stderr, "udp_e2e: unknown option {}\n", flag);
      return 2;
    }
  }
  if (options.base.empty() || options.mote.empty() || options.work.empty() ||
      (options.keyFile.empty() && (options.keyedOnly || options.replayAttack)) ||
      (options.replayAttack && options.relay.empty())) {
    fmt::print(stderr, "usage: udp_e2e --base B --mote M --work DIR [--wrong-mote M2] [--sources NETWORK] "
                       "[--labelled-output] [--key-file K [--keyed-only] [--replay-attack]] "
                       "[--time-scale N] [--relay R -- RELAY_ARGS...] [--base-stops]\n");
    return 2;
  }
  fs::remove_all(options.work);
  fs::create_directories(options.work);
  const fs::path& work = options.work;

  // ---- the reference: the sim (not for a base that stops itself) ----
  Run sim;
  json simReport = json::object();
  if (!options.baseStops) {
    sim = runToEnd({options.base, "--report", (work / "sim.json").string()}, work, "sim");
    check(sim.status == 0, "the sim run exits 0: " + sim.err);
    simReport = json::parse(readFile(work / "sim.json"), nullptr, false);
    if (!simReport.is_object()) return 1;
  }

  // ---- a network with free loopback ports ----
  const Run printed = runToEnd({options.base, "--print-network"}, work, "print-network");
  json network = json::parse(printed.out, nullptr, false);
  check(printed.status == 0 && network.is_object(), "--print-network prints the network built in: " + printed.out);
  if (!network.is_object()) return 1;
  std::map<int, int> ports;  // node -> the port it binds
  ports[0] = freePort();
  for (const json& mote : network["motes"]) ports[mote["id"].get<int>()] = freePort();
  std::map<int, int> relayPorts;  // node -> the relay's port for it
  if (!options.relay.empty()) {
    for (const auto& [node, port] : ports) relayPorts[node] = freePort();
  }
  // The network node `self` reads: its own address is real; the others' go through the relay.
  json active = network;  // the network the nodes run on, without addresses
  auto networkFor = [&](int self) {
    json copy = active;
    auto addressOf = [&](int node) {
      return loopback(relayPorts.empty() || node == self ? ports[node] : relayPorts[node]);
    };
    copy["base"]["address"] = addressOf(0);
    for (json& mote : copy["motes"]) mote["address"] = addressOf(mote["id"].get<int>());
    const fs::path file = work / fmt::format("network.{}.json", self);
    std::ofstream(file) << copy.dump(2);
    return file.string();
  };

  std::optional<Process> relay;
  if (!options.relay.empty()) {
    std::vector<std::string> args{options.relay};
    args.insert(args.end(), options.relayArgs.begin(), options.relayArgs.end());
    for (const auto& [node, port] : ports) {
      args.push_back("--forward");
      args.push_back(fmt::format("{}={}", relayPorts[node], port));
    }
    if (options.replayAttack) args.insert(args.end(), {"--capture", (work / "capture.txt").string()});
    relay.emplace(args, work / "relay.stdout", work / "relay.stderr");
  }

  // Ready when every mote has bound its port.
  auto awaitBound = [&] {
    std::vector<int> motePorts;
    for (const auto& [node, port] : ports) {
      if (node != 0) motePorts.push_back(port);
    }
    check(allBound(motePorts, Clock::now() + std::chrono::seconds(20)), "every mote program listens on its port");
  };
  auto startMote = [&](const std::string& program, int node, const std::vector<std::string>& extra) {
    std::vector<std::string> args{program, "--transport", "udp", "--node", std::to_string(node), "--network",
                                  networkFor(node)};
    args.insert(args.end(), extra.begin(), extra.end());
    return std::make_unique<Process>(args, work / fmt::format("mote{}.stdout", node),
                                     work / fmt::format("mote{}.stderr", node));
  };
  auto startMotes = [&](const std::string& program, const std::vector<std::string>& extra = {}) {
    std::vector<std::unique_ptr<Process>> motes;
    for (const auto& [node, port] : ports) {
      if (node != 0) motes.push_back(startMote(program, node, extra));
    }
    awaitBound();
    return motes;
  };
  auto stopMotes = [&](std::vector<std::unique_ptr<Process>>& motes) {
    bool clean = true;
    for (auto& mote : motes) mote->signal(SIGTERM);
    for (auto& mote : motes) clean = mote->wait(Clock::now() + std::chrono::seconds(10)) == 0 && clean;
    return clean;
  };
  const std::string baseNetwork = networkFor(0);
  auto runBase = [&](const std::string& name, std::vector<std::string> extra) {
    networkFor(0);  // on the active network
    std::vector<std::string> args{options.base, "--transport", "udp", "--network", baseNetwork, "--report",
                                  (work / (name + ".json")).string()};
    args.insert(args.end(), extra.begin(), extra.end());
    if (!options.timeScale.empty()) args.insert(args.end(), {"--time-scale", options.timeScale});
    return runToEnd(args, work, name);
  };

  if (options.baseStops) {
    // The base's program stops (SIGSTOP) inside the handler a mote's push runs, before it can
    // acknowledge it: the mote resends the push until its deadline, then drops it, counts it and
    // says so, and goes on serving; SIGTERM still stops it (runtime/README.md, "Pushes").
    auto motes = startMotes(options.mote, {"--timeout-ms", "1000"});
    std::vector<std::string> args{options.base, "--transport", "udp", "--network", baseNetwork};
    if (!options.timeScale.empty()) args.insert(args.end(), {"--time-scale", options.timeScale});
    Process base(args, work / "base.stdout", work / "base.stderr");
    const fs::path moteErr = work / "mote1.stderr";
    const std::string dropped = "edgecut: warning: mote 1 dropped its push CALL store to the base: no acknowledgement "
                                "within 1000 ms (sent ";
    const auto started = Clock::now();
    while (readFile(moteErr).find(dropped) == std::string::npos && Clock::now() < started + std::chrono::seconds(20))
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const auto took = Clock::now() - started;
    check(readFile(moteErr).find(dropped) != std::string::npos,
          "the mote drops its unacknowledged push after its deadline and says so:\n" + readFile(moteErr));
    check(took >= std::chrono::milliseconds(1000), "not before its deadline of 1000 ms");
    check(base.wait(Clock::now()) == std::nullopt, "the base is still there, stopped");
    base.signal(SIGKILL);
    check(stopMotes(motes), "SIGTERM stops every mote program with status 0: no mote hangs on a push");
    fmt::print("{}\n", failures == 0 ? "all passed" : fmt::format("{} failed", failures));
    return failures == 0 ? 0 : 1;
  }

  if (!options.keyedOnly) {
    auto motes = startMotes(options.mote);
    // Garbage first: every mote drops and counts it, and the base's report adds it up.
    const std::vector<std::vector<std::uint8_t>> garbage{
        {},                      // empty
        {0x21, 0x01},            // version 2
        {0x14, 0x01, 0x00},      // a CALL cut short
        {0xF1, 0x05},            // a control message cut short
        {0x12, 0x01, 0x00, 0x7F, 0x1A},  // READ to node 127, which is not here
    };
    std::size_t sent = 0;
    for (const auto& [node, port] : ports) {
      if (node == 0) continue;
      for (const auto& datagram : garbage) {
        sendDatagram(port, datagram);
        ++sent;
      }
    }
    const auto started = Clock::now();
    const Run udp = runBase("udp", {});
    const auto took = Clock::now() - started;
    check(udp.status == 0, fmt::format("the udp run exits 0 (status {}): {}", udp.status, udp.err));
    check(udp.out == sim.out, "the udp run prints what the sim run prints:\n" + udp.out + "\n--- sim:\n" + sim.out);
    const json report = json::parse(readFile(work / "udp.json"));
    const json expectedTrace = groupedByMote(simReport["actuator_writes"]);
    check(report["actuator_writes"] == expectedTrace,
          "the udp run drives the sim run's actuator writes: " + report["actuator_writes"].dump() + " vs " +
              expectedTrace.dump());
    if (relay) {
      check(report["malformed_frames"].get<std::size_t>() >= sent, "malformed datagrams are counted");
    } else {
      check(report["malformed_frames"] == sent, fmt::format("the {} malformed datagrams are dropped and counted: {}",
                                                            sent, report["malformed_frames"].dump()));
    }
    // Network time: the same task runs as on the sim, kept to the wall clock.
    check(report["task_runs"] == simReport["task_runs"] && report["network_time_ms"] == simReport["network_time_ms"],
          fmt::format("the udp run runs the sim run's periodic tasks in its network time: {} in {} ms",
                      report["task_runs"].dump(), report["network_time_ms"].dump()));
    if (!options.timeScale.empty()) {
      const auto least = std::chrono::duration<double, std::milli>(report["network_time_ms"].get<double>() /
                                                                   std::stod(options.timeScale));
      check(took >= least, fmt::format("at --time-scale {} the run takes at least {} ms of wall-clock time",
                                       options.timeScale, least.count()));
    }
    // A second run on the same mote programs gets its own trace, not the first run's again.
    const Run again = runBase("again", {});
    check(again.status == 0, "a second udp run exits 0: " + again.err);
    const json againReport = json::parse(readFile(work / "again.json"));
    check(againReport["actuator_writes"].size() == expectedTrace.size(),
          "the second run's trace has only its own writes: " + againReport["actuator_writes"].dump());
    check(stopMotes(motes), "SIGTERM stops every mote program with status 0");
    if (options.labelledOutput) {
      // Each mote program served both runs: the sim's lines for its mote, twice.
      for (const auto& [node, port] : ports) {
        if (node == 0) continue;
        const std::string label = fmt::format("[mote {}] ", node);
        const std::vector<std::string> once = linesStartingWith(sim.err, label);
        std::vector<std::string> expected = once;
        expected.insert(expected.end(), once.begin(), once.end());
        const std::string out = readFile(work / fmt::format("mote{}.stdout", node));
        const std::string err = readFile(work / fmt::format("mote{}.stderr", node));
        check(!expected.empty() && out.empty() && linesStartingWith(err, "[mote ") == expected,
              fmt::format("mote {}'s program puts its lines on its stderr, labelled as on the sim:\n{}--- its stdout:\n{}",
                          node, err, out));
      }
    }
  }

  if (!options.wrongMote.empty() && !options.keyedOnly) {
    auto motes = startMotes(options.wrongMote);
    const Run refused = runBase("refused", {});
    const std::string fingerprint = simReport["fingerprint"].get<std::string>();
    check(refused.status == 1 && refused.err.find("refused the base's HELLO") != std::string::npos &&
              refused.err.find(fingerprint) != std::string::npos && refused.out.empty(),
          "a mote program from another plan is refused at HELLO, naming both fingerprints:\n" + refused.err);
    stopMotes(motes);
  }

  if (!relay && !options.keyedOnly) {
    // The built-in network has no addresses: both programs say where to put them.
    const Run noAddress = runToEnd({options.base, "--transport", "udp"}, work, "no-address");
    check(noAddress.status == 1 && noAddress.err.find("edgecut: error: the udp transport needs the address of the "
                                                      "base; give it in the network (\"address\": \"host:port\" in "
                                                      "\"base\") and pass the file with --network FILE") !=
                                       std::string::npos,
          "a network without addresses is a clear error:\n" + noAddress.err);
    const Run noNode = runToEnd({options.mote, "--transport", "udp", "--network", baseNetwork}, work, "no-node");
    check(noNode.status == 2 && noNode.err.find("error: the udp transport needs --node ID") != std::string::npos,
          "a udp mote program without --node says so (status 2):\n" + noNode.err);

    // No mote programs at all: a timeout naming the mote, in about the given time, never a hang.
    const Run alone = runBase("alone", {"--timeout-ms", "300"});
    // (A periodic task placed on a mote is asked for over the control path, after a HELLO when it may call
    // the base, and after asking for the mote's window.)
    const bool timedOut =
        alone.err.find("within 300 ms (the HELLO before it was sent 2 times)") != std::string::npos ||
        alone.err.find("within 300 ms (the GENERATION_REQUEST before it was sent 2 times)") != std::string::npos;
    check(alone.status == 1 && timedOut,
          "without mote programs the base times out (status 1) naming the mote:\n" + alone.err);
    check(alone.seconds < 5, fmt::format("and it gives up in time ({:.2f} s)", alone.seconds));
  }

  if (!options.sources.empty() && !options.keyedOnly) {
    // The reference: the sim on the same file, which it hands on to the mote host.
    const Run reference = runToEnd(
        {options.base, "--network", options.sources, "--report", (work / "sources_sim.json").string()}, work,
        "sources_sim");
    check(reference.status == 0, "the sim runs on " + options.sources + ": " + reference.err);
    active = json::parse(readFile(options.sources), nullptr, false);
    check(active.is_object(), options.sources + " is a JSON object");
    // The nodes' copies live in the work folder: their CSV traces are named absolutely.
    for (json& mote : active["motes"]) {
      for (auto& [name, source] : mote["sensors"].items()) {
        if (source.is_object() && source.contains("csv")) {
          const fs::path trace = source["csv"]["file"].get<std::string>();
          source["csv"]["file"] = (fs::absolute(options.sources).parent_path() / trace).string();
        }
      }
    }
    auto motes = startMotes(options.mote);
    const Run udp = runBase("sources_udp", {});
    check(udp.status == 0, fmt::format("every sensor-source form runs on udp (status {}): {}", udp.status, udp.err));
    check(udp.out == reference.out,
          "on " + options.sources + " udp prints what the sim prints:\n" + udp.out + "\n--- sim:\n" + reference.out);
    const json simWrites = json::parse(readFile(work / "sources_sim.json"), nullptr, false)["actuator_writes"];
    const json udpWrites = json::parse(readFile(work / "sources_udp.json"), nullptr, false)["actuator_writes"];
    check(udpWrites == groupedByMote(simWrites), "and drives the sim's actuator writes");
    check(stopMotes(motes), "SIGTERM stops every mote program with status 0");
  }

  if (!options.keyFile.empty()) {
    // With the network key: what the sim printed and drove, and nothing rejected.
    const std::vector<std::string> keyed{"--key-file", options.keyFile};
    auto motes = startMotes(options.mote, keyed);
    const Run run = runBase("keyed", keyed);
    check(run.status == 0, fmt::format("the keyed udp run exits 0 (status {}): {}", run.status, run.err));
    check(run.out == sim.out, "the keyed udp run prints what the sim run prints:\n" + run.out + "\n--- sim:\n" + sim.out);
    const json report = json::parse(readFile(work / "keyed.json"));
    const json expectedTrace = groupedByMote(simReport["actuator_writes"]);
    check(report["actuator_writes"] == expectedTrace,
          "the keyed udp run drives the sim run's actuator writes: " + report["actuator_writes"].dump());
    const json nothing = {{"forged", 0}, {"replayed", 0}, {"unsolicited", 0}};
    check(report["malformed_frames"] == 0 && report["rejected_frames"] == nothing,
          "the keyed run rejects nothing: " + report["rejected_frames"].dump());
    check(report["task_runs"] == simReport["task_runs"] && report["network_time_ms"] == simReport["network_time_ms"],
          "the keyed run runs the sim run's periodic tasks: " + report["task_runs"].dump());

    // A program with periodic tasks: a RUN_TASK the base sent a mote, as the relay recorded it (a
    // RUNTIME datagram, 0xF3 in udp/control.hpp, holding control.hpp's array of 9, 0x89, of kind 2).
    int tasked = 0;
    Bytes runTask;
    for (const auto& [node, port] : relayPorts) {
      const std::vector<Bytes> runs =
          options.replayAttack ? captured(work / "capture.txt", port, {0xF3, 0x89, 0x02}) : std::vector<Bytes>{};
      if (node != 0 && !runs.empty()) {
        tasked = node;
        runTask = runs.front();
        break;
      }
    }
    if (tasked != 0) {
      // After a later run, the RUN_TASK sent again (older than the mote's last: replayed), without
      // its tag and with a byte changed under the tag (both forged): the task runs for none of
      // them, so the next run measures what the first did on that mote, and counts all three.
      const auto operationsOf = [&](const json& run) {
        for (const json& node : run["nodes"]) {
          if (node["id"] == tasked) return node["operations"];
        }
        return json();
      };
      runBase("keyed_again", keyed);
      Bytes unsealed(runTask.begin(), runTask.end() - 16);
      Bytes tampered = runTask;
      tampered[tampered.size() - 17] ^= 1;  // the message's last byte
      for (const Bytes& datagram : {runTask, unsealed, tampered}) sendDatagram(ports[tasked], datagram);
      std::this_thread::sleep_for(std::chrono::milliseconds(200));  // for the mote to take them
      const Run next = runBase("after_task_replay", keyed);
      check(next.status == 0, "a keyed run after the RUN_TASK replays exits 0: " + next.err);
      const json after = json::parse(readFile(work / "after_task_replay.json"), nullptr, false);
      check(after.is_object() && operationsOf(after) == operationsOf(report),
            fmt::format("mote {} ran no task for the replays: {} operations, as in the first run", tasked,
                        after.is_object() ? operationsOf(after).dump() : "no report"));
      const json expected = {{"forged", 2}, {"replayed", 1}, {"unsolicited", 0}};
      check(after.is_object() && after["rejected_frames"] == expected,
            "and the next report counts them as forged and replayed: " +
                (after.is_object() ? after["rejected_frames"].dump() : "no report"));
    } else if (options.replayAttack) {
      // What an eavesdropper recorded of the keyed run: a mote's HELLO and WRITE from the base.
      int victim = 0;
      Bytes hello, write;
      for (const auto& [node, port] : relayPorts) {
        const std::vector<Bytes> writes = captured(work / "capture.txt", port, {0x13});  // frame version 1, WRITE
        const std::vector<Bytes> hellos = captured(work / "capture.txt", port, {0x11});  // HELLO
        if (node != 0 && !writes.empty() && !hellos.empty()) {
          victim = node;
          hello = hellos.front();
          write = writes.front();
          break;
        }
      }
      check(victim != 0, "the relay captured a HELLO and a WRITE to a mote");
      const std::size_t victimWrites = writesOf(simReport, victim);
      auto replay = [&](const std::vector<Bytes>& datagrams) {
        for (const Bytes& datagram : datagrams) sendDatagram(ports[victim], datagram);
        std::this_thread::sleep_for(std::chrono::milliseconds(200));  // for the mote to take them
      };
      auto rejectedIn = [&](const std::string& name, const json& expected, const std::string& what) {
        const Run next = runBase(name, keyed);
        check(next.status == 0, fmt::format("a keyed run after {} exits 0: {}", what, next.err));
        const json after = json::parse(readFile(work / (name + ".json")), nullptr, false);
        check(after.is_object() && writesOf(after, victim) == victimWrites,
              fmt::format("after {} mote {}'s actuator moved only for the run: {}", what, victim,
                          after.is_object() ? after["actuator_writes"].dump() : "no report"));
        check(after.is_object() && after["rejected_frames"] == expected,
              fmt::format("and the next report counts {} as {}: {}", what, expected.dump(),
                          after.is_object() ? after["rejected_frames"].dump() : "no report"));
      };
      // A later run ends the recorded session; its WRITE, its HELLO (which opened a session
      // before) and the WRITE after that are replays of an ended session.
      runBase("keyed_again", keyed);
      replay({write, hello, write});
      rejectedIn("after_replay", {{"forged", 0}, {"replayed", 3}, {"unsolicited", 0}},
                 "the WRITE replayed alone and with its HELLO");
      // The mote restarts and knows no session: the HELLO gets a new challenge, which the WRITE
      // cannot answer; both WRITEs come from a node without a session.
      // motes[i] is the i-th mote of `ports`, whose first node is the base.
      auto& restarted = motes[static_cast<std::size_t>(std::distance(ports.begin(), ports.find(victim)) - 1)];
      restarted->signal(SIGTERM);
      check(restarted->wait(Clock::now() + std::chrono::seconds(10)) == 0, "the mote stops for its restart");
      restarted = startMote(options.mote, victim, keyed);
      awaitBound();
      replay({write, hello, write});
      rejectedIn("after_restart", {{"forged", 0}, {"replayed", 0}, {"unsolicited", 2}},
                 "the WRITE replayed alone and with its HELLO to the restarted mote");
    }
    check(stopMotes(motes), "SIGTERM stops every keyed mote program with status 0");
  }

  const bool relayFaults = std::find(options.relayArgs.begin(), options.relayArgs.end(), "--faults") != options.relayArgs.end();
  if (relay) {
    relay->signal(SIGTERM);
    relay->wait(Clock::now() + std::chrono::seconds(10));
  }
  if (relayFaults) {
    const std::string counts = readFile(work / "relay.stdout");
    // "udp_relay: D dropped, …": the faults must have happened for the run to prove anything.
    check(counts.find("udp_relay: 0 dropped") == std::string::npos && counts.find(" dropped") != std::string::npos,
          "the relay's faults took effect: " + counts);
  }
  fmt::print("{}\n", failures == 0 ? "all passed" : fmt::format("{} failed", failures));
  return failures == 0 ? 0 : 1;
}
