// Value codecs: a round trip of every supported type, the bytes they produce, and rejections.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "edgecut/runtime/values.hpp"
#include "test_bytes.hpp"

namespace edgecut::wire {
namespace {
namespace values_test_cpp {

using test::Bytes;
using test::encoded;
using test::hex;

enum class Color : std::uint8_t { red = 1, green = 200 };
enum Legacy { kLow = -3, kHigh = 7 };

template <class T>
Bytes encodedValue(const T& value) {
  return encoded([&](Writer& w) { encode(w, value); });
}

// value -> bytes -> value' -> bytes' : value' == value and bytes' == bytes.
template <class T>
void expectRoundTrip(const T& value) {
  const Bytes bytes = encodedValue(value);
  ASSERT_FALSE(bytes.empty());
  T back{};
  ASSERT_EQ(decodeValue(bytes, back), Status::ok) << ::testing::PrintToString(bytes);
  EXPECT_EQ(back, value);
  EXPECT_EQ(encodedValue(back), bytes);
}

template <class T>
Status decodeStatus(const Bytes& bytes) {
  T value{};
  return decodeValue(bytes, value);
}

TEST(Values, ScalarsRoundTrip) {
  expectRoundTrip(true);
  expectRoundTrip(false);
  expectRoundTrip(std::numeric_limits<std::int8_t>::min());
  expectRoundTrip(std::numeric_limits<std::int8_t>::max());
  expectRoundTrip(std::numeric_limits<std::uint8_t>::max());
  expectRoundTrip(std::numeric_limits<std::int16_t>::min());
  expectRoundTrip(std::numeric_limits<std::uint16_t>::max());
  expectRoundTrip(std::numeric_limits<int>::min());
  expectRoundTrip(std::numeric_limits<int>::max());
  expectRoundTrip(std::numeric_limits<unsigned>::max());
  expectRoundTrip(std::numeric_limits<std::int64_t>::min());
  expectRoundTrip(std::numeric_limits<std::int64_t>::max());
  expectRoundTrip(std::numeric_limits<std::uint64_t>::max());
  expectRoundTrip('x');
  expectRoundTrip(0.0);
  expectRoundTrip(-0.1);
  expectRoundTrip(1e300);
  expectRoundTrip(std::numeric_limits<double>::infinity());
  expectRoundTrip(3.25f);
  expectRoundTrip(Color::green);
  expectRoundTrip(kLow);
  expectRoundTrip(std::string());
  expectRoundTrip(std::string("moisture \u00b0C"));
  expectRoundTrip(std::string(1000, 'z'));
}

TEST(Values, NanRoundTrips) {
  double back = 0;
  ASSERT_EQ(decodeValue(encodedValue(std::numeric_limits<double>::quiet_NaN()), back), Status::ok);
  EXPECT_TRUE(std::isnan(back));
}

TEST(Values, ContainersRoundTrip) {
  expectRoundTrip(std::vector<int>{});
  expectRoundTrip(std::vector<int>{1, -2, 300000});
  expectRoundTrip(std::vector<bool>{true, false, true});
  expectRoundTrip(std::vector<std::string>{"a", "", "ccc"});
  expectRoundTrip(std::vector<std::vector<double>>{{1.5}, {}, {2, 3}});
  expectRoundTrip(std::array<int, 3>{7, 8, 9});
  expectRoundTrip(std::array<std::string, 0>{});
  expectRoundTrip(std::optional<int>{});
  expectRoundTrip(std::optional<int>{0});
  expectRoundTrip(std::optional<std::string>{"x"});
  expectRoundTrip(std::pair<int, std::string>{4, "four"});
  expectRoundTrip(std::tuple<>{});
  expectRoundTrip(std::tuple<int, std::string, std::vector<double>>{1, "t", {0.5}});
  expectRoundTrip(std::vector<std::optional<std::pair<Color, std::tuple<bool, float>>>>{
      std::nullopt, std::pair{Color::red, std::tuple{true, 2.5f}}});
  // What free_functions_and_types returns across the radio.
  expectRoundTrip(std::pair<std::string, std::optional<int>>{"probe-1", 61});
  expectRoundTrip(std::pair<std::string, std::optional<int>>{"probe-2", std::nullopt});
}

TEST(Values, HaveTheDocumentedEncodings) {
  EXPECT_EQ(encodedValue(true), hex("f5"));
  EXPECT_EQ(encodedValue(-1), hex("20"));
  EXPECT_EQ(encodedValue(Color::green), hex("18 c8"));
  EXPECT_EQ(encodedValue(2.5f), hex("fb 40 04 00 00 00 00 00 00"));
  EXPECT_EQ(encodedValue(std::string("ab")), hex("62 61 62"));
  EXPECT_EQ(encodedValue(std::vector<int>{1, 2}), hex("82 01 02"));
  EXPECT_EQ(encodedValue(std::optional<int>{}), hex("f6"));
  EXPECT_EQ(encodedValue(std::pair<int, bool>{1, false}), hex("82 01 f4"));
}

TEST(Values, DecodingChecksRangesAndTypes) {
  EXPECT_EQ(decodeStatus<std::int8_t>(hex("19 01 2c")), Status::out_of_range);  // 300
  EXPECT_EQ(decodeStatus<std::int8_t>(hex("38 80")), Status::out_of_range);     // -129
  EXPECT_EQ(decodeStatus<std::int8_t>(hex("38 7f")), Status::ok);               // -128
  EXPECT_EQ(decodeStatus<unsigned>(hex("20")), Status::out_of_range);           // -1
  EXPECT_EQ(decodeStatus<std::int64_t>(hex("1b 80 00 00 00 00 00 00 00")), Status::out_of_range);
  EXPECT_EQ(decodeStatus<int>(hex("61 61")), Status::wrong_type);
  EXPECT_EQ(decodeStatus<int>(hex("fb 3f f1 99 99 99 99 99 9a")), Status::wrong_type) << "no silent truncation";
  EXPECT_EQ(decodeStatus<bool>(hex("01")), Status::wrong_type);
  EXPECT_EQ(decodeStatus<std::string>(hex("43 01 02 03")), Status::wrong_type) << "bytes are not text";
  EXPECT_EQ((decodeStatus<std::array<int, 3>>(hex("82 01 02"))), Status::wrong_length);
  EXPECT_EQ((decodeStatus<std::pair<int, int>>(hex("83 01 02 03"))), Status::wrong_length);
  EXPECT_EQ(decodeStatus<std::vector<int>>(hex("82 01 61 61")), Status::wrong_type);
  EXPECT_EQ(decodeStatus<int>(hex("01 02")), Status::trailing_bytes);
  EXPECT_EQ(decodeStatus<int>(hex("")), Status::truncated);
  double widened = 0;
  EXPECT_EQ(decodeValue(hex("18 2a"), widened), Status::ok) << "an integer sensor value reads as a double";
  EXPECT_EQ(widened, 42.0);
}

// What a mote checks before it applies a WRITE or runs a CALL: the value, what the type takes.
template <class T, class V>
std::string misfitOf(const V& value) {
  Misfit misfit;
  if (fits<T>(encoded([&](Writer& w) { encode(w, value); }, 1 << 17), misfit)) return "fits";
  return std::string(misfit.value.data()) + " / " + misfit.explanation();
}

TEST(Values, AValueThatDoesNotFitItsTypeSaysWhatItIsAndWhatTheTypeTakes) {
  EXPECT_EQ(misfitOf<int>(42), "fits");
  EXPECT_EQ(misfitOf<int>(std::numeric_limits<std::uint64_t>::max()),
            "18446744073709551615 / an integer from -2147483648 to 2147483647");
  EXPECT_EQ(misfitOf<unsigned>(-1), "-1 / an integer from 0 to 4294967295") << "sign";
  EXPECT_EQ(misfitOf<std::int8_t>(200), "200 / an integer from -128 to 127");
  EXPECT_EQ(misfitOf<int>(1.5), "1.5 / an integer from -2147483648 to 2147483647") << "a float for an integer";
  EXPECT_EQ(misfitOf<bool>(1), "1 / false or true");
  EXPECT_EQ(misfitOf<int>(true), "true / an integer from -2147483648 to 2147483647");
  EXPECT_EQ(misfitOf<float>(1e300), "1e+300 / a number from -3.40282e+38 to 3.40282e+38") << "no float is that large";
  EXPECT_EQ(misfitOf<float>(2.5), "fits");
  EXPECT_EQ(misfitOf<double>(1e300), "fits");
  EXPECT_EQ(misfitOf<double>(std::string("x")), "a text of 1 byte / a number");
  EXPECT_EQ(misfitOf<std::string>(7), "7 / a text");
  EXPECT_EQ(misfitOf<int>(std::vector<int>(60'000, 10)), "an array of 60000 items / an integer from -2147483648 to "
                                                         "2147483647");
  EXPECT_EQ(misfitOf<std::vector<int>>(std::vector<double>{1, 2.5}),
            "an array of 2 items / an item has a different type than expected")
      << "a container's misfit is its first wrong item's status";
  EXPECT_EQ(misfitOf<std::vector<int>>(std::vector<int>{1, 2}), "fits");
}

TEST(Values, HugeClaimedLengthsAreRejectedBeforeAllocating) {
  // An array that claims 2^32-1 elements in a 6-byte input must not reserve 16 GiB.
  EXPECT_EQ(decodeStatus<std::vector<std::int64_t>>(hex("9a ff ff ff ff 01")), Status::too_long);
  EXPECT_EQ(decodeStatus<std::string>(hex("7b 7f ff ff ff ff ff ff ff 61")), Status::too_long);
}

TEST(Values, CallArgumentsMustMatchInNumberAndType) {
  const Bytes frame = encoded([](Writer& w) { encodeCall(w, Address{1, 0, 2}, 5, 8, std::string("x")); });
  Frame f;
  ASSERT_EQ(decodeFrame(frame, f), Status::ok);
  int a = 0;
  std::string b;
  int c = 0;
  EXPECT_EQ(decodeArguments(f.value, a, b), Status::ok);
  EXPECT_EQ(decodeArguments(f.value, a), Status::wrong_length);
  EXPECT_EQ(decodeArguments(f.value, a, b, c), Status::wrong_length);
  EXPECT_EQ(decodeArguments(f.value, b, a), Status::wrong_type);
}

// The extension point generated glue uses for the program's own structs.
struct Reading {
  int node;
  std::vector<double> samples;
  bool operator==(const Reading&) const = default;
};

}  // namespace values_test_cpp
}  // namespace

template <>
struct Codec<values_test_cpp::Reading> {
  static void encode(Writer& out, const values_test_cpp::Reading& r) {
    out.arrayHeader(2);
    wire::encode(out, r.node);
    wire::encode(out, r.samples);
  }
  static bool decode(Reader& in, values_test_cpp::Reading& r) {
    std::uint64_t n = 0;
    if (!in.arrayHeader(n)) return false;
    if (n != 2) return in.fail(Status::wrong_length);
    return wire::decode(in, r.node) && wire::decode(in, r.samples);
  }
};

namespace {
namespace values_test_cpp {

TEST(Values, UserStructsPlugInThroughCodec) {
  static_assert(Crossable<Reading>);
  static_assert(Crossable<std::vector<std::optional<Reading>>>);
  static_assert(!Crossable<int*>);
  expectRoundTrip(std::vector<Reading>{{1, {0.5, 1.5}}, {2, {}}});
}

}  // namespace values_test_cpp
}  // namespace
}  // namespace edgecut::wire

// What edgecut generates inside a program's struct (compiler/emit/emit_types.cpp): hidden friends
// that Codec finds by ADL, in whatever namespace or class the struct is defined.
namespace program {

enum class Unit { celsius, fahrenheit };

struct Window {
  int from = 0;
  int to = 0;
  bool operator==(const Window&) const = default;
  friend void edgecut_encode(::edgecut::wire::Writer& out, const Window& value) { ::edgecut::wire::encodeFields(out, value.from, value.to); }
  friend bool edgecut_decode(::edgecut::wire::Reader& in, Window& value) { return ::edgecut::wire::decodeFields(in, value.from, value.to); }
};

struct Sample {
  struct Tag {  // nested
    std::string name;
    bool operator==(const Tag&) const = default;
    friend void edgecut_encode(::edgecut::wire::Writer& out, const Tag& value) { ::edgecut::wire::encodeFields(out, value.name); }
    friend bool edgecut_decode(::edgecut::wire::Reader& in, Tag& value) { return ::edgecut::wire::decodeFields(in, value.name); }
  };
  double value = 0;
  Unit unit = Unit::celsius;
  Window window;
  std::optional<Tag> tag;
  std::vector<int> history;
  bool operator==(const Sample&) const = default;
  friend void edgecut_encode(::edgecut::wire::Writer& out, const Sample& value) { ::edgecut::wire::encodeFields(out, value.value, value.unit, value.window, value.tag, value.history); }
  friend bool edgecut_decode(::edgecut::wire::Reader& in, Sample& value) { return ::edgecut::wire::decodeFields(in, value.value, value.unit, value.window, value.tag, value.history); }
};

struct Empty {
  bool operator==(const Empty&) const = default;
  friend void edgecut_encode(::edgecut::wire::Writer& out, const Empty&) { ::edgecut::wire::encodeFields(out); }
  friend bool edgecut_decode(::edgecut::wire::Reader& in, Empty&) { return ::edgecut::wire::decodeFields(in); }
};

struct NoCodec {
  int x = 0;
};

}  // namespace program

namespace edgecut::wire {
namespace {
namespace values_test_cpp {

TEST(Values, GeneratedStructCodecsRoundTrip) {
  static_assert(Crossable<program::Sample>);
  static_assert(Crossable<std::vector<std::optional<program::Sample::Tag>>>);
  static_assert(!Crossable<program::NoCodec>);
  expectRoundTrip(program::Window{-3, 7});
  expectRoundTrip(program::Empty{});
  expectRoundTrip(std::vector<program::Sample>{
      {21.5, program::Unit::fahrenheit, {1, 2}, program::Sample::Tag{"hall"}, {4, 5, 6}},
      {}});
  // A struct is the array of its members, in declaration order.
  EXPECT_EQ(encodedValue(program::Window{1, 2}), hex("82 01 02"));
  EXPECT_EQ(encodedValue(program::Empty{}), hex("80"));
}

TEST(Values, GeneratedStructsCountTheirScalarValues) {
  // value, unit, window.from, window.to, tag.name, 3 history items: 8 data values (Bᵢ).
  const Bytes bytes = encodedValue(
      program::Sample{21.5, program::Unit::celsius, {1, 2}, program::Sample::Tag{"hall"}, {4, 5, 6}});
  std::size_t count = 0;
  ASSERT_TRUE(countDataValues(bytes, count));
  EXPECT_EQ(count, 8u);
  // An absent optional is no value; an empty struct or vector carries none either.
  const Bytes sparse = encodedValue(program::Sample{});
  count = 0;
  ASSERT_TRUE(countDataValues(sparse, count));
  EXPECT_EQ(count, 4u);
}

TEST(Values, GeneratedStructsRejectAWrongMemberCount) {
  const Bytes three = encoded([](Writer& w) {
    w.arrayHeader(3);
    w.signedInt(1);
    w.signedInt(2);
    w.signedInt(3);
  });
  EXPECT_EQ(decodeStatus<program::Window>(three), Status::wrong_length);
}

}  // namespace values_test_cpp
}  // namespace
}  // namespace edgecut::wire
