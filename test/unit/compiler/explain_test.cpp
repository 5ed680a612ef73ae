// edgecut explain's report, from a Partition made by hand.
#include "edgecut/compiler/explain.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <tuple>

#include "model_builder.hpp"

namespace edgecut::compiler {
namespace {
namespace explain_test_cpp {

using testing::at;
using testing::function;

TEST(Explain, GroupsListTheirMotesAsRanges) {
  ProgramModel program;
  program.files = {{"program.cpp"}};
  Function dry = function("Soil::dry()", Attribute::Auto, 3);
  dry.runsOn = OnMoteInstance{"Soil"};
  program.functions.push_back(dry);
  Function keep = function("Soil::keep()", Attribute::Onboard, 5);
  keep.runsOn = OnMoteInstance{"Soil"};
  keep.calls = {{"state()", at(5)}};
  program.functions.push_back(keep);
  Function state = function("state()", Attribute::None, 6);
  state.fieldUses = {{"Soil", "last", at(6), at(2)}};
  program.functions.push_back(state);
  PlacementPlan plan;
  PlacementEntry entry = testing::entry("Soil::dry", Side::Auto, 5);
  plan.placements = {entry};
  DiagnosticSink diagnostics;
  ResolvedPlacement placement = *resolvePlacement(program, plan, diagnostics);
  FunctionPlacement& placed = placement.byKey.at("Soil::dry()");
  placed.planEntry = &plan.placements[0];
  std::vector<std::uint32_t> many;
  for (std::uint32_t id = 1; id <= 1000; ++id) many.push_back(id);
  placed.groups = {GroupPlacement{nullptr, "path '/field'", many, Side::Mote, PlacementReason::Plan, {}},
                   GroupPlacement{nullptr, "the other motes", {1001}, Side::Base, PlacementReason::Plan, {}}};
  placed.side = Side::Mote;
  placed.reason = PlacementReason::Plan;
  std::ostringstream out;
  explain(out, program, plan, Partition(program, std::move(placement)));
  const std::string text = out.str();
  EXPECT_NE(text.find("  path '/field' (motes 1–1000)  mote  \n"), std::string::npos) << text;
  EXPECT_NE(text.find("  the other motes (mote 1001)   base  \n"), std::string::npos) << text;
  EXPECT_NE(text.find("Soil::dry()                     both  per group, plan entry at plan.json:5:20: compiled "
                      "into the mote, and the base keeps its own variant\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("state()                         mote  unannotated, called from mote code: compiled into "
                      "the mote (it uses mote state)\n"),
            std::string::npos)
      << text;
}

TEST(Explain, PeriodicTasksSayTheirPeriod) {
  ProgramModel program;
  program.files = {{"program.cpp"}};
  for (auto [key, attribute, period] : {std::tuple{"Meter::sample()", Attribute::Onboard, 60'000u},
                                        std::tuple{"Meter::check()", Attribute::Auto, 600'000u}}) {
    Function task = function(key, attribute, 3);
    task.runsOn = OnMoteInstance{"Meter"};
    task.every = PeriodicTask{period, "", at(3)};
    program.functions.push_back(task);
  }
  PlacementPlan plan;
  plan.periods = {{"Meter::check", "30s", 30'000, at(4, 5, "plan.json"), at(4, 20, "plan.json")}};
  DiagnosticSink diagnostics;
  ResolvedPlacement placement = *resolvePlacement(program, plan, diagnostics);
  std::ostringstream out;
  explain(out, program, plan, Partition(program, std::move(placement)));
  const std::string text = out.str();
  EXPECT_NE(text.find("Meter::sample()  mote  pinned by [[onboard]]; periodic, every 1min: 60 runs an hour per "
                      "mote in the estimate\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Meter::check()   base  [[auto]] with no plan entry: the base by default; periodic, every "
                      "30s (the plan's periods): 120 runs an hour per mote in the estimate\n"),
            std::string::npos)
      << text;
}

TEST(Explain, BaseFunctionsThatAutoMoteCodeCallsSayWhatTheCallCosts) {
  ProgramModel program;
  program.files = {{"program.cpp"}};
  Function sample = function("Meter::sample()", Attribute::Auto, 3);
  sample.runsOn = OnMoteInstance{"Meter"};
  sample.calls = {{"store(int)", at(3)}, {"next()", at(3)}};
  program.functions.push_back(sample);
  Function store = function("store(int)", Attribute::Onbase, 5);
  store.returnType = "void";
  program.functions.push_back(store);
  program.functions.push_back(function("next()", Attribute::Onbase, 6));
  PlacementPlan plan;
  plan.placements = {testing::entry("Meter::sample", Side::Mote, 2)};
  DiagnosticSink diagnostics;
  ResolvedPlacement placement = *resolvePlacement(program, plan, diagnostics);
  std::ostringstream out;
  explain(out, program, plan, Partition(program, std::move(placement)));
  const std::string text = out.str();
  EXPECT_NE(text.find("store(int)       base  pinned by [[onbase]]; [[auto]] mote code pushes to it over the radio "
                      "(approach 2, one-way): the mote sends the arguments, the base's acknowledgement is free\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("next()           base  pinned by [[onbase]]; [[auto]] mote code calls it over the radio "
                      "(approach 2): the mote sends the arguments, the base's reply is free\n"),
            std::string::npos)
      << text;
}

}  // namespace explain_test_cpp
}  // namespace
}  // namespace edgecut::compiler
