#include "edgecut/runtime/mqtt/mote_transport.hpp"

#include <signal.h>

#include <algorithm>
#include <cstdio>

namespace edgecut::mote {

namespace {

constexpr std::chrono::milliseconds kConnectTimeout{5000};
// How often a wait looks at the stop flag: the latency of SIGTERM.
constexpr std::chrono::milliseconds kStopCheck{50};

volatile sig_atomic_t stopRequested = 0;

void requestStop(int) { stopRequested = 1; }

}  // namespace

MqttTransport::MqttTransport(mqtt::Settings settings, NodeId self)
    : link_(std::move(settings), self, {mqtt::Channel::in, mqtt::Channel::control}) {
  struct sigaction action {};
  action.sa_handler = requestStop;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

std::unique_ptr<Transport> make_mqtt_transport(const TransportSetup& setup) {
  if (!setup.node) throw TransportUsageError("the mqtt transport needs --node ID: the mote this process is");
  if (setup.simFd) throw TransportUsageError("--sim-fd is for the sim transport");
  mqtt::Settings settings;
  try {
    settings = mqtt::settingsFrom(setup.mqtt, setup.program.programFile, kConnectTimeout);
  } catch (const mqtt::Error& e) {
    throw TransportUsageError(e.what());
  }
  return std::make_unique<MqttTransport>(std::move(settings), *setup.node);
}

Transport::Event MqttTransport::next(std::vector<std::uint8_t>& frame, std::optional<sim::Clock::time_point> deadline) {
  for (;;) {
    if (stopRequested) return Event::shutdown;
    const auto slice = sim::Clock::now() + kStopCheck;
    mqtt::Message message;
    switch (link_.next(message, deadline ? std::min(*deadline, slice) : slice)) {
      case mqtt::Link::Wait::message:
        break;
      case mqtt::Link::Wait::timeout:
      case mqtt::Link::Wait::brokerLost:
        if (deadline && sim::Clock::now() >= *deadline) return Event::timeout;
        continue;
    }
    if (message.address.channel == mqtt::Channel::control) {
      const std::string_view command(reinterpret_cast<const char*>(message.payload.data()), message.payload.size());
      if (command != mqtt::kStatsRequest) return Event::malformed;
      statsRequested_ = true;
      return Event::stats;
    }
    wire::Frame decoded;
    if (wire::decodeFrame(message.payload, decoded) != wire::Status::ok || decoded.address.dst != link_.self()) {
      return Event::malformed;
    }
    frame = std::move(message.payload);
    return Event::frame;
  }
}

bool MqttTransport::send(std::span<const std::uint8_t> frame) {
  wire::Frame decoded;
  if (wire::decodeFrame(frame, decoded) != wire::Status::ok) return true;  // the host sends only valid frames
  link_.publish(decoded.address.dst, mqtt::Channel::in, frame);
  return true;  // too large for the broker: lost, and the requester's timeout reports it
}

void MqttTransport::reportStats(sim::HostStats& stats) {
  if (!std::exchange(statsRequested_, false)) return;  // a stop: nobody asked
  const std::string json = sim::toJson(stats).dump();
  const auto deadline = sim::Clock::now() + link_.settings().holdTime;
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

}  // namespace edgecut::mote
