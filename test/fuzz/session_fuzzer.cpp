// libFuzzer target: the authenticated-frame decoder (runtime/src/authenticated_transport.cpp, over
// auth.cpp), as a mote program runs it, driven through conversations with a base that has the key.
//
// The input is a script of steps, each a byte saying what happens next:
//   0 L16 BYTES    BYTES arrive at the mote as they are (anything an attacker may send)
//   1 L16 FRAME    the base seals FRAME (its own frame, a plain one) and it arrives at the mote
//   2 I            the I-th frame sealed so far arrives again (a replay)
//   3 I P16 X      the I-th sealed frame arrives with byte P xor X (X != 0)
//   4 L16 FRAME    the mote seals FRAME (a frame of its own: an answer, a HELLO), the base opens it
//   5              the mote restarts: it forgets every session
//   6              what the mote sent last (a NOT_INTRODUCED it answered on its own) reaches the base
// (L16, P16: two bytes, big-endian; the step byte is taken mod 7). The base is the real
// AuthenticatedTransport too, so that sessions are opened, ended and replayed as on a radio.
//
// Properties, beyond "no crash, no leak, no undefined behaviour" (the sanitizers):
// - every frame that arrives is either handed up, or rejected and counted (forged, replayed or
//   unsolicited), or reported malformed: exactly one of these;
// - a frame handed up is the frame of something the base sealed: nothing else gets through;
// - a changed frame is never handed up.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "edgecut/runtime/authenticated_transport.hpp"
#include "edgecut/runtime/frame.hpp"

namespace {

using namespace edgecut;
using Bytes = std::vector<std::uint8_t>;

void require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "session_fuzzer: property violated: %s\n", what);
  std::abort();
}

class Queue final : public Transport {
 public:
  std::deque<Bytes> inbox;
  std::vector<Bytes> sent;
  std::string describe() const override { return "the fuzzer"; }
  bool send(NodeId, std::span<const std::uint8_t> frame) override {
    sent.emplace_back(frame.begin(), frame.end());
    return true;
  }
  Event next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point>) override {
    if (inbox.empty()) return Event::timeout;
    frame = std::move(inbox.front());
    inbox.pop_front();
    return Event::frame;
  }
};

struct Node {
  Queue* queue;
  std::unique_ptr<AuthenticatedTransport> transport;
  Node(const wire::NetworkKey& key, NodeId self) {
    auto owned = std::make_unique<Queue>();
    queue = owned.get();
    transport = std::make_unique<AuthenticatedTransport>(std::move(owned), key,
                                                         [self](NodeId node) { return node == self; });
  }
  // `frame` sealed by this node, or nothing if its layer does not send it.
  std::optional<Bytes> seal(std::span<const std::uint8_t> frame) {
    queue->sent.clear();
    wire::Frame decoded;
    if (wire::decodeFrame(frame, decoded) != wire::Status::ok) return std::nullopt;
    transport->send(decoded.address.dst, frame);
    if (queue->sent.empty()) return std::nullopt;
    return queue->sent.back();
  }
};

class Script {
 public:
  explicit Script(std::span<const std::uint8_t> input) : input_(input) {}
  bool done() const { return position_ >= input_.size(); }
  std::uint8_t byte() { return position_ < input_.size() ? input_[position_++] : 0; }
  std::size_t twoBytes() {
    const std::size_t high = byte();
    return high << 8 | byte();
  }
  std::span<const std::uint8_t> bytes() {
    const std::size_t length = std::min(twoBytes(), input_.size() - std::min(position_, input_.size()));
    const auto taken = input_.subspan(std::min(position_, input_.size()), length);
    position_ += length;
    return taken;
  }

 private:
  std::span<const std::uint8_t> input_;
  std::size_t position_ = 0;
};

wire::NetworkKey fuzzKey() {
  wire::NetworkKey key;
  for (std::size_t i = 0; i < key.bytes.size(); ++i) key.bytes[i] = static_cast<std::uint8_t>(0x5a ^ i);
  return key;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const wire::NetworkKey key = fuzzKey();
  Node base(key, wire::kBaseNode);
  auto mote = std::make_unique<Node>(key, 1);
  std::vector<Bytes> sealedByBase;
  Script script({data, size});

  // One frame arrives at the mote; checks what its layer did with it.
  auto arrive = [&](Bytes bytes, bool changed) {
    const sim::RejectedFrames before = mote->transport->rejected();
    mote->queue->inbox.push_back(std::move(bytes));
    Bytes frame;
    const Transport::Event event = mote->transport->next(frame, std::nullopt);
    const std::uint64_t counted = mote->transport->rejected().total() - before.total();
    const bool handedUp = event == Transport::Event::frame;
    const bool malformed = event == Transport::Event::malformed;
    require(handedUp + malformed + counted == 1, "a frame was not handed up, rejected or malformed exactly once");
    if (!handedUp) return;
    require(!changed, "a changed frame was handed up");
    bool known = false;
    for (const Bytes& sealed : sealedByBase) {
      known = known || (sealed.size() > frame.size() && std::equal(frame.begin(), frame.end(), sealed.begin()));
    }
    require(known, "a frame the base never sealed was handed up");
  };

  auto toBase = [&](const Bytes& sealed) {
    base.queue->inbox.push_back(sealed);
    Bytes frame;
    base.transport->next(frame, std::nullopt);
  };
  while (!script.done()) {
    switch (script.byte() % 7) {
      case 0: {
        const auto bytes = script.bytes();
        arrive(Bytes(bytes.begin(), bytes.end()), false);
        break;
      }
      case 1:
        if (const std::optional<Bytes> sealed = base.seal(script.bytes())) {
          sealedByBase.push_back(*sealed);
          arrive(*sealed, false);
        }
        break;
      case 2:
        if (!sealedByBase.empty()) arrive(sealedByBase[script.byte() % sealedByBase.size()], false);
        break;
      case 3:
        if (!sealedByBase.empty()) {
          Bytes changed = sealedByBase[script.byte() % sealedByBase.size()];
          const std::size_t at = script.twoBytes() % changed.size();
          const std::uint8_t flip = script.byte();
          changed[at] ^= flip;
          arrive(std::move(changed), flip != 0);
        }
        break;
      case 4:
        if (const std::optional<Bytes> sealed = mote->seal(script.bytes())) toBase(*sealed);
        break;
      case 5:
        mote = std::make_unique<Node>(key, 1);
        break;
      case 6:
        if (!mote->queue->sent.empty()) toBase(mote->queue->sent.back());
        break;
    }
  }
  return 0;
}
