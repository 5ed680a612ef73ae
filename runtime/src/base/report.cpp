#include <fmt/format.h>

#include "edgecut/runtime/base_runtime.hpp"

namespace edgecut::base {

nlohmann::json makeReport(const Runtime& runtime, const std::optional<sim::HostStats>& host) {
  const sim::NodeTraffic total = runtime.medium().total();
  nlohmann::json nodes = nlohmann::json::array();
  for (const auto& [id, traffic] : runtime.medium().traffic()) {
    nodes.push_back({{"id", id},
                     {"messages_sent", traffic.messagesSent},
                     {"integers_sent", traffic.dataValuesSent},
                     {"bytes_sent", traffic.bytesSent},
                     {"transmit", traffic.transmit}});
  }
  nlohmann::json writes = nlohmann::json::array();
  if (host) {
    for (const sim::ActuatorWrite& write : host->actuatorWrites) writes.push_back(sim::toJson(write));
  }
  const ProgramInfo& program = runtime.program();
  return {
      {"program", program.programFile},
      {"plan", program.planFile},
      {"fingerprint", fmt::format("{:#018x}", program.fingerprint)},
      {"energy", {{"transmit", total.transmit}}},
      {"messages", total.messagesSent},
      {"integers", total.dataValuesSent},
      {"bytes", total.bytesSent},
      {"malformed_frames", runtime.malformedFrames() + (host ? host->malformedFrames : 0)},
      // Without the host's stats (it died) the trace is unknown, which an empty list would hide.
      {"actuator_writes", host ? writes : nlohmann::json(nullptr)},
      {"nodes", std::move(nodes)},
  };
}

std::string summarize(const Runtime& runtime, const std::optional<sim::HostStats>& host) {
  const sim::NodeTraffic total = runtime.medium().total();
  const ProgramInfo& program = runtime.program();
  std::string text = fmt::format(
      "edgecut: {} with plan {} on {} mote{}: {} messages, {} integers, {} bytes; transmit energy {}",
      program.programFile, program.planFile, runtime.network().motes().size(),
      runtime.network().motes().size() == 1 ? "" : "s", total.messagesSent,
      total.dataValuesSent, total.bytesSent, total.transmit);
  const std::uint64_t malformed = runtime.malformedFrames() + (host ? host->malformedFrames : 0);
  if (malformed > 0) text += fmt::format("; {} malformed frames dropped", malformed);
  if (host) text += fmt::format("; {} actuator writes", host->actuatorWrites.size());
  return text + "\n";
}

}  // namespace edgecut::base
