// Authenticated frames: a Transport that wraps any other, on either side, so that every frame sent
// is sealed and every frame received is opened (auth.hpp). The one place the MAC lives; the base
// runtime, the mote host and the medium's accounting see plain frames, and the transport below
// carries sealed ones without reading them (transport.hpp).
//
// Dropped, never answered, and counted:
//   forged    no valid tag (a forgery, a frame from a node without the key, a damaged frame)
//   replayed  with Replays::windowed, an authentic request (HELLO, READ, WRITE, CALL) older than
//             its sender's replay window (the 64 latest sequence numbers). One within the window
//             that was seen already is a resend or a replay: it goes on, and the duplicate window
//             (reliability.hpp) answers it with the kept reply without running it again.
// Replies are not windowed: a node accepts only the reply it waits for (source and sequence
// number), so a replayed reply is dropped as unexpected anyway. The base counts both with its
// malformed frames (dropped()); a mote host reports them in its stats (reportStats).
#ifndef EDGECUT_RUNTIME_AUTHENTICATED_TRANSPORT_HPP
#define EDGECUT_RUNTIME_AUTHENTICATED_TRANSPORT_HPP

#include <map>
#include <memory>

#include "edgecut/runtime/auth.hpp"
#include "edgecut/runtime/transport.hpp"

namespace edgecut {

class AuthenticatedTransport final : public Transport {
 public:
  // Whether requests must pass their sender's replay window. Motes window them; the base does
  // not yet (runtime/README.md, "Not yet"): its duplicate window runs a mote's CALL at most once
  // while it remembers it.
  enum class Replays { windowed, unchecked };

  AuthenticatedTransport(std::unique_ptr<Transport> inner, const wire::NetworkKey& key, Replays replays)
      : inner_(std::move(inner)), key_(key), replays_(replays) {}

  std::string describe() const override { return inner_->describe(); }
  bool send(NodeId to, std::span<const std::uint8_t> frame) override;
  Event next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point> deadline) override;
  std::string whyClosed() const override { return inner_->whyClosed(); }
  std::uint64_t dropped() const override { return inner_->dropped() + forged_ + replayed_; }
  bool relaysBetweenMotes() const override { return inner_->relaysBetweenMotes(); }
  std::size_t maxFrameBytes() const override { return inner_->maxFrameBytes() - wire::kMacBytes; }
  sim::HostStats collectStats(Clock::time_point deadline, const std::set<NodeId>& silent) override {
    return inner_->collectStats(deadline, silent);
  }
  std::string whySilent(NodeId node) const override { return inner_->whySilent(node); }
  void reportStats(sim::HostStats& stats) override;

  std::uint64_t forged() const { return forged_; }
  std::uint64_t replayed() const { return replayed_; }

 private:
  std::unique_ptr<Transport> inner_;
  wire::NetworkKey key_;
  Replays replays_;
  std::map<NodeId, wire::ReplayWindow> windows_;  // by sending node
  std::uint64_t forged_ = 0;
  std::uint64_t replayed_ = 0;
  std::vector<std::uint8_t> sealed_;
};

}  // namespace edgecut

#endif  // EDGECUT_RUNTIME_AUTHENTICATED_TRANSPORT_HPP
