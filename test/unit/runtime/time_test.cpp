// Network time on the base (docs/design.md §9): the schedule of periodic tasks, and runFor and
// now() over a scripted motes' side that answers RUN_TASK control messages.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "edgecut/runtime/base_runtime.hpp"
#include "glue_network.hpp"
#include "test_bytes.hpp"

namespace edgecut::base {
namespace {
namespace time_test_cpp {

using test::Bytes;
using test::encoded;

// ---- the schedule -------------------------------------------------------------------------------

std::vector<Schedule::Run> runsUntil(Schedule& schedule, std::uint64_t until) {
  std::vector<Schedule::Run> runs;
  while (const std::optional<Schedule::Run> run = schedule.next(until)) runs.push_back(*run);
  return runs;
}

TEST(Schedule, TimeOrderThenMoteIdThenTaskOrder) {
  // Task 0 every 2 ms on motes 1 and 2, task 1 every 3 ms on motes 2 and 3.
  Schedule schedule({{0xa, 2, {1, 2}}, {0xb, 3, {2, 3}}});
  using Run = Schedule::Run;
  EXPECT_EQ(runsUntil(schedule, 6), (std::vector<Run>{{2, 1, 0}, {2, 2, 0}, {3, 2, 1}, {3, 3, 1}, {4, 1, 0},
                                                      {4, 2, 0}, {6, 1, 0}, {6, 2, 0}, {6, 2, 1}, {6, 3, 1}}));
}

TEST(Schedule, TasksDueTogetherInterleaveByMoteEvenWithMotesOutOfOrder) {
  // Three tasks due at 6 ms, on overlapping motes; the last one's motes not in id order (a caller's
  // mistake the schedule still orders).
  Schedule schedule({{0xa, 2, {1, 4, 7}}, {0xb, 3, {2, 4, 9}}, {0xc, 6, {9, 1, 4}}});
  using Run = Schedule::Run;
  std::vector<Run> at6;
  for (const Run& run : runsUntil(schedule, 6))
    if (run.timeMs == 6) at6.push_back(run);
  EXPECT_EQ(at6, (std::vector<Run>{{6, 1, 0}, {6, 1, 2}, {6, 2, 1}, {6, 4, 0}, {6, 4, 1}, {6, 4, 2}, {6, 7, 0},
                                   {6, 9, 1}, {6, 9, 2}}));
}

TEST(Schedule, EachTaskRunsTheWholePeriodsOfTheTimeOnEachMote) {
  for (std::uint64_t period : {1u, 7u, 60'000u}) {
    Schedule schedule({{0xa, period, {4, 9}}});
    // Several windows, as several runFor calls make them: time goes on, and no run comes twice.
    std::size_t runs = 0;
    for (std::uint64_t until : {0u, 5u, 5u, 59'999u, 60'000u, 180'001u}) runs += runsUntil(schedule, until).size();
    EXPECT_EQ(runs, 2 * (180'001 / period)) << "period " << period;
  }
}

TEST(Schedule, NothingIsDueAtTheStartOrWithoutMotes) {
  Schedule schedule({{0xa, 10, {}}, {0xb, 10, {1}}});
  EXPECT_FALSE(schedule.next(9));
  EXPECT_EQ(runsUntil(schedule, 10), (std::vector<Schedule::Run>{{10, 1, 1}}));
  Schedule none({});
  EXPECT_FALSE(none.next(std::numeric_limits<std::uint64_t>::max()));
}

TEST(Schedule, APeriodPastTheEndOfTimeNeverComesAgain) {
  const std::uint64_t last = std::numeric_limits<std::uint64_t>::max();
  Schedule schedule({{0xa, last - 1, {1}}});
  EXPECT_EQ(runsUntil(schedule, last), (std::vector<Schedule::Run>{{last - 1, 1, 0}}));
  EXPECT_FALSE(schedule.next(last));
}

TEST(Schedule, DueGivesATimesRunsAndLeavesThemUntilTaken) {
  Schedule schedule({{0xa, 2, {1, 2}}, {0xb, 3, {2, 3}}});
  using Run = Schedule::Run;
  auto all = [](std::span<const Run> runs) { return std::vector<Run>(runs.begin(), runs.end()); };
  EXPECT_TRUE(schedule.due(1).empty());
  EXPECT_EQ(all(schedule.due(6)), (std::vector<Run>{{2, 1, 0}, {2, 2, 0}}));
  EXPECT_EQ(all(schedule.due(6)), (std::vector<Run>{{2, 1, 0}, {2, 2, 0}}));  // not taken yet
  schedule.take(1);
  EXPECT_EQ(all(schedule.due(6)), (std::vector<Run>{{2, 2, 0}}));
  EXPECT_EQ(schedule.next(6), (Run{2, 2, 0}));  // next() takes from the same runs
  schedule.take(schedule.due(6).size());        // all of time 3's
  EXPECT_EQ(all(schedule.due(6)), (std::vector<Run>{{4, 1, 0}, {4, 2, 0}}));
  // Due at 4, not by 3: they wait, untaken.
  EXPECT_TRUE(schedule.due(3).empty());
  EXPECT_FALSE(schedule.next(3));
  schedule.take(schedule.due(4).size());
  EXPECT_EQ(all(schedule.due(6)), (std::vector<Run>{{6, 1, 0}, {6, 2, 0}, {6, 2, 1}, {6, 3, 1}}));
}

TEST(Schedule, DueAndNextGiveTheSameRunsInTheSameOrder) {
  const std::vector<Schedule::Task> tasks{{0xa, 2, {1, 4, 7}}, {0xb, 3, {2, 4, 9}}, {0xc, 6, {9, 1, 4}}};
  Schedule one(tasks), whole(tasks);
  std::vector<Schedule::Run> byTime;
  for (std::uint64_t until : {0u, 5u, 13u, 30u}) {
    while (true) {
      const std::span<const Schedule::Run> runs = whole.due(until);
      if (runs.empty()) break;
      byTime.insert(byTime.end(), runs.begin(), runs.end());
      whole.take(runs.size());
    }
  }
  EXPECT_EQ(byTime, runsUntil(one, 30));
}

// ---- runFor and now() ---------------------------------------------------------------------------

constexpr Fingerprint kFingerprint = 0x0123456789abcdefull;
constexpr FunctionId kSample = 0x51u;  // on the meters
constexpr FunctionId kAudit = 0xa7u;   // on the base
constexpr SensorId kPower = 0x90u;

constexpr NamedId kSensors[] = {{kPower, "power"}};
constexpr NamedId kFunctions[] = {{kSample, "Meter::sample"}, {kAudit, "Meter::audit"}};
constexpr const char* kMeterSensors[] = {"power"};
constexpr MoteClassInfo kClasses[] = {{"Meter", kMeterSensors, {}}};
constexpr TaskInfo kTasks[] = {{kSample, "Meter", 60'000}, {kAudit, "Meter", 90'000}};

// Meters 1 and 2 at d² 25 and 100.
const ProgramInfo kProgram{
    .fingerprint = kFingerprint,
    .programFile = "meters.cpp",
    .planFile = "plan.json",
    .networkCbor = test::glueNetwork(R"({"base": {"position": [0, 0]}, "motes": [
      {"id": 2, "class": "Meter", "position": [6, 8], "sensors": {"power": 5}},
      {"id": 1, "class": "Meter", "position": [3, 4], "sensors": {"power": 5}}
    ]})"),
    .instructionCost = 1,
    .transmitCost = 100,
    .sensors = kSensors,
    .moteClasses = kClasses,
    .functions = kFunctions,
    .tasks = kTasks,
};

// The motes' side: answers each RUN_TASK with TASK_DONE (`failWith` as its error, if set), unless
// `silent` (or `deaf`); answers READs with 5 and HELLOs with the fingerprint. It records what
// arrived, in order (GENERATION_REQUESTs only counted). Each mote's window (control.hpp) is
// `generation` and `last`: what the base sends must name the one and go on above the other, and a
// RUN_TASK of another generation is answered with the window, as a mote that restarted does.
class ScriptedMotes final : public Transport {
 public:
  std::string describe() const override { return "the scripted meters"; }
  bool send(NodeId, std::span<const std::uint8_t> bytes) override {
    wire::Frame frame;
    EXPECT_EQ(wire::decodeFrame(bytes, frame), wire::Status::ok);
    log.push_back(fmt::format("{} to {}", wire::opName(frame.op), frame.address.dst));
    if (frame.op == wire::Op::HELLO)
      pending.push_back({false, encoded([&](wire::Writer& w) {
                           wire::encodeHello(w, frame.address.reply(), kFingerprint, 0x80000001u);
                         })});
    if (frame.op == wire::Op::READ)
      pending.push_back({false, encoded([&](wire::Writer& w) { wire::encodeResult(w, frame.address.reply(), 5); })});
    return true;
  }
  bool sendControl(NodeId to, std::span<const std::uint8_t> bytes) override {
    if (wire::ControlKind kind{}; wire::controlKindOf(bytes, kind) == wire::Status::ok &&
                                  kind == wire::ControlKind::runTasks)
      return runBatch(bytes);
    wire::Control control;
    EXPECT_EQ(wire::decodeControl(bytes, control), wire::Status::ok);
    EXPECT_EQ(to, control.mote);
    Window& window = windows[to];
    auto answerWithWindow = [&] {
      wire::Control answer = control;
      answer.kind = wire::ControlKind::generation;
      answer.generation = window.generation;
      answer.last = window.last;
      pending.push_back({true, encoded([&](wire::Writer& w) { wire::encodeControl(w, answer); })});
      return true;
    };
    if (control.kind == wire::ControlKind::generationRequest) {
      ++generationRequests;
      return deaf || answerWithWindow();
    }
    if (control.generation != window.generation) {
      const bool runTask = control.kind == wire::ControlKind::runTask;
      log.push_back(fmt::format("stale {} to {}", runTask ? "RUN_TASK" : "CLOCK", to));
      return !runTask || answerWithWindow();
    }
    EXPECT_GT(control.seq, window.last) << "the base's seqs go on above the mote's last";
    window.last = control.seq;
    if (control.kind == wire::ControlKind::clock) {
      log.push_back(fmt::format("CLOCK {} to {}", control.timeMs, to));
      return true;
    }
    log.push_back(fmt::format("RUN_TASK {:#x} at {} on {}", control.task, control.timeMs, to));
    if (silent) return true;
    wire::Control done = control;
    done.kind = wire::ControlKind::taskDone;
    done.error = failWith;
    done.message = failWith ? "the meter's sensor failed" : "";
    pending.push_back({true, encoded([&](wire::Writer& w) { wire::encodeControl(w, done); })});
    return true;
  }
  // A RUN_TASKS (batches): each run as a RUN_TASK above, answered once, stopping at the first
  // that fails or is stale; one that continues a batch that stopped runs nothing (control.hpp).
  bool runBatch(std::span<const std::uint8_t> bytes) {
    wire::TaskBatch batch;
    EXPECT_EQ(batch.decode(bytes), wire::Status::ok);
    log.push_back(fmt::format("RUN_TASKS at {}", batch.timeMs()));
    wire::TasksDone done;
    done.seq = batch.seq();
    const bool continues = batch.after() != 0;
    EXPECT_TRUE(!continues || batch.after() == lastBatch) << "a batch continues the one before it";
    const bool skipped = continues && !lastRanAll;
    lastBatch = batch.seq();
    for (const wire::BatchedRun& run : skipped ? std::span<const wire::BatchedRun>() : batch.runs()) {
      Window& window = windows[run.mote];
      if (run.generation != window.generation) {
        log.push_back(fmt::format("stale RUN_TASK to {}", run.mote));
        done.generation = window.generation;
        done.last = window.last;
        break;
      }
      EXPECT_GT(run.seq, window.last) << "the base's seqs go on above the mote's last";
      window.last = run.seq;
      log.push_back(fmt::format("RUN_TASK {:#x} at {} on {}", run.task, batch.timeMs(), run.mote));
      if (failWith != 0) {
        done.error = failWith;
        done.message = "the meter's sensor failed";
        break;
      }
      ++done.ran;
    }
    lastRanAll = done.ran == batch.count();
    batchLog.push_back(fmt::format("{} runs{}: {}", batch.count(), continues ? " after the last" : "",
                                  skipped ? "none ran" : fmt::format("{} ran", done.ran)));
    if (!silent) pending.push_back({true, encoded([&](wire::Writer& w) { wire::encodeTasksDone(w, done); })});
    return true;
  }
  Event next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point>) override {
    if (pending.empty()) return Event::timeout;  // as if the deadline passed
    auto [control, bytes] = std::move(pending.front());
    pending.pop_front();
    frame = std::move(bytes);
    return control ? Event::control : Event::frame;
  }
  bool relaysBetweenMotes() const override { return true; }
  bool batchesTasks() const override { return batches; }

  struct Window {
    std::uint64_t generation = 0x6e6e;
    std::uint64_t last = 41;
  };
  std::map<NodeId, Window> windows;
  unsigned generationRequests = 0;
  std::vector<std::string> log;
  std::deque<std::pair<bool, Bytes>> pending;
  bool silent = false;  // to RUN_TASKs
  bool deaf = false;    // to everything on the control path
  std::uint32_t failWith = 0;
  bool batches = false;  // takes the runs of one time in one RUN_TASKS
  std::vector<std::string> batchLog;  // each RUN_TASKS: its runs, whether it continues one, what ran
  std::uint64_t lastBatch = 0;
  bool lastRanAll = false;
};

// The base's runner: runs the audit here, and records when and for whom the base ran a task.
// Its first act binds the mote's proxy, as base::proxyOf in the runner edgecut emits does.
std::vector<std::string> baseRuns;
std::vector<std::string>* alsoLogTo = nullptr;
bool runOnBase(FunctionId task, NodeId mote) {
  if (task != kAudit) return false;
  const MoteBinding proxy = (detail::presetBinding(mote), MoteBinding("Meter"));
  baseRuns.push_back(fmt::format("audit of {} at {}", proxy.node(), edgecut::now().count()));
  if (alsoLogTo != nullptr) alsoLogTo->push_back(baseRuns.back());
  return true;
}

struct Fixture {
  Fixture() {
    baseRuns.clear();
    alsoLogTo = nullptr;
    auto owned = std::make_unique<ScriptedMotes>();
    motes = owned.get();
    runtime = std::make_unique<Runtime>(kProgram, std::move(owned),
                                        wire::RetryPolicy{.deadline = std::chrono::milliseconds(50)});
    runtime->runTasks(&runOnBase);
  }
  ScriptedMotes* motes;
  std::unique_ptr<Runtime> runtime;
};

TEST(RunFor, RunsEachTaskDueInOrderAndTimeGoesOn) {
  Fixture f;
  EXPECT_EQ(edgecut::now().count(), 0);
  edgecut::runFor(std::chrono::minutes(2));
  EXPECT_EQ(edgecut::now().count(), 120'000);
  EXPECT_EQ(f.motes->log, (std::vector<std::string>{"RUN_TASK 0x51 at 60000 on 1", "RUN_TASK 0x51 at 60000 on 2",
                                                    "RUN_TASK 0x51 at 120000 on 1", "RUN_TASK 0x51 at 120000 on 2"}));
  EXPECT_EQ(baseRuns, (std::vector<std::string>{"audit of 1 at 90000", "audit of 2 at 90000"}));
  edgecut::runFor(std::chrono::seconds(60));
  EXPECT_EQ(edgecut::now().count(), 180'000);
  EXPECT_EQ(baseRuns.back(), "audit of 2 at 180000");
  EXPECT_EQ(f.motes->log.back(), "RUN_TASK 0x51 at 180000 on 2");
  EXPECT_EQ(f.runtime->taskRunsOnMotes(), 6u);
  EXPECT_EQ(f.runtime->taskRunsOnBase(), 4u);
  // Each run on a meter was asked by a control message, which is no radio traffic; each meter's
  // window was asked for once.
  EXPECT_EQ(f.motes->generationRequests, 2u);
  EXPECT_EQ(f.runtime->medium().total().messagesSent, 0u);
  EXPECT_EQ(f.runtime->medium().total().bytesSent, 0u);
}

TEST(RunFor, ZeroRunsNothingAndANegativeDurationIsRefused) {
  Fixture f;
  edgecut::runFor(std::chrono::milliseconds(0));
  EXPECT_TRUE(f.motes->log.empty());
  edgecut::runFor(std::chrono::seconds(59));
  EXPECT_TRUE(f.motes->log.empty());
  try {
    edgecut::runFor(std::chrono::milliseconds(-1));
    FAIL() << "a negative duration ran";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "edgecut::runFor(-1 ms): network time only goes forward; give a duration of 0 or more");
  }
  EXPECT_EQ(edgecut::now().count(), 59'000);
}

TEST(RunFor, AMoteIsToldTheTimeBeforeARequestOnceTimeMoved) {
  Fixture f;
  const MoteBinding meter = (detail::presetBinding(1), MoteBinding("Meter"));
  EXPECT_EQ(read<int>(meter, kPower), 5);
  EXPECT_EQ(f.motes->log, (std::vector<std::string>{"HELLO to 1", "READ to 1"})) << "no CLOCK at time 0";
  edgecut::runFor(std::chrono::seconds(30));
  f.motes->log.clear();
  EXPECT_EQ(read<int>(meter, kPower), 5);
  EXPECT_EQ(read<int>(meter, kPower), 5);
  EXPECT_EQ(f.motes->log, (std::vector<std::string>{"CLOCK 30000 to 1", "READ to 1", "READ to 1"}));
}

// What a minute of network time throws as Error, over motes `setUp` made: failing, silent, deaf.
template <class Error>
std::string failureOfAMinute(const std::function<void(ScriptedMotes&)>& setUp) {
  Fixture f;
  setUp(*f.motes);
  try {
    edgecut::runFor(std::chrono::minutes(1));
  } catch (const Error& e) {
    return e.what();
  }
  return "nothing failed";
}

TEST(RunFor, AMoteThatFailsOrNeverFinishesItsTask) {
  constexpr auto kFault = static_cast<std::uint32_t>(wire::ErrorCode::FAULT);
  EXPECT_EQ(failureOfAMinute<RemoteError>([](ScriptedMotes& motes) { motes.failWith = kFault; }),
            fmt::format("mote 1 failed its periodic task Meter::sample: the meter's sensor failed (error {}: {})",
                        kFault, wire::describe(wire::ErrorCode::FAULT)));
  EXPECT_EQ(failureOfAMinute<RemoteTimeout>([](ScriptedMotes& motes) { motes.silent = true; }),
            "mote 1 did not finish its periodic task Meter::sample within 50 ms (sent once)");
  EXPECT_EQ(failureOfAMinute<RemoteTimeout>([](ScriptedMotes& motes) { motes.deaf = true; }),
            "mote 1 did not answer its periodic task Meter::sample within 50 ms (the GENERATION_REQUEST "
            "before it was sent once)");
}

// A mote that restarted since the base learnt its window answers the next RUN_TASK with its new
// one (control.hpp) and runs nothing; the base asks again in the new window, and the task runs once.
TEST(RunFor, AMoteThatRestartedGivesItsNewWindowAndTheTaskRunsThere) {
  Fixture f;
  edgecut::runFor(std::chrono::minutes(1));
  f.motes->windows[1] = {0x7777, 3};
  f.motes->log.clear();
  edgecut::runFor(std::chrono::minutes(1));
  EXPECT_EQ(f.motes->log, (std::vector<std::string>{"stale RUN_TASK to 1", "RUN_TASK 0x51 at 120000 on 1",
                                                    "RUN_TASK 0x51 at 120000 on 2"}));
  EXPECT_EQ(f.runtime->taskRunsOnMotes(), 4u);
  EXPECT_EQ(f.motes->generationRequests, 2u) << "the answer gave the window";
}

TEST(RunFor, OnWallClockTimeRunsKeepToTheClock) {
  Fixture f;
  f.runtime->keepWallTime(60'000);  // a minute of network time per millisecond
  const auto start = std::chrono::steady_clock::now();
  edgecut::runFor(std::chrono::minutes(30));
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_GE(took, std::chrono::milliseconds(30));
  EXPECT_EQ(f.runtime->taskRunsOnMotes(), 60u);
  EXPECT_THROW(f.runtime->keepWallTime(0), std::invalid_argument);
}

// Where the transport batches tasks (the sim), the runs on motes of one time go in one RUN_TASKS,
// which waits until base code would run: in the order of running them one at a time.
TEST(RunFor, BatchedRunsOnMotesGoTogetherBeforeTheBaseRunsCode) {
  Fixture f;
  f.motes->batches = true;
  alsoLogTo = &f.motes->log;
  edgecut::runFor(std::chrono::minutes(3));
  EXPECT_EQ(f.motes->log, (std::vector<std::string>{
                              "RUN_TASKS at 60000", "RUN_TASK 0x51 at 60000 on 1", "RUN_TASK 0x51 at 60000 on 2",
                              "audit of 1 at 90000", "audit of 2 at 90000",
                              "RUN_TASKS at 120000", "RUN_TASK 0x51 at 120000 on 1", "RUN_TASK 0x51 at 120000 on 2",
                              "RUN_TASKS at 180000", "RUN_TASK 0x51 at 180000 on 1", "audit of 1 at 180000",
                              "RUN_TASKS at 180000", "RUN_TASK 0x51 at 180000 on 2", "audit of 2 at 180000"}));
  EXPECT_EQ(f.runtime->taskRunsOnMotes(), 6u);
  EXPECT_EQ(f.runtime->taskRunsOnBase(), 4u);
  EXPECT_EQ(f.motes->generationRequests, 2u);
  // A mote that restarted since: its run is stale, and runs in its new window.
  f.motes->windows[2] = {0x7777, 3};
  f.motes->log.clear();
  edgecut::runFor(std::chrono::minutes(1));
  EXPECT_EQ(f.motes->log, (std::vector<std::string>{"RUN_TASKS at 240000", "RUN_TASK 0x51 at 240000 on 1",
                                                    "stale RUN_TASK to 2", "RUN_TASKS at 240000",
                                                    "RUN_TASK 0x51 at 240000 on 2"}));
  EXPECT_EQ(f.runtime->taskRunsOnMotes(), 8u);
}

TEST(RunFor, ABatchedRunThatFailsOrABatchNeverAnswered) {
  constexpr auto kFault = static_cast<std::uint32_t>(wire::ErrorCode::FAULT);
  EXPECT_EQ(failureOfAMinute<RemoteError>([](ScriptedMotes& motes) {
              motes.batches = true;
              motes.failWith = kFault;
            }),
            fmt::format("mote 1 failed its periodic task Meter::sample: the meter's sensor failed (error {}: {})",
                        kFault, wire::describe(wire::ErrorCode::FAULT)));
  EXPECT_EQ(failureOfAMinute<RemoteTimeout>([](ScriptedMotes& motes) {
              motes.batches = true;
              motes.silent = true;
            }),
            "motes 1–2 did not finish their periodic tasks due at 60000 ms: the scripted meters was silent for "
            "50 ms (a batch of 2 runs, sent once)");
}

// Where runs are batched and no mote code calls the base, the base's runs of one time run
// concurrently (concurrent_runs.hpp): what they print is kept and printed in their order when the
// time's runs are done, and a run that fails ends the time with its error, after what the runs
// before it printed and what it printed itself.
bool printingAudit(FunctionId task, NodeId mote) {
  if (task != kAudit) return false;
  const MoteBinding proxy = (detail::presetBinding(mote), MoteBinding("Meter"));
  std::printf("audit of %u", proxy.node());
  std::cout << " at " << edgecut::now().count() << std::endl;
  std::fprintf(stderr, "(stderr of %u)\n", proxy.node());
  if (edgecut::now().count() == 180'000 && mote == 1) throw std::runtime_error("mote 1's audit failed");
  return true;
}

TEST(RunFor, TheBasesConcurrentRunsPrintInTheirOrderAndAFailedOneEndsTheTime) {
  Fixture f;
  f.motes->batches = true;
  f.runtime->runTasks(&printingAudit);
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  std::string error;
  try {
    edgecut::runFor(std::chrono::minutes(3));
  } catch (const std::runtime_error& e) {
    error = e.what();
  }
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "audit of 1 at 90000\naudit of 2 at 90000\naudit of 1 at 180000\n");
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "(stderr of 1)\n(stderr of 2)\n(stderr of 1)\n");
  EXPECT_EQ(error, "mote 1's audit failed");
  // Mote 2's audit at 180000 ran meanwhile (mote 1's waited for the runs on motes before it): a
  // run after a failed one may have run, and prints nothing.
  EXPECT_EQ(f.runtime->taskRunsOnBase(), 3u);
  // The streams are the program's again.
  testing::internal::CaptureStdout();
  std::printf("after\n");
  std::fflush(stdout);
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "after\n");
}

// Many meters (more than one batch holds): a time's runs go in batches one after another, each
// continuing the one before, sent before any is answered; after one that stopped at a mote that
// restarted, the others run nothing and the base sends their runs again, once each.
TEST(RunFor, ATimesBatchesFollowEachOtherAndRunOnceEachAfterOneStops) {
  constexpr int kMeters = 5000;
  std::string motes;
  for (int id = 1; id <= kMeters; ++id)
    motes += fmt::format(R"({}{{"id": {}, "class": "Meter", "position": [{}, 0], "sensors": {{"power": 5}}}})",
                         id == 1 ? "" : ",", id, id);
  static constexpr TaskInfo kSampling[] = {{kSample, "Meter", 60'000}};
  ProgramInfo program = kProgram;
  program.tasks = kSampling;
  program.networkCbor = test::glueNetwork(R"({"base": {"position": [0, 0]}, "motes": [)" + motes + "]}");
  auto owned = std::make_unique<ScriptedMotes>();
  ScriptedMotes& meters = *owned;
  meters.batches = true;
  Runtime runtime(program, std::move(owned), wire::RetryPolicy{.deadline = std::chrono::milliseconds(50)});
  // The first minute asks every window first: one batch.
  edgecut::runFor(std::chrono::minutes(1));
  EXPECT_EQ(meters.batchLog, (std::vector<std::string>{"5000 runs: 5000 ran"}));
  meters.batchLog.clear();
  edgecut::runFor(std::chrono::minutes(1));
  EXPECT_EQ(meters.batchLog, (std::vector<std::string>{"256 runs: 256 ran", "512 runs after the last: 512 ran",
                                                        "1024 runs after the last: 1024 ran",
                                                        "2048 runs after the last: 2048 ran",
                                                        "1160 runs after the last: 1160 ran"}));
  meters.batchLog.clear();
  meters.windows[100] = {0x7777, 3};
  meters.log.clear();
  edgecut::runFor(std::chrono::minutes(1));
  EXPECT_EQ(meters.batchLog, (std::vector<std::string>{"256 runs: 99 ran", "512 runs after the last: none ran",
                                                        "1024 runs after the last: none ran",
                                                        "2048 runs after the last: none ran",
                                                        "1160 runs after the last: none ran", "4901 runs: 4901 ran"}));
  std::map<std::string, int> runsOf;
  for (const std::string& line : meters.log)
    if (line.starts_with("RUN_TASK 0x51")) ++runsOf[line.substr(line.rfind(' ') + 1)];
  EXPECT_EQ(runsOf.size(), static_cast<std::size_t>(kMeters));
  EXPECT_TRUE(std::all_of(runsOf.begin(), runsOf.end(), [](const auto& run) { return run.second == 1; }))
      << "each meter ran once";
  EXPECT_EQ(runtime.taskRunsOnMotes(), 3u * kMeters);
  // A run that fails in the first batch ends the time: the batches after it run nothing.
  meters.batchLog.clear();
  meters.failWith = static_cast<std::uint32_t>(wire::ErrorCode::FAULT);
  EXPECT_THROW(edgecut::runFor(std::chrono::minutes(1)), RemoteError);
  EXPECT_EQ(meters.batchLog, (std::vector<std::string>{"256 runs: 0 ran", "512 runs after the last: none ran",
                                                        "1024 runs after the last: none ran",
                                                        "2048 runs after the last: none ran",
                                                        "1160 runs after the last: none ran"}));
  EXPECT_EQ(runtime.taskRunsOnMotes(), 3u * kMeters);
}

}  // namespace time_test_cpp
}  // namespace
}  // namespace edgecut::base
