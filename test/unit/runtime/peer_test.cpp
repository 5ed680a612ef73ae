// Mote code using other motes: a cluster head reads its members' sensors and drives their
// actuators over the radio. The transport here plays the base's part in the sim: it relays every
// frame between motes and accounts it in a Medium, hop by hop, as base::Runtime does.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "edgecut/runtime/mote_host.hpp"
#include "edgecut/runtime/sim/medium.hpp"
#include "glue_network.hpp"
#include "test_bytes.hpp"

namespace edgecut::mote {
namespace {
namespace peer_test_cpp {

using test::Bytes;
using test::encoded;

constexpr SensorId kTemperature = 0x1001;
constexpr ActuatorId kLed = 0x2001;
constexpr Fingerprint kFingerprint = 0x5eed;
constexpr std::uint32_t kBaseEpoch = 0x80000001u;

constexpr FunctionId kSurvey = 1;  // reads member 0, writes that to member 1's led, adds its own
constexpr FunctionId kSum = 2;     // sums every member's temperature
constexpr FunctionId kCount = 3;   // counts calls in the head's own state
constexpr FunctionId kWork = 4;    // 5 operations, reads member 0, 7 operations
constexpr FunctionId kBusy = 5;    // 100 operations on the mote called
constexpr FunctionId kAskBase = 6;  // the mote's reading plus twice it, doubled by the base
constexpr FunctionId kDouble = 0x100;  // a helper placed on the base (approach 2)
constexpr FunctionId kNote = 0x101;    // a void helper on the base

struct Thermo {
  EDGECUT_MOTE_CLASS("Thermo")
  int getTemperature() { return readSensor<int>(edgecut_mote_, kTemperature); }
  void setLed(int on) { writeActuator(edgecut_mote_, kLed, on); }
  int busy() {
    EDGECUT_OPERATIONS(100);
    return 1;
  }
  int calls = 0;
};

struct Group : Cluster<Thermo> {
  int survey() {
    const int first = motes()[0].getTemperature();
    motes()[1].setLed(first);
    return first + head().getTemperature();
  }
  // As edgecut instruments a body whose blocks count 5 and 7 operations.
  int work() {
    EDGECUT_OPERATIONS(5);
    const int first = motes()[0].getTemperature();
    {
      EDGECUT_OPERATIONS(7);
      return first;
    }
  }
  int sum() {
    int total = 0;
    for (Thermo& m : motes()) total += m.getTemperature();
    return total;
  }
};

// As edgecut generates it for cluster methods.
bool dispatch(Call& call) {
  switch (call.function()) {
    case kSurvey: {
      NodeList members{};
      if (!call.arguments(members)) return call.badArguments();
      return call.reply(call.cluster<Group>(members).survey());
    }
    case kSum: {
      NodeList members{};
      if (!call.arguments(members)) return call.badArguments();
      return call.reply(call.cluster<Group>(members).sum());
    }
    case kCount: {
      NodeList members{};
      if (!call.arguments(members)) return call.badArguments();
      Group& group = call.cluster<Group>(members);
      return call.reply(++group.head().calls);
    }
    case kWork: {
      NodeList members{};
      if (!call.arguments(members)) return call.badArguments();
      return call.reply(call.cluster<Group>(members).work());
    }
    case kBusy:
      return call.reply(call.instance<Thermo>().busy());
    case kAskBase: {
      // As edgecut generates a mote's stub of a remote helper: mote::callBase.
      const int reading = call.instance<Thermo>().getTemperature();
      callBase<void>(kNote, std::string("asking"));
      return call.reply(reading + callBase<int>(kDouble, reading));
    }
    default:
      return call.unknownFunction();
  }
}

constexpr NamedId kSensors[] = {{kTemperature, "temperature"}};
constexpr NamedId kActuators[] = {{kLed, "led"}};
constexpr NamedId kFunctions[] = {{kDouble, "twice"}, {kNote, "note"}};
constexpr const char* kThermoSensors[] = {"temperature"};
constexpr MoteClassInfo kClasses[] = {{"Thermo", kThermoSensors, {}}};

// d²: 3-base 100, 3-1 9, 3-2 25, 3-4 49, 4-1 16. Mote 4 sends everything through mote 1.
const ProgramInfo kProgram{
    .fingerprint = kFingerprint,
    .programFile = "peers.cpp",
    .planFile = "plan.json",
    .networkCbor = test::glueNetwork(R"({"base": {"position": [0, 0]}, "motes": [
      {"id": 1, "position": [10, 3], "sensors": {"temperature": {"values": [20, 21]}}},
      {"id": 2, "position": [14, 3], "actuators": ["led"]},
      {"id": 3, "position": [10, 0], "sensors": {"temperature": {"constant": 7}}, "actuators": ["led"]},
      {"id": 4, "position": [10, 7], "sensors": {"temperature": {"constant": 100}}}
    ], "routes": {"4": 1}})"),
    .instructionCost = 1,
    .transmitCost = 100,
    .sensors = kSensors,
    .actuators = kActuators,
    .moteClasses = kClasses,
    .functions = kFunctions,
};

// The base's side of the sim, in miniature: frames for motes go back to the host (after the
// medium accounted them); frames for the base are kept. With nothing left to deliver it waits
// out the deadline, or, with no deadline, shuts the host down.
class RelayTransport final : public Transport {
 public:
  explicit RelayTransport(const sim::Network& network) : medium(network, 100) {}

