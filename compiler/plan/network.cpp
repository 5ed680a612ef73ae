// The plan's "network": inline, or the path of a network file relative to the plan. Both are read
// by the runtime's network reader (edgecut/runtime/network/network.hpp), the one the programs'
// --network FILE goes through too; and the network's form in the glue.
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

std::string networkGlue(const Network& network) {
  // A string literal of hex escapes, 16 bytes a line: lines stay short whatever the network's size,
  // no text in it can end the literal, and compilers read a megabyte of it (10,000 motes) in a
  // fraction of the time the same bytes take as an array of numbers.
  constexpr std::size_t kBytesPerLine = 16;
  const std::string bytes = network::encodeForGlue(network);
  std::string out =
      "\n// The network this program was partitioned for, normalised (edgecut/runtime/network/network.hpp),\n"
      "// as CBOR; `NAME_base --print-network` prints it as JSON.\n"
      "inline constexpr char kNetworkCbor[] =";
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i % kBytesPerLine == 0) out += i == 0 ? "\n    \"" : "\"\n    \"";
    out += fmt::format("\\x{:02x}", static_cast<unsigned char>(bytes[i]));
  }
  out += "\";\n";
  return out;
}

}  // namespace edgecut::compiler
