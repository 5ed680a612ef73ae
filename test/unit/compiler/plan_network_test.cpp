// The placement plan parser: motes, sensors, clusters, routes and the network's own checks.
#include "plan_test_support.hpp"

namespace edgecut::compiler {
namespace {
namespace plan_network_test_cpp {

using namespace plan_test;

TEST(PlanMotes, Ids) {
  EXPECT_EQ(errors(withMotes("{\"id\": 1, \"position\": [0, 0]},\n"
                             "{\"id\": 0, \"position\": [0, 0]},\n"
                             "{\"id\": -3, \"position\": [0, 0]},\n"
                             "{\"id\": \"4\", \"position\": [0, 0]},\n"
                             "{\"id\": 2.5, \"position\": [0, 0]},\n"
                             "{\"id\": 4294967296, \"position\": [0, 0]},\n"
                             "{\"position\": [0, 0]},\n"
                             "{\"id\": 1, \"position\": [0, 0]}")),
            "plan.json:3:8: error: mote 'id' must be a positive integer; 0 is the base station\n"
            "{\"id\": 0, \"position\": [0, 0]},\n"
            "       ^\n"
            "plan.json:4:8: error: mote 'id' must be a positive integer, not -3\n"
            "{\"id\": -3, \"position\": [0, 0]},\n"
            "       ^\n"
            "plan.json:5:8: error: mote 'id' must be a positive integer, not a string\n"
            "{\"id\": \"4\", \"position\": [0, 0]},\n"
            "       ^\n"
            "plan.json:6:8: error: mote 'id' must be a positive integer, not 2.5\n"
            "{\"id\": 2.5, \"position\": [0, 0]},\n"
            "       ^\n"
            "plan.json:7:8: error: mote 'id' 4294967296 is too large; the largest mote id is 4294967295\n"
            "{\"id\": 4294967296, \"position\": [0, 0]},\n"
            "       ^\n"
            "plan.json:8:1: error: mote has no 'id'; add \"id\": N with a positive integer N\n"
            "{\"position\": [0, 0]},\n"
            "^\n"
            "plan.json:9:8: error: duplicate mote id 1; each mote needs its own id\n"
            "{\"id\": 1, \"position\": [0, 0]}\n"
            "       ^\n"
            "plan.json:2:8: note: mote 1 was first defined here\n"
            "{\"id\": 1, \"position\": [0, 0]},\n"
            "       ^\n"
            "7 errors generated.\n");
}

TEST(PlanMotes, FieldsAndUnknownKeys) {
  EXPECT_EQ(errors(withMotes("{\"id\": 1, \"position\": [0], \"path\": \"floors/3\", \"class\": 3,\n"
                             " \"actuators\": [\"led\", \"valve\", \"led\", \"two words\"], \"sensor\": {}},\n"
                             "{\"id\": 2, \"address\": 7},\n"
                             "{\"id\": 3, \"position\": [1, \"2\"]},\n"
                             "7")),
            "plan.json:3:53: error: unknown key 'sensor' in mote 1; did you mean 'sensors'?\n"
            " \"actuators\": [\"led\", \"valve\", \"led\", \"two words\"], \"sensor\": {}},\n"
            "                                                    ^\n"
            "plan.json:2:57: error: 'class' must be a string naming a [[mote]] class, not a number\n"
            "{\"id\": 1, \"position\": [0], \"path\": \"floors/3\", \"class\": 3,\n"
            "                                                        ^\n"
            "plan.json:2:23: error: 'position' must be an array of two or three numbers, [x, y] or [x, y, z], not an "
            "array of 1 element\n"
            "{\"id\": 1, \"position\": [0], \"path\": \"floors/3\", \"class\": 3,\n"
            "                      ^\n"
            "plan.json:2:36: error: 'path' must start with '/', e.g. \"/floors/3/312\"\n"
            "{\"id\": 1, \"position\": [0], \"path\": \"floors/3\", \"class\": 3,\n"
            "                                   ^\n"
            "plan.json:3:32: error: duplicate actuator 'led' in mote 1; list it once\n"
            " \"actuators\": [\"led\", \"valve\", \"led\", \"two words\"], \"sensor\": {}},\n"
            "                               ^\n"
            "plan.json:3:16: note: first listed here\n"
            " \"actuators\": [\"led\", \"valve\", \"led\", \"two words\"], \"sensor\": {}},\n"
            "               ^\n"
            "plan.json:3:39: error: actuator name 'two words' is not an identifier; it must match its setter, "
            "e.g. setLed() is 'led'\n"
            " \"actuators\": [\"led\", \"valve\", \"led\", \"two words\"], \"sensor\": {}},\n"
            "                                      ^\n"
            "plan.json:4:1: error: mote 2 has no 'position'; add \"position\": [x, y]\n"
            "{\"id\": 2, \"address\": 7},\n"
            "^\n"
            "plan.json:4:22: error: 'address' must be a string such as \"10.0.0.7:5683\", not a number\n"
            "{\"id\": 2, \"address\": 7},\n"
            "                     ^\n"
            "plan.json:5:27: error: the y coordinate must be a number, not a string\n"
            "{\"id\": 3, \"position\": [1, \"2\"]},\n"
            "                          ^\n"
            "plan.json:6:1: error: each mote must be an object such as {\"id\": 1, \"position\": [x, y]}, not a "
            "number\n"
            "7\n"
            "^\n"
            "10 errors generated.\n");
}

// ---- sensor sources -----------------------------------------------------------------------------

std::string sensorErrors(const std::string& sensors) {
  return errors(withMotes("{\"id\": 1, \"position\": [0, 0], \"sensors\": {\n" + sensors + "\n}}"));
}

TEST(PlanSensors, ExactlyOneKnownSource) {
  EXPECT_EQ(sensorErrors("\"a\": {},\n"
                         "\"b\": {\"constant\": 1, \"values\": [1]},\n"
                         "\"c\": {\"value\": [1]},\n"
                         "\"d\": \"high\",\n"
                         "\"e f\": 1"),
            "plan.json:3:6: error: sensor 'a' has no source; use {\"constant\": N}, {\"values\": [...]}, "
            "{\"random\": {\"min\": A, \"max\": B, \"seed\": S}} or {\"csv\": {\"file\": \"trace.csv\"}}\n"
            "\"a\": {},\n"
            "     ^\n"
            "plan.json:4:22: error: sensor 'b' has more than one source; keep only one of 'constant' and 'values'\n"
            "\"b\": {\"constant\": 1, \"values\": [1]},\n"
            "                     ^\n"
            "plan.json:4:7: note: first source given here\n"
            "\"b\": {\"constant\": 1, \"values\": [1]},\n"
            "      ^\n"
            "plan.json:5:7: error: unknown source 'value' for sensor 'c'; did you mean 'values'?\n"
            "\"c\": {\"value\": [1]},\n"
            "      ^\n"
            "plan.json:6:6: error: the source of sensor 'd' must be a number or one of {\"constant\": N}, "
            "{\"values\": [...]}, {\"random\": {\"min\": A, \"max\": B, \"seed\": S}} or {\"csv\": {\"file\": "
            "\"trace.csv\"}}, not a string\n"
            "\"d\": \"high\",\n"
            "     ^\n"
            "plan.json:7:1: error: sensor name 'e f' is not an identifier; it must match its getter, e.g. "
            "getTemperature() is 'temperature'\n"
            "\"e f\": 1\n"
            "^\n"
            "5 errors generated.\n");
}

TEST(PlanSensors, ConstantAndValues) {
  EXPECT_EQ(sensorErrors("\"a\": {\"constant\": \"1\"},\n"
                         "\"b\": {\"values\": []},\n"
                         "\"c\": {\"values\": [1, null, 3]},\n"
                         "\"d\": {\"values\": 4}"),
            "plan.json:3:19: error: 'constant' must be a number, not a string\n"
            "\"a\": {\"constant\": \"1\"},\n"
            "                  ^\n"
            "plan.json:4:17: error: 'values' of sensor 'b' is empty; give at least one number\n"
            "\"b\": {\"values\": []},\n"
            "                ^\n"
            "plan.json:5:21: error: 'values' must hold only numbers, not null\n"
            "\"c\": {\"values\": [1, null, 3]},\n"
            "                    ^\n"
            "plan.json:6:17: error: 'values' must be an array of numbers, not a number\n"
            "\"d\": {\"values\": 4}\n"
            "                ^\n"
            "4 errors generated.\n");
}

TEST(PlanSensors, Random) {
  EXPECT_EQ(sensorErrors("\"a\": {\"random\": {\"min\": 60, \"max\": 10, \"seed\": 3}},\n"
                         "\"b\": {\"random\": {\"min\": 1, \"max\": 2, \"seed\": -1}},\n"
                         "\"c\": {\"random\": {\"max\": 2, \"sed\": 1}},\n"
                         "\"d\": {\"random\": {\"min\": 1.5, \"max\": \"9\", \"seed\": 1}}"),
            "plan.json:3:25: error: 'min' (60) is greater than 'max' (10); swap them\n"
            "\"a\": {\"random\": {\"min\": 60, \"max\": 10, \"seed\": 3}},\n"
            "                        ^\n"
            "plan.json:4:46: error: 'seed' must be a whole number from 0 to 18446744073709551615, not -1\n"
            "\"b\": {\"random\": {\"min\": 1, \"max\": 2, \"seed\": -1}},\n"
            "                                             ^\n"
            "plan.json:5:28: error: unknown key 'sed' in 'random'; did you mean 'seed'?\n"
            "\"c\": {\"random\": {\"max\": 2, \"sed\": 1}},\n"
            "                           ^\n"
            "plan.json:5:17: error: 'random' needs 'min', e.g. {\"min\": 10, \"max\": 60, \"seed\": 1}\n"
            "\"c\": {\"random\": {\"max\": 2, \"sed\": 1}},\n"
            "                ^\n"
            "plan.json:6:25: error: 'min' must be an integer, not 1.5\n"
            "\"d\": {\"random\": {\"min\": 1.5, \"max\": \"9\", \"seed\": 1}}\n"
            "                        ^\n"
            "plan.json:6:37: error: 'max' must be an integer, not a string\n"
            "\"d\": {\"random\": {\"min\": 1.5, \"max\": \"9\", \"seed\": 1}}\n"
            "                                    ^\n"
            "6 errors generated.\n");
  Parsed parsed = parse(
      withMotes(R"({"id": 1, "position": [0, 0], "sensors": {"t": {"random": {"min": -5, "max": -5, "seed": 0}}}})"));
  ASSERT_TRUE(parsed.plan) << parsed.diagnostics;
  EXPECT_EQ(parsed.plan->network.motes[0].sensors.at("t").min, -5.0);
  EXPECT_EQ(parsed.plan->network.motes[0].sensors.at("t").seed, 0u);
}

// ---- clusters and routes ------------------------------------------------------------------------

TEST(PlanClusters, MembersAndHead) {
  const std::string motes = "{\"id\": 1, \"position\": [0, 0]}, {\"id\": 2, \"position\": [0, 0]}, "
                            "{\"id\": 3, \"position\": [0, 0]}";
  EXPECT_EQ(errors(withMotes(motes, ",\n\"clusters\": [\n"
                                    "{\"name\": \"a\", \"members\": [1, 9, 1], \"head\": 3},\n"
                                    "{\"name\": \"a\", \"members\": [], \"hed\": 1},\n"
                                    "{\"members\": [2], \"head\": 7}]")),
            "plan.json:5:30: error: cluster 'a' names mote 9, which is not in the network\n"
            "{\"name\": \"a\", \"members\": [1, 9, 1], \"head\": 3},\n"
            "                             ^\n"
            "plan.json:5:33: error: mote 1 is listed twice in cluster 'a'\n"
            "{\"name\": \"a\", \"members\": [1, 9, 1], \"head\": 3},\n"
            "                                ^\n"
            "plan.json:5:27: note: first listed here\n"
            "{\"name\": \"a\", \"members\": [1, 9, 1], \"head\": 3},\n"
            "                          ^\n"
            "plan.json:5:45: error: head 3 of cluster 'a' is not one of its members; add it to 'members' or "
            "choose a member\n"
            "{\"name\": \"a\", \"members\": [1, 9, 1], \"head\": 3},\n"
            "                                            ^\n"
            "plan.json:6:10: error: duplicate cluster name 'a'; each cluster needs its own name\n"
            "{\"name\": \"a\", \"members\": [], \"hed\": 1},\n"
            "         ^\n"
            "plan.json:5:10: note: 'a' was first defined here\n"
            "{\"name\": \"a\", \"members\": [1, 9, 1], \"head\": 3},\n"
            "         ^\n"
            "plan.json:6:30: error: unknown key 'hed' in cluster 'a'; did you mean 'head'?\n"
            "{\"name\": \"a\", \"members\": [], \"hed\": 1},\n"
            "                             ^\n"
            "plan.json:6:26: error: cluster 'a' has no members; list at least one mote id\n"
            "{\"name\": \"a\", \"members\": [], \"hed\": 1},\n"
            "                         ^\n"

            "plan.json:7:1: error: cluster has no 'name'; add \"name\": \"...\"\n"
            "{\"members\": [2], \"head\": 7}]}}\n"
            "^\n"
            "plan.json:7:26: error: head 7 of cluster is not a mote in the network\n"
            "{\"members\": [2], \"head\": 7}]}}\n"
            "                         ^\n"
            "8 errors generated.\n");
}

TEST(PlanClusters, AGivenHeadIsKept) {
  Parsed parsed = parse(withMotes("{\"id\": 1, \"position\": [0, 0]}, {\"id\": 2, \"position\": [0, 0]}",
                                  ",\n\"clusters\": [{\"name\": \"a\", \"members\": [2, 1], \"head\": 1}]"));
  ASSERT_TRUE(parsed.plan) << parsed.diagnostics;
  EXPECT_EQ(parsed.plan->network.clusters[0].members, (std::vector<std::uint32_t>{2, 1}));
  EXPECT_EQ(parsed.plan->network.clusters[0].head, 1u);
  EXPECT_FALSE(parsed.plan->network.clusters[0].headChosen);
}

TEST(PlanClusters, AMissingHeadIsChosenAndWrittenForTheSimulator) {
  // Base at (0, 0). Members' d^2 to the head plus the head's to the base:
  //   head 1 (10,0): 100 + 400 + 100 = 600;  head 2 (20,0): 100 + 100 + 400 = 600;
  //   head 3 (30,0): 400 + 100 + 900 = 1400.  A tie: the lowest id, 1.
  Parsed tie = parse(withMotes(
      "{\"id\": 3, \"position\": [30, 0]}, {\"id\": 2, \"position\": [20, 0]}, "
      "{\"id\": 1, \"position\": [10, 0]}",
      ",\n\"clusters\": [{\"name\": \"a\", \"members\": [3, 2, 1]}]"));
  ASSERT_TRUE(tie.plan) << tie.diagnostics;
  EXPECT_EQ(tie.plan->network.clusters[0].head, 1u);
  EXPECT_TRUE(tie.plan->network.clusters[0].headChosen);
  EXPECT_EQ(tie.plan->network.json["clusters"][0]["head"], 1);
  // Along a line away from the base, the mote nearest the base wins:
  Parsed middle = parse(withMotes(
      "{\"id\": 1, \"position\": [0, 48]}, {\"id\": 2, \"position\": [0, 58]}, "
      "{\"id\": 3, \"position\": [0, 68]}",
      ",\n\"clusters\": [{\"name\": \"a\", \"members\": [1, 2, 3]}]"));
  ASSERT_TRUE(middle.plan) << middle.diagnostics;
  // head 1: 100 + 400 + 2304 = 2804; head 2: 100 + 100 + 3364 = 3564; head 3: 1600 + 100 + 4624.
  EXPECT_EQ(middle.plan->network.clusters[0].head, 1u);
}

TEST(PlanRoutes, KeysAndNextHops) {
  const std::string motes = "{\"id\": 1, \"position\": [0, 0]}, {\"id\": 2, \"position\": [0, 0]}";
  EXPECT_EQ(errors(withMotes(motes, ",\n\"routes\": {\"a\": 1, \"01\": 2, \"5\": 1, \"1\": 9, \"2\": \"1\"}")),
            "plan.json:4:12: error: route key 'a' is not a mote id; write the sending mote's id as a string, e.g. "
            "\"1\": 3\n"
            "\"routes\": {\"a\": 1, \"01\": 2, \"5\": 1, \"1\": 9, \"2\": \"1\"}}}\n"
            "           ^\n"
            "plan.json:4:20: error: route key '01' is not a mote id; write the sending mote's id as a string, e.g. "
            "\"1\": 3\n"
            "\"routes\": {\"a\": 1, \"01\": 2, \"5\": 1, \"1\": 9, \"2\": \"1\"}}}\n"
            "                   ^\n"
            "plan.json:4:29: error: route for mote 5, which is not in the network\n"
            "\"routes\": {\"a\": 1, \"01\": 2, \"5\": 1, \"1\": 9, \"2\": \"1\"}}}\n"
            "                            ^\n"
            "plan.json:4:42: error: next hop 9 of mote 1 is not in the network; use a mote id or 0 for the base\n"
            "\"routes\": {\"a\": 1, \"01\": 2, \"5\": 1, \"1\": 9, \"2\": \"1\"}}}\n"
            "                                         ^\n"
            "plan.json:4:50: error: next hop of mote 2 must be a mote id or 0 for the base, not a string\n"
            "\"routes\": {\"a\": 1, \"01\": 2, \"5\": 1, \"1\": 9, \"2\": \"1\"}}}\n"
            "                                                 ^\n"
            "5 errors generated.\n");
}

TEST(PlanRoutes, CyclesAreReported) {
  std::string motes;
  for (int id = 1; id <= 5; ++id)
    motes += (id > 1 ? ", " : "") + std::string("{\"id\": ") + std::to_string(id) + ", \"position\": [0, 0]}";
  EXPECT_EQ(errors(withMotes(motes, ",\n\"routes\": {\n"
                                    "  \"4\": 2,\n"
                                    "  \"2\": 3,\n"
                                    "  \"3\": 2,\n"
                                    "  \"1\": 0,\n"
                                    "  \"5\": 5\n"
                                    "}")),
            "plan.json:6:3: error: routes form a cycle: 2 -> 3 -> 2; every route must lead to the base (0)\n"
            "  \"2\": 3,\n"
            "  ^\n"
            "plan.json:7:3: note: mote 3 routes to 2 here\n"
            "  \"3\": 2,\n"
            "  ^\n"
            "plan.json:9:3: error: routes form a cycle: 5 -> 5; every route must lead to the base (0)\n"
            "  \"5\": 5\n"
            "  ^\n"
            "2 errors generated.\n");
  Parsed chain = parse(withMotes(motes, R"(, "routes": {"1": 2, "2": 3, "3": 0, "4": 3})"));
  ASSERT_TRUE(chain.plan) << chain.diagnostics;
  EXPECT_EQ(chain.plan->network.routes, (std::map<std::uint32_t, std::uint32_t>{{1, 2}, {2, 3}, {3, 0}, {4, 3}}));
}

TEST(PlanNetwork, BaseNeedsAPosition) {
  EXPECT_EQ(errors("{\"network\": {\"motes\": [], \"base\": {}}}"),
            "plan.json:1:35: error: 'base' has no 'position'; add \"position\": [x, y] (or leave 'base' out for "
            "[0, 0])\n"
            "{\"network\": {\"motes\": [], \"base\": {}}}\n"
            "                                  ^\n"
            "1 error generated.\n");
}

TEST(PlanNetwork, UnknownKeysAndBase) {
  EXPECT_EQ(errors("{\"network\": {\"motes\": [], \"cluster\": [], \"base\": {\"pos\": [1, 2]}}}"),
            "plan.json:1:27: error: unknown key 'cluster' in the network; did you mean 'clusters'?\n"
            "{\"network\": {\"motes\": [], \"cluster\": [], \"base\": {\"pos\": [1, 2]}}}\n"
            "                          ^\n"
            "plan.json:1:51: error: unknown key 'pos' in 'base'; expected 'position' or 'address'\n"
            "{\"network\": {\"motes\": [], \"cluster\": [], \"base\": {\"pos\": [1, 2]}}}\n"
            "                                                  ^\n"
            "2 errors generated.\n");
}

// Addresses are "host:port" (runtime/include/edgecut/runtime/sim/address.hpp), for the base as for
// motes: the udp transport listens and sends there.
TEST(PlanNetwork, Addresses) {
  Parsed good = parse(withMotes(R"({"id": 1, "position": [0, 0], "address": "[::1]:47001"})",
                                R"(, "base": {"position": [1, 2], "address": "gateway.local:47000"})"));
  ASSERT_TRUE(good.plan) << good.diagnostics;
  EXPECT_EQ(good.plan->network.baseAddress, "gateway.local:47000");
  EXPECT_EQ(good.plan->network.motes.at(0).address, "[::1]:47001");

  EXPECT_EQ(errors(withMotes("{\"id\": 1, \"position\": [0, 0], \"address\": \"10.0.0.7\"},\n"
                             "{\"id\": 2, \"position\": [0, 0], \"address\": \"::1:5683\"}",
                             ",\n\"base\": {\"position\": [0, 0], \"address\": \"10.0.0.1:70000\"}")),
            "plan.json:5:41: error: 'address' must be \"host:port\" with a port from 1 to 65535, such as "
            "\"10.0.0.7:5683\", not \"10.0.0.1:70000\"; write an IPv6 host in brackets, e.g. \"[::1]:5683\"\n"
            "\"base\": {\"position\": [0, 0], \"address\": \"10.0.0.1:70000\"}}}\n"
            "                                        ^\n"
            "plan.json:2:42: error: 'address' must be \"host:port\" with a port from 1 to 65535, such as "
            "\"10.0.0.7:5683\", not \"10.0.0.7\"; write an IPv6 host in brackets, e.g. \"[::1]:5683\"\n"
            "{\"id\": 1, \"position\": [0, 0], \"address\": \"10.0.0.7\"},\n"
            "                                         ^\n"
            "plan.json:3:42: error: 'address' must be \"host:port\" with a port from 1 to 65535, such as "
            "\"10.0.0.7:5683\", not \"::1:5683\"; write an IPv6 host in brackets, e.g. \"[::1]:5683\"\n"
            "{\"id\": 2, \"position\": [0, 0], \"address\": \"::1:5683\"}\n"
            "                                         ^\n"
            "3 errors generated.\n");
  EXPECT_EQ(errors(withMotes("", R"(, "base": {"position": [0, 0], "address": 47000})")),
            "plan.json:3:44: error: 'address' must be a string such as \"10.0.0.7:5683\", not a number\n"
            "], \"base\": {\"position\": [0, 0], \"address\": 47000}}}\n"
            "                                           ^\n"
            "1 error generated.\n");
}

TEST(Plan, ReportsErrorsFromEverySection) {
  std::string rendered = errors(
      "{\"network\": {\"motes\": [{\"id\": 1}]}, \"profile\": \"win\", \"energy\": {\"transmit\": -1},"
      " \"placement\": {\"f\": \"nowhere\"}}");
  EXPECT_NE(rendered.find("mote 1 has no 'position'"), std::string::npos) << rendered;
  EXPECT_NE(rendered.find("unknown profile 'win'"), std::string::npos) << rendered;
  EXPECT_NE(rendered.find("'transmit' must be from 0 to 1000000000, not -1"), std::string::npos) << rendered;
  EXPECT_NE(rendered.find("invalid placement 'nowhere'"), std::string::npos) << rendered;
  EXPECT_NE(rendered.find("4 errors generated."), std::string::npos) << rendered;
}

TEST(Plan, BigNetworksParse) {
  std::string motes;
  const int count = 20000;
  for (int id = 1; id <= count; ++id) {
    if (id > 1) motes += ",\n";
    motes += "{\"id\": " + std::to_string(id) + ", \"class\": \"Thermo\", \"position\": [" + std::to_string(id % 100) +
             ", " + std::to_string(id / 100) + "], \"sensors\": {\"temperature\": {\"values\": [1, 2, 3]}}}";
  }
  std::string routes;
  for (int id = 2; id <= count; ++id) {
    if (id > 2) routes += ", ";
    routes += '"';
    routes += std::to_string(id);
    routes += "\": ";
    routes += std::to_string(id - 1);
  }
  Parsed parsed = parse(withMotes(motes, ", \"routes\": {" + routes + ", \"1\": 0}"));
  ASSERT_TRUE(parsed.plan) << parsed.diagnostics.substr(0, 2000);
  EXPECT_EQ(parsed.plan->network.motes.size(), static_cast<std::size_t>(count));
  EXPECT_EQ(parsed.plan->network.routes.size(), static_cast<std::size_t>(count));
  EXPECT_EQ(loc(parsed.plan->network.motes.back().location), "plan.json:" + std::to_string(count + 1) + ":1");
}

// The same mistake on many motes is one error that names them as ranges, at the first of them.
TEST(Plan, TheSameMistakeOnAThousandMotesIsOneError) {
  const std::set<int> emptyValues = {1, 2, 3, 7, 9, 10, 11, 12};
  std::string motes;
  std::string routes;
  for (int id = 1; id <= 1000; ++id) {
    motes += (id > 1 ? ",\n" : "") + std::string("{\"id\": ") + std::to_string(id) + ", \"positon\": [0, 0]" +
             (emptyValues.count(id) ? ", \"sensors\": {\"t\": {\"values\": []}}" : "") + "}";
    if (id > 500) routes += (id > 501 ? ", \"" : "\"") + std::to_string(id) + "\": 2000";
  }
  EXPECT_EQ(errors(withMotes(motes, ",\n\"routes\": {" + routes + "}")),
            "plan.json:2:11: error: unknown key 'positon' in motes 1\u20131000; did you mean 'position'?\n"
            "{\"id\": 1, \"positon\": [0, 0], \"sensors\": {\"t\": {\"values\": []}}},\n"
            "          ^\n"
            "plan.json:2:58: error: motes 1\u20133, 7, 9\u201312: 'values' of sensor 't' is empty; give at least one "
            "number\n"
            "{\"id\": 1, \"positon\": [0, 0], \"sensors\": {\"t\": {\"values\": []}}},\n"
            "                                                         ^\n"
            "plan.json:1003:19: error: next hop 2000 of motes 501\u20131000 is not in the network; use a mote id or 0 "
            "for the base\n"  // its line, some 7,000 bytes, is too long to show (as clang does)
            "3 errors generated.\n");
}

// ---- files --------------------------------------------------------------------------------------

}  // namespace plan_network_test_cpp
}  // namespace
}  // namespace edgecut::compiler
