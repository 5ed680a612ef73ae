// Place, part: calls(f) of the energy estimate (energy.hpp), how often each function runs in one
// run of the program.
#pragma once

#include <string>
#include <unordered_map>

#include "edgecut/compiler/energy.hpp"
#include "edgecut/compiler/model.hpp"
#include "edgecut/compiler/place.hpp"

#include "geography.hpp"

namespace edgecut::compiler {

// CallSite::timesPerCall with each loop over motes counted as the motes it walks: the members of
// the caller's clusters (mean size) when it is a cluster method walking its member class, else
// every mote of the class.
double timesPerCall(const Geography& geography, const Function& caller, const CallSite& call);

// How often a periodic task runs in kEstimatedPeriodMs: once per period on every mote of its class
// (a rate: a daily task counts 1/24 run per mote).
double periodicRuns(const Geography& geography, const Function& task, std::uint64_t periodMs);

// calls(f) for every function, from main, which runs once, and from the periodic tasks, which run
// periodicRuns times: a call site runs calls(caller) · timesPerCall(caller, call). Over the call
// graph's strongly connected components in topological order; a cycle is entered once, as its
// depth is not known statically.
std::unordered_map<std::string, double> countCalls(const ProgramModel& program, const Geography& geography,
                                                   const std::vector<TaskPeriod>& tasks);

}  // namespace edgecut::compiler
