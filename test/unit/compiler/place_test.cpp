#include "edgecut/compiler/place.hpp"

#include <gtest/gtest.h>

#include "model_builder.hpp"

namespace edgecut::compiler {
namespace {

using testing::entry;
using testing::function;

ProgramModel sampleProgram() {
  ProgramModel program;
  program.mainFile = "program.cpp";
  Function average = function("Soil::average(int)", Attribute::Auto, 5);
  average.moteClass = "Soil";
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

std::string errorsFor(std::vector<PlacementEntry> entries) {
  ProgramModel program = sampleProgram();
  PlacementPlan plan;
  plan.placements = std::move(entries);
  DiagnosticSink diagnostics;
  diagnostics.setFileText("plan.json", "");
  diagnostics.setFileText("program.cpp", "");
  EXPECT_FALSE(resolvePlacement(program, plan, diagnostics));
  return diagnostics.render();
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

}  // namespace
}  // namespace edgecut::compiler
