// The base's mqtt transport: the base is node 0 on an MQTT broker, every mote its own process
// (NAME_mote --transport mqtt --node N). Topics and sessions: mqtt/link.hpp.
#ifndef EDGECUT_RUNTIME_MQTT_BASE_TRANSPORT_HPP
#define EDGECUT_RUNTIME_MQTT_BASE_TRANSPORT_HPP

#include <set>

#include "edgecut/runtime/base_runtime.hpp"
#include "edgecut/runtime/mqtt/link.hpp"

namespace edgecut::base {

class MqttTransport final : public Transport {
 public:
  // Connects as the base. Throws LinkError if the broker cannot be reached in time.
  MqttTransport(mqtt::Settings settings, const sim::Network& network);

  std::string describe() const override;
  // Publishes to the destination's topic (held until the mote is online, see link.hpp).
  void send(std::span<const std::uint8_t> frame) override;
  // Frames published to the base. Throws LinkError if the broker has been gone for longer than
  // the connect timeout when the deadline passes.
  std::optional<std::vector<std::uint8_t>> receive(Clock::time_point deadline) override;
  // Asks every online mote of the network for its stats (since it last reported them) and merges
  // them: malformed frames summed, each mote's actuator writes in the order it made them, motes in
  // id order (as udp: motes share no clock). The motes go on serving.
  sim::HostStats shutdown(Clock::time_point deadline) override;
  std::uint64_t malformed() const override { return malformed_ + link_.dropped(); }
  // "the broker reports mote N offline …" when its retained status (its last will, or its own
  // goodbye) says so.
  std::string whySilent(NodeId node) const override;

 private:
  std::set<NodeId> motes_;  // of the network
  mqtt::Link link_;
  std::uint64_t malformed_ = 0;
};

}  // namespace edgecut::base

#endif  // EDGECUT_RUNTIME_MQTT_BASE_TRANSPORT_HPP
