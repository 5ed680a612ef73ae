// Frames: exact layout, a round trip of every op, and the header's checks.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "edgecut/runtime/frame.hpp"
#include "edgecut/runtime/values.hpp"
#include "test_bytes.hpp"

namespace edgecut::wire {
namespace {
namespace frame_test_cpp {

using test::Bytes;
using test::encoded;
using test::hex;

constexpr Address kRequest{7, 0, 3};

Frame decoded(const Bytes& bytes) {
  Frame frame;
  EXPECT_EQ(decodeFrame(bytes, frame), Status::ok);
  return frame;
}

TEST(Frame, HasTheDocumentedLayout) {
  // version 1 | READ (2), seq 7, src 0, dst 3, sensor id as a CBOR uint.
  EXPECT_EQ(encoded([](Writer& w) { encodeRead(w, kRequest, 0xf3073b6fu); }),
            hex("12 07 00 03 1a f3 07 3b 6f"));
  // RESULT 42 from mote 3, seq 300 as a varint.
  EXPECT_EQ(encoded([](Writer& w) { encodeResult(w, Address{300, 3, 0}, 42); }),
            hex("15 ac 02 03 00 18 2a"));
}

TEST(Frame, OpCodesComeFromOpsDef) {
  EXPECT_STREQ(opName(Op::HELLO), "HELLO");
  EXPECT_STREQ(opName(Op::ERROR), "ERROR");
  EXPECT_EQ(static_cast<int>(Op::CALL), 4);
  EXPECT_TRUE(isOp(0x6));
  EXPECT_FALSE(isOp(0x0));
  EXPECT_FALSE(isOp(0x7));
  EXPECT_EQ(opName(static_cast<Op>(0xf)), nullptr);
}

TEST(Frame, ReplyAddressSwapsEndsAndKeepsTheSequenceNumber) {
  const Address reply = kRequest.reply();
  EXPECT_EQ(reply.seq, 7u);
  EXPECT_EQ(reply.src, 3u);
  EXPECT_EQ(reply.dst, 0u);
}

// Every op: encode -> decode gives the fields back, and re-encoding them gives the same bytes.
TEST(Frame, EveryOpRoundTrips) {
  const Address big{0xffffffffu, 0xfffffffeu, 1};
  {
    const Bytes bytes = encoded([&](Writer& w) { encodeHello(w, big, 0x0123456789abcdefull, 0x80000005u); });
    const Frame f = decoded(bytes);
    EXPECT_EQ(f.op, Op::HELLO);
    EXPECT_EQ(f.address.seq, big.seq);
    EXPECT_EQ(f.address.src, big.src);
    EXPECT_EQ(f.address.dst, big.dst);
    EXPECT_EQ(f.number, 0x0123456789abcdefull);
    EXPECT_EQ(f.epoch, 0x80000005u);
    EXPECT_EQ(encoded([&](Writer& w) { encodeHello(w, f.address, f.number, f.epoch); }), bytes);
  }
  {
    const Bytes bytes = encoded([&](Writer& w) { encodeRead(w, kRequest, 12345); });
    const Frame f = decoded(bytes);
    EXPECT_EQ(f.op, Op::READ);
    EXPECT_EQ(f.number, 12345u);
    EXPECT_TRUE(f.value.empty());
    EXPECT_EQ(encoded([&](Writer& w) { encodeRead(w, f.address, static_cast<SensorId>(f.number)); }), bytes);
  }
  {
    const Bytes bytes = encoded([&](Writer& w) { encodeWrite(w, kRequest, 0x626144c1u, -5); });
    const Frame f = decoded(bytes);
    EXPECT_EQ(f.op, Op::WRITE);
    EXPECT_EQ(f.number, 0x626144c1u);
    int value = 0;
    EXPECT_EQ(decodeValue(f.value, value), Status::ok);
    EXPECT_EQ(value, -5);
    EXPECT_EQ(encoded([&](Writer& w) { encodeWrite(w, f.address, static_cast<ActuatorId>(f.number), value); }), bytes);
  }
  {
    const std::vector<double> readings{1.5, -2.25};
    const Bytes bytes = encoded([&](Writer& w) { encodeCall(w, kRequest, 0x2e6d8081u, 8, std::string("x"), readings); });
    const Frame f = decoded(bytes);
    EXPECT_EQ(f.op, Op::CALL);
    EXPECT_EQ(f.number, 0x2e6d8081u);
    int samples = 0;
    std::string name;
    std::vector<double> back;
    EXPECT_EQ(decodeArguments(f.value, samples, name, back), Status::ok);
    EXPECT_EQ(samples, 8);
    EXPECT_EQ(name, "x");
    EXPECT_EQ(back, readings);
    EXPECT_EQ(encoded([&](Writer& w) { encodeCall(w, f.address, static_cast<FunctionId>(f.number), samples, name, back); }),
              bytes);
  }
  {
    const Bytes bytes = encoded([&](Writer& w) { encodeResult(w, kRequest.reply(), std::string("done")); });
    const Frame f = decoded(bytes);
    EXPECT_EQ(f.op, Op::RESULT);
    std::string value;
    EXPECT_EQ(decodeValue(f.value, value), Status::ok);
    EXPECT_EQ(value, "done");
    EXPECT_EQ(encoded([&](Writer& w) { encodeResult(w, f.address, value); }), bytes);
  }
  {
    const Bytes bytes = encoded([&](Writer& w) { encodeVoidResult(w, kRequest.reply()); });
    const Frame f = decoded(bytes);
    EXPECT_EQ(f.op, Op::RESULT);
    EXPECT_TRUE(f.value.empty()) << "a void result carries no value";
    EXPECT_EQ(encoded([&](Writer& w) { encodeVoidResult(w, f.address); }), bytes);
  }
  {
    const Bytes bytes = encoded([&](Writer& w) { encodeError(w, kRequest.reply(), ErrorCode::UNKNOWN_FUNCTION, "no such function"); });
    const Frame f = decoded(bytes);
    EXPECT_EQ(f.op, Op::ERROR);
    EXPECT_EQ(f.number, static_cast<std::uint32_t>(ErrorCode::UNKNOWN_FUNCTION));
    EXPECT_EQ(f.message, "no such function");
    EXPECT_EQ(encoded([&](Writer& w) { encodeError(w, f.address, static_cast<ErrorCode>(f.number), f.message); }), bytes);
  }
}

// A HELLO is the same bytes whatever the programs' files are called: the fingerprint (9 bytes as
// CBOR) and the boot epoch, whose top bit keeps it 5, after the 4-byte header.
TEST(Frame, AHelloCarriesTheFingerprintAndTheBootEpochOnly) {
  EXPECT_EQ(encoded([&](Writer& w) { encodeHello(w, kRequest, 0xfb192ba1c6760b4eull, 0x80000001u); }),
            hex("11 07 00 03 1b fb 19 2b a1 c6 76 0b 4e 1a 80 00 00 01"));
}

// encodeFrame writes what decodeFrame read, canonically: padded varints and long CBOR heads come
// back in their shortest forms, and the value item is copied as it came.
TEST(Frame, EncodeFrameWritesADecodedFrameBack) {
  const Bytes call = encoded([&](Writer& w) { encodeCall(w, kRequest, 0x2e6d8081u, 8, std::string("x")); });
  EXPECT_EQ(encoded([&](Writer& w) { encodeFrame(w, decoded(call)); }), call);
  const Bytes hello = encoded([&](Writer& w) { encodeHello(w, kRequest, 0xfb192ba1c6760b4eull, 0x80000001u); });
  EXPECT_EQ(encoded([&](Writer& w) { encodeFrame(w, decoded(hello)); }), hello);
  const Bytes error = encoded([&](Writer& w) { encodeError(w, kRequest.reply(), ErrorCode::TIMEOUT, "late"); });
  EXPECT_EQ(encoded([&](Writer& w) { encodeFrame(w, decoded(error)); }), error);
  // READ of sensor 1 with seq 7 written as a two-byte varint and the id as a two-byte head.
  const Bytes padded = hex("12 87 00 00 03 18 01");
  EXPECT_EQ(encoded([&](Writer& w) { encodeFrame(w, decoded(padded)); }), hex("12 07 00 03 01"));
  // A WRITE whose value has a long head keeps it: values are opaque to the frame layer.
  const Bytes write = hex("13 07 00 03 01 18 05");
  EXPECT_EQ(encoded([&](Writer& w) { encodeFrame(w, decoded(write)); }), write);
}

TEST(Frame, RejectsBadHeaders) {
  Frame f;
  EXPECT_EQ(decodeFrame(hex(""), f), Status::truncated);
  EXPECT_EQ(decodeFrame(hex("22 07 00 03 01"), f), Status::bad_version);
  EXPECT_EQ(decodeFrame(hex("02 07 00 03 01"), f), Status::bad_version);
  EXPECT_EQ(decodeFrame(hex("10 07 00 03 01"), f), Status::bad_op);
  EXPECT_EQ(decodeFrame(hex("1f 07 00 03 01"), f), Status::bad_op);
  EXPECT_EQ(decodeFrame(hex("12 07 00"), f), Status::truncated);
  // A node id above 32 bits.
  EXPECT_EQ(decodeFrame(hex("12 07 80 80 80 80 10 03 01"), f), Status::out_of_range);
}

TEST(Frame, RejectsBodiesThatDoNotFitTheirOp) {
  Frame f;
  EXPECT_EQ(decodeFrame(hex("12 07 00 03 01 02"), f), Status::trailing_bytes);  // READ with two ids
  EXPECT_EQ(decodeFrame(hex("12 07 00 03 61 61"), f), Status::wrong_type);      // READ of a text id
  EXPECT_EQ(decodeFrame(hex("12 07 00 03 1b 00 00 00 01 00 00 00 00"), f), Status::out_of_range);
  EXPECT_EQ(decodeFrame(hex("13 07 00 03 01"), f), Status::truncated);          // WRITE without value
  EXPECT_EQ(decodeFrame(hex("14 07 00 03 01 05"), f), Status::wrong_type);      // CALL args not an array
  EXPECT_EQ(decodeFrame(hex("14 07 00 03 01 82 05"), f), Status::too_long);
  EXPECT_EQ(decodeFrame(hex("14 07 00 03 01 82 05 19"), f), Status::truncated);
  EXPECT_EQ(decodeFrame(hex("15 07 03 00 01 02"), f), Status::trailing_bytes);  // RESULT of two values
  EXPECT_EQ(decodeFrame(hex("16 07 03 00 01"), f), Status::truncated);          // ERROR without message
  EXPECT_EQ(decodeFrame(hex("11 07 00 03"), f), Status::truncated);             // HELLO without fingerprint
  Bytes huge(kMaxFrameBytes + 1, 0);
  huge[0] = 0x15;
  EXPECT_EQ(decodeFrame(huge, f), Status::too_long);
}

TEST(Frame, CountsDataValuesPerTheEnergyModel) {
  auto values = [](auto&& write) { return dataValues(decoded(encoded(write))); };
  EXPECT_EQ(values([](Writer& w) { encodeHello(w, kRequest, 99, 0x80000000u); }), 0u);
  EXPECT_EQ(values([](Writer& w) { encodeRead(w, kRequest, 99); }), 0u) << "the sensor id is addressing";
  EXPECT_EQ(values([](Writer& w) { encodeResult(w, kRequest.reply(), 24); }), 1u) << "a READ reply";
  EXPECT_EQ(values([](Writer& w) { encodeVoidResult(w, kRequest.reply()); }), 0u) << "a WRITE ack";
  EXPECT_EQ(values([](Writer& w) { encodeWrite(w, kRequest, 1, 1); }), 1u);
  EXPECT_EQ(values([](Writer& w) { encodeError(w, kRequest.reply(), ErrorCode::FAULT, "boom"); }), 0u);
  EXPECT_EQ(values([](Writer& w) { encodeCall(w, kRequest, 1); }), 0u);
  EXPECT_EQ(values([](Writer& w) {
              encodeCall(w, kRequest, 1, 8, std::vector<int>{1, 2, 3}, std::pair<std::string, bool>("a", true));
            }),
            6u)
      << "scalar leaves of the arguments";
  EXPECT_EQ(values([](Writer& w) {
              encodeResult(w, kRequest.reply(), std::vector<std::optional<int>>{1, std::nullopt, 3});
            }),
            2u)
      << "an empty optional carries no value";
}

TEST(Frame, DescribesEveryErrorCode) {
#define EDGECUT_ERROR(name, code, meaning) EXPECT_STREQ(describe(ErrorCode::name), meaning);
#include "edgecut/runtime/errors.def"
  EXPECT_STREQ(describe(static_cast<ErrorCode>(9999)), "unknown error");
}

}  // namespace frame_test_cpp
}  // namespace
}  // namespace edgecut::wire
