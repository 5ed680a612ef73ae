// Network time on the base (docs/design.md §9): edgecut::runFor and edgecut::now, the schedule of
// periodic tasks, and each run of a task, here or on its mote (base_runtime.hpp says why the clock
// lives in the base's runtime).
#include <array>
#include <cmath>
#include <limits>
#include <span>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "../transport/control_seal.hpp"
#include "concurrent_runs.hpp"
#include "edgecut/runtime/base_runtime.hpp"

namespace edgecut {

void runFor(std::chrono::milliseconds duration) { base::Runtime::current().runFor(duration); }

std::chrono::milliseconds now() { return base::Runtime::current().now(); }

namespace base {

namespace {
std::uint64_t nanoseconds(std::uint64_t ms) {
  constexpr std::uint64_t kPerMs = 1'000'000;
  return ms > std::numeric_limits<std::uint64_t>::max() / kPerMs ? std::numeric_limits<std::uint64_t>::max()
                                                                  : ms * kPerMs;
}
}  // namespace

Schedule Runtime::scheduleOf(const ProgramInfo& program, const sim::Network& network) {
  std::vector<Schedule::Task> tasks;
  for (const TaskInfo& task : program.tasks) {
    const MoteClassInfo* moteClass = sim::findMoteClass(program, task.moteClass);
    if (moteClass == nullptr) {
      throw std::logic_error(fmt::format("the program's glue does not describe the mote class {} of a periodic "
                                         "task; regenerate it with edgecut", task.moteClass));
    }
    tasks.push_back({task.function, task.periodMs, network.fitting(*moteClass)});
  }
  return Schedule(std::move(tasks));
}

void Runtime::keepWallTime(double scale) {
  if (!(scale > 0) || !std::isfinite(scale)) {
    throw std::invalid_argument(fmt::format("a time scale must be a positive number, not {}", scale));
  }
  timeScale_ = scale;
}

std::string Runtime::functionName(FunctionId function) const {
  const char* name = sim::nameOf(program_.functions, function);
  return name != nullptr ? std::string(name) : fmt::format("{:#010x}", function);
}

void Runtime::runFor(std::chrono::milliseconds duration) {
  if (duration.count() < 0) {
    throw std::invalid_argument(fmt::format("edgecut::runFor({} ms): network time only goes forward; give a "
                                            "duration of 0 or more", duration.count()));
  }
  constexpr std::uint64_t kLast = std::numeric_limits<std::uint64_t>::max();
  const auto length = static_cast<std::uint64_t>(duration.count());
  const std::uint64_t start = nowMs_;
  const std::uint64_t end = nowMs_ > kLast - length ? kLast : nowMs_ + length;
  // On real nodes the runs keep to the wall clock from this call on: run at network time t is due
  // (t - start) / scale after it. Simulated time does not wait.
  const Clock::time_point wallStart = Clock::now();
  auto waitUntil = [&](std::uint64_t timeMs) {
    if (!timeScale_) return;
    const double seconds = static_cast<double>(timeMs - start) / 1000.0 / *timeScale_;
    const Clock::time_point due =
        wallStart + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    while (Clock::now() < due) pump(due, nullptr, nullptr);  // serving the motes meanwhile
  };
  try {
    for (;;) {
      const std::span<const Schedule::Run> runs = schedule_.due(end);
      if (runs.empty()) break;
      if (runs.front().timeMs == nowMs_ && taskRunner_ == nullptr && batching()) {
        // Runs of the time it is (its first run went below), where the motes run every task and
        // their runs wait for a batch: queued at once, as runTaskNow would queue them one by one
        // (no base code runs in between, batching() stays as it is, and simulated time waits for
        // nothing). Taking them one at a time (Schedule::next, runTask, runTaskNow, batching()
        // per run) cost about 130 of the base's 966 instructions a run in a simulated day of
        // meters (test/bench/sim_scale/README.md).
        const std::vector<Schedule::Task>& tasks = schedule_.tasks();
        waitingRuns_.reserve(waitingRuns_.size() + runs.size());
        for (const Schedule::Run& run : runs) waitingRuns_.push_back({run.mote, tasks[run.task].function});
        schedule_.take(runs.size());
        continue;
      }
      // One run, taken off the schedule before the runs waiting go and before it runs, as one at
      // a time (a failure there loses it, not the runs after it).
      const Schedule::Run run = runs.front();
      schedule_.take(1);
      if (run.timeMs != nowMs_) {  // a time's runs end before the next time's
        finishConcurrentRuns();
        runWaitingOnMotes();
      }
      waitUntil(run.timeMs);
      // The radio's clock has reached nowMs_ already: only a new time moves it.
      if (run.timeMs != nowMs_) radioClock_.reach(nanoseconds(run.timeMs));
      nowMs_ = run.timeMs;
      runTask(run);
    }
    finishConcurrentRuns();
    runWaitingOnMotes();
  } catch (...) {
    waitingRuns_.clear();  // runs after a failure never run, as one at a time
    if (concurrent_) concurrent_->abandon();
    throw;
  }
  waitUntil(end);
  nowMs_ = end;
  radioClock_.reach(nanoseconds(end));
}

void Runtime::runTask(const Schedule::Run& run) {
  if (!runsConcurrently()) {
    runTaskNow(run);
    return;
  }
  if (!concurrent_) concurrent_ = std::make_unique<ConcurrentRuns>(*this);
  concurrent_->start(run);
  if (concurrent_->failed()) finishConcurrentRuns();  // throws its error; no later run starts
}

void Runtime::runTaskNow(const Schedule::Run& run) {
  const FunctionId task = schedule_.tasks()[run.task].function;
  bool ranHere = false;
  if (taskRunner_ != nullptr) {
    outsideRun_ = profile::detail::running;
    // The task's timer calls it, not the function that called runFor: its run starts with no
    // function running, as a request from the radio does on a mote (sim/profile.hpp).
    const sim::Recording timer(&profile_);
    runStarting_ = true;  // until base code starts (beforeBaseCode) or the runner declines it
    struct Started {
      bool& starting;
      ~Started() { starting = false; }
    } started{runStarting_};
    ranHere = taskRunner_(task, run.mote);
  }
  if (ranHere) {
    ++taskRunsOnBase_;
    return;
  }
  if (batching()) {
    waitingRuns_.push_back({run.mote, task});
    return;
  }
  runTaskOnMote(run.mote, task);
  ++taskRunsOnMotes_;
}

void Runtime::beforeBaseCode() {
  if (!std::exchange(runStarting_, false) || waitingRuns_.empty()) return;
  // A run of a time's concurrent runs: the runs before these ones end first, as one at a time.
  if (concurrent_ && concurrent_->inRun()) concurrent_->awaitAlone();
  // They would have run before this run began, outside it (the profile's state too).
  const profile::Running inRun = std::exchange(profile::detail::running, outsideRun_);
  struct Back {
    profile::Running state;
    ~Back() { profile::detail::running = state; }
  } back{inRun};
  runWaitingOnMotes();
}

void Runtime::sendControl(NodeId to, const wire::Control& control) {
  std::array<std::uint8_t, wire::kMaxControlBytes> buffer;
  wire::Writer out(buffer);
  wire::encodeControl(out, control);
  sendControl(to, out.written());
}

void Runtime::sendControl(NodeId to, std::span<const std::uint8_t> message) {
  if (linkBroken_) throw LinkError(fmt::format("{} is gone", transport_->describe()));
  if (!transport_->sendControl(to, message)) {
    linkBroken_ = true;
    throw LinkError(fmt::format("{} (the control message to mote {} could not be sent)", transport_->whyClosed(), to));
  }
}

std::optional<std::vector<std::uint8_t>> Runtime::askMote(const wire::Control& control, const ControlWanted& wanted,
                                                           Clock::time_point deadline, unsigned& sends) {
  // Resent, as a request is, where the control path may lose it; the mote takes one seq once.
  const Clock::time_point start = Clock::now();
  for (unsigned here = 1;; ++here) {
    sendControl(control.mote, control);
    ++sends;
    const std::optional<std::chrono::milliseconds> resendAt = retry_.sendTime(here);
    const Clock::time_point until = resendAt ? std::min(deadline, start + *resendAt) : deadline;
    if (std::optional<Arrival> arrival = pump(until, nullptr, wanted)) return std::move(arrival->bytes);
    if (until >= deadline) return std::nullopt;
  }
}

std::uint64_t Runtime::generationOf(NodeId mote, const std::string& what, Clock::time_point deadline) {
  if (const std::uint64_t* known = generations_.get(mote)) return *known;
  wire::Control ask;
  ask.kind = wire::ControlKind::generationRequest;
  ask.seq = transport::randomNumber();  // an answer recorded in an earlier run does not carry it
  ask.mote = mote;
  unsigned sends = 0;
  const std::optional<std::vector<std::uint8_t>> bytes = askMote(
      ask,
      [&](const wire::Control& answer) {
        return answer.kind == wire::ControlKind::generation && answer.seq == ask.seq && answer.mote == mote;
      },
      deadline, sends);
  if (!bytes) {
    throw RemoteTimeout(fmt::format("mote {} did not answer {} within {} ms (the GENERATION_REQUEST before it was "
                                    "{}){}",
                                    mote, what, retry_.deadline.count(), sendCount(sends), silence(mote)));
  }
  wire::Control window;
  wire::decodeControl(*bytes, window);  // pump decoded it already
  learnWindow(window);
  return window.generation;
}

void Runtime::learnWindow(const wire::Control& window) {
  generations_[window.mote] = window.generation;
  if (window.last < std::numeric_limits<std::uint64_t>::max()) {
    nextControlSeq_ = std::max(nextControlSeq_, window.last + 1);
  }
}

void Runtime::forgetWindow(NodeId mote) {
  generations_.erase(mote);
  toldTime_.erase(mote);
}

void Runtime::tellTime(NodeId mote, const std::string& what, Clock::time_point deadline) {
  const std::uint64_t* told = toldTime_.get(mote);
  if (told != nullptr && *told == nowMs_) return;
  if (told == nullptr && nowMs_ == 0) return;  // a mote's side starts at 0
  wire::Control clock;
  clock.kind = wire::ControlKind::clock;
  clock.mote = mote;
  clock.timeMs = nowMs_;
  clock.generation = generationOf(mote, what, deadline);
  clock.seq = nextControlSeq_++;
  sendControl(mote, clock);
  toldTime_[mote] = nowMs_;
}

void Runtime::runTaskOnMote(NodeId mote, FunctionId task) {
  const std::string what = fmt::format("its periodic task {}", functionName(task));
  const Clock::time_point deadline = Clock::now() + retry_.deadline;
  // Mote code may call helpers on the base, which answers only motes it introduced itself to.
  if (dispatch_ != nullptr && !introduced_.contains(mote)) introduce(mote, what, deadline);
  wire::Control trigger;
  trigger.kind = wire::ControlKind::runTask;
  trigger.mote = mote;
  trigger.task = task;
  trigger.timeMs = nowMs_;
  auto answers = [&](const wire::Control& answer) {
    return answer.mote == mote && answer.seq == trigger.seq &&
           ((answer.kind == wire::ControlKind::taskDone && answer.generation == trigger.generation) ||
            answer.kind == wire::ControlKind::generation);
  };
  unsigned sends = 0;
  wire::Control answer;
  std::optional<std::vector<std::uint8_t>> bytes;
  do {
    trigger.generation = generationOf(mote, what, deadline);
    trigger.seq = nextControlSeq_++;
    bytes = askMote(trigger, answers, deadline, sends);
    if (!bytes) {
      throw RemoteTimeout(fmt::format("mote {} did not finish {} within {} ms ({}){}", mote, what,
                                      retry_.deadline.count(), sendCount(sends), silence(mote)));
    }
    wire::decodeControl(*bytes, answer);  // pump decoded it already
    // A GENERATION instead: the mote restarted since this run asked, and ran nothing. Again, in
    // its new window.
    if (answer.kind == wire::ControlKind::generation) learnWindow(answer);
  } while (answer.kind != wire::ControlKind::taskDone);
  toldTime_[mote] = nowMs_;
  if (answer.error != 0) {
    const auto code = static_cast<wire::ErrorCode>(answer.error);
    throw RemoteError(fmt::format("mote {} failed {}: {} (error {}: {})", mote, what, answer.message, answer.error,
                                  wire::describe(code)));
  }
}

}  // namespace base
}  // namespace edgecut
