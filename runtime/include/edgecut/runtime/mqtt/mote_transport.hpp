// A mote's mqtt transport: one mote per process (NAME_mote --transport mqtt --node N), node N on
// an MQTT broker. Topics and sessions: mqtt/link.hpp.
#ifndef EDGECUT_RUNTIME_MQTT_MOTE_TRANSPORT_HPP
#define EDGECUT_RUNTIME_MQTT_MOTE_TRANSPORT_HPP

#include "edgecut/runtime/mote_host.hpp"
#include "edgecut/runtime/mqtt/link.hpp"

namespace edgecut::mote {

class MqttTransport final : public Transport {
 public:
  // Connects as mote `self`. Throws mqtt::Error if the broker cannot be reached in time. SIGINT
  // and SIGTERM end serving (a shutdown event; the mote says "offline" as it goes).
  MqttTransport(mqtt::Settings settings, NodeId self);

  // Frames for this mote, the base's stats requests, and stops. Frames addressed to another node
  // and unknown commands are `malformed`. Without a deadline it waits for a lost broker to come
  // back as long as it takes (a mote is a daemon); with one, a lost broker is a timeout.
  Event next(std::vector<std::uint8_t>& frame, std::optional<sim::Clock::time_point> deadline) override;
  bool send(std::span<const std::uint8_t> frame) override;
  // Answers the base's stats request, and forgets what the broker took (the next base run gets a
  // trace of its own). Nothing on a stop, which nobody asked to report.
  void reportStats(sim::HostStats& stats) override;

 private:
  mqtt::Link link_;
  bool statsRequested_ = false;
};

}  // namespace edgecut::mote

#endif  // EDGECUT_RUNTIME_MQTT_MOTE_TRANSPORT_HPP
