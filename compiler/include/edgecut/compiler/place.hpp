// Place: decides the side of every placed function from its attribute and the plan
// (resolvePlacement), before the energy estimate decides what the plan leaves open (energy.hpp).
// partition.hpp's place() runs both and says where every function goes, helpers included. Pure:
// it needs neither Clang nor the file system, so its tests feed it plain data.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "edgecut/compiler/diagnostics.hpp"
#include "edgecut/compiler/model.hpp"
#include "edgecut/compiler/placer.hpp"  // HelperApproach
#include "edgecut/compiler/plan.hpp"

namespace edgecut::compiler {

enum class PlacementReason {
  Attribute,  // pinned by [[onboard]] or [[onbase]]
  Main,       // main always runs on the base
  Plan,       // the plan's placement entry
  Default,    // [[auto]] with no plan entry (or "auto"), before placeAutomatically decides it
  Energy,     // [[auto]], decided by the energy estimate (placeAutomatically, energy.hpp)
};
const char* reasonName(PlacementReason reason);

// The two terms of docs/design.md §4's E = instruction·O + transmit·Σ Bᵢ·dᵢ², as estimated or measured.
struct EnergyTerms {
  double instructions = 0;  // instruction · O
  double transmit = 0;      // transmit · Σ Bᵢ·dᵢ²
  double total() const { return instructions + transmit; }
};

// Why the energy estimate put an [[auto]] function where it did.
struct EnergyDecision {
  EnergyTerms chosen;                // the program's estimated E with every auto function decided
  std::optional<EnergyTerms> other;  // the least E with this function on the other side
  std::string constraint;            // when that side is not legal: why (then `other` is empty)
  std::string figures;               // with a profile: which counts it measured, which are estimated
};

// Where an [[auto]] function runs for one group of a per-group plan entry (PlacementGroup).
struct GroupPlacement {
  const PlacementGroup* planGroup = nullptr;  // nullptr for the motes no entry selects
  std::string label;                          // PlacementGroup::label(), or "the other motes"
  // The network motes its calls run on, in id order: motes of the function's class (or of its
  // mote parameter's), or for a cluster method the heads of the clusters it selects.
  std::vector<std::uint32_t> motes;
  Side side = Side::Auto;  // Mote or Base once resolved
  PlacementReason reason = PlacementReason::Default;  // Plan, or Default until Energy decides it
  std::optional<EnergyDecision> energy;               // set when reason is Energy
};

struct FunctionPlacement {
  // Mote or Base, never Auto once resolved. A function whose groups run on both sides is Mote: it is
  // compiled into the mote unit for its mote groups, and the base keeps a local variant for the
  // others (runsOn(Side::Base)).
  Side side = Side::Base;
  PlacementReason reason = PlacementReason::Default;
  const PlacementEntry* planEntry = nullptr;  // set when the plan placed it
  std::optional<EnergyDecision> energy;       // set when reason is Energy
  std::vector<GroupPlacement> groups;         // a per-group plan entry's groups, in plan order

  // Whether some call of it runs on `side`: its side, or the side of one of its groups.
  bool runsOn(Side where) const;
  // Whether its groups run on both sides: the base then chooses by the target mote.
  bool splitByGroup() const { return runsOn(Side::Mote) && runsOn(Side::Base); }
  // The group whose motes include `mote`, or nullptr.
  const GroupPlacement* groupOf(std::uint32_t mote) const;
};

// How the code placed on motes gets an unannotated helper that the energy estimate chose an
// approach for (docs/design.md §1; energy.hpp says which helpers): compiled into the mote unit (approach
// 1) or left on the base and called remotely (approach 2).
struct HelperPlacement {
  HelperApproach approach = HelperApproach::Compiled;
  // The program's estimated E with the helper compiled in and with it remote (the functions on
  // the sides they were placed on, the other helpers' approaches decided again); one is missing
  // when that approach is not legal.
  std::optional<EnergyTerms> compiled, remote;
  std::string constraint;  // why the missing approach is not legal
};

// A periodic task (docs/design.md §9) with the period it runs at: the plan's "periods" entry for it,
// else its [[every]].
struct TaskPeriod {
  std::string key;                         // Function::key
  std::uint64_t periodMs = 0;              // at least 1
  const PeriodEntry* planEntry = nullptr;  // when the plan gave the period
};

// The side of every placed function (attributed ones and main), by Function::key. Unannotated
// functions are absent: the Partition (partition.hpp) puts them with the code that calls them,
// except that mote code calls the helpers in `helpers` with approach Remote on the base.
struct ResolvedPlacement {
  std::map<std::string, FunctionPlacement> byKey;
  // The helpers that code placed on motes calls and whose approach the energy estimate chose.
  std::map<std::string, HelperPlacement> helpers;
  // Every periodic task of the program, in program order.
  std::vector<TaskPeriod> tasks;

  const FunctionPlacement* find(const std::string& key) const;
  // Whether mote code calls the helper `key` on the base (approach 2).
  bool remoteHelper(const std::string& key) const;
  // Compiled into the mote unit: placed on the mote, for every mote or for some groups.
  bool onMote(const std::string& key) const;
  // Placed on the base for every call.
  bool onBase(const std::string& key) const;
};

// Whether `mote` is a mote of `moteClass`: the network gives it that class, or no class and every
// sensor and actuator the class needs (docs/design.md §1, as the runtime binds motes).
bool fits(const PlanMote& mote, const MoteClass& moteClass);

// The motes of the network a call of `function` can run on: motes of its [[mote]] class (or its
// mote parameter's, as fits() says), or for a cluster method the heads of the plan's clusters of
// its member class. In id order.
std::vector<std::uint32_t> motesToRunOn(const ProgramModel& program, const Network& network,
                                        const Function& function);

// Errors: a plan key that names no function (with "did you mean"), a key that names an overloaded
// function without its signature, a plan entry that contradicts an attribute, a plan entry for a
// function that has no placement attribute. Per-group entries (PlacementGroup) are for [[auto]]
// functions with a mote to run on; each group must select motes of the function's class that no
// group before it selects. A "periods" key must name a periodic task, as a placement key names a
// function.
std::optional<ResolvedPlacement> resolvePlacement(const ProgramModel& program,
                                                  const PlacementPlan& plan,
                                                  DiagnosticSink& diagnostics);

}  // namespace edgecut::compiler
