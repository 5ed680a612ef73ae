// The placement plan parser: networks, traces and radios in files beside the plan, and numbers.
#include "plan_test_support.hpp"

namespace edgecut::compiler {
namespace {
namespace plan_files_test_cpp {

using namespace plan_test;

TEST(PlanFiles, NetworkInItsOwnFile) {
  TempDir dir;
  const std::string networkText = "{\n  \"motes\": [{\"id\": 1, \"position\": [3, 4]}]\n}\n";
  const std::string planText = "{\n  \"network\": \"nets/network.json\",\n  \"placement\": {\"f\": \"mote\"}\n}\n";
  std::string networkFile = dir.write("nets/network.json", networkText);
  std::string planFile = dir.write("plan.json", planText);

  DiagnosticSink sink;
  std::optional<PlacementPlan> plan = loadPlan(planFile, sink);
  ASSERT_TRUE(plan) << sink.render();
  EXPECT_EQ(plan->file, planFile);
  EXPECT_EQ(plan->network.file, networkFile);
  EXPECT_EQ(plan->inputFiles, (std::vector<std::string>{planFile, networkFile}));
  EXPECT_EQ(plan->text, planText + networkText);
  EXPECT_EQ(plan->network.json, nlohmann::json::parse(networkText));
  ASSERT_EQ(plan->network.motes.size(), 1u);
  EXPECT_EQ(plan->network.motes[0].position.y, 4.0);
  EXPECT_EQ(loc(plan->network.motes[0].location), networkFile + ":2:13");
  EXPECT_EQ(loc(plan->network.location), networkFile + ":1:1");
  EXPECT_EQ(loc(plan->placements[0].keyLocation), planFile + ":3:17");
}

TEST(PlanFiles, ErrorsInTheNetworkFilePointThere) {
  TempDir dir;
  std::string networkFile = dir.write("network.json", "{\n  \"motes\": [{\"id\": 1, \"position\": [3, 4], \"clas\": \"T\"}]\n}\n");
  std::string planFile = dir.path("plan.json");
  DiagnosticSink sink;
  EXPECT_FALSE(parsePlan(planFile, "{\"network\": \"network.json\"}", sink));
  EXPECT_EQ(sink.render(), networkFile + ":2:43: error: unknown key 'clas' in mote 1; did you mean 'class'?\n"
                           "  \"motes\": [{\"id\": 1, \"position\": [3, 4], \"clas\": \"T\"}]\n"
                           "                                          ^\n"
                           "1 error generated.\n");

  dir.write("network.json", "{\"motes\": []\n");
  DiagnosticSink syntax;
  EXPECT_FALSE(parsePlan(planFile, "{\"network\": \"network.json\"}", syntax));
  EXPECT_EQ(syntax.render(), networkFile + ":2:1: error: expected ',' or '}' after object member\n" +
                                 networkFile + ":1:1: note: to match this '{'\n"
                                 "{\"motes\": []\n"
                                 "^\n"
                                 "1 error generated.\n");

  dir.write("network.json", "[]");
  DiagnosticSink array;
  EXPECT_FALSE(parsePlan(planFile, "{\"network\": \"network.json\"}", array));
  EXPECT_EQ(array.render(), networkFile + ":1:1: error: a network file must hold a JSON object with \"motes\", not "
                                          "an array\n"
                                          "[]\n"
                                          "^\n"
                                          "1 error generated.\n");
}

TEST(PlanFiles, MissingNetworkFile) {
  TempDir dir;
  std::string planFile = dir.path("plan.json");
  EXPECT_EQ(errors("{\n  \"network\": \"nets/x.json\"\n}"),
            "plan.json:2:14: error: cannot open network file 'nets/x.json': No such file or directory\n"
            "  \"network\": \"nets/x.json\"\n"
            "             ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": \"\"}"),
            "plan.json:1:13: error: 'network' is an empty path; give the network file's path relative to the plan\n"
            "{\"network\": \"\"}\n"
            "            ^\n"
            "1 error generated.\n");
}

TEST(PlanFiles, PlanFileIsADirectory) {
  TempDir dir;
  std::string path = dir.path("plans");
  fs::create_directories(path);
  DiagnosticSink sink;
  EXPECT_FALSE(loadPlan(path, sink));
  EXPECT_EQ(sink.render(), "edgecut: error: plan file '" + path +
                                "' is a directory, not a regular file; name a regular file\n1 error generated.\n");
}

TEST(PlanFiles, MissingPlanFile) {
  DiagnosticSink sink;
  EXPECT_FALSE(loadPlan("/nonexistent/edgecut/plan.json", sink));
  EXPECT_EQ(sink.render(),
            "edgecut: error: cannot open plan file '/nonexistent/edgecut/plan.json': No such file or directory\n"
            "1 error generated.\n");
}

TEST(PlanFiles, RadioInItsOwnFile) {
  TempDir dir;
  const std::string radioText = radioObject();
  std::string radioFile = dir.write("radios/mine.json", radioText);
  std::string planFile = dir.write("plans/plan.json", withRadio("\"../radios/mine.json\""));
  DiagnosticSink sink;
  std::optional<PlacementPlan> plan = loadPlan(planFile, sink);
  ASSERT_TRUE(plan) << sink.render();
  ASSERT_TRUE(plan->energy.radio);
  EXPECT_EQ(plan->energy.radio->name, "../radios/mine.json");
  EXPECT_EQ(plan->energy.radio->listenMilliamps, 25.0);
  EXPECT_EQ(plan->inputFiles, (std::vector<std::string>{planFile, radioFile})) << "the depfile names it";
}

TEST(PlanFiles, ErrorsInTheRadioFilePointThere) {
  TempDir dir;
  std::string radioFile = dir.write("mine.json", "{\n  \"volts\": 3,\n  \"cpu_mA\": 2\n}\n");
  std::string planFile = dir.path("plan.json");
  DiagnosticSink sink;
  EXPECT_FALSE(parsePlan(planFile, withRadio("\"mine.json\""), sink));
  EXPECT_EQ(sink.render(),
            radioFile + ":3:3: error: unknown key 'cpu_mA' in the radio; did you mean 'cpu_ma'?\n"
                        "  \"cpu_mA\": 2\n"
                        "  ^\n" +
                radioFile + ":1:1: error: the radio has no 'transmit_ma' (current while transmitting, mA), "
                            "'listen_ma' (current while receiving, mA), 'bitrate_bps' (radio bit rate, bit/s), "
                            "'cpu_hz' (MCU clock, Hz), 'cycles_per_operation' (MCU cycles per program "
                            "operation) and 'listen_duty_cycle' (share of the time the radio listens when idle, "
                            "0 to 1); add them\n"
                            "{\n"
                            "^\n"
                            "2 errors generated.\n");

  dir.write("mine.json", "[3, 17.4]");
  DiagnosticSink array;
  EXPECT_FALSE(parsePlan(planFile, withRadio("\"mine.json\""), array));
  EXPECT_EQ(array.render(), radioFile + ":1:1: error: a radio file must hold a JSON object of radio figures such as "
                                        "{\"volts\": 3, \"transmit_ma\": 17.4, ...}, not an array\n"
                                        "[3, 17.4]\n"
                                        "^\n"
                                        "1 error generated.\n");

  dir.write("mine.json", "{\"volts\": 3,}");
  DiagnosticSink syntax;
  EXPECT_FALSE(parsePlan(planFile, withRadio("\"mine.json\""), syntax));
  EXPECT_NE(syntax.render().find(radioFile + ":1:"), std::string::npos) << syntax.render();
}

TEST(PlanFiles, CsvTraces) {
  TempDir dir;
  std::string trace = dir.write("nets/traces/t1.csv", "time,temperature,humidity\n0,21,40\n1,22,41\n");
  std::string networkFile = dir.write(
      "nets/network.json",
      "{\"motes\": [{\"id\": 1, \"position\": [0, 0], \"sensors\": {\n"
      "  \"temperature\": {\"csv\": {\"file\": \"traces/t1.csv\"}},\n"
      "  \"wet\": {\"csv\": {\"file\": \"traces/t1.csv\", \"column\": \"humidity\"}}}}]}");
  std::string planFile = dir.write("plan.json", "{\"network\": \"nets/network.json\"}");
  DiagnosticSink sink;
  std::optional<PlacementPlan> plan = loadPlan(planFile, sink);
  ASSERT_TRUE(plan) << sink.render();
  EXPECT_EQ(plan->inputFiles, (std::vector<std::string>{planFile, networkFile, trace}));
  const SensorSource& temperature = plan->network.motes[0].sensors.at("temperature");
  EXPECT_EQ(temperature.kind, SensorSource::Kind::Csv);
  EXPECT_EQ(temperature.csvPath, trace);
  EXPECT_EQ(temperature.csvColumn, "temperature");
  EXPECT_EQ(plan->network.motes[0].sensors.at("wet").csvColumn, "humidity");
  // The simulator reads the trace relative to its own working directory, so the embedded network
  // names it absolutely, with the column spelled out.
  EXPECT_EQ(plan->network.json["motes"][0]["sensors"]["temperature"],
            (nlohmann::json{{"csv", {{"file", fs::absolute(trace).lexically_normal().string()},
                                     {"column", "temperature"}}}}));
}

TEST(PlanFiles, CsvRowsMustHaveTheColumn) {
  TempDir dir;
  dir.write("short.csv", "time,temperature\n0,21\n\n1\n");
  dir.write("empty.csv", "time,temperature\r\n");
  dir.write("blank.csv", "");
  std::string planFile = dir.path("plan.json");
  const std::string text =
      "{\"network\": {\"motes\": [{\"id\": 1, \"position\": [0, 0], \"sensors\": {\n"
      "\"temperature\": {\"csv\": {\"file\": \"short.csv\"}},\n"
      "\"time\": {\"csv\": {\"file\": \"empty.csv\"}},\n"
      "\"x\": {\"csv\": {\"file\": \"blank.csv\"}}\n"
      "}}]}}";
  DiagnosticSink sink;
  EXPECT_FALSE(parsePlan(planFile, text, sink));
  const std::string& p = planFile;
  EXPECT_EQ(sink.render(),
            p + ":2:33: error: line 4 of CSV file 'short.csv' has no cell for 'temperature' (column 2)\n"
                "\"temperature\": {\"csv\": {\"file\": \"short.csv\"}},\n"
                "                                ^\n" +
            p + ":3:26: error: CSV file 'empty.csv' has no samples; add rows after its header line\n"
                "\"time\": {\"csv\": {\"file\": \"empty.csv\"}},\n"
                "                         ^\n" +
            p + ":4:23: error: CSV file 'blank.csv' has no header line; its first line must name the columns, "
                "e.g. 'x'\n"
                "\"x\": {\"csv\": {\"file\": \"blank.csv\"}}\n"
                "                      ^\n"
                "3 errors generated.\n");
}

TEST(PlanFiles, CsvErrors) {
  TempDir dir;
  dir.write("t.csv", "time,temperature\n0,21\n");
  std::string planFile = dir.path("plan.json");
  const std::string text =
      "{\"network\": {\"motes\": [{\"id\": 1, \"position\": [0, 0], \"sensors\": {\n"
      "\"a\": {\"csv\": {\"file\": \"missing.csv\"}},\n"
      "\"b\": {\"csv\": {\"file\": \"t.csv\", \"column\": \"temprature\"}},\n"
      "\"c\": {\"csv\": {\"file\": \"t.csv\"}},\n"
      "\"d\": {\"csv\": {\"column\": \"x\"}},\n"
      "\"e\": {\"csv\": {\"file\": \"t.csv\", \"colum\": \"time\"}}\n"
      "}}]}}";
  DiagnosticSink sink;
  EXPECT_FALSE(parsePlan(planFile, text, sink));
  const std::string& p = planFile;
  EXPECT_EQ(sink.render(),
            p + ":2:23: error: cannot open CSV file 'missing.csv': No such file or directory\n"
                "\"a\": {\"csv\": {\"file\": \"missing.csv\"}},\n"
                "                      ^\n" +
            p + ":3:42: error: CSV file 't.csv' has no column 'temprature'; did you mean 'temperature'?\n"
                "\"b\": {\"csv\": {\"file\": \"t.csv\", \"column\": \"temprature\"}},\n"
                "                                         ^\n" +
            p + ":4:23: error: CSV file 't.csv' has no column 'c'; its columns are 'time' and 'temperature'\n"
                "\"c\": {\"csv\": {\"file\": \"t.csv\"}},\n"
                "                      ^\n" +
            p + ":5:14: error: 'csv' needs a 'file', e.g. {\"file\": \"trace.csv\"}\n"
                "\"d\": {\"csv\": {\"column\": \"x\"}},\n"
                "             ^\n" +
            p + ":6:32: error: unknown key 'colum' in 'csv'; did you mean 'column'?\n"
                "\"e\": {\"csv\": {\"file\": \"t.csv\", \"colum\": \"time\"}}\n"
                "                               ^\n"
                "5 errors generated.\n");
}

// Motes that name the same column of a trace share its samples: a thousand motes on one trace hold
// one copy, and its mistakes are one error about all of them.
TEST(PlanFiles, MotesShareATracesSamples) {
  TempDir dir;
  dir.write("t.csv", "time,t\n0,21\n1,22\n");
  std::string motes;
  for (int id = 1; id <= 1000; ++id)
    motes += std::string(id > 1 ? ",\n" : "") + "{\"id\": " + std::to_string(id) +
             ", \"position\": [0, 0], \"sensors\": {\"t\": {\"csv\": {\"file\": \"t.csv\"}}, "
             "\"u\": {\"csv\": {\"file\": \"t.csv\", \"column\": \"time\"}}}}";
  DiagnosticSink sink;
  std::optional<PlacementPlan> plan = parsePlan(dir.path("plan.json"), withMotes(motes), sink);
  ASSERT_TRUE(plan) << sink.render();
  const Network& network = plan->network;
  EXPECT_EQ(*network.motes[0].sensors.at("t").values, (std::vector<nlohmann::json>{21, 22}));
  EXPECT_EQ(*network.motes[0].sensors.at("u").values, (std::vector<nlohmann::json>{0, 1}));
  EXPECT_EQ(network.motes[999].sensors.at("t").values, network.motes[0].sensors.at("t").values) << "one copy";
  EXPECT_EQ(network.traceFiles, std::vector<std::string>{dir.path("t.csv")}) << "read once";

  DiagnosticSink wrong;
  std::string bad = motes;
  for (std::size_t at; (at = bad.find("\"column\": \"time\"")) != std::string::npos;)
    bad.replace(at, 16, "\"column\": \"tme\"");
  EXPECT_FALSE(parsePlan(dir.path("plan.json"), withMotes(bad), wrong));
  EXPECT_EQ(wrong.errorCount(), 1u) << wrong.render();
  EXPECT_NE(wrong.render().find("error: motes 1\u20131000: CSV file 't.csv' has no column 'tme'; did you mean "
                                "'time'?"),
            std::string::npos)
      << wrong.render();
}

// Every number of a plan or a network is finite and within the range its key table gives; the
// bounds themselves are inside.
TEST(PlanNumbers, OutOfRangeIsAnErrorThatGivesTheRange) {
  EXPECT_EQ(errors("{\"network\": {\"motes\": []}, \"energy\": {\"transmit\": 1e308}}"),
            "plan.json:1:51: error: 'transmit' must be from 0 to 1000000000, not 1e+308\n"
            "{\"network\": {\"motes\": []}, \"energy\": {\"transmit\": 1e308}}\n"
            "                                                  ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors(withMotes("{\"id\": 1, \"position\": [1, 2, 1000000.5]}")),
            "plan.json:2:30: error: the z coordinate must be from -1000000 to 1000000, not 1000000.5\n"
            "{\"id\": 1, \"position\": [1, 2, 1000000.5]}\n"
            "                             ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"base\": {\"position\": [-1e200, 0]}, \"motes\": []}}"),
            "plan.json:1:36: error: the x coordinate must be from -1000000 to 1000000, not -1e+200\n"
            "{\"network\": {\"base\": {\"position\": [-1e200, 0]}, \"motes\": []}}\n"
            "                                   ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": []}, \"energy\": {\"budget\": {\"ram_bytes\": -1}}}"),
            "plan.json:1:63: error: 'ram_bytes' must be from 0 to 4294967295, not -1\n"
            "{\"network\": {\"motes\": []}, \"energy\": {\"budget\": {\"ram_bytes\": -1}}}\n"
            "                                                              ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": []}, \"energy\": {\"budget\": {\"flash_bytes\": 4294967296}}}"),
            "plan.json:1:65: error: 'flash_bytes' must be from 0 to 4294967295, not 4294967296\n"
            "{\"network\": {\"motes\": []}, \"energy\": {\"budget\": {\"flash_bytes\": 4294967296}}}\n"
            "                                                                ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors(withMotes("{\"id\": 1, \"position\": [0, 0], \"sensors\": {\"t\": {\"random\": "
                             "{\"min\": 1, \"max\": 18446744073709551616, \"seed\": 18446744073709551616}}}}")),
            "plan.json:2:77: error: 'max' must be a whole number from -9223372036854775808 to 9223372036854775807; "
            "this one does not fit 64 bits\n"
            "{\"id\": 1, \"position\": [0, 0], \"sensors\": {\"t\": {\"random\": {\"min\": 1, \"max\": "
            "18446744073709551616, \"seed\": 18446744073709551616}}}}\n"
            "                                                                            ^\n"
            "plan.json:2:107: error: 'seed' must be a whole number from 0 to 18446744073709551615, not "
            "18446744073709551616\n"
            "{\"id\": 1, \"position\": [0, 0], \"sensors\": {\"t\": {\"random\": {\"min\": 1, \"max\": "
            "18446744073709551616, \"seed\": 18446744073709551616}}}}\n"
            "                                                                                                   "
            "       ^\n"
            "2 errors generated.\n");
  Parsed bounds = parse(
      "{\"network\": {\"base\": {\"position\": [-1000000, 1000000]}, \"motes\": [{\"id\": 4294967295, "
      "\"position\": [1000000, -1000000, 0]}]},\n"
      " \"energy\": {\"instruction\": 1e9, \"transmit\": 0, \"budget\": {\"flash_bytes\": 4294967295, "
      "\"ops_per_call\": 1e12},\n"
      " \"radio\": {\"volts\": 1000, \"cpu_ma\": 1e6, \"transmit_ma\": 0, \"listen_ma\": 1e6, \"bitrate_bps\": 1, "
      "\"cpu_hz\": 1e12, \"cycles_per_operation\": 1e6, \"listen_duty_cycle\": 1}}}");
  ASSERT_TRUE(bounds.plan) << bounds.diagnostics;
  EXPECT_EQ(bounds.plan->energy.transmit, 0);
  EXPECT_EQ(bounds.plan->energy.radio->bitsPerSecond, 1);
}

