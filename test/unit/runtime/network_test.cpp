// The network model: parsing, validation and which motes fit a mote class.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "edgecut/runtime/sim/network.hpp"

namespace edgecut::sim {
namespace {

std::string soilNetwork() {
  std::ifstream in(EDGECUT_SOURCE_DIR "/samples/soil/plans/network.json");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

constexpr const char* kSoilSensors[] = {"moisture"};
constexpr const char* kSoilActuators[] = {"valve"};
constexpr MoteClassInfo kSoil{"Soil", kSoilSensors, kSoilActuators};

TEST(Network, ParsesTheSoilSample) {
  const Network network = Network::parse(soilNetwork());
  ASSERT_EQ(network.motes().size(), 5u);
  EXPECT_EQ(network.basePosition().x, 0);
  const MoteSpec* four = network.mote(4);
  ASSERT_NE(four, nullptr);
  EXPECT_EQ(four->moteClass, "Soil");
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

TEST(Network, RejectsInvalidNetworksWithAReason) {
  auto error = [](const char* json) -> std::string {
    try {
      Network::parse(json);
    } catch (const NetworkError& e) {
      return e.what();
    }
    return "accepted";
  };
  EXPECT_EQ(error("{"), "network: not valid JSON");
  EXPECT_EQ(error("[]"), "network: must be a JSON object");
  EXPECT_EQ(error(R"({"motes": [{"id": 0, "position": [0, 0]}]})"),
            "network: motes[0].id must not be 0, which is the base");
  EXPECT_EQ(error(R"({"motes": [{"id": 1, "position": [0, 0]}, {"id": 1, "position": [1, 1]}]})"),
            "network: two motes have id 1");
  EXPECT_EQ(error(R"({"motes": [{"id": 1, "position": [0]}]})"),
            "network: mote 1: \"position\" must be [x, y] or [x, y, z], not [0]");
  EXPECT_EQ(error(R"({"motes": [{"id": 1}]})"), "network: mote 1 has no \"position\"");
  EXPECT_EQ(error(R"({"motes": [{"id": -1, "position": [0, 0]}]})"),
            "network: motes[0].id must be a node id (an unsigned 32-bit integer), not -1");
  EXPECT_EQ(error(R"({"motes": [{"id": 1, "position": [0, 0]}], "routes": {"1": 7}})"),
            "network: routes: mote 1 routes to 7, which does not exist");
  EXPECT_EQ(error(R"({"motes": [{"id": 1, "position": [0, 0]}], "routes": {"1": 1}})"),
            "network: routes: mote 1 routes to itself");
  EXPECT_EQ(error(R"({"motes": [{"id": 1, "position": [0, 0]}, {"id": 2, "position": [0, 0]}],
                      "routes": {"1": 2, "2": 1}})"),
            "network: routes: the route from mote 1 loops");
  EXPECT_EQ(error(R"({"motes": [{"id": 1, "position": [0, 0]}], "routes": {"x": 0}})"),
            "network: routes: \"x\" is not a mote id");
  EXPECT_EQ(error(R"({"motes": [{"id": 1, "position": [0, 0]}], "clusters": [{"members": [1, 5], "head": 1}]})"),
            "network: clusters[0] names mote 5, which does not exist");
  EXPECT_EQ(error(R"({"motes": [{"id": 1, "position": [0, 0], "address": "10.0.0.7"}]})"),
            "network: mote 1: \"address\" must be \"host:port\" with a port 1..65535, such as \"10.0.0.7:47001\" "
            "or \"[::1]:47001\", not \"10.0.0.7\"");
  EXPECT_EQ(error(R"({"base": {"position": [0, 0], "address": "h:0"}, "motes": []})"),
            "network: base.address must be \"host:port\" with a port 1..65535, such as \"10.0.0.7:47001\" or "
            "\"[::1]:47001\", not \"h:0\"");
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
      "clusters": [{"members": [1, 2, 3]}, {"members": [1, 3], "head": 3}]})");
  ASSERT_EQ(network.clusters().size(), 2u);
  EXPECT_EQ(network.clusters()[0].head, 2u);
  EXPECT_EQ(network.clusters()[1].head, 3u) << "a head the network gives stays";
}

// --network FILE: a deployment's network must describe the motes the program was built for.
class LoadNetwork : public ::testing::Test {
 protected:
  std::string write(const std::string& text) {
    const std::string path = ::testing::TempDir() + "/network_" +
                             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".json";
    std::ofstream(path) << text;
    return path;
  }
  std::string error(const std::string& path) {
    try {
      loadNetwork(program_, path);
    } catch (const NetworkError& e) {
      return e.what();
    }
    return "accepted";
  }
  static constexpr const char* kBuilt = R"({"motes": [
      {"id": 1, "class": "Soil", "position": [0, 0], "sensors": {"moisture": {"constant": 1}}, "actuators": ["valve"]},
      {"id": 2, "class": "Soil", "position": [1, 1], "sensors": {"moisture": {"constant": 2}}, "actuators": ["valve"]}]})";
  ProgramInfo program_{.fingerprint = 1, .programFile = "soil.cpp", .planFile = "onmote.json", .networkJson = kBuilt};
};

