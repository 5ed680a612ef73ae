// Periods of periodic tasks (docs/design.md §9): what [[every("…")]] and the plan's "periods" accept,
// and the messages for what they do not.
#include "edgecut/compiler/duration.hpp"

#include <gtest/gtest.h>

namespace edgecut::compiler {
namespace {
namespace duration_test_cpp {

std::uint64_t ms(std::string_view text) {
  const ParsedDuration parsed = parseDuration(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.problem;
  return parsed.milliseconds;
}

std::string problem(std::string_view text) {
  const ParsedDuration parsed = parseDuration(text);
  EXPECT_FALSE(parsed.ok()) << text << " was read as " << parsed.milliseconds << " ms";
  return parsed.problem;
}

TEST(Duration, EveryUnit) {
  EXPECT_EQ(ms("250ms"), 250u);
  EXPECT_EQ(ms("30s"), 30'000u);
  EXPECT_EQ(ms("1min"), 60'000u);
  EXPECT_EQ(ms("15min"), 900'000u);
  EXPECT_EQ(ms("2h"), 7'200'000u);
  EXPECT_EQ(ms("007s"), 7'000u);
  EXPECT_EQ(ms("1ms"), 1u);
}

TEST(Duration, TheLongestPeriodThatFits) {
  EXPECT_EQ(ms("18446744073709551615ms"), 18446744073709551615ull);
  EXPECT_EQ(problem("18446744073709551616ms"),
            "the period \"18446744073709551616ms\" is too long to count in milliseconds; give a shorter one");
  EXPECT_EQ(problem("5124095576030432h"),
            "the period \"5124095576030432h\" is too long to count in milliseconds; give a shorter one");
}

TEST(Duration, MalformedTexts) {
  const char* const how = "; write a whole number and a unit, ms, s, min or h, as in \"30s\" or \"1min\"";
  EXPECT_EQ(problem("1.5min"), std::string("malformed period \"1.5min\"") + how);
  EXPECT_EQ(problem(""), std::string("malformed period \"\"") + how);
  EXPECT_EQ(problem("min"), std::string("malformed period \"min\"") + how);
  EXPECT_EQ(problem("30 s"), std::string("malformed period \"30 s\"") + how);
  EXPECT_EQ(problem(" 30s"), std::string("malformed period \" 30s\"") + how);
  EXPECT_EQ(problem("-5s"), std::string("malformed period \"-5s\"") + how);
  EXPECT_EQ(problem("5s2"), std::string("malformed period \"5s2\"") + how);
}

TEST(Duration, UnitsAndZero) {
  EXPECT_EQ(problem("5m"), "unknown unit 'm' in the period \"5m\"; use ms, s, min or h, as in \"5min\"");
  EXPECT_EQ(problem("1MIN"), "unknown unit 'MIN' in the period \"1MIN\"; use ms, s, min or h, as in \"1min\"");
  EXPECT_EQ(problem("60"), "the period \"60\" has no unit; write ms, s, min or h after the number, as in \"60s\"");
  EXPECT_EQ(problem("0s"), "the period \"0s\" is zero; a periodic task needs a period of at least 1ms");
  EXPECT_EQ(problem("000ms"), "the period \"000ms\" is zero; a periodic task needs a period of at least 1ms");
}

TEST(Duration, TextInTheLargestExactUnit) {
  EXPECT_EQ(durationText(60'000), "1min");
  EXPECT_EQ(durationText(90'000), "90s");
  EXPECT_EQ(durationText(7'200'000), "2h");
  EXPECT_EQ(durationText(250), "250ms");
  EXPECT_EQ(durationText(1'500), "1500ms");
  for (const char* text : {"250ms", "30s", "1min", "2h", "90s"}) EXPECT_EQ(durationText(ms(text)), text);
}

}  // namespace duration_test_cpp
}  // namespace
}  // namespace edgecut::compiler
