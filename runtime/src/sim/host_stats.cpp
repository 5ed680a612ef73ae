#include "edgecut/runtime/sim/host_stats.hpp"

#include <stdexcept>

namespace edgecut::sim {

RejectedFrames& RejectedFrames::operator+=(const RejectedFrames& other) {
  forged += other.forged;
  replayed += other.replayed;
  unsolicited += other.unsolicited;
  return *this;
}

nlohmann::json toJson(const ActuatorWrite& write) {
  return {{"node", write.node}, {"actuator", write.actuator}, {"value", write.value}};
}

nlohmann::json toJson(const HostStats& stats) {
  nlohmann::json writes = nlohmann::json::array();
  for (const ActuatorWrite& write : stats.actuatorWrites) writes.push_back(toJson(write));
  nlohmann::json operations = nlohmann::json::array();
  for (const auto& [node, count] : stats.operations) operations.push_back({{"node", node}, {"operations", count}});
  nlohmann::json json = {{"malformed_frames", stats.malformedFrames},
          {"retransmissions", stats.retransmissions},
          {"duplicate_requests", stats.duplicateRequests},
          {"rejected", {{"forged", stats.rejected.forged},
                        {"replayed", stats.rejected.replayed},
                        {"unsolicited", stats.rejected.unsolicited}}},
          {"evicted_peers", stats.evictedPeers},
          {"pushes_dropped", stats.pushesDropped},
          {"actuator_writes", std::move(writes)},
          {"operations", std::move(operations)}};
  if (stats.profile) json["profile"] = toJson(*stats.profile);
  if (stats.operationsOverTime) {
    nlohmann::json counts = nlohmann::json::array();
    for (const Interval& bucket : stats.operationsOverTime->buckets()) counts.push_back(bucket.operations);
    json["operations_over_time"] = {{"width_ms", stats.operationsOverTime->widthMs()}, {"operations", std::move(counts)}};
  }
  return json;
}

std::string statsPayload(const HostStats& stats) {
  return toJson(stats).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

HostStats hostStatsFromJson(const nlohmann::json& json) {
  try {
    HostStats stats;
    stats.malformedFrames = wholeNumber<std::uint64_t>(json.at("malformed_frames"));
    // Optional: a transport may report only the trace.
    auto optional = [&](const char* key) -> std::uint64_t {
      return json.contains(key) ? wholeNumber<std::uint64_t>(json.at(key)) : 0;
    };
    stats.retransmissions = optional("retransmissions");
    stats.duplicateRequests = optional("duplicate_requests");
    if (json.contains("rejected")) {
      const nlohmann::json& rejected = json.at("rejected");
      stats.rejected = {wholeNumber<std::uint64_t>(rejected.at("forged")),
                        wholeNumber<std::uint64_t>(rejected.at("replayed")),
                        wholeNumber<std::uint64_t>(rejected.at("unsolicited"))};
    }
    stats.evictedPeers = optional("evicted_peers");
    stats.pushesDropped = optional("pushes_dropped");
    for (const nlohmann::json& write : json.at("actuator_writes")) {
      stats.actuatorWrites.push_back({wholeNumber<NodeId>(write.at("node")),
                                      write.at("actuator").get<std::string>(), write.at("value")});
    }
    for (const nlohmann::json& mote : json.at("operations")) {
      stats.operations[wholeNumber<NodeId>(mote.at("node"))] = wholeNumber<std::uint64_t>(mote.at("operations"));
    }
    if (json.contains("profile")) stats.profile = callProfileFromJson(json.at("profile"));
    if (json.contains("operations_over_time")) {
      const nlohmann::json& overTime = json.at("operations_over_time");
      std::vector<Interval> buckets;
      for (const nlohmann::json& count : overTime.at("operations"))
        buckets.push_back({.operations = wholeNumber<std::uint64_t>(count)});
      stats.operationsOverTime.emplace();
      if (!stats.operationsOverTime->assign(wholeNumber<std::uint64_t>(overTime.at("width_ms")), std::move(buckets)))
        throw std::runtime_error("the mote host's stats are malformed: operations_over_time has another width "
                                 "than 1 minute times a power of two, or too many buckets");
    }
    return stats;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("the mote host's stats are malformed: ") + e.what());
  }
}

}  // namespace edgecut::sim
