#include "edgecut/runtime/sim/air.hpp"

#include <algorithm>
#include <limits>

namespace edgecut::sim {

namespace {
constexpr std::uint64_t kNever = std::numeric_limits<std::uint64_t>::max();
constexpr std::uint64_t kNanosecondsPerSecond = 1'000'000'000;

std::uint64_t plus(std::uint64_t a, std::uint64_t b) { return a > kNever - b ? kNever : a + b; }
}  // namespace

Air::Air(std::uint64_t bitsPerSecond) : bitsPerSecond_(std::max<std::uint64_t>(bitsPerSecond, 1)) {}

std::uint64_t Air::airTimeNs(std::size_t bytes) const {
  // In 64 bits where nothing can overflow (every frame, at any real bitrate): a 128-bit division
  // is a library call, two per push on the base (test/bench/sim_scale/README.md).
  if (bytes <= (std::uint64_t{1} << 30) && bitsPerSecond_ <= (std::uint64_t{1} << 62)) {
    const std::uint64_t bits = static_cast<std::uint64_t>(bytes) * 8 * kNanosecondsPerSecond;
    return (bits + bitsPerSecond_ - 1) / bitsPerSecond_;
  }
  // bytes · 8 · 10⁹ overflows 64 bits only past 2 GB, far above the largest frame (64 KiB).
  const unsigned __int128 bits = static_cast<unsigned __int128>(bytes) * 8 * kNanosecondsPerSecond;
  const unsigned __int128 ns = (bits + bitsPerSecond_ - 1) / bitsPerSecond_;
  return ns > kNever ? kNever : static_cast<std::uint64_t>(ns);
}

void Air::reach(std::uint64_t timeNs) { nowNs_ = std::max(nowNs_, timeNs); }

std::uint64_t Air::carry(std::size_t bytes, std::size_t hops, std::uint64_t delayNs, bool arrives) {
  const std::uint64_t hop = airTimeNs(bytes);
  std::uint64_t at = nowNs_;
  for (std::size_t i = 0; i < hops; ++i) {
    const std::uint64_t start = std::max(at, channelFreeNs_);
    channelFreeNs_ = plus(start, hop);
    busyNs_ = plus(busyNs_, hop);
    at = channelFreeNs_;  // the next hop leaves when this one has arrived
  }
  if (!arrives) {
    // Its sender notices by its resend timer; the next event is no earlier than the channel's end.
    nowNs_ = std::max(nowNs_, at);
    return at;
  }
  nowNs_ = plus(at, delayNs);
  return nowNs_;
}

}  // namespace edgecut::sim