  void fromBase(const Bytes& frame) { carry(frame); }

  std::string describe() const override { return "the relay"; }
  Event next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point> deadline) override {
    if (!pending.empty()) {
      frame = std::move(pending.front());
      pending.pop_front();
      return Event::frame;
    }
    if (!deadline) return Event::shutdown;
    std::this_thread::sleep_until(*deadline);
    return Event::timeout;
  }
  bool send(NodeId to, std::span<const std::uint8_t> frame) override {
    wire::Frame decoded;
    EXPECT_TRUE(wire::decodeFrame(frame, decoded) == wire::Status::ok && decoded.address.dst == to)
        << "a frame is sent to its destination";
    carry(Bytes(frame.begin(), frame.end()));
    return true;
  }
  void reportStats(sim::HostStats& stats) override { reported = stats; }

  // Replies that reached the base, decoded (they point into toBase's bytes).
  std::vector<wire::Frame> repliesToBase() const {
    std::vector<wire::Frame> frames;
    for (const Bytes& bytes : toBase) {
      frames.emplace_back();
      EXPECT_EQ(wire::decodeFrame(bytes, frames.back()), wire::Status::ok);
    }
    return frames;
  }

  sim::Medium medium;
  std::deque<Bytes> pending;
  std::deque<Bytes> toBase;
  std::vector<std::string> log;              // "3->1 READ", in the order they were sent
  std::function<bool(const wire::Frame&)> lose;  // frames the radio loses
  // The base's answers to a mote's CALL (approach 2): none, and the call is never answered.
  std::function<std::vector<Bytes>(const wire::Frame&)> base;
  std::optional<sim::HostStats> reported;

 private:
  void carry(Bytes bytes) {
    wire::Frame frame;
    ASSERT_EQ(wire::decodeFrame(bytes, frame), wire::Status::ok);
    log.push_back(fmt::format("{}->{} {}", frame.address.src, frame.address.dst, wire::opName(frame.op)));
    medium.carry(frame.address.src, frame.address.dst, wire::dataValues(frame), bytes.size());
    if (lose && lose(frame)) return;
    if (frame.address.dst == sim::Network::kBase) {
      if (frame.op == wire::Op::CALL && base) {
        for (Bytes& reply : base(frame)) carry(std::move(reply));
        return;
      }
      toBase.push_back(std::move(bytes));
    } else {
      pending.push_back(std::move(bytes));
    }
  }
};

