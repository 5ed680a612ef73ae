// varint and CBOR: exact encodings (RFC 8949 Appendix A), round trips, and the reader's limits.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "edgecut/runtime/cbor.hpp"
#include "test_bytes.hpp"

namespace edgecut::wire {
namespace {
namespace cbor_test_cpp {

using test::Bytes;
using test::encoded;
using test::hex;

// Re-encodes one item the reader walks, kind by kind: decode -> encode must reproduce the bytes of
// anything edgecut writes.
bool reencode(Reader& in, Writer& out) {
  switch (in.peek()) {
    case Kind::unsigned_int: {
      std::uint64_t v;
      if (!in.unsignedInt(v)) return false;
      out.unsignedInt(v);
      return true;
    }
    case Kind::negative_int: {
      std::int64_t v;
      if (!in.signedInt(v)) return false;
      out.signedInt(v);
      return true;
    }
    case Kind::floating: {
      double v;
      if (!in.floating(v)) return false;
      out.floating(v);
      return true;
    }
    case Kind::boolean: {
      bool v;
      if (!in.boolean(v)) return false;
      out.boolean(v);
      return true;
    }
    case Kind::null:
      out.null();
      return in.null();
    case Kind::text: {
      std::string_view v;
      if (!in.text(v)) return false;
      out.text(v);
      return true;
    }
    case Kind::bytes: {
      std::span<const std::uint8_t> v;
      if (!in.bytes(v)) return false;
      out.bytes(v);
      return true;
    }
    case Kind::array:
    case Kind::map: {
      const bool map = in.peek() == Kind::map;
      std::uint64_t n;
      if (!(map ? in.mapHeader(n) : in.arrayHeader(n))) return false;
      map ? out.mapHeader(n) : out.arrayHeader(n);
      for (std::uint64_t i = 0; i < (map ? 2 * n : n); ++i) {
        if (!reencode(in, out)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

Bytes roundTrip(const Bytes& item) {
  Reader in(item);
  Bytes out = encoded([&](Writer& w) { EXPECT_TRUE(reencode(in, w)); });
  EXPECT_TRUE(in.atEnd());
  return out;
}

// ---- varint ----

TEST(Varint, EncodesLeb128) {
  const std::pair<std::uint64_t, const char*> cases[] = {
      {0, "00"}, {1, "01"}, {127, "7f"}, {128, "80 01"}, {300, "ac 02"}, {16384, "80 80 01"},
      {0xffffffffu, "ff ff ff ff 0f"}, {UINT64_MAX, "ff ff ff ff ff ff ff ff ff 01"}};
  for (const auto& [value, bytes] : cases) {
    const Bytes expected = hex(bytes);
    std::uint8_t buffer[kMaxVarintBytes];
    const std::size_t n = encodeVarint(value, buffer);
    EXPECT_EQ(Bytes(buffer, buffer + n), expected) << value;
    std::uint64_t decoded = 0;
    EXPECT_EQ(decodeVarint(expected, decoded), expected.size()) << value;
    EXPECT_EQ(decoded, value);
  }
}

TEST(Varint, RejectsTruncatedOverlongAndOverflowing) {
  std::uint64_t v = 0;
  EXPECT_EQ(decodeVarint(hex(""), v), 0u);
  EXPECT_EQ(decodeVarint(hex("80"), v), 0u);
  EXPECT_EQ(decodeVarint(hex("ff ff"), v), 0u);
  EXPECT_EQ(decodeVarint(hex("ff ff ff ff ff ff ff ff ff ff 01"), v), 0u);  // 11 bytes
  EXPECT_EQ(decodeVarint(hex("ff ff ff ff ff ff ff ff ff 02"), v), 0u);     // bit 64
  Bytes small(2);
  EXPECT_EQ(encodeVarint(300000, small), 0u) << "must not write past the buffer";
}

TEST(Varint, ReaderTellsTruncatedFromMalformed) {
  std::uint64_t v = 0;
  Bytes truncated = hex("80 80");
  Reader a(truncated);
  EXPECT_FALSE(a.varint(v));
  EXPECT_EQ(a.status(), Status::truncated);
  Bytes overlong = hex("ff ff ff ff ff ff ff ff ff ff 01");
  Reader b(overlong);
  EXPECT_FALSE(b.varint(v));
  EXPECT_EQ(b.status(), Status::malformed);
}

// ---- CBOR: the RFC 8949 examples edgecut can write ----

TEST(Cbor, WritesRfcExamples) {
  EXPECT_EQ(encoded([](Writer& w) { w.unsignedInt(0); }), hex("00"));
  EXPECT_EQ(encoded([](Writer& w) { w.unsignedInt(23); }), hex("17"));
  EXPECT_EQ(encoded([](Writer& w) { w.unsignedInt(24); }), hex("18 18"));
  EXPECT_EQ(encoded([](Writer& w) { w.unsignedInt(100); }), hex("18 64"));
  EXPECT_EQ(encoded([](Writer& w) { w.unsignedInt(1000); }), hex("19 03 e8"));
  EXPECT_EQ(encoded([](Writer& w) { w.unsignedInt(1000000); }), hex("1a 00 0f 42 40"));
  EXPECT_EQ(encoded([](Writer& w) { w.unsignedInt(1000000000000); }), hex("1b 00 00 00 e8 d4 a5 10 00"));
  EXPECT_EQ(encoded([](Writer& w) { w.unsignedInt(UINT64_MAX); }), hex("1b ff ff ff ff ff ff ff ff"));
  EXPECT_EQ(encoded([](Writer& w) { w.signedInt(-1); }), hex("20"));
  EXPECT_EQ(encoded([](Writer& w) { w.signedInt(-10); }), hex("29"));
  EXPECT_EQ(encoded([](Writer& w) { w.signedInt(-100); }), hex("38 63"));
  EXPECT_EQ(encoded([](Writer& w) { w.signedInt(-1000); }), hex("39 03 e7"));
  EXPECT_EQ(encoded([](Writer& w) { w.signedInt(INT64_MIN); }), hex("3b 7f ff ff ff ff ff ff ff"));
  EXPECT_EQ(encoded([](Writer& w) { w.floating(1.1); }), hex("fb 3f f1 99 99 99 99 99 9a"));
  EXPECT_EQ(encoded([](Writer& w) { w.boolean(false); }), hex("f4"));
  EXPECT_EQ(encoded([](Writer& w) { w.boolean(true); }), hex("f5"));
  EXPECT_EQ(encoded([](Writer& w) { w.null(); }), hex("f6"));
  EXPECT_EQ(encoded([](Writer& w) { w.text(""); }), hex("60"));
  EXPECT_EQ(encoded([](Writer& w) { w.text("IETF"); }), hex("64 49 45 54 46"));
  EXPECT_EQ(encoded([](Writer& w) { w.text("\u00fc"); }), hex("62 c3 bc"));
  const std::uint8_t four[] = {1, 2, 3, 4};
  EXPECT_EQ(encoded([&](Writer& w) { w.bytes(four); }), hex("44 01 02 03 04"));
  EXPECT_EQ(encoded([](Writer& w) { w.arrayHeader(0); }), hex("80"));
  EXPECT_EQ(encoded([](Writer& w) {
              w.arrayHeader(3);
              w.unsignedInt(1);
              w.unsignedInt(2);
              w.unsignedInt(3);
            }),
            hex("83 01 02 03"));
  EXPECT_EQ(encoded([](Writer& w) {
              w.mapHeader(1);
              w.text("a");
              w.unsignedInt(1);
            }),
            hex("a1 61 61 01"));
}

TEST(Cbor, ReadsEachLengthOfArgumentBigEndian) {
  auto unsignedOf = [](const char* bytes) {
    Bytes b = hex(bytes);
    Reader in(b);
    std::uint64_t v = 0;
    EXPECT_TRUE(in.unsignedInt(v)) << bytes;
    EXPECT_TRUE(in.atEnd()) << bytes;
    return v;
  };
  EXPECT_EQ(unsignedOf("17"), 23u);
  EXPECT_EQ(unsignedOf("18 ff"), 0xffu);
  EXPECT_EQ(unsignedOf("19 01 02"), 0x0102u);
  EXPECT_EQ(unsignedOf("1a 01 02 03 04"), 0x01020304u);
  EXPECT_EQ(unsignedOf("1b 01 02 03 04 05 06 07 08"), 0x0102030405060708u);
  EXPECT_EQ(unsignedOf("1a 00 0f 42 40"), 1000000u);  // RFC 8949, Appendix A
  Bytes cut = hex("1b 01 02 03 04 05 06 07");
  Reader in(cut);
  std::uint64_t v = 0;
  EXPECT_FALSE(in.unsignedInt(v));
  EXPECT_EQ(in.status(), Status::truncated) << "an argument cut short";
  EXPECT_EQ(in.position(), 0u);
}

TEST(Cbor, ReadsRfcExamples) {
  auto signedOf = [](const char* bytes) {
    Bytes b = hex(bytes);
    Reader in(b);
    std::int64_t v = 0;
    EXPECT_TRUE(in.signedInt(v)) << bytes;
    EXPECT_TRUE(in.atEnd());
    return v;
  };
  EXPECT_EQ(signedOf("00"), 0);
  EXPECT_EQ(signedOf("19 03 e8"), 1000);
  EXPECT_EQ(signedOf("39 03 e7"), -1000);
  EXPECT_EQ(signedOf("3b 7f ff ff ff ff ff ff ff"), INT64_MIN);

  auto floatOf = [](const char* bytes) {
    Bytes b = hex(bytes);
    Reader in(b);
    double v = 0;
    EXPECT_TRUE(in.floating(v)) << bytes;
    EXPECT_TRUE(in.atEnd());
    return v;
  };
  EXPECT_EQ(floatOf("f9 00 00"), 0.0);
  EXPECT_EQ(floatOf("f9 3c 00"), 1.0);
  EXPECT_EQ(floatOf("f9 3e 00"), 1.5);
  EXPECT_EQ(floatOf("f9 7b ff"), 65504.0);
  EXPECT_EQ(floatOf("f9 00 01"), 5.960464477539063e-8);
  EXPECT_EQ(floatOf("f9 c4 00"), -4.0);
  EXPECT_EQ(floatOf("f9 7c 00"), std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(floatOf("f9 7e 00")));
  EXPECT_EQ(floatOf("fa 47 c3 50 00"), 100000.0);
  EXPECT_EQ(floatOf("fb 3f f1 99 99 99 99 99 9a"), 1.1);
  EXPECT_EQ(floatOf("18 64"), 100.0) << "integers widen to floating point";
  EXPECT_EQ(floatOf("38 63"), -100.0);

  Bytes text = hex("64 49 45 54 46");
  Reader in(text);
  std::string_view view;
  ASSERT_TRUE(in.text(view));
  EXPECT_EQ(view, "IETF");
}

TEST(Cbor, DecodeEncodeDecodeGivesTheSameBytes) {
  const char* items[] = {
      "00", "17", "18 18", "1b ff ff ff ff ff ff ff ff", "20", "3b 7f ff ff ff ff ff ff ff",
      "fb 3f f1 99 99 99 99 99 9a", "fb 7f f0 00 00 00 00 00 00", "f4", "f5", "f6", "60",
      "64 49 45 54 46", "44 01 02 03 04", "80", "83 01 82 02 03 82 04 05",
      "a2 61 61 01 61 62 82 02 03", "82 f6 83 f5 61 78 fb 40 09 21 f9 f0 1b 86 6e"};
  for (const char* item : items) {
    const Bytes bytes = hex(item);
    EXPECT_EQ(roundTrip(bytes), bytes) << item;
    EXPECT_EQ(roundTrip(roundTrip(bytes)), bytes) << item;
  }
}

TEST(Cbor, WriterNeverWritesPastItsBuffer) {
  Bytes buffer(8, 0xee);
  Writer out(std::span<std::uint8_t>(buffer).first(4));
  out.text("hello");
  EXPECT_FALSE(out.ok());
  EXPECT_EQ(buffer[4], 0xee);
  out.unsignedInt(1);  // refused too: errors are sticky
  EXPECT_FALSE(out.ok());
  out.reset();
  out.unsignedInt(1);
  EXPECT_TRUE(out.ok());
  EXPECT_EQ(out.size(), 1u);
}

TEST(Cbor, AHeadWithItsArgumentFitsExactlyOrNotAtAll) {
  for (std::size_t room = 0; room <= 5; ++room) {
    Bytes buffer(8, 0xee);
    Writer out(std::span<std::uint8_t>(buffer).first(room));
    out.unsignedInt(0x12345678);  // 1a 12 34 56 78: five bytes
    EXPECT_EQ(out.ok(), room == 5) << room;
    EXPECT_EQ(buffer[room], 0xee) << room;
    if (room == 5) EXPECT_EQ(buffer, (Bytes{0x1a, 0x12, 0x34, 0x56, 0x78, 0xee, 0xee, 0xee}));
  }
  Bytes buffer(2);
  Writer out(buffer);
  out.arrayHeader(24);  // 98 18
  out.unsignedInt(0);   // no room left
  EXPECT_FALSE(out.ok());
  EXPECT_EQ(buffer, (Bytes{0x98, 0x18}));
}

// ---- the reader's defences ----

Status readAll(const Bytes& bytes) {
  Reader in(bytes);
  in.skip();
  return in.status();
}

TEST(Cbor, RejectsLengthsLargerThanTheInput) {
  EXPECT_EQ(readAll(hex("7b ff ff ff ff ff ff ff ff 41")), Status::too_long);  // text of 2^64-1
  EXPECT_EQ(readAll(hex("5a 00 01 00 00 01 02")), Status::too_long);           // bytes of 65536
  EXPECT_EQ(readAll(hex("9b 00 00 00 01 00 00 00 00")), Status::too_long);     // 2^32 items
  EXPECT_EQ(readAll(hex("83 01 02")), Status::too_long);                       // 3 items in 2 bytes
  EXPECT_EQ(readAll(hex("83 01 02 19")), Status::truncated);                   // the 3rd is cut
  EXPECT_EQ(readAll(hex("b9 ff ff 01")), Status::too_long);                    // map of 65535
  EXPECT_EQ(readAll(hex("19 01")), Status::truncated);                         // head cut short
  EXPECT_EQ(readAll(hex("")), Status::truncated);
}

TEST(Cbor, RejectsWhatEdgecutDoesNotUse) {
  EXPECT_EQ(readAll(hex("9f 01 ff")), Status::unsupported);  // indefinite array
  EXPECT_EQ(readAll(hex("7f 61 61 ff")), Status::unsupported);
  EXPECT_EQ(readAll(hex("c1 1a 51 4b 67 b0")), Status::unsupported);  // tag 1
  EXPECT_EQ(readAll(hex("1c")), Status::malformed);                    // reserved info 28
  EXPECT_EQ(readAll(hex("f7")), Status::unsupported);                  // undefined
  EXPECT_EQ(readAll(hex("a1 01 02")), Status::unsupported);            // {1: 2}: keys are text
  EXPECT_EQ(readAll(hex("a1 a0 02")), Status::unsupported);            // {{}: 2}
  EXPECT_EQ(readAll(hex("a1 61 6b 02")), Status::ok);                  // {"k": 2}
}

TEST(Cbor, LimitsNesting) {
  Bytes ok(kMaxNestingDepth, 0x81);
  ok.push_back(0x01);
  EXPECT_EQ(readAll(ok), Status::ok);
  Bytes deep(kMaxNestingDepth + 1, 0x81);
  deep.push_back(0x01);
  EXPECT_EQ(readAll(deep), Status::too_deep);
  Bytes hostile(100000, 0x81);  // would overflow the stack of an unbounded walk
  EXPECT_EQ(readAll(hostile), Status::too_deep);
}

TEST(Cbor, TypeMismatchIsStickyAndConsumesNothing) {
  Bytes bytes = hex("61 61");
  Reader in(bytes);
  std::uint64_t n = 0;
  EXPECT_FALSE(in.unsignedInt(n));
  EXPECT_EQ(in.status(), Status::wrong_type);
  EXPECT_EQ(in.position(), 0u);
  std::string_view text;
  EXPECT_FALSE(in.text(text)) << "a failed reader refuses everything";
  EXPECT_EQ(in.peek(), Kind::invalid);
}

TEST(Cbor, SignedIntegersOutsideInt64AreOutOfRange) {
  Bytes bytes = hex("1b 80 00 00 00 00 00 00 00");
  Reader in(bytes);
  std::int64_t v = 0;
  EXPECT_FALSE(in.signedInt(v));
  EXPECT_EQ(in.status(), Status::out_of_range);
}

// Found by cbor_fuzzer: skip() accepted -2^64 (read as a double) while every reader that gives
// the value to a program rejects it, so a frame could pass validation with a value nobody can read.
TEST(Cbor, NegativeIntegersBelowInt64AreNotWellFormedItems) {
  EXPECT_EQ(readAll(hex("3b ff ff ff ff ff ff ff ff")), Status::out_of_range);  // -2^64
  EXPECT_EQ(readAll(hex("84 3b fb bf f8 00 00 00 00 00 00 82 61 61 62 62 63 82 03 f5")),
            Status::out_of_range);  // the fuzzer's input
  EXPECT_EQ(readAll(hex("3b 7f ff ff ff ff ff ff ff")), Status::ok);  // INT64_MIN
  EXPECT_EQ(readAll(hex("1b ff ff ff ff ff ff ff ff")), Status::ok);  // UINT64_MAX
}

TEST(Cbor, CountsDataValues) {
  auto count = [](const char* item) {
    std::size_t n = 99;
    EXPECT_TRUE(countDataValues(hex(item), n)) << item;
    return n;
  };
  EXPECT_EQ(count("18 64"), 1u);
  EXPECT_EQ(count("f6"), 0u) << "null is no value";
  EXPECT_EQ(count("80"), 0u);
  EXPECT_EQ(count("83 01 61 61 f5"), 3u);
  EXPECT_EQ(count("82 82 01 02 83 f6 03 fb 3f f1 99 99 99 99 99 9a"), 4u);
  EXPECT_EQ(count("a1 61 61 01"), 2u);
  std::size_t n = 0;
  EXPECT_FALSE(countDataValues(hex("01 02"), n)) << "two items are not one";
  EXPECT_FALSE(countDataValues(hex("82 01"), n));
}

TEST(Cbor, DescribesEveryStatus) {
  for (int s = 0; s < kStatusCount; ++s) {
    EXPECT_STRNE(describe(static_cast<Status>(s)), "unknown status");
  }
}

}  // namespace cbor_test_cpp
}  // namespace
}  // namespace edgecut::wire
