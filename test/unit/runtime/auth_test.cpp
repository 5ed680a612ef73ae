// Authenticated frames (auth.hpp): sealing and opening (every changed bit, a wrong key, binding or
// session, a cut tag are rejected), control messages, the replay window, and reading key files.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "edgecut/runtime/auth.hpp"
#include "edgecut/runtime/frame.hpp"
#include "edgecut/runtime/key_file.hpp"
#include "edgecut/runtime/values.hpp"
#include "test_bytes.hpp"

namespace edgecut::wire {
namespace {
namespace auth_test_cpp {

using test::Bytes;
using test::encoded;

NetworkKey keyOf(std::uint8_t first) {
  NetworkKey key;
  for (std::size_t i = 0; i < key.bytes.size(); ++i) key.bytes[i] = static_cast<std::uint8_t>(first + i);
  return key;
}

// `frame` sealed under `binding` and `context` (a HELLO with `challenge` after it).
Bytes sealed(const NetworkKey& key, Bytes frame, Binding binding = Binding::session,
             std::span<const std::uint8_t> context = {}, std::span<const std::uint8_t> challenge = {}) {
  frame.insert(frame.end(), challenge.begin(), challenge.end());
  const std::size_t length = frame.size();
  frame.resize(length + kMacBytes);
  EXPECT_EQ(seal(key, binding, context, frame, length), length + kMacBytes);
  return frame;
}

bool opens(const NetworkKey& key, const Bytes& bytes, Binding binding = Binding::session,
           std::span<const std::uint8_t> context = {}) {
  Sealed parts;
  return splitSealed(bytes, parts) && verify(key, binding, context, parts);
}

const Address kRequest{7, 0, 3};
constexpr ActuatorId kValve = 0x626144c1u;

Bytes aWrite() {
  return encoded([&](Writer& w) { encodeWrite(w, kRequest, kValve, 1); });
}

TEST(Auth, ASealedFrameSplitsIntoItsFrameAndTag) {
  const NetworkKey key = keyOf(1);
  const Bytes write = aWrite();
  const Bytes bytes = sealed(key, write);
  ASSERT_EQ(bytes.size(), write.size() + 16);
  Sealed parts;
  ASSERT_TRUE(splitSealed(bytes, parts));
  EXPECT_EQ(Bytes(parts.frame.begin(), parts.frame.end()), write);
  EXPECT_TRUE(parts.challenge.empty());
  EXPECT_TRUE(verify(key, Binding::session, {}, parts));
  Frame decoded;
  EXPECT_EQ(decodeFrame(parts.frame, decoded), Status::ok);
}

TEST(Auth, AHelloCarriesItsChallengeBeforeTheTag) {
  const NetworkKey key = keyOf(1);
  const Bytes hello = encoded([&](Writer& w) { encodeHello(w, kRequest, 0xfb192ba1c6760b4eull, 0x80000001u); });
  const Challenge challenge = newChallenge();
  const Bytes bytes = sealed(key, hello, Binding::helloRequest, {}, challenge);
  EXPECT_EQ(envelopeBytes(bytes[0]), kChallengeBytes + kMacBytes);
  EXPECT_EQ(envelopeBytes(aWrite()[0]), kMacBytes);
  Sealed parts;
  ASSERT_TRUE(splitSealed(bytes, parts));
  EXPECT_EQ(Bytes(parts.frame.begin(), parts.frame.end()), hello);
  EXPECT_EQ(Bytes(parts.challenge.begin(), parts.challenge.end()), Bytes(challenge.begin(), challenge.end()));
  EXPECT_TRUE(verify(key, Binding::helloRequest, {}, parts));
  EXPECT_NE(newChallenge(), challenge) << "challenges are random";
}

TEST(Auth, EveryChangedBitIsRejected) {
  const NetworkKey key = keyOf(1);
  const Bytes bytes = sealed(key, aWrite());
  for (std::size_t bit = 0; bit < bytes.size() * 8; ++bit) {
    Bytes forged = bytes;
    forged[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    EXPECT_FALSE(opens(key, forged)) << "bit " << bit;
  }
}

TEST(Auth, AnotherKeyBindingOrContextACutTagOrAnUnsealedFrameIsRejected) {
  const Bytes write = aWrite();
  const Session session{newChallenge(), newChallenge()};
  const Bytes bytes = sealed(keyOf(1), write, Binding::session, contextOf(session));
  EXPECT_TRUE(opens(keyOf(1), bytes, Binding::session, contextOf(session)));
  EXPECT_FALSE(opens(keyOf(2), bytes, Binding::session, contextOf(session)));
  EXPECT_FALSE(opens(keyOf(1), bytes, Binding::answer, contextOf(session))) << "bindings are separate";
  EXPECT_FALSE(opens(keyOf(1), bytes, Binding::session, contextOf(Session{session.requester, newChallenge()})))
      << "another session's frame";
  EXPECT_FALSE(opens(keyOf(1), bytes, Binding::session)) << "no session";
  EXPECT_FALSE(opens(keyOf(1), Bytes(bytes.begin(), bytes.end() - 1), Binding::session, contextOf(session)));
  Sealed parts;
  EXPECT_FALSE(splitSealed(Bytes(kMacBytes, 0x13), parts)) << "a tag alone is no frame";
  EXPECT_FALSE(splitSealed(Bytes(), parts));
  EXPECT_FALSE(opens(keyOf(1), write)) << "a plain frame has no tag";
}

TEST(Auth, SealNeedsRoomForTheTag) {
  Bytes buffer(10 + kMacBytes - 1);
  EXPECT_EQ(seal(keyOf(1), Binding::session, {}, buffer, 10), 0u);
  EXPECT_EQ(seal(keyOf(1), Binding::session, {}, buffer, buffer.size() + 1), 0u);
}

TEST(Auth, ControlMessagesOpenWithTheirTagOnly) {
  Bytes message{0xF1, 1, 2, 3};
  const std::size_t length = message.size();
  message.resize(length + kMacBytes);
  ASSERT_EQ(sealControl(keyOf(1), message, length), message.size());
  std::span<const std::uint8_t> opened;
  ASSERT_TRUE(openControl(keyOf(1), message, opened));
  EXPECT_EQ(Bytes(opened.begin(), opened.end()), (Bytes{0xF1, 1, 2, 3}));
  EXPECT_FALSE(openControl(keyOf(2), message, opened));
  EXPECT_FALSE(openControl(keyOf(1), Bytes{0xF1, 1, 2, 3}, opened));
  EXPECT_FALSE(opens(keyOf(1), message, Binding::session)) << "a control message is no frame";
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

// Challenges come from a pool drawn from the kernel a page at a time: none repeats across
// refills, and a forked child draws other ones than its parent.
TEST(Auth, ChallengesDoNotRepeatAcrossThePoolNorAcrossAFork) {
  std::set<Challenge> seen;
  for (int i = 0; i < 2000; ++i) EXPECT_TRUE(seen.insert(newChallenge()).second) << "challenge " << i;
  int pipeEnds[2];
  ASSERT_EQ(pipe(pipeEnds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const Challenge drawn = newChallenge();
    _exit(write(pipeEnds[1], drawn.data(), drawn.size()) == static_cast<ssize_t>(drawn.size()) ? 0 : 1);
  }
  Challenge inChild{};
  ASSERT_EQ(read(pipeEnds[0], inChild.data(), inChild.size()), static_cast<ssize_t>(inChild.size()));
  int status = 0;
  waitpid(child, &status, 0);
  close(pipeEnds[0]);
  close(pipeEnds[1]);
  EXPECT_FALSE(seen.contains(inChild));
  EXPECT_NE(inChild, newChallenge()) << "the child's next challenge is not the parent's";
}

}  // namespace auth_test_cpp
}  // namespace
}  // namespace edgecut::wire
