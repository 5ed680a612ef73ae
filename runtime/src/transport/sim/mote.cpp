// The sim transport's mote side (sim_transport.hpp): the record link to the base process.
#include <string>

#include "sim_transport.hpp"

namespace edgecut::transport {

Transport::Event SimMote::next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point> deadline) {
  sim::Record record;
  switch (channel_.receive(record, deadline)) {
    case sim::RecordChannel::Outcome::record:
      break;
    case sim::RecordChannel::Outcome::timeout:
      return Event::timeout;
    case sim::RecordChannel::Outcome::closed:
    case sim::RecordChannel::Outcome::broken:
      return Event::closed;
  }
  switch (static_cast<sim::RecordKind>(record.kind)) {
    case sim::RecordKind::frame:
      frame = std::move(record.payload);
      return Event::frame;
    case sim::RecordKind::shutdown:
      return Event::shutdown;
    case sim::RecordKind::control:
      frame = std::move(record.payload);
      return Event::control;
    case sim::RecordKind::stats:  // only the host sends these
      break;
  }
  return Event::malformed;
}

// Every frame goes to the base process, whose medium delivers it.
bool SimMote::send(NodeId, std::span<const std::uint8_t> frame) {
  return channel_.send(sim::RecordKind::frame, frame);
}

bool SimMote::sendControl(NodeId, std::span<const std::uint8_t> message) {
  return channel_.send(sim::RecordKind::control, message);
}

void SimMote::reportStats(sim::HostStats& stats) {
  const std::string json = sim::statsPayload(stats);
  channel_.send(sim::RecordKind::stats, std::span(reinterpret_cast<const std::uint8_t*>(json.data()), json.size()));
  channel_.flush();  // the host may end right after reporting
}

}  // namespace edgecut::transport
