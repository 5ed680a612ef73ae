// The network model: reading (through the one network reader), which motes fit a mote class, the
// glue's form, and --network FILE with its errors.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "edgecut/runtime/per_node.hpp"
#include "edgecut/runtime/sim/network.hpp"
#include "edgecut/runtime/sim/sensors.hpp"
#include "glue_network.hpp"

namespace edgecut::sim {
namespace {
namespace network_test_cpp {

std::string soilNetwork() {
  std::ifstream in(EDGECUT_SOURCE_DIR "/samples/soil/plans/network.json");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

constexpr const char* kSoilSensors[] = {"moisture"};
constexpr const char* kSoilActuators[] = {"valve"};
constexpr MoteClassInfo kSoil{"Soil", kSoilSensors, kSoilActuators};

// The diagnostics a network is rejected with, or "accepted".
std::string errors(std::string_view json) {
  try {
    Network::parse(json);
  } catch (const InvalidNetwork& e) {
    return e.what();
  }
  return "accepted";
}

TEST(Network, ParsesTheSoilSample) {
  const Network network = Network::parse(soilNetwork());
  ASSERT_EQ(network.motes().size(), 5u);
  EXPECT_EQ(network.basePosition().x, 0);
  const MoteSpec* four = network.mote(4);
  ASSERT_NE(four, nullptr);
  EXPECT_EQ(four->className, "Soil");
  EXPECT_EQ(four->position.x, 9);
  EXPECT_EQ(four->position.y, 12);
  EXPECT_TRUE(four->hasSensor("moisture"));
  EXPECT_TRUE(four->hasActuator("valve"));
  EXPECT_FALSE(four->hasSensor("valve"));
  EXPECT_EQ(network.mote(0), nullptr) << "the base is no mote";
  EXPECT_TRUE(network.hasNode(0));
  EXPECT_FALSE(network.hasNode(6));
  EXPECT_EQ(squaredDistance(network.position(0), network.position(5)), 841.0);
  double sum = 0;
  for (const MoteSpec& m : network.motes()) sum += squaredDistance(network.basePosition(), m.position);
  EXPECT_EQ(sum, 1335.0) << "the Σd² the e2e energy expectations rest on";
}

TEST(Network, ListsMotesInIdOrderAndReadsEveryField) {
  const Network network = Network::parse(R"({
    "base": {"position": [1, 2, 3]},
    "motes": [
      {"id": 9, "class": "T", "position": [0, 0], "path": "/floors/3"},
      {"id": 2, "position": [1, 1, 1], "sensors": {"t": {"constant": 1}}, "actuators": ["led"]}
    ],
    "clusters": [{"name": "room", "members": [2, 9], "head": 9}],
    "routes": {"2": 9}
  })");
  ASSERT_EQ(network.motes().size(), 2u);
  EXPECT_EQ(network.motes()[0].id, 2u);
  EXPECT_EQ(network.motes()[1].path, "/floors/3");
  EXPECT_EQ(network.basePosition().z, 3);
  EXPECT_EQ(network.position(2).z, 1);
  ASSERT_EQ(network.clusters().size(), 1u);
  EXPECT_EQ(network.clusters()[0].head, 9u);
  EXPECT_EQ(network.route(2), std::optional<NodeId>(9));
  EXPECT_EQ(network.route(9), std::nullopt);
}

TEST(Network, AMoteFitsIfItHasEverySensorAndActuatorOfTheClass) {
  const Network network = Network::parse(R"({"motes": [
    {"id": 1, "position": [0, 0], "sensors": {"moisture": {"constant": 1}}, "actuators": ["valve"]},
    {"id": 2, "position": [0, 0], "sensors": {"moisture": {"constant": 1}}},
    {"id": 3, "position": [0, 0], "actuators": ["valve"]},
    {"id": 4, "position": [0, 0], "sensors": {"moisture": {"constant": 1}, "light": {"constant": 2}},
     "actuators": ["valve", "led"]}
  ]})");
  EXPECT_EQ(network.fitting(kSoil), (std::vector<NodeId>{1, 4}));
  constexpr MoteClassInfo kAnything{"Anything", {}, {}};
  EXPECT_EQ(network.fitting(kAnything).size(), 4u);
}

// The same checks and words as a plan's network (plan_test.cpp has the whole catalogue).
TEST(Network, RejectsInvalidNetworksAtFileLineColumn) {
  EXPECT_EQ(errors("{"), "network.json:1:2: error: expected a string key in double quotes\n"
                         "{\n"
                         " ^\n"
                         "network.json:1:1: note: to match this '{'\n"
                         "{\n"
                         "^\n"
                         "1 error generated.\n");
  EXPECT_EQ(errors("[]"), "network.json:1:1: error: a network file must hold a JSON object with \"motes\", not an "
                          "array\n"
                          "[]\n"
                          "^\n"
                          "1 error generated.\n");
  EXPECT_EQ(errors(R"({"motes": [{"id": 0, "position": [0, 0]}, {"id": 1, "position": [0, 0], "adress": "h:1"}],
 "routes": {"1": 1}})"),
            "network.json:1:19: error: mote 'id' must be a positive integer; 0 is the base station\n"
            "{\"motes\": [{\"id\": 0, \"position\": [0, 0]}, {\"id\": 1, \"position\": [0, 0], \"adress\": \"h:1\"}],\n"
            "                  ^\n"
            "network.json:1:73: error: unknown key 'adress' in mote 1; did you mean 'address'?\n"
            "{\"motes\": [{\"id\": 0, \"position\": [0, 0]}, {\"id\": 1, \"position\": [0, 0], \"adress\": \"h:1\"}],\n"
            "                                                                        ^\n"
            "network.json:2:13: error: routes form a cycle: 1 -> 1; every route must lead to the base (0)\n"
            " \"routes\": {\"1\": 1}}\n"
            "            ^\n"
            "3 errors generated.\n");
  EXPECT_EQ(errors(R"({"motes": [{"id": 1, "position": [0, 0], "address": "10.0.0.7"}]})"),
            "network.json:1:53: error: 'address' must be \"host:port\" with a port from 1 to 65535, such as "
            "\"10.0.0.7:5683\", not \"10.0.0.7\"; write an IPv6 host in brackets, e.g. \"[::1]:5683\"\n"
            "{\"motes\": [{\"id\": 1, \"position\": [0, 0], \"address\": \"10.0.0.7\"}]}\n"
            "                                                    ^\n"
            "1 error generated.\n");
}

