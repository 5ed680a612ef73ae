// The fault spec and the faulty medium: parsing, exact errors, and seeded, deterministic faults.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "edgecut/runtime/faults.hpp"

namespace edgecut::sim {
namespace {
namespace faults_test_cpp {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using Bytes = FaultyQueue::Bytes;

std::string errorOf(std::string_view spec) {
  try {
    parseFaults(spec);
  } catch (const FaultSpecError& e) {
    return e.what();
  }
  return "no error";
}

TEST(FaultSpec, ParsesEveryKey) {
  const FaultSpec spec = parseFaults("loss=0.2,duplicate=0.05,delay=0-20ms,reorder=0.1,seed=7");
  EXPECT_EQ(spec.loss, 0.2);
  EXPECT_EQ(spec.duplicate, 0.05);
  EXPECT_EQ(spec.delayMin, microseconds(0));
  EXPECT_EQ(spec.delayMax, milliseconds(20));
  EXPECT_EQ(spec.reorder, 0.1);
  EXPECT_EQ(spec.seed, 7u);
  EXPECT_TRUE(spec.any());
  EXPECT_EQ(toString(spec), "loss=0.2,duplicate=0.05,delay=0-20ms,reorder=0.1,seed=7");
  EXPECT_EQ(toString(parseFaults(toString(spec))), toString(spec)) << "round trip";
}

TEST(FaultSpec, KeysAreOptionalAndDelaysTakeOneValueOrFractions) {
  EXPECT_FALSE(parseFaults("").any());
  EXPECT_FALSE(parseFaults("seed=3").any());
  const FaultSpec spec = parseFaults("delay=2.5");
  EXPECT_EQ(spec.delayMin, microseconds(2500));
  EXPECT_EQ(spec.delayMax, microseconds(2500));
  EXPECT_EQ(spec.seed, 1u);
  EXPECT_EQ(parseFaults("loss=1").loss, 1.0);
}

TEST(FaultSpec, ErrorsSayWhatIsExpected) {
  EXPECT_EQ(errorOf("loss=1.5"), "loss needs a probability from 0 to 1, not \"1.5\"");
  EXPECT_EQ(errorOf("duplicate=often"), "duplicate needs a probability from 0 to 1, not \"often\"");
  EXPECT_EQ(errorOf("jitter=3"), "unknown fault \"jitter\" (keys: loss, duplicate, delay, reorder, seed)");
  EXPECT_EQ(errorOf("loss"), "\"loss\" is not KEY=VALUE (keys: loss, duplicate, delay, reorder, seed)");
  EXPECT_EQ(errorOf("delay=20-5ms"), "delay 20-5ms ends before it starts");
  EXPECT_EQ(errorOf("delay=fast"), "delay needs milliseconds like 5ms or a range like 0-20ms, not \"fast\"");
  EXPECT_EQ(errorOf("seed=-1"), "seed needs a whole number, not \"-1\"");
}

// Pushes `count` one-byte frames at `now` and returns what comes out by `later`, in order.
Bytes passThrough(FaultyQueue& queue, int count, FaultyQueue::Clock::time_point now,
                  FaultyQueue::Clock::time_point later) {
  for (int i = 0; i < count; ++i) queue.push(Bytes{static_cast<std::uint8_t>(i)}, now);
  Bytes out;
  while (auto frame = queue.popDue(later)) out.push_back(frame->at(0));
  return out;
}

TEST(FaultyQueue, WithoutFaultsEveryFrameComesOutAtOnceInOrder) {
  FaultyQueue queue;
  const auto now = FaultyQueue::Clock::now();
  EXPECT_EQ(passThrough(queue, 5, now, now), (Bytes{0, 1, 2, 3, 4}));
  EXPECT_TRUE(queue.empty());
}

TEST(FaultyQueue, TheSameSeedGivesTheSameFaults) {
  const FaultSpec spec = parseFaults("loss=0.2,duplicate=0.1,delay=0-20ms,reorder=0.1,seed=7");
  const auto now = FaultyQueue::Clock::now();
  FaultyQueue first(spec);
  FaultyQueue second(spec);
  const Bytes a = passThrough(first, 200, now, now + std::chrono::seconds(1));
  const Bytes b = passThrough(second, 200, now, now + std::chrono::seconds(1));
  EXPECT_EQ(a, b);
  EXPECT_EQ(first.counts().dropped, second.counts().dropped);

  FaultSpec other = spec;
  other.seed = 8;
  FaultyQueue third(other);
  EXPECT_NE(passThrough(third, 200, now, now + std::chrono::seconds(1)), a) << "another seed, other faults";
}

TEST(FaultyQueue, LosesDuplicatesAndReordersAtAboutTheirRates) {
  FaultyQueue queue(parseFaults("loss=0.2,duplicate=0.05,reorder=0.1,seed=1"));
  const auto now = FaultyQueue::Clock::now();
  for (int i = 0; i < 10000; ++i) queue.push(Bytes{1}, now);
  // Binomial(10000, p): these bounds are more than 5 standard deviations wide.
  EXPECT_NEAR(static_cast<double>(queue.counts().dropped), 2000, 200);
  EXPECT_NEAR(static_cast<double>(queue.counts().duplicated), 400, 110);
  EXPECT_NEAR(static_cast<double>(queue.counts().reordered), 1000 * 0.8 * 1.05, 160);
}

TEST(FaultyQueue, DelaysHoldFramesBackAndReorderingLetsLaterOnesOvertake) {
  FaultyQueue queue(parseFaults("delay=5ms,reorder=0.5,seed=3"));
  const auto now = FaultyQueue::Clock::now();
  for (int i = 0; i < 20; ++i) queue.push(Bytes{static_cast<std::uint8_t>(i)}, now);
  EXPECT_FALSE(queue.popDue(now + milliseconds(4))) << "nothing before its delay";
  EXPECT_EQ(queue.nextRelease(), now + milliseconds(5));
  const Bytes onTime = passThrough(queue, 0, now, now + milliseconds(5));
  const Bytes heldBack = passThrough(queue, 0, now, now + milliseconds(15));
  EXPECT_EQ(onTime.size() + heldBack.size(), 20u);
  EXPECT_EQ(heldBack.size(), queue.counts().reordered) << "held by a further max(5, 10) ms";
  ASSERT_FALSE(heldBack.empty());
  ASSERT_FALSE(onTime.empty());
  EXPECT_LT(heldBack.front(), onTime.back()) << "a frame sent after a held-back one arrived first";
  EXPECT_TRUE(std::is_sorted(onTime.begin(), onTime.end()));
}

TEST(FaultyQueue, PushSaysWhenTheFirstCopyArrivesOrThatNoneDoes) {
  // The simulated radio's clock (sim/air.hpp) adds this delay to a frame's air time.
  const auto now = FaultyQueue::Clock::now();
  FaultyQueue clean;
  EXPECT_EQ(clean.push(Bytes{1}, now), FaultyQueue::Clock::duration::zero());
  FaultyQueue fixed(parseFaults("delay=5ms"));
  EXPECT_EQ(fixed.push(Bytes{1}, now), milliseconds(5));
  FaultyQueue lossy(parseFaults("loss=1"));
  EXPECT_EQ(lossy.push(Bytes{1}, now), std::nullopt);
  // Duplicated and reordered copies: the delay returned is the earliest copy's, and that copy is
  // the first to come out.
  FaultyQueue faulty(parseFaults("duplicate=1,delay=0-20ms,reorder=0.5,seed=4"));
  for (int i = 0; i < 50; ++i) {
    const std::optional<FaultyQueue::Clock::duration> delay = faulty.push(Bytes{1}, now);
    ASSERT_TRUE(delay.has_value());
    EXPECT_EQ(faulty.nextRelease(), now + *delay);
    while (faulty.popDue(now + std::chrono::seconds(1))) {
    }
  }
  EXPECT_EQ(faulty.counts().duplicated, 50u);
}

}  // namespace faults_test_cpp
}  // namespace
}  // namespace edgecut::sim
