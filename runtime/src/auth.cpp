#include "edgecut/runtime/auth.hpp"

#include <sodium.h>

#include <cstring>

namespace edgecut::wire {

static_assert(kNetworkKeyBytes == crypto_auth_KEYBYTES);
static_assert(kMacBytes <= crypto_auth_BYTES);

namespace {

void fullTag(const NetworkKey& key, std::span<const std::uint8_t> frame, std::uint8_t (&tag)[crypto_auth_BYTES]) {
  crypto_auth(tag, frame.data(), frame.size(), key.bytes.data());
}

}  // namespace

std::size_t sealFrame(const NetworkKey& key, std::span<std::uint8_t> buffer, std::size_t length) {
  if (length > buffer.size() || buffer.size() - length < kMacBytes) return 0;
  std::uint8_t tag[crypto_auth_BYTES];
  fullTag(key, buffer.first(length), tag);
  std::memcpy(buffer.data() + length, tag, kMacBytes);
  return length + kMacBytes;
}

bool openFrame(const NetworkKey& key, std::span<const std::uint8_t> sealed, std::span<const std::uint8_t>& frame) {
  if (sealed.size() <= kMacBytes) return false;
  const std::span<const std::uint8_t> body = sealed.first(sealed.size() - kMacBytes);
  std::uint8_t tag[crypto_auth_BYTES];
  fullTag(key, body, tag);
  if (sodium_memcmp(tag, sealed.data() + body.size(), kMacBytes) != 0) return false;
  frame = body;
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
