// The mote host's part of network time (docs/design.md §9): CLOCK sets edgecut::now() for mote
// code; RUN_TASK runs a periodic task as its mote, once per run, and is answered by TASK_DONE;
// both only when fresh in the mote's window (control.hpp), which GENERATION_REQUEST asks for.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "edgecut/runtime/mote_host.hpp"
#include "glue_network.hpp"
#include "test_bytes.hpp"

namespace edgecut::mote {
namespace {
namespace mote_tasks_test_cpp {

using test::Bytes;
using test::encoded;

constexpr SensorId kPower = 0x90u;
constexpr FunctionId kSample = 0x51u;
constexpr FunctionId kBroken = 0x52u;
constexpr FunctionId kMissing = 0x53u;

struct Meter {
  EDGECUT_MOTE_CLASS("Meter")
  int getPower() { return readSensor<int>(edgecut_mote_, kPower); }
  int sum = 0;
  std::vector<long long> times;  // now() at each sample
};

// A periodic task as edgecut emits it into mote.cpp, and one whose mote code fails.
void sample(Meter& self) {
  EDGECUT_FUNCTION(kSample);
  EDGECUT_OPERATIONS(3);
  self.sum += self.getPower();
  self.times.push_back(edgecut::now().count());
}

Meter* lastMeter = nullptr;
bool dispatch(Call& call) {
  switch (call.function()) {
    case kSample: {
      if (!call.arguments()) return call.badArguments();
      Meter& self = call.instance<Meter>();
      lastMeter = &self;
      sample(self);
      return call.replyVoid();
    }
    case kBroken:
      detail::host().fault(wire::ErrorCode::BAD_VALUE, "the meter's sensor is broken");
      return call.replyVoid();
    default:
      return call.unknownFunction();
  }
}

constexpr NamedId kSensors[] = {{kPower, "power"}};
constexpr const char* kMeterSensors[] = {"power"};
constexpr MoteClassInfo kClasses[] = {{"Meter", kMeterSensors, {}}};

const ProgramInfo kProgram{
    .fingerprint = 0xabcdef0123456789ull,
    .programFile = "meters.cpp",
    .planFile = "plan.json",
    .networkCbor = test::glueNetwork(R"({"motes": [
      {"id": 1, "position": [0, 0], "sensors": {"power": {"values": [10, 20]}}},
      {"id": 2, "position": [0, 0], "sensors": {"power": 7}}
    ]})"),
    .instructionCost = 1,
    .transmitCost = 100,
    .sensors = kSensors,
    .moteClasses = kClasses,
};

wire::Control message(wire::ControlKind kind, std::uint64_t seq, NodeId mote, FunctionId task, std::uint64_t time,
                      std::uint64_t generation = 0) {
  wire::Control control;
  control.kind = kind;
  control.seq = seq;
  control.mote = mote;
  control.task = task;
  control.timeMs = time;
  control.generation = generation;
  return control;
}

class MoteTasks : public ::testing::Test {
 protected:
  // Hands `control` to the host; returns its answer's bytes (empty: none).
  Bytes send(const wire::Control& control) {
    const std::span<const std::uint8_t> answer =
        host_.control(encoded([&](wire::Writer& w) { wire::encodeControl(w, control); }));
    return Bytes(answer.begin(), answer.end());
  }
  // GENERATION_REQUEST: the mote's window, as its GENERATION says.
  wire::Control window(NodeId mote) {
    const Bytes bytes = send(message(wire::ControlKind::generationRequest, 0x5eed, mote, 0, 0));
    wire::Control answer;
    EXPECT_EQ(wire::decodeControl(bytes, answer), wire::Status::ok);
    EXPECT_EQ(answer.kind, wire::ControlKind::generation);
    EXPECT_EQ(answer.seq, 0x5eedu) << "bound to the request";
    EXPECT_EQ(answer.mote, mote);
    return answer;
  }
  std::uint64_t generation(NodeId mote) {
    if (!generations_.count(mote)) generations_[mote] = window(mote).generation;
    return generations_[mote];
  }
  // A RUN_TASK in the mote's generation; its answer's bytes go to answer_, decoded if any.
  std::optional<wire::Control> ask(std::uint64_t seq, NodeId mote, FunctionId task, std::uint64_t time) {
    answer_ = send(message(wire::ControlKind::runTask, seq, mote, task, time, generation(mote)));
    wire::Control answer;
    if (answer_.empty() || wire::decodeControl(answer_, answer) != wire::Status::ok) return std::nullopt;
    return answer;
  }
  wire::Control runTask(std::uint64_t seq, NodeId mote, FunctionId task, std::uint64_t time) {
    const std::optional<wire::Control> done = ask(seq, mote, task, time);
    EXPECT_TRUE(done);
    if (!done) return {};
    EXPECT_EQ(done->kind, wire::ControlKind::taskDone);
    EXPECT_EQ(done->seq, seq);
    EXPECT_EQ(done->mote, mote);
    EXPECT_EQ(done->task, task);
    EXPECT_EQ(done->generation, generation(mote));
    return *done;
  }

