// The mqtt transport: every node is its own process and one client of an MQTT broker (the base is
// node 0); a frame is published to its destination's topic. Topics and sessions: link.hpp.
#ifndef EDGECUT_RUNTIME_TRANSPORT_MQTT_MQTT_TRANSPORT_HPP
#define EDGECUT_RUNTIME_TRANSPORT_MQTT_MQTT_TRANSPORT_HPP

#include <set>

#include "edgecut/runtime/sim/network.hpp"
#include "edgecut/runtime/transport.hpp"
#include "control.hpp"
#include "edgecut/runtime/auth.hpp"
#include "link.hpp"

namespace edgecut::transport {

// The base's side (NAME_base --transport mqtt).
class MqttBase final : public Transport {
 public:
  // Connects as the base. Throws mqtt::Error if the broker cannot be reached in time. With `key`,
  // its control messages are sealed, and answers without a valid tag rejected (control.hpp).
  MqttBase(mqtt::Settings settings, const sim::Network& network, const std::optional<wire::NetworkKey>& key);

  std::string describe() const override;
  // Publishes to the destination's topic (held until the mote is online, see link.hpp).
  bool send(NodeId to, std::span<const std::uint8_t> frame) override;
  // Publishes to the mote's control topic (held like a frame), sealed with the key as the stats'
  // commands are.
  bool sendControl(NodeId to, std::span<const std::uint8_t> message) override;
  // Frames and control messages published to the base (those without a valid tag are counted as
  // forged). `closed` when the broker has been gone for longer than the connect timeout as the
  // deadline passes.
  Event next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point> deadline) override;
  std::string whyClosed() const override { return whyClosed_; }
  std::uint64_t dropped() const override { return link_.dropped(); }
  sim::RejectedFrames rejected() const override { return rejected_; }
  // Asks every online mote of the network for its stats (since it last reported them), tells each
  // to forget what it sent (control.hpp), and merges them: malformed frames summed, each mote's
  // actuator writes in the order it made them, motes in id order (as udp: motes share no clock).
  // The motes go on serving. A mote the broker reports offline, or that does not answer in time
  // (those in `silent` within kSilentMoteWait), is lost.
  sim::HostStats collectStats(Clock::time_point deadline, const std::set<NodeId>& silent) override;
  // "the broker reports mote N offline …" when its retained status (its last will, or its own
  // goodbye) says so.
  std::string whySilent(NodeId node) const override;

 private:
  std::set<NodeId> motes_;  // of the network
  mqtt::Link link_;
  std::optional<wire::NetworkKey> key_;
  std::string whyClosed_;
  sim::RejectedFrames rejected_;  // control answers without a valid tag
};

// A mote program's side (NAME_mote --transport mqtt --node N): node N on the broker.
class MqttMote final : public Transport {
 public:
  // Connects as mote `self`. Throws mqtt::Error if the broker cannot be reached in time. SIGINT
  // and SIGTERM end serving (a shutdown event; the mote says "offline" as it goes). With `key`, the
  // base's control messages must carry a valid tag, and its own carry one.
  MqttMote(mqtt::Settings settings, NodeId self, const std::optional<wire::NetworkKey>& key);

  std::string describe() const override { return link_.describe(); }
  bool send(NodeId to, std::span<const std::uint8_t> frame) override;
  // Publishes to the base's control topic, sealed.
  bool sendControl(NodeId to, std::span<const std::uint8_t> message) override;
  // Frames for this mote, the base's stats requests and control messages (with a key, only those
  // with a valid tag: others are counted as forged; the host counts what is none as malformed),
  // and stops.
  // Without a deadline it waits for a lost broker to come back as long as it takes (a mote is a
  // daemon); with one, a lost broker is a timeout.
  Event next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point> deadline) override;
  // Answers the base's stats request, or forgets what the base took when it says so (the next
  // base run gets a trace of its own). Nothing on a stop, which nobody asked to report.
  void reportStats(sim::HostStats& stats) override;

 private:
  mqtt::Link link_;
  std::optional<wire::NetworkKey> key_;
  std::optional<mqtt::Command> command_;  // the one behind the last stats event
  std::uint64_t generation_;              // what a forget must name (control.hpp)
  std::optional<std::uint64_t> forgotten_;
  sim::RejectedFrames rejected_;  // control messages, since the last report
};

}  // namespace edgecut::transport

#endif  // EDGECUT_RUNTIME_TRANSPORT_MQTT_MQTT_TRANSPORT_HPP
