// Hostile input: every truncation of valid frames and thousands of seeded random mutations must be
// rejected (or decode to a valid frame), never crash, hang, read out of bounds or allocate based
// on an unchecked length. Run under -fsanitize=address,undefined to get the full value.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "edgecut/runtime/frame.hpp"
#include "edgecut/runtime/values.hpp"
#include "test_bytes.hpp"

// Records the largest heap allocation of this test program, so that a test can prove a decoder
// never sized an allocation by a length it had not checked.
namespace {
std::atomic<std::size_t> largestAllocation{0};
}  // namespace

void* operator new(std::size_t size) {
  std::size_t largest = largestAllocation;
  while (size > largest && !largestAllocation.compare_exchange_weak(largest, size)) {
  }
  if (void* memory = std::malloc(size == 0 ? 1 : size)) return memory;
  throw std::bad_alloc();
}
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }

namespace edgecut::wire {
namespace {
namespace robustness_test_cpp {

using test::Bytes;
using test::encoded;
using test::hex;

std::vector<Bytes> validFrames() {
  const Address request{123456, 0, 17};
  const Address reply = request.reply();
  return {
      encoded([&](Writer& w) { encodeHello(w, request, 0xfb192ba1c6760b4eull, 0x80000001u); }),
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

// A count or length that claims more than the frame holds is rejected by the reader before the
// value codecs reserve anything: a 12-byte frame cannot make a node allocate gigabytes. (The codecs
// may still reserve what a checked count needs: at most a few bytes per byte of input.)
TEST(Robustness, LengthsLargerThanTheFrameAreRejectedBeforeAnyAllocation) {
  struct Case {
    const char* what;
    Bytes frame;  // a WRITE to actuator 1 whose value claims far more than follows
  };
  const std::vector<Case> cases = {
      {"text of 2^32-1 bytes", hex("13 07 00 03 01 7a ff ff ff ff 61 62")},
      {"text of 2^64-1 bytes", hex("13 07 00 03 01 7b ff ff ff ff ff ff ff ff 61")},
      {"array of 2^32-1 items", hex("13 07 00 03 01 9a ff ff ff ff 01 02")},
      {"array of 2^63 items", hex("13 07 00 03 01 9b 80 00 00 00 00 00 00 00 01")},
      {"map of 2^16-1 pairs", hex("13 07 00 03 01 b9 ff ff 61 61 01")},
      {"nested array of 2^32-1 items", hex("13 07 00 03 01 82 01 9a ff ff ff ff 01")},
  };
  for (const Case& c : cases) {
    Frame frame;
    largestAllocation = 0;
    const Status status = decodeFrame(c.frame, frame);
    const std::size_t byDecodeFrame = largestAllocation;
    // The value alone, as a program's codec would meet it if nothing had validated the frame.
    const auto value = std::span<const std::uint8_t>(c.frame).subspan(5);
    std::vector<int> numbers;
    std::vector<std::vector<int>> nested;
    std::vector<bool> flags;
    std::string text;
    const Status asNumbers = decodeValue(value, numbers);
    const Status asNested = decodeValue(value, nested);
    const Status asFlags = decodeValue(value, flags);
    const Status asText = decodeValue(value, text);
    const std::size_t byCodecs = largestAllocation;

    EXPECT_EQ(status, Status::too_long) << c.what;
    EXPECT_EQ(byDecodeFrame, 0u) << c.what << ": decodeFrame allocated";
    EXPECT_NE(asNumbers, Status::ok) << c.what;
    EXPECT_NE(asNested, Status::ok) << c.what;
    EXPECT_NE(asFlags, Status::ok) << c.what;
    EXPECT_NE(asText, Status::ok) << c.what;
    EXPECT_LE(byCodecs, 64u) << c.what << ": the codecs sized an allocation by an unchecked length";
  }
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

}  // namespace robustness_test_cpp
}  // namespace
}  // namespace edgecut::wire
