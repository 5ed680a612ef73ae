// Authenticated frames: a Transport that wraps any other, on either side, so that every frame sent
// is sealed and every frame received is opened (auth.hpp), in sessions that a HELLO opens. The one
// place the tags and the sessions live; the base runtime, the mote host and the medium's
// accounting see plain frames, and the transport below carries sealed ones without reading them
// (transport.hpp). docs/threat-model.md says what it protects against.
//
// Sessions, per pair of a node of this program (`local`) and a peer:
//  - A node that sends a HELLO (the requester) draws a challenge for it (the same for its resends)
//    and takes the session that the verified answer gives: the peer's challenge with its own.
//  - A node that receives a HELLO (the responder) offers a session with a fresh challenge of its
//    own, and takes it once the requester's first frame in it arrives: until then the session it
//    had stays, so a replayed HELLO changes nothing. A HELLO whose challenge opened a session
//    before is a replay: dropped. The host learns of the new session by session(): the peer's
//    sequence numbers start again there.
//  - Every other frame between the two is bound to the session. Requests pass the session's
//    replay window (auth.hpp); one within the window seen already is a resend or a replay, which
//    the duplicate window (reliability.hpp) answers with the kept reply without running it again.
//  - A request from a peer with no session (this node restarted since, or never met it) is
//    answered NOT_INTRODUCED, bound to the request's tag, so that the requester says HELLO again;
//    the answer says nothing else.
//
// The base's control messages (control.hpp) carry a tag of the pair's session too (zeros before
// there is one), which decides nothing but this: a mote that offered that session takes it, as at
// the requester's first frame. A task's mote code may call the base before any frame of the base's
// has come since its HELLO. (That the message itself is authentic and fresh is its transport's
// seal and the mote's window, control.hpp.) The motes' answers pass as they are.
//
// Dropped, never answered, and counted (rejected()): forged (no valid tag, which includes a
// HELLO from a node without the key: it learns nothing, not even why), replayed (a frame of an
// ended session, a request older than the window, a used HELLO) and unsolicited (a request without
// a session). A base program carries the frames between motes on the sim: it forwards those
// sealed as they came, without being a party to their sessions.
#ifndef EDGECUT_RUNTIME_AUTHENTICATED_TRANSPORT_HPP
#define EDGECUT_RUNTIME_AUTHENTICATED_TRANSPORT_HPP

#include <array>
#include <deque>
#include <functional>
#include <map>
#include <memory>

#include "edgecut/runtime/auth.hpp"
#include "edgecut/runtime/transport.hpp"

namespace edgecut {

class AuthenticatedTransport final : public Transport {
 public:
  // Whether a node is one this program is (the base program: node 0; a mote program: its motes).
  // Frames from other nodes that pass through this program are relayed, not opened.
  using IsLocal = std::function<bool(NodeId)>;

  AuthenticatedTransport(std::unique_ptr<Transport> inner, const wire::NetworkKey& key, IsLocal isLocal);

  std::string describe() const override { return inner_->describe(); }
  bool send(NodeId to, std::span<const std::uint8_t> frame) override;
  // Control messages (control.hpp): the base's with the session's tag after them. The transport
  // below carries them; udp and mqtt seal them, as their stats, with the key (control_seal.hpp).
  bool sendControl(NodeId to, std::span<const std::uint8_t> message) override;
  Event next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point> deadline) override;
  std::string whyClosed() const override { return inner_->whyClosed(); }
  std::uint64_t dropped() const override { return inner_->dropped(); }
  sim::RejectedFrames rejected() const override;
  std::size_t airBytes(std::span<const std::uint8_t> frame) const override;
  std::optional<std::uint64_t> session(NodeId local, NodeId peer) const override;
  bool relaysBetweenMotes() const override { return inner_->relaysBetweenMotes(); }
  std::size_t maxFrameBytes() const override { return inner_->maxFrameBytes() - wire::kMacBytes; }
  sim::HostStats collectStats(Clock::time_point deadline, const std::set<NodeId>& silent) override {
    return inner_->collectStats(deadline, silent);
  }
  std::string whySilent(NodeId node) const override { return inner_->whySilent(node); }
  void reportStats(sim::HostStats& stats) override;

