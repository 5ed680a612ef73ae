#include "edgecut/compiler/check.hpp"

#include <gtest/gtest.h>

#include "model_builder.hpp"

namespace edgecut::compiler {
namespace {
namespace check_test_cpp {

using testing::at;
using testing::function;

struct Fixture {
  ProgramModel program;
  PlacementPlan plan;
  DiagnosticSink diagnostics;

  Fixture() {
    program.files = {{"program.cpp"}};
    diagnostics.setFileText("program.cpp", "");
    diagnostics.setFileText("plan.json", "");
  }
  Function& add(Function f) {
    program.functions.push_back(std::move(f));
    return program.functions.back();
  }
  std::string run(bool expectOk = false) {
    auto placement = resolvePlacement(program, plan, diagnostics);
    EXPECT_TRUE(placement) << diagnostics.render();
    EXPECT_EQ(checkProgram(program, plan, Partition(program, *placement), diagnostics), expectOk);
    return diagnostics.render();
  }
};

TEST(Check, ChainToBaseCodeShowsEveryCall) {
  Fixture fixture;
  Function& root = fixture.add(function("Thermo::read()", Attribute::Onboard, 3));
  root.runsOn = OnMoteInstance{"Thermo"};
  root.calls = {{"a()", at(4, 10)}};
  fixture.add(function("a()", Attribute::None, 6)).calls = {{"b()", at(7, 3)}};
  fixture.add(function("b()", Attribute::None, 9)).calls = {{"log()", at(10, 3)}};
  fixture.add(function("log()", Attribute::Onbase, 12));
  EXPECT_EQ(fixture.run(),
            "program.cpp:10:3: error: 'b' is compiled into the mote for 'Thermo::read', but calls "
            "'log', which runs on the base; move the call into base code, or place 'log' on the "
            "mote\n"
            "program.cpp:4:10: note: 'Thermo::read' calls 'a' here, so it is compiled into the mote\n"
            "program.cpp:7:3: note: 'a' calls 'b' here, so it is compiled into the mote\n"
            "program.cpp:12:3: note: 'log' is marked [[onbase]] here\n"
            "1 error generated.\n");
}

TEST(Check, SharedHelperIsReportedOnce) {
  Fixture fixture;
  for (const char* key : {"Thermo::one()", "Thermo::two()"}) {
    Function& root = fixture.add(function(key, Attribute::Onboard, 3));
    root.runsOn = OnMoteInstance{"Thermo"};
    root.calls = {{"helper()", at(4)}};
  }
  fixture.add(function("helper()", Attribute::None, 6)).globals = {
      {"counter", true, at(7, 3), at(1, 5)}};
  std::string errors = fixture.run();
  EXPECT_NE(errors.find("1 error generated."), std::string::npos) << errors;
}

TEST(Check, ConstGlobalsAndSensorsAreFine) {
  Fixture fixture;
  Function& root = fixture.add(function("Thermo::hot()", Attribute::Onboard, 3));
  root.runsOn = OnMoteInstance{"Thermo"};
  root.globals = {{"kLimit", false, at(4), at(1)}};
  root.calls = {{"Thermo::getTemperature()", at(4)}, {"std_like()", at(5)}};
  Function sensor = function("Thermo::getTemperature()", Attribute::None, 2);
  sensor.kind = FunctionKind::Sensor;
  sensor.hasBody = false;
  fixture.add(sensor);
  fixture.add(function("std_like()", Attribute::None, 9)).hasBody = false;
  EXPECT_EQ(fixture.run(true), "");
}

TEST(Check, DefaultPlacedAutoCalleeExplainsTheFix) {
  Fixture fixture;
  Function& root = fixture.add(function("Thermo::read()", Attribute::Onboard, 3));
  root.runsOn = OnMoteInstance{"Thermo"};
  root.calls = {{"convert(int)", at(4, 10)}};
  fixture.add(function("convert(int)", Attribute::Auto, 8));
  EXPECT_NE(fixture.run().find("program.cpp:8:3: note: 'convert' is [[auto]] with no plan entry, "
                               "so it runs on the base; place it on the mote in the plan"),
            std::string::npos);
}

TEST(Check, CrossingProblemsNameTheParameter) {
  Fixture fixture;
  Function& root = fixture.add(function("Thermo::fill(int *)", Attribute::Onboard, 3));
  root.runsOn = OnMoteInstance{"Thermo"};
  Parameter out;
  out.name = "out";
  out.type = "int *";
  out.problem = CrossingProblem{"a pointer"};
  out.location = at(3, 30);
  root.parameters.push_back(out);
  EXPECT_EQ(fixture.run(),
            "program.cpp:3:30: error: parameter 'out' of 'Thermo::fill' cannot cross between base "
            "and mote: its type 'int *' is a pointer; pass a value that can be serialized "
            "(arithmetic, enum, bool, std::string, std::vector, std::array, std::optional, "
            "std::pair, std::tuple, or an aggregate struct of these)\n1 error generated.\n");
}

TEST(Check, MoteParametersDoNotCross) {
  Fixture fixture;
  Function& root = fixture.add(function("sample(Probe &, int)", Attribute::Onboard, 3));
  Parameter probe;
  probe.name = "probe";
  probe.moteClass = "Probe";
  Parameter count;
  count.name = "count";
  root.parameters = {probe, count};
  root.runsOn = OnMoteParameter{0, "Probe"};
  fixture.add(function("main()", Attribute::None, 9)).calls = {{"sample(Probe &, int)", at(10)}};
  EXPECT_EQ(fixture.run(true), "");
}

TEST(Check, MoteFunctionWithoutAMoteCalledFromBase) {
  Fixture fixture;
  fixture.add(function("convert(int)", Attribute::Onboard, 3));
  fixture.add(function("main()", Attribute::None, 9)).calls = {{"convert(int)", at(10, 7)}};
  EXPECT_EQ(fixture.run(),
            "program.cpp:3:3: error: 'convert' has no mote to run on: it is not a method of a "
            "[[mote]] class and has no parameter of a [[mote]] class type; place it on the base, "
            "or give it a mote parameter\n"
            "program.cpp:10:7: note: called from base code ('main') here\n1 error generated.\n");
}

TEST(Check, MoteFunctionWithoutAMoteCalledFromMoteCodeIsFine) {
  Fixture fixture;
  Function& root = fixture.add(function("Thermo::read()", Attribute::Onboard, 3));
  root.runsOn = OnMoteInstance{"Thermo"};
  root.calls = {{"convert(int)", at(4)}};
  fixture.add(function("convert(int)", Attribute::Onboard, 6));
  EXPECT_EQ(fixture.run(true), "");
  auto placement = resolvePlacement(fixture.program, fixture.plan, fixture.diagnostics);
  const Partition partition(fixture.program, *placement);
  std::set<std::string> moteCode;
  for (const Reached& reached : partition.moteCode()) moteCode.insert(reached.function->key);
  EXPECT_EQ(moteCode, (std::set<std::string>{"Thermo::read()", "convert(int)"}));
}

TEST(Check, NetworkMotesMustFitTheirClass) {
  Fixture fixture;
  MoteClass thermo;
  thermo.name = "Thermo";
  thermo.location = at(2, 17);
  thermo.sensors = {"temperature"};
  thermo.actuators = {"led"};
  fixture.program.moteClasses.push_back(thermo);
  PlanMote fits;
  fits.id = 1;
  fits.className = "Thermo";
  fits.sensors["temperature"] = {};
  fits.actuators = {"led"};
  PlanMote lacks;
  lacks.id = 2;
  lacks.className = "Thermo";
  lacks.actuators = {"led"};
  lacks.location = at(5, 5, "plan.json");
  PlanMote misspelt;
  misspelt.id = 3;
  misspelt.className = "Thermos";
  misspelt.location = at(6, 5, "plan.json");
  fixture.plan.network.motes = {fits, lacks, misspelt};
  EXPECT_EQ(fixture.run(),
            "plan.json:5:5: error: mote 2 is a 'Thermo', but has no sensor 'temperature'; add "
            "\"temperature\" to its \"sensors\", or change its \"class\"\n"
            "program.cpp:2:17: note: 'Thermo' needs sensor 'temperature'\n"
            "plan.json:6:5: warning: mote 3 has class 'Thermos', which is not a [[mote]] class of "
            "program.cpp; did you mean 'Thermo'?\n1 error generated.\n");
}

// The same mistake on many motes is one error that names them as ranges (per_mote.hpp).
TEST(Check, MotesThatLackTheSameSensorAreOneError) {
  Fixture fixture;
  MoteClass meter;
  meter.name = "Meter";
  meter.location = at(2, 17);
  meter.sensors = {"power", "voltage"};
  fixture.program.moteClasses.push_back(meter);
  for (std::uint32_t id = 1; id <= 1000; ++id) {
    PlanMote mote;
    mote.id = id;
    mote.className = "Meter";
    mote.sensors["power"] = {};
    if (id == 4 || id == 8 || id > 12) mote.sensors["voltage"] = {};
    mote.location = at(id + 1, 5, "plan.json");
    fixture.plan.network.motes.push_back(mote);
  }
  EXPECT_EQ(fixture.run(),
            "plan.json:2:5: error: motes 1\u20133, 5\u20137, 9\u201312 are 'Meter', but have no sensor 'voltage'; add "
            "\"voltage\" to their \"sensors\", or change their \"class\"\n"
            "program.cpp:2:17: note: 'Meter' needs sensor 'voltage'\n1 error generated.\n");
}

}  // namespace check_test_cpp
}  // namespace
}  // namespace edgecut::compiler
