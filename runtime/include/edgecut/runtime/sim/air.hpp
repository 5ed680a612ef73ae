// The simulator's clock of the radio (docs/design.md §9; runtime/README.md, "The sim's time
// model"): frames take air time, and the network's time advances by it.
//
// The model is one shared channel that carries one hop at a time, in the order the nodes send
// (no collisions, as under a perfect CSMA), with code on a node taking no time:
//   - a hop of B bytes occupies the channel for its air time, B · 8 / bitrate (in whole
//     nanoseconds, rounded up), starting when the channel is free and the event that sent it has
//     come;
//   - its frame arrives after the last hop's air time plus the fault spec's delay (faults.hpp);
//     what the receiver does with it happens then, which is when its own frames can start;
//   - a periodic run due at t starts no earlier than t: runs due at one time go one after the
//     other, by mote id (schedule.hpp), each getting the channel after the one before.
// Every figure is an integer count of nanoseconds, so a run's clock is exact and the same on every
// machine; what it depends on is the order of the frames, which the base's one medium fixes.
#ifndef EDGECUT_RUNTIME_SIM_AIR_HPP
#define EDGECUT_RUNTIME_SIM_AIR_HPP

#include <cstddef>
#include <cstdint>

namespace edgecut::sim {

// The radio's rate when the plan names none: IEEE 802.15.4 at 2.4 GHz (the CC2420 of a Tmote Sky).
inline constexpr std::uint64_t kDefaultBitsPerSecond = 250'000;

class Air {
 public:
  explicit Air(std::uint64_t bitsPerSecond = kDefaultBitsPerSecond);

  std::uint64_t bitsPerSecond() const { return bitsPerSecond_; }
  // The air time of one hop of `bytes` bytes, rounded up to a whole nanosecond.
  std::uint64_t airTimeNs(std::size_t bytes) const;

  // The network's time reaches `timeNs` (a periodic run due then): nothing after it happens earlier.
  void reach(std::uint64_t timeNs);
  // A frame of `bytes` bytes goes out over `hops` hops; it arrives `delayNs` after its last hop
  // (when it arrives at all: a lost frame took its air time too, and nothing happens at its end).
  // Returns when it arrives.
  std::uint64_t carry(std::size_t bytes, std::size_t hops, std::uint64_t delayNs, bool arrives);

  // The time of the latest event: the last arrival, or the last run's due time.
  std::uint64_t nowNs() const { return nowNs_; }
  // How long the channel carried hops, in total.
  std::uint64_t busyNs() const { return busyNs_; }

 private:
  std::uint64_t bitsPerSecond_;
  std::uint64_t nowNs_ = 0;        // the latest event
  std::uint64_t channelFreeNs_ = 0;  // when the hop on the air ends
  std::uint64_t busyNs_ = 0;
};

}  // namespace edgecut::sim

#endif  // EDGECUT_RUNTIME_SIM_AIR_HPP
