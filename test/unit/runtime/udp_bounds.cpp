// The runtime is bounded, on the udp transport with every mote its own process on loopback: what
// hostile or oversized traffic costs a mote, and what a run whose mote dies reports.
//
//   udp_bounds --base B --mote M --work DIR
//
// B and M are the soil_onmote golden's programs, whose glue this test includes for the fingerprint
// and the actuator's id. Playing the base (it binds the base's port), the test sends mote 1 a
// HELLO, a WRITE of a 60,000-element array to its int valve and a STATS request: the WRITE is
// refused naming the actuator and its type, the mote answers the STATS and lives on. Then 100,000
// HELLOs from forged sources: the mote's memory stays within 16 MB of where it was, and the real
// base's run afterwards prints what the sim run prints. Last, mote 3's program is killed: the
// base's run fails naming it within about one --timeout-ms, and its report keeps motes 1 and 2's
// writes and marks mote 3 lost.
#include <csignal>
#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "edgecut/runtime/frame.hpp"
#include "edgecut/runtime/values.hpp"
#include "edgecut_glue.hpp"
#include "loopback.hpp"
#include "transport/udp/control.hpp"
#include "transport/udp/udp.hpp"

namespace {

using nlohmann::json;
using namespace edgecut::test::loopback;
namespace wire = edgecut::wire;
namespace udp = edgecut::udp;
using edgecut::NodeId;

constexpr std::uint32_t kEpoch = 0x80000001u;
constexpr std::size_t kForgedHellos = 100'000;
constexpr long kMaxGrowthKiB = 16 * 1024;

// The resident memory of process `pid` in KiB (VmRSS in /proc), or -1.
long residentKiB(pid_t pid) {
  std::ifstream status(fmt::format("/proc/{}/status", pid));
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  }
  return -1;
}

bool running(pid_t pid) { return ::kill(pid, 0) == 0; }

std::vector<std::uint8_t> frame(const std::function<void(wire::Writer&)>& encode) {
  std::vector<std::uint8_t> bytes(wire::kMaxFrameBytes);
  wire::Writer out(bytes);
  encode(out);
  bytes.resize(out.ok() ? out.size() : 0);
  return bytes;
}

// The base's side of mote 1, played by the test on the base's port.
class FakeBase {
 public:
  FakeBase(int basePort, int motePort)
      : socket_(udp::resolve(loopback(basePort), "the test")), mote_(udp::resolve(loopback(motePort), "mote 1")) {}

  void send(const std::vector<std::uint8_t>& datagram) { socket_.sendTo(mote_, datagram); }
  // The next datagram within two seconds; empty if none came.
  std::vector<std::uint8_t> receive() {
    std::vector<std::uint8_t> bytes;
    if (socket_.receive(bytes, Clock::now() + std::chrono::seconds(2)) != udp::Socket::Outcome::datagram) return {};
    return bytes;
  }
  // Sends HELLO from `from` to mote 1 (its reply, if any, goes to `from`'s address).
  void hello(NodeId from) {
    send(frame([&](wire::Writer& w) {
      wire::encodeHello(w, {seq_++, from, 1}, edgecut_glue::kProgram.fingerprint, kEpoch);
    }));
  }
  // The base's HELLO and mote 1's answer: everything sent before it was handled.
  bool greeted() {
    hello(0);
    const std::vector<std::uint8_t> reply = receive();
    wire::Frame decoded;
    return wire::decodeFrame(reply, decoded) == wire::Status::ok && decoded.op == wire::Op::HELLO;
  }
  std::uint32_t nextSeq() { return seq_++; }

