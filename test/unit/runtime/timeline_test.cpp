// A run over network time (sim/timeline.hpp): buckets of (i·w, (i+1)·w], pairs merged when a time
// needs more buckets than the bound, exact counts worked out by hand; and the mote host's
// operations over time carried in its stats.
#include <gtest/gtest.h>

#include "edgecut/runtime/sim/host_stats.hpp"
#include "edgecut/runtime/sim/timeline.hpp"

namespace edgecut::sim {
namespace {
namespace timeline_test_cpp {

constexpr std::uint64_t kMinute = 60'000;

std::vector<std::uint64_t> messages(const Timeline& timeline) {
  std::vector<std::uint64_t> counts;
  for (const Interval& bucket : timeline.buckets()) counts.push_back(bucket.messages);
  return counts;
}

TEST(Timeline, ABucketHoldsTheTimesAfterItsStartUpToItsEnd) {
  Timeline timeline;
  for (std::uint64_t time : {0u, 1u, 60'000u, 60'001u, 120'000u, 240'000u}) timeline.at(time).messages += 1;
  // (0, 1 min] with 0: 0, 1 ms, 1 min; (1, 2 min]: 1 min 1 ms, 2 min; (2, 3 min]: nothing; (3, 4 min]: 4 min.
  EXPECT_EQ(messages(timeline), (std::vector<std::uint64_t>{3, 2, 0, 1}));
  EXPECT_EQ(timeline.widthMs(), kMinute);
  // A task every minute for an hour runs once in each of 60 buckets.
  Timeline hour;
  for (std::uint64_t run = 1; run <= 60; ++run) hour.at(run * kMinute).messages += 2;
  EXPECT_EQ(messages(hour), std::vector<std::uint64_t>(60, 2));
  hour.cover(60 * kMinute);
  EXPECT_EQ(hour.buckets().size(), 60u) << "the run's end is in the last bucket";
  hour.cover(60 * kMinute + 1);
  EXPECT_EQ(hour.buckets().size(), 61u);
}

TEST(Timeline, PairsMergeWhenATimeNeedsMoreBucketsThanTheBound) {
  Timeline timeline(4);
  for (std::uint64_t minute = 1; minute <= 4; ++minute) timeline.at(minute * kMinute).messages += minute;
  EXPECT_EQ(messages(timeline), (std::vector<std::uint64_t>{1, 2, 3, 4}));
  // Minute 5 would be a fifth bucket: (0,2], (2,4] and then (4,6] minutes.
  timeline.at(5 * kMinute).messages += 5;
  EXPECT_EQ(timeline.widthMs(), 2 * kMinute);
  EXPECT_EQ(messages(timeline), (std::vector<std::uint64_t>{3, 7, 5}));
  // Minute 17 needs (16, 20] at 4 minutes, the fifth: 8 minutes wide, (16, 24] is the third.
  timeline.at(17 * kMinute).transmit += 0.5;
  EXPECT_EQ(timeline.widthMs(), 8 * kMinute);
  EXPECT_EQ(messages(timeline), (std::vector<std::uint64_t>{15, 0, 0}));
  EXPECT_EQ(timeline.buckets()[2].transmit, 0.5);
  // Time 0 stays in the first bucket whatever the width.
  timeline.at(0).messages += 1;
  EXPECT_EQ(timeline.buckets()[0].messages, 16u);
}

TEST(Timeline, ADayAtTheDefaultBoundIs720BucketsOfTwoMinutes) {
  Timeline day;
  for (std::uint64_t minute = 1; minute <= 24 * 60; ++minute) day.at(minute * kMinute).operations += 3;
  EXPECT_EQ(day.widthMs(), 2 * kMinute);
  EXPECT_EQ(day.buckets().size(), 720u);
  for (const Interval& bucket : day.buckets()) EXPECT_EQ(bucket.operations, 6u);
}

TEST(Timeline, MergingTakesTheWiderWidthAndAddsEveryFigure) {
  Timeline traffic(4);  // 2 minutes wide after minute 5
  for (std::uint64_t minute = 1; minute <= 5; ++minute) {
    Interval& bucket = traffic.at(minute * kMinute);
    bucket.messages += 1;
    bucket.bytes += 10;
    bucket.transmit += 2.5;
  }
  Timeline operations;  // 1 minute wide
  operations.at(kMinute).operations += 7;
  operations.at(3 * kMinute).operations += 11;
  traffic.merge(operations);
  EXPECT_EQ(traffic.widthMs(), 2 * kMinute);
  ASSERT_EQ(traffic.buckets().size(), 3u);
  EXPECT_EQ(traffic.buckets()[0], (Interval{.messages = 2, .bytes = 20, .transmit = 5.0, .operations = 7}));
  EXPECT_EQ(traffic.buckets()[1], (Interval{.messages = 2, .bytes = 20, .transmit = 5.0, .operations = 11}));
  EXPECT_EQ(traffic.buckets()[2], (Interval{.messages = 1, .bytes = 10, .transmit = 2.5}));
  // The other way round: the narrower side widens, and a longer timeline makes room.
  Timeline longer;
  longer.at(9 * kMinute).operations += 1;
  operations.merge(traffic);
  operations.merge(longer);
  EXPECT_EQ(operations.widthMs(), 2 * kMinute);
  EXPECT_EQ(operations.buckets().size(), 5u);
  EXPECT_EQ(operations.buckets()[0].operations, 14u) << "7 from each side";
  EXPECT_EQ(operations.buckets()[4].operations, 1u);
}

TEST(Timeline, TakesOnlyWidthsOfAMinuteTimesAPowerOfTwo) {
  Timeline timeline(2);
  EXPECT_TRUE(timeline.assign(4 * kMinute, {Interval{.operations = 1}, Interval{.operations = 2}}));
  EXPECT_EQ(timeline.widthMs(), 4 * kMinute);
  EXPECT_FALSE(timeline.assign(3 * kMinute, {}));
  EXPECT_FALSE(timeline.assign(30'000, {}));
  EXPECT_FALSE(timeline.assign(kMinute, std::vector<Interval>(3))) << "more than the bound";
  EXPECT_EQ(timeline.buckets().size(), 2u) << "unchanged";
}

TEST(Timeline, TheMoteHostsOperationsOverTimeTravelInItsStats) {
  HostStats stats;
  stats.operationsOverTime.emplace();
  stats.operationsOverTime->at(kMinute).operations = 5;
  stats.operationsOverTime->at(3 * kMinute).operations = 9;
  const HostStats read = hostStatsFromJson(toJson(stats));
  ASSERT_TRUE(read.operationsOverTime);
  EXPECT_EQ(read.operationsOverTime->widthMs(), kMinute);
  EXPECT_EQ(read.operationsOverTime->buckets(), stats.operationsOverTime->buckets());
  // A transport that does not carry them: unknown, not zero.
  EXPECT_FALSE(hostStatsFromJson(toJson(HostStats{})).operationsOverTime);
  nlohmann::json odd = toJson(stats);
  odd["operations_over_time"]["width_ms"] = 90'000;
  EXPECT_THROW(hostStatsFromJson(odd), std::runtime_error);
}

}  // namespace timeline_test_cpp
}  // namespace
}  // namespace edgecut::sim
