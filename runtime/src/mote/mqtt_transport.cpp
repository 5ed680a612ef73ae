#include "edgecut/runtime/mqtt/mote_transport.hpp"

#include <cstdio>

namespace edgecut::mote {

MqttTransport::MqttTransport(mqtt::Settings settings, NodeId self)
    : link_(std::move(settings), self, {mqtt::Channel::in, mqtt::Channel::control}) {}

Transport::Event MqttTransport::next(std::vector<std::uint8_t>& frame, std::optional<sim::Clock::time_point> deadline) {
  mqtt::Message message;
  switch (link_.next(message, deadline)) {
    case mqtt::Link::Wait::message:
      break;
    case mqtt::Link::Wait::timeout:
    case mqtt::Link::Wait::brokerLost:
      return Event::timeout;
  }
  if (message.address.channel == mqtt::Channel::control) {
    const std::string_view command(reinterpret_cast<const char*>(message.payload.data()), message.payload.size());
    return command == mqtt::kShutdown ? Event::shutdown : Event::malformed;
  }
  wire::Frame decoded;
  if (wire::decodeFrame(message.payload, decoded) != wire::Status::ok || decoded.address.dst != link_.self()) {
    // The host hosts the whole network's motes; only this one's frames may reach it.
    return Event::malformed;
  }
  frame = std::move(message.payload);
  return Event::frame;
}

bool MqttTransport::send(std::span<const std::uint8_t> frame) {
  wire::Frame decoded;
  if (wire::decodeFrame(frame, decoded) != wire::Status::ok) return false;
  return link_.publish(decoded.address.dst, mqtt::Channel::in, frame);
}

void MqttTransport::reportStats(const sim::HostStats& stats) {
  const std::string json = sim::toJson(stats).dump();
  const auto deadline = sim::Clock::now() + link_.settings().holdTime;
  if (!link_.publishAndWait(sim::Network::kBase, mqtt::Channel::stats,
                            {reinterpret_cast<const std::uint8_t*>(json.data()), json.size()}, deadline)) {
    std::fprintf(stderr, "edgecut: mote %u: %s did not take the stats within %lld ms\n",
                 static_cast<unsigned>(link_.self()), link_.describe().c_str(),
                 static_cast<long long>(link_.settings().holdTime.count()));
  }
}

}  // namespace edgecut::mote
