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

std::optional<Schedule::Run> Schedule::next(std::uint64_t untilMs) {
  // The next run last: latest mote first, and for one mote the task that comes last first.
  auto runsAfter = [](const Run& a, const Run& b) { return a.mote != b.mote ? a.mote > b.mote : a.task > b.task; };
  while (due_.empty()) {
    const auto first = std::min_element(nextDue_.begin(), nextDue_.end());
    if (first == nextDue_.end() || *first == kNever || *first > untilMs) return std::nullopt;
    const std::uint64_t time = *first;
    // Each task's runs are already in that order, its motes taken from the last (Task::motes are in
    // id order): merged into the runs of the tasks before it rather than all sorted, as sorting
    // 10,000 runs every minute was about 5 % of the base's time in a simulated day of meters
    // (test/bench/sim_scale/README.md). One task due at a time merges nothing.
    for (std::size_t i = 0; i < tasks_.size(); ++i) {
      if (nextDue_[i] != time) continue;
      const auto before = static_cast<std::ptrdiff_t>(due_.size());
      const std::vector<NodeId>& motes = tasks_[i].motes;
      for (auto mote = motes.rbegin(); mote != motes.rend(); ++mote) due_.push_back({time, *mote, i});
      if (!inIdOrder_[i]) std::sort(due_.begin() + before, due_.end(), runsAfter);
      std::inplace_merge(due_.begin(), due_.begin() + before, due_.end(), runsAfter);
      nextDue_[i] = later(time, std::max<std::uint64_t>(tasks_[i].periodMs, 1));
    }
  }
  const Run run = due_.back();
  if (run.timeMs > untilMs) return std::nullopt;
  due_.pop_back();
  return run;
}

}  // namespace edgecut::base
