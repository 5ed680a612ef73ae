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
  for (const Task& task : tasks_) nextDue_.push_back(std::max<std::uint64_t>(task.periodMs, 1));
}

std::optional<Schedule::Run> Schedule::next(std::uint64_t untilMs) {
  while (due_.empty()) {
    const auto first = std::min_element(nextDue_.begin(), nextDue_.end());
    if (first == nextDue_.end() || *first == kNever || *first > untilMs) return std::nullopt;
    const std::uint64_t time = *first;
    for (std::size_t i = 0; i < tasks_.size(); ++i) {
      if (nextDue_[i] != time) continue;
      for (NodeId mote : tasks_[i].motes) due_.push_back({time, mote, i});
      nextDue_[i] = later(time, std::max<std::uint64_t>(tasks_[i].periodMs, 1));
    }
    // The next run last: latest mote first, and for one mote the task that comes last first.
    std::sort(due_.begin(), due_.end(), [](const Run& a, const Run& b) {
      return a.mote != b.mote ? a.mote > b.mote : a.task > b.task;
    });
  }
  const Run run = due_.back();
  if (run.timeMs > untilMs) return std::nullopt;
  due_.pop_back();
  return run;
}

}  // namespace edgecut::base
