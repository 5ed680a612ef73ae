// The sim transport's records over a real socketpair, and the host's stats as JSON.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "edgecut/runtime/sim/host_stats.hpp"
#include "transport/sim/record_channel.hpp"

namespace edgecut::sim {
namespace {
namespace link_test_cpp {

using Outcome = RecordChannel::Outcome;
using Clock = RecordChannel::Clock;

struct Pair {
  Pair() {
    int fds[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    a = std::make_unique<RecordChannel>(fds[0]);
    rawB = fds[1];
    b = std::make_unique<RecordChannel>(fds[1]);
  }
  std::unique_ptr<RecordChannel> a;
  std::unique_ptr<RecordChannel> b;
  int rawB;
};

Clock::time_point soon() { return Clock::now() + std::chrono::milliseconds(200); }

TEST(Link, CarriesRecordsInOrder) {
  Pair link;
  const std::vector<std::uint8_t> frame{0x12, 7, 0, 3, 1};
  ASSERT_TRUE(link.a->send(RecordKind::frame, frame));
  ASSERT_TRUE(link.a->send(RecordKind::shutdown, {}));
  Record record;
  // Queued until the sender flushes (or waits: ItsQueuedRecordsGoOutWhenTheSenderWaits).
  EXPECT_EQ(link.b->receive(record, Clock::now()), Outcome::timeout);
  ASSERT_TRUE(link.a->flush());
  ASSERT_EQ(link.b->receive(record, soon()), Outcome::record);
  EXPECT_EQ(record.kind, static_cast<std::uint8_t>(RecordKind::frame));
  EXPECT_EQ(record.payload, frame);
  ASSERT_EQ(link.b->receive(record, soon()), Outcome::record);
  EXPECT_EQ(record.kind, static_cast<std::uint8_t>(RecordKind::shutdown));
  EXPECT_TRUE(record.payload.empty());
}

TEST(Link, ItsQueuedRecordsGoOutWhenTheSenderWaits) {
  Pair link;
  ASSERT_TRUE(link.a->send(RecordKind::control, std::vector<std::uint8_t>{1, 2, 3}));
  Record record;
  EXPECT_EQ(link.a->receive(record, Clock::now()), Outcome::timeout);  // flushed, then nothing came
  ASSERT_EQ(link.b->receive(record, soon()), Outcome::record);
  EXPECT_EQ(record.payload, (std::vector<std::uint8_t>{1, 2, 3}));
}

TEST(Link, TwoSidesWritingMuchAtOnceDoNotWaitForEachOther) {
  // Each side queues far more than a socket buffer holds before reading anything: a blocking
  // write on both would wait forever; the channel reads while its write cannot go on.
  Pair link;
  const std::vector<std::uint8_t> payload(1000, 0x5a);
  constexpr int kRecords = 4000;  // 4 MB each way
  std::thread other([&] {
    for (int i = 0; i < kRecords; ++i) ASSERT_TRUE(link.b->send(RecordKind::frame, payload));
    ASSERT_TRUE(link.b->flush());
    Record record;
    for (int i = 0; i < kRecords; ++i)
      ASSERT_EQ(link.b->receive(record, Clock::now() + std::chrono::seconds(20)), Outcome::record);
  });
  for (int i = 0; i < kRecords; ++i) ASSERT_TRUE(link.a->send(RecordKind::frame, payload));
  ASSERT_TRUE(link.a->flush());
  Record record;
  for (int i = 0; i < kRecords; ++i) {
    ASSERT_EQ(link.a->receive(record, Clock::now() + std::chrono::seconds(20)), Outcome::record);
    ASSERT_EQ(record.payload, payload);
  }
  other.join();
}

TEST(Link, WhatArrivesWhileItsFlushWaitsIsReceivedWithoutWaitingForMore) {
  // A's flush cannot go on until B reads, and meanwhile takes in B's record; B then reads all
  // and sends nothing more, waiting (as a mote host does) for an answer. A must return B's
  // record at once rather than wait for more until its deadline.
  int fds[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
  const int small = 4096;  // A's socket takes a few kB at a time: its flush has to wait
  ASSERT_EQ(::setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small), 0);
  RecordChannel a(fds[0]);
  RecordChannel b(fds[1]);
  const std::vector<std::uint8_t> question{7, 7, 7};
  ASSERT_TRUE(b.send(RecordKind::control, question));
  ASSERT_TRUE(b.flush());
  const std::vector<std::uint8_t> payload(1000, 0x5a);
  constexpr int kRecords = 60;  // 60 kB, below the size that makes send() flush by itself
  for (int i = 0; i < kRecords; ++i) ASSERT_TRUE(a.send(RecordKind::frame, payload));
  std::thread other([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // A's flush waits meanwhile
    Record record;
    for (int i = 0; i < kRecords; ++i)
      ASSERT_EQ(b.receive(record, Clock::now() + std::chrono::seconds(20)), Outcome::record);
  });
  Record record;
  const auto start = Clock::now();
  EXPECT_EQ(a.receive(record, Clock::now() + std::chrono::seconds(3)), Outcome::record);
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(2));
  EXPECT_EQ(record.payload, question);
  other.join();
}

TEST(Link, ReassemblesRecordsSplitAcrossWrites) {
  Pair link;
  // length 3 (kind + 2 bytes), kind 1, payload ab — written one byte at a time.
  const std::uint8_t bytes[] = {3, 0, 0, 0, 1, 'a', 'b'};
  int writer = -1;
  {
    int fds[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    link.b = std::make_unique<RecordChannel>(fds[0]);
    writer = fds[1];
  }
  for (std::uint8_t byte : bytes) ASSERT_EQ(::write(writer, &byte, 1), 1);
  Record record;
  ASSERT_EQ(link.b->receive(record, soon()), Outcome::record);
  EXPECT_EQ(record.payload, (std::vector<std::uint8_t>{'a', 'b'}));
  ::close(writer);
}

TEST(Link, TimesOutInsteadOfHanging) {
  Pair link;
  Record record;
  const auto start = Clock::now();
  EXPECT_EQ(link.b->receive(record, Clock::now() + std::chrono::milliseconds(50)), Outcome::timeout);
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(50));
}

TEST(Link, ReportsAClosedPeer) {
  Pair link;
  link.a.reset();
  Record record;
  EXPECT_EQ(link.b->receive(record, soon()), Outcome::closed);
}

TEST(Link, ReportsACorruptStream) {
  int fds[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
  RecordChannel channel(fds[0]);
  const std::uint8_t impossible[] = {0xff, 0xff, 0xff, 0xff, 1};
  ASSERT_EQ(::write(fds[1], impossible, sizeof impossible), 5);
  Record record;
  EXPECT_EQ(channel.receive(record, soon()), Outcome::broken);
  ::close(fds[1]);
}

TEST(Link, HostStatsRoundTripThroughJson) {
  HostStats stats;
  stats.malformedFrames = 3;
  stats.actuatorWrites = {{1, "valve", 1}, {4, "label", "probe-4"}};
  stats.operations = {{1, 0}, {4, 12'345'678'901ull}};
  const HostStats back = hostStatsFromJson(toJson(stats));
  EXPECT_EQ(back.operations, stats.operations) << "counts beyond 32 bits survive too";
  EXPECT_EQ(back.malformedFrames, 3u);
  ASSERT_EQ(back.actuatorWrites.size(), 2u);
  EXPECT_EQ(back.actuatorWrites[1].node, 4u);
  EXPECT_EQ(back.actuatorWrites[1].actuator, "label");
  EXPECT_EQ(back.actuatorWrites[1].value, "probe-4");
  EXPECT_THROW(hostStatsFromJson(nlohmann::json::object()), std::runtime_error);
  // Numbers that are no counts or ids of theirs (test/fuzz/control_fuzzer.cpp found the float).
  for (const char* node : {"3.5e59", "-1", "4294967296", "1.0"}) {
    const auto json = nlohmann::json::parse(fmt::format(
        R"({{"malformed_frames": 0, "actuator_writes": [{{"node": {}, "actuator": "valve", "value": 1}}],
            "operations": []}})",
        node));
    EXPECT_THROW(hostStatsFromJson(json), std::runtime_error) << node;
  }
}

TEST(Link, TheProfileRoundTripsThroughJsonAndIsOptional) {
  HostStats stats;
  stats.profile.emplace();
  stats.profile->functions[7] = {.runs = 2, .operations = 30};
  stats.profile->calls[{7, CalleeKind::sensor, 0xf3073b6fu}] = {.calls = 16, .overRadio = 4,
                                                                 .integersToCallee = 0, .integersToCaller = 4};
  const HostStats back = hostStatsFromJson(toJson(stats));
  ASSERT_TRUE(back.profile);
  EXPECT_EQ(back.profile->functions.at(7).runs, 2u);
  EXPECT_EQ(back.profile->functions.at(7).operations, 30u);
  const CallCounts& reads = back.profile->calls.at({7, CalleeKind::sensor, 0xf3073b6fu});
  EXPECT_EQ(reads.calls, 16u);
  EXPECT_EQ(reads.overRadio, 4u);
  EXPECT_EQ(reads.integersToCaller, 4u);
  EXPECT_FALSE(hostStatsFromJson(toJson(HostStats{})).profile) << "a transport that does not carry it";
}

// Program strings need not be UTF-8; the trace must still be reported (it used to throw from dump()).
TEST(Link, StatsPayloadReplacesInvalidUtf8) {
  HostStats stats;
  stats.actuatorWrites = {{2, "label", std::string("a\xff")}};
  std::string payload;
  ASSERT_NO_THROW(payload = statsPayload(stats));
  const HostStats back = hostStatsFromJson(nlohmann::json::parse(payload));
  ASSERT_EQ(back.actuatorWrites.size(), 1u);
  EXPECT_EQ(back.actuatorWrites[0].value, "a\xef\xbf\xbd");
}

}  // namespace link_test_cpp
}  // namespace
}  // namespace edgecut::sim
