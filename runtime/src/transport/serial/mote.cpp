// The serial transport's motes' side in a host program (serial_transport.hpp).
#include <string>

#include "edgecut/runtime/sim/host_stats.hpp"
#include "serial_transport.hpp"

namespace edgecut::transport {

Transport::Event SerialMote::next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point> deadline) {
  std::uint8_t got = 0;
  switch (link_.receive(got, frame, deadline)) {
    case serial::Link::Outcome::packet:
      break;
    case serial::Link::Outcome::timeout:
      return Event::timeout;
    case serial::Link::Outcome::closed:
      return Event::closed;
  }
  if (got == serial::code(serial::Kind::frame)) return Event::frame;
  if (got == serial::code(serial::Kind::control)) return Event::control;
  if (got == serial::code(serial::Kind::shutdown)) return Event::shutdown;
  return Event::malformed;  // stats go only the other way
}

bool SerialMote::send(NodeId, std::span<const std::uint8_t> frame) {
  return link_.send(serial::code(serial::Kind::frame), frame);
}

bool SerialMote::sendControl(NodeId, std::span<const std::uint8_t> message) {
  return link_.send(serial::code(serial::Kind::control), message);
}

void SerialMote::reportStats(sim::HostStats& stats) {
  const std::uint64_t damaged = link_.dropped().total();
  stats.malformedFrames += damaged - reported_;
  reported_ = damaged;
  const std::string json = sim::statsPayload(stats);
  link_.send(serial::code(serial::Kind::stats),
             std::span(reinterpret_cast<const std::uint8_t*>(json.data()), json.size()));
}

}  // namespace edgecut::transport
