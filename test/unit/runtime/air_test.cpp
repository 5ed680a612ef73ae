// The simulated radio's clock (sim/air.hpp): air time from the bit rate, one hop at a time on one
// channel, delays after the last hop, runs that start no earlier than their time; exact integers.
#include <gtest/gtest.h>

#include "edgecut/runtime/sim/air.hpp"

namespace edgecut::sim {
namespace {
namespace air_test_cpp {

TEST(Air, AirTimeIsBytesTimesEightOverTheBitRateRoundedUp) {
  const Air ieee802154;  // 250 kbit/s: 4 µs a bit, 32 µs a byte
  EXPECT_EQ(ieee802154.bitsPerSecond(), 250'000u);
  EXPECT_EQ(ieee802154.airTimeNs(1), 32'000u);
  EXPECT_EQ(ieee802154.airTimeNs(18), 576'000u);  // a HELLO
  EXPECT_EQ(ieee802154.airTimeNs(0), 0u);
  const Air odd(3);  // 8 bits at 3 bit/s: 2.666… s, rounded up to the next nanosecond
  EXPECT_EQ(odd.airTimeNs(1), 2'666'666'667u);
  const Air largest(250'000);
  EXPECT_EQ(largest.airTimeNs(65'536), 65'536u * 32'000u) << "the largest frame, without overflow";
}

TEST(Air, FramesFollowOneAnotherOnTheChannelAndTheClockFollowsThem) {
  Air air;
  air.reach(60'000'000'000);  // a run at minute 1
  // A READ of 6 bytes and its RESULT of 8: one after the other.
  EXPECT_EQ(air.carry(6, 1, 0, true), 60'000'192'000u);
  EXPECT_EQ(air.carry(8, 1, 0, true), 60'000'448'000u);
  // The next run due at the same minute (the next mote) gets the channel after them.
  air.reach(60'000'000'000);
  EXPECT_EQ(air.nowNs(), 60'000'448'000u) << "time never goes back";
  EXPECT_EQ(air.carry(6, 1, 0, true), 60'000'640'000u);
  EXPECT_EQ(air.busyNs(), 20u * 32'000u);
  // A run later on starts at its time, the channel idle meanwhile.
  air.reach(120'000'000'000);
  EXPECT_EQ(air.carry(1, 1, 0, true), 120'000'032'000u);
  EXPECT_EQ(air.busyNs(), 21u * 32'000u);
}

TEST(Air, HopsTakeTheChannelInTurnAndADelayComesAfterTheLastHop) {
  Air air;
  // Two hops of 10 bytes (320 µs each), then a 5 ms delay (the fault spec's).
  EXPECT_EQ(air.carry(10, 2, 5'000'000, true), 5'640'000u);
  EXPECT_EQ(air.busyNs(), 640'000u);
  // The delay holds the frame, not the channel: the next frame goes out when the one it answers
  // arrived.
  EXPECT_EQ(air.carry(10, 1, 0, true), 5'960'000u);
}

TEST(Air, ALostFrameTookItsAirTimeAndArrivesNowhere) {
  Air air;
  EXPECT_EQ(air.carry(10, 1, 7'000'000, false), 320'000u) << "no delay: nothing arrives";
  EXPECT_EQ(air.nowNs(), 320'000u);
  EXPECT_EQ(air.busyNs(), 320'000u);
  EXPECT_EQ(air.carry(10, 1, 0, true), 640'000u) << "its resend follows it";
}

TEST(Air, TheSameFramesGiveTheSameClock) {
  auto run = [] {
    Air air(38'400);
    for (std::uint64_t minute = 1; minute <= 60; ++minute) {
      air.reach(minute * 60'000'000'000);
      for (int mote = 0; mote < 3; ++mote) air.carry(7 + mote, 1 + mote % 2, mote * 1000, mote != 1);
    }
    return std::pair(air.nowNs(), air.busyNs());
  };
  EXPECT_EQ(run(), run());
}

}  // namespace air_test_cpp
}  // namespace
}  // namespace edgecut::sim
