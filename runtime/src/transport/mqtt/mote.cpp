// The mqtt transport's mote side (mqtt_transport.hpp).
#include "mqtt_transport.hpp"

#include <signal.h>

#include <algorithm>
#include <cstdio>

namespace edgecut::transport {

namespace {

// How often a wait looks at the stop flag: the latency of SIGTERM.
constexpr std::chrono::milliseconds kStopCheck{50};

volatile sig_atomic_t stopRequested = 0;

void requestStop(int) { stopRequested = 1; }

}  // namespace

MqttMote::MqttMote(mqtt::Settings settings, NodeId self)
    : link_(std::move(settings), self, {mqtt::Channel::in, mqtt::Channel::control}) {
  struct sigaction action {};
  action.sa_handler = requestStop;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

Transport::Event MqttMote::next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point> deadline) {
  for (;;) {
    if (stopRequested) return Event::shutdown;
    const auto slice = Clock::now() + kStopCheck;
    mqtt::Message message;
    switch (link_.next(message, deadline ? std::min(*deadline, slice) : slice)) {
      case mqtt::Link::Wait::message:
        break;
      case mqtt::Link::Wait::timeout:
      case mqtt::Link::Wait::brokerLost:
        if (deadline && Clock::now() >= *deadline) return Event::timeout;
        continue;
    }
    if (message.address.channel == mqtt::Channel::control) {
      const std::string_view command(reinterpret_cast<const char*>(message.payload.data()), message.payload.size());
      if (command != mqtt::kStatsRequest) return Event::malformed;
      statsRequested_ = true;
      return Event::stats;
    }
    frame = std::move(message.payload);
    return Event::frame;
  }
}

bool MqttMote::send(NodeId to, std::span<const std::uint8_t> frame) {
  link_.publish(to, mqtt::Channel::in, frame);
  return true;  // too large for the broker: lost, and the requester's timeout reports it
}

void MqttMote::reportStats(sim::HostStats& stats) {
  if (!std::exchange(statsRequested_, false)) return;  // a stop: nobody asked
  const std::string json = sim::statsPayload(stats);
  const auto deadline = Clock::now() + link_.settings().holdTime;
  // On this mote's own stats topic (MQTT does not say who published a message), for the base.
  if (link_.publishAndWait(link_.self(), mqtt::Channel::stats,
                           {reinterpret_cast<const std::uint8_t*>(json.data()), json.size()}, deadline,
                           sim::Network::kBase)) {
    stats.actuatorWrites.clear();
    stats.malformedFrames = 0;
    // Zeroed, not erased: the host counts into these entries.
    for (auto& [node, operations] : stats.operations) operations = 0;
    if (stats.profile) stats.profile->zero();
  } else {
    std::fprintf(stderr, "edgecut: mote %u: %s did not take the stats within %lld ms\n",
                 static_cast<unsigned>(link_.self()), link_.describe().c_str(),
                 static_cast<long long>(link_.settings().holdTime.count()));
  }
}

}  // namespace edgecut::transport