// Motes' errors are grouped by their words (network/per_mote.hpp); a file's own text is never
// taken for one of those words.
TEST(Network, AFilesTextIsNeverReadAsAWordOfTheMessage) {
  EXPECT_EQ(errors(R"({"motes": [{"id": 1, "position": [0, 0], "{mote}s": 1}, {"id": 2, "position": [0, 0],
 "{mote}s": 1}]})"),
            "network.json:1:42: error: unknown key '{mote}s' in motes 1, 2; expected 'id', 'class', 'position', "
            "'path', 'sensors', 'actuators' or 'address'\n"
            "{\"motes\": [{\"id\": 1, \"position\": [0, 0], \"{mote}s\": 1}, {\"id\": 2, \"position\": [0, 0],\n"
            "                                         ^\n"
            "1 error generated.\n");
}

TEST(Network, ReadsAddresses) {
  const Network network = Network::parse(R"({"base": {"position": [0, 0], "address": "127.0.0.1:47000"},
      "motes": [{"id": 1, "position": [0, 0], "address": "[::1]:47001"}, {"id": 2, "position": [1, 1]}]})");
  EXPECT_EQ(network.baseAddress(), "127.0.0.1:47000");
  EXPECT_EQ(network.address(0), "127.0.0.1:47000");
  EXPECT_EQ(network.address(1), "[::1]:47001");
  EXPECT_EQ(network.address(2), "") << "no address: fine for the sim";
  EXPECT_EQ(network.address(9), "") << "no such node";
}

