// Faults of a radio, seeded: frames are dropped, duplicated, delayed and reordered. One spec
// configures them everywhere (the base's --faults on the frames it carries, the tests' lossy relay):
//
//   loss=0.2,duplicate=0.05,delay=0-20ms,reorder=0.1,seed=7
//
//   loss=P        each frame is lost with probability P
//   duplicate=P   a frame that is not lost arrives twice with probability P
//   delay=A-Bms   each copy arrives after a delay drawn uniformly from A..B ms (delay=Bms: B..B)
//   reorder=P     a copy is held back with probability P by a further max(B, 10) ms, so that
//                 frames sent after it overtake it
//   seed=N        the random sequence (default 1)
//
// Every key is optional; an empty spec has no faults. The decisions are a function of the seed and
// of the order in which frames enter the medium, nothing else.
#ifndef EDGECUT_RUNTIME_FAULTS_HPP
#define EDGECUT_RUNTIME_FAULTS_HPP

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "edgecut/runtime/sim/sensors.hpp"

namespace edgecut::sim {

struct FaultSpec {
  double loss = 0;
  double duplicate = 0;
  double reorder = 0;
  std::chrono::microseconds delayMin{0};
  std::chrono::microseconds delayMax{0};
  std::uint64_t seed = 1;

  bool any() const { return loss > 0 || duplicate > 0 || reorder > 0 || delayMax.count() > 0; }
};

class FaultSpecError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses a spec as above. Throws FaultSpecError saying what is wrong and what is expected.
FaultSpec parseFaults(std::string_view spec);
// The spec in the form parseFaults reads, for messages and reports.
std::string toString(const FaultSpec& spec);

// What the faults did, for the report.
struct FaultCounts {
  std::uint64_t dropped = 0;
  std::uint64_t duplicated = 0;
  std::uint64_t reordered = 0;
};

// A medium with faults: frames go in with push() and come out with popDue() once their delay has
// passed, in the order of their release times (first in, first out among equal ones). Without
// faults every frame comes out at once, in order.
class FaultyQueue {
 public:
  using Clock = std::chrono::steady_clock;
  using Bytes = std::vector<std::uint8_t>;

  explicit FaultyQueue(const FaultSpec& spec = {});

  // A frame enters the medium at `now`: it is lost, or released once or twice, each copy after its
  // own delay. Returns the delay of the copy released first, nothing when the frame was lost.
  std::optional<Clock::duration> push(Bytes frame, Clock::time_point now);
  // When the next frame comes out; nothing if none is waiting.
  std::optional<Clock::time_point> nextRelease() const;
  // The next frame whose time has come by `now`.
  std::optional<Bytes> popDue(Clock::time_point now);
  bool empty() const { return waiting_.empty() && immediate_.empty(); }
  // Whether frames wait at all: without faults push() and popDue() ignore the time, so that a
  // caller need not read the clock for them.
  bool delays() const { return spec_.any(); }

  const FaultSpec& spec() const { return spec_; }
  const FaultCounts& counts() const { return counts_; }

 private:
  // Uniform in [0, 1), from splitmix64: a seed gives the same faults on every platform.
  double uniform();
  Clock::duration delay();

  FaultSpec spec_;
  SplitMix64 random_;
  std::multimap<Clock::time_point, Bytes> waiting_;
  std::deque<Bytes> immediate_;  // without faults: each frame due as it enters, in order
  FaultCounts counts_;
};

}  // namespace edgecut::sim

#endif  // EDGECUT_RUNTIME_FAULTS_HPP
