// Authenticated sessions (authenticated_transport.hpp) between a base and a mote host: a captured
// WRITE moves nothing again, within its session, after a new one, or after the mote restarted; a
// replayed HELLO is rejected, or if the mote cannot know it, resets nothing; forged frames and
// requests without a session are counted, and the refusal says nothing.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "edgecut/runtime/mote_host.hpp"
#include "glue_network.hpp"
#include "sealed_peer.hpp"

namespace edgecut::mote {
namespace {
namespace session_test_cpp {

using test::Bytes;
using test::encoded;
using test::SealedPeer;

constexpr ActuatorId kLed = 0x2001;
constexpr Fingerprint kFingerprint = 0xabcdef0123456789ull;
constexpr std::uint32_t kBaseEpoch = 0x80000001u;

constexpr NamedId kActuators[] = {{kLed, "led"}};

const ProgramInfo kProgram{
    .fingerprint = kFingerprint,
    .programFile = "lamp.cpp",
    .planFile = "plan.json",
    .networkCbor = test::glueNetwork(R"({"motes": [{"id": 1, "position": [0, 0], "actuators": ["led"]}]})"),
    .instructionCost = 1,
    .transmitCost = 100,
    .actuators = kActuators,
};

bool dispatch(Call& call) { return call.unknownFunction(); }

wire::NetworkKey keyOf(std::uint8_t first) {
  wire::NetworkKey key;
  for (std::size_t i = 0; i < key.bytes.size(); ++i) key.bytes[i] = static_cast<std::uint8_t>(first + i);
  return key;
}
const wire::NetworkKey kKey = keyOf(1);

Bytes hello(std::uint32_t seq) {
  return encoded([&](wire::Writer& w) { wire::encodeHello(w, {seq, 0, 1}, kFingerprint, kBaseEpoch); });
}
Bytes write(std::uint32_t seq, int value) {
  return encoded([&](wire::Writer& w) { wire::encodeWrite(w, {seq, 0, 1}, kLed, value); });
}

// The mote program's side of the link: each step gives what arrives next, and may look at what
// the host sent before it (`sent`, sealed).
class Conversation final : public Transport {
 public:
  using Step = std::function<std::pair<Event, Bytes>()>;
  std::vector<Step> steps;
  std::vector<Bytes> sent;
  std::optional<sim::HostStats> reported;

  std::string describe() const override { return "the conversation"; }
  Event next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point>) override {
    if (position_ == steps.size()) return Event::closed;
    auto [event, bytes] = steps[position_++]();
    frame = std::move(bytes);
    return event;
  }
  bool send(NodeId, std::span<const std::uint8_t> frame) override {
    sent.emplace_back(frame.begin(), frame.end());
    return true;
  }
  void reportStats(sim::HostStats& stats) override { reported = stats; }

