// The serial transport: the base program and the motes' side share one byte stream (a UART, a
// radio dongle's tty, QEMU's UART on a socket) carrying slip.hpp's packets, whose kinds and payloads
// are the sim link's records (frame, shutdown, stats, control). As on sim, the far side hosts every
// mote the line reaches and the base relays every frame, so the medium in the base process accounts
// them all; what is damaged on the line is dropped and counted with the malformed frames.
#ifndef EDGECUT_RUNTIME_TRANSPORT_SERIAL_SERIAL_TRANSPORT_HPP
#define EDGECUT_RUNTIME_TRANSPORT_SERIAL_SERIAL_TRANSPORT_HPP

#include <memory>
#include <string>

#include "edgecut/runtime/transport.hpp"
#include "link.hpp"

namespace edgecut::transport {

// The base's side of one line.
class SerialBase final : public Transport {
 public:
  explicit SerialBase(serial::Link link) : link_(std::move(link)) {}

  std::string describe() const override { return "the serial line " + link_.name(); }
  bool send(NodeId to, std::span<const std::uint8_t> frame) override;
  bool sendControl(NodeId to, std::span<const std::uint8_t> message) override;
  Event next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point> deadline) override;
  std::string whyClosed() const override { return describe() + " closed"; }
  // Damaged packets and packets of a kind the base does not take.
  std::uint64_t dropped() const override { return link_.dropped().total() + unexpected_; }
  bool relaysBetweenMotes() const override { return true; }
  // Sends SHUTDOWN and waits for the STATS of the far side, which hosts every mote on the line.
  sim::HostStats collectStats(Clock::time_point deadline, const std::set<NodeId>& silent) override;

 private:
  serial::Link link_;
  std::uint64_t unexpected_ = 0;
};

// The motes' side of a line, in a host program (firmware has its own, firmware/).
class SerialMote final : public Transport {
 public:
  explicit SerialMote(serial::Link link) : link_(std::move(link)) {}
  std::string describe() const override { return "the serial line " + link_.name(); }
  bool send(NodeId to, std::span<const std::uint8_t> frame) override;
  bool sendControl(NodeId to, std::span<const std::uint8_t> message) override;
  Event next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point> deadline) override;
  // Adds the packets the line damaged since the last report to the malformed frames.
  void reportStats(sim::HostStats& stats) override;

 private:
  serial::Link link_;
  std::uint64_t reported_ = 0;  // damaged packets already in a report
};

}  // namespace edgecut::transport

#endif  // EDGECUT_RUNTIME_TRANSPORT_SERIAL_SERIAL_TRANSPORT_HPP