class PeerTest : public ::testing::Test {
 protected:
  PeerTest() : network_(sim::builtInNetwork(kProgram)), transport_(network_) {
    transport_.fromBase(encoded([](wire::Writer& w) { wire::encodeHello(w, {seq_++, 0, 3}, kFingerprint, kBaseEpoch); }));
  }
  void callHead(FunctionId function, const NodeList& members, NodeId head = 3) {
    transport_.fromBase(
        encoded([&](wire::Writer& w) { wire::encodeCall(w, {seq_++, 0, head}, function, members); }));
  }
  // Serves everything sent so far; returns the last reply that reached the base.
  wire::Frame serve() {
    EXPECT_EQ(host_.serve(transport_), 0);
    lastReplies_ = transport_.repliesToBase();
    EXPECT_FALSE(lastReplies_.empty());
    return lastReplies_.empty() ? wire::Frame{} : lastReplies_.back();
  }
  template <class T>
  static T result(const wire::Frame& reply) {
    EXPECT_EQ(reply.op, wire::Op::RESULT) << reply.message;
    T value{};
    EXPECT_EQ(wire::decodeValue(reply.value, value), wire::Status::ok);
    return value;
  }
  sim::NodeTraffic traffic(NodeId node) { return transport_.medium.traffic().at(node); }

  sim::Network network_;
  RelayTransport transport_;
  MoteHost host_{kProgram, &dispatch};
  inline static std::uint32_t seq_ = 1;
  std::vector<wire::Frame> lastReplies_;
};

TEST_F(PeerTest, TheHeadReadsAndWritesItsMembersOverTheRadioAndItselfForFree) {
  callHead(kSurvey, {1, 2, 3});
  EXPECT_EQ(result<int>(serve()), 20 + 7);
  // The base's frames are all queued before the host runs, so they come first in the log.
  EXPECT_EQ(transport_.log, (std::vector<std::string>{
                                "0->3 HELLO", "0->3 CALL", "3->0 HELLO",              //
                                "3->1 HELLO", "1->3 HELLO", "3->1 READ", "1->3 RESULT",  // mote 1's sample
                                "3->2 HELLO", "2->3 HELLO", "3->2 WRITE", "2->3 RESULT",  // mote 2's led, acked
                                "3->0 RESULT"}))
      << "the head's own READ made no frame";
  ASSERT_TRUE(transport_.reported);
  ASSERT_EQ(transport_.reported->actuatorWrites.size(), 1u);
  EXPECT_EQ(transport_.reported->actuatorWrites[0].node, 2u);
  EXPECT_EQ(transport_.reported->actuatorWrites[0].actuator, "led");
  EXPECT_EQ(transport_.reported->actuatorWrites[0].value, 20);
  // E = 100 · Σ B·d²: mote 1's sample to mote 3 (1 value, d² 9); mote 3's WRITE to mote 2 (1 value,
  // d² 25) and its RESULT to the base (1 value, d² 100). HELLOs, the READ and the ack carry none.
  EXPECT_EQ(traffic(1).transmit, 100.0 * 9);
  EXPECT_EQ(traffic(2).transmit, 0.0);
  EXPECT_EQ(traffic(3).transmit, 100.0 * 25 + 100.0 * 100);
  EXPECT_EQ(traffic(1).messagesSent, 2u);
  EXPECT_EQ(traffic(2).messagesSent, 2u);
  EXPECT_EQ(traffic(3).messagesSent, 6u);

  // Again: the members know mote 3 now (no HELLO), and mote 1's source moved on.
  transport_.log.clear();
  callHead(kSurvey, {1, 2, 3});
  EXPECT_EQ(result<int>(serve()), 21 + 7);
  EXPECT_EQ(transport_.log, (std::vector<std::string>{"0->3 CALL", "3->1 READ", "1->3 RESULT", "3->2 WRITE",
                                                      "2->3 RESULT", "3->0 RESULT"}));
}

TEST_F(PeerTest, AClusterOfTheHeadAloneSendsNothingButItsResult) {
  callHead(kSum, {3});
  EXPECT_EQ(result<int>(serve()), 7);
  EXPECT_EQ(transport_.log, (std::vector<std::string>{"0->3 HELLO", "0->3 CALL", "3->0 HELLO", "3->0 RESULT"}));
  EXPECT_EQ(traffic(3).transmit, 100.0 * 100);
}

