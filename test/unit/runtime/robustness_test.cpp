// Hostile input: every truncation of valid frames and thousands of seeded random mutations must be
// rejected (or decode to a valid frame), never crash, hang, read out of bounds or allocate based
// on an unchecked length. Run under -fsanitize=address,undefined to get the full value.
#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "edgecut/runtime/frame.hpp"
#include "edgecut/runtime/values.hpp"
#include "test_bytes.hpp"

namespace edgecut::wire {
namespace {

using test::Bytes;
using test::encoded;

std::vector<Bytes> validFrames() {
  const Address request{123456, 0, 17};
  const Address reply = request.reply();
  return {
      encoded([&](Writer& w) { encodeHello(w, request, 0xfb192ba1c6760b4eull); }),
      encoded([&](Writer& w) { encodeRead(w, request, 0xf3073b6fu); }),
      encoded([&](Writer& w) { encodeWrite(w, request, 0x626144c1u, std::string("open")); }),
      encoded([&](Writer& w) {
        encodeCall(w, request, 0x2e6d8081u, 8, -1.5, std::vector<std::string>{"a", "bc"},
                   std::optional<std::tuple<int, bool>>{{3, true}});
      }),
      encoded([&](Writer& w) { encodeResult(w, reply, std::vector<std::vector<int>>{{1, 2}, {3}}); }),
      encoded([&](Writer& w) { encodeVoidResult(w, reply); }),
      encoded([&](Writer& w) { encodeError(w, reply, ErrorCode::BAD_ARGUMENTS, "bad arguments"); }),
  };
}

// Uses a decoded frame the way the runtimes do, so that any later step that trusts decodeFrame is
// exercised on hostile input too.
void consume(const Frame& frame) {
  (void)dataValues(frame);
  std::vector<std::string> strings;
  (void)decodeValue(frame.value, strings);
  std::tuple<int, double, std::vector<std::string>, std::optional<std::tuple<int, bool>>> args;
  (void)decodeArguments(frame.value, std::get<0>(args), std::get<1>(args), std::get<2>(args), std::get<3>(args));
  std::vector<std::vector<int>> nested;
  (void)decodeValue(frame.value, nested);
}

TEST(Robustness, EveryTruncationIsRejected) {
  for (const Bytes& frame : validFrames()) {
    Frame whole;
    ASSERT_EQ(decodeFrame(frame, whole), Status::ok);
    for (std::size_t length = 0; length < frame.size(); ++length) {
      const Bytes cut(frame.begin(), frame.begin() + static_cast<std::ptrdiff_t>(length));
      Frame f;
      const Status status = decodeFrame(cut, f);
      // The one prefix that is itself valid: a RESULT cut right after its header is a void RESULT.
      const bool voidResultPrefix = whole.op == Op::RESULT && status == Status::ok && f.value.empty();
      EXPECT_TRUE(status != Status::ok || voidResultPrefix)
          << "a " << opName(whole.op) << " frame cut to " << length << " bytes was accepted";
      if (status == Status::ok) consume(f);
    }
  }
}

TEST(Robustness, RandomMutationsNeverCrash) {
  std::mt19937 random(20240611);  // seeded: failures reproduce
  const std::vector<Bytes> frames = validFrames();
  std::size_t accepted = 0;
  std::size_t rejected = 0;
  for (int round = 0; round < 5000; ++round) {
    Bytes bytes = frames[random() % frames.size()];
    const int mutations = 1 + static_cast<int>(random() % 4);
    for (int m = 0; m < mutations; ++m) {
      const std::size_t at = random() % (bytes.size() + 1);
      switch (random() % 4) {
        case 0:  // flip bits
          if (at < bytes.size()) bytes[at] ^= static_cast<std::uint8_t>(1 + random() % 255);
          break;
        case 1:  // insert a byte
          bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(at), static_cast<std::uint8_t>(random()));
          break;
        case 2:  // delete a byte
          if (at < bytes.size()) bytes.erase(bytes.begin() + static_cast<std::ptrdiff_t>(at));
          break;
        case 3:  // a huge length or count where a head is likely
          if (at < bytes.size()) {
            const std::uint8_t major = static_cast<std::uint8_t>((2 + random() % 4) << 5);
            bytes[at] = major | 0x1b;
            bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(at) + 1, 8, 0xff);
          }
          break;
      }
    }
    Frame f;
    if (decodeFrame(bytes, f) == Status::ok) {
      ++accepted;
      consume(f);
    } else {
      ++rejected;
    }
  }
  EXPECT_GT(rejected, 1000u) << "mutations should mostly break frames";
  EXPECT_GT(accepted, 0u) << "some mutations (e.g. of a value's bits) leave a valid frame";
}

TEST(Robustness, RandomBytesNeverCrash) {
  std::mt19937 random(7);
  for (int round = 0; round < 3000; ++round) {
    Bytes bytes(random() % 64);
    for (auto& b : bytes) b = static_cast<std::uint8_t>(random());
    if (!bytes.empty()) bytes[0] = static_cast<std::uint8_t>(0x10 | (1 + random() % 6));  // get past the op
    Frame f;
    if (decodeFrame(bytes, f) == Status::ok) consume(f);
  }
}

}  // namespace
}  // namespace edgecut::wire
