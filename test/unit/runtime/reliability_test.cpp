// The pure parts of reliability: the retry schedule and the duplicate window.
#include <gtest/gtest.h>

#include <vector>

#include "edgecut/runtime/reliability.hpp"
#include "test_bytes.hpp"

namespace edgecut::wire {
namespace {
namespace reliability_test_cpp {

using std::chrono::milliseconds;
using test::Bytes;
using Verdict = DuplicateWindow::Verdict;

std::vector<long long> sendTimes(const RetryPolicy& policy) {
  std::vector<long long> times;
  for (unsigned attempt = 0;; ++attempt) {
    const auto at = policy.sendTime(attempt);
    if (!at) return times;
    times.push_back(at->count());
  }
}

TEST(RetryPolicy, ResendsAfterWaitsThatDoubleAtMostRetriesTimes) {
  EXPECT_EQ(sendTimes({.deadline = milliseconds(5000), .firstWait = milliseconds(100), .retries = 6}),
            (std::vector<long long>{0, 100, 300, 700, 1500, 3100}))
      << "the seventh send would come at 6300 ms, after the deadline";
  EXPECT_EQ(sendTimes({.deadline = milliseconds(5000), .firstWait = milliseconds(100), .retries = 3}),
            (std::vector<long long>{0, 100, 300, 700}));
  EXPECT_EQ(sendTimes({.deadline = milliseconds(5000), .firstWait = milliseconds(100), .retries = 0}),
            (std::vector<long long>{0}));
  EXPECT_EQ(sendTimes({.deadline = milliseconds(50), .firstWait = milliseconds(100), .retries = 6}),
            (std::vector<long long>{0}))
      << "a deadline shorter than the first wait sends once";
}

TEST(RetryPolicy, EverySendComesBeforeTheDeadlineEvenWithHugeRetryCounts) {
  const RetryPolicy policy{.deadline = milliseconds(60000), .firstWait = milliseconds(1), .retries = 1000};
  const std::vector<long long> times = sendTimes(policy);
  EXPECT_EQ(times.size(), 16u) << "2^16 - 1 ms is the last send before 60 s";
  EXPECT_EQ(times.back(), 32767);
  for (std::size_t i = 1; i < times.size(); ++i) {
    EXPECT_EQ(times[i] - times[i - 1], 1ll << (i - 1)) << "the wait before send " << i;
  }
}

TEST(SequenceNumbers, CompareAcrossTheWrap) {
  EXPECT_TRUE(seqBefore(1, 2));
  EXPECT_FALSE(seqBefore(2, 1));
  EXPECT_FALSE(seqBefore(5, 5));
  EXPECT_TRUE(seqBefore(0xffffffffu, 0)) << "0 comes right after the largest";
  EXPECT_TRUE(seqBefore(0xfffffff0u, 3));
}

TEST(BootEpoch, HasItsTopBitSetSoThatHellosKeepTheirSize) {
  EXPECT_NE(newBootEpoch() & 0x80000000u, 0u);
}

class WindowTest : public ::testing::Test {
 protected:
  Verdict admit(std::uint32_t seq) {
    kept_ = {};
    return window_.admit(seq, kept_);
  }
  Bytes kept() const { return Bytes(kept_.begin(), kept_.end()); }

  DuplicateWindow window_;
  std::span<const std::uint8_t> kept_;
};

TEST_F(WindowTest, AFreshRequestRunsAndItsDuplicateGetsTheKeptReply) {
  EXPECT_EQ(admit(7), Verdict::fresh);
  EXPECT_EQ(admit(7), Verdict::inProgress) << "a duplicate while the first copy runs is dropped";
  const Bytes reply{0x15, 0x07, 0x03, 0x00, 0x18, 0x2a};
  window_.keep(7, reply);
  EXPECT_EQ(admit(7), Verdict::answered);
  EXPECT_EQ(kept(), reply);
  EXPECT_EQ(admit(7), Verdict::answered) << "as often as it comes";
  EXPECT_EQ(admit(8), Verdict::fresh);
}

TEST_F(WindowTest, RemembersTheLastFewAndCallsOlderOnesStale) {
  for (std::uint32_t seq = 10; seq < 10 + kDuplicateWindowSlots; ++seq) {
    ASSERT_EQ(admit(seq), Verdict::fresh);
    window_.keep(seq, Bytes{static_cast<std::uint8_t>(seq)});
  }
  EXPECT_EQ(admit(100), Verdict::fresh) << "makes room by forgetting 10";
  EXPECT_EQ(admit(10), Verdict::stale) << "forgotten: it must not run again";
  EXPECT_EQ(admit(9), Verdict::stale);
  EXPECT_EQ(admit(11), Verdict::answered);
  EXPECT_EQ(kept(), Bytes{11});
  EXPECT_EQ(admit(50), Verdict::fresh) << "newer than anything forgotten, never seen";
}

TEST_F(WindowTest, AReplyTooLargeToKeepIsSaidSo) {
  EXPECT_EQ(admit(1), Verdict::fresh);
  window_.keep(1, Bytes(kMaxKeptReplyBytes + 1, 0xaa));
  EXPECT_EQ(admit(1), Verdict::replyNotKept);
  EXPECT_EQ(admit(2), Verdict::fresh);
  window_.keep(2, Bytes(kMaxKeptReplyBytes, 0xbb));
  EXPECT_EQ(admit(2), Verdict::answered);
  EXPECT_EQ(kept(), Bytes(kMaxKeptReplyBytes, 0xbb));
}

TEST_F(WindowTest, AResetForgetsEverythingForARestartedPeer) {
  for (std::uint32_t seq = 1; seq <= 6; ++seq) {
    admit(seq);
    window_.keep(seq, Bytes{1});
  }
  window_.reset();
  EXPECT_EQ(admit(1), Verdict::fresh) << "the restarted peer's sequence numbers start again";
  EXPECT_EQ(admit(5), Verdict::fresh);
}

TEST_F(WindowTest, WorksAcrossTheWrapOfSequenceNumbers) {
  for (std::uint32_t seq : {0xfffffffeu, 0xffffffffu, 0u, 1u, 2u}) {
    ASSERT_EQ(admit(seq), Verdict::fresh) << seq;
    window_.keep(seq, Bytes{static_cast<std::uint8_t>(seq)});
  }
  EXPECT_EQ(admit(0xfffffffeu), Verdict::stale);
  EXPECT_EQ(admit(0u), Verdict::answered);
  EXPECT_EQ(kept(), Bytes{0});
}

TEST_F(WindowTest, KeepingARequestTheWindowForgotDoesNothing) {
  admit(1);
  window_.keep(2, Bytes{9});
  EXPECT_EQ(admit(2), Verdict::fresh);
}

}  // namespace reliability_test_cpp
}  // namespace
}  // namespace edgecut::wire
