#include "edgecut/compiler/energy.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <random>

#include "edgecut/compiler/check.hpp"

#include "energy_field.hpp"
#include "model_builder.hpp"

namespace edgecut::compiler {
namespace {
namespace energy_test_cpp {

using testing::entry;
using testing::Field;
using testing::function;

TEST(Energy, EstimatesBothSidesTermByTerm) {
  Field field;
  ResolvedPlacement placement = field.place();
  const FunctionPlacement& avg = *placement.find("Soil::avg()");
  EXPECT_EQ(avg.reason, PlacementReason::Energy);
  ASSERT_TRUE(avg.energy);
  // On the mote: 2 calls · 50 ops; each call sends 1 value, to the base: 100 · (25 + 100) / 2 per
  // call on average, 2 calls.
  EXPECT_EQ(avg.side, Side::Mote);
  EXPECT_DOUBLE_EQ(avg.energy->chosen.instructions, 2 * 50);
  EXPECT_DOUBLE_EQ(avg.energy->chosen.transmit, 2 * 100 * 62.5);
  // On the base: 2 · 8 reads, each one value from a mote to the base.
  ASSERT_TRUE(avg.energy->other);
  EXPECT_DOUBLE_EQ(avg.energy->other->instructions, 0);
  EXPECT_DOUBLE_EQ(avg.energy->other->transmit, 2 * 8 * 100 * 62.5);
  EXPECT_TRUE(avg.energy->constraint.empty());

  EnergyTerms estimate = estimateEnergy(field.program, field.plan, placement);
  EXPECT_DOUBLE_EQ(estimate.total(), 100 + 12500);
}

TEST(Energy, MotesAreOfAClassAsTheRuntimeBindsThem) {
  // A mote with no class in the network fits Soil by its sensors (docs/design.md §1), as the runtime binds
  // it; a mote of another class, far away, is none of Soil's. Same estimate as with classes given.
  Field field;
  for (PlanMote& mote : field.plan.network.motes) mote.className.clear();
  PlanMote other = Field::mote(3, 300, 400);
  other.className = "Pump";
  field.plan.network.motes.push_back(other);
  ResolvedPlacement placement = field.place();
  const FunctionPlacement& avg = *placement.find("Soil::avg()");
  EXPECT_EQ(avg.side, Side::Mote);
  EXPECT_DOUBLE_EQ(avg.energy->chosen.transmit, 2 * 100 * 62.5);
  EXPECT_DOUBLE_EQ(avg.energy->other->transmit, 2 * 8 * 100 * 62.5);
}

TEST(Energy, ExpensiveInstructionsMoveCodeToTheBase) {
  Field field(/*instruction=*/1000, /*transmit=*/100);  // 100,000 on the mote > 100,000 - 12,500
  ResolvedPlacement placement = field.place();
  const FunctionPlacement& avg = *placement.find("Soil::avg()");
  EXPECT_EQ(avg.side, Side::Base);
  EXPECT_DOUBLE_EQ(avg.energy->chosen.transmit, 100000);
  EXPECT_DOUBLE_EQ(avg.energy->other->total(), 100000 + 12500);
}

TEST(Energy, RoutesAddTheirHops) {
  Field field;
  // Mote 2 relays through mote 1: (6,8) -> (3,4) is d² 25, then (3,4) -> base 25.
  field.plan.network.routes[2] = 1;
  ResolvedPlacement placement = field.place();
  EXPECT_DOUBLE_EQ(placement.find("Soil::avg()")->energy->chosen.transmit, 2 * 100 * (25 + 50) / 2.0);
}

TEST(Energy, LegalityPinsWithTheReason) {
  Field field;
  // avg uses a mutable global: it cannot run on the mote, whatever the energy.
  Function& avg = field.program.functions[1];
  avg.globals.push_back({"calibration", true, testing::at(6), testing::at(1)});
  ResolvedPlacement placement = field.place();
  const FunctionPlacement& placed = *placement.find("Soil::avg()");
  EXPECT_EQ(placed.side, Side::Base);
  EXPECT_FALSE(placed.energy->other);
  EXPECT_EQ(placed.energy->constraint,
            "'Soil::avg' runs on the mote, but uses the mutable global 'calibration', which exists "
            "only on the base; make it const or constexpr, or pass its value as an argument");

  // State follows code (docs/design.md §1): mote state an [[auto]] function uses no longer keeps
  // it on the mote; dear operations take it, and the state, to the base.
  Field state;
  state.program.moteClasses[0].dataMembers = {"last"};
  state.program.functions[1].fieldUses.push_back({"Soil", "last", testing::at(6), testing::at(3), {}});
  state.plan.energy.instruction = 1e9;
  ResolvedPlacement moved = state.place();
  EXPECT_EQ(moved.find("Soil::avg()")->side, Side::Base);
  EXPECT_TRUE(moved.find("Soil::avg()")->energy->other) << "the mote is legal too";
  // An [[onboard]] user of the same member keeps it on the mote: the placer keeps the users of a
  // member together (PlacementProblem::together).
  Function reset = function("Soil::reset()", Attribute::Onboard, 8);
  reset.runsOn = OnMoteInstance{"Soil"};
  reset.fieldUses.push_back({"Soil", "last", testing::at(8), testing::at(3), {}});
  state.program.functions.push_back(reset);
  ResolvedPlacement kept = state.place();
  EXPECT_EQ(kept.find("Soil::avg()")->side, Side::Mote);
}

// ---- Helpers: compiled into the mote (approach 1) or called on the base (approach 2) ----

// avg() calls the helper filter(int) once per call: one value argument, `operations` operations.
Function& addHelper(Field& field, double operations, std::string key = "filter(int)") {
  Function helper = function(key, Attribute::None, 3);
  helper.operationsPerCall = operations;
  helper.blockOperations.push_back({});
  helper.blockOperations.back().operations = static_cast<std::uint64_t>(operations);
  Parameter value;
  value.name = "value";
  value.dataValues = 1;
  helper.parameters.push_back(value);
  helper.returnDataValues = 1;
  field.program.functions[1].calls.push_back({key, testing::at(7), 1});
  field.program.functions.insert(field.program.functions.begin(), helper);
  return field.program.functions.front();
}

TEST(Energy, ACheapHelperIsCompiledInAndAnExpensiveOneCalledOnTheBase) {
  // 2 calls of filter in all (one per call of avg), from motes at mean d² 62.5. Remote, each sends
  // one value: 2 · 100 · 62.5 = 12500; compiled in: 2 · its operations. avg on the mote: 2 · 50
  // operations and its result, 12500; on the base: 2 · 8 reads, 100000.
  Field cheap;
  addHelper(cheap, 10);
  ResolvedPlacement placement = cheap.place();
  ASSERT_EQ(placement.find("Soil::avg()")->side, Side::Mote);
  ASSERT_EQ(placement.helpers.count("filter(int)"), 1u);
  const HelperPlacement compiled = placement.helpers.at("filter(int)");
  EXPECT_EQ(compiled.approach, HelperApproach::Compiled);
  ASSERT_TRUE(compiled.compiled && compiled.remote);
  EXPECT_DOUBLE_EQ(compiled.compiled->instructions, 2 * 50 + 2 * 10);
  EXPECT_DOUBLE_EQ(compiled.compiled->transmit, 12500);
  EXPECT_DOUBLE_EQ(compiled.remote->instructions, 2 * 50);
  EXPECT_DOUBLE_EQ(compiled.remote->transmit, 12500 + 12500);
  EXPECT_TRUE(compiled.constraint.empty());
  EXPECT_DOUBLE_EQ(estimateEnergy(cheap.program, cheap.plan, placement).total(), compiled.compiled->total());
  EXPECT_EQ(Role::CompiledHelper, Partition(cheap.program, placement).find("filter(int)")->role);

  Field expensive;
  addHelper(expensive, 10000);
  placement = expensive.place();
  ASSERT_EQ(placement.find("Soil::avg()")->side, Side::Mote);
  ASSERT_EQ(placement.helpers.count("filter(int)"), 1u);
  const HelperPlacement remote = placement.helpers.at("filter(int)");
  EXPECT_EQ(remote.approach, HelperApproach::Remote);
  ASSERT_TRUE(remote.compiled && remote.remote);
  EXPECT_DOUBLE_EQ(remote.remote->instructions, 2 * 50);
  EXPECT_DOUBLE_EQ(remote.remote->transmit, 12500 + 12500);
  EXPECT_DOUBLE_EQ(remote.compiled->instructions, 2 * 50 + 2 * 10000);
  EXPECT_TRUE(placement.remoteHelper("filter(int)"));
  const Partition partition(expensive.program, placement);
  EXPECT_EQ(partition.find("filter(int)")->role, Role::RemoteHelper);
  EXPECT_EQ(partition.find("filter(int)")->fromMote, nullptr);
  EXPECT_NE(partition.find("filter(int)")->fromBase, nullptr);
}

TEST(Energy, AHelperThatCannotRunOnAMoteIsCalledOnTheBaseAndItsCallerMayStillGoThere) {
  Field field;
  Function& helper = addHelper(field, 1);
  helper.globals.push_back({"log", true, testing::at(4), testing::at(2)});
  ResolvedPlacement placement = field.place();
  EXPECT_EQ(placement.find("Soil::avg()")->side, Side::Mote) << "approach 1 alone would keep it on the base";
  ASSERT_EQ(placement.helpers.count("filter(int)"), 1u);
  const HelperPlacement& remote = placement.helpers.at("filter(int)");
  EXPECT_EQ(remote.approach, HelperApproach::Remote);
  EXPECT_FALSE(remote.compiled);
  EXPECT_EQ(remote.constraint,
            "'filter' runs on the mote, but uses the mutable global 'log', which exists only on the "
            "base; make it const or constexpr, or pass its value as an argument");
  for (PlanMote& mote : field.plan.network.motes) mote.sensors["moisture"] = {};
  DiagnosticSink diagnostics;
  EXPECT_TRUE(checkProgram(field.program, field.plan, Partition(field.program, placement), diagnostics)) << diagnostics.render();
  // Compiled in, the same placement is an error at the global, as before.
  placement.helpers.at("filter(int)").approach = HelperApproach::Compiled;
  EXPECT_FALSE(checkProgram(field.program, field.plan, Partition(field.program, placement), diagnostics));
}

// ---- [[auto]] code on a mote calling the base (approach 2, docs/design.md §1) ----

// avg() calls the [[onbase]] void function keep(int) once per call: one value argument.
Function& addBaseCallee(Field& field) {
  Function keep = function("keep(int)", Attribute::Onbase, 3);
  keep.returnType = "void";
  Parameter value;
  value.name = "value";
  value.dataValues = 1;
  keep.parameters.push_back(value);
  field.program.functions[1].calls.push_back({"keep(int)", testing::at(7), 1});
  field.program.functions.insert(field.program.functions.begin(), keep);
  return field.program.functions.front();
}

TEST(Energy, AnAutoFunctionOnAMoteCallsTheBaseOverTheRadioPayingForItsArguments) {
  // avg on the mote: 2 · 50 operations, its result 2 · 100 · 62.5 = 12500, and keep's argument
  // sent to the base, 12500 more (the base's acknowledgement is free); on the base: 2 · 8 reads,
  // 100000. Before approach 2, calling keep kept avg on the base.
  Field field;
  addBaseCallee(field);
  const ResolvedPlacement placement = field.place();
  ASSERT_EQ(placement.find("Soil::avg()")->side, Side::Mote);
  const EnergyTerms terms = estimateEnergy(field.program, field.plan, placement);
  EXPECT_DOUBLE_EQ(terms.instructions, 2 * 50);
  EXPECT_DOUBLE_EQ(terms.transmit, 12500 + 12500);
  ASSERT_TRUE(placement.find("Soil::avg()")->energy->other);
  EXPECT_DOUBLE_EQ(placement.find("Soil::avg()")->energy->other->transmit, 100000);
  const Partition partition(field.program, placement);
  const FunctionPartition& keep = *partition.find("keep(int)");
  EXPECT_TRUE(keep.calledFromMote);
  EXPECT_EQ(keep.standIn, StandIn::RemoteStub) << "the mote's keep is a stub: a push";
  DiagnosticSink diagnostics;
  EXPECT_TRUE(checkProgram(field.program, field.plan, partition, diagnostics)) << diagnostics.render();
}

TEST(Energy, ACallBackIntoTheCallerOrFromOnboardCodeKeepsApproach3) {
  // keep calls avg back: recursion cannot cross the radio, so avg stays on the base.
  Field recursive;
  addBaseCallee(recursive).calls.push_back({"Soil::avg()", testing::at(3), 1});
  ResolvedPlacement placement = recursive.place();
  EXPECT_EQ(placement.find("Soil::avg()")->side, Side::Base);
  EXPECT_NE(placement.find("Soil::avg()")->energy->constraint, "");

  // [[onboard]] code calling the base is the error it was, and a note suggests [[auto]].
  Field onboard;
  addBaseCallee(onboard);
  onboard.program.functions[2].attribute = Attribute::Onboard;
  placement = onboard.place();
  DiagnosticSink diagnostics;
  EXPECT_FALSE(checkProgram(onboard.program, onboard.plan, Partition(onboard.program, placement), diagnostics));
  ASSERT_EQ(diagnostics.diagnostics().size(), 1u);
  const Diagnostic& error = diagnostics.diagnostics().front();
  EXPECT_EQ(error.message,
            "'Soil::avg' runs on the mote, but calls 'keep', which runs on the base; move the call into base code, "
            "or place 'keep' on the mote");
  ASSERT_EQ(error.notes.size(), 2u);
  EXPECT_EQ(error.notes[1].message,
            "'Soil::avg' is [[onboard]], so every name it uses must resolve on the mote; mark it [[auto]] and place "
            "it on the mote to call 'keep' on the base over the radio");
}

TEST(Energy, HelpersOfOnboardCodeOrOtherHelpersOrWithoutNamesHaveNoChoice) {
  // [[onboard]] code needs its callees compiled in (approach 3): the helper is, for avg too.
  Field onboard;
  addHelper(onboard, 10000);
  Function reader = function("Soil::peek()", Attribute::Onboard, 20);
  reader.runsOn = OnMoteInstance{"Soil"};
  reader.calls.push_back({"filter(int)", testing::at(21), 1});
  onboard.program.functions.push_back(reader);
  EXPECT_TRUE(onboard.place().helpers.empty());

  // An unnamed parameter cannot be forwarded by a stub.
  Field unnamed;
  addHelper(unnamed, 10000).parameters.front().name.clear();
  EXPECT_TRUE(unnamed.place().helpers.empty());

  // A pointer cannot cross.
  Field pointer;
  addHelper(pointer, 10000).parameters.front().problem = CrossingProblem{"a pointer"};
  EXPECT_TRUE(pointer.place().helpers.empty());

  // A constexpr helper keeps its body on the mote: a constant expression there may need it, and a
  // stub that calls the base cannot be evaluated at compile time.
  Field constant;
  addHelper(constant, 10000).isConstexpr = true;
  EXPECT_TRUE(constant.place().helpers.empty());
}

TEST(Energy, AutoCalleesFollowTheirCallerOntoTheMote) {
  Field field;
  // avg calls scale(), an auto free function with no mote parameter: on the mote it runs inside
  // avg; it cannot go to the mote on its own (base code calling it there would have no mote).
  Function scale = function("scale(int)", Attribute::Auto, 8);
  scale.operationsPerCall = 5;
  scale.returnDataValues = 1;
  field.program.functions[1].calls.push_back({"scale(int)", testing::at(6), 1});
  field.program.functions.insert(field.program.functions.begin() + 2, scale);
  ResolvedPlacement placement = field.place();
  EXPECT_EQ(placement.find("Soil::avg()")->side, Side::Mote);
  EXPECT_EQ(placement.find("scale(int)")->side, Side::Mote);
  EXPECT_DOUBLE_EQ(placement.find("scale(int)")->energy->chosen.instructions, 2 * 50 + 2 * 5);
  // scale on the base would force avg to the base too (mote code cannot call the base).
  ASSERT_TRUE(placement.find("scale(int)")->energy->other);
  EXPECT_DOUBLE_EQ(placement.find("scale(int)")->energy->other->transmit, 2 * 8 * 100 * 62.5);

  // An [[onbase]] callee no longer keeps avg on the base: avg calls it over the radio (approach
  // 2), and scale still follows avg. An auto callee is not split off by the estimate: only what
  // an attribute or the plan puts on the base is called over the radio.
  Function log = function("log(int)", Attribute::Onbase, 9);
  field.program.functions[1].calls.push_back({"log(int)", testing::at(7), 1});
  field.program.functions.insert(field.program.functions.begin() + 3, log);
  ResolvedPlacement pinned = field.place();
  EXPECT_EQ(pinned.find("Soil::avg()")->side, Side::Mote);
  EXPECT_EQ(pinned.find("Soil::avg()")->energy->constraint, "");
  EXPECT_EQ(pinned.find("scale(int)")->side, Side::Mote);
}

TEST(Energy, PlanEntriesAreNotOverridden) {
  Field field(/*instruction=*/1000);
  field.plan.placements = {entry("Soil::avg", Side::Mote, 3)};
  ResolvedPlacement placement = field.place();
  EXPECT_EQ(placement.find("Soil::avg()")->side, Side::Mote);
  EXPECT_EQ(placement.find("Soil::avg()")->reason, PlacementReason::Plan);
  EXPECT_DOUBLE_EQ(estimateEnergy(field.program, field.plan, placement).instructions, 100000);
}

TEST(Energy, CallCountsFollowLoopsAndCycles) {
  Field field;
  // main -> a (3 times) -> b (4 times per a) -> a (recursion: the cycle is entered once per call).
  Function a = function("a()", Attribute::Auto, 20), b = function("b()", Attribute::Auto, 21);
  a.operationsPerCall = 1;
  b.operationsPerCall = 1;
  a.calls.push_back({"b()", testing::at(20), 4});
  b.calls.push_back({"a()", testing::at(21), 1});
  field.program.functions[2].calls.push_back({"a()", testing::at(12), 3});
  field.program.functions.insert(field.program.functions.begin() + 2, {a, b});
  EnergyProblem problem = buildEnergyProblem(field.program, field.plan, [&] {
    DiagnosticSink diagnostics;
    return *resolvePlacement(field.program, field.plan, diagnostics);
  }());
  ASSERT_EQ(problem.keys.size(), 4u);  // avg, a, b, main
  EXPECT_EQ(problem.keys[1], "a()");
  EXPECT_DOUBLE_EQ(problem.problem.nodes[1].costOnMote, 3);       // calls(a) = 3
  EXPECT_DOUBLE_EQ(problem.problem.nodes[2].costOnMote, 3 * 4);   // calls(b) = 12
}

TEST(Energy, OperationsBudgetKeepsLongCallsOffTheMote) {
  Field field;
  field.plan.energy.opsPerCall = 49;  // avg runs 50 per call
  ResolvedPlacement placement = field.place();
  const FunctionPlacement& avg = *placement.find("Soil::avg()");
  EXPECT_EQ(avg.side, Side::Base);
  EXPECT_EQ(avg.energy->constraint,
            "one call runs about 50 operations on the mote, over the plan's budget of 49 "
            "(energy.budget.ops_per_call)");
  field.plan.energy.opsPerCall = 50;
  EXPECT_EQ(field.place().find("Soil::avg()")->side, Side::Mote);
}

TEST(Energy, FlashBudgetChoosesWhatFits) {
  // Two auto methods: avg (saves 2 · 8 · 6250 - 100 - 12500 = 87,400 on the mote, 10 operations
  // written: 56 bytes) and peak (saves less: 2 · 4 reads, 2 operations written: 24 bytes). With room
  // for one, avg goes to the mote.
  Field field;
  Function& avg = field.program.functions[1];
  avg.blockOperations.push_back({});
  avg.blockOperations.back().operations = 10;
  Function peak = function("Soil::peak()", Attribute::Auto, 6);
  peak.runsOn = OnMoteInstance{"Soil"};
  peak.operationsPerCall = 2;
  peak.returnDataValues = 1;
  peak.blockOperations.push_back({});
  peak.blockOperations.back().operations = 2;
  peak.calls.push_back({"Soil::getMoisture()", testing::at(7), 4});
  field.program.functions[2].calls.push_back({"Soil::peak()", testing::at(12), 2});
  field.program.functions.insert(field.program.functions.begin() + 2, peak);

  ResolvedPlacement free = field.place();
  EXPECT_EQ(free.find("Soil::avg()")->side, Side::Mote);
  EXPECT_EQ(free.find("Soil::peak()")->side, Side::Mote);

  field.plan.energy.flashBytes = 60;
  field.plan.energy.budgetLocation = testing::at(4, 15, "plan.json");
  ResolvedPlacement budgeted = field.place();
  EXPECT_EQ(budgeted.find("Soil::avg()")->side, Side::Mote);
  EXPECT_EQ(budgeted.find("Soil::peak()")->side, Side::Base);
  // peak on the mote pushes avg off it: legal, and dearer.
  ASSERT_TRUE(budgeted.find("Soil::peak()")->energy->other);
  EXPECT_GT(budgeted.find("Soil::peak()")->energy->other->total(),
            budgeted.find("Soil::peak()")->energy->chosen.total());
  // With room for neither, both stay on the base, and avg says it cannot fit.
  field.plan.energy.flashBytes = 20;
  ResolvedPlacement tight = field.place();
  EXPECT_EQ(tight.find("Soil::avg()")->side, Side::Base);
  EXPECT_EQ(tight.find("Soil::avg()")->energy->constraint,
            "no legal placement puts it on the mote: with what it needs there, it does not fit the "
            "flash budget, or code it calls or code that calls it cannot run there");

  // Pinned code that cannot fit is an error at the budget.
  field.program.functions[1].attribute = Attribute::Onboard;  // avg, 56 bytes
  field.plan.energy.flashBytes = 40;
  DiagnosticSink diagnostics;
  diagnostics.setFileText("plan.json", "{\n\n\n  \"energy\": {\"budget\": {\"flash_bytes\": 40}}\n}\n");
  diagnostics.setFileText("program.cpp", "\n\n\nstruct Soil { int avg(); };\n");
  auto placement = resolvePlacement(field.program, field.plan, diagnostics);
  ASSERT_TRUE(placement);
  EXPECT_FALSE(placeAutomatically(field.program, field.plan, *placement, diagnostics));
  EXPECT_EQ(diagnostics.render(),
            "plan.json:4:15: error: the code that must run on the mote takes about 56 bytes, over the "
            "plan's flash budget of 40 bytes; raise 'flash_bytes', or move [[onboard]] code to the "
            "base\n"
            "  \"energy\": {\"budget\": {\"flash_bytes\": 40}}\n"
            "              ^\n"
            "program.cpp:4:5: note: 'Soil::avg' must run on the mote: about 56 bytes\n"
            "struct Soil { int avg(); };\n"
            "    ^\n"
            "1 error generated.\n");
}

TEST(Energy, LoopsOverMotesRunOncePerMote) {
  Field field;
  // main walks every Soil mote (2 in the network) instead of a constant 2 calls.
  field.program.functions[2].calls[0] = {"Soil::avg()", testing::at(11), kUnknownTripCount, {"Soil"}};
  ResolvedPlacement placement = field.place();
  EXPECT_DOUBLE_EQ(placement.find("Soil::avg()")->energy->chosen.instructions, 2 * 50);
  field.plan.network.motes.push_back(Field::mote(3, 0, 5));
  EXPECT_DOUBLE_EQ(field.place().find("Soil::avg()")->energy->chosen.instructions, 3 * 50);
}

// A run's profile of the field (run_profile.hpp): avg() ran on both motes, and `runsOnMotes` of
// its runs there; it read its sensor `reads` times in all.
RunProfile fieldProfile(double runsOnMotes, double operations, double reads) {
  RunProfile profile;
  profile.file = "run.json";
  MeasuredFunction& avg = profile.functions["Soil::avg()"];
  avg.runsOnMotes = runsOnMotes;
  avg.runsOnBase = 2 - runsOnMotes;
  avg.operations = operations;
  avg.reads["moisture"] = {reads, runsOnMotes < 2 ? reads : 0, 0, runsOnMotes < 2 ? reads : 0};
  MeasuredFunction& main = profile.functions["main()"];
  main.runsOnBase = 1;
  main.calls["Soil::avg()"] = {2, runsOnMotes, 0, runsOnMotes};
  return profile;
}

ResolvedPlacement placeWith(Field& field, const RunProfile& profile) {
  field.program.functions[0].ioName = "moisture";
  DiagnosticSink diagnostics;
  auto placement = resolvePlacement(field.program, field.plan, diagnostics);
  EXPECT_TRUE(placement) << diagnostics.render();
  EXPECT_TRUE(placeAutomatically(field.program, field.plan, *placement, diagnostics, &profile))
      << diagnostics.render();
  return *placement;
}

TEST(Energy, AProfileReplacesTheEstimatedCounts) {
  // Estimated, avg() reads 8 times a call: the mote wins (12,600 against 100,000). Measured, it
  // read once a call and ran 6 operations a call on the motes: on the mote 2 · 6 + 2 results of
  // one value (100 · 62.5 each) = 12,512; on the base 2 reads of one value = 12,500.
  Field field;
  EXPECT_EQ(field.place().find("Soil::avg()")->side, Side::Mote);
  ResolvedPlacement placement = placeWith(field, fieldProfile(2, 12, 2));
  const FunctionPlacement& avg = *placement.find("Soil::avg()");
  EXPECT_EQ(avg.side, Side::Base);
  EXPECT_DOUBLE_EQ(avg.energy->chosen.total(), 2 * 100 * 62.5);
  EXPECT_DOUBLE_EQ(avg.energy->other->instructions, 2 * 6);
  EXPECT_DOUBLE_EQ(avg.energy->other->transmit, 2 * 100 * 62.5);
  EXPECT_EQ(avg.energy->figures, "measured in run.json: 2 runs, 2 calls and reads, 6 operations per run, 1 integer per result");
  EXPECT_DOUBLE_EQ(estimateEnergy(field.program, field.plan, placement, nullptr).total(), 8 * 2 * 100 * 62.5);
}

TEST(Energy, WhatTheProfileDidNotMeasureIsEstimated) {
  // avg() ran on the base in the profiled run: its operations on a mote are the estimate (50), and
  // its result never crossed the radio, so its size comes from its type (1). 16 reads measured.
  Field field;
  ResolvedPlacement placement = placeWith(field, fieldProfile(0, 0, 16));
  const FunctionPlacement& avg = *placement.find("Soil::avg()");
  EXPECT_EQ(avg.side, Side::Mote);
  EXPECT_DOUBLE_EQ(avg.energy->chosen.instructions, 2 * 50);
  EXPECT_DOUBLE_EQ(avg.energy->other->transmit, 16 * 100 * 62.5);
  EXPECT_EQ(avg.energy->figures,
            "measured in run.json: 2 runs, 16 calls and reads; estimated: 50 operations per run, 1 integer per result");

  // A function the profile does not list is estimated whole.
  RunProfile withoutAvg = fieldProfile(0, 0, 16);
  withoutAvg.functions.erase("Soil::avg()");
  EXPECT_EQ(placeWith(field, withoutAvg).find("Soil::avg()")->energy->figures,
            "every count estimated: run.json has no figures for it");
}

// ---- Per-group placement ------------------------------------------------------------------------

// A plan entry for `key` with groups, each selecting motes by id.
PlacementEntry groupEntry(const std::string& key, const std::vector<std::pair<std::vector<std::uint32_t>, Side>>& groups) {
  PlacementEntry out = entry(key, Side::Auto, 3);
  for (const auto& [motes, side] : groups) {
    PlacementGroup group;
    group.selector = PlacementGroup::Selector::Motes;
    group.motes = motes;
    group.side = side;
    out.groups.push_back(group);
  }
  return out;
}

TEST(EnergyGroups, EachGroupGoesWhereItsMotesSpendLess) {
  // Operations are dear: a call on mote 1 (d² 25) costs 50000 + 100 · 25 there and 8 · 100 · 25 =
  // 20000 from the base; on mote 2 (d² 100) 50000 + 10000 there and 80000 from the base.
  Field field(/*instruction=*/1000);
  field.plan.placements = {groupEntry("Soil::avg", {{{1}, Side::Auto}, {{2}, Side::Auto}})};
  ResolvedPlacement placement = field.place();
  const FunctionPlacement& avg = *placement.find("Soil::avg()");
  ASSERT_EQ(avg.groups.size(), 2u);
  EXPECT_EQ(avg.groups[0].side, Side::Base);
  EXPECT_EQ(avg.groups[1].side, Side::Mote);
  EXPECT_EQ(avg.groups[0].reason, PlacementReason::Energy);
  EXPECT_TRUE(avg.splitByGroup());
  EXPECT_EQ(avg.side, Side::Mote);
  EXPECT_EQ(avg.reason, PlacementReason::Energy);
  // The program's E with each group where it went, and with that group on the other side.
  ASSERT_TRUE(avg.groups[0].energy && avg.groups[0].energy->other);
  EXPECT_DOUBLE_EQ(avg.groups[0].energy->chosen.instructions, 50000);
  EXPECT_DOUBLE_EQ(avg.groups[0].energy->chosen.transmit, 20000 + 10000);
  EXPECT_DOUBLE_EQ(avg.groups[0].energy->other->total(), 52500 + 60000);
  EXPECT_DOUBLE_EQ(avg.groups[1].energy->other->total(), 20000 + 80000);
  EXPECT_DOUBLE_EQ(estimateEnergy(field.program, field.plan, placement).total(), 80000);

  EnergyProblem problem = buildEnergyProblem(field.program, field.plan, placement);
  ASSERT_EQ(problem.keys.size(), 3u);  // avg for mote 1, avg for mote 2, main
  EXPECT_EQ(problem.groups[0], "mote 1");
  EXPECT_EQ(problem.problem.nodes[1].name, "Soil::avg() for mote 2");
}

TEST(EnergyGroups, TheGroupsTermsAddUpToTheWholeFunctions) {
  // However the motes are grouped, one side for every group costs what that side costs for all.
  for (Side side : {Side::Mote, Side::Base}) {
    Field uniform;
    uniform.plan.network.motes.push_back(Field::mote(3, 0, 5));
    uniform.program.functions[2].calls[0] = {"Soil::avg()", testing::at(11), kUnknownTripCount, {"Soil"}};
    Field grouped = uniform;
    uniform.plan.placements = {entry("Soil::avg", side, 3)};
    grouped.plan.placements = {groupEntry("Soil::avg", {{{3, 1}, side}, {{2}, side}})};
    EXPECT_DOUBLE_EQ(estimateEnergy(grouped.program, grouped.plan, grouped.place()).total(),
                     estimateEnergy(uniform.program, uniform.plan, uniform.place()).total());
  }
}

// Random small programs whose [[auto]] methods are placed per group, against brute force over every
// legal placement of their open decisions (the functions without an entry, the "auto" groups), each
// judged by checkProgram and estimateEnergy: the cut's E must be the least legal E.
TEST(EnergyGroups, OptimalAgainstBruteForce) {
  constexpr std::size_t kCases = 300;
  std::mt19937_64 rng(20260611);
  std::uniform_real_distribution<double> unit(0, 1);
  auto integer = [&](int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng); };
  std::size_t maxOpen = 0, splitCases = 0, infeasibleCases = 0;
  for (std::size_t index = 0; index < kCases; ++index) {
    SCOPED_TRACE(::testing::Message() << "case " << index);
    Field field(/*instruction=*/integer(1, 400), /*transmit=*/100);
    field.plan.network.motes.clear();
    const int moteCount = integer(2, 5);
    std::vector<std::uint32_t> motes;
    for (int m = 1; m <= moteCount; ++m) {
      field.plan.network.motes.push_back(Field::mote(m, integer(0, 12), integer(0, 12)));
      motes.push_back(m);
    }
    // Up to four auto methods of Soil: each reads the sensor, runs operations, and may call a
    // later one; main calls each once per mote, or not at all.
    const int methodCount = integer(1, 4);
    std::vector<Function> methods;
    Function& main = field.program.functions[2];
    main.calls.clear();
    for (int i = 0; i < methodCount; ++i) {
      Function method = function("Soil::m" + std::to_string(i) + "()", Attribute::Auto, 20 + i);
      method.runsOn = OnMoteInstance{"Soil"};
      method.operationsPerCall = integer(0, 300);
      method.returnDataValues = integer(0, 3);
      if (unit(rng) < 0.8) method.calls.push_back({"Soil::getMoisture()", testing::at(20 + i), double(integer(1, 8))});
      if (i > 0 && unit(rng) < 0.4)
        methods[integer(0, i - 1)].calls.push_back({method.key, testing::at(19 + i), double(integer(1, 3))});
      if (i == 0 || unit(rng) < 0.7)
        main.calls.push_back({method.key, testing::at(11), kUnknownTripCount, {"Soil"}});
      methods.push_back(method);
    }
    field.program.functions = {field.program.functions[0], field.program.functions[2]};
    field.program.functions.insert(field.program.functions.begin() + 1, methods.begin(), methods.end());
    // Each method: no entry, one side, or groups of a random partition with random sides.
    std::vector<PlacementEntry> entries;
    for (const Function& method : methods) {
      const double draw = unit(rng);
      if (draw < 0.2) continue;
      if (draw < 0.35) {
        entries.push_back(entry(method.qualifiedName, unit(rng) < 0.5 ? Side::Mote : Side::Base, 3));
        continue;
      }
      std::vector<std::uint32_t> shuffled = motes;
      std::shuffle(shuffled.begin(), shuffled.end(), rng);
      const int groupCount = integer(1, std::min(3, moteCount));
      std::vector<std::pair<std::vector<std::uint32_t>, Side>> groups(groupCount);
      for (std::size_t k = 0; k < shuffled.size(); ++k)
        groups[k < std::size_t(groupCount) ? k : integer(0, groupCount - 1)].first.push_back(shuffled[k]);
      for (auto& [members, side] : groups) {
        const double pick = unit(rng);
        side = pick < 0.6 ? Side::Auto : pick < 0.8 ? Side::Mote : Side::Base;
      }
      entries.push_back(groupEntry(method.qualifiedName, groups));
    }
    field.plan.placements = std::move(entries);

    DiagnosticSink diagnostics;
    std::optional<ResolvedPlacement> resolved = resolvePlacement(field.program, field.plan, diagnostics);
    ASSERT_TRUE(resolved) << diagnostics.render();
    // The open decisions, each a side to set.
    std::vector<Side*> open;
    for (auto& [key, placed] : resolved->byKey) {
      if (placed.groups.empty()) {
        if (placed.reason == PlacementReason::Default) open.push_back(&placed.side);
        continue;
      }
      for (GroupPlacement& group : placed.groups)
        if (group.reason == PlacementReason::Default) open.push_back(&group.side);
    }
    maxOpen = std::max(maxOpen, open.size());
    double best = std::numeric_limits<double>::infinity();
    for (std::uint32_t mask = 0; mask < (1u << open.size()); ++mask) {
      for (std::size_t k = 0; k < open.size(); ++k) *open[k] = (mask >> k) & 1 ? Side::Mote : Side::Base;
      for (auto& [key, placed] : resolved->byKey)
        if (!placed.groups.empty()) placed.side = placed.runsOn(Side::Mote) ? Side::Mote : Side::Base;
      DiagnosticSink legality;
      if (!checkProgram(field.program, field.plan, Partition(field.program, *resolved), legality)) continue;
      best = std::min(best, estimateEnergy(field.program, field.plan, *resolved).total());
    }

    ResolvedPlacement placed = *resolvePlacement(field.program, field.plan, diagnostics);
    ASSERT_TRUE(placeAutomatically(field.program, field.plan, placed, diagnostics)) << diagnostics.render();
    DiagnosticSink legality;
    if (std::isinf(best)) {  // the plan's own groups contradict each other: check must say so
      EXPECT_FALSE(checkProgram(field.program, field.plan, Partition(field.program, placed), legality));
      if (std::getenv("DUMP")) std::cerr << legality.render();
      ++infeasibleCases;
      continue;
    }
    ASSERT_TRUE(checkProgram(field.program, field.plan, Partition(field.program, placed), legality)) << legality.render();
    const double chosen = estimateEnergy(field.program, field.plan, placed).total();
    ASSERT_NEAR(chosen, best, 1e-9 * std::max(1.0, best)) << "placer " << chosen << ", brute force " << best;
    for (const auto& [key, function] : placed.byKey) splitCases += function.splitByGroup() ? 1 : 0;
  }
  std::cout << "[ energy   ] " << kCases << " random programs placed per group agree with brute force (up to "
            << maxOpen << " open decisions; " << splitCases << " functions split by group; "
            << infeasibleCases << " plans with no legal placement)\n";
  RecordProperty("cases", static_cast<int>(kCases));
}

}  // namespace energy_test_cpp
}  // namespace
}  // namespace edgecut::compiler
