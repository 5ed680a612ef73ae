#include <gtest/gtest.h>

#include "edgecut/runtime/sim/json_cbor.hpp"

namespace edgecut::sim {
namespace {
namespace json_cbor_test_cpp {

using nlohmann::json;

json roundTrip(const json& value) {
  std::vector<std::uint8_t> buffer(4096);
  wire::Writer out(buffer);
  writeJson(out, value);
  EXPECT_TRUE(out.ok());
  json back;
  EXPECT_TRUE(readJson(out.written(), back));
  return back;
}

TEST(JsonCbor, RoundTripsEveryJsonType) {
  const json value = json::parse(R"({"a": [1, -2, 3.5, true, null, "x"], "b": {"c": []},
                                     "big": 18446744073709551615, "small": -9223372036854775808})");
  EXPECT_EQ(roundTrip(value), value);
  EXPECT_EQ(roundTrip(json::binary({1, 2, 3})), json::binary({1, 2, 3}));
  EXPECT_TRUE(roundTrip(21).is_number_integer()) << "integers stay integers";
  EXPECT_TRUE(roundTrip(21.0).is_number_float());
}

TEST(JsonCbor, RejectsWhatIsNotOneItem) {
  json value;
  const std::uint8_t two[] = {0x01, 0x02};
  EXPECT_FALSE(readJson(two, value));
  const std::uint8_t cut[] = {0x82, 0x01};
  EXPECT_FALSE(readJson(cut, value));
  std::vector<std::uint8_t> deep(100, 0x81);
  deep.push_back(0x01);
  EXPECT_FALSE(readJson(deep, value));
}

// Found by cbor_fuzzer: map keys that were no text used to be spelt as JSON text, so dump() threw on
// invalid UTF-8 inside them (escaping readJson: a hostile WRITE ended the mote host), and maps
// keyed by maps took time and memory exponential in their nesting (90 bytes took seconds).
TEST(JsonCbor, MapKeysMustBeText) {
  json value;
  const std::uint8_t arrayKey[] = {0xa1, 0x81, 0x61, 0xff, 0x01};  // {["\xff"]: 1}
  EXPECT_FALSE(readJson(arrayKey, value));
  const std::uint8_t numberKey[] = {0xa1, 0x01, 0x02};  // {1: 2}
  EXPECT_FALSE(readJson(numberKey, value));
  std::vector<std::uint8_t> nestedKeys(30, 0xa1);  // {{{…: 0}: 0}: 0}
  nestedKeys.push_back(0xa0);
  for (int i = 0; i < 30; ++i) nestedKeys.push_back(0x00);
  EXPECT_FALSE(readJson(nestedKeys, value));
  const std::uint8_t textKey[] = {0xa1, 0x61, 0x6b, 0x01};  // {"k": 1}
  EXPECT_TRUE(readJson(textKey, value));
  EXPECT_EQ(value, json::parse(R"({"k": 1})"));
}

}  // namespace json_cbor_test_cpp
}  // namespace
}  // namespace edgecut::sim