 private:
  std::size_t position_ = 0;
};

std::pair<Transport::Event, Bytes> arrives(Bytes bytes) { return {Transport::Event::frame, std::move(bytes)}; }
std::pair<Transport::Event, Bytes> shutdown() { return {Transport::Event::shutdown, {}}; }

// Runs a mote host (a fresh one: a mote program started) on `steps`; returns what it reported.
sim::HostStats serve(std::vector<Conversation::Step> steps, Conversation*& conversation) {
  auto owned = std::make_unique<Conversation>();
  conversation = owned.get();
  owned->steps = std::move(steps);
  AuthenticatedTransport transport(std::move(owned), kKey, [](NodeId node) { return node == 1; });
  MoteHost host(kProgram, &dispatch);
  EXPECT_EQ(host.serve(transport), 0);
  EXPECT_TRUE(conversation->reported);
  return conversation->reported.value_or(sim::HostStats{});
}

std::vector<int> ledValues(const sim::HostStats& stats) {
  std::vector<int> values;
  for (const sim::ActuatorWrite& write : stats.actuatorWrites) values.push_back(write.value.get<int>());
  return values;
}

TEST(Sessions, ACapturedWriteMovesNothingInItsSessionAfterANewOneOrAfterTheMoteRestarted) {
  SealedPeer base(kKey, 0);
  Bytes hello1;
  Bytes write1;
  Conversation* mote = nullptr;
  // The base's answers must open at the base: the next request goes in the session they give.
  auto answered = [&] {
    const std::optional<Bytes> answer = base.open(mote->sent.back());
    EXPECT_TRUE(answer) << "the base opens the mote's answer";
    return answer.has_value();
  };
  const sim::HostStats first = serve(
      {
          [&] { return arrives(hello1 = base.seal(hello(1))); },
          [&] {
            answered();
            return arrives(write1 = base.seal(write(2, 1)));
          },
          [&] {
            answered();
            return arrives(write1);  // in its own session: a resend, or a replay; the kept ack
          },
          [&] {
            answered();
            return arrives(base.seal(hello(3)));  // the next run of the base: a new session
          },
          [&] {
            answered();
            return arrives(base.seal(write(4, 0)));
          },
          [&] {
            answered();
            return arrives(write1);  // of the session that ended: replayed
          },
          [&] { return arrives(hello1); },  // it opened a session before: replayed
          [&] { return arrives(write1); },
          [&] {
            EXPECT_EQ(mote->sent.size(), 5u) << "nothing answers the replays";
            return shutdown();
          },
      },
      mote);
  EXPECT_EQ(ledValues(first), (std::vector<int>{1, 0})) << "each authentic WRITE once, no replay";
  EXPECT_EQ(first.duplicateRequests, 1u);
  EXPECT_EQ(first.rejected.replayed, 3u);
  EXPECT_EQ(first.rejected.forged, 0u);
  EXPECT_EQ(first.rejected.unsolicited, 0u);

  // The mote restarts (a new program, which knows no session): the captured HELLO gets a new
  // challenge, which the WRITE recorded after it cannot answer.
  std::optional<Bytes> refusal;
  const sim::HostStats restarted = serve(
      {
          [&] { return arrives(hello1); },
          [&] { return arrives(write1); },
          [&] {
            EXPECT_EQ(mote->sent.size(), 2u) << "the HELLO's answer, and NOT_INTRODUCED";
            refusal = base.open(mote->sent.back());
            return shutdown();
          },
      },
      mote);
  EXPECT_TRUE(restarted.actuatorWrites.empty()) << "the LED did not move";
  EXPECT_EQ(restarted.rejected.unsolicited, 1u);
  ASSERT_TRUE(refusal) << "the refusal is bound to the request it refuses, which the base sent";
  wire::Frame frame;
  ASSERT_EQ(wire::decodeFrame(*refusal, frame), wire::Status::ok);
  EXPECT_EQ(frame.op, wire::Op::ERROR);
  EXPECT_EQ(static_cast<wire::ErrorCode>(frame.number), wire::ErrorCode::NOT_INTRODUCED);
  EXPECT_EQ(frame.message, "") << "it says nothing else";
  EXPECT_EQ(frame.address.seq, 2u);
}

// The attack that a HELLO with another boot epoch made possible: it reset the mote's duplicate
// window, so that a resent WRITE ran again. Now only the new session's first request does that.
TEST(Sessions, AHelloTheMoteCannotKnowForAReplayResetsNothing) {
  SealedPeer base(kKey, 0);
  SealedPeer earlier(kKey, 0);  // an earlier run of the base, its HELLO recorded long ago
  const Bytes oldHello = earlier.seal(hello(1));
  Bytes resent;
  Conversation* mote = nullptr;
  const sim::HostStats stats = serve(
      {
          [&] { return arrives(base.seal(hello(1))); },
          [&] {
            base.open(mote->sent.back());
            return arrives(resent = base.seal(write(2, 1)));
          },
          [&] { return arrives(oldHello); },  // answered with a new challenge, nothing more
          [&] { return arrives(resent); },    // the base resends: still its session, the kept ack
          [&] {
            EXPECT_EQ(base.open(mote->sent.back()), base.open(mote->sent[1])) << "the same ack";
            return shutdown();
          },
      },
      mote);
  EXPECT_EQ(ledValues(stats), (std::vector<int>{1})) << "the resent WRITE did not run again";
  EXPECT_EQ(stats.duplicateRequests, 1u);
}

TEST(Sessions, ForgedFramesAreCountedAndANodeWithoutTheKeyLearnsNothing) {
  SealedPeer base(kKey, 0);
  SealedPeer stranger(keyOf(2), 0);  // another network key
  Conversation* mote = nullptr;
  auto flipped = [](Bytes bytes, std::size_t fromEnd) {
    bytes[bytes.size() - fromEnd] ^= 1;
    return bytes;
  };
  const sim::HostStats stats = serve(
      {
          [&] { return arrives(hello(1)); },                 // no tag
          [&] { return arrives(stranger.seal(hello(2))); },  // another key
          [&] { return arrives(base.seal(hello(3))); },
          [&] {
            EXPECT_TRUE(base.open(mote->sent.back()));
            return arrives(base.seal(write(4, 1)));
          },
          [&] { return arrives(flipped(base.seal(write(5, 1)), wire::kMacBytes + 1)); },  // the value: 1 is 0
          [&] { return arrives(flipped(base.seal(write(6, 1)), 1)); },                    // the tag
          [&] { return arrives(write(7, 1)); },                                            // no tag
          [&] {
            EXPECT_EQ(mote->sent.size(), 2u) << "the authentic HELLO's answer and WRITE's ack, nothing else";
            return shutdown();
          },
      },
      mote);
  EXPECT_EQ(ledValues(stats), (std::vector<int>{1}));
  EXPECT_EQ(stats.rejected.forged, 5u);
  EXPECT_EQ(stats.rejected.replayed, 0u);
  EXPECT_EQ(stats.rejected.unsolicited, 0u);
}

TEST(Sessions, TheSessionChangesWhenThePeerOpensANewOneNotAtItsHello) {
  SealedPeer base(kKey, 0);
  SealedPeer mote(kKey, 1);
  EXPECT_EQ(mote.transport().session(1, 0), 0u) << "no session yet";
  ASSERT_TRUE(mote.open(base.seal(hello(1))));
  ASSERT_TRUE(base.open(mote.seal(encoded([](wire::Writer& w) {
    wire::encodeHello(w, {1, 1, 0}, kFingerprint, kBaseEpoch);
  }))));
  EXPECT_EQ(mote.transport().session(1, 0), 0u) << "the HELLO alone opens nothing";
  ASSERT_TRUE(mote.open(base.seal(write(2, 1))));
  const std::uint64_t first = *mote.transport().session(1, 0);
  EXPECT_NE(first, 0u);
  EXPECT_NE(base.transport().session(0, 1), 0u) << "the base took the session with the answer";

  // A request far behind the window is a replay even in its own session.
  ASSERT_TRUE(mote.open(base.seal(write(100, 1))));
  EXPECT_FALSE(mote.open(base.seal(write(3, 1))));
  EXPECT_EQ(mote.transport().rejected().replayed, 1u);
  EXPECT_EQ(mote.transport().session(1, 0), first);

  ASSERT_TRUE(mote.open(base.seal(hello(101))));
  ASSERT_TRUE(base.open(mote.seal(encoded([](wire::Writer& w) {
    wire::encodeHello(w, {101, 1, 0}, kFingerprint, kBaseEpoch);
  }))));
  EXPECT_EQ(mote.transport().session(1, 0), first);
  ASSERT_TRUE(mote.open(base.seal(write(102, 0))));
  EXPECT_GT(*mote.transport().session(1, 0), first);
}

TEST(Sessions, SealedFramesTakeTheirEnvelopeOnTheAir) {
  SealedPeer base(kKey, 0);
  const Bytes plainHello = hello(1);
  const Bytes sealedHello = base.seal(plainHello);
  EXPECT_EQ(sealedHello.size(), plainHello.size() + wire::kChallengeBytes + wire::kMacBytes);
  EXPECT_EQ(base.transport().airBytes(plainHello), sealedHello.size());
  EXPECT_EQ(base.transport().airBytes(write(2, 1)), write(2, 1).size() + wire::kMacBytes);
  EXPECT_TRUE(base.seal(write(2, 1)).empty()) << "no session: nothing goes out";
}

}  // namespace session_test_cpp
}  // namespace
}  // namespace edgecut::mote
