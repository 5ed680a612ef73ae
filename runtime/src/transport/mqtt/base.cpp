// The mqtt transport's base side (mqtt_transport.hpp).
#include "mqtt_transport.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "../control_seal.hpp"

namespace edgecut::transport {

namespace {

std::set<NodeId> moteIds(const sim::Network& network) {
  std::set<NodeId> ids;
  for (const sim::MoteSpec& mote : network.motes()) ids.insert(mote.id);
  return ids;
}

}  // namespace

MqttBase::MqttBase(mqtt::Settings settings, const sim::Network& network, const std::optional<wire::NetworkKey>& key)
    : motes_(moteIds(network)),
      link_(std::move(settings), sim::Network::kBase, {mqtt::Channel::in, mqtt::Channel::control},
            {mqtt::Channel::stats}),
      key_(key) {}

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

bool MqttBase::sendControl(NodeId to, std::span<const std::uint8_t> message) {
  if (!motes_.count(to)) return true;  // not a mote of the network: nobody to deliver to
  if (link_.publish(to, mqtt::Channel::control, sealedControl({message.begin(), message.end()}, key_))) return true;
  whyClosed_ = fmt::format("{} does not take a control message of {} bytes", link_.describe(), message.size());
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
    if (message.address.channel == mqtt::Channel::stats) continue;  // stats of an earlier run's shutdown
    if (message.address.channel == mqtt::Channel::in) {
      frame = std::move(message.payload);
      return Event::frame;
    }
    // The motes' answers to the runtime's control messages (edgecut/runtime/control.hpp).
    const auto opened = openedControl(message.payload, key_);
    if (!opened) {
      ++rejected_.forged;
      continue;
    }
    frame = std::vector<std::uint8_t>(opened->begin(), opened->end());  // (a view into the payload)
    return Event::control;
  }
}

sim::HostStats MqttBase::collectStats(Clock::time_point deadline, const std::set<NodeId>& silent) {
  const Clock::time_point start = Clock::now();
  const std::uint64_t run = randomNumber();
  std::set<NodeId> waiting;
  std::set<NodeId> offline;  // before or while the stats were asked for: gone, with what they had
  for (const NodeId mote : motes_) {
    const std::optional<bool> online = link_.online(mote);
    if (online == true) waiting.insert(mote);
    if (online == false) offline.insert(mote);
  }
  // What each mote reported, with the generation its forget names.
  std::map<NodeId, mqtt::Answer> reported;
  auto ask = [&](NodeId mote) {
    mqtt::Command command{run, std::nullopt};
    if (const auto found = reported.find(mote); found != reported.end()) command.forget = found->second.generation;
    link_.publish(mote, mqtt::Channel::control, sealedControl(mqtt::encode(command), key_));
  };
  for (const NodeId mote : waiting) ask(mote);

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
      const auto opened = openedControl(message.payload, key_);
      if (!opened) {
        ++rejected_.forged;
        continue;
      }
      const std::optional<mqtt::Answer> answer = mqtt::decodeAnswer(*opened);
      if (!answer) {
        waiting.erase(mote);
        reported.erase(mote);
        unreadable.insert(mote);
        malformed.push_back(fmt::format("mote {} sent malformed stats", mote));
        continue;
      }
      if (answer->run != run) continue;  // an earlier run's
      const auto taken = reported.find(mote);
      if (!answer->forgot && taken == reported.end()) {
        reported.emplace(mote, *answer);
        ask(mote);  // now: forget them
      } else if (answer->forgot && taken != reported.end() && *answer->forgot == taken->second.generation) {
        waiting.erase(mote);
      }
      continue;
    }
    if (wait == mqtt::Link::Wait::brokerLost) {
      throw std::runtime_error(fmt::format("lost {} ({}) while the motes reported their stats", link_.describe(),
                                  link_.lostReason()));
    }
    const Clock::time_point now = Clock::now();
    for (auto it = waiting.begin(); it != waiting.end();) {
      const bool gone = link_.online(*it) == false;
      if (!gone && now < deadline && !(silent.count(*it) && now >= start + kSilentMoteWait)) {
        ++it;
        continue;
      }
      // Its stats, if they came, stay: it was asked to forget them, and may have. Otherwise it is
      // lost.
      if (!reported.count(*it)) (gone ? offline : late).insert(*it);
      it = waiting.erase(it);
    }
  }
  sim::HostStats merged;
  merged.profile.emplace();
  merged.operationsOverTime.emplace();
  for (auto& [mote, answer] : reported) {
    sim::HostStats& stats = *answer.stats;
    // One mote that did not send its profile makes the motes' profile unknown; so with its
    // operations over time.
    if (merged.profile && stats.profile) *merged.profile += *stats.profile;
    else merged.profile.reset();
    if (merged.operationsOverTime && stats.operationsOverTime) merged.operationsOverTime->merge(*stats.operationsOverTime);
    else merged.operationsOverTime.reset();
    merged.malformedFrames += stats.malformedFrames;
    merged.rejected += stats.rejected;
    merged.evictedPeers += stats.evictedPeers;
    merged.pushesDropped += stats.pushesDropped;
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