  MoteHost host_{kProgram, &dispatch};
  Bytes answer_;
  std::map<NodeId, std::uint64_t> generations_;
};

TEST_F(MoteTasks, ATaskRunsAsItsMoteAtTheTimeItWasAskedFor) {
  EXPECT_EQ(runTask(7, 1, kSample, 60'000).error, 0u);
  Meter* first = lastMeter;
  EXPECT_EQ(runTask(8, 1, kSample, 120'000).error, 0u);
  EXPECT_EQ(lastMeter, first) << "the mote's instance keeps its state from run to run";
  EXPECT_EQ(first->sum, 30);
  EXPECT_EQ(first->times, (std::vector<long long>{60'000, 120'000}));
  EXPECT_EQ(runTask(9, 2, kSample, 120'000).error, 0u);
  EXPECT_NE(lastMeter, first) << "each mote has its own";
  EXPECT_EQ(lastMeter->sum, 7);
  // Counted as the mote's operations, and as runs of the task on motes in the run's profile.
  EXPECT_EQ(host_.stats().operations.at(1), 6u);
  EXPECT_EQ(host_.stats().operations.at(2), 3u);
  EXPECT_EQ(host_.stats().profile->functions.at(kSample).runs, 3u);
}

TEST_F(MoteTasks, ARunAskedForAgainRunsOnceAndGetsTheSameAnswer) {
  runTask(7, 1, kSample, 60'000);
  const Bytes first = answer_;
  runTask(7, 1, kSample, 60'000);
  EXPECT_EQ(answer_, first);
  EXPECT_EQ(lastMeter->sum, 10) << "the resent RUN_TASK did not run again";
  EXPECT_EQ(host_.stats().duplicateRequests, 1u);
  runTask(8, 1, kSample, 120'000);
  EXPECT_EQ(lastMeter->sum, 30);
  EXPECT_EQ(host_.stats().rejected.total(), 0u) << "a resend is no replay";
}

// Recorded and sent again, a RUN_TASK runs nothing (docs/threat-model.md): one older than the last
// the mote took, or of a generation before its restart.
TEST_F(MoteTasks, AReplayedRunTaskRunsNothingAndIsCounted) {
  runTask(7, 1, kSample, 60'000);
  runTask(8, 1, kSample, 120'000);
  EXPECT_EQ(lastMeter->sum, 30);
  EXPECT_FALSE(ask(7, 1, kSample, 60'000)) << "older than the last: dropped, no answer";
  EXPECT_FALSE(ask(8, 1, kSample, 60'000)) << "the last seq with another time is no resend";
  EXPECT_EQ(lastMeter->sum, 30);
  EXPECT_EQ(host_.stats().rejected.replayed, 2u);
  EXPECT_EQ(window(1).last, 8u) << "the window says where the base goes on";

  // After a restart the mote has drawn a new generation: what the base sent before is stale. The
  // RUN_TASK is answered with the new window, bound to it, and runs nothing.
  const std::uint64_t before = generation(1);
  host_.restart(1);
  const std::optional<wire::Control> answer = ask(9, 1, kSample, 180'000);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->kind, wire::ControlKind::generation);
  EXPECT_EQ(answer->seq, 9u);
  EXPECT_NE(answer->generation, before);
  EXPECT_EQ(answer->last, 0u);
  EXPECT_EQ(host_.stats().rejected.replayed, 3u);
  generations_[1] = answer->generation;
  EXPECT_EQ(runTask(9, 1, kSample, 180'000).error, 0u) << "in the new window it runs";
  EXPECT_EQ(lastMeter->sum, 10) << "on the restarted mote's new instance";
}

// Each mote has a window of its own; a later base run goes on above the mote's last.
TEST_F(MoteTasks, EachMoteHasItsOwnWindow) {
  EXPECT_NE(generation(1), generation(2));
  runTask(100, 1, kSample, 60'000);
  EXPECT_EQ(window(2).last, 0u);
  runTask(5, 2, kSample, 60'000);
  EXPECT_EQ(window(1).last, 100u);
  EXPECT_EQ(window(2).last, 5u);
  EXPECT_FALSE(ask(100, 1, kMissing, 60'000)) << "seq 100 with another task is no resend";
  EXPECT_TRUE(ask(101, 1, kSample, 120'000));
  EXPECT_EQ(host_.stats().operations.at(1), 6u);
}

TEST_F(MoteTasks, FailuresAreInTheAnswer) {
  wire::Control done = runTask(1, 1, kBroken, 1);
  EXPECT_EQ(done.error, static_cast<std::uint32_t>(wire::ErrorCode::BAD_VALUE));
  EXPECT_EQ(done.message, "the meter's sensor is broken");
  done = runTask(2, 1, kMissing, 1);
  EXPECT_EQ(done.error, static_cast<std::uint32_t>(wire::ErrorCode::UNKNOWN_FUNCTION));
  const Bytes unhosted = send(message(wire::ControlKind::runTask, 3, 5, kSample, 1));
  ASSERT_EQ(wire::decodeControl(unhosted, done), wire::Status::ok);
  EXPECT_EQ(done.error, static_cast<std::uint32_t>(wire::ErrorCode::FAULT));
  EXPECT_EQ(done.message, "mote 5 is not hosted here, so it cannot run its periodic tasks");
  EXPECT_TRUE(send(message(wire::ControlKind::generationRequest, 4, 5, 0, 0)).empty()) << "mote 5 has no window";
}

TEST_F(MoteTasks, TheClockSetsNowAndOtherMessagesAreMalformed) {
  EXPECT_EQ(host_.now().count(), 0);
  EXPECT_TRUE(send(message(wire::ControlKind::clock, 1, 1, 0, 90'000, generation(1))).empty());
  EXPECT_EQ(host_.now().count(), 90'000);
  // Stale: an older seq, another generation. Neither moves the clock back.
  EXPECT_TRUE(send(message(wire::ControlKind::clock, 1, 1, 0, 30'000, generation(1))).empty());
  EXPECT_TRUE(send(message(wire::ControlKind::clock, 2, 1, 0, 30'000, generation(1) + 1)).empty());
  EXPECT_EQ(host_.now().count(), 90'000);
  EXPECT_EQ(host_.stats().rejected.replayed, 2u);
  EXPECT_TRUE(send(message(wire::ControlKind::taskDone, 1, 1, kSample, 0)).empty());
  EXPECT_TRUE(send(message(wire::ControlKind::generation, 1, 1, 0, 0)).empty());
  EXPECT_TRUE(send(message(wire::ControlKind::clock, 1, 5, 0, 30'000)).empty()) << "mote 5 is not hosted here";
  const std::span<const std::uint8_t> garbage = host_.control(test::hex("12 01 00 01"));
  EXPECT_TRUE(garbage.empty());
  EXPECT_EQ(host_.stats().malformedFrames, 4u);
}

// ---- RUN_TASKS: the runs of one time in one message (control.hpp) ----

// A RUN_TASKS of `runs` at `time`, each in its mote's generation; its TASKS_DONE, decoded.
struct Batch {
  std::uint64_t seq;
  std::uint64_t time;
  std::vector<std::tuple<NodeId, FunctionId, std::uint64_t>> runs;  // mote, task, seq
  std::uint64_t after = 0;
};

class MoteBatches : public MoteTasks {
 protected:
  Bytes batch(const Batch& b, std::optional<std::uint64_t> staleGenerationOf = std::nullopt) {
    std::vector<wire::BatchedRun> runs;
    for (const auto& [mote, task, seq] : b.runs) {
      const std::uint64_t window = mote == kUnhosted ? 0 : generation(mote) + (staleGenerationOf == mote);
      runs.push_back({mote, task, window, seq});
    }
    const Bytes message = encoded([&](wire::Writer& w) { wire::encodeTaskBatch(w, {b.seq, b.time, b.after}, runs); });
    const std::span<const std::uint8_t> answer = host_.control(message);
    return Bytes(answer.begin(), answer.end());
  }
  // Decoded; its message points into the answer, kept until the next.
  wire::TasksDone done(Bytes bytes) {
    answer_ = std::move(bytes);
    wire::TasksDone answer;
    EXPECT_EQ(wire::decodeTasksDone(answer_, answer), wire::Status::ok);
    return answer;
  }
  static constexpr NodeId kUnhosted = 5;
};

TEST_F(MoteBatches, ItsRunsRunInOrderEachAsARunTaskAndItIsAnsweredOnce) {
  const Bytes answer = batch({70, 60'000, {{1, kSample, 7}, {2, kSample, 8}, {1, kSample, 9}}});
  const wire::TasksDone all = done(answer);
  EXPECT_EQ(all.seq, 70u);
  EXPECT_EQ(all.ran, 3u);
  EXPECT_EQ(all.error, 0u);
  EXPECT_EQ(lastMeter->sum, 30) << "mote 1 ran last, twice: 10 then 20";
  EXPECT_EQ(lastMeter->times, (std::vector<long long>{60'000, 60'000}));
  EXPECT_EQ(host_.stats().operations.at(1), 6u);
  EXPECT_EQ(host_.stats().operations.at(2), 3u);
  EXPECT_EQ(window(1).last, 9u) << "each run took its seq in its mote's window";
  EXPECT_EQ(window(2).last, 8u);
  EXPECT_EQ(batch({70, 60'000, {{1, kSample, 7}, {2, kSample, 8}, {1, kSample, 9}}}), answer)
      << "a resend gets the same answer";
  EXPECT_EQ(lastMeter->sum, 30) << "and runs nothing";
  EXPECT_EQ(host_.stats().duplicateRequests, 1u);
  // Recorded and sent again under another number, it runs nothing either: its runs are stale.
  const wire::TasksDone replayed = done(batch({71, 60'000, {{1, kSample, 7}}}));
  EXPECT_EQ(replayed.ran, 0u);
  EXPECT_EQ(replayed.error, 0u);
  EXPECT_EQ(replayed.generation, generation(1));
  EXPECT_EQ(replayed.last, 9u);
  EXPECT_EQ(host_.stats().rejected.replayed, 1u);
}

TEST_F(MoteBatches, ItStopsAtARunThatFailsOrIsNotFresh) {
  const wire::TasksDone failed = done(batch({1, 60'000, {{2, kSample, 5}, {1, kBroken, 6}, {1, kSample, 7}}}));
  EXPECT_EQ(failed.ran, 1u);
  EXPECT_EQ(failed.error, static_cast<std::uint32_t>(wire::ErrorCode::BAD_VALUE));
  EXPECT_EQ(failed.message, "the meter's sensor is broken");
  EXPECT_EQ(window(1).last, 6u) << "the run after the failed one was not taken";
  const wire::TasksDone stale = done(batch({2, 120'000, {{1, kSample, 8}, {2, kSample, 9}}}, 2));
  EXPECT_EQ(stale.ran, 1u);
  EXPECT_EQ(stale.error, 0u);
  EXPECT_EQ(stale.generation, generation(2));
  EXPECT_EQ(stale.last, 5u);
  const wire::TasksDone unhosted = done(batch({3, 120'000, {{kUnhosted, kSample, 10}}}));
  EXPECT_EQ(unhosted.ran, 0u);
  EXPECT_EQ(unhosted.error, static_cast<std::uint32_t>(wire::ErrorCode::FAULT));
  EXPECT_EQ(unhosted.message, "mote 5 is not hosted here, so it cannot run its periodic tasks");
}

// A batch that continues another (control.hpp) runs only if that one ran to its end.
TEST_F(MoteBatches, ABatchThatContinuesOneThatStoppedRunsNothing) {
  const wire::TasksDone failed = done(batch({1, 60'000, {{1, kBroken, 5}}}));
  EXPECT_EQ(failed.ran, 0u);
  EXPECT_NE(failed.error, 0u);
  const wire::TasksDone skipped = done(batch({2, 60'000, {{2, kSample, 6}}, 1}));
  EXPECT_EQ(skipped.seq, 2u);
  EXPECT_EQ(skipped.ran, 0u);
  EXPECT_EQ(skipped.error, 0u);
  EXPECT_EQ(skipped.generation, 0u);
  EXPECT_EQ(window(2).last, 0u) << "its run was not taken";
  EXPECT_EQ(done(batch({3, 60'000, {{2, kSample, 7}}, 2})).ran, 0u) << "nor of one that continues that one";
  EXPECT_EQ(done(batch({4, 60'000, {{2, kSample, 8}}, 99})).ran, 0u) << "nor of one that continues another";
  EXPECT_EQ(window(2).last, 0u);
  // Sent again without `after`, the runs run; one that continues a batch that ran all runs too.
  EXPECT_EQ(done(batch({5, 60'000, {{2, kSample, 9}}})).ran, 1u);
  EXPECT_EQ(done(batch({6, 60'000, {{2, kSample, 10}, {1, kSample, 11}}, 5})).ran, 2u);
  EXPECT_EQ(window(2).last, 10u);
  EXPECT_EQ(window(1).last, 11u);
}

TEST_F(MoteBatches, AMalformedBatchRunsNothing) {
  const std::vector<wire::BatchedRun> runs{{1, kSample, generation(1), 7}, {1, kSample, generation(1), 8}};
  Bytes truncated = encoded([&](wire::Writer& w) { wire::encodeTaskBatch(w, {1, 60'000, 0}, runs); });
  truncated.pop_back();
  EXPECT_TRUE(host_.control(truncated).empty());
  EXPECT_EQ(host_.stats().malformedFrames, 1u);
  EXPECT_EQ(window(1).last, 0u);
}

}  // namespace mote_tasks_test_cpp
}  // namespace
}  // namespace edgecut::mote
