// The mqtt transport's mote side (mqtt_transport.hpp).
#include "mqtt_transport.hpp"

#include <signal.h>

#include <algorithm>
#include <cstdio>

#include "../control_seal.hpp"

namespace edgecut::transport {

namespace {

// How often a wait looks at the stop flag: the latency of SIGTERM.
constexpr std::chrono::milliseconds kStopCheck{50};

volatile sig_atomic_t stopRequested = 0;

void requestStop(int) { stopRequested = 1; }

}  // namespace

MqttMote::MqttMote(mqtt::Settings settings, NodeId self, const std::optional<wire::NetworkKey>& key)
    : link_(std::move(settings), self, {mqtt::Channel::in, mqtt::Channel::control}),
      key_(key),
      generation_(randomNumber()) {
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
      const auto opened = openedControl(message.payload, key_);
      if (!opened) {
        ++rejected_.forged;
        continue;
      }
      const std::optional<mqtt::Command> command = mqtt::decodeCommand(*opened);
      if (!command) {
        // The runtime's control messages (edgecut/runtime/control.hpp); the host counts what is
        // none as malformed.
        frame = std::vector<std::uint8_t>(opened->begin(), opened->end());  // (a view into the payload)
        return Event::control;
      }
      if (command->forget && *command->forget != generation_ && command->forget != forgotten_) {
        // A forget of a generation already gone: recorded and sent again, it must not erase the
        // trace of the run now going on.
        ++rejected_.replayed;
        continue;
      }
      command_ = command;
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

bool MqttMote::sendControl(NodeId to, std::span<const std::uint8_t> message) {
  link_.publish(to, mqtt::Channel::control, sealedControl({message.begin(), message.end()}, key_));
  return true;  // lost, like a frame: the base's wait for it reports it
}

void MqttMote::reportStats(sim::HostStats& stats) {
  if (!command_) return;  // a stop: nobody asked
  const mqtt::Command command = *std::exchange(command_, std::nullopt);
  stats.rejected += std::exchange(rejected_, {});
  mqtt::Answer answer{command.run, command.forget, generation_, std::nullopt};
  if (!command.forget) {
    answer.stats = stats;
  } else if (*command.forget == generation_) {
    // The base has the stats: the next run gets a trace of its own.
    stats.actuatorWrites.clear();
    stats.malformedFrames = 0;
    stats.rejected = {};
    // Zeroed, not erased: the host counts into these entries.
    for (auto& [node, operations] : stats.operations) operations = 0;
    if (stats.operationsOverTime) stats.operationsOverTime.emplace();
    if (stats.profile) stats.profile->zero();
    forgotten_ = std::exchange(generation_, randomNumber());
  }
  const std::vector<std::uint8_t> payload = sealedControl(mqtt::encode(answer), key_);
  // On this mote's own stats topic (MQTT does not say who published a message), for the base.
  if (!link_.publishAndWait(link_.self(), mqtt::Channel::stats, payload, Clock::now() + link_.settings().holdTime,
                            sim::Network::kBase)) {
    std::fprintf(stderr, "edgecut: mote %u: %s did not take the stats within %lld ms\n",
                 static_cast<unsigned>(link_.self()), link_.describe().c_str(),
                 static_cast<long long>(link_.settings().holdTime.count()));
  }
}

}  // namespace edgecut::transport
