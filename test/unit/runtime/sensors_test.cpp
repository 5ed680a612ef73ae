// Simulated sensor sources: cycling, determinism, ranges, CSV traces and rejected specs.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "edgecut/runtime/sim/network.hpp"
#include "edgecut/runtime/sim/sensors.hpp"

namespace edgecut::sim {
namespace {

using nlohmann::json;

std::vector<json> take(SensorSource& source, int n) {
  std::vector<json> samples;
  for (int i = 0; i < n; ++i) samples.push_back(source.next());
  return samples;
}

TEST(Sensors, ValuesCycle) {
  SensorSource source(json::parse(R"({"values": [20, 25, 30]})"), "test");
  EXPECT_EQ(take(source, 8), (std::vector<json>{20, 25, 30, 20, 25, 30, 20, 25}));
}

TEST(Sensors, ConstantRepeatsAnyValue) {
  SensorSource number(json::parse(R"({"constant": 12})"), "test");
  EXPECT_EQ(take(number, 3), (std::vector<json>{12, 12, 12}));
  SensorSource real(json::parse(R"({"constant": 21.5})"), "test");
  EXPECT_EQ(real.next(), 21.5);
}

TEST(Sensors, RandomIsSplitMix64AndDeterministic) {
  // The first outputs of splitmix64 from seed 0 (the reference implementation's test vector).
  SplitMix64 reference(0);
  EXPECT_EQ(reference.next(), 0xe220a8397b1dcdafull);
  EXPECT_EQ(reference.next(), 0x6e789e6aa1b965f4ull);

  // The soil sample's mote 4, computed independently: 10 + next() % 51.
  SensorSource mote4(json::parse(R"({"random": {"min": 10, "max": 60, "seed": 4}})"), "test");
  EXPECT_EQ(take(mote4, 8), (std::vector<json>{20, 38, 13, 22, 50, 20, 28, 42}));

  SensorSource a(json::parse(R"({"random": {"min": -5, "max": 5, "seed": 99}})"), "test");
  SensorSource b(json::parse(R"({"random": {"min": -5, "max": 5, "seed": 99}})"), "test");
  SensorSource c(json::parse(R"({"random": {"min": -5, "max": 5, "seed": 100}})"), "test");
  const auto samples = take(a, 1000);
  EXPECT_EQ(samples, take(b, 1000));
  EXPECT_NE(samples, take(c, 1000));
  bool sawMin = false;
  bool sawMax = false;
  for (const json& s : samples) {
    ASSERT_GE(s.get<int>(), -5);
    ASSERT_LE(s.get<int>(), 5);
    sawMin |= s == -5;
    sawMax |= s == 5;
  }
  EXPECT_TRUE(sawMin && sawMax) << "both ends of the range are included";
}

TEST(Sensors, RandomCoversExtremeRanges) {
  SplitMix64 random(1);
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(random.between(7, 7), 7);
    (void)random.between(INT64_MIN, INT64_MAX);  // a span of 2^64 must not divide by zero
  }
}

TEST(Sensors, CsvTracesCycleByNameOrIndex) {
  const std::string file = ::testing::TempDir() + "edgecut_sensor_trace.csv";
  {
    std::ofstream out(file);
    out << "time,moisture,label\n0,20,dry\n1,22.5,\"a,b\"\n\n2,-3,wet\n";
  }
  SensorSource byName(json{{"csv", {{"file", file}, {"column", "moisture"}}}}, "test");
  EXPECT_EQ(take(byName, 4), (std::vector<json>{20, 22.5, -3, 20}));
  SensorSource byIndex(json{{"csv", {{"file", file}, {"column", 2}}}}, "test");
  // Index 2 of the header line counts as a row too: an index means "no header".
  EXPECT_EQ(take(byIndex, 2), (std::vector<json>{"label", "dry"}));
  SensorSource quoted(json{{"csv", {{"file", file}, {"column", "label"}}}}, "test");
  EXPECT_EQ(take(quoted, 2), (std::vector<json>{"dry", "a,b"}));
  std::remove(file.c_str());
}

TEST(Sensors, RejectsInvalidSpecsNamingWhere) {
  auto error = [](const char* spec) -> std::string {
    try {
      SensorSource(json::parse(spec), "mote 3: sensor \"t\"");
    } catch (const NetworkError& e) {
      return e.what();
    }
    return "accepted";
  };
  EXPECT_EQ(error(R"({"values": []})"), "network: mote 3: sensor \"t\": \"values\" must be a non-empty array");
  EXPECT_EQ(error(R"({"random": {"min": 5, "max": 1, "seed": 0}})"),
            "network: mote 3: sensor \"t\": \"random\" has min 5 > max 1");
  EXPECT_EQ(error(R"({"random": {"min": 1, "max": 5}})"),
            "network: mote 3: sensor \"t\": \"random\" needs an integer \"seed\"");
  EXPECT_EQ(error(R"({"noise": 1})"), "network: mote 3: sensor \"t\": unknown sensor source \"noise\"");
  EXPECT_EQ(error(R"({"csv": {"file": "/nonexistent/x.csv", "column": 0}})"),
            "network: mote 3: sensor \"t\": cannot open the CSV trace \"/nonexistent/x.csv\"");
  EXPECT_NE(error(R"(5)"), "accepted");
  EXPECT_NE(error(R"({"constant": 1, "values": [1]})"), "accepted");
}

}  // namespace
}  // namespace edgecut::sim
