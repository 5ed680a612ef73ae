// Simulated sensor sources: every documented form (a bare number, constant, values, random, csv),
// read by the network reader, then cycled, deterministic and in range; and rejected sources, with
// the reader's exact diagnostics.
#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cstdio>
#include <fstream>

#include "edgecut/runtime/sim/json_cbor.hpp"
#include "edgecut/runtime/sim/network.hpp"
#include "edgecut/runtime/sim/sensors.hpp"

namespace edgecut::sim {
namespace {
namespace sensors_test_cpp {

using nlohmann::json;

// The source `spec` of sensor "t" of a one-mote network.
SensorSource sourceOf(const std::string& spec) {
  const Network network = Network::parse(R"({"motes": [{"id": 3, "position": [0, 0], "sensors": {"t": )" + spec +
                                         "}}]}");
  return SensorSource(network.mote(3)->sensors.at("t"));
}

// The diagnostics the network with that source is rejected with.
std::string errors(const std::string& spec) {
  try {
    sourceOf(spec);
  } catch (const InvalidNetwork& e) {
    return e.what();
  }
  return "accepted";
}

std::vector<json> take(SensorSource& source, int n) {
  std::vector<json> samples;
  for (int i = 0; i < n; ++i) samples.push_back(source.next());
  return samples;
}

TEST(Sensors, ValuesCycle) {
  SensorSource source = sourceOf(R"({"values": [20, 25, 30]})");
  EXPECT_EQ(take(source, 8), (std::vector<json>{20, 25, 30, 20, 25, 30, 20, 25}));
}

TEST(Sensors, WhatAReadWritesIsTheCborOfTheNextSample) {
  // writeNext (the mote host's read) writes what writeJson writes of next(), for every kind of
  // sample: negative, unsigned beyond int64, float, and the random source's.
  for (const char* spec : {R"({"values": [-7, 18446744073709551615, 2.5, 0]})", R"({"constant": 12})",
                           R"({"random": {"min": -1000000, "max": 1000000, "seed": 9}})"}) {
    SensorSource read = sourceOf(spec);
    SensorSource reference = sourceOf(spec);
    for (int i = 0; i < 6; ++i) {
      std::array<std::uint8_t, 64> got{}, want{};
      wire::Writer gotOut(got), wantOut(want);
      read.writeNext(gotOut);
      writeJson(wantOut, reference.next());
      ASSERT_TRUE(gotOut.ok());
      EXPECT_EQ(std::vector<std::uint8_t>(gotOut.written().begin(), gotOut.written().end()),
                std::vector<std::uint8_t>(wantOut.written().begin(), wantOut.written().end()))
          << spec << ", sample " << i;
    }
  }
}

// What takeNext hands back, written as CBOR: the number as Writer writes it, else what it wrote.
std::vector<std::uint8_t> cborOfTaken(const mote::Sample& taken, wire::Writer& out) {
  switch (taken.kind) {
    case mote::Sample::Kind::unsignedInt: out.unsignedInt(taken.argument); break;
    case mote::Sample::Kind::negativeInt: out.signedInt(-1 - static_cast<std::int64_t>(taken.argument)); break;
    case mote::Sample::Kind::floating: out.floating(std::bit_cast<double>(taken.argument)); break;
    case mote::Sample::Kind::encoded: break;
    case mote::Sample::Kind::failed: ADD_FAILURE() << "a source never fails"; break;
  }
  return {out.written().begin(), out.written().end()};
}

TEST(Sensors, WhatAReadHandsBackIsTheNextSampleAsANumberOrElseItsCbor) {
  // takeNext (the mote host's read of a number, mote.hpp) stands for what writeNext writes, the
  // samples in the same order; numbers are not written, anything else is.
  const std::string file = ::testing::TempDir() + "edgecut_sensor_numbers.csv";
  {
    std::ofstream out(file);
    out << "level\n12\n-4\n0.5\nhigh\n";
  }
  for (const std::string& spec :
       {std::string(R"({"values": [-7, 18446744073709551615, 2.5, 0, -9223372036854775808, 1e300]})"),
        std::string(R"({"constant": 12})"), std::string(R"({"random": {"min": -1000000, "max": 1000000, "seed": 9}})"),
        json{{"csv", {{"file", file}, {"column", "level"}}}}.dump()}) {
    SensorSource taken = sourceOf(spec);
    SensorSource reference = sourceOf(spec);
    for (int i = 0; i < 9; ++i) {
      std::array<std::uint8_t, 64> got{}, want{};
      wire::Writer gotOut(got), wantOut(want);
      const mote::Sample sample = taken.takeNext(gotOut);
      if (sample.kind != mote::Sample::Kind::encoded) EXPECT_EQ(gotOut.size(), 0u) << "a number is not written";
      reference.writeNext(wantOut);
      EXPECT_EQ(cborOfTaken(sample, gotOut), std::vector<std::uint8_t>(wantOut.written().begin(), wantOut.written().end()))
          << spec << ", sample " << i;
    }
  }
  SensorSource text = sourceOf(json{{"csv", {{"file", file}, {"column", "level"}}}}.dump());
  std::array<std::uint8_t, 64> buffer{};
  wire::Writer out(buffer);
  EXPECT_EQ(text.takeNext(out).kind, mote::Sample::Kind::unsignedInt);
  EXPECT_EQ(text.takeNext(out).kind, mote::Sample::Kind::negativeInt);
  EXPECT_EQ(text.takeNext(out).kind, mote::Sample::Kind::floating);
  EXPECT_EQ(text.takeNext(out).kind, mote::Sample::Kind::encoded) << "a cell's text stays CBOR";
  std::remove(file.c_str());
}

TEST(Sensors, ConstantAndABareNumberRepeatTheirValueAsWritten) {
  SensorSource number = sourceOf(R"({"constant": 12})");
  EXPECT_EQ(take(number, 3), (std::vector<json>{12, 12, 12}));
  EXPECT_TRUE(number.next().is_number_integer()) << "an integer stays an integer on the wire";
  SensorSource real = sourceOf(R"({"constant": 21.5})");
  EXPECT_EQ(real.next(), 21.5);
  SensorSource bare = sourceOf("0");
  EXPECT_EQ(take(bare, 2), (std::vector<json>{0, 0}));
  EXPECT_TRUE(bare.next().is_number_integer());
}

TEST(Sensors, RandomIsSplitMix64AndDeterministic) {
  // The first outputs of splitmix64 from seed 0 (the reference implementation's test vector).
  SplitMix64 reference(0);
  EXPECT_EQ(reference.next(), 0xe220a8397b1dcdafull);
  EXPECT_EQ(reference.next(), 0x6e789e6aa1b965f4ull);

  // The soil sample's mote 4, computed independently: 10 + next() % 51.
  SensorSource mote4 = sourceOf(R"({"random": {"min": 10, "max": 60, "seed": 4}})");
  EXPECT_EQ(take(mote4, 8), (std::vector<json>{20, 38, 13, 22, 50, 20, 28, 42}));

  SensorSource a = sourceOf(R"({"random": {"min": -5, "max": 5, "seed": 99}})");
  SensorSource b = sourceOf(R"({"random": {"min": -5, "max": 5, "seed": 99}})");
  SensorSource c = sourceOf(R"({"random": {"min": -5, "max": 5, "seed": 100}})");
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
  SensorSource byName = sourceOf(json{{"csv", {{"file", file}, {"column", "moisture"}}}}.dump());
  EXPECT_EQ(take(byName, 4), (std::vector<json>{20, 22.5, -3, 20}));
  SensorSource byIndex = sourceOf(json{{"csv", {{"file", file}, {"column", 2}}}}.dump());
  // With an index the trace has no header: its first line is a sample too.
  EXPECT_EQ(take(byIndex, 2), (std::vector<json>{"label", "dry"}));
  SensorSource quoted = sourceOf(json{{"csv", {{"file", file}, {"column", "label"}}}}.dump());
  EXPECT_EQ(take(quoted, 2), (std::vector<json>{"dry", "a,b"}));
  std::remove(file.c_str());
}

TEST(Sensors, RejectsInvalidSourcesAtFileLineColumn) {
  EXPECT_EQ(errors(R"({"values": []})"),
            "network.json:1:70: error: 'values' of sensor 't' is empty; give at least one number\n"
            "{\"motes\": [{\"id\": 3, \"position\": [0, 0], \"sensors\": {\"t\": {\"values\": []}}}]}\n"
            "                                                                     ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors(R"({"random": {"min": 5, "max": 1, "seed": 0}})"),
            "network.json:1:78: error: 'min' (5) is greater than 'max' (1); swap them\n"
            "{\"motes\": [{\"id\": 3, \"position\": [0, 0], \"sensors\": {\"t\": {\"random\": {\"min\": 5, "
            "\"max\": 1, \"seed\": 0}}}}]}\n"
            "                                                                             ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors(R"({"noise": 1})"),
            "network.json:1:60: error: unknown source 'noise' for sensor 't'; use 'constant', 'values', 'random' or "
            "'csv'\n"
            "{\"motes\": [{\"id\": 3, \"position\": [0, 0], \"sensors\": {\"t\": {\"noise\": 1}}}]}\n"
            "                                                           ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors(R"({"csv": {"file": "/nonexistent/x.csv", "column": 0}})"),
            "network.json:1:76: error: cannot open CSV file '/nonexistent/x.csv': No such file or directory\n"
            "{\"motes\": [{\"id\": 3, \"position\": [0, 0], \"sensors\": {\"t\": {\"csv\": {\"file\": "
            "\"/nonexistent/x.csv\", \"column\": 0}}}}]}\n"
            "                                                                           ^\n"
            "1 error generated.\n");
}

}  // namespace sensors_test_cpp
}  // namespace
}  // namespace edgecut::sim
