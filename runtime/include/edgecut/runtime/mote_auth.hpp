// Authenticated frames on the mote side: a Transport that wraps any other (sim, udp, …) so that
// every frame the host sends is sealed and every frame it receives is opened (auth.hpp). The one
// place the MAC lives on this side; the host itself sees plain frames.
//
// Dropped, never answered, and counted in the host's stats:
//   forgedFrames    no valid tag (a forgery, a frame from a node without the key, a damaged frame)
//   replayedFrames  an authentic request (HELLO, READ, WRITE, CALL) older than its sender's replay
//                   window (the 64 latest sequence numbers). One within the window that was seen
//                   already is a resend or a replay: it goes on to the host, whose duplicate window
//                   answers it with the kept reply without running it again.
// Replies are not windowed: the host accepts only the reply it waits for (source and sequence
// number), so a replayed reply is dropped as unexpected anyway.
#ifndef EDGECUT_RUNTIME_MOTE_AUTH_HPP
#define EDGECUT_RUNTIME_MOTE_AUTH_HPP

#include <map>
#include <memory>

#include "edgecut/runtime/auth.hpp"
#include "edgecut/runtime/mote_host.hpp"

namespace edgecut::mote {

class AuthenticatedTransport final : public Transport {
 public:
  AuthenticatedTransport(std::unique_ptr<Transport> inner, const wire::NetworkKey& key)
      : inner_(std::move(inner)), key_(key) {}

  Event next(std::vector<std::uint8_t>& frame, std::optional<sim::Clock::time_point> deadline) override;
  bool send(std::span<const std::uint8_t> frame) override;
  void reportStats(sim::HostStats& stats) override;

  std::uint64_t forged() const { return forged_; }
  std::uint64_t replayed() const { return replayed_; }

 private:
  std::unique_ptr<Transport> inner_;
  wire::NetworkKey key_;
  std::map<NodeId, wire::ReplayWindow> windows_;  // by sending node
  std::uint64_t forged_ = 0;
  std::uint64_t replayed_ = 0;
  std::vector<std::uint8_t> sealed_;
};

}  // namespace edgecut::mote

#endif  // EDGECUT_RUNTIME_MOTE_AUTH_HPP
