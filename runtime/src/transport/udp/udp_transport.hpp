// The udp transport: every node is its own process and listens on its "address" in the network;
// a datagram is one frame, sent to the address of its destination (mote-to-mote frames go straight
// to the peer). Sockets: udp.hpp; the stats' control datagrams: control.hpp.
#ifndef EDGECUT_RUNTIME_TRANSPORT_UDP_UDP_TRANSPORT_HPP
#define EDGECUT_RUNTIME_TRANSPORT_UDP_UDP_TRANSPORT_HPP

#include <memory>

#include "edgecut/runtime/auth.hpp"
#include "edgecut/runtime/sim/network.hpp"
#include "edgecut/runtime/transport.hpp"

namespace edgecut::transport {

// The base's side: it listens on the network's base address.
class UdpBase final : public Transport {
 public:
  // Throws udp::UdpError if the network gives the base or a mote no address, or the base's port
  // cannot be bound.
  // With `key`, its control messages are sealed, and replies without a valid tag rejected.
  UdpBase(const sim::Network& network, const std::optional<wire::NetworkKey>& key);
  ~UdpBase() override;

  std::string describe() const override;
  bool send(NodeId to, std::span<const std::uint8_t> frame) override;
  // A control message in a RUNTIME datagram (control.hpp) to the mote's address, sealed with the
  // key as the stats' are.
  bool sendControl(NodeId to, std::span<const std::uint8_t> message) override;
  // Frames, and the motes' control messages (RUNTIME datagrams with a valid tag; others are
  // counted as forged).
  Event next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point> deadline) override;
  std::string whyClosed() const override { return whyClosed_; }
  std::uint64_t dropped() const override { return dropped_; }
  std::size_t maxFrameBytes() const override;
  sim::RejectedFrames rejected() const override { return rejected_; }
  // Collects every mote's stats (its actuator trace since the last collection), asking again
  // whoever has not answered; the motes that stay silent until `deadline` (those in `silent`
  // until kSilentMoteWait) are lost, named in the stats. The motes go on serving.
  sim::HostStats collectStats(Clock::time_point deadline, const std::set<NodeId>& silent) override;

 private:
  struct State;
  std::unique_ptr<State> state_;
  std::string whyClosed_;
  std::uint64_t dropped_ = 0;       // stats replies that do not decode
  sim::RejectedFrames rejected_;    // control messages without a valid tag
};

// A mote program's side: hosts one mote, listening on its address. SIGINT and SIGTERM end serving
// (a shutdown event; the program's exit status is then 0): the transport handles them while it
// exists.
class UdpMote final : public Transport {
 public:
  // Throws udp::UdpError if the network gives a node no address, or the mote's port cannot be
  // bound.
  // With `key`, the base's control messages must carry a valid tag, and its own carry one.
  UdpMote(const sim::Network& network, NodeId self, const std::optional<wire::NetworkKey>& key);
  ~UdpMote() override;
  std::string describe() const override;
  bool send(NodeId to, std::span<const std::uint8_t> frame) override;
  // A control message in a RUNTIME datagram (control.hpp) to the base's address, sealed.
  bool sendControl(NodeId to, std::span<const std::uint8_t> message) override;
  Event next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point> deadline) override;
  std::size_t maxFrameBytes() const override;
  // Answers the base's stats request (STATS, control.hpp), forgetting what it collected when the
  // request says so with the current generation.
  void reportStats(sim::HostStats& stats) override;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace edgecut::transport

#endif  // EDGECUT_RUNTIME_TRANSPORT_UDP_UDP_TRANSPORT_HPP
