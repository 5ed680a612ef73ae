#include "edgecut/compiler/run_profile.hpp"

#include <gtest/gtest.h>

#include "model_builder.hpp"

namespace edgecut::compiler {
namespace {
namespace run_profile_test_cpp {

using testing::function;

// main() calls Soil::avg() (auto) on each mote; avg() reads the sensor "moisture"; main() writes
// the actuator "valve".
ProgramModel fieldProgram() {
  ProgramModel program;
  program.files = {{"field.cpp"}};
  Function read = function("Soil::getMoisture()", Attribute::None, 2);
  read.kind = FunctionKind::Sensor;
  read.ioName = "moisture";
  read.runsOn = OnMoteInstance{"Soil"};
  Function valve = function("Soil::setValve(int)", Attribute::None, 3);
  valve.kind = FunctionKind::Actuator;
  valve.ioName = "valve";
  valve.runsOn = OnMoteInstance{"Soil"};
  Function avg = function("Soil::avg(int)", Attribute::Auto, 4);
  avg.runsOn = OnMoteInstance{"Soil"};
  avg.location = testing::at(4, 7, "field.cpp");
  Function main = function("main()", Attribute::None, 10);
  main.location = testing::at(10, 5, "field.cpp");
  program.functions = {read, valve, avg, main};
  return program;
}

// A report as the runtime writes it (runtime/src/base/report.cpp), trimmed to what the reader uses.
const char* const kReport = R"json({
  "program": "field.cpp",
  "profile": {
    "functions": [
      {"key": "Soil::avg(int)", "id": 1, "runs_on_base": 0, "runs_on_motes": 3, "operations": 36,
       "calls": [{"sensor": "moisture", "calls": 6, "over_radio": 0, "integers_to_callee": 0,
                  "integers_to_caller": 0}]},
      {"key": "main()", "id": 2, "runs_on_base": 1, "runs_on_motes": 0, "operations": 0,
       "calls": [{"function": "Soil::avg(int)", "id": 1, "calls": 3, "over_radio": 3,
                  "integers_to_callee": 3, "integers_to_caller": 6},
                 {"actuator": "valve", "calls": 3, "over_radio": 3, "integers_to_callee": 3,
                  "integers_to_caller": 0}]}
    ]
  }
}
)json";

struct Read {
  std::optional<RunProfile> profile;
  std::string diagnostics;
};

Read read(const std::string& text, const ProgramModel& program = fieldProgram()) {
  DiagnosticSink sink;
  sink.setFileText("field.cpp", std::string(20, '\n'));
  Read out;
  out.profile = parseRunProfile("run.json", text, program, sink);
  out.diagnostics = sink.render();
  return out;
}

TEST(RunProfile, ReadsRunsOperationsAndCallsPerEdge) {
  Read result = read(kReport);
  ASSERT_TRUE(result.profile) << result.diagnostics;
  EXPECT_EQ(result.diagnostics, "");
  const MeasuredFunction* avg = result.profile->find("Soil::avg(int)");
  ASSERT_TRUE(avg);
  EXPECT_EQ(avg->runs(), 3);
  EXPECT_EQ(avg->operationsPerRun(), 12);
  ASSERT_EQ(avg->reads.count("moisture"), 1u);
  EXPECT_EQ(avg->reads.at("moisture").calls, 6);
  EXPECT_FALSE(avg->reads.at("moisture").integersPerResult());  // never crossed the radio

  const MeasuredFunction* main = result.profile->find("main()");
  ASSERT_TRUE(main);
  EXPECT_FALSE(main->operationsPerRun());  // it ran on the base
  ASSERT_EQ(main->calls.count("Soil::avg(int)"), 1u);
  EXPECT_EQ(main->calls.at("Soil::avg(int)").calls, 3);
  EXPECT_EQ(main->calls.at("Soil::avg(int)").integersPerResult(), 2);
  EXPECT_EQ(main->writes.at("valve").integersToCallee, 3);
}

TEST(RunProfile, AnotherProgramsFunctionIsAnErrorThatSaysWhereItWasMeasured) {
  std::string report = kReport;
  report.replace(report.find("\"Soil::avg(int)\", \"id\": 1, \"runs"), 16, "\"Soil::avrg(int)\"");
  report.replace(report.find("\"field.cpp\""), 11, "\"other.cpp\"");
  Read result = read(report);
  EXPECT_FALSE(result.profile);
  EXPECT_EQ(result.diagnostics,
            "run.json:5:15: error: the profile's function 'Soil::avrg(int)' is not in field.cpp; did you mean "
            "'Soil::avg(int)'?\n"
            "      {\"key\": \"Soil::avrg(int)\", \"id\": 1, \"runs_on_base\": 0, \"runs_on_motes\": 3, \"operations\": 36,\n"
            "              ^\n"
            "run.json:2:14: note: the profile was measured on 'other.cpp'; measure this program again: run its base "
            "program with '--report FILE'\n"
            "  \"program\": \"other.cpp\",\n"
            "             ^\n"
            "1 error generated.\n");
}

TEST(RunProfile, UnknownSensorsAndCalleesAreErrorsToo) {
  std::string report = kReport;
  report.replace(report.find("\"moisture\""), 10, "\"humidity\"");
  Read result = read(report);
  EXPECT_FALSE(result.profile);
  EXPECT_NE(result.diagnostics.find("run.json:6:29: error: the profile's sensor 'humidity' is not in field.cpp\n"),
            std::string::npos)
      << result.diagnostics;
}

TEST(RunProfile, AReportWithoutAProfileSaysHowToMeasureOne) {
  Read result = read("{\n  \"program\": \"field.cpp\",\n  \"energy\": {}\n}\n");
  EXPECT_FALSE(result.profile);
  EXPECT_EQ(result.diagnostics,
            "run.json:1:1: error: 'run.json' has no 'profile' section: it is not the report of a simulated run by "
            "this version of edgecut\n"
            "{\n"
            "^\n"
            "edgecut: note: measure one: run the program's base program in simulation with '--report FILE' (a build "
            "of this program, with any plan), then give FILE to --profile\n"
            "1 error generated.\n");
}

TEST(RunProfile, ARunThatMeasuredNoProfileIsAnError) {
  Read result = read("{\"profile\": null}\n");
  EXPECT_FALSE(result.profile);
  EXPECT_EQ(result.diagnostics,
            "run.json:1:13: error: the run measured no profile: the motes' stats did not reach the base, or the "
            "transport (udp) does not carry the motes' part\n"
            "{\"profile\": null}\n"
            "            ^\n"
            "edgecut: note: measure again in simulation, the default transport: run the base program with "
            "'--report FILE'\n"
            "1 error generated.\n");
}

TEST(RunProfile, MalformedFilesAndCountsAreErrorsAtTheirPlace) {
  Read syntax = read("{\"profile\": {\"functions\": [}\n");
  EXPECT_FALSE(syntax.profile);
  EXPECT_EQ(syntax.diagnostics.rfind("run.json:1:28: error: ", 0), 0u) << syntax.diagnostics;

  std::string report = kReport;
  report.replace(report.find("\"operations\": 36"), 16, "\"operations\": -1");
  Read negative = read(report);
  EXPECT_FALSE(negative.profile);
  EXPECT_EQ(negative.diagnostics.substr(0, negative.diagnostics.find('\n')),
            "run.json:5:95: error: 'operations' must be a count (a whole number, not negative), not a negative "
            "number");
}

TEST(RunProfile, AFunctionTheRunDidNotKnowIsEstimatedWithAWarning) {
  ProgramModel program = fieldProgram();
  Function added = function("Soil::peak()", Attribute::Auto, 8);
  added.location = testing::at(8, 7, "field.cpp");
  program.functions.push_back(added);
  Read result = read(kReport, program);
  ASSERT_TRUE(result.profile) << result.diagnostics;
  EXPECT_EQ(result.diagnostics,
            "field.cpp:8:7: warning: the profile run.json has no figures for 'Soil::peak()', so its costs are the "
            "static estimate\n"
            "edgecut: note: a function added since the run; measure the program again for its figures\n");
}

TEST(RunProfile, AMissingFileIsAnError) {
  DiagnosticSink sink;
  EXPECT_FALSE(loadRunProfile("/nonexistent/run.json", fieldProgram(), sink));
  EXPECT_EQ(sink.render(),
            "edgecut: error: cannot open profile '/nonexistent/run.json': No such file or directory\n"
            "edgecut: note: measure one: run the program's base program in simulation with '--report FILE' (a build "
            "of this program, with any plan), then give FILE to --profile\n"
            "1 error generated.\n");
}

}  // namespace run_profile_test_cpp
}  // namespace
}  // namespace edgecut::compiler
