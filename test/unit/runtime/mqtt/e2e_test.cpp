// End to end on the mqtt transport: a soil base program and its mote program, every mote its own
// process, through a real mosquitto started for each test (test_broker.hpp). The programs come
// from EDGECUT_MQTT_BASE / EDGECUT_MQTT_MOTE / EDGECUT_MQTT_WRONG_MOTE (a mote program of another
// plan), with EDGECUT_MQTT_NETWORK (their NET) and EDGECUT_MQTT_EXPECTED_STDOUT; by default the
// soil goldens built by this directory (test/e2e runs samples/soil this way too).
#include <gtest/gtest.h>
#include <signal.h>

#include <array>
#include <cstdlib>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "edgecut/runtime/control.hpp"
#include "transport/mqtt/link.hpp"
#include "test_broker.hpp"

namespace edgecut::mqtt {
namespace {

using nlohmann::json;
using test::Process;
using test::TempDir;
using test::TestBroker;
using namespace std::chrono_literals;

// The soil network: motes 1 to 5.
constexpr NodeId kMotes[] = {1, 2, 3, 4, 5};

std::string setting(const char* variable, const char* fallback) {
  const char* value = std::getenv(variable);
  return value != nullptr && *value != '\0' ? value : fallback;
}

const std::string kBase = setting("EDGECUT_MQTT_BASE", EDGECUT_SOIL_BASE);
const std::string kMote = setting("EDGECUT_MQTT_MOTE", EDGECUT_SOIL_MOTE);
const std::string kWrongMote = setting("EDGECUT_MQTT_WRONG_MOTE", EDGECUT_SOIL_WRONG_MOTE);
// NET by default: the programs' name (the goldens' input.cpp).
const std::string kNetwork = setting("EDGECUT_MQTT_NETWORK", "input");
const std::string kExpectedStdout = test::readFile(setting("EDGECUT_MQTT_EXPECTED_STDOUT", EDGECUT_SOIL_EXPECTED_STDOUT));

// A program with periodic tasks runs them in wall-clock time on mqtt: EDGECUT_MQTT_TIME_SCALE
// compresses it for the test (the base's --time-scale).
std::vector<std::string> timeScale() {
  const char* scale = std::getenv("EDGECUT_MQTT_TIME_SCALE");
  if (scale == nullptr || *scale == '\0') return {};
  return {"--time-scale", scale};
}

struct Outcome {
  int status = -1;
  std::string out, err;
  Clock::duration took{};
};

Outcome runToEnd(std::vector<std::string> argv, const TempDir& dir, const std::string& name) {
  const auto start = Clock::now();
  Process process(std::move(argv), dir.file(name + ".out"), dir.file(name + ".err"));
  Outcome run;
  run.status = process.wait(60s).value_or(-1);
  run.took = Clock::now() - start;
  run.out = process.out();
  run.err = process.err();
  return run;
}

// The sim's trace grouped by mote, each mote's writes in order: what mqtt reports (motes share no
// clock, so that is the order it can know).
json groupedByMote(const json& writes) {
  std::vector<json> sorted(writes.begin(), writes.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const json& a, const json& b) { return a.at("node").get<int>() < b.at("node").get<int>(); });
  return json(sorted);
}

std::span<const std::uint8_t> bytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

class MqttSoil : public ::testing::Test {
 protected:
  // Starts mote programs for `motes` with `extra` options, and waits until the broker says they
  // are online.
  void startMotes(const std::string& moteProgram, std::vector<std::string> extra = {},
                  std::vector<NodeId> motes = {std::begin(kMotes), std::end(kMotes)}) {
    for (const NodeId node : motes) {
      std::vector<std::string> argv{moteProgram, "--transport", "mqtt", "--node", std::to_string(node),
                                    "--broker", broker_->address()};
      argv.insert(argv.end(), extra.begin(), extra.end());
      motes_[node] = std::make_unique<Process>(argv, dir_.file(fmt::format("mote{}.out", node)),
                                               dir_.file(fmt::format("mote{}.err", node)));
    }
    for (const NodeId node : motes) {
      ASSERT_TRUE(observer().waitForStatus(node, true, Clock::now() + 10s))
          << "mote " << node << " did not come online:\n"
          << motes_[node]->err();
    }
  }

