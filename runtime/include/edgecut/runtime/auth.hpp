// Authenticated frames: with a network key every frame carries a tag that binds it to the key and
// to a session, so that nothing without the key is accepted, and nothing of an earlier session
// either (docs/threat-model.md says what this protects against, and what not).
//
//   sealed frame = frame || [challenge] || tag
//   tag          = the first kMacBytes of HMAC-SHA-512-256(key, binding || context || frame || [challenge])
//
// The frame is the plain frame of frame.hpp, readable (routing needs its header; MAC only, no
// encryption). Only HELLOs carry a challenge, kChallengeBytes of randomness:
//
//   binding        frames                                  context                      challenge
//   helloRequest   a HELLO asking for a session            nothing                      the requester's
//   helloAnswer    the HELLO answering it                  the requester's challenge    the responder's
//   session        every other frame between the two      both challenges              none
//   answer         an ERROR to a request that no session   the tag of that request      none
//                  covers (NOT_INTRODUCED, or a refused
//                  HELLO)
//   control        a transport's own control messages      nothing                      none
//   sessionControl the base's control messages to a mote    both challenges              none
//                  (edgecut/runtime/control.hpp), besides
//                  their transport's seal
//
// A session is the pair of challenges: the responder's is fresh for every HELLO it answers, so a
// frame recorded in an earlier session (before a restart of either node, or before a new HELLO)
// never verifies in a later one; the requester's makes the answer fresh for the requester. The
// responder takes the new session once the requester's first frame in it arrives, so a replayed
// HELLO alone changes nothing. The tag is truncated to 16 bytes (128 bits, as AES-CCM and OSCORE's
// default on constrained radios); a challenge needs to be unique, not secret, and 8 bytes on each
// side make a session's 16.
//
// Like cbor.hpp and frame.hpp this part is heap-free and exception-free, so it can go into a mote.
#ifndef EDGECUT_RUNTIME_AUTH_HPP
#define EDGECUT_RUNTIME_AUTH_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "edgecut/runtime/frame.hpp"

namespace edgecut::wire {

inline constexpr std::size_t kNetworkKeyBytes = 32;  // crypto_auth_KEYBYTES
inline constexpr std::size_t kMacBytes = 16;         // the truncated tag on the air
inline constexpr std::size_t kChallengeBytes = 8;    // a HELLO's challenge
// The largest sealed frame: what a transport must carry and a node accept.
inline constexpr std::size_t kMaxSealedFrameBytes = kMaxFrameBytes + kChallengeBytes + kMacBytes;

struct NetworkKey {
  std::array<std::uint8_t, kNetworkKeyBytes> bytes{};
};

using Tag = std::array<std::uint8_t, kMacBytes>;
using Challenge = std::array<std::uint8_t, kChallengeBytes>;

enum class Binding : std::uint8_t {
  helloRequest = 'H',
  helloAnswer = 'h',
  session = 'S',
  answer = 'A',
  control = 'C',
  sessionControl = 's',
};

// Both sides' challenges: what a session's frames are bound to.
struct Session {
  Challenge requester{};
  Challenge responder{};
  bool operator==(const Session&) const = default;
};

// A fresh random challenge (libsodium's randombytes, drawn a page at a time).
Challenge newChallenge();

// What sealing adds to a frame whose first byte is `first` (its version and op): the challenge
// of a HELLO and the tag. These are radio bytes too: the report counts them.
std::size_t envelopeBytes(std::uint8_t first);

// A sealed frame, split (views into it). False if it is too short to hold its envelope.
struct Sealed {
  std::span<const std::uint8_t> frame;
  std::span<const std::uint8_t> challenge;  // a HELLO's; empty otherwise
  std::span<const std::uint8_t> signedBytes;  // frame and challenge: what the tag covers
  std::span<const std::uint8_t> tag;
};
bool splitSealed(std::span<const std::uint8_t> sealed, Sealed& parts);

// The tag of `signedBytes` (frame and challenge) under `binding` and `context`.
Tag tagOf(const NetworkKey& key, Binding binding, std::span<const std::uint8_t> context,
          std::span<const std::uint8_t> signedBytes);
// Whether `parts.tag` is the tag of its bytes under `binding` and `context` (in constant time).
bool verify(const NetworkKey& key, Binding binding, std::span<const std::uint8_t> context, const Sealed& parts);

// Appends the tag to the `length` bytes at the start of `buffer` (frame, and a HELLO's challenge
// already after it). Returns the sealed length, or 0 if `buffer` has no room for the tag.
std::size_t seal(const NetworkKey& key, Binding binding, std::span<const std::uint8_t> context,
                 std::span<std::uint8_t> buffer, std::size_t length);

// The context bytes of a session: the requester's challenge, then the responder's.
std::array<std::uint8_t, 2 * kChallengeBytes> contextOf(const Session& session);

// A transport's control message (`message`, with the tag after it): sealed and opened with the
// control binding. `open` sets `message` to the bytes before the tag.
std::size_t sealControl(const NetworkKey& key, std::span<std::uint8_t> buffer, std::size_t length);
bool openControl(const NetworkKey& key, std::span<const std::uint8_t> sealed, std::span<const std::uint8_t>& message);

// Replay protection for the requests one peer sends in one session (its sequence numbers, which
// the retries of the reliability layer reuse): the highest sequence number seen and a bitmap of
// the kReplayWindow before it, as IPsec does (RFC 4303 §3.4.3). Numbers compare as serial numbers
// (RFC 1982), so the window survives the wrap at 2^32.
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
