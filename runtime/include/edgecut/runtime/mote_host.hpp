// The simulator's mote host: one process that hosts every mote of the network (many-to-one), each
// with its own sensors, actuators, HELLO state and instances of the [[mote]] classes.
#ifndef EDGECUT_RUNTIME_MOTE_HOST_HPP
#define EDGECUT_RUNTIME_MOTE_HOST_HPP

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "edgecut/runtime/mote.hpp"
#include "edgecut/runtime/sim/link.hpp"
#include "edgecut/runtime/sim/network.hpp"
#include "edgecut/runtime/sim/sensors.hpp"

namespace edgecut::mote {

// How frames reach the hosted motes. The simulator's link is one implementation; udp and mqtt
// transports will be others.
class Transport {
 public:
  virtual ~Transport() = default;

  enum class Event {
    frame,      // `frame` holds a radio frame for one of the hosted motes
    shutdown,   // stop serving
    malformed,  // something arrived that is no frame and no known control message
    closed,     // the other side is gone
  };
  virtual Event next(std::vector<std::uint8_t>& frame) = 0;
  virtual bool send(std::span<const std::uint8_t> frame) = 0;
  // Hands the host's stats to whoever runs the network, after a shutdown.
  virtual void reportStats(const sim::HostStats& stats) = 0;
};

// The transport of the sim: the record link to the base process (sim/link.hpp).
class SimTransport final : public Transport {
 public:
  explicit SimTransport(int fd) : channel_(fd) {}
  Event next(std::vector<std::uint8_t>& frame) override;
  bool send(std::span<const std::uint8_t> frame) override;
  void reportStats(const sim::HostStats& stats) override;

 private:
  sim::RecordChannel channel_;
};

class MoteHost final : public detail::Host {
 public:
  // Hosts every mote of the program's network. Throws sim::NetworkError if the network or one of
  // its sensor sources is invalid.
  MoteHost(const ProgramInfo& program, Dispatch dispatch);
  ~MoteHost();
  MoteHost(const MoteHost&) = delete;
  MoteHost& operator=(const MoteHost&) = delete;

  // Handles one received frame and returns the reply to send (empty: none). Malformed frames,
  // and frames for motes this host does not host, are dropped and counted.
  std::span<const std::uint8_t> handle(std::span<const std::uint8_t> frame);

  // Serves frames from `transport` until it says shut down (returns 0, after reporting stats) or
  // goes away (returns 1).
  int serve(Transport& transport);

  const sim::HostStats& stats() const { return stats_; }

  // detail::Host
  bool readSensor(NodeId node, SensorId sensor, wire::Writer& sample) override;
  void writeActuator(NodeId node, ActuatorId actuator, std::span<const std::uint8_t> value) override;
  void* instance(const char* moteClass, void* (*create)(), void (*destroy)(void*)) override;
  void fault(wire::ErrorCode code, std::string_view message) override;

 private:
  struct Instance {
    void* object;
    void (*destroy)(void*);
  };
  struct HostedMote {
    const sim::MoteSpec* spec;
    bool introduced = false;  // a HELLO with our fingerprint arrived
    std::map<std::string, sim::SensorSource, std::less<>> sensors;
    std::map<std::string, Instance, std::less<>> instances;
  };
  struct Fault {
    wire::ErrorCode code;
    std::string message;
  };

  void answer(const wire::Frame& request, HostedMote& mote, wire::Writer& reply);
  void answerCall(const wire::Frame& request, wire::Writer& reply);
  // The mote being served, if `node` is it (mote code may only touch its own sensors for now).
  HostedMote* servedMote(NodeId node, const char* what);

  const ProgramInfo& program_;
  Dispatch dispatch_;
  sim::Network network_;
  std::map<NodeId, HostedMote> motes_;
  std::vector<std::uint8_t> replyBuffer_;
  HostedMote* serving_ = nullptr;
  std::optional<Fault> fault_;
  sim::HostStats stats_;
};

}  // namespace edgecut::mote

#endif  // EDGECUT_RUNTIME_MOTE_HOST_HPP
