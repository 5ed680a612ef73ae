// Authenticated frames: sealing and opening (every changed bit, a wrong key, a cut tag are
// rejected), the replay window, and reading key files.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "edgecut/runtime/auth.hpp"
#include "edgecut/runtime/frame.hpp"
#include "edgecut/runtime/key_file.hpp"
#include "edgecut/runtime/values.hpp"
#include "test_bytes.hpp"

namespace edgecut::wire {
namespace {

using test::Bytes;
using test::encoded;

NetworkKey keyOf(std::uint8_t first) {
  NetworkKey key;
  for (std::size_t i = 0; i < key.bytes.size(); ++i) key.bytes[i] = static_cast<std::uint8_t>(first + i);
  return key;
}

Bytes sealed(const NetworkKey& key, Bytes frame) {
  const std::size_t length = frame.size();
  frame.resize(length + kMacBytes);
  const std::size_t total = sealFrame(key, frame, length);
  EXPECT_EQ(total, length + kMacBytes);
  return frame;
}

const Address kRequest{7, 0, 3};
constexpr ActuatorId kValve = 0x626144c1u;

TEST(Auth, SealedFramesOpenToTheFrame) {
  const NetworkKey key = keyOf(1);
  const Bytes write = encoded([&](Writer& w) { encodeWrite(w, kRequest, kValve, 1); });
  const Bytes bytes = sealed(key, write);
  ASSERT_EQ(bytes.size(), write.size() + 16);
  std::span<const std::uint8_t> frame;
  ASSERT_TRUE(openFrame(key, bytes, frame));
  EXPECT_EQ(Bytes(frame.begin(), frame.end()), write);
  Frame decoded;
  EXPECT_EQ(decodeFrame(frame, decoded), Status::ok);
}

TEST(Auth, EveryChangedBitIsRejected) {
  const NetworkKey key = keyOf(1);
  const Bytes bytes = sealed(key, encoded([&](Writer& w) { encodeWrite(w, kRequest, kValve, 1); }));
  for (std::size_t bit = 0; bit < bytes.size() * 8; ++bit) {
    Bytes forged = bytes;
    forged[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    std::span<const std::uint8_t> frame;
    EXPECT_FALSE(openFrame(key, forged, frame)) << "bit " << bit;
  }
}

TEST(Auth, AnotherKeyACutTagOrAnUnsealedFrameIsRejected) {
  const Bytes write = encoded([&](Writer& w) { encodeWrite(w, kRequest, kValve, 1); });
  const Bytes bytes = sealed(keyOf(1), write);
  std::span<const std::uint8_t> frame;
  EXPECT_FALSE(openFrame(keyOf(2), bytes, frame));
  EXPECT_FALSE(openFrame(keyOf(1), Bytes(bytes.begin(), bytes.end() - 1), frame));
  EXPECT_FALSE(openFrame(keyOf(1), write, frame)) << "a plain frame has no tag";
  EXPECT_FALSE(openFrame(keyOf(1), Bytes(kMacBytes, 0), frame)) << "a tag alone is no frame";
  EXPECT_FALSE(openFrame(keyOf(1), Bytes(), frame));
}

TEST(Auth, SealNeedsRoomForTheTag) {
  Bytes buffer(10 + kMacBytes - 1);
  EXPECT_EQ(sealFrame(keyOf(1), buffer, 10), 0u);
  EXPECT_EQ(sealFrame(keyOf(1), buffer, buffer.size() + 1), 0u);
}

TEST(ReplayWindow, AcceptsEachSequenceNumberOnce) {
  using V = ReplayWindow::Verdict;
  ReplayWindow window;
  EXPECT_EQ(window.admit(100), V::fresh);
  EXPECT_EQ(window.admit(100), V::repeated);
  EXPECT_EQ(window.admit(102), V::fresh);
  EXPECT_EQ(window.admit(101), V::fresh) << "late but within the window";
  EXPECT_EQ(window.admit(101), V::repeated);
  EXPECT_EQ(window.admit(102 - 63), V::fresh) << "the oldest number the window holds";
  EXPECT_EQ(window.admit(102 - 64), V::tooOld);
  EXPECT_EQ(window.admit(1000), V::fresh) << "a jump forward";
  EXPECT_EQ(window.admit(102), V::tooOld);
  EXPECT_EQ(window.admit(999), V::fresh);
}

TEST(ReplayWindow, SurvivesTheWrapAt2To32) {
  using V = ReplayWindow::Verdict;
  ReplayWindow window;
  EXPECT_EQ(window.admit(0xfffffffeu), V::fresh);
  EXPECT_EQ(window.admit(1), V::fresh);
  EXPECT_EQ(window.admit(0xffffffffu), V::fresh);
  EXPECT_EQ(window.admit(0xfffffffeu), V::repeated);
  EXPECT_EQ(window.admit(0xfffffffeu - 70), V::tooOld);
}

class KeyFile : public ::testing::Test {
 protected:
  std::string write(const std::string& name, const std::string& content) {
    const std::string path = (std::filesystem::temp_directory_path() / ("edgecut_key_" + name)).string();
    std::ofstream(path, std::ios::binary) << content;
    paths_.push_back(path);
    return path;
  }
  ~KeyFile() override {
    for (const std::string& path : paths_) std::remove(path.c_str());
  }
  std::vector<std::string> paths_;
};

TEST_F(KeyFile, ReadsSixtyFourHexDigits) {
  const std::string path = write("good", "  000102030405060708090a0b0c0d0e0f101112131415161718191A1B1C1D1E1F\n");
  std::string error;
  const auto key = loadNetworkKey(path, error);
  ASSERT_TRUE(key) << error;
  EXPECT_EQ(key->bytes[0], 0x00);
  EXPECT_EQ(key->bytes[31], 0x1f);
}

TEST_F(KeyFile, SaysWhatIsWrong) {
  std::string error;
  const std::string shortPath = write("short", "0011\n");
  EXPECT_FALSE(loadNetworkKey(shortPath, error));
  EXPECT_EQ(error, "key file '" + shortPath +
                       "' holds 4 characters; it must hold the 32-byte key as 64 hexadecimal digits");
  const std::string badPath = write("bad", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1g");
  EXPECT_FALSE(loadNetworkKey(badPath, error));
  EXPECT_EQ(error, "key file '" + badPath +
                       "' has a character that is no hexadecimal digit at offset 63; it must hold the 32-byte "
                       "key as 64 hexadecimal digits");
  EXPECT_FALSE(loadNetworkKey("/nonexistent/network.key", error));
  EXPECT_EQ(error, "cannot open key file '/nonexistent/network.key': No such file or directory");
}

}  // namespace
}  // namespace edgecut::wire
