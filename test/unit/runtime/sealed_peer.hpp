// A node with the network key, for tests (and test/fuzz/session_fuzzer.cpp) that talk to a node
// under test through the real authentication layer (authenticated_transport.hpp): what the test
// sends is sealed, and what the node answers is opened, exactly as a node on the other side of a
// radio would.
#ifndef EDGECUT_TEST_UNIT_RUNTIME_SEALED_PEER_HPP
#define EDGECUT_TEST_UNIT_RUNTIME_SEALED_PEER_HPP

#include <deque>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "edgecut/runtime/authenticated_transport.hpp"
#include "test_bytes.hpp"

namespace edgecut::test {

// An in-memory transport: next() hands out what `inbox` holds (a timeout when it is empty); send()
// appends to `outbox`, with the destination.
class QueueTransport final : public Transport {
 public:
  QueueTransport(std::deque<Bytes>& inbox, std::deque<std::pair<NodeId, Bytes>>& outbox)
      : inbox_(inbox), outbox_(outbox) {}
  std::string describe() const override { return "a queue"; }
  bool send(NodeId to, std::span<const std::uint8_t> frame) override {
    outbox_.emplace_back(to, Bytes(frame.begin(), frame.end()));
    return true;
  }
  Event next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point>) override {
    if (inbox_.empty()) return Event::timeout;
    frame = std::move(inbox_.front());
    inbox_.pop_front();
    return Event::frame;
  }

 private:
  std::deque<Bytes>& inbox_;
  std::deque<std::pair<NodeId, Bytes>>& outbox_;
};

class SealedPeer {
 public:
  SealedPeer(const wire::NetworkKey& key, NodeId self)
      : transport_(std::make_unique<QueueTransport>(inbox_, outbox_), key, [self](NodeId node) { return node == self; }) {}

  // `frame` (from this peer) sealed as this peer sends it now: empty if its layer would not send it.
  Bytes seal(std::span<const std::uint8_t> frame) {
    outbox_.clear();
    wire::Frame decoded;
    if (wire::decodeFrame(frame, decoded) != wire::Status::ok) return {};
    transport_.send(decoded.address.dst, frame);
    return outbox_.empty() ? Bytes() : outbox_.back().second;
  }
  // `sealed` arrives at this peer: what its layer made of it (Event::frame: `frame` is the plain
  // frame; Event::timeout: it rejected it; Event::malformed).
  Transport::Event arrive(const Bytes& sealed, Bytes& frame) {
    inbox_.push_back(sealed);
    return transport_.next(frame, std::nullopt);
  }
  // What the node under test sent this peer, opened: the plain frame, or nothing if this peer's
  // layer rejected it.
  std::optional<Bytes> open(const Bytes& sealed) {
    Bytes frame;
    if (arrive(sealed, frame) != Transport::Event::frame) return std::nullopt;
    return frame;
  }
  // What this peer's layer sent on its own since the last seal() (a NOT_INTRODUCED it answered).
  const std::deque<std::pair<NodeId, Bytes>>& sent() const { return outbox_; }
  AuthenticatedTransport& transport() { return transport_; }

 private:
  std::deque<Bytes> inbox_;
  std::deque<std::pair<NodeId, Bytes>> outbox_;
  AuthenticatedTransport transport_;
};

}  // namespace edgecut::test

#endif  // EDGECUT_TEST_UNIT_RUNTIME_SEALED_PEER_HPP