TEST(Network, AClusterWithoutAHeadGetsOneByTheSharedRule) {
  // Base at (0, 0); members 1 (10, 0), 2 (11, 0), 3 (30, 0). Costs: 1: 100 + 1 + 400 = 501,
  // 2: 121 + 1 + 361 = 483, 3: 900 + 400 + 361 = 1661. Mote 2 is the head.
  const Network network = Network::parse(R"({"base": {"position": [0, 0]}, "motes": [
      {"id": 1, "position": [10, 0]}, {"id": 2, "position": [11, 0]}, {"id": 3, "position": [30, 0]}],
      "clusters": [{"name": "all", "members": [1, 2, 3]}, {"name": "ends", "members": [1, 3], "head": 3}]})");
  ASSERT_EQ(network.clusters().size(), 2u);
  EXPECT_EQ(network.clusters()[0].head, 2u);
  EXPECT_EQ(network.clusters()[1].head, 3u) << "a head the network gives stays";
  diag::DiagnosticSink diagnostics;
  const std::optional<network::Network> read = network::parseNetworkFile("network.json", R"({"motes": [
      {"id": 1, "position": [10, 0]}, {"id": 2, "position": [11, 0]}, {"id": 3, "position": [30, 0]}],
      "clusters": [{"name": "all", "members": [1, 2, 3]}]})", diagnostics);
  ASSERT_TRUE(read) << diagnostics.render();
  EXPECT_EQ(read->json["clusters"][0]["head"], 2) << "the normalised network says which";
}

// What the programs carry (edgecut_network.cbor) reads back as the same network, through the
// same checks.
TEST(Network, TheGluesFormReadsBack) {
  diag::DiagnosticSink diagnostics;
  std::optional<network::Network> read = network::parseNetworkFile(
      "network.json", R"({"motes": [{"id": 1, "position": [0, 0], "sensors": {"rain": 0}}]})", diagnostics);
  ASSERT_TRUE(read) << diagnostics.render();
  const std::string cbor = network::encodeForGlue(*read);
  std::optional<network::Network> back = network::decodeFromGlue(cbor, "the glue", diagnostics);
  ASSERT_TRUE(back) << diagnostics.render();
  EXPECT_EQ(back->json, read->json);
  EXPECT_EQ(back->json["motes"][0]["sensors"]["rain"], (nlohmann::json{{"constant", 0}}))
      << "a bare number is normalised";
  std::optional<network::Network> lean = network::decodeFromGlue(cbor, "the glue", diagnostics, false);
  ASSERT_TRUE(lean) << diagnostics.render();
  EXPECT_TRUE(lean->json.is_null()) << "a program has no use for the JSON";
  ASSERT_EQ(lean->motes.size(), 1u);
  EXPECT_EQ(lean->motes[0].sensors.at("rain").values->at(0), 0) << "but reads the same network";

  const ProgramInfo corrupt{.fingerprint = 1, .programFile = "soil.cpp", .planFile = "onmote.json",
                            .networkCbor = std::string_view(cbor).substr(0, cbor.size() - 3)};
  try {
    builtInNetwork(corrupt);
    ADD_FAILURE() << "a truncated network was accepted";
  } catch (const InvalidNetwork& e) {
    EXPECT_STREQ(e.what(), "edgecut: error: the network built into this program (the network of soil.cpp (plan "
                           "onmote.json)) is not valid CBOR; rebuild the program so that edgecut writes "
                           "edgecut_network.cbor again\n1 error generated.\n");
  }
}

// --network FILE: a deployment's network, read by the same reader, must describe the motes the
// program was built for.
class LoadNetwork : public ::testing::Test {
 protected:
  std::string write(const std::string& text, const std::string& suffix = "") {
    const std::string path = ::testing::TempDir() + "network_" +
                             ::testing::UnitTest::GetInstance()->current_test_info()->name() + suffix + ".json";
    std::ofstream(path) << text;
    return path;
  }
  std::string error(const std::string& path) {
    try {
      loadNetwork(program_, path);
    } catch (const InvalidNetwork& e) {
      return e.what();
    }
    return "accepted";
  }
  ProgramInfo program_{.fingerprint = 1, .programFile = "soil.cpp", .planFile = "onmote.json",
                       .networkCbor = test::glueNetwork(R"({"motes": [
      {"id": 1, "class": "Soil", "position": [0, 0], "sensors": {"moisture": {"constant": 1}},
       "actuators": ["valve"]},
      {"id": 2, "class": "Soil", "position": [1, 1], "sensors": {"moisture": {"constant": 2}},
       "actuators": ["valve"]}]})")};
};