TEST_F(PeerTest, AMembersReplyFollowsItsRouteHopByHop) {
  callHead(kSum, {3, 4});
  EXPECT_EQ(result<int>(serve()), 7 + 100);
  // Mote 4's sample goes 4 -> 1 (d² 16), then mote 1 forwards it to mote 3 (d² 9). Its HELLO
  // reply takes the same hops with no data values.
  EXPECT_EQ(traffic(4).transmit, 100.0 * 16);
  EXPECT_EQ(traffic(1).transmit, 100.0 * 9);
  EXPECT_EQ(traffic(1).messagesSent, 2u) << "mote 1 relayed the HELLO reply and the RESULT";
  EXPECT_EQ(traffic(3).transmit, 100.0 * 100);
}

TEST_F(PeerTest, AMemberThatNeverAnswersIsATimeoutErrorNotAHang) {
  // Sends at 0, 20 and 60 ms; gives up at 100 ms.
  host_.setPeerRetry({.deadline = std::chrono::milliseconds(100), .firstWait = std::chrono::milliseconds(20), .retries = 2});
  transport_.lose = [](const wire::Frame& f) { return f.op == wire::Op::READ && f.address.dst == 1; };
  callHead(kSurvey, {1, 2, 3});
  const auto start = std::chrono::steady_clock::now();
  const wire::Frame reply = serve();
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, std::chrono::milliseconds(100));
  EXPECT_LT(waited, std::chrono::seconds(2));
  ASSERT_EQ(reply.op, wire::Op::ERROR);
  EXPECT_EQ(static_cast<wire::ErrorCode>(reply.number), wire::ErrorCode::TIMEOUT);
  EXPECT_EQ(reply.message, "mote 1 did not answer mote 3's READ temperature within 100 ms (sent 3 times)");
  EXPECT_EQ(std::count(transport_.log.begin(), transport_.log.end(), "3->1 READ"), 3);
  EXPECT_EQ(transport_.reported->retransmissions, 2u);
  EXPECT_EQ(std::count(transport_.log.begin(), transport_.log.end(), "3->2 WRITE"), 0)
      << "after the first failure the call sends nothing more";
  EXPECT_TRUE(transport_.reported->actuatorWrites.empty());

  // The radio works again: so does the host.
  transport_.lose = nullptr;
  callHead(kSurvey, {1, 2, 3});
  EXPECT_EQ(result<int>(serve()), 20 + 7) << "the lost READ never reached mote 1";
}

// Loses the first `count` frames whose log entry (e.g. "3->1 READ") is `entry`.
std::function<bool(const wire::Frame&)> loseFirst(std::string entry, int count) {
  return [entry = std::move(entry), count](const wire::Frame& f) mutable {
    const bool match = fmt::format("{}->{} {}", f.address.src, f.address.dst, wire::opName(f.op)) == entry;
    return match && count-- > 0;
  };
}

TEST_F(PeerTest, AHeadResendsARequestThatWasLost) {
  host_.setPeerRetry({.deadline = std::chrono::milliseconds(2000), .firstWait = std::chrono::milliseconds(10), .retries = 3});
  transport_.lose = loseFirst("3->1 READ", 1);
  callHead(kSurvey, {1, 2, 3});
  EXPECT_EQ(result<int>(serve()), 20 + 7);
  EXPECT_EQ(std::count(transport_.log.begin(), transport_.log.end(), "3->1 READ"), 2);
  EXPECT_EQ(transport_.reported->retransmissions, 1u);
  EXPECT_EQ(traffic(3).messagesSent, 7u) << "the lost READ was transmitted too";
}

TEST_F(PeerTest, AMemberWhoseReplyWasLostAnswersTheResendFromItsWindow) {
  host_.setPeerRetry({.deadline = std::chrono::milliseconds(2000), .firstWait = std::chrono::milliseconds(10), .retries = 3});
  transport_.lose = loseFirst("2->3 RESULT", 1);  // mote 2's ack of the led WRITE
  callHead(kSurvey, {1, 2, 3});
  EXPECT_EQ(result<int>(serve()), 20 + 7);
  EXPECT_EQ(std::count(transport_.log.begin(), transport_.log.end(), "3->2 WRITE"), 2);
  ASSERT_EQ(transport_.reported->actuatorWrites.size(), 1u) << "the resent WRITE moved the led once";
  EXPECT_EQ(transport_.reported->duplicateRequests, 1u);
}

