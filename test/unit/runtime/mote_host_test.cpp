// The mote host: HELLO, READ, WRITE, CALL dispatch, per-mote instances, faults and hostile frames.
#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "edgecut/runtime/mote_host.hpp"
#include "glue_network.hpp"
#include "test_bytes.hpp"

namespace edgecut::mote {
namespace {
namespace mote_host_test_cpp {

using test::Bytes;
using test::encoded;

constexpr SensorId kTemperature = 0x1001;
constexpr SensorId kHumidity = 0x1002;  // no mote has it
constexpr ActuatorId kLed = 0x2001;
constexpr Fingerprint kFingerprint = 0xabcdef0123456789ull;
constexpr std::uint32_t kBaseEpoch = 0x80000001u;

constexpr FunctionId kAdd = 1;
constexpr FunctionId kCount = 2;
constexpr FunctionId kSumTwo = 3;
constexpr FunctionId kLight = 4;
constexpr FunctionId kReadHumidity = 5;
constexpr FunctionId kReset = 6;
constexpr FunctionId kSumTwice = 7;
constexpr FunctionId kTwice = 8;
constexpr FunctionId kFill = 9;  // a vector of as many 7s as its argument says

// A [[mote]] class as edgecut emits it for the mote side.
struct Thermo {
  EDGECUT_MOTE_CLASS("test::Thermo")
  int getTemperature() { return readSensor<int>(edgecut_mote_, kTemperature); }
  int getHumidity() { return readSensor<int>(edgecut_mote_, kHumidity); }
  void setLed(int on) { writeActuator(edgecut_mote_, kLed, on); }
  int calls = 0;  // mote-local state: lives as long as the host
};

// Two placed functions as edgecut emits them into mote.cpp: marked, their blocks counted.
int twice(Thermo& self) {
  EDGECUT_FUNCTION(kTwice);
  EDGECUT_OPERATIONS(2);
  return self.getTemperature() + self.getTemperature();
}

int sumTwice(Thermo& self) {
  EDGECUT_FUNCTION(kSumTwice);
  EDGECUT_OPERATIONS(3);
  return twice(self) + twice(self);
}

bool dispatch(Call& call) {
  switch (call.function()) {
    case kAdd: {
      int a{};
      int b{};
      if (!call.arguments(a, b)) return call.badArguments();
      return call.reply(a + b);
    }
    case kCount: {
      Thermo& self = call.instance<Thermo>();
      return call.reply(std::pair<NodeId, int>(idOf(self), ++self.calls));
    }
    case kSumTwo: {
      Thermo& self = call.instance<Thermo>();
      return call.reply(self.getTemperature() + self.getTemperature());
    }
    case kLight: {
      int on{};
      if (!call.arguments(on)) return call.badArguments();
      call.instance<Thermo>().setLed(on);
      return call.replyVoid();
    }
    case kReadHumidity:
      return call.reply(call.instance<Thermo>().getHumidity());
    case kReset:
      call.instance<Thermo>().calls = 0;
      return call.replyVoid();
    case kSumTwice:
      return call.reply(sumTwice(call.instance<Thermo>()));
    case kFill: {
      std::size_t count{};
      if (!call.arguments(count)) return call.badArguments();
      return call.reply(std::vector<int>(count, 7));
    }
    default:
      return call.unknownFunction();
  }
}

constexpr NamedId kSensors[] = {{kTemperature, "temperature"}, {kHumidity, "humidity"}};
constexpr NamedId kActuators[] = {{kLed, "led"}};
constexpr const char* kThermoSensors[] = {"temperature"};
constexpr MoteClassInfo kClasses[] = {{"test::Thermo", kThermoSensors, std::span<const char* const>()}};

const ProgramInfo kProgram{
    .fingerprint = kFingerprint,
    .programFile = "thermo.cpp",
    .planFile = "plan.json",
    .networkCbor = test::glueNetwork(R"({"motes": [
      {"id": 1, "position": [0, 0], "sensors": {"temperature": {"values": [20, 21]}}, "actuators": ["led"]},
      {"id": 2, "position": [0, 0], "sensors": {"temperature": {"constant": 5}}}
    ]})"),
    .instructionCost = 1,
    .transmitCost = 100,
    .sensors = kSensors,
    .actuators = kActuators,
    .moteClasses = kClasses,
};

class MoteHostTest : public ::testing::Test {
 protected:
  // Sends `request` to the host; returns the decoded reply (an ERROR's code in .number).
  wire::Frame exchange(const Bytes& request) {
    const auto reply = host_.handle(request);
    lastReply_.assign(reply.begin(), reply.end());
    wire::Frame frame;
    EXPECT_EQ(wire::decodeFrame(lastReply_, frame), wire::Status::ok);
    return frame;
  }
  wire::Frame hello(NodeId mote, Fingerprint fingerprint = kFingerprint, std::uint32_t epoch = kBaseEpoch) {
    return exchange(encoded([&](wire::Writer& w) { wire::encodeHello(w, {seq_++, 0, mote}, fingerprint, epoch); }));
  }
  template <class... Args>
  wire::Frame call(NodeId mote, FunctionId function, const Args&... args) {
    return exchange(encoded([&](wire::Writer& w) { wire::encodeCall(w, {seq_++, 0, mote}, function, args...); }));
  }
  template <class T>
  T result(const wire::Frame& reply) {
    EXPECT_EQ(reply.op, wire::Op::RESULT) << reply.message;
    T value{};
    EXPECT_EQ(wire::decodeValue(reply.value, value), wire::Status::ok);
    return value;
  }
  static wire::ErrorCode errorOf(const wire::Frame& reply) {
    EXPECT_EQ(reply.op, wire::Op::ERROR);
    return static_cast<wire::ErrorCode>(reply.number);
  }

