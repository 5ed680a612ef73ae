// The plan's "network": inline, or the path of a network file relative to the plan. Both are read
// by the runtime's network reader (edgecut/runtime/network/network.hpp), the one the programs'
// --network FILE goes through too.
#include <algorithm>

#include <fmt/format.h>

#include "edgecut/runtime/network/input_file.hpp"
#include "plan_reader.hpp"

namespace edgecut::compiler {

void PlanReader::readNetworkEntry(const json::Value& value, PlacementPlan& plan) {
  std::optional<Network> network;
  if (value.isObject()) {
    network = network::readNetwork(value, file_, "the plan", diagnostics_);
  } else if (!value.isString()) {
    error(value.position, std::string("'network' must be an object or the path of a network file, not ") +
                              value.kindName());
  } else if (value.string.empty()) {
    error(value.position, "'network' is an empty path; give the network file's path relative to the plan");
  } else {
    std::string path = json::resolveRelativeTo(file_, value.string);
    std::string problem;
    std::optional<std::string> text = input::readInputFile(path, input::FileKind::Network, problem, value.string);
    if (!text) {
      error(value.position, std::move(problem));
      return;
    }
    plan.inputFiles.push_back(path);
    plan.text += *text;
    network = network::parseNetworkFile(path, *text, diagnostics_);
  }
  if (!network) return;
  for (const std::string& trace : network->traceFiles)
    if (std::find(plan.inputFiles.begin(), plan.inputFiles.end(), trace) == plan.inputFiles.end())
      plan.inputFiles.push_back(trace);
  plan.network = std::move(*network);
  networkRead_ = true;
}

}  // namespace edgecut::compiler
