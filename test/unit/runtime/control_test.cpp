// Control messages (control.hpp): what the base's runtime and the motes' side say beside the frames
// for network time (docs/design.md §9), and what a decoder refuses.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "edgecut/runtime/control.hpp"
#include "test_bytes.hpp"

namespace edgecut::wire {
namespace {
namespace control_test_cpp {

using test::Bytes;
using test::encoded;
using test::hex;

Bytes encode(const Control& control) {
  return encoded([&](Writer& out) { encodeControl(out, control); });
}

TEST(Control, EveryKindRoundTrips) {
  Control runTask;
  runTask.kind = ControlKind::runTask;
  runTask.seq = 0x180000005ull;
  runTask.mote = 7;
  runTask.task = 0xd17f9dbbu;
  runTask.timeMs = 3'600'000;
  runTask.generation = 0xfedcba9876543210ull;
  Control done = runTask;
  done.kind = ControlKind::taskDone;
  done.timeMs = 0;
  done.error = 12;
  done.message = "the base did not answer";
  Control clock;
  clock.kind = ControlKind::clock;
  clock.mote = 2;
  clock.timeMs = 60'000;
  clock.generation = 1;
  Control ask;
  ask.kind = ControlKind::generationRequest;
  ask.seq = ~0ull;
  ask.mote = 0xffffffffu;
  Control window = ask;
  window.kind = ControlKind::generation;
  window.generation = ~0ull;
  window.last = ~0ull - 1;
  for (const Control& sent : {runTask, done, clock, ask, window}) {
    const Bytes bytes = encode(sent);
    ASSERT_FALSE(bytes.empty());
    EXPECT_LE(bytes.size(), kMaxControlBytes);
    Control got;
    ASSERT_EQ(decodeControl(bytes, got), Status::ok);
    EXPECT_EQ(got.kind, sent.kind);
    EXPECT_EQ(got.seq, sent.seq);
    EXPECT_EQ(got.mote, sent.mote);
    EXPECT_EQ(got.task, sent.task);
    EXPECT_EQ(got.timeMs, sent.timeMs);
    EXPECT_EQ(got.generation, sent.generation);
    EXPECT_EQ(got.last, sent.last);
    EXPECT_EQ(got.error, sent.error);
    EXPECT_EQ(got.message, sent.message);
  }
}

TEST(Control, TheBytes) {
  Control clock;
  clock.kind = ControlKind::clock;
  clock.mote = 1;
  clock.timeMs = 60'000;
  clock.seq = 9;
  clock.generation = 0x1234;
  // [1, 9, 1, 0, 60000, 0x1234, 0, 0, ""]
  EXPECT_EQ(encode(clock), hex("89 01 09 01 00 19ea60 191234 00 00 60"));
}

TEST(Control, EveryNumberAtItsLongestLeavesRoomForTheMessage) {
  Control done;
  done.kind = ControlKind::taskDone;
  done.seq = done.timeMs = done.generation = done.last = ~0ull;
  done.mote = done.task = done.error = 0xffffffffu;
  const std::string message(300, 'x');
  done.message = message;
  const Bytes bytes = encode(done);
  ASSERT_FALSE(bytes.empty()) << "it fits";
  EXPECT_LE(bytes.size(), kMaxControlBytes);
  Control got;
  ASSERT_EQ(decodeControl(bytes, got), Status::ok);
  EXPECT_EQ(got.message.size(), 200u);
}

TEST(Control, ALongMessageIsCutOnACharacterBoundary) {
  Control done;
  done.kind = ControlKind::taskDone;
  const std::string message = std::string(199, 'x') + "\xc3\xa9" + std::string(100, 'y');  // é across byte 200
  done.message = message;
  const Bytes bytes = encode(done);
  EXPECT_LE(bytes.size(), kMaxControlBytes);
  Control got;
  ASSERT_EQ(decodeControl(bytes, got), Status::ok);
  EXPECT_EQ(got.message, std::string(199, 'x'));
}

TEST(Control, WhatIsNoControlMessage) {
  Control got;
  EXPECT_EQ(decodeControl({}, got), Status::truncated);
  EXPECT_EQ(decodeControl(hex("88 01 00 01 00 00 00 00 00"), got), Status::wrong_length);
  EXPECT_EQ(decodeControl(hex("89 06 00 01 00 00 00 00 00 60"), got), Status::out_of_range) << "kind 6";
  EXPECT_EQ(decodeControl(hex("89 00 00 01 00 00 00 00 00 60"), got), Status::out_of_range) << "kind 0";
  EXPECT_EQ(decodeControl(hex("89 01 00 1b0000000100000000 00 00 00 00 00 60"), got), Status::out_of_range)
      << "mote > 2^32";
  EXPECT_EQ(decodeControl(hex("89 01 00 01 00 00 00 00 00 60 00"), got), Status::trailing_bytes);
  EXPECT_EQ(decodeControl(hex("89 01 00 01 00 00 00 00 00 01"), got), Status::wrong_type);
  // A frame is no control message: READ from the base to mote 1.
  EXPECT_NE(decodeControl(hex("12 01 00 01 1a00001001"), got), Status::ok);
}

TEST(Control, ABatchOfRunsAndItsAnswerRoundTrip) {
  const std::vector<BatchedRun> runs{{1, 0xd17f9dbbu, ~0ull, 5}, {0xffffffffu, 2, 0x1234, ~0ull}};
  const Bytes bytes = encoded([&](Writer& out) { encodeTaskBatch(out, {77, 3'600'000, 76}, runs); });
  EXPECT_LE(bytes.size(), taskBatchBytes(runs.size()));
  ControlKind kind{};
  ASSERT_EQ(controlKindOf(bytes, kind), Status::ok);
  EXPECT_EQ(kind, ControlKind::runTasks);
  Control single;
  EXPECT_NE(decodeControl(bytes, single), Status::ok) << "a batch is no single control message";
  TaskBatch batch;
  ASSERT_EQ(batch.decode(bytes), Status::ok);
  EXPECT_EQ(batch.seq(), 77u);
  EXPECT_EQ(batch.timeMs(), 3'600'000u);
  EXPECT_EQ(batch.after(), 76u);
  ASSERT_EQ(batch.count(), 2u);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const BatchedRun& got = batch.runs()[i];
    EXPECT_EQ(got.mote, runs[i].mote);
    EXPECT_EQ(got.task, runs[i].task);
    EXPECT_EQ(got.generation, runs[i].generation);
    EXPECT_EQ(got.seq, runs[i].seq);
  }
  // [6, 1, 60000, 0, h'...']: each run 24 bytes, little-endian, whatever the machine's byte order.
  EXPECT_EQ(encoded([](Writer& out) {
              const BatchedRun run{0x02, 0x03040506, 0x0708090a0b0c0d0e, 0x0f};
              encodeTaskBatch(out, {1, 60'000, 0}, std::span(&run, 1));
            }),
            hex("85 06 01 19ea60 00 5818 02000000 06050403 0e0d0c0b0a090807 0f00000000000000"));
  EXPECT_EQ(encoded([](Writer& out) { encodeTaskBatch(out, {1, 60'000, 9}, {}); }), hex("85 06 01 19ea60 09 40"));
  TaskBatch empty;
  ASSERT_EQ(empty.decode(hex("85 06 01 19ea60 09 40")), Status::ok);
  EXPECT_EQ(empty.after(), 9u);
  EXPECT_EQ(empty.count(), 0u);

  TasksDone done{.seq = 77, .ran = 1, .error = 12, .message = "the meter failed", .generation = 3, .last = 4};
  const Bytes answer = encoded([&](Writer& out) { encodeTasksDone(out, done); });
  EXPECT_LE(answer.size(), kMaxControlBytes);
  ASSERT_EQ(controlKindOf(answer, kind), Status::ok);
  EXPECT_EQ(kind, ControlKind::tasksDone);
  TasksDone got;
  ASSERT_EQ(decodeTasksDone(answer, got), Status::ok);
  EXPECT_EQ(got.seq, 77u);
  EXPECT_EQ(got.ran, 1u);
  EXPECT_EQ(got.error, 12u);
  EXPECT_EQ(got.message, "the meter failed");
  EXPECT_EQ(got.generation, 3u);
  EXPECT_EQ(got.last, 4u);
}

TEST(Control, WhatIsNoBatch) {
  const BatchedRun run{2, 3, 4, 5};
  const Bytes good = encoded([&](Writer& out) { encodeTaskBatch(out, {1, 60'000, 0}, std::span(&run, 1)); });
  TaskBatch batch;
  ASSERT_EQ(batch.decode(good), Status::ok);
  for (std::size_t size = 0; size < good.size(); ++size) {
    EXPECT_NE(batch.decode(std::span(good).first(size)), Status::ok) << "cut at " << size;
    EXPECT_EQ(batch.count(), 0u) << "no runs from a malformed batch";
  }
  const std::string record = "02000000 03000000 0400000000000000 0500000000000000";
  EXPECT_EQ(batch.decode(hex("85 06 01 19ea60 00 5819 " + record + " 00")), Status::wrong_length) << "a byte too many";
  EXPECT_EQ(batch.decode(hex("85 06 01 19ea60 00 5817 " + record.substr(0, record.size() - 2))), Status::wrong_length)
      << "a byte too few";
  EXPECT_EQ(batch.decode(hex("85 06 01 19ea60 00 81 84 02 03 04 05")), Status::wrong_type) << "runs as CBOR arrays";
  EXPECT_EQ(batch.decode(hex("85 07 01 19ea60 00 40")), Status::out_of_range) << "another kind";
  EXPECT_EQ(batch.decode(hex("85 06 01 19ea60 00 40 00")), Status::trailing_bytes);
  EXPECT_EQ(batch.decode(hex("84 06 01 19ea60 40")), Status::wrong_length) << "no after";
  ControlKind kind{};
  EXPECT_EQ(controlKindOf(hex("82 08 00"), kind), Status::out_of_range);
  TasksDone done;
  EXPECT_NE(decodeTasksDone(good, done), Status::ok);
}

}  // namespace control_test_cpp
}  // namespace
}  // namespace edgecut::wire