 private:
  // How many ended sessions a pair remembers, so that their frames count as replayed, not forged.
  static constexpr std::size_t kEndedSessions = 2;
  // How many of its latest requests' tags a node remembers per peer, to check answers bound to them.
  static constexpr std::size_t kSentRequests = 4;
  // How many relayed frames are kept for forwarding (the faults may delay and duplicate them).
  static constexpr std::size_t kRelayedFrames = 1024;

  struct Established {
    wire::Session session;
    wire::ReplayWindow requests;  // the peer's
    std::uint64_t id = 0;  // session()'s number
  };
  // Offered to a HELLO this node answered.
  struct Offer {
    wire::Session session;
    std::uint32_t helloSeq = 0;
    wire::Tag helloTag{};
  };
  // This node's HELLO, waiting for its answer.
  struct Greeting {
    std::uint32_t seq = 0;
    wire::Challenge challenge{};
    wire::Tag tag{};
  };
  struct SentRequest {
    std::uint32_t seq = 0;
    wire::Tag tag{};
    bool used = false;
  };
  struct Pair {
    std::optional<Established> current;
    std::array<std::optional<wire::Session>, kEndedSessions> ended;
    std::optional<Offer> offer;
    std::optional<Greeting> greeting;
    std::array<SentRequest, kSentRequests> sent;
    std::size_t nextSent = 0;
  };
  using PairKey = std::pair<NodeId, NodeId>;  // local, peer

  // Opens `bytes` (a frame of the transport below); what next() returns for it, `bytes` becoming
  // the plain frame when that is Event::frame, or nothing to go on waiting.
  std::optional<Event> open(std::vector<std::uint8_t>& bytes);
  // Opens a HELLO: an answer to this node's, or a request for a session.
  bool openHello(const wire::Frame& frame, const wire::Sealed& parts, const PairKey& key);
  // Opens any other frame, in the pair's sessions or bound to one of its requests.
  bool openInSession(const wire::Frame& frame, const wire::Sealed& parts, const PairKey& key);
  // Makes `session` the pair's, the one it replaces ended. `openedByPeer`: the peer said HELLO.
  void establish(Pair& pair, const wire::Session& session, bool openedByPeer);
  void answerNotIntroduced(const wire::Frame& request, const wire::Sealed& parts);
  // Counts a forged frame (`frame`: decoded, or null), and says so on stderr the first time.
  void noteForged(const wire::Frame* frame);
  // Seals `frame` (decoded as `decoded`) for sending from a local node into sealed_; false if it
  // cannot be sealed (no session with its destination).
  bool sealFrom(const wire::Frame& decoded, std::span<const std::uint8_t> frame);
  // A control message from the base, arrived at a mote: takes the session its tag names if this
  // node offered it, and leaves `bytes` the message without the tag.
  void openControl(std::vector<std::uint8_t>& bytes);

  std::unique_ptr<Transport> inner_;
  wire::NetworkKey key_;
  IsLocal isLocal_;
  std::map<PairKey, Pair> pairs_;  // made by authentic HELLOs only, so a forger cannot grow it
  std::uint64_t sessions_ = 0;     // sessions established so far: their ids
  // The HELLO request handed up last: the next HELLO or ERROR this node sends to its sender with
  // its sequence number is the answer.
  std::optional<std::pair<PairKey, std::uint32_t>> answering_;
  // Frames relayed between motes, plain -> as they came.
  std::map<std::vector<std::uint8_t>, std::vector<std::uint8_t>> relayed_;
  std::deque<std::vector<std::uint8_t>> relayedOrder_;
  sim::RejectedFrames rejected_;  // since the last reportStats (a mote's), or all (a base's)
  bool warnedForged_ = false;
  std::vector<std::uint8_t> sealed_;
};

}  // namespace edgecut

#endif  // EDGECUT_RUNTIME_AUTHENTICATED_TRANSPORT_HPP
