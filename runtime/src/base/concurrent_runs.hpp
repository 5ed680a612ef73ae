// The periodic runs the base runs for its motes at one network time, run concurrently (docs/design.md
// §9): each on a fiber of its own (fiber.hpp), in the schedule's order, until it waits for the radio;
// then the next one starts. So the READs of a time's runs go to the mote host together, as the
// runs on motes go in one RUN_TASKS (batch.cpp), and the host answers them together: one wake-up of
// each side for many round trips, where one run at a time cost both sides a wake-up per READ.
//
// A run continues when what it waits for arrives (its motes answer in the order they were asked),
// so its steps interleave with the other runs' only where it waits. One mote's runs at one time
// still go one after another, in the glue's order: only different motes' runs overlap, so that
// what happens to one mote (its sensors' readings, its actuators, its state) keeps its order. What a run prints (stdout,
// stderr, std::cout, std::cerr, std::clog) is kept, and printed when the time's runs are done, run
// after run in the schedule's order: as one at a time would print it.
//
// Only where nothing else can run on the base while the runs wait: the transport batches tasks
// (one host behind a link that loses nothing, no faults, simulated time: Runtime::batching) and no
// mote code can call the base (no dispatcher), so the base serves no request of a mote's meanwhile.
#ifndef EDGECUT_RUNTIME_SRC_BASE_CONCURRENT_RUNS_HPP
#define EDGECUT_RUNTIME_SRC_BASE_CONCURRENT_RUNS_HPP

#include <cstdio>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <streambuf>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "edgecut/runtime/base_runtime.hpp"
#include "fiber.hpp"

namespace edgecut::base {

class Runtime::ConcurrentRuns {
 public:
  // Runs in flight at once, at most: enough for a few system calls to carry a thousand READs,
  // few enough that the fibers' stacks stay small (the pages they touch, some KB each).
  static constexpr std::size_t kMostInFlight = 1024;

  explicit ConcurrentRuns(Runtime& runtime);
  ~ConcurrentRuns();
  ConcurrentRuns(const ConcurrentRuns&) = delete;
  ConcurrentRuns& operator=(const ConcurrentRuns&) = delete;

  // Starts `run` on a fiber; it runs until it waits or ends.
  void start(const Schedule::Run& run);
  // Whether a run failed: no more are started, and finish() throws its error.
  bool failed() const { return failed_; }
  // Waits until every run started has ended, prints what they printed in their order, and
  // forgets them; throws the first failed run's error (printing what runs before it printed, and
  // what it printed itself before it failed).
  void finish();
  // After an error outside the runs: drops them where they are (what their stacks hold is lost).
  void abandon();

  // Whether base code runs on one of the runs' fibers now.
  bool inRun() const { return current_ != nullptr; }
  // From a run: waits for the reply to the request `op` sent with `address`, or for what `frame`
  // or `control` wants; nothing once the motes' side fell silent for a whole deadline (the link
  // loses nothing, so there is nothing to resend before then).
  std::optional<Arrival> awaitReply(wire::Op op, const wire::Address& address);
  std::optional<Arrival> await(const FrameWanted& frame, const ControlWanted& control);
  // From a run: waits until the runs before it have ended (none starts meanwhile). The runs on
  // motes before a run's base code go first (Runtime::beforeBaseCode): after the runs before
  // them, as one at a time.
  void awaitAlone();

 private:
  struct Run;
  class Capture;
  // Switches to `run` (by `go`: its fiber's start or resume) with its profile and output, and back.
  template <class Go>
  void enter(Run& run, Go&& go);
  // Waits for one arrival that a run waits for and continues that run.
  void step();
  Run* waiterOf(const Arrival& arrival);
  void settle(std::size_t inFlight);

  Runtime& runtime_;
  std::vector<std::unique_ptr<Run>> runs_;  // this time's, in the order they started
  std::vector<std::unique_ptr<Run>> spareRuns_;  // finished times' runs, to be used again
  std::vector<std::unique_ptr<detail::Fiber>> idleFibers_;
  struct ReplyKeyHash {
    std::size_t operator()(const std::pair<NodeId, std::uint32_t>& key) const {
      return std::hash<std::uint64_t>()((std::uint64_t{key.first} << 32) | key.second);
    }
  };
  // By (mote, seq) of their request.
  std::unordered_map<std::pair<NodeId, std::uint32_t>, Run*, ReplyKeyHash> awaitingReplies_;
  std::vector<Run*> awaitingOther_;  // in the order they began to wait
  Run* awaitingAlone_ = nullptr;
  Run* current_ = nullptr;
  std::size_t inFlight_ = 0;
  bool failed_ = false;
  std::unique_ptr<Capture> capture_;
};

}  // namespace edgecut::base

#endif  // EDGECUT_RUNTIME_SRC_BASE_CONCURRENT_RUNS_HPP
