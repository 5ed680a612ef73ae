// Samples handed over as numbers (sample.hpp): decodeSample<T> gives what decodeValue<T> gives of
// the sample written as CBOR, value for value and failure for failure, for every type it takes.
#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <typeinfo>
#include <vector>

#include "edgecut/runtime/sample.hpp"
#include "edgecut/runtime/values.hpp"

namespace edgecut::mote {
namespace {
namespace sample_test_cpp {

// The CBOR item a sample stands for, as the sensor source would have written it.
std::vector<std::uint8_t> cborOf(const Sample& sample) {
  std::array<std::uint8_t, 16> buffer{};
  wire::Writer out(buffer);
  switch (sample.kind) {
    case Sample::Kind::unsignedInt: out.unsignedInt(sample.argument); break;
    case Sample::Kind::negativeInt: out.signedInt(-1 - static_cast<std::int64_t>(sample.argument)); break;
    case Sample::Kind::floating: out.floating(std::bit_cast<double>(sample.argument)); break;
    default: ADD_FAILURE() << "not a number";
  }
  return {out.written().begin(), out.written().end()};
}

std::vector<Sample> samples() {
  std::vector<Sample> all;
  const std::int64_t integers[] = {0, 1, -1, 23, 24, -24, -25, 100, 127, 128, -128, -129, 255, 256, 300, -300,
                                   32767, 32768, -32768, -32769, 65535, 65536, 70000, -40000,
                                   2147483647, 2147483648LL, -2147483648LL, -2147483649LL, 4294967295LL,
                                   4294967296LL, -3000000000LL, (1LL << 53) + 1, -(1LL << 53) - 1, -(1LL << 53) - 2,
                                   -(1LL << 62) - 1, -(1LL << 62) - 513, std::numeric_limits<std::int64_t>::max(),
                                   std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::min() + 1};
  for (std::int64_t value : integers) all.push_back(Sample::integer(value));
  for (std::uint64_t value : {std::uint64_t{1} << 63, (std::uint64_t{1} << 63) + 1, ~std::uint64_t{0},
                              (std::uint64_t{1} << 53) + 1, (std::uint64_t{1} << 63) + 1025}) {
    all.push_back(Sample::natural(value));
  }
  const double floats[] = {0.0, -0.0, 2.5, -2.5, 21.5, 1e-310, 3.0e38, 3.5e38, -3.5e38, 1e300, -1e300,
                           std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                           std::numeric_limits<double>::quiet_NaN(), 16777217.0, 0.1};
  for (double value : floats) all.push_back(Sample::floatingPoint(value));
  all.push_back(Sample::floatingPoint(std::bit_cast<double>(std::uint64_t{0x7ff0000000000123})));  // a NaN's payload
  return all;
}

template <class T>
void expectAsDecodeValue() {
  for (const Sample& sample : samples()) {
    const std::vector<std::uint8_t> item = cborOf(sample);
    T fromCbor{};
    const bool cborOk = wire::decodeValue(item, fromCbor) == wire::Status::ok;
    T fromSample{};
    const bool sampleOk = decodeSample(sample, fromSample);
    ASSERT_EQ(sampleOk, cborOk) << ::testing::PrintToString(item) << " as " << typeid(T).name();
    if (cborOk) {
      // Bit for bit: -0.0 and NaNs too.
      EXPECT_EQ(std::memcmp(&fromSample, &fromCbor, sizeof(T)), 0)
          << ::testing::PrintToString(item) << " as " << typeid(T).name();
    }
  }
}

TEST(Sample, DecodesAsDecodeValueDoesForEveryIntegerType) {
  expectAsDecodeValue<char>();
  expectAsDecodeValue<signed char>();
  expectAsDecodeValue<unsigned char>();
  expectAsDecodeValue<short>();
  expectAsDecodeValue<unsigned short>();
  expectAsDecodeValue<int>();
  expectAsDecodeValue<unsigned>();
  expectAsDecodeValue<long>();
  expectAsDecodeValue<unsigned long>();
  expectAsDecodeValue<long long>();
  expectAsDecodeValue<unsigned long long>();
  expectAsDecodeValue<char16_t>();
  expectAsDecodeValue<char32_t>();
  expectAsDecodeValue<wchar_t>();
}

TEST(Sample, DecodesAsDecodeValueDoesForEveryFloatingType) {
  expectAsDecodeValue<float>();
  expectAsDecodeValue<double>();
  // long double has padding bytes that neither decode sets: compare values (NaN with NaN).
  for (const Sample& sample : samples()) {
    const std::vector<std::uint8_t> item = cborOf(sample);
    long double fromCbor = 0;
    long double fromSample = 0;
    ASSERT_EQ(decodeSample(sample, fromSample), wire::decodeValue(item, fromCbor) == wire::Status::ok);
    EXPECT_TRUE(fromSample == fromCbor || (std::isnan(fromSample) && std::isnan(fromCbor)));
  }
}

TEST(Sample, SpellsOutWhatFailsAndWhatDoesNot) {
  int i = 0;
  EXPECT_TRUE(decodeSample(Sample::integer(-2147483648LL), i));
  EXPECT_EQ(i, std::numeric_limits<int>::min());
  EXPECT_FALSE(decodeSample(Sample::integer(2147483648LL), i)) << "above int's max";
  EXPECT_FALSE(decodeSample(Sample::integer(-2147483649LL), i)) << "below int's min";
  EXPECT_FALSE(decodeSample(Sample::floatingPoint(2.0), i)) << "a float is no integer, even a whole one";
  unsigned u = 0;
  EXPECT_FALSE(decodeSample(Sample::integer(-1), u)) << "negative as unsigned";
  EXPECT_TRUE(decodeSample(Sample::integer(4294967295LL), u));
  EXPECT_EQ(u, 4294967295u);
  std::int64_t wide = 0;
  EXPECT_FALSE(decodeSample(Sample::natural(std::uint64_t{1} << 63), wide)) << "above int64's max";
  EXPECT_FALSE(decodeSample({Sample::Kind::negativeInt, std::uint64_t{1} << 63}, wide)) << "below int64's min";
  float f = 0;
  EXPECT_FALSE(decodeSample(Sample::floatingPoint(1e300), f)) << "beyond float's range";
  EXPECT_TRUE(decodeSample(Sample::floatingPoint(std::numeric_limits<double>::infinity()), f));
  double d = 0;
  EXPECT_TRUE(decodeSample(Sample::integer(-(1LL << 53) - 2), d));
  // Through double as Reader::floating goes: -1 - 2^53 rounds to even, not to the nearest of the value.
  EXPECT_EQ(d, -1.0 - static_cast<double>((std::uint64_t{1} << 53) + 1));
  EXPECT_NE(d, static_cast<double>(-(1LL << 53) - 2));
  EXPECT_FALSE(decodeSample(Sample{Sample::Kind::encoded, 0}, d)) << "no number in it";
}

static_assert(SampleNumber<int> && SampleNumber<std::uint8_t> && SampleNumber<double> && SampleNumber<float>);
static_assert(!SampleNumber<bool> && !SampleNumber<std::string> && !SampleNumber<wire::Status>,
              "bool and enums go through CBOR");

}  // namespace sample_test_cpp
}  // namespace
}  // namespace edgecut::mote
