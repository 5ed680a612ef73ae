// Check: the rules that make a placement legal (docs/design.md §1). Pure, like place.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "edgecut/compiler/diagnostics.hpp"
#include "edgecut/compiler/model.hpp"
#include "edgecut/compiler/place.hpp"
#include "edgecut/compiler/plan.hpp"

namespace edgecut::compiler {

// The functions compiled into the mote unit: those placed on the mote, plus the unannotated ones
// they reach, except remote helpers (ResolvedPlacement::helpers), which mote code calls on the
// base. By Function::key.
std::set<std::string> moteClosure(const ProgramModel& program, const ResolvedPlacement& placement);
// The same for the base: functions placed there, the remote helpers, and the unannotated ones
// they reach.
std::set<std::string> baseClosure(const ProgramModel& program, const ResolvedPlacement& placement);

// Legality of one [[auto]] function's side, for the placer. `pins` holds the functions whose side is
// fixed (attributes, main, plan entries); the other auto functions are left out, so the walk goes
// through them as it goes through unannotated helpers: an auto callee of code on the mote must be on
// the mote too, so its violations are this function's. Helpers that `pins` makes remote
// (ResolvedPlacement::helpers) run on the base, and are not this function's. The first error that running `function` on
// that side would cause, or nothing when it may run there.
std::optional<Diagnostic> reasonNotOnMote(const ProgramModel& program, const PlacementPlan& plan,
                                          const ResolvedPlacement& pins, const Function& function);
std::optional<Diagnostic> reasonNotOnBase(const ProgramModel& program, const ResolvedPlacement& pins,
                                          const Function& function);

// Reports every violation; returns true when there was none.
//  - code placed on a mote may not call base code or use mutable globals (notes show the chain);
//  - every value crossing between mote and base must be serializable (the error names it);
//  - a function placed on a mote needs a mote to run on when base code calls it;
//  - base code may not use mote state (the data members of [[mote]] classes);
//  - code compiled into the mote uses only what the plan's mote profile allows (profile.hpp);
//  - every network mote of a [[mote]] class has that class's sensors and actuators.
bool checkProgram(const ProgramModel& program, const PlacementPlan& plan,
                  const ResolvedPlacement& placement, DiagnosticSink& diagnostics);

}  // namespace edgecut::compiler
