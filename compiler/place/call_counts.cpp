#include "call_counts.hpp"

#include <algorithm>
#include <cstdint>
#include <set>
#include <utility>
#include <vector>

namespace edgecut::compiler {

double timesPerCall(const Geography& geography, const Function& caller, const CallSite& call) {
  double times = call.timesPerCall;
  for (const std::string& moteClass : call.moteLoops) {
    double motes = static_cast<double>(geography.motesOf(moteClass).size());
    if (const auto* onHead = std::get_if<OnClusterHead>(&caller.runsOn); onHead && onHead->memberClass == moteClass) {
      std::vector<double> sizes;
      for (const auto& [head, members] : geography.clustersOf(moteClass)) sizes.push_back(static_cast<double>(members.size()));
      motes = mean(sizes);
    }
    times = times / kUnknownTripCount * motes;
  }
  return times;
}

double periodicRuns(const Geography& geography, const Function& task, std::uint64_t periodMs) {
  const double motes = static_cast<double>(geography.motesOf(moteClassToRunOn(task.runsOn)).size());
  return kEstimatedPeriodMs / static_cast<double>(periodMs) * motes;
}

std::unordered_map<std::string, double> countCalls(const ProgramModel& program, const Geography& geography,
                                                   const std::vector<TaskPeriod>& tasks) {
  const std::size_t n = program.functions.size();
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < n; ++i) index.emplace(program.functions[i].key, i);
  std::vector<std::vector<std::pair<std::size_t, double>>> out(n);
  for (std::size_t i = 0; i < n; ++i)
    for (const CallSite& call : program.functions[i].calls)
      if (auto found = index.find(call.callee); found != index.end())
        out[i].push_back({found->second, timesPerCall(geography, program.functions[i], call)});

  // Tarjan's algorithm, iterative: components come out sinks first.
  std::vector<std::size_t> component(n, SIZE_MAX), low(n), order(n, SIZE_MAX), stack;
  std::vector<bool> onStack(n, false);
  std::vector<std::vector<std::size_t>> components;
  std::size_t counter = 0;
  for (std::size_t root = 0; root < n; ++root) {
    if (order[root] != SIZE_MAX) continue;
    std::vector<std::pair<std::size_t, std::size_t>> frames{{root, 0}};
    order[root] = low[root] = counter++;
    stack.push_back(root);
    onStack[root] = true;
    while (!frames.empty()) {
      auto& [v, next] = frames.back();
      if (next < out[v].size()) {
        std::size_t w = out[v][next++].first;
        if (order[w] == SIZE_MAX) {
          order[w] = low[w] = counter++;
          stack.push_back(w);
          onStack[w] = true;
          frames.push_back({w, 0});
        } else if (onStack[w]) {
          low[v] = std::min(low[v], order[w]);
        }
        continue;
      }
      if (low[v] == order[v]) {
        components.emplace_back();
        std::size_t w;
        do {
          w = stack.back();
          stack.pop_back();
          onStack[w] = false;
          component[w] = components.size() - 1;
          components.back().push_back(w);
        } while (w != v);
      }
      std::size_t done = v;
      frames.pop_back();
      if (!frames.empty()) low[frames.back().first] = std::min(low[frames.back().first], low[done]);
    }
  }

  std::vector<double> calls(n, 0);
  for (std::size_t i = 0; i < n; ++i)
    if (program.functions[i].isMain) calls[i] = 1;
  for (const TaskPeriod& task : tasks)
    if (auto found = index.find(task.key); found != index.end())
      calls[found->second] += periodicRuns(geography, program.functions[found->second], task.periodMs);
  for (auto c = components.rbegin(); c != components.rend(); ++c) {
    const std::vector<std::size_t>& members = *c;
    std::size_t id = component[members.front()];
    if (members.size() > 1) {
      // Inside a cycle, each member is reached once from the members the outside calls.
      std::vector<std::size_t> queue;
      std::set<std::size_t> reached;
      for (std::size_t m : members)
        if (calls[m] > 0) queue.push_back(m), reached.insert(m);
      for (std::size_t k = 0; k < queue.size(); ++k)
        for (auto [w, times] : out[queue[k]])
          if (component[w] == id && reached.insert(w).second) {
            calls[w] += calls[queue[k]] * times;
            queue.push_back(w);
          }
    }
    for (std::size_t m : members)
      for (auto [w, times] : out[m])
        if (component[w] != id) calls[w] += calls[m] * times;
  }
  std::unordered_map<std::string, double> counts;
  for (std::size_t i = 0; i < n; ++i) counts[program.functions[i].key] = calls[i];
  return counts;
}

}  // namespace edgecut::compiler