TEST_F(LoadNetwork, WithoutAFileItIsTheBuiltInOne) {
  EXPECT_EQ(loadNetwork(program_, std::nullopt).motes().size(), 2u);
}

TEST_F(LoadNetwork, AddressesPositionsAndSourcesMayChange) {
  const Network network = loadNetwork(program_, write(R"({"base": {"position": [5, 5], "address": "10.0.0.1:47000"},
      "motes": [
      {"id": 2, "class": "Soil", "position": [9, 9], "sensors": {"moisture": {"values": [3, 4]}}, "actuators": ["valve"],
       "address": "10.0.0.2:47002"},
      {"id": 1, "class": "Soil", "position": [0, 0], "sensors": {"moisture": {"constant": 1}}, "actuators": ["valve"],
       "address": "10.0.0.3:47001"}]})"));
  EXPECT_EQ(network.address(0), "10.0.0.1:47000");
  EXPECT_EQ(network.address(2), "10.0.0.2:47002");
  EXPECT_EQ(network.position(2).x, 9);
}

TEST_F(LoadNetwork, OtherMotesAreRefusedNamingTheDifference) {
  const std::string moreMotes = write(R"({"motes": [
      {"id": 1, "class": "Soil", "position": [0, 0], "sensors": {"moisture": {}}, "actuators": ["valve"]},
      {"id": 2, "class": "Soil", "position": [0, 0], "sensors": {"moisture": {}}, "actuators": ["valve"]},
      {"id": 3, "class": "Soil", "position": [0, 0], "sensors": {"moisture": {}}, "actuators": ["valve"]}]})");
  EXPECT_EQ(error(moreMotes),
            moreMotes + ": this network describes other motes than the one soil.cpp was built with (plan "
                        "onmote.json): it has a mote 3, which the program was not built with; a deployment's network "
                        "may change positions, addresses, clusters and routes, not motes");
  const std::string otherActuators = write(R"({"motes": [
      {"id": 1, "class": "Soil", "position": [0, 0], "sensors": {"moisture": {}}, "actuators": ["pump"]},
      {"id": 2, "class": "Soil", "position": [0, 0], "sensors": {"moisture": {}}, "actuators": ["valve"]}]})");
  EXPECT_NE(error(otherActuators).find(": mote 1 has actuators [pump] there, [valve] in the build;"),
            std::string::npos)
      << error(otherActuators);
  const std::string missing = write(R"({"motes": [
      {"id": 2, "class": "Soil", "position": [0, 0], "sensors": {"moisture": {}}, "actuators": ["valve"]}]})");
  EXPECT_NE(error(missing).find(": it has no mote 1, which the program was built with;"), std::string::npos)
      << error(missing);
  const std::string invalid = write(R"({"motes": [{"id": 1, "position": [0, 0], "address": 7}]})");
  EXPECT_EQ(error(invalid), invalid + ": network: mote 1: \"address\" must be \"host:port\" with a port 1..65535, "
                                      "such as \"10.0.0.7:47001\" or \"[::1]:47001\", not 7");
  EXPECT_EQ(error("/nonexistent/network.json"),
            "/nonexistent/network.json: cannot read the network file: No such file or directory");
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

}  // namespace
}  // namespace edgecut::sim
