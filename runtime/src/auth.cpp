#include "edgecut/runtime/auth.hpp"

#include <pthread.h>
#include <sodium.h>

#include <array>
#include <cstring>

namespace edgecut::wire {

static_assert(kNetworkKeyBytes == crypto_auth_hmacsha512256_KEYBYTES);
static_assert(kMacBytes <= crypto_auth_hmacsha512256_BYTES);

namespace {
// Random bytes drawn from the kernel a page at a time and handed out in order: each draw is a
// system call, and the 20,000 that 10,000 motes' windows and the base's questions about them
// made one at a time cost a simulated day of meters a noticeable part of its start-up
// (test/bench/sim_scale/README.md). Per thread, and forgotten in a forked child, so that no two
// threads or processes hand out the same bytes.
struct RandomPool {
  std::array<std::uint8_t, 4096> bytes;
  std::size_t used = bytes.size();
};
thread_local RandomPool pool;
void forgetPoolInChild() { pool.used = pool.bytes.size(); }
}  // namespace

Challenge newChallenge() {
  static const bool registered = pthread_atfork(nullptr, nullptr, forgetPoolInChild) == 0;
  Challenge challenge;
  if (!registered) {
    randombytes_buf(challenge.data(), challenge.size());
    return challenge;
  }
  if (pool.bytes.size() - pool.used < challenge.size()) {
    randombytes_buf(pool.bytes.data(), pool.bytes.size());
    pool.used = 0;
  }
  std::memcpy(challenge.data(), pool.bytes.data() + pool.used, challenge.size());
  // Handed out once: the bytes given are wiped, so that a later leak of the pool cannot tell them.
  sodium_memzero(pool.bytes.data() + pool.used, challenge.size());
  pool.used += challenge.size();
  return challenge;
}

std::size_t envelopeBytes(std::uint8_t first) {
  return (first & 0x0f) == static_cast<std::uint8_t>(Op::HELLO) ? kChallengeBytes + kMacBytes : kMacBytes;
}

bool splitSealed(std::span<const std::uint8_t> sealed, Sealed& parts) {
  if (sealed.empty()) return false;
  const std::size_t envelope = envelopeBytes(sealed[0]);
  if (sealed.size() <= envelope) return false;  // nothing left for a frame
  const std::size_t frameBytes = sealed.size() - envelope;
  parts.frame = sealed.first(frameBytes);
  parts.challenge = sealed.subspan(frameBytes, envelope - kMacBytes);
  parts.signedBytes = sealed.first(sealed.size() - kMacBytes);
  parts.tag = sealed.last(kMacBytes);
  return true;
}

Tag tagOf(const NetworkKey& key, Binding binding, std::span<const std::uint8_t> context,
          std::span<const std::uint8_t> signedBytes) {
  // The binding and its context go first, so that bytes sealed under one binding never verify
  // under another (domain separation).
  crypto_auth_hmacsha512256_state state;
  crypto_auth_hmacsha512256_init(&state, key.bytes.data(), key.bytes.size());
  const auto label = static_cast<std::uint8_t>(binding);
  crypto_auth_hmacsha512256_update(&state, &label, 1);
  crypto_auth_hmacsha512256_update(&state, context.data(), context.size());
  crypto_auth_hmacsha512256_update(&state, signedBytes.data(), signedBytes.size());
  std::uint8_t full[crypto_auth_hmacsha512256_BYTES];
  crypto_auth_hmacsha512256_final(&state, full);
  Tag tag;
  std::memcpy(tag.data(), full, kMacBytes);
  sodium_memzero(&state, sizeof state);
  return tag;
}

bool verify(const NetworkKey& key, Binding binding, std::span<const std::uint8_t> context, const Sealed& parts) {
  if (parts.tag.size() != kMacBytes) return false;
  const Tag expected = tagOf(key, binding, context, parts.signedBytes);
  return sodium_memcmp(expected.data(), parts.tag.data(), kMacBytes) == 0;
}

std::size_t seal(const NetworkKey& key, Binding binding, std::span<const std::uint8_t> context,
                 std::span<std::uint8_t> buffer, std::size_t length) {
  if (length > buffer.size() || buffer.size() - length < kMacBytes) return 0;
  const Tag tag = tagOf(key, binding, context, buffer.first(length));
  std::memcpy(buffer.data() + length, tag.data(), kMacBytes);
  return length + kMacBytes;
}

std::array<std::uint8_t, 2 * kChallengeBytes> contextOf(const Session& session) {
  std::array<std::uint8_t, 2 * kChallengeBytes> context;
  std::memcpy(context.data(), session.requester.data(), kChallengeBytes);
  std::memcpy(context.data() + kChallengeBytes, session.responder.data(), kChallengeBytes);
  return context;
}

std::size_t sealControl(const NetworkKey& key, std::span<std::uint8_t> buffer, std::size_t length) {
  return seal(key, Binding::control, {}, buffer, length);
}

bool openControl(const NetworkKey& key, std::span<const std::uint8_t> sealed, std::span<const std::uint8_t>& message) {
  if (sealed.size() < kMacBytes) return false;
  Sealed parts;
  parts.signedBytes = sealed.first(sealed.size() - kMacBytes);
  parts.tag = sealed.last(kMacBytes);
  if (!verify(key, Binding::control, {}, parts)) return false;
  message = parts.signedBytes;
  return true;
}

ReplayWindow::Verdict ReplayWindow::admit(std::uint32_t seq) {
  if (!any_) {
    any_ = true;
    highest_ = seq;
    seen_ = 1;
    return Verdict::fresh;
  }
  const auto ahead = static_cast<std::int32_t>(seq - highest_);
  if (ahead > 0) {
    seen_ = static_cast<std::uint32_t>(ahead) >= kReplayWindow ? 0 : seen_ << ahead;
    seen_ |= 1;
    highest_ = seq;
    return Verdict::fresh;
  }
  const auto behind = static_cast<std::uint32_t>(-static_cast<std::int64_t>(ahead));
  if (behind >= kReplayWindow) return Verdict::tooOld;
  const std::uint64_t bit = std::uint64_t{1} << behind;
  if (seen_ & bit) return Verdict::repeated;
  seen_ |= bit;
  return Verdict::fresh;
}

}  // namespace edgecut::wire
