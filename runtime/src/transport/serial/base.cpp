// The serial transport's base side (serial_transport.hpp).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "edgecut/runtime/sim/host_stats.hpp"
#include "serial_transport.hpp"

namespace edgecut::transport {

// Every frame goes down the one line, whose far side hosts every destination.
bool SerialBase::send(NodeId, std::span<const std::uint8_t> frame) {
  return link_.send(serial::code(serial::Kind::frame), frame);
}

bool SerialBase::sendControl(NodeId, std::span<const std::uint8_t> message) {
  return link_.send(serial::code(serial::Kind::control), message);
}

Transport::Event SerialBase::next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point> deadline) {
  for (;;) {
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
    ++unexpected_;  // stats come only after a shutdown
  }
}

sim::HostStats SerialBase::collectStats(Clock::time_point deadline, const std::set<NodeId>&) {
  if (!link_.send(serial::code(serial::Kind::shutdown), {})) throw std::runtime_error(whyClosed());
  for (;;) {
    std::uint8_t got = 0;
    std::vector<std::uint8_t> payload;
    switch (link_.receive(got, payload, deadline)) {
      case serial::Link::Outcome::packet:
        break;
      case serial::Link::Outcome::timeout:
        throw std::runtime_error(fmt::format("{} did not report its stats in time", describe()));
      case serial::Link::Outcome::closed:
        throw std::runtime_error(fmt::format("{} closed before its stats came", describe()));
    }
    // A late reply, or a late answer to a control message.
    if (got == serial::code(serial::Kind::frame) || got == serial::code(serial::Kind::control)) continue;
    if (got != serial::code(serial::Kind::stats)) {
      ++unexpected_;
      continue;
    }
    const auto json = nlohmann::json::parse(payload.begin(), payload.end(), nullptr, false);
    if (json.is_discarded()) throw std::runtime_error(fmt::format("{} sent stats that are not JSON", describe()));
    return sim::hostStatsFromJson(json);
  }
}

}  // namespace edgecut::transport
