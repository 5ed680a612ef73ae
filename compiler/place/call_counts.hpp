// Place, part: calls(f) of the energy estimate (energy.hpp), how often each function runs in one
// run of the program.
#pragma once

#include <string>
#include <unordered_map>

#include "edgecut/compiler/model.hpp"

#include "geography.hpp"

namespace edgecut::compiler {

// CallSite::timesPerCall with each loop over motes counted as the motes it walks: the members of
// the caller's clusters (mean size) when it is a cluster method walking its member class, else
// every mote of the class.
double timesPerCall(const Geography& geography, const Function& caller, const CallSite& call);

// calls(f) for every function, from main, which runs once: a call site runs calls(caller) ·
// timesPerCall(caller, call). Over the call graph's strongly connected components in topological
// order; a cycle is entered once, as its depth is not known statically.
std::unordered_map<std::string, double> countCalls(const ProgramModel& program, const Geography& geography);

}  // namespace edgecut::compiler
