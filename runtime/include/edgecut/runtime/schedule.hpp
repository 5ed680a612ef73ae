// When periodic tasks run (docs/design.md §9): a task with period p runs on each of its motes at
// p, 2p, 3p, … of network time. Runs come in time order; runs due at one time go by mote id, and
// one mote's by the order of the tasks (the glue's, ProgramInfo::tasks), so that every run of a
// program takes the same order. The base's runtime keeps one and runs what it yields.
//
// Runs are made one time at a time: the schedule holds its tasks and the runs of one time, however
// long the network runs (a day of a task every minute on 10,000 motes is 14 million runs).
#ifndef EDGECUT_RUNTIME_SCHEDULE_HPP
#define EDGECUT_RUNTIME_SCHEDULE_HPP

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "edgecut/edgecut.hpp"
#include "edgecut/runtime/abi.hpp"

namespace edgecut::base {

class Schedule {
 public:
  struct Task {
    FunctionId function = 0;
    std::uint64_t periodMs = 1;  // at least 1
    std::vector<NodeId> motes;   // the motes it runs on, in id order
  };
  // One run of a task on a mote.
  struct Run {
    std::uint64_t timeMs = 0;
    NodeId mote = 0;
    std::size_t task = 0;  // index into tasks()
    bool operator==(const Run&) const = default;
  };

  explicit Schedule(std::vector<Task> tasks);

  const std::vector<Task>& tasks() const { return tasks_; }
  // Takes the next run due at or before `untilMs` off the schedule; nothing when no run is due by
  // then (the ones after it stay for a later call).
  std::optional<Run> next(std::uint64_t untilMs);
  // The runs of the next time due at or before `untilMs` that are not taken yet, in their order,
  // left on the schedule until take() takes them; empty when no run is due by then. Valid until
  // the next call of due, take or next. A caller that queues a whole time's runs takes them at
  // once, where next() cost the base a call per run (test/bench/sim_scale/README.md).
  std::span<const Run> due(std::uint64_t untilMs);
  // Takes the first `count` runs that due() gave (count at most as many) off the schedule.
  void take(std::size_t count) { taken_ += count; }

 private:
  std::vector<Task> tasks_;
  std::vector<std::uint64_t> nextDue_;  // per task: its next time; UINT64_MAX once past counting
  std::vector<bool> inIdOrder_;         // per task: whether its motes are in id order, as they should be
  std::vector<Run> due_;                // the runs of one time, in their order
  std::size_t taken_ = 0;               // how many of them were taken
};

}  // namespace edgecut::base

#endif  // EDGECUT_RUNTIME_SCHEDULE_HPP
