// Check: the rules that make a placement legal (docs/design.md §1). Pure, like place. It reads the
// Partition for the code of each side; the placer's questions about placements it only considers
// walk the call graph with the Partition's own walk (compiledWith).
#pragma once

#include <optional>

#include "edgecut/compiler/diagnostics.hpp"
#include "edgecut/compiler/model.hpp"
#include "edgecut/compiler/partition.hpp"
#include "edgecut/compiler/place.hpp"
#include "edgecut/compiler/plan.hpp"

namespace edgecut::compiler {

// Legality of one [[auto]] function's side, for the placer. `pins` holds the functions whose side is
// fixed (attributes, main, plan entries); the other auto functions are left out, so the walk goes
// through them as it goes through unannotated helpers: an auto callee of code on the mote must be on
// the mote too, so its violations are this function's. Helpers that `pins` makes remote
// (ResolvedPlacement::helpers) run on the base, and are not this function's. The first error that
// running `function` on that side would cause, or nothing when it may run there.
std::optional<Diagnostic> reasonNotOnMote(const ProgramModel& program, const PlacementPlan& plan,
                                          const ResolvedPlacement& pins, const Function& function);
std::optional<Diagnostic> reasonNotOnBase(const ProgramModel& program, const ResolvedPlacement& pins,
                                          const Function& function);

// Whether `from` reaches the function `to` (a key) through the calls it makes, directly or not: a
// call from `to` to `from` across the radio would recurse, which cannot cross (docs/design.md §1).
bool callsBackInto(const ProgramModel& program, const Function& from, const std::string& to);

// Reports every violation; returns true when there was none.
//  - code placed on a mote may not call base code or use mutable globals (notes show the chain);
//  - every value crossing between mote and base must be serializable (the error names it);
//  - a function placed on a mote needs a mote to run on when base code calls it;
//  - base code may not use mote state (the data members of [[mote]] classes);
//  - code compiled into the mote uses only what the plan's mote profile allows (profile.hpp);
//  - every network mote of a [[mote]] class has that class's sensors and actuators.
bool checkProgram(const ProgramModel& program, const PlacementPlan& plan, const Partition& partition,
                  DiagnosticSink& diagnostics);

}  // namespace edgecut::compiler