TEST_F(LoadNetwork, WithoutAFileItIsTheBuiltInOne) {
  EXPECT_EQ(loadNetwork(program_, std::nullopt).motes().size(), 2u);
}

TEST_F(LoadNetwork, AddressesPositionsAndSourcesMayChange) {
  const Network network = loadNetwork(program_, write(R"({"base": {"position": [5, 5], "address": "10.0.0.1:47000"},
      "motes": [
      {"id": 2, "class": "Soil", "position": [9, 9], "sensors": {"moisture": {"values": [3, 4]}},
       "actuators": ["valve"], "address": "10.0.0.2:47002"},
      {"id": 1, "class": "Soil", "position": [0, 0], "sensors": {"moisture": {"constant": 1}}, "actuators": ["valve"],
       "address": "10.0.0.3:47001"}]})"));
  EXPECT_EQ(network.address(0), "10.0.0.1:47000");
  EXPECT_EQ(network.address(2), "10.0.0.2:47002");
  EXPECT_EQ(network.position(2).x, 9);
}

// --network FILE goes through the one file reader: a device or a FIFO is an error, never a hang,
// and so is a number out of its range.
TEST_F(LoadNetwork, ADeviceOrAFifoIsAnErrorNeverAHang) {
  EXPECT_EQ(error("/dev/zero"),
            "edgecut: error: network file '/dev/zero' is a character device, not a regular file; name a regular "
            "file\n1 error generated.\n");
  const std::string fifo = ::testing::TempDir() + "network_fifo.json";
  std::remove(fifo.c_str());
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(error(fifo), "edgecut: error: network file '" + fifo +
                             "' is a FIFO, not a regular file; name a regular file\n1 error generated.\n");
  std::remove(fifo.c_str());
  const std::string far = write(R"({"motes": [{"id": 1, "position": [1e200, 0]}]})");
  EXPECT_EQ(error(far), far + ":1:35: error: the x coordinate must be from -1000000 to 1000000, not 1e+200\n"
                              "{\"motes\": [{\"id\": 1, \"position\": [1e200, 0]}]}\n"
                              "                                  ^\n"
                              "1 error generated.\n");
}

// The user's bug: a bare number (README: "a number") is a sensor source under --network FILE too,
// as is every other documented form; a CSV trace is found relative to the network file.
TEST_F(LoadNetwork, AcceptsEverySensorSourceForm) {
  const std::string trace = write("time,moisture\n0,31\n1,33.5\n", "_trace");
  const std::string file = write(R"({"motes": [
      {"id": 1, "class": "Soil", "position": [0, 0], "sensors": {"moisture": 0}, "actuators": ["valve"]},
      {"id": 2, "class": "Soil", "position": [1, 1], "sensors": {"moisture": {"csv": {"file": ")" +
                                 trace.substr(trace.rfind('/') + 1) + R"("}}}, "actuators": ["valve"]}]})");
  const Network network = loadNetwork(program_, file);
  SensorSource bare(network.mote(1)->sensors.at("moisture"));
  EXPECT_EQ(bare.next(), 0);
  EXPECT_EQ(bare.next(), 0);
  SensorSource csv(network.mote(2)->sensors.at("moisture"));
  EXPECT_EQ(csv.next(), 31);
  EXPECT_EQ(csv.next(), 33.5);
  EXPECT_EQ(csv.next(), 31);
}

