#include "edgecut/runtime/schedule.hpp"

#include <algorithm>
#include <limits>

namespace edgecut::base {

namespace {
constexpr std::uint64_t kNever = std::numeric_limits<std::uint64_t>::max();

std::uint64_t later(std::uint64_t time, std::uint64_t period) {
  return time > kNever - period ? kNever : time + period;
}
}  // namespace

Schedule::Schedule(std::vector<Task> tasks) : tasks_(std::move(tasks)) {
  nextDue_.reserve(tasks_.size());
  inIdOrder_.reserve(tasks_.size());
  for (const Task& task : tasks_) {
    nextDue_.push_back(std::max<std::uint64_t>(task.periodMs, 1));
    inIdOrder_.push_back(std::is_sorted(task.motes.begin(), task.motes.end()));
  }
}

std::span<const Schedule::Run> Schedule::due(std::uint64_t untilMs) {
  auto runsBefore = [](const Run& a, const Run& b) { return a.mote != b.mote ? a.mote < b.mote : a.task < b.task; };
  if (taken_ == due_.size()) {
    due_.clear();
    taken_ = 0;
  }
  while (due_.empty()) {
    const auto first = std::min_element(nextDue_.begin(), nextDue_.end());
    if (first == nextDue_.end() || *first == kNever || *first > untilMs) return {};
    const std::uint64_t time = *first;
    // Each task's runs are already in that order (Task::motes are in id order): merged into the
    // runs of the tasks before it rather than all sorted, as sorting 10,000 runs every minute was
    // about 5 % of the base's time in a simulated day of meters (test/bench/sim_scale/README.md).
    // One task due at a time merges nothing.
    for (std::size_t i = 0; i < tasks_.size(); ++i) {
      if (nextDue_[i] != time) continue;
      const auto before = static_cast<std::ptrdiff_t>(due_.size());
      for (NodeId mote : tasks_[i].motes) due_.push_back({time, mote, i});
      if (!inIdOrder_[i]) std::sort(due_.begin() + before, due_.end(), runsBefore);
      std::inplace_merge(due_.begin(), due_.begin() + before, due_.end(), runsBefore);
      nextDue_[i] = later(time, std::max<std::uint64_t>(tasks_[i].periodMs, 1));
    }
  }
  // The runs of one time share it: those left from a call with a later `untilMs` wait.
  if (due_[taken_].timeMs > untilMs) return {};
  return std::span<const Run>(due_).subspan(taken_);
}

std::optional<Schedule::Run> Schedule::next(std::uint64_t untilMs) {
  const std::span<const Run> runs = due(untilMs);
  if (runs.empty()) return std::nullopt;
  take(1);
  return runs.front();
}

}  // namespace edgecut::base
