#include <fmt/format.h>

#include "edgecut/runtime/base_runtime.hpp"

namespace edgecut::base {

namespace {

// Measured O (DESIGN §4): the operations the motes executed. The base's own work is free, like its
// transmissions, and is not counted.
std::uint64_t totalOperations(const sim::HostStats& host) {
  std::uint64_t total = 0;
  for (const auto& [node, operations] : host.operations) total += operations;
  return total;
}

std::uint64_t operationsOf(const sim::HostStats& host, NodeId node) {
  const auto found = host.operations.find(node);
  return found == host.operations.end() ? 0 : found->second;
}

// The medium's faults: the spec and what it did; null without faults.
nlohmann::json faultsJson(const sim::FaultyQueue& faults) {
  if (!faults.spec().any()) return nullptr;
  return {{"spec", sim::toString(faults.spec())},
          {"dropped", faults.counts().dropped},
          {"duplicated", faults.counts().duplicated},
          {"reordered", faults.counts().reordered}};
}

}  // namespace

nlohmann::json makeReport(const Runtime& runtime, const std::optional<sim::HostStats>& host) {
  const sim::NodeTraffic total = runtime.medium().total();
  const ProgramInfo& program = runtime.program();
  nlohmann::json nodes = nlohmann::json::array();
  for (const auto& [id, traffic] : runtime.medium().traffic()) {
    nodes.push_back({{"id", id},
                     {"operations", host ? nlohmann::json(operationsOf(*host, id)) : nlohmann::json(nullptr)},
                     {"messages_sent", traffic.messagesSent},
                     {"integers_sent", traffic.dataValuesSent},
                     {"bytes_sent", traffic.bytesSent},
                     {"transmit", traffic.transmit}});
  }
  nlohmann::json writes = nlohmann::json::array();
  // Without the host's stats (it died) the operations and the trace are unknown, which zero or an
  // empty list would hide.
  nlohmann::json operations(nullptr);
  nlohmann::json energy = {{"instructions", nullptr}, {"transmit", total.transmit}, {"total", nullptr}};
  if (host) {
    for (const sim::ActuatorWrite& write : host->actuatorWrites) writes.push_back(sim::toJson(write));
    const std::uint64_t measured = totalOperations(*host);
    const double instructions = program.instructionCost * static_cast<double>(measured);
    operations = measured;
    energy["instructions"] = instructions;
    energy["total"] = instructions + total.transmit;
  }
  return {
      {"program", program.programFile},
      {"plan", program.planFile},
      {"fingerprint", fmt::format("{:#018x}", program.fingerprint)},
      {"energy", std::move(energy)},
      {"operations", std::move(operations)},
      {"messages", total.messagesSent},
      {"integers", total.dataValuesSent},
      {"bytes", total.bytesSent},
      {"malformed_frames", runtime.malformedFrames() + (host ? host->malformedFrames : 0)},
      // Reliability: requests resent (by the base and by motes; their frames are in the counts
      // above, as they were transmitted), requests that arrived again and did not run again, and
      // motes that restarted.
      {"retransmissions", runtime.retransmissions() + (host ? host->retransmissions : 0)},
      {"duplicate_requests", host ? nlohmann::json(host->duplicateRequests) : nlohmann::json(nullptr)},
      {"mote_restarts", runtime.moteRestarts()},
      {"faults", faultsJson(runtime.faults())},
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
  if (host) {
    const std::uint64_t operations = totalOperations(*host);
    const double instructions = program.instructionCost * static_cast<double>(operations);
    text += fmt::format("; {} operations, instruction energy {}; energy {}", operations, instructions,
                        instructions + total.transmit);
  } else {
    text += "; operations unknown (the mote host sent no stats)";
  }
  const std::uint64_t malformed = runtime.malformedFrames() + (host ? host->malformedFrames : 0);
  if (malformed > 0) text += fmt::format("; {} malformed frames dropped", malformed);
  if (runtime.faults().spec().any()) {
    const sim::FaultCounts& faults = runtime.faults().counts();
    text += fmt::format("; faults {}: {} frames lost, {} duplicated, {} reordered", sim::toString(runtime.faults().spec()),
                        faults.dropped, faults.duplicated, faults.reordered);
  }
  const std::uint64_t resent = runtime.retransmissions() + (host ? host->retransmissions : 0);
  if (resent > 0) text += fmt::format("; {} requests resent", resent);
  if (host && host->duplicateRequests > 0) text += fmt::format("; {} duplicate requests not run again", host->duplicateRequests);
  if (runtime.moteRestarts() > 0) text += fmt::format("; {} mote restarts", runtime.moteRestarts());
  if (host) text += fmt::format("; {} actuator writes", host->actuatorWrites.size());
  return text + "\n";
}

}  // namespace edgecut::base
