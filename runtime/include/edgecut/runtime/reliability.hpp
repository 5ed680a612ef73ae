// The transport-independent reliability of the protocol (docs/design.md §5), in two pure pieces that both
// the base and the mote side use, whatever transport carries their frames:
//
//  - RetryPolicy: a requester resends an unanswered request, with the same sequence number, after
//    waits that double each time, at most `retries` times, and gives up at its deadline.
//  - DuplicateWindow: a receiver remembers the last few sequence numbers of each peer with the
//    reply it sent, so that a resent READ, WRITE or CALL takes effect once: a duplicate of an
//    answered request gets the kept reply again, one still being handled is dropped.
//
// Like cbor.hpp and frame.hpp this is heap-free and exception-free: a window is a fixed-size ring.
#ifndef EDGECUT_RUNTIME_RELIABILITY_HPP
#define EDGECUT_RUNTIME_RELIABILITY_HPP

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace edgecut::wire {

struct RetryPolicy {
  // The whole exchange, every resend included: the requester gives up then.
  std::chrono::milliseconds deadline{5000};
  // The wait for a reply before the first resend; each later wait is twice the one before.
  std::chrono::milliseconds firstWait{100};
  // Resends at most; 0 sends once.
  unsigned retries = 6;

  // When send number `attempt` (0 is the first send) goes out, counted from the start of the
  // exchange: firstWait · (2^attempt − 1). Nothing if there is no such send: beyond `retries`, or
  // not before the deadline.
  std::optional<std::chrono::milliseconds> sendTime(unsigned attempt) const;
};

// How long a mote waits for another node's answer unless its --timeout-ms says otherwise.
inline constexpr std::chrono::milliseconds kMoteDeadline{2500};

// A fresh boot epoch for a node starting now, different from the one before a restart. Its top
// bit is set, so that it always takes the same room in a HELLO (frames keep their size from run to
// run). A firmware would keep a boot counter in flash instead.
std::uint32_t newBootEpoch();

// Sequence numbers wrap around at 2^32; `a` comes before `b` if it is less than half the number
// space behind it (serial number arithmetic, RFC 1982).
constexpr bool seqBefore(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) < 0; }

// How many of a peer's requests a receiver remembers. A requester has one request outstanding per
// peer (a mote serving frames while it waits may nest a few), so a few slots are plenty.
inline constexpr std::size_t kDuplicateWindowSlots = 4;
// The largest reply a window keeps. A larger one is not kept, and a duplicate of its request gets
// a REPLY_NOT_KEPT error instead of running again.
inline constexpr std::size_t kMaxKeptReplyBytes = 512;

enum class DuplicateVerdict {
  fresh,         // not seen before: handle it, then keep() its reply
  inProgress,    // seen and still being handled: drop it, its reply will follow
  answered,      // seen and answered: send the kept reply again
  replyNotKept,  // seen and answered with a reply too large to keep
  stale,         // older than every request the window remembers: drop it
};

namespace detail {
// A window's bookkeeping, apart from its storage, so that one implementation (reliability.cpp)
// serves windows of every size: the host's, and firmware's smaller one (firmware/).
struct WindowSlot {
  std::uint32_t seq = 0;
  std::uint8_t state = 0;  // 0 empty, 1 in progress, 2 answered, 3 reply not kept
  std::uint16_t length = 0;
};
struct WindowStorage {
  std::span<WindowSlot> slots;
  std::span<std::uint8_t> replies;  // keptBytes for each slot, in slot order
  std::size_t keptBytes;
  std::uint32_t& forgotten;  // the newest sequence number forgotten to make room
  bool& forgotSome;
};
DuplicateVerdict admitToWindow(const WindowStorage& window, std::uint32_t seq, std::span<const std::uint8_t>& kept);
void keepInWindow(const WindowStorage& window, std::uint32_t seq, std::span<const std::uint8_t> reply);
bool windowHandling(std::span<const WindowSlot> slots);
}  // namespace detail

// The requests of one peer that a receiver remembers, `Slots` of them, each with its reply when
// that takes at most `KeptBytes`.
template <std::size_t Slots, std::size_t KeptBytes>
class BasicDuplicateWindow {
 public:
  using Verdict = DuplicateVerdict;

  // Looks `seq` up; a fresh one is remembered (forgetting the oldest if the window is full) as
  // being handled. For `answered`, `kept` is set to the reply.
  Verdict admit(std::uint32_t seq, std::span<const std::uint8_t>& kept) {
    return detail::admitToWindow(storage(), seq, kept);
  }
  // Records the reply sent to request `seq` (nothing if the window forgot it meanwhile).
  void keep(std::uint32_t seq, std::span<const std::uint8_t> reply) { detail::keepInWindow(storage(), seq, reply); }
  // Forgets everything: the peer restarted, and its sequence numbers start again.
  void reset() {
    for (detail::WindowSlot& slot : slots_) slot.state = 0;
    forgotSome_ = false;
  }
  // Whether a request it admitted is still being handled (its reply is not kept yet).
  bool handling() const { return detail::windowHandling(slots_); }

 private:
  detail::WindowStorage storage() { return {slots_, replies_, KeptBytes, forgotten_, forgotSome_}; }

  std::array<detail::WindowSlot, Slots> slots_{};
  std::array<std::uint8_t, Slots * KeptBytes> replies_{};
  std::uint32_t forgotten_ = 0;
  bool forgotSome_ = false;
};

using DuplicateWindow = BasicDuplicateWindow<kDuplicateWindowSlots, kMaxKeptReplyBytes>;

}  // namespace edgecut::wire

#endif  // EDGECUT_RUNTIME_RELIABILITY_HPP