TEST_F(LoadNetwork, OtherMotesAreRefusedAtTheirPlaceInTheFile) {
  const std::string file = write(R"({"motes": [
  {"id": 1, "class": "Soil", "position": [0, 0], "sensors": {"moisture": 1}, "actuators": ["pump"]},
  {"id": 3, "class": "Soil", "position": [0, 0], "sensors": {"moisture": 1}, "actuators": ["valve"]}]})");
  EXPECT_EQ(error(file),
            file + ":2:3: error: mote 1 has actuators [pump] here but [valve] in the network soil.cpp was built with "
                   "(plan onmote.json)\n"
                   "  {\"id\": 1, \"class\": \"Soil\", \"position\": [0, 0], \"sensors\": {\"moisture\": 1}, "
                   "\"actuators\": [\"pump\"]},\n"
                   "  ^\n"
                   "edgecut: note: a deployment's network may change positions, addresses, sensor sources, clusters "
                   "and routes, not the motes (their ids, classes, sensors and actuators); the base program's "
                   "--print-network prints the network it was built with\n" +
                file + ":3:3: error: mote 3 is not in the network soil.cpp was built with (plan onmote.json); "
                       "remove it\n"
                       "  {\"id\": 3, \"class\": \"Soil\", \"position\": [0, 0], \"sensors\": {\"moisture\": 1}, "
                       "\"actuators\": [\"valve\"]}]}\n"
                       "  ^\n"
                       "edgecut: note: a deployment's network may change positions, addresses, sensor sources, "
                       "clusters and routes, not the motes (their ids, classes, sensors and actuators); the base "
                       "program's --print-network prints the network it was built with\n" +
                file + ":1:1: error: the network has no mote 2, which soil.cpp was built with (plan onmote.json); "
                       "add it\n"
                       "{\"motes\": [\n"
                       "^\n"
                       "edgecut: note: a deployment's network may change positions, addresses, sensor sources, "
                       "clusters and routes, not the motes (their ids, classes, sensors and actuators); the base "
                       "program's --print-network prints the network it was built with\n"
                       "3 errors generated.\n");
  const std::string invalid = write(R"({"motes": [{"id": 1, "position": [0, 0], "address": 7}]})", "_invalid");
  EXPECT_EQ(error(invalid), invalid + ":1:53: error: 'address' must be a string such as \"10.0.0.7:5683\", not a "
                                      "number\n"
                                      "{\"motes\": [{\"id\": 1, \"position\": [0, 0], \"address\": 7}]}\n"
                                      "                                                    ^\n"
                                      "1 error generated.\n");
  EXPECT_EQ(error("/nonexistent/network.json"),
            "edgecut: error: cannot open network file '/nonexistent/network.json': No such file or directory\n"
            "1 error generated.\n");
}

// The same mistake on a thousand motes is one error that lists them as ranges.
TEST_F(LoadNetwork, TheSameMistakeOnAThousandMotesIsOneError) {
  std::string built = R"({"motes": [)";
  std::string given = R"({"motes": [)";
  for (int id = 1; id <= 1000; ++id) {
    const std::string comma = id == 1 ? "\n" : ",\n";
    built += comma + R"({"id": )" + std::to_string(id) +
             R"(, "class": "Soil", "position": [0, 0], "sensors": {"moisture": 1, "voltage": 3}})";
    given += comma + R"({"id": )" + std::to_string(id) + R"(, "class": "Soil", "position": [0, 0], "sensors": )" +
             (id % 100 == 7 ? R"({"moisture": 1, "voltage": 3})" : R"({"moisture": 1})") + "}";
  }
  program_.networkCbor = test::glueNetwork(built + "]}");
  const std::string file = write(given + "]}");
  EXPECT_EQ(error(file),
            file + ":2:1: error: motes 1\u20136, 8\u2013106, 108\u2013206, 208\u2013306, 308\u2013406, 408\u2013506, "
                   "508\u2013606, 608\u2013706, 708\u2013806, 808\u2013906, 908\u20131000 have sensors [moisture] "
                   "here but [moisture, voltage] in the network soil.cpp was built with (plan onmote.json)\n"
                   "{\"id\": 1, \"class\": \"Soil\", \"position\": [0, 0], \"sensors\": {\"moisture\": 1}},\n"
                   "^\n"
                   "edgecut: note: a deployment's network may change positions, addresses, sensor sources, clusters "
                   "and routes, not the motes (their ids, classes, sensors and actuators); the base program's "
                   "--print-network prints the network it was built with\n"
                   "1 error generated.\n");

  std::string unplaced = R"({"motes": [)";
  for (int id = 1; id <= 1000; ++id)
    unplaced += (id == 1 ? "\n" : ",\n") + std::string(R"({"id": )") + std::to_string(id) +
                R"(, "class": "Soil", "sensors": {"moisture": 1, "voltage": 3}})";
  const std::string noPositions = write(unplaced + "]}", "_positions");
  EXPECT_EQ(error(noPositions), noPositions + ":2:1: error: motes 1\u20131000 have no 'position'; add "
                                              "\"position\": [x, y]\n"
                                              "{\"id\": 1, \"class\": \"Soil\", \"sensors\": {\"moisture\": 1, "
                                              "\"voltage\": 3}},\n"
                                              "^\n"
                                              "1 error generated.\n");
}