// A key file is read by the programs, maybe elsewhere: edgecut lets a missing one be, but one that
// exists here must be a small regular file.
TEST(PlanFiles, AKeyFileThatExistsMustBeARegularFile) {
  TempDir dir;
  fs::create_directories(dir.path("keys"));
  const std::string missing = "{\"network\": {\"motes\": []}, \"security\": {\"key_file\": \"nowhere.key\"}}";
  DiagnosticSink accepted;
  ASSERT_TRUE(parsePlan(dir.path("plan.json"), missing, accepted)) << accepted.render();
  const std::string directory = "{\"network\": {\"motes\": []}, \"security\": {\"key_file\": \"keys\"}}";
  DiagnosticSink refused;
  refused.setFileText(dir.path("plan.json"), directory);
  EXPECT_FALSE(parsePlan(dir.path("plan.json"), directory, refused));
  EXPECT_EQ(refused.render(), dir.path("plan.json") +
                                  ":1:53: error: key file 'keys' is a directory, not a regular file; name a "
                                  "regular file\n" + directory + "\n" + std::string(52, ' ') +
                                  "^\n1 error generated.\n");
}

// findMote's index follows a network built by hand, mote by mote.
TEST(PlanNetwork, FindMoteFollowsANetworkBuiltByHand) {
  Network network;
  EXPECT_EQ(network.findMote(7), nullptr);
  network.motes.push_back(PlanMote{.id = 7});
  ASSERT_NE(network.findMote(7), nullptr);
  network.motes.insert(network.motes.begin(), PlanMote{.id = 3});
  network.motes.push_back(PlanMote{.id = 9});
  EXPECT_EQ(network.findMote(7)->id, 7u);
  EXPECT_EQ(network.findMote(3)->id, 3u);
  EXPECT_EQ(network.findMote(9), &network.motes.back());
  EXPECT_EQ(network.findMote(4), nullptr);
}

}  // namespace plan_files_test_cpp
}  // namespace
}  // namespace edgecut::compiler
