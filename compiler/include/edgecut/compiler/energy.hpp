// Energy: the static estimate of docs/design.md §4's E = instruction·O + transmit·Σ Bᵢ·dᵢ² for a program
// under a plan, and the automatic placement of [[auto]] functions that minimises it. Pure:
// no Clang, no files.
//
// The estimate, term by term (every count is per run of the program, from main, plus an hour of
// network time of its periodic tasks):
//   - calls(f): how often f runs. main runs once; a periodic task (docs/design.md §9) runs
//     3,600,000 ms / its period (the plan's "periods" or its [[every]]) times per mote of its class,
//     as the program's runFor is not known statically (kEstimatedPeriodMs below), so
//     that the placer weighs periodic code by its frequency; a call site runs calls(caller) · timesPerCall
//     (the constant trip counts of the loops around it; kUnknownTripCount for others). A loop over
//     motes (`for (Thermo& t : motes())`) runs once per mote the network gives: per member of the
//     caller's clusters in a cluster method, else per mote of the class (operations written in
//     such a loop still count kUnknownTripCount times). Recursion is counted once per entry into
//     the cycle, as its depth is not known statically.
//   - O: a function placed on a mote executes operationsPerCall for itself and for the unannotated
//     helpers it calls (compiled into the mote with it, PySense's approach 1: partition.hpp's
//     compiledWith), calls(f) times.
//   - a helper with a choice (below) called from a function on a mote costs, per call, either its
//     operations (compiled in, approach 1) or the arguments' data values (Parameter::dataValues)
//     that the mote sends to the base over its route (a remote call, approach 2; the base's reply
//     is free). Where the caller has no mote of its own (a free function without a mote
//     parameter) its route is unknown, and the call costs no transmit energy.
//   - a call from base code to a function on a mote: the mote sends the RESULT, carrying the
//     result's data values (Function::returnDataValues) over the route from the mote to the base.
//     Arguments travel from the base, which is free.
//   - a call from an [[auto]] function on a mote to a function on the base that has no mote to run
//     on (approach 2, partition.hpp's callsBaseOverRadio): the mote sends the arguments' data
//     values over its route to the base, as to a remote helper; the base's reply (a void push's
//     acknowledgement too) is free.
//   - a sensor read from base code: the mote sends one value to the base over its route. From code
//     on a cluster head: the member sends one value to the head. From its own mote's code: nothing.
//   - an actuator write is acknowledged with no value: it costs no transmit energy.
//   - d² of a route is the sum of its hops' d² (sim/routing.hpp, the medium's rule). Where a
//     function can run on several motes (a method of a mote class, a free function with a mote
//     parameter) the mean over those motes is used; a cluster method runs on the heads of the plan's
//     clusters of its member class (or of one cluster of all those motes, with the head rule's
//     choice, when the plan has none).
//
// With a profile of an earlier simulated run (--profile run.json, run_profile.hpp), a placed
// function the profile lists takes its counts from it instead: calls(f) is the runs measured (on
// either side); its calls per run are the calls it made (to placed functions and sensors, its
// helpers' included); O per call is the operations measured per run on a mote when it ran on
// one (else the estimate above); the values a result or a reading carries are those measured per
// RESULT when it crossed the radio (else the estimate from its type). Legality, distances and
// helpers still come from the program; a function the profile does not list is estimated.
//
// Per-group placement (a plan entry that lists groups of motes): each group is a node of its own,
// with the function's terms for the group's motes only: its share of the calls (calls spread evenly
// over the motes the function runs on, as the means above assume), the means over the group's
// motes, and the calls of its callers split the same way. A group's side is the plan's, or, for an
// "auto" group, the cut's; the function is compiled into the mote when any group runs there.
//
// The placement: every [[auto]] function the plan leaves open goes to the side that minimises the
// estimate, among legal placements only (check.hpp's reasonNotOnMote and reasonNotOnBase, which
// walk the call graph as the Partition does; an auto caller on the mote needs its auto callees
// there, unless its attribute or the plan puts the callee on the base and the [[auto]] caller calls
// it over the radio (it has no mote to run on and does not call back into the caller); a free function with no mote parameter runs on a mote only when all its callers do).
// That is an s-t minimum cut (placer.hpp), exact.
//
// Helper choices (approach 1 or 2, per helper): an unannotated free function with a body and no
// mote to run on (not a member of a [[mote]] or cluster class, no mote parameter) gets one when
// only placed functions call it, at least one of them [[auto]] and none [[onboard]] ([[onboard]]
// code keeps the design's rule (docs/design.md §1): its names resolve on the mote); when its parameters are named and its
// parameters and result can cross; and when it and its own helpers use no mote state and call no
// placed function, sensor or actuator (legal on the base, and alone there). A helper that cannot
// run on a mote (check.hpp's reasonNotOnMote: a mutable global, something the profile lacks) is
// pinned remote, so that it no longer keeps its auto callers off the mote. Every other helper is
// compiled into the mote with the code that calls it, as before. The plan has no entry for a
// helper's approach: it follows from legality and the estimate (explain shows both figures). When
// the helpers' uses make the problem non-submodular, the placement is CBC's integer program
// (placer.hpp, solvePlacement); it is exact either way.
//
// ops_per_call counts the operations of helpers that may be called remotely as not run on the
// mote.
//
// With a budget (plan energy.budget):
//   - ops_per_call: an auto function with a mote to run on may go there only when one call runs at
//     most that many operations there (its own, its helpers' and its auto callees', by the static
//     estimate); otherwise its reason says so.
//   - flash_bytes: the code on the mote (placed functions and the helpers compiled in with them,
//     each helper once; a remote helper's stub counts kFlashBytesPerFunction) must fit; code size is estimated from the operations written in a body
//     (kFlashBytesPerOperation each, plus kFlashBytesPerFunction). The placement is then an ILP
//     (placer.hpp, solvePlacementWithinBudget).
#pragma once

