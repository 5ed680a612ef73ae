// The mqtt transport's base side (mqtt_transport.hpp).
#include "mqtt_transport.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace edgecut::transport {

namespace {

std::span<const std::uint8_t> bytesOf(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

std::set<NodeId> moteIds(const sim::Network& network) {
  std::set<NodeId> ids;
  for (const sim::MoteSpec& mote : network.motes()) ids.insert(mote.id);
  return ids;
}

}  // namespace

MqttBase::MqttBase(mqtt::Settings settings, const sim::Network& network)
    : motes_(moteIds(network)),
      link_(std::move(settings), sim::Network::kBase, {mqtt::Channel::in}, {mqtt::Channel::stats}) {}

std::string MqttBase::describe() const { return fmt::format("the motes on {}", link_.describe()); }

std::string MqttBase::whySilent(NodeId node) const {
  if (link_.online(node) != false) return {};
  return fmt::format("the broker reports mote {} offline (its last will, or its goodbye): start it again, with "
                     "--transport mqtt --node {}",
                     node, node);
}

bool MqttBase::send(NodeId to, std::span<const std::uint8_t> frame) {
  if (!motes_.count(to)) return true;  // not a mote of the network: nobody to deliver to
  if (link_.publish(to, mqtt::Channel::in, frame)) return true;
  whyClosed_ = fmt::format("{} does not take a frame of {} bytes", link_.describe(), frame.size());
  return false;
}

Transport::Event MqttBase::next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point> deadline) {
  for (;;) {
    mqtt::Message message;
    switch (link_.next(message, deadline)) {
      case mqtt::Link::Wait::message:
        break;
      case mqtt::Link::Wait::timeout:
        return Event::timeout;
      case mqtt::Link::Wait::brokerLost:
        whyClosed_ = fmt::format("lost {} ({}) and could not reconnect within {} ms", link_.describe(),
                                 link_.lostReason(), link_.settings().connectTimeout.count());
        return Event::closed;
    }
    if (message.address.channel != mqtt::Channel::in) continue;  // stats of an earlier run's shutdown
    frame = std::move(message.payload);
    return Event::frame;
  }
}

sim::HostStats MqttBase::collectStats(Clock::time_point deadline, const std::set<NodeId>& silent) {
  const Clock::time_point start = Clock::now();
  std::set<NodeId> waiting;
  std::set<NodeId> offline;  // before or while the stats were asked for: gone, with what they had
  for (const NodeId mote : motes_) {
    const std::optional<bool> online = link_.online(mote);
    if (online == true) waiting.insert(mote);
    if (online == false) offline.insert(mote);
  }
  for (const NodeId mote : waiting) link_.publish(mote, mqtt::Channel::control, bytesOf(mqtt::kStatsRequest));

  std::map<NodeId, sim::HostStats> reported;
  std::set<NodeId> late;
  std::set<NodeId> unreadable;  // whose stats did not parse
  std::vector<std::string> malformed;
  while (!waiting.empty()) {
    // Short waits, so that a mote that goes offline instead of answering is noticed.
    const Clock::time_point slice = std::min(deadline, Clock::now() + std::chrono::milliseconds(100));
    mqtt::Message message;
    const mqtt::Link::Wait wait = link_.next(message, slice);
    if (wait == mqtt::Link::Wait::message && message.address.channel == mqtt::Channel::stats &&
        waiting.count(message.address.node)) {
      const NodeId mote = message.address.node;
      waiting.erase(mote);
      const auto json = nlohmann::json::parse(message.payload.begin(), message.payload.end(), nullptr, false);
      try {
        if (json.is_discarded()) throw std::runtime_error("they are not JSON");
        reported[mote] = sim::hostStatsFromJson(json);
      } catch (const std::runtime_error& e) {
        unreadable.insert(mote);
        malformed.push_back(fmt::format("mote {} sent malformed stats: {}", mote, e.what()));
      }
      continue;
    }
    if (wait == mqtt::Link::Wait::brokerLost) {
      throw std::runtime_error(fmt::format("lost {} ({}) while the motes reported their stats", link_.describe(),
                                  link_.lostReason()));
    }
    const Clock::time_point now = Clock::now();
    for (auto it = waiting.begin(); it != waiting.end();) {
      if (link_.online(*it) == false) {
        offline.insert(*it);
      } else if (now >= deadline || (silent.count(*it) && now >= start + kSilentMoteWait)) {
        late.insert(*it);
      } else {
        ++it;
        continue;
      }
      it = waiting.erase(it);
    }
  }
  sim::HostStats merged;
  merged.profile.emplace();
  for (auto& [mote, stats] : reported) {
    // One mote that did not send its profile makes the motes' profile unknown.
    if (merged.profile && stats.profile) *merged.profile += *stats.profile;
    else merged.profile.reset();
    merged.malformedFrames += stats.malformedFrames;
    for (const auto& [node, operations] : stats.operations) merged.operations[node] += operations;
    for (auto& write : stats.actuatorWrites) merged.actuatorWrites.push_back(std::move(write));
  }
  std::vector<std::string> reasons;
  if (!offline.empty()) {
    reasons.push_back(fmt::format("the broker reports mote{} {} offline: {} stats are lost", offline.size() > 1 ? "s" : "",
                                  fmt::join(offline, ", "), offline.size() > 1 ? "their" : "its"));
  }
  if (!late.empty()) {
    reasons.push_back(fmt::format("mote{} {} did not report {} stats in time", late.size() > 1 ? "s" : "",
                                  fmt::join(late, ", "), late.size() > 1 ? "their" : "its"));
  }
  reasons.insert(reasons.end(), malformed.begin(), malformed.end());
  merged.lostMotes = offline;
  merged.lostMotes.insert(late.begin(), late.end());
  merged.lostMotes.insert(unreadable.begin(), unreadable.end());
  if (!merged.lostMotes.empty()) merged.profile.reset();
  merged.whyLost = fmt::format("{}", fmt::join(reasons, "; "));
  return merged;
}

}  // namespace edgecut::transport
