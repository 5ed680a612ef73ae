#include "edgecut/runtime/reliability.hpp"

#include <algorithm>
#include <cstring>

namespace edgecut::wire {

std::uint32_t newBootEpoch() {
  // The wall clock in nanoseconds, mixed (splitmix64's finalizer) so that close starts differ in
  // every bit.
  std::uint64_t z = static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  z ^= z >> 31;
  return static_cast<std::uint32_t>(z) | 0x80000000u;
}

std::optional<std::chrono::milliseconds> RetryPolicy::sendTime(unsigned attempt) const {
  if (attempt > retries) return std::nullopt;
  // firstWait · (2^attempt − 1), summed wait by wait so that it stops growing at the deadline
  // instead of overflowing.
  std::chrono::milliseconds at{0};
  std::chrono::milliseconds wait = firstWait;
  for (unsigned i = 0; i < attempt; ++i) {
    at += wait;
    if (at >= deadline) return std::nullopt;
    wait *= 2;
  }
  return at;
}

namespace detail {

namespace {
constexpr std::uint8_t kEmpty = 0, kInProgress = 1, kAnswered = 2, kReplyNotKept = 3;
}  // namespace

DuplicateVerdict admitToWindow(const WindowStorage& window, std::uint32_t seq, std::span<const std::uint8_t>& kept) {
  for (std::size_t i = 0; i < window.slots.size(); ++i) {
    const WindowSlot& slot = window.slots[i];
    if (slot.state == kEmpty || slot.seq != seq) continue;
    switch (slot.state) {
      case kInProgress:
        return DuplicateVerdict::inProgress;
      case kAnswered:
        kept = window.replies.subspan(i * window.keptBytes, slot.length);
        return DuplicateVerdict::answered;
      default:
        return DuplicateVerdict::replyNotKept;
    }
  }
  if (window.forgotSome && !seqBefore(window.forgotten, seq)) return DuplicateVerdict::stale;

  WindowSlot* target = nullptr;
  for (WindowSlot& slot : window.slots) {
    if (slot.state == kEmpty) {
      target = &slot;
      break;
    }
    if (target == nullptr || seqBefore(slot.seq, target->seq)) target = &slot;
  }
  if (target->state != kEmpty) {
    // The oldest remembered request makes room; it and everything before it are stale from now.
    if (!window.forgotSome || seqBefore(window.forgotten, target->seq)) window.forgotten = target->seq;
    window.forgotSome = true;
  }
  target->seq = seq;
  target->state = kInProgress;
  target->length = 0;
  return DuplicateVerdict::fresh;
}

void keepInWindow(const WindowStorage& window, std::uint32_t seq, std::span<const std::uint8_t> reply) {
  for (std::size_t i = 0; i < window.slots.size(); ++i) {
    WindowSlot& slot = window.slots[i];
    if (slot.state != kInProgress || slot.seq != seq) continue;
    if (reply.size() > window.keptBytes) {
      slot.state = kReplyNotKept;
      return;
    }
    std::memcpy(window.replies.data() + i * window.keptBytes, reply.data(), reply.size());
    slot.length = static_cast<std::uint16_t>(reply.size());
    slot.state = kAnswered;
    return;
  }
}

bool windowHandling(std::span<const WindowSlot> slots) {
  return std::any_of(slots.begin(), slots.end(), [](const WindowSlot& slot) { return slot.state == kInProgress; });
}

}  // namespace detail

}  // namespace edgecut::wire
