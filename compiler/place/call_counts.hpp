// Place, part: calls(f) of the energy estimate (energy.hpp), how often each function runs in one
// run of the program.
#pragma once

#include <functional>
#include <string>
#include <unordered_map>

#include "edgecut/compiler/model.hpp"

namespace edgecut::compiler {

// calls(f) for every function, from main, which runs once: a call site runs calls(caller) ·
// timesPerCall(caller, call). Over the call graph's strongly connected components in topological
// order; a cycle is entered once, as its depth is not known statically.
std::unordered_map<std::string, double> countCalls(
    const ProgramModel& program, const std::function<double(const Function&, const CallSite&)>& timesPerCall);

}  // namespace edgecut::compiler