#include "edgecut/compiler/model.hpp"
#include "edgecut/compiler/place.hpp"
#include "edgecut/compiler/placer.hpp"
#include "edgecut/compiler/plan.hpp"
#include "edgecut/compiler/run_profile.hpp"

namespace edgecut::compiler {

// The network time over which the estimate counts a periodic task's runs: an hour.
inline constexpr double kEstimatedPeriodMs = 3600.0 * 1000;

// The code-size estimate behind flash budgets: an MSP430-class instruction takes 2 to 6 bytes,
// and a function its prologue, epilogue and dispatch entry. Crude, and stated here once.
inline constexpr double kFlashBytesPerOperation = 4;
inline constexpr double kFlashBytesPerFunction = 16;
inline double codeBytes(const Function& function) {
  double operations = 0;
  for (const BlockOperations& block : function.blockOperations) operations += block.operations;
  return kFlashBytesPerFunction + kFlashBytesPerOperation * operations;
}

// The estimate of E for a placement in which every placed function has a side (auto ones too).
EnergyTerms estimateEnergy(const ProgramModel& program, const PlacementPlan& plan,
                           const ResolvedPlacement& placement, const RunProfile* profile = nullptr);

// Decides every [[auto]] function still at PlacementReason::Default: its side becomes the one the
// minimum cut (or, with a flash budget, the ILP) chooses and its reason Energy, with the estimate of
// both sides (EnergyDecision). Every helper with a choice that code now on a mote calls gets its
// approach in placement.helpers, with the estimate under both approaches. When no legal placement exists (e.g. an [[onboard]] function calls
// an auto function that cannot run on a mote), each auto function gets the side its own legality
// forces, else the base, and check reports the conflict. Returns false after reporting an error
// when the code that must run on the mote alone exceeds the flash budget.
bool placeAutomatically(const ProgramModel& program, const PlacementPlan& plan,
                        ResolvedPlacement& placement, DiagnosticSink& diagnostics,
                        const RunProfile* profile = nullptr);

// The placement problem behind placeAutomatically, for tests and benchmarks: one node per placed
// function (in program order; `keys` names them), or for a function placed per group one per group
// (`groups` names it), the pinned ones pinned.
struct EnergyProblem {
  PlacementProblem problem;
  FlashBudget flash;  // sizes per node and shared helper; capacity from the plan (0 without one)
  std::vector<std::string> keys;
  std::vector<std::string> groups;       // per node: GroupPlacement::label, or "" for a whole function
  std::vector<std::string> constraints;  // per node: why its pin was forced by legality, or ""
};
EnergyProblem buildEnergyProblem(const ProgramModel& program, const PlacementPlan& plan,
                                 const ResolvedPlacement& placement,
                                 const RunProfile* profile = nullptr);

}  // namespace edgecut::compiler
