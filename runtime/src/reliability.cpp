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

DuplicateWindow::Verdict DuplicateWindow::admit(std::uint32_t seq, std::span<const std::uint8_t>& kept) {
  for (Slot& slot : slots_) {
    if (slot.state == State::empty || slot.seq != seq) continue;
    switch (slot.state) {
      case State::inProgress:
        return Verdict::inProgress;
      case State::answered:
        kept = std::span<const std::uint8_t>(slot.reply.data(), slot.length);
        return Verdict::answered;
      case State::replyNotKept:
        return Verdict::replyNotKept;
      case State::empty:
        break;
    }
  }
  if (forgotSome_ && !seqBefore(forgotten_, seq)) return Verdict::stale;

  Slot* target = nullptr;
  for (Slot& slot : slots_) {
    if (slot.state == State::empty) {
      target = &slot;
      break;
    }
    if (target == nullptr || seqBefore(slot.seq, target->seq)) target = &slot;
  }
  if (target->state != State::empty) {
    // The oldest remembered request makes room; it and everything before it are stale from now.
    if (!forgotSome_ || seqBefore(forgotten_, target->seq)) forgotten_ = target->seq;
    forgotSome_ = true;
  }
  target->seq = seq;
  target->state = State::inProgress;
  target->length = 0;
  return Verdict::fresh;
}

void DuplicateWindow::keep(std::uint32_t seq, std::span<const std::uint8_t> reply) {
  for (Slot& slot : slots_) {
    if (slot.state != State::inProgress || slot.seq != seq) continue;
    if (reply.size() > slot.reply.size()) {
      slot.state = State::replyNotKept;
      return;
    }
    std::memcpy(slot.reply.data(), reply.data(), reply.size());
    slot.length = static_cast<std::uint16_t>(reply.size());
    slot.state = State::answered;
    return;
  }
}

bool DuplicateWindow::handling() const {
  return std::any_of(slots_.begin(), slots_.end(), [](const Slot& slot) { return slot.state == State::inProgress; });
}

void DuplicateWindow::reset() {
  for (Slot& slot : slots_) slot.state = State::empty;
  forgotSome_ = false;
}

}  // namespace edgecut::wire
