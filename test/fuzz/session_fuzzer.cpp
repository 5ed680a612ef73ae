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
// (L16, P16: two bytes, big-endian; the step byte is taken mod 7). Both sides are the real
// AuthenticatedTransport (test/unit/runtime/sealed_peer.hpp), so that sessions are opened, ended
// and replayed as on a radio.
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
#include <memory>
#include <span>
#include <vector>

#include "edgecut/runtime/frame.hpp"
#include "sealed_peer.hpp"

namespace {

using namespace edgecut;
using test::Bytes;

void require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "session_fuzzer: property violated: %s\n", what);
  std::abort();
}

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
  test::SealedPeer base(key, wire::kBaseNode);
  auto mote = std::make_unique<test::SealedPeer>(key, 1);
  std::vector<Bytes> sealedByBase;
  Script script({data, size});

  // One frame arrives at the mote; checks what its layer did with it.
  auto arrive = [&](const Bytes& bytes, bool changed) {
    const sim::RejectedFrames before = mote->transport().rejected();
    Bytes frame;
    const Transport::Event event = mote->arrive(bytes, frame);
    const std::uint64_t counted = mote->transport().rejected().total() - before.total();
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
    Bytes frame;
    base.arrive(sealed, frame);
  };
  while (!script.done()) {
    switch (script.byte() % 7) {
      case 0: {
        const auto bytes = script.bytes();
        arrive(Bytes(bytes.begin(), bytes.end()), false);
        break;
      }
      case 1:
        if (const Bytes sealed = base.seal(script.bytes()); !sealed.empty()) {
          sealedByBase.push_back(sealed);
          arrive(sealed, false);
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
        if (const Bytes sealed = mote->seal(script.bytes()); !sealed.empty()) toBase(sealed);
        break;
      case 5:
        mote = std::make_unique<test::SealedPeer>(key, 1);
        break;
      case 6:
        if (!mote->sent().empty()) toBase(mote->sent().back().second);
        break;
    }
  }
  return 0;
}
