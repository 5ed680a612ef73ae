#include "edgecut/compiler/place.hpp"

#include <gtest/gtest.h>

#include <initializer_list>

#include "model_builder.hpp"

namespace edgecut::compiler {
namespace {
namespace place_test_cpp {

using testing::at;
using testing::entry;
using testing::function;

ProgramModel sampleProgram() {
  ProgramModel program;
  program.files = {{"program.cpp"}};
  Function average = function("Soil::average(int)", Attribute::Auto, 5);
  average.runsOn = OnMoteInstance{"Soil"};
  program.functions.push_back(average);
  program.functions.push_back(function("log(int)", Attribute::Onbase, 10));
  program.functions.push_back(function("filter(int)", Attribute::Onboard, 12));
  program.functions.push_back(function("scale(int)", Attribute::Auto, 14));
  program.functions.push_back(function("scale(double)", Attribute::Auto, 15));
  program.functions.push_back(function("helper()", Attribute::None, 17));
  program.functions.push_back(function("main()", Attribute::None, 20));
  return program;
}

TEST(Place, AttributesMainAndDefaults) {
  ProgramModel program = sampleProgram();
  PlacementPlan plan;
  DiagnosticSink diagnostics;
  auto placement = resolvePlacement(program, plan, diagnostics);
  ASSERT_TRUE(placement) << diagnostics.render();
  EXPECT_EQ(placement->find("log(int)")->side, Side::Base);
  EXPECT_EQ(placement->find("log(int)")->reason, PlacementReason::Attribute);
  EXPECT_EQ(placement->find("filter(int)")->side, Side::Mote);
  EXPECT_EQ(placement->find("main()")->reason, PlacementReason::Main);
  EXPECT_EQ(placement->find("Soil::average(int)")->side, Side::Base);
  EXPECT_EQ(placement->find("Soil::average(int)")->reason, PlacementReason::Default);
  EXPECT_EQ(placement->find("helper()"), nullptr) << "unannotated functions are not placed";
}

TEST(Place, PlanPlacesAutoFunctionsBySignature) {
  ProgramModel program = sampleProgram();
  PlacementPlan plan;
  plan.placements = {entry("Soil::average", Side::Mote, 3), entry("scale( double )", Side::Mote, 4)};
  DiagnosticSink diagnostics;
  auto placement = resolvePlacement(program, plan, diagnostics);
  ASSERT_TRUE(placement) << diagnostics.render();
  EXPECT_TRUE(placement->onMote("Soil::average(int)"));
  EXPECT_EQ(placement->find("Soil::average(int)")->planEntry, &plan.placements[0]);
  EXPECT_TRUE(placement->onMote("scale(double)"));
  EXPECT_TRUE(placement->onBase("scale(int)"));
}

TEST(Place, PlanAutoKeepsTheDefault) {
  ProgramModel program = sampleProgram();
  PlacementPlan plan;
  plan.placements = {entry("Soil::average", Side::Auto, 3)};
  DiagnosticSink diagnostics;
  auto placement = resolvePlacement(program, plan, diagnostics);
  ASSERT_TRUE(placement);
  EXPECT_EQ(placement->find("Soil::average(int)")->reason, PlacementReason::Default);
}

// What resolvePlacement says about `plan` for `program`, which it must reject.
std::string errorsIn(const ProgramModel& program, const PlacementPlan& plan) {
  DiagnosticSink diagnostics;
  diagnostics.setFileText("plan.json", "");
  diagnostics.setFileText("program.cpp", "");
  EXPECT_FALSE(resolvePlacement(program, plan, diagnostics));
  return diagnostics.render();
}

std::string errorsFor(std::vector<PlacementEntry> entries) {
  PlacementPlan plan;
  plan.placements = std::move(entries);
  return errorsIn(sampleProgram(), plan);
}

TEST(Place, UnknownKeySuggestsTheClosestFunction) {
  EXPECT_EQ(errorsFor({entry("Soil::averag", Side::Mote, 3)}),
            "plan.json:3:5: error: placement key 'Soil::averag' names no function in program.cpp; "
            "did you mean 'Soil::average'?\n1 error generated.\n");
}

TEST(Place, UnknownKeyWithNothingCloseHasNoSuggestion) {
  EXPECT_EQ(errorsFor({entry("completelyDifferent", Side::Mote, 3)}),
            "plan.json:3:5: error: placement key 'completelyDifferent' names no function in "
            "program.cpp\n1 error generated.\n");
}

TEST(Place, OverloadsNeedASignature) {
  EXPECT_EQ(errorsFor({entry("scale", Side::Mote, 6)}),
            "plan.json:6:5: error: placement key 'scale' names 2 overloads; write the signature, "
            "e.g. 'scale(int)'\n"
            "program.cpp:14:5: note: candidate 'scale(int)'\n"
            "program.cpp:15:5: note: candidate 'scale(double)'\n1 error generated.\n");
}

TEST(Place, ContradictingAnAttributeIsAnError) {
  EXPECT_EQ(errorsFor({entry("log", Side::Mote, 2)}),
            "plan.json:2:20: error: plan places 'log' on the mote, but it is marked [[onbase]]; "
            "change the plan entry to \"base\", or mark the function [[auto]] to let the plan "
            "decide\nprogram.cpp:10:3: note: 'log' is pinned to the base here\n1 error generated.\n");
}

TEST(Place, AgreeingWithAnAttributeIsFine) {
  ProgramModel program = sampleProgram();
  PlacementPlan plan;
  plan.placements = {entry("log", Side::Base, 2), entry("filter", Side::Mote, 3)};
  DiagnosticSink diagnostics;
  EXPECT_TRUE(resolvePlacement(program, plan, diagnostics)) << diagnostics.render();
}

TEST(Place, UnannotatedFunctionsCannotBePlaced) {
  EXPECT_EQ(errorsFor({entry("helper", Side::Mote, 7)}),
            "plan.json:7:5: error: 'helper' has no placement attribute, so the plan cannot place "
            "it; mark it [[auto]] to let the plan choose its side\n"
            "program.cpp:17:5: note: 'helper' declared here\n1 error generated.\n");
}

TEST(Place, MainStaysOnTheBase) {
  EXPECT_EQ(errorsFor({entry("main", Side::Mote, 8)}),
            "plan.json:8:20: error: main always runs on the base; remove this entry or place it "
            "on \"base\"\nprogram.cpp:20:5: note: main declared here\n1 error generated.\n");
}

TEST(Place, EveryBadEntryIsReported) {
  std::string errors = errorsFor({entry("nope", Side::Mote, 2), entry("log", Side::Mote, 3)});
  EXPECT_NE(errors.find("2 errors generated."), std::string::npos) << errors;
}

// ---- periodic tasks (docs/design.md §9) -------------------------------------------------------------

// Soil::average(int) and Soil::tick(), which runs every minute, and Soil::poll(), every hour.
ProgramModel taskProgram() {
  ProgramModel program = sampleProgram();
  for (const char* key : {"Soil::tick()", "Soil::poll()"}) {
    Function task = function(key, Attribute::Onboard, key[6] == 't' ? 21 : 22);
    task.runsOn = OnMoteInstance{"Soil"};
    task.every = PeriodicTask{key[6] == 't' ? 60'000u : 3'600'000u, key[6] == 't' ? "1min" : "1h", at(21, 16)};
    program.functions.push_back(task);
  }
  return program;
}

PeriodEntry period(std::string key, std::uint64_t milliseconds, unsigned line) {
  return {std::move(key), "30s", milliseconds, at(line, 5, "plan.json"), at(line, 20, "plan.json")};
}

TEST(PlaceTasks, EveryTaskInProgramOrderWithThePlansPeriodFirst) {
  ProgramModel program = taskProgram();
  PlacementPlan plan;
  plan.periods = {period("Soil::poll", 30'000, 3)};
  DiagnosticSink diagnostics;
  auto placement = resolvePlacement(program, plan, diagnostics);
  ASSERT_TRUE(placement) << diagnostics.render();
  ASSERT_EQ(placement->tasks.size(), 2u);
  EXPECT_EQ(placement->tasks[0].key, "Soil::tick()");
  EXPECT_EQ(placement->tasks[0].periodMs, 60'000u);
  EXPECT_EQ(placement->tasks[0].planEntry, nullptr);
  EXPECT_EQ(placement->tasks[1].key, "Soil::poll()");
  EXPECT_EQ(placement->tasks[1].periodMs, 30'000u);
  EXPECT_EQ(placement->tasks[1].planEntry, &plan.periods[0]);
}

std::string periodErrors(std::vector<PeriodEntry> periods, const ProgramModel& program = taskProgram()) {
  PlacementPlan plan;
  plan.periods = std::move(periods);
  return errorsIn(program, plan);
}

TEST(PlaceTasks, PeriodsNamePeriodicTasks) {
  EXPECT_EQ(periodErrors({period("Soil::tik", 1, 3)}),
            "plan.json:3:5: error: periods key 'Soil::tik' names no function in program.cpp; did you mean "
            "'Soil::tick'?\n1 error generated.\n");
  EXPECT_EQ(periodErrors({period("Soil::average", 1, 4)}),
            "plan.json:4:5: error: 'Soil::average' is not a periodic task, so the plan cannot give it a period; "
            "mark it [[every(\"30s\")]] to run it periodically\n"
            "program.cpp:5:5: note: 'Soil::average' declared here\n1 error generated.\n");
  EXPECT_EQ(periodErrors({period("Soil::tick", 1, 5), period("Soil::tick()", 2, 6)}),
            "plan.json:6:5: error: 'Soil::tick' has two periods in the plan; keep one\n"
            "plan.json:5:5: note: first period here\n1 error generated.\n");
  EXPECT_EQ(periodErrors({period("tick", 1, 7)}, sampleProgram()),
            "plan.json:7:5: error: periods key 'tick' names no function in program.cpp, and the program has no "
            "periodic task\n1 error generated.\n");
}

// ---- per-group placement --------------------------------------------------------------------------

// Soil motes 1-4 (1 and 2 in the greenhouse, 3 and 4 in the field, a cluster), a Thermo mote 5 in
// the greenhouse, and a mote 6 with no class that has what a Soil needs.
const char* const kGroupNetwork = R"json({"motes": [
  {"id": 1, "position": [1, 0], "class": "Soil", "path": "/greenhouse/a"}, {"id": 2, "position": [2, 0], "class": "Soil", "path": "/greenhouse/b"},
  {"id": 3, "position": [3, 0], "class": "Soil", "path": "/field/a"}, {"id": 4, "position": [4, 0], "class": "Soil", "path": "/field/b"},
  {"id": 5, "position": [5, 0], "class": "Thermo", "path": "/greenhouse/air"},
  {"id": 6, "position": [6, 0], "path": "/shed", "sensors": {"moisture": 1}}],
 "clusters": [{"name": "field", "members": [3, 4], "head": 4}, {"name": "air", "members": [5]}]}
)json";

ProgramModel groupProgram() {
  ProgramModel program = sampleProgram();
  MoteClass soil, thermo;
  soil.name = "Soil";
  soil.sensors = {"moisture"};
  thermo.name = "Thermo";
  thermo.sensors = {"temperature"};
  program.moteClasses = {soil, thermo};
  ClusterClass field;
  field.name = "Field";
  field.memberClass = "Soil";
  program.clusterClasses.push_back(field);
  Function onHead = function("Field::average()", Attribute::Auto, 30);
  onHead.runsOn = OnClusterHead{"Field", "Soil"};
  program.functions.push_back(onHead);
  Function sample = function("Soil::sample()", Attribute::Onboard, 31);
  sample.runsOn = OnMoteInstance{"Soil"};
  program.functions.push_back(sample);
  return program;
}

struct GroupCase {
  PlacementPlan plan;
  std::optional<ResolvedPlacement> placement;
  std::string diagnostics;
};

// Resolves the plan whose placement is `placement` (JSON text) over kGroupNetwork. The program's
// file has no text, so diagnostics show no source lines for it.
GroupCase resolveGroups(const std::string& placement) {
  const std::string text = std::string("{\"network\": ") + kGroupNetwork + ", \"placement\": " + placement + "}\n";
  GroupCase out;
  DiagnosticSink diagnostics;
  diagnostics.setFileText("program.cpp", "");
  std::optional<PlacementPlan> plan = parsePlan("plan.json", text, diagnostics);
  EXPECT_TRUE(plan) << diagnostics.render();
  if (!plan) return out;
  out.plan = std::move(*plan);
  diagnostics.setFileText("plan.json", "");  // keep the expected texts short
  out.placement = resolvePlacement(groupProgram(), out.plan, diagnostics);
  out.diagnostics = diagnostics.render();
  return out;
}

std::vector<std::uint32_t> ids(std::initializer_list<std::uint32_t> list) { return list; }

TEST(PlaceGroups, EachGroupGetsItsMotesAndTheRestIsLeftToTheEstimate) {
  GroupCase resolved = resolveGroups(
      R"json({"Soil::average": [{"path": "/greenhouse", "side": "mote"}, {"motes": [3], "side": "base"}]})json");
  ASSERT_TRUE(resolved.placement) << resolved.diagnostics;
  const FunctionPlacement& placed = *resolved.placement->find("Soil::average(int)");
  ASSERT_EQ(placed.groups.size(), 3u);
  EXPECT_EQ(placed.groups[0].motes, ids({1, 2})) << "the Thermo in the greenhouse is not a Soil";
  EXPECT_EQ(placed.groups[0].side, Side::Mote);
  EXPECT_EQ(placed.groups[0].reason, PlacementReason::Plan);
  EXPECT_EQ(placed.groups[0].planGroup, &resolved.plan.placements[0].groups[0]);
  EXPECT_EQ(placed.groups[1].motes, ids({3}));
  EXPECT_EQ(placed.groups[1].side, Side::Base);
  // Motes no group selects are placed as with no plan entry: by the energy estimate.
  EXPECT_EQ(placed.groups[2].label, "the other motes");
  EXPECT_EQ(placed.groups[2].motes, ids({4, 6})) << "mote 6 has no class but has what a Soil needs";
  EXPECT_EQ(placed.groups[2].reason, PlacementReason::Default);
  EXPECT_EQ(placed.groups[2].planGroup, nullptr);
  EXPECT_EQ(placed.reason, PlacementReason::Default);
  EXPECT_EQ(placed.side, Side::Mote) << "compiled into the mote for its mote group";
  EXPECT_TRUE(placed.splitByGroup());
  EXPECT_TRUE(resolved.placement->onMote("Soil::average(int)"));
  EXPECT_FALSE(resolved.placement->onBase("Soil::average(int)"));
  EXPECT_EQ(placed.groupOf(2), &placed.groups[0]);
  EXPECT_EQ(placed.groupOf(5), nullptr);
}

TEST(PlaceGroups, OneSideForEveryGroupIsNoSplit) {
  GroupCase resolved = resolveGroups(
      R"json({"Soil::average": [{"cluster": "field", "side": "base"}, {"side": "base"}]})json");
  ASSERT_TRUE(resolved.placement) << resolved.diagnostics;
  const FunctionPlacement& placed = *resolved.placement->find("Soil::average(int)");
  EXPECT_EQ(placed.groups[0].motes, ids({3, 4}));
  EXPECT_EQ(placed.groups[1].motes, ids({1, 2, 6}));
  EXPECT_EQ(placed.reason, PlacementReason::Plan);
  EXPECT_FALSE(placed.splitByGroup());
  EXPECT_TRUE(resolved.placement->onBase("Soil::average(int)"));
}

TEST(PlaceGroups, AClusterMethodIsPlacedPerClusterByItsHead) {
  GroupCase resolved = resolveGroups(R"json({"Field::average": [{"cluster": "field", "side": "mote"}]})json");
  ASSERT_TRUE(resolved.placement) << resolved.diagnostics;
  const FunctionPlacement& placed = *resolved.placement->find("Field::average()");
  ASSERT_EQ(placed.groups.size(), 1u) << "the only cluster of Soil motes is selected: no rest";
  EXPECT_EQ(placed.groups[0].motes, ids({4}));
}

TEST(PlaceGroups, GroupsMustSelectMotesOfTheFunctionsClass) {
  EXPECT_EQ(resolveGroups(R"json({"Soil::average": [{"motes": [1, 5], "side": "mote"},
                                                {"cluster": "air", "side": "base"},
                                                {"path": "/greenhouse/air", "side": "base"}]})json")
                .diagnostics,
            "plan.json:7:45: error: mote 5 is not a 'Soil' mote, so 'Soil::average' never runs there; it runs on "
            "motes 1, 2, 3, 4 and 6\n"
            "program.cpp:5:5: note: 'Soil::average' declared here\n"
            "plan.json:8:61: error: cluster 'air' has motes of another class than 'Soil', whose motes "
            "'Soil::average' runs on: mote 5; it runs on motes 1, 2, 3, 4 and 6\n"
            "plan.json:6:64: note: cluster 'air' declared here\n"
            "plan.json:9:58: error: path '/greenhouse/air' holds no mote that 'Soil::average' runs on, only mote 5, "
            "not a 'Soil' mote; it runs on motes 1, 2, 3, 4 and 6\n"
            "3 errors generated.\n");
  EXPECT_EQ(resolveGroups(R"json({"Field::average": [{"motes": [3], "side": "mote"}]})json").diagnostics,
            "plan.json:7:46: error: mote 3 is not the head of a cluster of 'Soil' motes, so 'Field::average' never "
            "runs there; it runs on mote 4\n"
            "program.cpp:30:5: note: 'Field::average' declared here\n"
            "1 error generated.\n");
}

TEST(PlaceGroups, OverlappingAndEmptyGroups) {
  EXPECT_EQ(resolveGroups(R"json({"Soil::average": [{"path": "/field", "side": "mote"},
                                                {"motes": [4, 1], "side": "base"},
                                                {"path": "/", "side": "base"},
                                                {"side": "auto"}]})json")
                .diagnostics,
            "plan.json:8:59: error: mote 4 is in an earlier group of 'Soil::average' too, and a mote belongs to "
            "one group; remove it from one of them\n"
            "plan.json:7:44: note: the earlier group selects it here\n"
            "plan.json:9:58: error: mote 1 is in an earlier group of 'Soil::average' too, and a mote belongs to "
            "one group; remove it from one of them\n"
            "plan.json:8:59: note: the earlier group selects it here\n"
            "plan.json:9:58: error: mote 3 is in an earlier group of 'Soil::average' too, and a mote belongs to "
            "one group; remove it from one of them\n"
            "plan.json:7:44: note: the earlier group selects it here\n"
            "plan.json:9:58: error: mote 4 is in an earlier group of 'Soil::average' too, and a mote belongs to "
            "one group; remove it from one of them\n"
            "plan.json:7:44: note: the earlier group selects it here\n"
            "plan.json:10:49: error: this group of 'Soil::average' selects no mote: the groups before it select "
            "every mote it runs on (1, 2, 3, 4 and 6); remove it\n"
            "5 errors generated.\n");
}

TEST(PlaceGroups, OnlyFunctionsWithAMoteToRunOnArePlacedPerGroup) {
  EXPECT_EQ(resolveGroups(R"json({"scale(int)": [{"motes": [1], "side": "mote"}]})json").diagnostics,
            "plan.json:7:31: error: 'scale' cannot be placed per group: it has no mote to run on, as it is not a "
            "method of a [[mote]] class or of a cluster and has no parameter of a [[mote]] class type, so no call "
            "of it says which mote's group applies; place it on one side (\"mote\", \"base\" or \"auto\"), or "
            "give it a mote parameter\n"
            "program.cpp:14:5: note: 'scale' declared here\n"
            "1 error generated.\n");
}

TEST(PlaceGroups, GroupsMayNotContradictAnAttribute) {
  EXPECT_EQ(resolveGroups(R"json({"Soil::sample": [{"motes": [1], "side": "mote"}, {"side": "base"}]})json").diagnostics,
            "plan.json:7:75: error: plan places 'Soil::sample' on the base for the other motes, but it is marked "
            "[[onboard]], which runs it on the mote for every mote; mark it [[auto]] to place it per group, or "
            "drop the per-group entry\n"
            "program.cpp:31:3: note: 'Soil::sample' is pinned to the mote here\n"
            "1 error generated.\n");
}

}  // namespace place_test_cpp
}  // namespace
}  // namespace edgecut::compiler