TEST_F(PeerTest, ADuplicateOfTheCallBeingServedIsDroppedWhileTheHeadWaits) {
  callHead(kSurvey, {1, 2, 3});
  --seq_;
  callHead(kSurvey, {1, 2, 3});  // the base's resend, queued behind the first copy
  serve();
  ASSERT_EQ(lastReplies_.size(), 2u) << "the HELLO and one RESULT";
  EXPECT_EQ(result<int>(lastReplies_[1]), 20 + 7);
  EXPECT_EQ(transport_.reported->actuatorWrites.size(), 1u);
  EXPECT_EQ(transport_.reported->duplicateRequests, 1u);
}

TEST_F(PeerTest, AHeadWhoseMemberRestartedGreetsItAgain) {
  callHead(kSurvey, {1, 2, 3});
  EXPECT_EQ(result<int>(serve()), 20 + 7);
  host_.restart(1);
  transport_.log.clear();
  callHead(kSurvey, {1, 2, 3});
  EXPECT_EQ(result<int>(serve()), 21 + 7);
  EXPECT_EQ(transport_.log, (std::vector<std::string>{"0->3 CALL", "3->1 READ", "1->3 ERROR", "3->1 HELLO",
                                                      "1->3 HELLO", "3->1 READ", "1->3 RESULT", "3->2 WRITE",
                                                      "2->3 RESULT", "3->0 RESULT"}));
}

TEST_F(PeerTest, AMembersErrorBecomesTheCallsError) {
  callHead(kSum, {3, 2});  // mote 2 has no temperature sensor
  const wire::Frame reply = serve();
  ASSERT_EQ(reply.op, wire::Op::ERROR);
  EXPECT_EQ(static_cast<wire::ErrorCode>(reply.number), wire::ErrorCode::UNKNOWN_SENSOR);
  EXPECT_EQ(reply.message, "mote 2 failed mote 3's READ temperature: mote 2 has no sensor \"temperature\"");
}

TEST_F(PeerTest, TheHeadIsTheMoteItselfWithItsState) {
  callHead(kCount, {1, 3});
  callHead(kCount, {3});
  serve();
  ASSERT_EQ(lastReplies_.size(), 3u);  // HELLO and two results
  EXPECT_EQ(result<int>(lastReplies_[1]), 1);
  EXPECT_EQ(result<int>(lastReplies_[2]), 2) << "head() is mote 3's own instance, whatever the cluster";
}

TEST_F(PeerTest, AMemberListWithoutTheHeadIsRefused) {
  callHead(kSum, {1, 2});
  const wire::Frame reply = serve();
  ASSERT_EQ(reply.op, wire::Op::ERROR);
  EXPECT_EQ(static_cast<wire::ErrorCode>(reply.number), wire::ErrorCode::BAD_ARGUMENTS);
  EXPECT_EQ(reply.message, "mote 3 was called as the head of a cluster whose members (1, 2) do not include it");
  EXPECT_EQ(std::count(transport_.log.begin(), transport_.log.end(), "3->1 READ"), 0);
}

// Measured O: operations belong to the mote whose code runs. While head 3 waits for mote 1's HELLO
// reply it serves the base's call to mote 1 (queued earlier) nested inside its own; mote 1's 100
// operations must go to mote 1, and the head's 7 after the wait back to mote 3.
TEST_F(PeerTest, OperationsCountForTheMoteServedAlsoWhenRequestsNest) {
  callHead(kWork, {1, 3});
  transport_.fromBase(encoded([](wire::Writer& w) { wire::encodeHello(w, {seq_++, 0, 1}, kFingerprint, kBaseEpoch); }));
  transport_.fromBase(
      encoded([](wire::Writer& w) { wire::encodeCall(w, {seq_++, 0, 1}, kBusy); }));
  serve();
  ASSERT_EQ(lastReplies_.size(), 4u);  // two HELLOs, mote 1's result, then the head's
  EXPECT_EQ(lastReplies_[2].address.src, 1u) << "mote 1's call was served while the head waited";
  EXPECT_EQ(result<int>(lastReplies_[2]), 1);
  EXPECT_EQ(result<int>(lastReplies_[3]), 20);
  ASSERT_TRUE(transport_.reported);
  EXPECT_EQ(transport_.reported->operations,
            (std::map<NodeId, std::uint64_t>{{1, 100}, {2, 0}, {3, 5 + 7}, {4, 0}}))
      << "every hosted mote is reported, silent ones with 0";
  EXPECT_EQ(host_.stats().operations, transport_.reported->operations);

  // Counts add up over calls.
  callHead(kWork, {1, 3});
  serve();
  EXPECT_EQ(transport_.reported->operations.at(3), 2u * (5 + 7));
}