  MoteHost host_{kProgram, &dispatch};
  std::uint32_t seq_ = 1;
  Bytes lastReply_;
};

TEST_F(MoteHostTest, HelloWithTheSameFingerprintIsAnswered) {
  const wire::Frame reply = hello(1);
  EXPECT_EQ(reply.op, wire::Op::HELLO);
  EXPECT_EQ(reply.number, kFingerprint);
  EXPECT_EQ(reply.address.seq, 1u);
  EXPECT_EQ(reply.address.src, 1u);
  EXPECT_EQ(reply.address.dst, 0u);
}

// The ERROR names both fingerprints; the host names its own plan on its stderr (the base names its
// own when the ERROR arrives): no file name goes over the air.
TEST_F(MoteHostTest, HelloWithAnotherFingerprintIsRefusedNamingBoth) {
  ::testing::internal::CaptureStderr();
  const wire::Frame reply = hello(1, 0x1111);
  const std::string printed = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(errorOf(reply), wire::ErrorCode::FINGERPRINT_MISMATCH);
  EXPECT_EQ(reply.message, "mote 1 runs program fingerprint 0xabcdef0123456789, but the base runs 0x0000000000001111");
  EXPECT_EQ(printed,
            "edgecut: error: mote 1 refused the base's HELLO: mote 1 runs program fingerprint 0xabcdef0123456789 "
            "(thermo.cpp with plan plan.json), but the base runs 0x0000000000001111; build the base and mote "
            "programs from the same program and plan\n");
  EXPECT_EQ(errorOf(call(1, kAdd, 1, 2)), wire::ErrorCode::NOT_INTRODUCED) << "a refused base gets nothing";
}

TEST_F(MoteHostTest, RequestsBeforeHelloAreRefused) {
  EXPECT_EQ(errorOf(call(1, kAdd, 1, 2)), wire::ErrorCode::NOT_INTRODUCED);
  hello(1);
  EXPECT_EQ(result<int>(call(1, kAdd, 1, 2)), 3);
  EXPECT_EQ(errorOf(call(2, kAdd, 1, 2)), wire::ErrorCode::NOT_INTRODUCED) << "HELLO is per mote";
}

TEST_F(MoteHostTest, ReadsCycleThroughEachMotesOwnSource) {
  hello(1);
  hello(2);
  auto read = [&](NodeId mote, SensorId sensor) {
    return exchange(encoded([&](wire::Writer& w) { wire::encodeRead(w, {seq_++, 0, mote}, sensor); }));
  };
  EXPECT_EQ(result<int>(read(1, kTemperature)), 20);
  EXPECT_EQ(result<int>(read(2, kTemperature)), 5);
  EXPECT_EQ(result<int>(read(1, kTemperature)), 21);
  EXPECT_EQ(result<int>(read(1, kTemperature)), 20);
  EXPECT_EQ(errorOf(read(1, kHumidity)), wire::ErrorCode::UNKNOWN_SENSOR);
  EXPECT_EQ(lastReply_.empty(), false);
  EXPECT_EQ(errorOf(read(1, 0x9999)), wire::ErrorCode::UNKNOWN_SENSOR);
}

TEST_F(MoteHostTest, WritesAreAcknowledgedAndTraced) {
  hello(1);
  hello(2);
  auto write = [&](NodeId mote, ActuatorId actuator, int value) {
    return exchange(encoded([&](wire::Writer& w) { wire::encodeWrite(w, {seq_++, 0, mote}, actuator, value); }));
  };
  const wire::Frame ack = write(1, kLed, 1);
  EXPECT_EQ(ack.op, wire::Op::RESULT);
  EXPECT_TRUE(ack.value.empty()) << "an acknowledgement carries no value";
  EXPECT_EQ(errorOf(write(2, kLed, 1)), wire::ErrorCode::UNKNOWN_ACTUATOR) << "mote 2 has no led";
  EXPECT_EQ(errorOf(write(1, 0x9999, 1)), wire::ErrorCode::UNKNOWN_ACTUATOR);
  call(1, kLight, 0);  // mote code writing its own actuator
  ASSERT_EQ(host_.stats().actuatorWrites.size(), 2u);
  EXPECT_EQ(host_.stats().actuatorWrites[0].node, 1u);
  EXPECT_EQ(host_.stats().actuatorWrites[0].actuator, "led");
  EXPECT_EQ(host_.stats().actuatorWrites[0].value, 1);
  EXPECT_EQ(host_.stats().actuatorWrites[1].value, 0);
}

TEST_F(MoteHostTest, AWriteThatDoesNotFitTheActuatorsTypeIsRefusedNamingBothAndNotApplied) {
  static constexpr ActuatorType kTypes[] = {{kLed, "int", &wire::fits<int>}};
  host_.setActuatorTypes(kTypes);
  hello(1);
  auto write = [&](const auto& value) {
    return exchange(encoded([&](wire::Writer& w) { wire::encodeWrite(w, {seq_++, 0, 1}, kLed, value); }));
  };
  const auto refusal = [](const char* value) {
    return fmt::format("mote 1 refused WRITE led: {} does not fit the actuator's type int (an integer from "
                       "-2147483648 to 2147483647); nothing was written",
                       value);
  };
  auto refused = [&](const wire::Frame& reply) {
    EXPECT_EQ(errorOf(reply), wire::ErrorCode::BAD_VALUE);
    return std::string(reply.message);
  };
  EXPECT_EQ(refused(write(std::numeric_limits<std::uint64_t>::max())), refusal("18446744073709551615")) << "range";
  EXPECT_EQ(refused(write(-5'000'000'000ll)), refusal("-5000000000"));
  EXPECT_EQ(refused(write(0.5)), refusal("0.5")) << "a float for an integer";
  EXPECT_EQ(refused(write(true)), refusal("true")) << "a bool for an integer";
  EXPECT_EQ(refused(write(std::vector<int>(3, 1))), refusal("an array of 3 items"));
  EXPECT_TRUE(host_.stats().actuatorWrites.empty()) << "nothing was applied";
  EXPECT_EQ(write(-7).op, wire::Op::RESULT);
  ASSERT_EQ(host_.stats().actuatorWrites.size(), 1u);
  EXPECT_EQ(host_.stats().actuatorWrites[0].value, -7);
}

TEST_F(MoteHostTest, CallArgumentsThatDoNotFitTheirParametersAreRefusedNamingTheArgumentAndTheType) {
  hello(1);
  const wire::Frame tooLarge = call(1, kAdd, 1, std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(errorOf(tooLarge), wire::ErrorCode::BAD_ARGUMENTS);
  EXPECT_EQ(tooLarge.message, "argument 2, 18446744073709551615, does not fit its parameter's type int (an integer "
                              "from -2147483648 to 2147483647); nothing ran");
  EXPECT_EQ(call(1, kAdd, 1.5, 2).message, "argument 1, 1.5, does not fit its parameter's type int (an integer from "
                                           "-2147483648 to 2147483647); nothing ran");
  EXPECT_EQ(call(1, kFill, -1).message, "argument 1, -1, does not fit its parameter's type unsigned long (an integer "
                                        "from 0 to 18446744073709551615); nothing ran");
  EXPECT_EQ(call(1, kAdd, 1).message, "the call has 1 argument, the function takes 2; nothing ran");
}

TEST_F(MoteHostTest, CallsDispatchWithArgumentsAndReplies) {
  hello(1);
  const wire::Frame reply = call(1, kAdd, 40, 2);
  EXPECT_EQ(result<int>(reply), 42);
  EXPECT_EQ(reply.address.src, 1u);
  EXPECT_EQ(reply.address.dst, 0u);
  EXPECT_EQ(result<int>(call(1, kSumTwo)), 41) << "mote code reads its own sensor: 20 + 21";
  const wire::Frame done = call(1, kReset);
  EXPECT_EQ(done.op, wire::Op::RESULT);
  EXPECT_TRUE(done.value.empty());
}

TEST_F(MoteHostTest, BadCallsAreAnsweredWithErrors) {
  hello(1);
  EXPECT_EQ(errorOf(call(1, kAdd, 1)), wire::ErrorCode::BAD_ARGUMENTS);
  EXPECT_EQ(errorOf(call(1, kAdd, 1, std::string("two"))), wire::ErrorCode::BAD_ARGUMENTS);
  EXPECT_EQ(errorOf(call(1, 0xdead)), wire::ErrorCode::UNKNOWN_FUNCTION);
}

TEST_F(MoteHostTest, EachMoteHasItsOwnInstanceBoundToIt) {
  hello(1);
  hello(2);
  using Count = std::pair<NodeId, int>;
  EXPECT_EQ(result<Count>(call(1, kCount)), Count(1, 1));
  EXPECT_EQ(result<Count>(call(1, kCount)), Count(1, 2));
  EXPECT_EQ(result<Count>(call(2, kCount)), Count(2, 1));
  EXPECT_EQ(result<Count>(call(1, kCount)), Count(1, 3));
}

TEST_F(MoteHostTest, AFaultInMoteCodeBecomesAnError) {
  hello(1);
  const wire::Frame reply = call(1, kReadHumidity);
  EXPECT_EQ(errorOf(reply), wire::ErrorCode::UNKNOWN_SENSOR);
  EXPECT_EQ(reply.message, "mote 1 has no sensor \"humidity\"");
}

TEST_F(MoteHostTest, TheProfileAttributesRunsOperationsAndReadsToTheFunctionRunning) {
  hello(1);
  EXPECT_EQ(result<int>(call(1, kSumTwice)), 20 + 21 + 20 + 21);
  ASSERT_TRUE(host_.stats().profile);
  const sim::CallProfile& profile = *host_.stats().profile;
  EXPECT_EQ(host_.stats().operations.at(1), 3u + 2 * 2);
  ASSERT_EQ(profile.functions.count(kSumTwice), 1u);
  EXPECT_EQ(profile.functions.at(kSumTwice).runs, 1u) << "called over the radio: its caller counts the call";
  EXPECT_EQ(profile.functions.at(kSumTwice).operations, 3u) << "its own block, not its callee's";
  EXPECT_EQ(profile.functions.at(kTwice).runs, 2u);
  EXPECT_EQ(profile.functions.at(kTwice).operations, 4u);
  using sim::CalleeKind;
  const std::map<sim::CallEdge, std::uint64_t> calls = [&] {
    std::map<sim::CallEdge, std::uint64_t> out;
    for (const auto& [edge, counts] : profile.calls) out[edge] = counts.calls;
    return out;
  }();
  const std::map<sim::CallEdge, std::uint64_t> expected{{{kSumTwice, CalleeKind::function, kTwice}, 2},
                                                        {{kTwice, CalleeKind::sensor, kTemperature}, 4}};
  EXPECT_EQ(calls, expected) << "local calls and reads, none over the radio";
  EXPECT_EQ(profile.calls.at({kTwice, CalleeKind::sensor, kTemperature}).overRadio, 0u);

  // A request that runs no placed function (a READ from the base) is the base's to count.
  exchange(encoded([&](wire::Writer& w) { wire::encodeRead(w, {seq_++, 0, 1}, kTemperature); }));
  EXPECT_EQ(host_.stats().profile->calls.size(), 2u);
}

// A placed function's entry counts its run and the call from the function running, remembering the
// pair (CallProfile::countRun): a function called from two callers in turn keeps their calls apart,
// and a copy or a zeroed profile counts into its own entries.
TEST(Profile, RunsAndCallsAreCountedPerCallerAsCallersAlternate) {
  using sim::CalleeKind;
  sim::CallProfile profile;
  auto inner = [] { EDGECUT_FUNCTION(kTwice); };
  auto fromSum = [&] {
    EDGECUT_FUNCTION(kSumTwice);
    inner();
  };
  auto fromAdd = [&] {
    EDGECUT_FUNCTION(kAdd);
    inner();
  };
  {
    sim::Recording recording(&profile);
    for (int i = 0; i < 3; ++i) {
      fromSum();
      fromAdd();
      inner();
    }
  }
  EXPECT_EQ(profile.functions.at(kTwice).runs, 9u);
  EXPECT_EQ(profile.functions.at(kSumTwice).runs, 3u);
  EXPECT_EQ(profile.functions.at(kAdd).runs, 3u);
  EXPECT_EQ(profile.calls.size(), 2u) << "a run from no placed function is no call";
  EXPECT_EQ(profile.calls.at({kSumTwice, CalleeKind::function, kTwice}).calls, 3u);
  EXPECT_EQ(profile.calls.at({kAdd, CalleeKind::function, kTwice}).calls, 3u);

  sim::CallProfile copy = profile;
  {
    sim::Recording recording(&copy);
    fromSum();
  }
  EXPECT_EQ(copy.functions.at(kTwice).runs, 10u);
  EXPECT_EQ(copy.calls.at({kSumTwice, CalleeKind::function, kTwice}).calls, 4u);
  EXPECT_EQ(profile.functions.at(kTwice).runs, 9u) << "the original's counts are not the copy's";
  EXPECT_EQ(profile.calls.at({kSumTwice, CalleeKind::function, kTwice}).calls, 3u);

  profile.zero();
  {
    sim::Recording recording(&profile);
    fromAdd();
  }
  EXPECT_EQ(profile.functions.at(kTwice).runs, 1u);
  EXPECT_EQ(profile.calls.at({kAdd, CalleeKind::function, kTwice}).calls, 1u);
  EXPECT_EQ(profile.calls.at({kSumTwice, CalleeKind::function, kTwice}).calls, 0u);
}

TEST_F(MoteHostTest, MalformedFramesAreDroppedAndCounted) {
  EXPECT_TRUE(host_.handle(test::hex("")).empty());
  EXPECT_TRUE(host_.handle(test::hex("ff ff ff")).empty());
  EXPECT_TRUE(host_.handle(test::hex("14 01 00 01 01 9b ff ff ff ff ff ff ff ff")).empty());
  // A valid frame for a node this host does not host.
  EXPECT_TRUE(host_.handle(encoded([](wire::Writer& w) { wire::encodeHello(w, {1, 0, 9}, kFingerprint, kBaseEpoch); })).empty());
  EXPECT_EQ(host_.stats().malformedFrames, 4u);
  EXPECT_EQ(hello(1).op, wire::Op::HELLO) << "the host still works";
}

TEST_F(MoteHostTest, RepliesThatNobodyWaitsForAreDroppedNotAnswered) {
  hello(1);
  // Answering a stray reply with an ERROR could make two motes bounce ERRORs forever.
  EXPECT_TRUE(host_.handle(encoded([](wire::Writer& w) { wire::encodeResult(w, {5, 0, 1}, 3); })).empty());
  EXPECT_TRUE(host_.handle(encoded([](wire::Writer& w) {
                wire::encodeError(w, {5, 2, 1}, wire::ErrorCode::FAULT, "late");
              })).empty());
  EXPECT_EQ(host_.stats().malformedFrames, 0u);
  EXPECT_EQ(result<int>(call(1, kAdd, 1, 2)), 3) << "the host still works";
}

// ---- duplicates: a request that arrives twice runs once ----

TEST_F(MoteHostTest, ADuplicateWriteGetsTheSameAckAndMovesTheActuatorOnce) {
  hello(1);
  const Bytes write = encoded([](wire::Writer& w) { wire::encodeWrite(w, {10, 0, 1}, kLed, 1); });
  const wire::Frame first = exchange(write);
  const Bytes firstBytes = lastReply_;
  EXPECT_EQ(first.op, wire::Op::RESULT);
  exchange(write);
  EXPECT_EQ(lastReply_, firstBytes) << "the kept ack, byte for byte";
  EXPECT_EQ(host_.stats().actuatorWrites.size(), 1u);
  EXPECT_EQ(host_.stats().duplicateRequests, 1u);
}

TEST_F(MoteHostTest, ADuplicateCallGetsTheKeptResultAndDoesNotRunAgain) {
  hello(1);
  const Bytes count = encoded([](wire::Writer& w) { wire::encodeCall(w, {20, 0, 1}, kCount); });
  EXPECT_EQ((result<std::pair<NodeId, int>>(exchange(count))), (std::pair<NodeId, int>(1, 1)));
  EXPECT_EQ((result<std::pair<NodeId, int>>(exchange(count))), (std::pair<NodeId, int>(1, 1)));
  seq_ = 21;
  EXPECT_EQ((result<std::pair<NodeId, int>>(call(1, kCount))), (std::pair<NodeId, int>(1, 2)))
      << "the state moved once per request, not per copy";
}

TEST_F(MoteHostTest, ADuplicateReadDoesNotTakeAnotherSample) {
  hello(1);
  const Bytes read = encoded([](wire::Writer& w) { wire::encodeRead(w, {30, 0, 1}, kTemperature); });
  EXPECT_EQ(result<int>(exchange(read)), 20);
  EXPECT_EQ(result<int>(exchange(read)), 20);
  EXPECT_EQ(result<int>(exchange(encoded([](wire::Writer& w) { wire::encodeRead(w, {31, 0, 1}, kTemperature); }))), 21)
      << "the source moved on once";
}

TEST_F(MoteHostTest, DuplicateErrorsAreKeptToo) {
  hello(1);
  const Bytes bad = encoded([](wire::Writer& w) { wire::encodeCall(w, {40, 0, 1}, kReadHumidity); });
  EXPECT_EQ(errorOf(exchange(bad)), wire::ErrorCode::UNKNOWN_SENSOR);
  EXPECT_EQ(errorOf(exchange(bad)), wire::ErrorCode::UNKNOWN_SENSOR);
  EXPECT_EQ(host_.stats().duplicateRequests, 1u);
}

TEST_F(MoteHostTest, ARequestOlderThanTheWindowIsDroppedNotRun) {
  hello(1);
  const Bytes old = encoded([](wire::Writer& w) { wire::encodeWrite(w, {50, 0, 1}, kLed, 1); });
  exchange(old);
  for (std::uint32_t seq = 51; seq < 51 + wire::kDuplicateWindowSlots; ++seq) {
    exchange(encoded([&](wire::Writer& w) { wire::encodeWrite(w, {seq, 0, 1}, kLed, 0); }));
  }
  EXPECT_TRUE(host_.handle(old).empty()) << "its sender gave up on it long ago";
  EXPECT_EQ(host_.stats().actuatorWrites.size(), 1u + wire::kDuplicateWindowSlots);
}

TEST_F(MoteHostTest, APeerThatRestartedStartsItsSequenceNumbersAfresh) {
  hello(1, kFingerprint, 0x80000001u);
  const Bytes first = encoded([](wire::Writer& w) { wire::encodeCall(w, {1, 0, 1}, kCount); });
  EXPECT_EQ((result<std::pair<NodeId, int>>(exchange(first))), (std::pair<NodeId, int>(1, 1)));
  hello(1, kFingerprint, 0x80000001u);  // the same boot: a resent HELLO
  EXPECT_EQ((result<std::pair<NodeId, int>>(exchange(first))), (std::pair<NodeId, int>(1, 1)))
      << "still a duplicate";
  hello(1, kFingerprint, 0x80000002u);  // the base restarted: seq 1 is a new request
  EXPECT_EQ((result<std::pair<NodeId, int>>(exchange(first))), (std::pair<NodeId, int>(1, 2)));
}

TEST_F(MoteHostTest, ARestartedMoteForgetsItsPeersAndStateAndSaysSoWithANewEpoch) {
  const std::uint32_t before = hello(1).epoch;
  EXPECT_EQ((result<std::pair<NodeId, int>>(call(1, kCount))), (std::pair<NodeId, int>(1, 1)));
  host_.restart(1);
  EXPECT_EQ(errorOf(call(1, kCount)), wire::ErrorCode::NOT_INTRODUCED);
  const wire::Frame again = hello(1);
  EXPECT_NE(again.epoch, before);
  EXPECT_EQ((result<std::pair<NodeId, int>>(call(1, kCount))), (std::pair<NodeId, int>(1, 1)))
      << "its state began again";
  EXPECT_EQ(hello(2).epoch, before) << "the other motes did not restart";
}

// A transport that plays a script and records what the host sends.
class ScriptedTransport final : public Transport {
 public:
  std::vector<std::pair<Event, Bytes>> script;
  std::vector<Bytes> sent;
  std::optional<sim::HostStats> reported;

  std::vector<NodeId> sentTo;

  std::string describe() const override { return "the script"; }
  Event next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point>) override {
    if (position_ == script.size()) return Event::closed;
    frame = script[position_].second;
    return script[position_++].first;
  }
  bool send(NodeId to, std::span<const std::uint8_t> frame) override {
    sent.emplace_back(frame.begin(), frame.end());
    sentTo.push_back(to);
    return true;
  }
  void reportStats(sim::HostStats& stats) override { reported = stats; }
  std::size_t maxFrameBytes() const override { return frameBytes; }
  std::size_t frameBytes = wire::kMaxFrameBytes;

 private:
  std::size_t position_ = 0;
};

TEST_F(MoteHostTest, ServesUntilShutdownThenReportsStats) {
  ScriptedTransport transport;
  transport.script = {
      {Transport::Event::frame, encoded([](wire::Writer& w) { wire::encodeHello(w, {1, 0, 1}, kFingerprint, kBaseEpoch); })},
      {Transport::Event::malformed, {}},
      {Transport::Event::frame, test::hex("00")},
      {Transport::Event::frame, encoded([](wire::Writer& w) { wire::encodeWrite(w, {2, 0, 1}, kLed, 1); })},
      {Transport::Event::shutdown, {}},
      {Transport::Event::frame, encoded([](wire::Writer& w) { wire::encodeHello(w, {3, 0, 2}, kFingerprint, kBaseEpoch); })},
  };
  EXPECT_EQ(host_.serve(transport), 0);
  EXPECT_EQ(transport.sent.size(), 2u) << "HELLO and the WRITE ack; nothing after shutdown";
  EXPECT_EQ(transport.sentTo, (std::vector<NodeId>{0, 0})) << "each reply goes to its request's source";
  ASSERT_TRUE(transport.reported);
  EXPECT_EQ(transport.reported->malformedFrames, 2u);
  EXPECT_EQ(transport.reported->actuatorWrites.size(), 1u);
}

TEST_F(MoteHostTest, AReplyLargerThanTheTransportCarriesIsAnErrorToTheRequester) {
  ScriptedTransport transport;
  transport.frameBytes = 100;
  auto fill = [](std::uint32_t seq, std::size_t count) {
    return encoded([&](wire::Writer& w) { wire::encodeCall(w, {seq, 0, 1}, kFill, count); });
  };
  transport.script = {
      {Transport::Event::frame, encoded([](wire::Writer& w) { wire::encodeHello(w, {1, 0, 1}, kFingerprint, kBaseEpoch); })},
      {Transport::Event::frame, fill(2, 50)},
      {Transport::Event::frame, fill(3, 200)},
      {Transport::Event::shutdown, {}},
  };
  EXPECT_EQ(host_.serve(transport), 0);
  ASSERT_EQ(transport.sent.size(), 3u);
  wire::Frame fits;
  ASSERT_EQ(wire::decodeFrame(transport.sent[1], fits), wire::Status::ok);
  EXPECT_EQ(fits.op, wire::Op::RESULT);
  EXPECT_LE(transport.sent[1].size(), 100u);
  wire::Frame tooLarge;
  ASSERT_EQ(wire::decodeFrame(transport.sent[2], tooLarge), wire::Status::ok);
  EXPECT_EQ(errorOf(tooLarge), wire::ErrorCode::REPLY_TOO_LARGE);
  EXPECT_EQ(tooLarge.message, "mote 1: the reply to CALL 0x00000009 does not fit in a frame of 100 bytes");
}

TEST_F(MoteHostTest, StopsWhenTheBaseGoesAway) {
  ScriptedTransport transport;
  EXPECT_EQ(host_.serve(transport), 1);
  EXPECT_FALSE(transport.reported);
}

TEST(MoteHost, RejectsAnInvalidNetwork) {
  ProgramInfo program = kProgram;
  program.networkCbor =
      test::glueNetwork(R"({"motes": [{"id": 1, "position": [0, 0], "sensors": {"t": {"values": []}}}]})");
  EXPECT_THROW(MoteHost(program, &dispatch), sim::NetworkError);
}

}  // namespace mote_host_test_cpp
}  // namespace
}  // namespace edgecut::mote
