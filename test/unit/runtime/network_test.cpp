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
