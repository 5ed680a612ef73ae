// The mote host's part of network time (docs/design.md §9): CLOCK sets edgecut::now() for mote
// code; RUN_TASK runs a periodic task as its mote, once per run, and is answered by TASK_DONE.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "edgecut/runtime/mote_host.hpp"
#include "glue_network.hpp"
#include "test_bytes.hpp"

namespace edgecut::mote {
namespace {

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

wire::Control message(wire::ControlKind kind, std::uint32_t seq, NodeId mote, FunctionId task, std::uint64_t time) {
  wire::Control control;
  control.kind = kind;
  control.seq = seq;
  control.mote = mote;
  control.task = task;
  control.timeMs = time;
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
  wire::Control runTask(std::uint32_t seq, NodeId mote, FunctionId task, std::uint64_t time) {
    answer_ = send(message(wire::ControlKind::runTask, seq, mote, task, time));
    wire::Control done;
    EXPECT_EQ(wire::decodeControl(answer_, done), wire::Status::ok);
    EXPECT_EQ(done.kind, wire::ControlKind::taskDone);
    EXPECT_EQ(done.seq, seq);
    EXPECT_EQ(done.mote, mote);
    EXPECT_EQ(done.task, task);
    return done;
  }

  MoteHost host_{kProgram, &dispatch};
  Bytes answer_;
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
  runTask(8, 1, kSample, 120'000);
  EXPECT_EQ(lastMeter->sum, 30);
}

TEST_F(MoteTasks, FailuresAreInTheAnswer) {
  wire::Control done = runTask(1, 1, kBroken, 1);
  EXPECT_EQ(done.error, static_cast<std::uint32_t>(wire::ErrorCode::BAD_VALUE));
  EXPECT_EQ(done.message, "the meter's sensor is broken");
  done = runTask(2, 1, kMissing, 1);
  EXPECT_EQ(done.error, static_cast<std::uint32_t>(wire::ErrorCode::UNKNOWN_FUNCTION));
  done = runTask(3, 5, kSample, 1);
  EXPECT_EQ(done.error, static_cast<std::uint32_t>(wire::ErrorCode::FAULT));
  EXPECT_EQ(done.message, "mote 5 is not hosted here, so it cannot run its periodic tasks");
}

TEST_F(MoteTasks, TheClockSetsNowAndOtherMessagesAreMalformed) {
  EXPECT_EQ(host_.now().count(), 0);
  EXPECT_TRUE(send(message(wire::ControlKind::clock, 0, 1, 0, 90'000)).empty());
  EXPECT_EQ(host_.now().count(), 90'000);
  EXPECT_TRUE(send(message(wire::ControlKind::taskDone, 1, 1, kSample, 0)).empty());
  const std::span<const std::uint8_t> garbage = host_.control(test::hex("12 01 00 01"));
  EXPECT_TRUE(garbage.empty());
  EXPECT_EQ(host_.stats().malformedFrames, 2u);
}

}  // namespace
}  // namespace edgecut::mote