TEST(Operations, OutsideAnyRequestNothingIsCountedAndNothingBreaks) {
  EXPECT_EQ(detail::operationCounter, nullptr);
  EDGECUT_OPERATIONS(3);
  MoteHost host(kProgram, &dispatch);
  host.handle(encoded([](wire::Writer& w) { wire::encodeHello(w, {1, 0, 1}, kFingerprint, kBaseEpoch); }));
  host.handle(encoded([](wire::Writer& w) { wire::encodeCall(w, {2, 0, 1}, kBusy); }));
  EXPECT_EQ(host.stats().operations.at(1), 100u);
  EXPECT_EQ(detail::operationCounter, nullptr) << "the counter is unset again after the request";
  EDGECUT_OPERATIONS(3);
  EXPECT_EQ(host.stats().operations.at(1), 100u);
}

TEST(PeerWithoutTransport, MoteToMoteRequestsFailWithoutATransport) {
  MoteHost host(kProgram, &dispatch);
  host.handle(encoded([](wire::Writer& w) { wire::encodeHello(w, {1, 0, 3}, kFingerprint, kBaseEpoch); }));
  const auto bytes = host.handle(
      encoded([](wire::Writer& w) { wire::encodeCall(w, {2, 0, 3}, kSum, NodeList{1, 3}); }));
  wire::Frame reply;
  ASSERT_EQ(wire::decodeFrame(bytes, reply), wire::Status::ok);
  ASSERT_EQ(reply.op, wire::Op::ERROR);
  EXPECT_EQ(reply.message, "mote 3 cannot send READ temperature to mote 1: the host serves no transport");
}

}  // namespace peer_test_cpp
}  // namespace
}  // namespace edgecut::mote

