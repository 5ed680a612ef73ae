// The Partition: for every function, the units it is compiled into, what the other unit gets, its
// role; and what each kind of function runs on (Function::runsOn).
#include "edgecut/compiler/partition.hpp"

#include <gtest/gtest.h>

#include "model_builder.hpp"

namespace edgecut::compiler {
namespace {
namespace partition_test_cpp {

using testing::at;
using testing::function;

struct Program {
  ProgramModel model;
  PlacementPlan plan;

  Program() { model.files = {{"program.cpp"}}; }
  Function& add(Function f) {
    model.functions.push_back(std::move(f));
    return model.functions.back();
  }
  // Placed by attributes and main, then by `edit` (the energy estimate's decisions, in tests).
  Partition partition(const std::function<void(ResolvedPlacement&)>& edit = {}) const {
    DiagnosticSink diagnostics;
    std::optional<ResolvedPlacement> placement = resolvePlacement(model, plan, diagnostics);
    EXPECT_TRUE(placement) << diagnostics.render();
    if (edit) edit(*placement);
    return Partition(model, std::move(*placement));
  }
};

Function calling(Function f, std::vector<std::string> callees) {
  for (const std::string& callee : callees) f.calls.push_back({callee, at(f.location.line + 1)});
  return f;
}

Parameter moteParameter(std::string name, std::string moteClass) {
  Parameter parameter;
  parameter.name = std::move(name);
  parameter.moteClass = std::move(moteClass);
  return parameter;
}

// What the Partition says of one function, in one line: role, units, stand-in.
std::string where(const Partition& partition, const std::string& key) {
  const FunctionPartition* entry = partition.find(key);
  if (!entry) return "absent";
  std::string units = entry->inMote && entry->inBase ? "both" : entry->inMote ? "mote" : entry->inBase ? "base" : "none";
  return std::string(roleName(entry->role)) + ", " + units + ", " + standInName(entry->standIn);
}

TEST(RunsOn, WhatEachKindOfFunctionRunsOn) {
  Function method = function("Soil::dry()", Attribute::Onboard);
  method.runsOn = OnMoteInstance{"Soil"};
  Function onHead = function("Field::driest()", Attribute::Onboard);
  onHead.runsOn = OnClusterHead{"Field", "Soil"};
  Function withMote = function("water(int, Soil &)", Attribute::Onboard);
  withMote.parameters = {Parameter{}, moteParameter("soil", "Soil")};
  withMote.runsOn = OnMoteParameter{1, "Soil"};
  const Function calling = function("scale(int)", Attribute::Onboard);
  const Function main = function("main()");
  const Function onbase = function("log(int)", Attribute::Onbase);

  EXPECT_EQ(moteClassToRunOn(method.runsOn), "Soil");
  EXPECT_EQ(moteClassToRunOn(onHead.runsOn), "Soil") << "a cluster's head is one of its members";
  EXPECT_EQ(moteClassToRunOn(withMote.runsOn), "Soil");
  EXPECT_EQ(moteClassToRunOn(calling.runsOn), "");
  for (const Function* f : {&method, &onHead, &withMote}) EXPECT_TRUE(f->hasMoteToRunOn()) << f->key;
  for (const Function* f : {&calling, &main, &onbase}) EXPECT_FALSE(f->hasMoteToRunOn()) << f->key;
  EXPECT_TRUE(std::holds_alternative<OnCallingMote>(calling.runsOn));
  EXPECT_TRUE(std::holds_alternative<OnBase>(main.runsOn));
  EXPECT_TRUE(std::holds_alternative<OnBase>(onbase.runsOn));
  ASSERT_NE(withMote.moteParameter(), nullptr);
  EXPECT_EQ(withMote.moteParameter()->name, "soil");
  EXPECT_EQ(method.moteParameter(), nullptr);
}

TEST(Partition, PlacedFunctionsByWhatTheyRunOn) {
  Program program;
  program.add(function("Soil::dry()", Attribute::Onboard)).runsOn = OnMoteInstance{"Soil"};
  program.add(function("Field::driest()", Attribute::Onboard)).runsOn = OnClusterHead{"Field", "Soil"};
  Function& water = program.add(function("water(Soil &)", Attribute::Onboard));
  water.parameters = {moteParameter("soil", "Soil")};
  water.runsOn = OnMoteParameter{0, "Soil"};
  program.add(function("scale(int)", Attribute::Onboard));
  program.add(function("log(int)", Attribute::Onbase));
  program.add(function("Report::print()", Attribute::Onbase)).isOutOfLineMethod = true;
  program.add(calling(function("main()"), {"Soil::dry()", "log(int)"}));
  const Partition partition = program.partition();
  // Code on a mote that a call from the base can find: the base calls it over the radio.
  EXPECT_EQ(where(partition, "Soil::dry()"), "placed, mote, remote stub");
  EXPECT_EQ(where(partition, "Field::driest()"), "placed, mote, remote stub");
  EXPECT_EQ(where(partition, "water(Soil &)"), "placed, mote, remote stub");
  // With no mote of its own, only mote code calls it: the base keeps a declaration.
  EXPECT_EQ(where(partition, "scale(int)"), "placed, mote, declaration");
  EXPECT_EQ(where(partition, "log(int)"), "placed, base, declaration");
  EXPECT_EQ(where(partition, "Report::print()"), "placed, base, comment") << "no member is declared twice";
  EXPECT_EQ(where(partition, "main()"), "placed, base, comment");
  EXPECT_EQ(partition.find("log(int)")->placed->reason, PlacementReason::Attribute);
  EXPECT_EQ(partition.find("main()")->placed->reason, PlacementReason::Main);
}

TEST(Partition, HelpersGoWhereTheCodeThatCallsThemRuns) {
  Program program;
  program.add(calling(function("Soil::dry()", Attribute::Onboard), {"shared(int)", "moteOnly()"})).runsOn =
      OnMoteInstance{"Soil"};
  program.add(function("shared(int)"));
  program.add(function("moteOnly()")).fieldUses = {{"Soil", "last", at(3), at(2)}};
  program.add(function("baseOnly()"));
  program.add(function("constant()")).isConstexpr = true;
  program.add(function("nobody()"));
  program.add(calling(function("nobodyButBase()"), {"baseOnly()"}));
  program.add(function("external()")).hasBody = false;
  Function sensor = function("Soil::getMoisture()");
  sensor.kind = FunctionKind::Sensor;
  sensor.hasBody = false;
  sensor.runsOn = OnMoteInstance{"Soil"};
  program.add(sensor);
  program.add(calling(function("main()"), {"Soil::dry()", "shared(int)", "baseOnly()", "constant()"}));
  const Partition partition = program.partition();
  EXPECT_EQ(where(partition, "shared(int)"), "compiled-in helper, both, nothing");
  EXPECT_EQ(where(partition, "moteOnly()"), "compiled-in helper, mote, declaration") << "mote state: not on the base";
  EXPECT_EQ(where(partition, "baseOnly()"), "base-only helper, base, declaration");
  EXPECT_EQ(where(partition, "constant()"), "base-only helper, both, nothing")
      << "a constant expression on the mote may need a constexpr body";
  EXPECT_EQ(where(partition, "nobody()"), "unreached, both, nothing");
  EXPECT_EQ(where(partition, "nobodyButBase()"), "unreached, base, declaration")
      << "it calls code the mote unit lacks";
  EXPECT_EQ(where(partition, "external()"), "unreached, both, nothing");
  EXPECT_EQ(where(partition, "Soil::getMoisture()"), "stub, both, nothing");
  EXPECT_NE(partition.find("shared(int)")->fromMote, nullptr);
  EXPECT_NE(partition.find("shared(int)")->fromBase, nullptr);
  EXPECT_EQ(partition.find("baseOnly()")->fromMote, nullptr);
  // What explain and placement.resolved.json both say of where each runs.
  const std::pair<const char*, const char*> sides[] = {
      {"Soil::dry()", "mote"}, {"shared(int)", "both"},   {"moteOnly()", "mote"},
      {"baseOnly()", "base"},  {"nobody()", "both"},      {"nobodyButBase()", "base"},
      {"main()", "base"},      {"Soil::getMoisture()", "both"}};
  for (const auto& [key, side] : sides) EXPECT_STREQ(sideName(*partition.find(key)), side) << key;
}

TEST(Partition, AHelperCalledRemotelyIsTheBasesAndTheMoteGetsAStub) {
  Program program;
  program.add(calling(function("Soil::dry()", Attribute::Auto), {"heavy(int)", "light(int)"})).runsOn =
      OnMoteInstance{"Soil"};
  program.add(calling(function("heavy(int)"), {"inner()"}));
  program.add(function("inner()"));
  program.add(function("light(int)"));
  program.add(calling(function("main()"), {"Soil::dry()"}));
  const Partition partition = program.partition([](ResolvedPlacement& placement) {
    placement.byKey.at("Soil::dry()").side = Side::Mote;
    placement.byKey.at("Soil::dry()").reason = PlacementReason::Energy;
    placement.helpers["heavy(int)"].approach = HelperApproach::Remote;
    placement.helpers["light(int)"].approach = HelperApproach::Compiled;
  });
  EXPECT_EQ(where(partition, "heavy(int)"), "remote helper, base, remote stub");
  EXPECT_STREQ(sideName(*partition.find("heavy(int)")), "base");
  EXPECT_EQ(where(partition, "inner()"), "base-only helper, base, declaration")
      << "only the remote helper, on the base, calls it";
  EXPECT_EQ(where(partition, "light(int)"), "compiled-in helper, both, nothing");
  EXPECT_EQ(partition.find("heavy(int)")->helper->approach, HelperApproach::Remote);
  EXPECT_EQ(partition.find("Soil::dry()")->placed->reason, PlacementReason::Energy);
}

TEST(Partition, AFunctionPlacedPerGroupOnBothSidesHasAVariantInEachUnit) {
  Program program;
  program.add(calling(function("Soil::dry()", Attribute::Auto), {"helper()"})).runsOn = OnMoteInstance{"Soil"};
  program.add(function("helper()"));
  program.add(function("Soil::wet()", Attribute::Auto)).runsOn = OnMoteInstance{"Soil"};
  const Partition partition = program.partition([](ResolvedPlacement& placement) {
    for (const char* key : {"Soil::dry()", "Soil::wet()"}) {
      FunctionPlacement& placed = placement.byKey.at(key);
      placed.groups = {GroupPlacement{nullptr, "motes 1–3", {1, 2, 3}, Side::Mote, PlacementReason::Plan, {}},
                       GroupPlacement{nullptr, "the other motes", {4}, Side::Base, PlacementReason::Plan, {}}};
      placed.side = Side::Mote;
    }
    placement.byKey.at("Soil::wet()").groups[0].side = Side::Base;  // every group on the base
    placement.byKey.at("Soil::wet()").side = Side::Base;
  });
  EXPECT_EQ(where(partition, "Soil::dry()"), "per-group variant, both, nothing");
  EXPECT_STREQ(sideName(*partition.find("Soil::dry()")), "both");
  EXPECT_EQ(where(partition, "helper()"), "compiled-in helper, both, nothing");
  EXPECT_NE(partition.find("helper()")->fromBase, nullptr) << "the base's variant calls it too";
  EXPECT_EQ(where(partition, "Soil::wet()"), "placed, base, declaration");
}

// State follows code (docs/design.md §1): a member lives where the code that uses it runs,
// through the helpers compiled in with it, per mote.
TEST(Partition, AMemberLivesWhereTheCodeThatUsesItRuns) {
  Program program;
  MoteClass meter;
  meter.name = "Meter";
  meter.dataMembers = {"sum", "unused"};
  program.model.moteClasses.push_back(meter);
  program.add(calling(function("Meter::summarize(int)", Attribute::Auto), {"Meter::note(int)"})).runsOn =
      OnMoteInstance{"Meter"};
  program.add(function("Meter::note(int)")).fieldUses = {FieldUse{"Meter", "sum", at(20), at(3), {}}};
  program.add(function("Meter::pending()", Attribute::Onboard)).runsOn = OnMoteInstance{"Meter"};
  auto side = [](Side where) {
    return [where](ResolvedPlacement& placement) { placement.byKey.at("Meter::summarize(int)").side = where; };
  };
  {
    const Partition partition = program.partition(side(Side::Mote));
    const MemberPartition* sum = partition.member("Meter::sum");
    ASSERT_NE(sum, nullptr);
    EXPECT_EQ(sum->home, MemberHome::Mote);
    ASSERT_EQ(sum->users.size(), 1u);
    EXPECT_EQ(sum->users[0].function->key, "Meter::note(int)");
    EXPECT_EQ(sum->users[0].root->key, "Meter::summarize(int)") << "the helper runs with summarize";
    EXPECT_EQ(sum->followsAuto().size(), 1u);
    EXPECT_EQ(partition.member("Meter::unused")->home, MemberHome::Mote);
    EXPECT_TRUE(partition.member("Meter::unused")->users.empty());
  }
  {
    const Partition partition = program.partition(side(Side::Base));
    EXPECT_EQ(partition.member("Meter::sum")->home, MemberHome::Base);
    EXPECT_EQ(partition.member("Meter::sum")->whereItLives(), "on the base, one copy per mote");
    EXPECT_FALSE(partition.member("Meter::sum")->conflict);
  }
  {
    const Partition partition = program.partition([](ResolvedPlacement& placement) {
      FunctionPlacement& placed = placement.byKey.at("Meter::summarize(int)");
      placed.groups = {GroupPlacement{nullptr, "motes 1–2", {1, 2}, Side::Mote, PlacementReason::Plan, {}},
                       GroupPlacement{nullptr, "the other motes", {3, 5}, Side::Base, PlacementReason::Plan, {}}};
      placed.side = Side::Mote;
    });
    const MemberPartition& sum = *partition.member("Meter::sum");
    EXPECT_EQ(sum.home, MemberHome::PerGroup);
    EXPECT_EQ(sum.motesOnBase, (std::vector<std::uint32_t>{3, 5}));
    EXPECT_FALSE(sum.conflict);
  }
  // An [[onboard]] user on the mote and summarize on the base: both sides for every mote.
  program.model.functions[2].fieldUses = {FieldUse{"Meter", "sum", at(30), at(3), {}}};
  {
    const Partition partition = program.partition(side(Side::Base));
    const MemberPartition& sum = *partition.member("Meter::sum");
    ASSERT_TRUE(sum.conflict);
    EXPECT_EQ(sum.users[sum.conflict->first].function->key, "Meter::pending()");
    EXPECT_EQ(sum.users[sum.conflict->second].function->key, "Meter::note(int)");
    EXPECT_EQ(sum.home, MemberHome::Mote);
  }
  EXPECT_FALSE(program.partition(side(Side::Mote)).member("Meter::sum")->conflict);
}

TEST(CompiledWith, DepthFirstWithTheCallThatFirstReachedEachFunction) {
  Program program;
  program.add(calling(function("Soil::a()", Attribute::Onboard), {"b()", "placed()", "c()"})).runsOn =
      OnMoteInstance{"Soil"};
  program.add(calling(function("b()"), {"c()", "remote()"}));
  program.add(calling(function("c()"), {"b()"}));
  program.add(function("placed()", Attribute::Onboard));
  program.add(function("remote()"));
  DiagnosticSink diagnostics;
  ResolvedPlacement placement = *resolvePlacement(program.model, program.plan, diagnostics);
  placement.helpers["remote()"].approach = HelperApproach::Remote;
  const std::vector<const Function*> roots{&program.model.functions[0]};
  std::vector<std::string> order, callers;
  for (const Reached& reached : compiledWith(program.model, placement, Side::Mote, roots)) {
    order.push_back(reached.function->key);
    callers.push_back(reached.caller ? reached.caller->key : "");
  }
  EXPECT_EQ(order, (std::vector<std::string>{"Soil::a()", "b()", "c()"}))
      << "placed code is its own root; a remote helper runs on the base";
  EXPECT_EQ(callers, (std::vector<std::string>{"", "Soil::a()", "b()"}));
  std::vector<std::string> onBase;
  for (const Reached& reached : compiledWith(program.model, placement, Side::Base, roots))
    onBase.push_back(reached.function->key);
  EXPECT_EQ(onBase, (std::vector<std::string>{"Soil::a()", "b()", "c()", "remote()"}));
}

TEST(Partition, ThePipelinePlacesThenPartitions) {
  Program program;
  program.add(function("Soil::dry()", Attribute::Auto)).runsOn = OnMoteInstance{"Soil"};
  program.add(calling(function("main()"), {"Soil::dry()"}));
  DiagnosticSink diagnostics;
  std::optional<Partition> partition = place(program.model, program.plan, diagnostics);
  ASSERT_TRUE(partition) << diagnostics.render();
  EXPECT_EQ(partition->find("Soil::dry()")->placed->reason, PlacementReason::Energy);
  program.plan.placements = {testing::entry("nothing", Side::Mote, 3)};
  diagnostics.setFileText("plan.json", "");
  EXPECT_FALSE(place(program.model, program.plan, diagnostics));
  EXPECT_TRUE(diagnostics.hasErrors());
}

}  // namespace partition_test_cpp
}  // namespace
}  // namespace edgecut::compiler