 private:
  udp::Socket socket_;
  udp::Endpoint mote_;
  std::uint32_t seq_ = 1;
};

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> options;
  for (int i = 1; i + 1 < argc; i += 2) options[argv[i]] = argv[i + 1];
  if (!options.count("--base") || !options.count("--mote") || !options.count("--work")) {
    fmt::print(stderr, "usage: udp_bounds --base B --mote M --work DIR\n");
    return 2;
  }
  const std::string base = options["--base"];
  const std::string mote = options["--mote"];
  const fs::path work = options["--work"];
  fs::remove_all(work);
  fs::create_directories(work);

  const Run sim = runToEnd({base, "--report", (work / "sim.json").string()}, work, "sim");
  check(sim.status == 0, "the sim run exits 0: " + sim.err);
  const json simWrites = json::parse(readFile(work / "sim.json"))["actuator_writes"];

  json network = json::parse(runToEnd({base, "--print-network"}, work, "print-network").out);
  std::map<int, int> ports{{0, freePort()}};
  network["base"]["address"] = loopback(ports[0]);
  for (json& entry : network["motes"]) {
    const int id = entry["id"].get<int>();
    ports[id] = freePort();
    entry["address"] = loopback(ports[id]);
  }
  const std::string networkFile = (work / "network.json").string();
  std::ofstream(networkFile) << network.dump(2);

  std::map<int, std::unique_ptr<Process>> motes;
  std::vector<int> motePorts;
  for (const auto& [node, port] : ports) {
    if (node == 0) continue;
    motes[node] = std::make_unique<Process>(
        std::vector<std::string>{mote, "--transport", "udp", "--node", std::to_string(node), "--network", networkFile},
        work / fmt::format("mote{}.stdout", node), work / fmt::format("mote{}.stderr", node));
    motePorts.push_back(port);
  }
  check(allBound(motePorts, Clock::now() + std::chrono::seconds(20)), "every mote program listens on its port");
  const pid_t mote1 = motes[1]->pid();

  {
    FakeBase fake(ports[0], ports[1]);
    check(fake.greeted(), "mote 1 answers the base's HELLO");

    // Three datagrams: a WRITE too large for the valve's type, then a request for the stats.
    const std::vector<std::uint8_t> write = frame([&](wire::Writer& w) {
      wire::encodeWrite(w, {fake.nextSeq(), 0, 1}, edgecut_glue::actuator::valve, std::vector<int>(60'000, 10));
    });
    check(write.size() > 60'000 && write.size() <= udp::kMaxDatagramBytes, "the WRITE fits in one datagram");
    fake.send(write);
    const std::vector<std::uint8_t> refusal = fake.receive();
    wire::Frame refused;
    const bool decoded = wire::decodeFrame(refusal, refused) == wire::Status::ok;
    const std::string expected =
        "mote 1 refused WRITE valve: an array of 60000 items does not fit the actuator's type int (an integer from "
        "-2147483648 to 2147483647); nothing was written";
    check(decoded && refused.op == wire::Op::ERROR &&
              static_cast<wire::ErrorCode>(refused.number) == wire::ErrorCode::BAD_VALUE && refused.message == expected,
          fmt::format("the WRITE is refused with BAD_VALUE: {}", decoded ? refused.message : "(no reply)"));
    fake.send(udp::encode(udp::StatsRequest{1, 7, 0, false}));
    const auto stats = udp::decodeStatsReply(fake.receive());
    check(stats && stats->node == 1 && stats->trace.size() <= udp::kStatsChunkBytes,
          "mote 1 answers the STATS request within a chunk");
    check(running(mote1), "and its program lives on");

    // Forged sources: HELLOs from 100,000 nodes that the network does not have, in batches that the
    // socket's buffer holds, each followed by the base's HELLO, so that every one is handled.
    const long before = residentKiB(mote1);
    bool answered = true;
    for (std::size_t sent = 0; sent < kForgedHellos && answered;) {
      for (std::size_t batch = 0; batch < 100; ++batch, ++sent) fake.hello(static_cast<NodeId>(1000 + sent));
      answered = fake.greeted();
    }
    const long after = residentKiB(mote1);
    check(answered, "mote 1 answers the base after every batch of forged HELLOs");
    check(before > 0 && after - before < kMaxGrowthKiB,
          fmt::format("{} forged HELLOs grow mote 1 from {} KiB to {} KiB, less than {} KiB", kForgedHellos, before,
                      after, kMaxGrowthKiB));
  }

  const auto runBase = [&](const std::string& name, std::vector<std::string> extra) {
    std::vector<std::string> args{base, "--transport", "udp", "--network", networkFile, "--report",
                                  (work / (name + ".json")).string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return runToEnd(args, work, name);
  };
  const Run served = runBase("served", {});
  check(served.status == 0 && served.out == sim.out,
        fmt::format("the real base's run afterwards prints what the sim run prints (status {}):\n{}{}", served.status,
                    served.out, served.err));
  const json servedReport = json::parse(readFile(work / "served.json"), nullptr, false);
  check(servedReport.is_object() && servedReport["actuator_writes"] == groupedByMote(simWrites),
        "and drives the sim run's actuator writes, the refused WRITE not among them");
  check(servedReport.is_object() && servedReport["malformed_frames"].get<std::size_t>() >= kForgedHellos,
        "the forged HELLOs are counted as malformed frames");

  // Mote 3's program dies: the base's HELLO to it times out, the stats of the others are kept.
  motes[3]->signal(SIGKILL);
  motes[3]->wait(Clock::now() + std::chrono::seconds(10));
  const Run died = runBase("died", {"--timeout-ms", "2000"});
  check(died.status == 1 && died.err.find("edgecut: error: mote 3 did not answer CALL Soil::avgMoisture within 2000 "
                                          "ms (the HELLO before it was sent") != std::string::npos,
        "a dead mote is a timeout naming it:\n" + died.err);
  check(died.err.find(fmt::format("edgecut: error: mote 3 at {} did not report its actuator trace in time",
                                  loopback(ports[3]))) != std::string::npos,
        "and its stats are lost, saying so");
  check(died.seconds < 3.0, fmt::format("the base exits within about one --timeout-ms of 2 s ({:.2f} s)", died.seconds));
  const json diedReport = json::parse(readFile(work / "died.json"), nullptr, false);
  json firstTwo = json::array();
  for (const json& write : groupedByMote(simWrites)) {
    if (write["node"].get<int>() <= 2) firstTwo.push_back(write);
  }
  check(diedReport.is_object() && diedReport["actuator_writes"] == firstTwo,
        "the report keeps the writes the live motes made: " + diedReport["actuator_writes"].dump());
  bool marked = diedReport.is_object();
  for (const json& node : marked ? diedReport["nodes"] : json::array()) {
    marked = marked && node["lost"] == (node["id"] == 3);
  }
  check(marked && diedReport["operations"].is_null(), "mote 3, and only mote 3, is marked lost");

  bool clean = true;
  for (auto& [node, process] : motes) {
    if (node == 3) continue;
    process->signal(SIGTERM);
    clean = process->wait(Clock::now() + std::chrono::seconds(10)) == 0 && clean;
  }
  check(clean, "SIGTERM stops the other mote programs with status 0");
  fmt::print("{}\n", failures == 0 ? "all passed" : fmt::format("{} failed", failures));
  return failures == 0 ? 0 : 1;
}