namespace edgecut::mote {
namespace {
namespace peer_test_cpp {

// The base's side of helpers placed on it, as base::Runtime answers them: twice(x) = 2x, note()
// returns nothing. Counts the calls it ran.
struct ScriptedBase {
  int ran = 0;
  std::vector<Bytes> operator()(const wire::Frame& call) {
    ++ran;
    if (call.number == kNote) {
      std::string text;
      EXPECT_EQ(wire::decodeArguments(call.value, text), wire::Status::ok);
      EXPECT_EQ(text, "asking");
      return {encoded([&](wire::Writer& w) { wire::encodeVoidResult(w, call.address.reply()); })};
    }
    int value = 0;
    EXPECT_EQ(wire::decodeArguments(call.value, value), wire::Status::ok);
    return {encoded([&](wire::Writer& w) { wire::encodeResult(w, call.address.reply(), 2 * value); })};
  }
};

TEST_F(PeerTest, AMoteCallsAHelperOnTheBaseAndItsCallIsAMoteTransmission) {
  auto base = std::make_shared<ScriptedBase>();
  transport_.base = [base](const wire::Frame& call) { return (*base)(call); };
  transport_.fromBase(encoded([](wire::Writer& w) { wire::encodeCall(w, {seq_++, 0, 3}, kAskBase); }));
  EXPECT_EQ(result<int>(serve()), 7 + 14);
  EXPECT_EQ(base->ran, 2);
  const std::vector<std::string> expected{"0->3 HELLO", "0->3 CALL", "3->0 HELLO", "3->0 CALL", "0->3 RESULT",
                                          "3->0 CALL", "0->3 RESULT", "3->0 RESULT"};
  EXPECT_EQ(transport_.log, expected) << "the base's HELLO introduced both: the mote greets nobody";
  // Mote 3 is at d² 100 from the base: its CALLs carry one value each ("asking", 7), its RESULT one.
  EXPECT_EQ(traffic(3).dataValuesSent, 3u);
  EXPECT_DOUBLE_EQ(traffic(3).transmit, 100.0 * 3 * 100);
  EXPECT_DOUBLE_EQ(traffic(sim::Network::kBase).transmit, 0) << "the base transmits for free";
}

TEST_F(PeerTest, AMoteResendsItsCallToTheBaseWhoseReplyWasLost) {
  host_.setPeerRetry({.deadline = std::chrono::milliseconds(2000), .firstWait = std::chrono::milliseconds(10), .retries = 3});
  auto base = std::make_shared<ScriptedBase>();
  std::map<std::uint32_t, Bytes> kept;  // the base's duplicate window, in miniature
  transport_.base = [base, &kept](const wire::Frame& call) {
    if (auto found = kept.find(call.address.seq); found != kept.end()) return std::vector<Bytes>{found->second};
    std::vector<Bytes> replies = (*base)(call);
    kept[call.address.seq] = replies.front();
    return replies;
  };
  transport_.lose = loseFirst("0->3 RESULT", 2);  // the replies to the mote's first CALL
  transport_.fromBase(encoded([](wire::Writer& w) { wire::encodeCall(w, {seq_++, 0, 3}, kAskBase); }));
  // The base's RESULT for the outer call is the third, and goes through.
  EXPECT_EQ(result<int>(serve()), 7 + 14);
  EXPECT_EQ(std::count(transport_.log.begin(), transport_.log.end(), "3->0 CALL"), 4)
      << "the first CALL sent three times, the second once";
  EXPECT_EQ(transport_.reported->retransmissions, 2u);
  EXPECT_EQ(base->ran, 2) << "the resends were answered from the base's window";
}

TEST_F(PeerTest, ABaseThatNeverAnswersIsATimeoutErrorNotAHang) {
  host_.setPeerRetry({.deadline = std::chrono::milliseconds(100), .firstWait = std::chrono::milliseconds(20), .retries = 2});
  transport_.fromBase(encoded([](wire::Writer& w) { wire::encodeCall(w, {seq_++, 0, 3}, kAskBase); }));
  const auto start = std::chrono::steady_clock::now();
  const wire::Frame reply = serve();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  ASSERT_EQ(reply.op, wire::Op::ERROR);
  EXPECT_EQ(static_cast<wire::ErrorCode>(reply.number), wire::ErrorCode::TIMEOUT);
  EXPECT_EQ(reply.message, "the base did not answer mote 3's CALL note within 100 ms (sent 3 times)");
  EXPECT_EQ(std::count(transport_.log.begin(), transport_.log.end(), "3->0 CALL"), 3)
      << "after the first failure the call sends nothing more";
}

TEST_F(PeerTest, TheBasesErrorBecomesTheCallsError) {
  transport_.base = [](const wire::Frame& call) {
    return std::vector<Bytes>{encoded([&](wire::Writer& w) {
      wire::encodeError(w, call.address.reply(), wire::ErrorCode::FAULT, "the log is full");
    })};
  };
  transport_.fromBase(encoded([](wire::Writer& w) { wire::encodeCall(w, {seq_++, 0, 3}, kAskBase); }));
  const wire::Frame reply = serve();
  ASSERT_EQ(reply.op, wire::Op::ERROR);
  EXPECT_EQ(static_cast<wire::ErrorCode>(reply.number), wire::ErrorCode::FAULT);
  EXPECT_EQ(reply.message, "the base failed mote 3's CALL note: the log is full");
}

TEST_F(PeerTest, AResultOfTheWrongTypeFromTheBaseIsAnError) {
  transport_.base = [](const wire::Frame& call) {
    return std::vector<Bytes>{encoded([&](wire::Writer& w) { wire::encodeResult(w, call.address.reply(), 1); })};
  };
  transport_.fromBase(encoded([](wire::Writer& w) { wire::encodeCall(w, {seq_++, 0, 3}, kAskBase); }));
  const wire::Frame reply = serve();
  ASSERT_EQ(reply.op, wire::Op::ERROR);
  EXPECT_EQ(static_cast<wire::ErrorCode>(reply.number), wire::ErrorCode::BAD_VALUE);
  EXPECT_EQ(reply.message,
            "the base answered mote 3's CALL note with a value that is not of the function's result type");
}

}  // namespace peer_test_cpp
}  // namespace
}  // namespace edgecut::mote