  Outcome runBase(const std::string& name, std::vector<std::string> extra = {}, const std::string& base = kBase) {
    std::vector<std::string> argv{base, "--transport", "mqtt", "--broker", broker_->address(), "--report",
                                  dir_.file(name + ".json")};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return runToEnd(argv, dir_, name);
  }

  json report(const std::string& name) { return json::parse(test::readFile(dir_.file(name + ".json"))); }

  // A client of the test's own, to watch statuses and publish hostile payloads.
  Link& observer(const std::string& network = kNetwork) {
    if (!observer_) {
      Settings settings;
      settings.broker = parseBroker(broker_->address());
      settings.network = network;
      settings.connectTimeout = 5s;
      observer_ = std::make_unique<Link>(settings, 1000, std::vector<Channel>{});
    }
    return *observer_;
  }

  // The reference: the same base program on the sim.
  Outcome simRun() { return runToEnd({kBase, "--report", dir_.file("sim.json")}, dir_, "sim"); }

  TempDir dir_;
  std::unique_ptr<TestBroker> broker_ = std::make_unique<TestBroker>();
  std::map<NodeId, std::unique_ptr<Process>> motes_;
  std::unique_ptr<Link> observer_;
};

TEST_F(MqttSoil, SameOutputAndActuatorTraceAsTheSimAndHostilePayloadsAreCounted) {
  const Outcome sim = simRun();
  ASSERT_EQ(sim.status, 0) << sim.err;
  startMotes(kMote);

  // Garbage on every mote's topics first: each mote drops and counts it, the base adds it up.
  const std::vector<std::string> garbage{
      std::string(),                          // empty
      std::string("\x21\x01", 2),             // version 2
      std::string("\x14\x01\x00", 3),         // a CALL cut short
      std::string("\x12\x01\x00\x07\x1a", 5)  // a READ for node 7, on another mote's topic
  };
  std::uint64_t sent = 0;
  for (const NodeId node : kMotes) {
    for (const std::string& payload : garbage) {
      ASSERT_TRUE(observer().publishAndWait(node, Channel::in, bytes(payload), Clock::now() + 5s));
      ++sent;
    }
    ASSERT_TRUE(observer().publishAndWait(node, Channel::control, bytes("reboot"), Clock::now() + 5s));
    ++sent;
  }

  const Outcome mqtt = runBase("mqtt");
  ASSERT_EQ(mqtt.status, 0) << mqtt.err;
  EXPECT_EQ(mqtt.out, sim.out);
  EXPECT_EQ(mqtt.out, kExpectedStdout);
  const json simReport = json::parse(test::readFile(dir_.file("sim.json")));
  const json first = report("mqtt");
  EXPECT_EQ(first["actuator_writes"], groupedByMote(simReport["actuator_writes"]));
  EXPECT_EQ(first["actuator_writes"].size(), 5u);
  EXPECT_EQ(first["malformed_frames"], sent);
  // The base accounts what it sends and receives as the sim's medium does, and the motes measured
  // the operations the sim's host measures.
  EXPECT_EQ(first["energy"], simReport["energy"]);
  EXPECT_EQ(first["nodes"], simReport["nodes"]);
  EXPECT_EQ(first["messages"], simReport["messages"]);

  // The motes go on serving; a second run gets a trace of its own, not the first run's again (its
  // values differ: the motes' sensors went on from where the first run left them).
  const Outcome again = runBase("again");
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(report("again")["actuator_writes"].size(), 5u) << report("again")["actuator_writes"];
  EXPECT_EQ(report("again")["malformed_frames"], 0);

  // SIGTERM stops a mote program cleanly, and it says "offline" as it goes.
  for (const NodeId node : kMotes) motes_[node]->signal(SIGTERM);
  for (const NodeId node : kMotes) {
    EXPECT_EQ(motes_[node]->wait(10s), 0) << motes_[node]->err();
    // The status travels through the broker to the observer: wait for it rather than race it.
    EXPECT_TRUE(observer().waitForStatus(node, false, Clock::now() + 5s)) << "mote " << node;
  }
}

// Any program (EDGECUT_MQTT_MOTE_IDS lists its motes, e.g. "1,2,3"): the output, the energy and
// the traffic the sim gives. test/e2e runs samples/hives this way, whose motes call helpers on the
// base: their CALLs reach the base through the broker too.
TEST_F(MqttSoil, AnyProgramPrintsAndSpendsWhatTheSimDoes) {
  const char* ids = std::getenv("EDGECUT_MQTT_MOTE_IDS");
  if (ids == nullptr || *ids == '\0') GTEST_SKIP() << "EDGECUT_MQTT_MOTE_IDS names no motes";
  std::vector<NodeId> motes;
  std::stringstream list(ids);
  for (std::string id; std::getline(list, id, ',');) motes.push_back(static_cast<NodeId>(std::stoul(id)));
  const Outcome sim = simRun();
  ASSERT_EQ(sim.status, 0) << sim.err;
  startMotes(kMote, {}, motes);
  const Outcome mqtt = runBase("mqtt", timeScale());
  ASSERT_EQ(mqtt.status, 0) << mqtt.err;
  EXPECT_EQ(mqtt.out, sim.out);
  EXPECT_EQ(mqtt.out, kExpectedStdout);
  const json simReport = report("sim");
  const json run = report("mqtt");
  EXPECT_EQ(run["energy"], simReport["energy"]);
  EXPECT_EQ(run["nodes"], simReport["nodes"]);
  EXPECT_EQ(run["messages"], simReport["messages"]);
  EXPECT_EQ(run["task_runs"], simReport["task_runs"]);
  EXPECT_EQ(run["network_time_ms"], simReport["network_time_ms"]);
  for (const NodeId node : motes) motes_[node]->signal(SIGTERM);
  for (const NodeId node : motes) EXPECT_EQ(motes_[node]->wait(10s), 0) << motes_[node]->err();
}

// Any program with the network key in EDGECUT_MQTT_KEY_FILE (test/e2e runs every sample's keyed
// plan this way, and the periodic tasks' program), its motes read from --print-network: every frame
// and control message through the broker is authenticated. It prints, drives and runs what the sim
// does without a key; a forget and a RUN_TASK without a tag on each mote's topic are counted as
// forged, and erase and run nothing.
TEST_F(MqttSoil, AnyProgramRunsKeyedAndPrintsAndDrivesWhatTheSimDoesWithoutAKey) {
  const char* key = std::getenv("EDGECUT_MQTT_KEY_FILE");
  if (key == nullptr || *key == '\0') GTEST_SKIP() << "EDGECUT_MQTT_KEY_FILE names no key file";
  const Outcome sim = simRun();
  ASSERT_EQ(sim.status, 0) << sim.err;
  const json network = json::parse(runToEnd({kBase, "--print-network"}, dir_, "network").out);
  std::vector<NodeId> motes;
  for (const json& mote : network["motes"]) motes.push_back(mote["id"].get<NodeId>());
  startMotes(kMote, {"--key-file", key}, motes);
  for (const NodeId node : motes) {
    ASSERT_TRUE(observer().publishAndWait(node, Channel::control, bytes(R"({"run": 1, "forget": 1})"),
                                          Clock::now() + 5s));
    wire::Control runTask;
    runTask.kind = wire::ControlKind::runTask;
    runTask.seq = ~0ull;  // above whatever the mote took
    runTask.mote = node;
    std::array<std::uint8_t, wire::kMaxControlBytes> buffer;
    wire::Writer out(buffer);
    wire::encodeControl(out, runTask);
    ASSERT_TRUE(observer().publishAndWait(node, Channel::control, out.written(), Clock::now() + 5s));
  }
  std::vector<std::string> keyedArguments = timeScale();
  keyedArguments.insert(keyedArguments.end(), {"--key-file", key});
  const Outcome run = runBase("keyed", keyedArguments);
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(run.out, sim.out);
  EXPECT_EQ(run.out, kExpectedStdout);
  const json keyed = report("keyed");
  EXPECT_EQ(keyed["actuator_writes"], groupedByMote(report("sim")["actuator_writes"]));
  EXPECT_EQ(keyed["malformed_frames"], 0);
  EXPECT_EQ(keyed["rejected_frames"], json({{"forged", 2 * motes.size()}, {"replayed", 0}, {"unsolicited", 0}}));
  EXPECT_EQ(keyed["task_runs"], report("sim")["task_runs"]);
  for (const NodeId node : motes) motes_[node]->signal(SIGTERM);
  for (const NodeId node : motes) EXPECT_EQ(motes_[node]->wait(10s), 0) << motes_[node]->err();
}

// Every sensor-source form, a bare number too (../sensor_sources/README.md), from --network FILE on
// every node: the mote programs read it with the same reader as the sim and the compiler.
TEST_F(MqttSoil, EverySensorSourceFormOfANetworkFileRunsAsOnTheSim) {
  const std::string network = EDGECUT_SENSOR_SOURCES "/network.json";
  const Outcome sim = runToEnd({EDGECUT_SOIL_BASE, "--network", network}, dir_, "sources_sim");
  ASSERT_EQ(sim.status, 0) << sim.err;
  EXPECT_EQ(sim.out, test::readFile(EDGECUT_SENSOR_SOURCES "/expected_stdout.txt"));
  observer("input");  // the soil goldens' NET
  startMotes(EDGECUT_SOIL_MOTE, {"--network", network});
  const Outcome run = runBase("sources", {"--network", network}, EDGECUT_SOIL_BASE);
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(run.out, sim.out);
  for (const NodeId node : kMotes) motes_[node]->signal(SIGTERM);
  for (const NodeId node : kMotes) EXPECT_EQ(motes_[node]->wait(10s), 0) << motes_[node]->err();
}

TEST_F(MqttSoil, AKilledMoteIsOfflineByItsLastWillAndTheBaseTimesOutNamingIt) {
  startMotes(kMote);
  motes_[3]->signal(SIGKILL);
  // Nobody said "offline" for mote 3: the broker did, with the last will, as the connection died.
  EXPECT_TRUE(observer().waitForStatus(3, false, Clock::now() + 5s));
  EXPECT_EQ(observer().online(2), true);

  const Outcome run = runBase("killed", {"--timeout-ms", "1000"});
  EXPECT_EQ(run.status, 1);
  // Sends at 0, 100, 300 and 700 ms (--retries and --retry-ms by default); the next would be late.
  EXPECT_NE(run.err.find("edgecut: error: mote 3 did not answer "), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(" within 1000 ms (the HELLO before it was sent 4 times); the broker reports mote 3 offline "
                         "(its last will, or its goodbye): start it again, with --transport mqtt --node 3\n"),
            std::string::npos)
      << run.err;
  EXPECT_LT(run.took, 5s);
  EXPECT_EQ(run.out, "mote 1: moisture 24%, valve open\nmote 2: moisture 40%, valve closed\n");
  // The report keeps what the live motes sent, and marks mote 3 lost.
  EXPECT_NE(run.err.find("edgecut: error: the broker reports mote 3 offline: its stats are lost\n"), std::string::npos)
      << run.err;
  const json killed = report("killed");
  EXPECT_EQ(killed["actuator_writes"], json::parse(R"([{"node": 1, "actuator": "valve", "value": 1},
                                                      {"node": 2, "actuator": "valve", "value": 0}])"));
  for (const json& node : killed["nodes"]) EXPECT_EQ(node["lost"], node["id"] == 3) << node.dump();
  EXPECT_TRUE(killed["operations"].is_null());
}

TEST_F(MqttSoil, MotesReconnectAfterTheBrokerRestarts) {
  startMotes(kMote);
  observer_.reset();
  broker_->stop();
  std::this_thread::sleep_for(500ms);
  broker_->start();
  // The broker kept nothing (persistence is off): the motes came back and said "online" again.
  for (const NodeId node : kMotes) {
    ASSERT_TRUE(observer().waitForStatus(node, true, Clock::now() + 10s)) << motes_[node]->err();
    // A mote program's stderr passes through its output labelling's thread (runtime/README.md, "Mote
    // output"), which may write the line a moment after the mote said "online".
    const std::string reconnected = fmt::format("edgecut: node {}: reconnected to the MQTT broker {} (network {})",
                                                node, broker_->address(), kNetwork);
    for (const auto until = Clock::now() + 5s;
         motes_[node]->err().find(reconnected) == std::string::npos && Clock::now() < until;) {
      std::this_thread::sleep_for(10ms);
    }
    EXPECT_NE(motes_[node]->err().find(reconnected), std::string::npos) << motes_[node]->err();
  }
  const Outcome run = runBase("after_restart");
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(run.out, kExpectedStdout);
}

TEST_F(MqttSoil, AMoteOfAnotherPlanIsRefusedAtHello) {
  startMotes(kWrongMote);
  const Outcome sim = simRun();
  const std::string fingerprint = json::parse(test::readFile(dir_.file("sim.json")))["fingerprint"];
  const Outcome run = runBase("refused");
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.err.find("edgecut: error: mote 1 refused the base's HELLO"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(fingerprint), std::string::npos) << run.err;
  EXPECT_EQ(run.out, "");
}

TEST_F(MqttSoil, NoBrokerIsAClearErrorWithinTheDeadline) {
  const std::string nowhere = fmt::format("127.0.0.1:{}", test::freePort());
  const Outcome base = runToEnd({kBase, "--transport", "mqtt", "--broker", nowhere, "--timeout-ms", "1000"}, dir_, "nobroker");
  EXPECT_EQ(base.status, 1);
  EXPECT_EQ(base.err, "edgecut: error: cannot connect to the MQTT broker " + nowhere +
                          " within 1000 ms (Connection refused); start a broker there, or name another with "
                          "--broker HOST:PORT\n");
  EXPECT_LT(base.took, 4s);
  const Outcome mote = runToEnd({kMote, "--transport", "mqtt", "--node", "1", "--broker", nowhere}, dir_, "nobroker_mote");
  EXPECT_EQ(mote.status, 1);
  EXPECT_EQ(mote.err, kMote + ": error: cannot connect to the MQTT broker " + nowhere +
                          " within 5000 ms (Connection refused); start a broker there, or name another with "
                          "--broker HOST:PORT\n");
  EXPECT_LT(mote.took, 8s);
}

TEST_F(MqttSoil, OptionsAreCheckedWithExactMessages) {
  auto usage = [&](std::vector<std::string> argv) {
    const Outcome run = runToEnd(std::move(argv), dir_, "usage");
    EXPECT_EQ(run.status, 2) << run.err;
    return run.err.substr(0, run.err.find('\n'));
  };
  EXPECT_EQ(usage({kBase, "--broker", broker_->address()}), "edgecut: error: --broker is for --transport mqtt");
  EXPECT_EQ(usage({kBase, "--transport", "mqtt", "--broker", "localhost:99999"}),
            "edgecut: error: the broker port \"99999\" is not a number from 1 to 65535");
  EXPECT_EQ(usage({kBase, "--transport", "mqtt", "--mqtt-network", "a/b"}),
            "edgecut: error: the MQTT network name \"a/b\" contains '/'; use letters, digits, '.', '_' and '-'");
  EXPECT_EQ(usage({kBase, "--transport", "mqtt", "--psk-identity", "base"}),
            "edgecut: error: --psk-identity needs --psk-file FILE, the file with the key");
  EXPECT_EQ(usage({kMote, "--transport", "mqtt", "--broker", broker_->address()}),
            kMote + ": error: the mqtt transport needs --node ID: the mote this process is");
  EXPECT_EQ(usage({kMote, "--transport", "udp", "--node", "1", "--psk-file", "key"}),
            kMote + ": error: --psk-file is for --transport mqtt");
  // Network time (docs/design.md §9) is the wall clock on the transports of real nodes, which
  // --time-scale compresses.
  EXPECT_EQ(usage({kBase, "--time-scale", "10"}),
            "edgecut: error: --time-scale is for transports whose network time is the wall clock (--transport udp, "
            "--transport mqtt, --transport serial, --transport qemu); the sim transport simulates it");
  EXPECT_EQ(usage({kBase, "--transport", "mqtt", "--time-scale", "0"}),
            "edgecut: error: --time-scale needs a whole number from 1 to 1000000000, not \"0\"");
}

// The hand-written cluster programs (cluster_e2e/), on the same fixture.
class MqttCluster : public MqttSoil {};

// A cluster head reads its members' sensors: mote-to-mote frames go through the broker.
TEST_F(MqttCluster, MembersAreReadThroughTheBroker) {
  const Outcome sim = runToEnd({EDGECUT_CLUSTER_BASE, "--report", dir_.file("cluster_sim.json")}, dir_, "cluster_sim");
  ASSERT_EQ(sim.status, 0) << sim.err;
  observer("rooms");  // the cluster programs' NET
  startMotes(EDGECUT_CLUSTER_MOTE, {}, {1, 2, 3, 4});
  const Outcome run = runBase("cluster", {}, EDGECUT_CLUSTER_BASE);
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(run.out, sim.out);
  EXPECT_EQ(run.out, test::readFile(EDGECUT_CLUSTER_EXPECTED_STDOUT));
  // The base's report has only what the base sent and received (the members' answers to the head
  // went straight through the broker), so fewer messages than the sim's medium relayed.
  const json simReport = json::parse(test::readFile(dir_.file("cluster_sim.json")));
  EXPECT_LT(report("cluster")["messages"], simReport["messages"]);
}

// ---- TLS-PSK to the broker ----

class MqttSoilPsk : public MqttSoil {
 protected:
  MqttSoilPsk() {
    broker_ = std::make_unique<TestBroker>("psk_hint edgecut\npsk_file @DIR@/psk\nuse_identity_as_username true\n",
                                           std::vector<std::pair<std::string, std::string>>{
                                               {"psk", "soil:00112233445566778899aabbccddeeff\n"}});
    test::writeFile(dir_.file("key"), "00112233445566778899aabbccddeeff\n");
    test::writeFile(dir_.file("wrong-key"), "0badc0de0badc0de0badc0de0badc0de\n");
  }
};

TEST_F(MqttSoilPsk, RunsWithTheRightKeyAndFailsClearlyWithAWrongOne) {
  // The observer must use TLS-PSK too.
  Settings settings;
  settings.broker = parseBroker(broker_->address());
  settings.network = kNetwork;
  settings.psk = Psk{"soil", readPskKeyFile(dir_.file("key"))};
  observer_ = std::make_unique<Link>(settings, 1000, std::vector<Channel>{});
  startMotes(kMote, {"--psk-identity", "soil", "--psk-file", dir_.file("key")});

  const Outcome run = runBase("psk", {"--psk-identity", "soil", "--psk-file", dir_.file("key")});
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(run.out, kExpectedStdout);

  const Outcome wrong = runBase("psk_wrong", {"--psk-identity", "soil", "--psk-file", dir_.file("wrong-key"),
                                          "--timeout-ms", "1000"});
  EXPECT_EQ(wrong.status, 1);
  EXPECT_TRUE(wrong.err.starts_with("edgecut: error: cannot connect to the MQTT broker " + broker_->address() +
                                    " within 1000 ms ("))
      << wrong.err;
  EXPECT_TRUE(wrong.err.ends_with("); the TLS-PSK handshake failed: check --psk-identity and the key in --psk-file "
                                  "against the broker's psk_file\n"))
      << wrong.err;
  EXPECT_EQ(wrong.out, "");

  const Outcome plain = runBase("psk_none", {"--timeout-ms", "1000"});
  EXPECT_EQ(plain.status, 1);
  EXPECT_NE(plain.err.find("if its listener uses TLS-PSK, give --psk-identity ID and --psk-file FILE"),
            std::string::npos)
      << plain.err;
}

}  // namespace
}  // namespace edgecut::mqtt