TEST(Network, FindsProgramTables) {
  constexpr NamedId kSensors[] = {{0xf3073b6fu, "moisture"}};
  constexpr MoteClassInfo kClasses[] = {kSoil};
  ProgramInfo program{};
  program.sensors = kSensors;
  program.moteClasses = kClasses;
  EXPECT_STREQ(nameOf(program.sensors, 0xf3073b6fu), "moisture");
  EXPECT_EQ(nameOf(program.sensors, 1), nullptr);
  EXPECT_EQ(findMoteClass(program, "Soil"), &kClasses[0]);
  EXPECT_EQ(findMoteClass(program, "Thermo"), nullptr);
}

// Network::slot numbers the base 0 and the motes 1 … N in id order, whether the ids are dense
// (read from a table) or sparse (searched); PerNode keeps values by it, and aside for ids that
// are no node of the network.
TEST(Network, SlotsNumberTheBaseAndTheMotesInIdOrder) {
  const Network dense = Network::parse(R"({"motes": [{"id": 3, "position": [0, 0]},
    {"id": 1, "position": [1, 0]}, {"id": 2, "position": [2, 0]}]})");
  const Network sparse = Network::parse(R"({"motes": [{"id": 4000000000, "position": [0, 0]},
    {"id": 5, "position": [1, 0]}, {"id": 70000, "position": [2, 0]}]})");
  EXPECT_EQ(dense.slot(Network::kBase), 0u);
  EXPECT_EQ(dense.slot(1), 1u);
  EXPECT_EQ(dense.slot(3), 3u);
  EXPECT_EQ(dense.slot(4), Network::kNoSlot);
  EXPECT_EQ(dense.slot(4000000000u), Network::kNoSlot);
  EXPECT_EQ(sparse.slot(5), 1u);
  EXPECT_EQ(sparse.slot(70000), 2u);
  EXPECT_EQ(sparse.slot(4000000000u), 3u);
  EXPECT_EQ(sparse.slot(6), Network::kNoSlot);
  EXPECT_EQ(sparse.mote(70000)->position.x, 2.0);
  EXPECT_EQ(sparse.positionAt(2).x, 2.0);

  PerNode<int> values(sparse);
  EXPECT_EQ(values.get(5), nullptr);
  values[5] = 1;
  values[6] = 2;  // no node of the network: kept aside
  values[Network::kBase] = 3;
  EXPECT_EQ(*values.get(5), 1);
  EXPECT_EQ(*values.get(6), 2);
  EXPECT_EQ(*values.get(Network::kBase), 3);
  EXPECT_FALSE(values.contains(70000));
  // Looked up by a slot found once, the same values.
  const NodeSlot five(sparse, 5), six(sparse, 6);
  EXPECT_EQ(five.slot, 1u);
  EXPECT_EQ(six.slot, Network::kNoSlot);
  EXPECT_EQ(values.get(five), values.get(5));
  EXPECT_EQ(values.get(six), values.get(6));
  values[five] = 4;
  values[six] = 5;
  EXPECT_EQ(*values.get(5), 4);
  EXPECT_EQ(*values.get(6), 5);
  EXPECT_FALSE(values.contains(NodeSlot(sparse, 70000)));
  values.erase(5);
  values.erase(6);
  EXPECT_FALSE(values.contains(5));
  EXPECT_FALSE(values.contains(6));
  EXPECT_FALSE(values.contains(five));
  EXPECT_FALSE(values.contains(six));
  EXPECT_EQ(values[5], 0) << "a value erased and made again starts afresh";
}

}  // namespace network_test_cpp
}  // namespace
}  // namespace edgecut::sim
