#include "edgecut/runtime/mqtt/base_transport.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "../take_option.hpp"

namespace edgecut::base {

namespace {

mqtt::Link connect(mqtt::Settings settings) {
  try {
    return mqtt::Link(std::move(settings), sim::Network::kBase, {mqtt::Channel::in}, {mqtt::Channel::stats});
  } catch (const mqtt::Error& e) {
    throw LinkError(e.what());
  }
}

std::span<const std::uint8_t> bytesOf(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

std::set<NodeId> moteIds(const sim::Network& network) {
  std::set<NodeId> ids;
  for (const sim::MoteSpec& mote : network.motes()) ids.insert(mote.id);
  return ids;
}

}  // namespace

MqttTransport::MqttTransport(mqtt::Settings settings, const sim::Network& network)
    : motes_(moteIds(network)), link_(connect(std::move(settings))) {}

std::unique_ptr<Transport> make_mqtt_transport(const TransportSetup& setup) {
  mqtt::Settings settings;
  try {
    settings = mqtt::settingsFrom(setup.mqtt, setup.program.programFile, setup.timeout);
  } catch (const mqtt::Error& e) {
    throw edgecut::detail::UsageError(e.what());
  }
  return std::make_unique<MqttTransport>(std::move(settings), setup.network);
}

std::string MqttTransport::describe() const { return fmt::format("the motes on {}", link_.describe()); }

std::string MqttTransport::whySilent(NodeId node) const {
  if (link_.online(node) != false) return {};
  return fmt::format("the broker reports mote {} offline (its last will, or its goodbye): start it again, with "
                     "--transport mqtt --node {}",
                     node, node);
}

void MqttTransport::send(std::span<const std::uint8_t> frame) {
  wire::Frame decoded;
  if (wire::decodeFrame(frame, decoded) != wire::Status::ok || !motes_.count(decoded.address.dst)) {
    throw std::logic_error("edgecut: the base sent a frame that is not for a mote");
  }
  if (!link_.publish(decoded.address.dst, mqtt::Channel::in, frame)) {
    throw LinkError(fmt::format("{} does not take a frame of {} bytes", link_.describe(), frame.size()));
  }
}

std::optional<std::vector<std::uint8_t>> MqttTransport::receive(Clock::time_point deadline) {
  for (;;) {
    mqtt::Message message;
    switch (link_.next(message, deadline)) {
      case mqtt::Link::Wait::message:
        break;
      case mqtt::Link::Wait::timeout:
        return std::nullopt;
      case mqtt::Link::Wait::brokerLost:
        throw LinkError(fmt::format("lost {} ({}) and could not reconnect within {} ms", link_.describe(),
                                    link_.lostReason(), link_.settings().connectTimeout.count()));
    }
    if (message.address.channel != mqtt::Channel::in) continue;  // stats of an earlier run's shutdown
    wire::Frame frame;
    if (wire::decodeFrame(message.payload, frame) != wire::Status::ok || frame.address.dst != sim::Network::kBase) {
      // Not a frame, or a frame for another node on the base's topic: nobody here can answer it.
      ++malformed_;
      continue;
    }
    return std::move(message.payload);
  }
}

sim::HostStats MqttTransport::shutdown(Clock::time_point deadline) {
  std::set<NodeId> waiting;
  for (const NodeId node : link_.onlineNodes()) {
    if (motes_.count(node)) waiting.insert(node);
  }
  for (const NodeId mote : waiting) link_.publish(mote, mqtt::Channel::control, bytesOf(mqtt::kStatsRequest));

  std::map<NodeId, sim::HostStats> reported;
  while (!waiting.empty()) {
    // Short waits, so that a mote that goes offline instead of answering is noticed.
    const Clock::time_point slice = std::min(deadline, Clock::now() + std::chrono::milliseconds(100));
    mqtt::Message message;
    const mqtt::Link::Wait wait = link_.next(message, slice);
    if (wait == mqtt::Link::Wait::message && message.address.channel == mqtt::Channel::stats &&
        waiting.count(message.address.node)) {
      const NodeId mote = message.address.node;
      const auto json = nlohmann::json::parse(message.payload.begin(), message.payload.end(), nullptr, false);
      if (json.is_discarded()) throw LinkError(fmt::format("mote {} sent stats that are not JSON", mote));
      try {
        reported[mote] = sim::hostStatsFromJson(json);
      } catch (const std::runtime_error& e) {
        throw LinkError(fmt::format("mote {} sent malformed stats: {}", mote, e.what()));
      }
      waiting.erase(mote);
      continue;
    }
    if (wait == mqtt::Link::Wait::brokerLost) {
      throw LinkError(fmt::format("lost {} ({}) while the motes reported their stats", link_.describe(),
                                  link_.lostReason()));
    }
    for (const NodeId mote : waiting) {
      if (link_.online(mote) == false) {
        throw LinkError(fmt::format("mote {} went offline before reporting its stats", mote));
      }
    }
    if (Clock::now() >= deadline) {
      throw LinkError(fmt::format("mote{} {} did not report {} stats in time",
                                  waiting.size() > 1 ? "s" : "", fmt::join(waiting, ", "),
                                  waiting.size() > 1 ? "their" : "its"));
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
  return merged;
}

}  // namespace edgecut::base
