// Authenticated frames: with a network key, every frame carries a MAC, and sequence
// numbers give replay protection.
//
//   sealed frame = frame || tag
//   tag          = the first kMacBytes bytes of crypto_auth(frame, key)   (libsodium: HMAC-SHA-512-256)
//
// The tag covers the whole frame, header included, so no field can be changed or moved to another
// node. It is truncated to 16 bytes (128 bits, as AES-CCM and OSCORE's default use on constrained
// radios): forging one takes 2^128 tries, and a radio frame's bytes cost energy. The frame format
// itself does not change: a sealed frame is a plain frame (frame.hpp) followed by the tag, and a
// node with a key accepts only sealed frames.
//
// Like cbor.hpp and frame.hpp this part is heap-free and exception-free, so it can go into a mote.
#ifndef EDGECUT_RUNTIME_AUTH_HPP
#define EDGECUT_RUNTIME_AUTH_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace edgecut::wire {

inline constexpr std::size_t kNetworkKeyBytes = 32;  // crypto_auth_KEYBYTES
inline constexpr std::size_t kMacBytes = 16;         // the truncated tag on the air

struct NetworkKey {
  std::array<std::uint8_t, kNetworkKeyBytes> bytes{};
};

// Appends the tag to the frame held in the first `length` bytes of `buffer`. Returns the sealed
// length, or 0 if `buffer` has no room for the tag.
std::size_t sealFrame(const NetworkKey& key, std::span<std::uint8_t> buffer, std::size_t length);

// Checks the tag of a sealed frame in constant time. On success sets `frame` to the frame without
// its tag and returns true; a frame too short to hold a tag, or with any bit changed, gives false.
bool openFrame(const NetworkKey& key, std::span<const std::uint8_t> sealed, std::span<const std::uint8_t>& frame);

// Replay protection for the requests one peer sends (its sequence numbers, which the retries of the
// reliability layer reuse): the highest sequence number seen and a bitmap of the kReplayWindow
// before it, as IPsec does (RFC 4303 §3.4.3). Numbers compare as serial numbers (RFC 1982), so
// the window survives the wrap at 2^32.
inline constexpr std::uint32_t kReplayWindow = 64;

class ReplayWindow {
 public:
  enum class Verdict {
    fresh,     // never seen: handle it
    repeated,  // seen already: a resend, or a replay; the duplicate window (reliability.hpp) answers
               // it with the kept reply, so it does not take effect again
    tooOld,    // older than the window: reject it
  };
  // Looks `seq` up and remembers it if it is fresh. Only call it for frames whose tag was valid,
  // so that a forger cannot move the window.
  Verdict admit(std::uint32_t seq);

 private:
  std::uint32_t highest_ = 0;
  std::uint64_t seen_ = 0;  // bit i: highest_ - i was seen
  bool any_ = false;
};

}  // namespace edgecut::wire

#endif  // EDGECUT_RUNTIME_AUTH_HPP
