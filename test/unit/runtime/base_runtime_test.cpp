// The base runtime against a scripted mote: the request/reply protocol, HELLO, timeouts, errors,
// bindings, accounting and the report.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <string>
#include <thread>

#include "edgecut/runtime/authenticated_transport.hpp"
#include "edgecut/runtime/base_runtime.hpp"
#include "glue_network.hpp"
#include "sealed_peer.hpp"
#include "test_bytes.hpp"
#include "transport/sim/sim_transport.hpp"

namespace edgecut::base {
namespace {

using test::Bytes;
using test::encoded;

constexpr SensorId kMoisture = 0xf3073b6fu;
constexpr ActuatorId kValve = 0x626144c1u;
constexpr FunctionId kAverage = 0x2e6d8081u;
constexpr FunctionId kUnnamed = 0x77u;
constexpr Fingerprint kFingerprint = 0x0123456789abcdefull;
constexpr std::uint32_t kMoteEpoch = 0x80000007u;

struct Soil {
  EDGECUT_MOTE_CLASS("Soil")
};
struct Lamp {
  EDGECUT_MOTE_CLASS("Lamp")
};

constexpr NamedId kSensors[] = {{kMoisture, "moisture"}};
constexpr NamedId kActuators[] = {{kValve, "valve"}};
constexpr NamedId kFunctions[] = {{kAverage, "Soil::avgMoisture"}};
constexpr const char* kSoilSensors[] = {"moisture"};
constexpr const char* kSoilActuators[] = {"valve"};
constexpr const char* kLampActuators[] = {"lamp"};
constexpr MoteClassInfo kClasses[] = {{"Soil", kSoilSensors, kSoilActuators},
                                      {"Lamp", std::span<const char* const>(), kLampActuators}};

// Motes 1 and 2 are Soil motes at d² 25 and 100; mote 3 is a lamp; mote 5 routes through mote 1.
const ProgramInfo kProgram{
    .fingerprint = kFingerprint,
    .programFile = "soil.cpp",
    .planFile = "onmote.json",
    .networkCbor = test::glueNetwork(R"({"base": {"position": [0, 0]}, "motes": [
      {"id": 1, "position": [3, 4], "sensors": {"moisture": {"constant": 1}}, "actuators": ["valve"]},
      {"id": 2, "position": [6, 8], "sensors": {"moisture": {"constant": 1}}, "actuators": ["valve"]},
      {"id": 3, "position": [0, 1], "actuators": ["lamp"]},
      {"id": 5, "position": [3, 8], "sensors": {"moisture": {"constant": 1}}, "actuators": ["valve"]}
    ], "routes": {"5": 1}})"),
    .instructionCost = 0.5,
    .transmitCost = 100,
    .sensors = kSensors,
    .actuators = kActuators,
    .moteClasses = kClasses,
    .functions = kFunctions,
};

// Answers each request with whatever `mote` returns (nothing: the request is never answered). A
// real mote would say HELLO back; by default this one does. Like the sim's mote host, it hosts
// every mote, and the base relays the frames between them.
class ScriptedTransport final : public Transport {
 public:
  using Mote = std::function<std::vector<Bytes>(const wire::Frame&)>;
  explicit ScriptedTransport(Mote mote) : mote_(std::move(mote)) {}

  std::string describe() const override { return "the scripted motes"; }
  bool send(NodeId to, std::span<const std::uint8_t> frame) override {
    if (broken) return false;
    wire::Frame request;
    EXPECT_EQ(wire::decodeFrame(frame, request), wire::Status::ok);
    EXPECT_EQ(to, request.address.dst) << "a frame is sent to its destination";
    requests.push_back(request.op);
    if (request.op == wire::Op::HELLO && !scriptHello) {
      pending.push_back(encoded([&](wire::Writer& w) { wire::encodeHello(w, request.address.reply(), kFingerprint, kMoteEpoch); }));
      return true;
    }
    for (Bytes& reply : mote_(request)) pending.push_back(std::move(reply));
    return true;
  }
  Event next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point>) override {
    if (broken) return Event::closed;
    if (pending.empty()) return Event::timeout;  // as if the deadline passed
    frame = std::move(pending.front());
    pending.pop_front();
    return Event::frame;
  }
  std::string whyClosed() const override { return "the scripted motes died"; }
  bool relaysBetweenMotes() const override { return relays; }
  std::size_t maxFrameBytes() const override { return frameBytes; }
  sim::HostStats collectStats(Clock::time_point, const std::set<NodeId>& silentMotes) override {
    shutDown = true;
    silent = silentMotes;
    return stats;
  }

  std::deque<Bytes> pending;
  std::vector<wire::Op> requests;
  bool scriptHello = false;
  bool broken = false;
  bool shutDown = false;
  bool relays = true;
  std::size_t frameBytes = wire::kMaxFrameBytes;
  sim::HostStats stats;
  std::set<NodeId> silent;  // what collectStats was told

 private:
  Mote mote_;
};

template <class T>
Bytes resultFor(const wire::Frame& request, const T& value) {
  return encoded([&](wire::Writer& w) { wire::encodeResult(w, request.address.reply(), value); });
}
Bytes ackFor(const wire::Frame& request) {
  return encoded([&](wire::Writer& w) { wire::encodeVoidResult(w, request.address.reply()); });
}

struct Fixture {
  explicit Fixture(ScriptedTransport::Mote mote, std::chrono::milliseconds timeout = std::chrono::milliseconds(50),
                   const ProgramInfo& program = kProgram)
      : Fixture(std::move(mote), wire::RetryPolicy{.deadline = timeout}, program) {}
  Fixture(ScriptedTransport::Mote mote, const wire::RetryPolicy& retry, const ProgramInfo& program = kProgram) {
    auto owned = std::make_unique<ScriptedTransport>(std::move(mote));
    transport = owned.get();
    runtime = std::make_unique<Runtime>(program, std::move(owned), retry);
  }
  ScriptedTransport* transport;
  std::unique_ptr<Runtime> runtime;
};

std::string messageOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "no exception";
}

TEST(BaseRuntime, ReadWriteAndCallTalkToTheBoundMote) {
  std::vector<int> arguments;
  Fixture f([&](const wire::Frame& request) -> std::vector<Bytes> {
    EXPECT_EQ(request.address.dst, 1u);
    switch (request.op) {
      case wire::Op::READ:
        EXPECT_EQ(request.number, kMoisture);
        return {resultFor(request, 24)};
      case wire::Op::WRITE: {
        int value = 0;
        EXPECT_EQ(wire::decodeValue(request.value, value), wire::Status::ok);
        arguments.push_back(value);
        return {ackFor(request)};
      }
      case wire::Op::CALL: {
        int samples = 0;
        EXPECT_EQ(wire::decodeArguments(request.value, samples), wire::Status::ok);
        arguments.push_back(samples);
        return {request.number == kAverage ? resultFor(request, std::vector<int>{samples, 2}) : ackFor(request)};
      }
      default:
        return {};
    }
  });
  Soil soil;
  EXPECT_EQ(idOf(soil), 1u);
  EXPECT_EQ(read<int>(soil.edgecut_mote_, kMoisture), 24);
  EXPECT_EQ(read<double>(soil.edgecut_mote_, kMoisture), 24.0);
  write(soil.edgecut_mote_, kValve, 1);
  EXPECT_EQ((call<std::vector<int>>(soil.edgecut_mote_, kAverage, 8)), (std::vector<int>{8, 2}));
  call<void>(soil.edgecut_mote_, kUnnamed, 3);
  EXPECT_EQ(arguments, (std::vector<int>{1, 8, 3}));
  using wire::Op;
  EXPECT_EQ(f.transport->requests, (std::vector<Op>{Op::HELLO, Op::READ, Op::READ, Op::WRITE, Op::CALL, Op::CALL}))
      << "HELLO once, on first contact";
}

TEST(BaseRuntime, ARequestLargerThanTheTransportCarriesIsRefusedAtTheCallerSendingNothing) {
  Fixture f([&](const wire::Frame& request) -> std::vector<Bytes> { return {ackFor(request)}; });
  f.transport->frameBytes = 64;
  Soil soil;
  write(soil.edgecut_mote_, kValve, std::vector<int>(40, 1));
  EXPECT_EQ(messageOf([&] { write(soil.edgecut_mote_, kValve, std::vector<int>(100, 1)); }),
            "WRITE valve for mote 1 does not fit in a frame of 64 bytes (the scripted motes); nothing was sent: pass "
            "the value in smaller parts, over several requests");
  using wire::Op;
  EXPECT_EQ(f.transport->requests, (std::vector<Op>{Op::HELLO, Op::WRITE}));
}

TEST(BaseRuntime, AnUnansweredRequestTimesOutNamingTheMoteAndTheCall) {
  Fixture f([](const wire::Frame&) { return std::vector<Bytes>{}; });
  Soil soil;
  EXPECT_EQ(messageOf([&] { call<int>(soil.edgecut_mote_, kAverage, 8); }),
            "mote 1 did not answer CALL Soil::avgMoisture within 50 ms (sent once)");
  EXPECT_EQ(messageOf([&] { call<int>(soil.edgecut_mote_, kUnnamed); }),
            "mote 1 did not answer CALL 0x00000077 within 50 ms (sent once)");
  EXPECT_EQ(messageOf([&] { read<int>(soil.edgecut_mote_, kMoisture); }),
            "mote 1 did not answer READ moisture within 50 ms (sent once)");
  EXPECT_THROW(write(soil.edgecut_mote_, kValve, 1), RemoteTimeout);
}

TEST(BaseRuntime, TimeoutsWaitForTheirDeadlineOnARealLink) {
  // A transport that is silent for real: the deadline, not a busy loop, ends the wait.
  struct Silent final : Transport {
    std::string describe() const override { return "silence"; }
    bool send(NodeId, std::span<const std::uint8_t>) override { return true; }
    Event next(std::vector<std::uint8_t>&, std::optional<Clock::time_point> deadline) override {
      std::this_thread::sleep_until(*deadline);
      return Event::timeout;
    }
  };
  Runtime runtime(kProgram, std::make_unique<Silent>(), std::chrono::milliseconds(30));
  Soil soil;
  const auto start = Clock::now();
  EXPECT_THROW(read<int>(soil.edgecut_mote_, kMoisture), RemoteTimeout);  // the HELLO times out
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(30));
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));
}

TEST(BaseRuntime, AnUnansweredRequestIsResentWithItsSequenceNumberUntilAnswered) {
  std::vector<std::uint32_t> writeSeqs;
  Fixture f(
      [&](const wire::Frame& request) -> std::vector<Bytes> {
        writeSeqs.push_back(request.address.seq);
        if (writeSeqs.size() < 3) return {};  // the first two are lost
        return {ackFor(request)};
      },
      wire::RetryPolicy{.deadline = std::chrono::milliseconds(1000), .firstWait = std::chrono::milliseconds(10),
                        .retries = 3});
  Soil soil;
  write(soil.edgecut_mote_, kValve, 1);
  using wire::Op;
  EXPECT_EQ(f.transport->requests, (std::vector<Op>{Op::HELLO, Op::WRITE, Op::WRITE, Op::WRITE}));
  ASSERT_EQ(writeSeqs.size(), 3u);
  EXPECT_EQ(writeSeqs[0], writeSeqs[1]) << "a resend is the same request: the mote runs it once";
  EXPECT_EQ(writeSeqs[0], writeSeqs[2]);
  EXPECT_EQ(f.runtime->retransmissions(), 2u);
  EXPECT_EQ(f.runtime->medium().traffic().at(0).messagesSent, 4u) << "resends are radio traffic";
}

TEST(BaseRuntime, AnUnreachableMoteIsARemoteTimeoutNamingTheMoteTheCallAndTheSends) {
  const wire::RetryPolicy retry{.deadline = std::chrono::milliseconds(1000), .firstWait = std::chrono::milliseconds(10),
                                .retries = 3};
  ScriptedTransport silent([](const wire::Frame&) { return std::vector<Bytes>{}; });
  {
    Runtime runtime(kProgram, std::make_unique<ScriptedTransport>(silent), retry);
    Soil soil;
    EXPECT_EQ(messageOf([&] { call<int>(soil.edgecut_mote_, kAverage, 8); }),
              "mote 1 did not answer CALL Soil::avgMoisture within 1000 ms (sent 4 times)");
  }
  silent.scriptHello = true;  // not even the HELLO is answered
  Runtime runtime(kProgram, std::make_unique<ScriptedTransport>(silent), retry);
  Soil soil;
  EXPECT_EQ(messageOf([&] { write(soil.edgecut_mote_, kValve, 1); }),
            "mote 1 did not answer WRITE valve within 1000 ms (the HELLO before it was sent 4 times)");
}

TEST(BaseRuntime, ResendsFollowTheBackoffAndTheCallerGetsItsTimeoutAtTheDeadline) {
  // A transport that is silent for real and notes when each frame went out.
  struct Silent final : Transport {
    std::vector<Clock::time_point>* sends;
    explicit Silent(std::vector<Clock::time_point>* s) : sends(s) {}
    std::string describe() const override { return "silence"; }
    bool send(NodeId, std::span<const std::uint8_t>) override {
      sends->push_back(Clock::now());
      return true;
    }
    Event next(std::vector<std::uint8_t>&, std::optional<Clock::time_point> deadline) override {
      std::this_thread::sleep_until(*deadline);
      return Event::timeout;
    }
  };
  std::vector<Clock::time_point> sends;
  // Sends at 0, 40 and 120 ms; the caller hears at 300 ms.
  Runtime runtime(kProgram, std::make_unique<Silent>(&sends),
                  wire::RetryPolicy{.deadline = std::chrono::milliseconds(300),
                                    .firstWait = std::chrono::milliseconds(40), .retries = 2});
  Soil soil;
  const auto start = Clock::now();
  EXPECT_EQ(messageOf([&] { read<int>(soil.edgecut_mote_, kMoisture); }),
            "mote 1 did not answer READ moisture within 300 ms (the HELLO before it was sent 3 times)");
  const auto waited = Clock::now() - start;
  EXPECT_GE(waited, std::chrono::milliseconds(300));
  EXPECT_LT(waited, std::chrono::milliseconds(300 + 250)) << "never much beyond the deadline";
  ASSERT_EQ(sends.size(), 3u);
  const auto slack = std::chrono::milliseconds(30);
  EXPECT_GE(sends[1] - sends[0], std::chrono::milliseconds(40));
  EXPECT_LT(sends[1] - sends[0], std::chrono::milliseconds(40) + slack);
  EXPECT_GE(sends[2] - sends[0], std::chrono::milliseconds(120));
  EXPECT_LT(sends[2] - sends[0], std::chrono::milliseconds(120) + slack);
}

TEST(BaseRuntime, AMoteThatRestartedIsIntroducedAgainAndLaterCallsWork) {
  bool knowsBase = false;
  std::uint32_t epoch = 0x80000001u;
  Fixture f([&](const wire::Frame& request) -> std::vector<Bytes> {
    if (request.op == wire::Op::HELLO) {
      knowsBase = true;
      return {encoded([&](wire::Writer& w) {
        wire::encodeHello(w, request.address.reply(), kFingerprint, epoch);
      })};
    }
    if (!knowsBase) {
      return {encoded([&](wire::Writer& w) {
        wire::encodeError(w, request.address.reply(), wire::ErrorCode::NOT_INTRODUCED, "who are you?");
      })};
    }
    return {resultFor(request, 24)};
  });
  f.transport->scriptHello = true;
  Soil soil;
  EXPECT_EQ(read<int>(soil.edgecut_mote_, kMoisture), 24);
  knowsBase = false;  // the mote reboots: it forgets the base, and its epoch changes
  epoch = 0x80000002u;
  EXPECT_EQ(read<int>(soil.edgecut_mote_, kMoisture), 24);
  using wire::Op;
  EXPECT_EQ(f.transport->requests, (std::vector<Op>{Op::HELLO, Op::READ, Op::READ, Op::HELLO, Op::READ}));
  EXPECT_EQ(f.runtime->moteRestarts(), 1u);
  EXPECT_EQ(read<int>(soil.edgecut_mote_, kMoisture), 24);
  EXPECT_EQ(f.transport->requests.size(), 6u) << "introduced once more, not every time";
}

TEST(BaseRuntime, AMoteThatForgetsTheBaseRightAfterItsHelloIsAnErrorNotALoop) {
  Fixture f([&](const wire::Frame& request) {
    return std::vector<Bytes>{encoded([&](wire::Writer& w) {
      wire::encodeError(w, request.address.reply(), wire::ErrorCode::NOT_INTRODUCED, "who are you?");
    })};
  });
  Soil soil;
  EXPECT_EQ(messageOf([&] { read<int>(soil.edgecut_mote_, kMoisture); }),
            "mote 1 failed READ moisture: who are you? (error 2: no HELLO with a matching fingerprint was "
            "received yet)");
  using wire::Op;
  EXPECT_EQ(f.transport->requests, (std::vector<Op>{Op::HELLO, Op::READ, Op::HELLO, Op::READ}));
}

TEST(BaseRuntime, AnErrorReplyThrowsRemoteError) {
  Fixture f([](const wire::Frame& request) {
    return std::vector<Bytes>{encoded([&](wire::Writer& w) {
      wire::encodeError(w, request.address.reply(), wire::ErrorCode::UNKNOWN_SENSOR, "mote 1 has no sensor \"x\"");
    })};
  });
  Soil soil;
  EXPECT_EQ(messageOf([&] { read<int>(soil.edgecut_mote_, kMoisture); }),
            "mote 1 failed READ moisture: mote 1 has no sensor \"x\" (error 5: the mote has no such sensor)");
}

TEST(BaseRuntime, AResultOfTheWrongTypeThrowsRemoteError) {
  Fixture f([](const wire::Frame& request) { return std::vector<Bytes>{resultFor(request, std::string("wet"))}; });
  Soil soil;
  EXPECT_EQ(messageOf([&] { read<int>(soil.edgecut_mote_, kMoisture); }),
            "mote 1 answered READ moisture with a value that is not of the expected type (an item has a "
            "different type than expected)");
  EXPECT_THROW(write(soil.edgecut_mote_, kValve, 1), RemoteError) << "an ack must carry no value";
}

TEST(BaseRuntime, AMismatchedHelloIsRefusedNamingBothFingerprints) {
  Fixture f([](const wire::Frame& request) {
    return std::vector<Bytes>{encoded([&](wire::Writer& w) { wire::encodeHello(w, request.address.reply(), 0x42, kMoteEpoch); })};
  });
  f.transport->scriptHello = true;
  Soil soil;
  EXPECT_EQ(messageOf([&] { read<int>(soil.edgecut_mote_, kMoisture); }),
            "mote 1 runs program fingerprint 0x0000000000000042, but the base runs program fingerprint "
            "0x0123456789abcdef (soil.cpp with plan onmote.json): build the base and mote programs from the same "
            "program and plan");
}

// A mote's refusal names the fingerprints (the mote names its plan on its own stderr); the base
// adds its own plan.
TEST(BaseRuntime, AMoteThatRefusesTheHelloIsAnErrorNamingTheBasesPlan) {
  Fixture f([](const wire::Frame& request) {
    return std::vector<Bytes>{encoded([&](wire::Writer& w) {
      wire::encodeError(w, request.address.reply(), wire::ErrorCode::FINGERPRINT_MISMATCH,
                        "mote 1 runs program fingerprint 0x0000000000000042, but the base runs 0x0123456789abcdef");
    })};
  });
  f.transport->scriptHello = true;
  Soil soil;
  EXPECT_EQ(messageOf([&] { read<int>(soil.edgecut_mote_, kMoisture); }),
            "mote 1 refused the base's HELLO: mote 1 runs program fingerprint 0x0000000000000042, but the base runs "
            "0x0123456789abcdef (soil.cpp with plan onmote.json); build the base and mote programs from the same "
            "program and plan");
}

TEST(BaseRuntime, MalformedAndStaleFramesAreSkipped) {
  Fixture f([](const wire::Frame& request) {
    const wire::Address stale{request.address.seq - 1, request.address.dst, 0};
    return std::vector<Bytes>{
        test::hex("ff 00"),                                                                 // garbage
        encoded([&](wire::Writer& w) { wire::encodeResult(w, {request.address.seq, 9, 0}, 1); }),  // no node 9
        encoded([&](wire::Writer& w) { wire::encodeResult(w, stale, 666); }),              // a late reply
        resultFor(request, 7)};
  });
  Soil soil;
  EXPECT_EQ(read<int>(soil.edgecut_mote_, kMoisture), 7);
  EXPECT_EQ(f.runtime->malformedFrames(), 2u) << "the garbage and the frame from no node; a late reply is no error";
}

TEST(BaseRuntime, MoteToMoteFramesAreRelayedAndAccounted) {
  Fixture f([](const wire::Frame& request) -> std::vector<Bytes> {
    if (request.address.src != 0) return {};  // the relayed frame arriving at mote 2
    return {encoded([&](wire::Writer& w) { wire::encodeWrite(w, {99, 1, 2}, kValve, 5); }), resultFor(request, 1)};
  });
  Soil soil;
  read<int>(soil.edgecut_mote_, kMoisture);
  EXPECT_EQ(f.transport->requests.back(), wire::Op::WRITE) << "relayed to mote 2";
  // d²(1,2) = 9 + 16 = 25; the WRITE carries one value; the READ reply one value at d² 25.
  EXPECT_EQ(f.runtime->medium().traffic().at(1).transmit, 100.0 * 25 + 100.0 * 25);
}

TEST(BaseRuntime, AFrameForAMoteIsDroppedWhereMotesReachEachOtherDirectly) {
  Fixture f([](const wire::Frame& request) -> std::vector<Bytes> {
    return {encoded([&](wire::Writer& w) { wire::encodeWrite(w, {99, 1, 2}, kValve, 5); }), resultFor(request, 1)};
  });
  f.transport->relays = false;
  Soil soil;
  EXPECT_EQ(read<int>(soil.edgecut_mote_, kMoisture), 1);
  using wire::Op;
  EXPECT_EQ(f.transport->requests, (std::vector<Op>{Op::HELLO, Op::READ})) << "the WRITE went astray: not relayed";
  EXPECT_EQ(f.runtime->malformedFrames(), 1u);
  EXPECT_EQ(f.runtime->medium().traffic().at(1).messagesSent, 2u) << "the HELLO reply and the RESULT, not the WRITE";
}

// The authentication layer (authenticated_transport.hpp) over a transport that carries frames
// without reading them: the mote gets sealed frames at the node the base named, opens them and
// answers sealed; forged replies (no tag) are rejected, counted, and are no mote's traffic; the
// envelopes are radio bytes.
TEST(BaseRuntime, SealedFramesCrossATransportThatNeverReadsThem) {
  wire::NetworkKey key;
  for (std::size_t i = 0; i < key.bytes.size(); ++i) key.bytes[i] = static_cast<std::uint8_t>(i);
  struct SealedMotes final : Transport {
    explicit SealedMotes(const wire::NetworkKey& k) : mote(k, 1) {}
    std::string describe() const override { return "the sealed motes"; }
    bool send(NodeId to, std::span<const std::uint8_t> sealed) override {
      const std::optional<Bytes> opened = mote.open(Bytes(sealed.begin(), sealed.end()));
      EXPECT_TRUE(opened) << "the base seals every frame";
      wire::Frame request;
      if (!opened || wire::decodeFrame(*opened, request) != wire::Status::ok) return true;
      EXPECT_EQ(to, request.address.dst);
      const Bytes reply = request.op == wire::Op::HELLO ? encoded([&](wire::Writer& w) {
        wire::encodeHello(w, request.address.reply(), kFingerprint, kMoteEpoch);
      })
                                                        : resultFor(request, 7);
      plainBytes += reply.size();
      pending.push_back(reply);  // forged: no tag
      pending.push_back(mote.seal(reply));
      return true;
    }
    Event next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point>) override {
      if (pending.empty()) return Event::timeout;
      frame = std::move(pending.front());
      pending.pop_front();
      return Event::frame;
    }
    test::SealedPeer mote;
    std::deque<Bytes> pending;
    std::size_t plainBytes = 0;
  };
  auto motes = std::make_unique<SealedMotes>(key);
  const SealedMotes& seen = *motes;
  Runtime runtime(kProgram,
                  std::make_unique<AuthenticatedTransport>(std::move(motes), key,
                                                           [](NodeId node) { return node == wire::kBaseNode; }),
                  std::chrono::milliseconds(500));
  Soil soil;
  EXPECT_EQ(read<int>(soil.edgecut_mote_, kMoisture), 7);
  EXPECT_EQ(runtime.malformedFrames(), 0u);
  EXPECT_EQ(runtime.rejectedFrames().forged, 2u) << "the forged HELLO and RESULT";
  const sim::NodeTraffic& mote = runtime.medium().traffic().at(1);
  EXPECT_EQ(mote.messagesSent, 2u) << "only authentic frames are traffic";
  EXPECT_EQ(mote.bytesSent, seen.plainBytes + wire::kChallengeBytes + 2 * wire::kMacBytes)
      << "the HELLO's challenge and both tags are radio bytes";
}

// Forged RESULTs with guessed sequence numbers: where anyone may put frames on the network (udp,
// mqtt), a reply nobody waits for is rejected as unsolicited and costs no mote anything; where the
// base carries every frame (the sim), the mote host sent it, and it was on the air.
TEST(BaseRuntime, UnsolicitedRepliesAreCountedAndAreAMotesTrafficOnlyWhereTheBaseCarriesEveryFrame) {
  for (const bool relays : {false, true}) {
    Fixture f([](const wire::Frame& request) -> std::vector<Bytes> {
      wire::Frame guessed = request;
      guessed.address.seq += 1000;
      return {resultFor(guessed, 99), resultFor(request, 1), resultFor(request, 99)};
    });
    f.transport->relays = relays;
    Soil soil;
    EXPECT_EQ(read<int>(soil.edgecut_mote_, kMoisture), 1);
    EXPECT_EQ(read<int>(soil.edgecut_mote_, kMoisture), 1);
    // The guessed ones, and the first READ's late one (the second's is still on its way).
    EXPECT_EQ(f.runtime->rejectedFrames().unsolicited, 3u);
    EXPECT_EQ(f.runtime->medium().traffic().at(1).messagesSent, relays ? 6u : 3u)
        << "the HELLO reply and the two RESULTs, and on the sim the unsolicited ones";
    EXPECT_EQ(f.runtime->medium().traffic().at(1).transmit, 100.0 * 25 * (relays ? 5 : 2));
  }
}

TEST(BaseRuntime, AccountsMoteRepliesAlongTheirRoute) {
  Fixture f([](const wire::Frame& request) { return std::vector<Bytes>{resultFor(request, std::vector<int>{1, 2, 3})}; });
  Soil first;
  Soil second;
  Soil third;
  ASSERT_EQ(idOf(third), 5u);
  call<std::vector<int>>(third.edgecut_mote_, kAverage, 1);
  // Mote 5 -> mote 1: d² = 0 + 16; mote 1 -> base: 25. Three values; the HELLO reply carries none.
  const auto& traffic = f.runtime->medium().traffic();
  EXPECT_EQ(traffic.at(5).transmit, 100.0 * 3 * 16);
  EXPECT_EQ(traffic.at(1).transmit, 100.0 * 3 * 25);
  EXPECT_EQ(traffic.at(5).messagesSent, 2u);
  EXPECT_EQ(traffic.at(1).messagesSent, 2u) << "mote 1 relayed both frames";
  EXPECT_EQ(traffic.at(0).messagesSent, 2u);
  EXPECT_EQ(traffic.at(0).dataValuesSent, 1u) << "the CALL's argument";
  EXPECT_EQ(traffic.at(0).transmit, 0.0);
}

// ---- motes calling base functions (approach 2) ----

constexpr FunctionId kTwice = 0x51u;  // a helper placed on the base: twice(x) = 2x
constexpr FunctionId kFail = 0x52u;   // a base helper that throws

int twiceRan = 0;
bool dispatchBaseFunctions(Call& call) {
  switch (call.function()) {
    case kTwice: {
      int x{};
      if (!call.arguments(x)) return call.badArguments();
      ++twiceRan;
      return call.reply(2 * x);
    }
    case kFail:
      throw std::runtime_error("the disk is full");
    default:
      return call.unknownFunction();
  }
}

// Mote 1 answers the base's CALL of kAverage by calling `helper`(21) on the base, once per CALL it
// gets (`callsPerRequest` copies of its CALL: a duplicated frame), and then answers with the
// base's reply: its value plus one, or its error message.
struct CallingMote {
  FunctionId helper = kTwice;
  int callsPerRequest = 1;
  std::uint32_t seq = 40;
  std::vector<std::string> seen;  // what reached the mote from the base, "RESULT 42", "ERROR …"
  std::uint32_t outerSeq = 0;

  std::vector<Bytes> operator()(const wire::Frame& frame) {
    if (frame.op == wire::Op::CALL) {
      outerSeq = frame.address.seq;
      const std::uint32_t mine = seq++;
      std::vector<Bytes> calls;
      for (int i = 0; i < callsPerRequest; ++i)
        calls.push_back(encoded([&](wire::Writer& w) { wire::encodeCall(w, {mine, 1, 0}, helper, 21); }));
      return calls;
    }
    const wire::Address outer{outerSeq, 1, 0};
    if (frame.op == wire::Op::ERROR) {
      seen.push_back("ERROR " + std::string(frame.message));
      return {encoded([&](wire::Writer& w) { wire::encodeError(w, outer, wire::ErrorCode::FAULT, frame.message); })};
    }
    int value = 0;
    EXPECT_EQ(wire::decodeValue(frame.value, value), wire::Status::ok);
    seen.push_back(fmt::format("RESULT {}", value));
    if (seen.size() > 1) return {};  // a duplicate's reply: the mote waits for one
    return {encoded([&](wire::Writer& w) { wire::encodeResult(w, outer, value + 1); })};
  }
};

TEST(BaseRuntime, WhileItWaitsTheBaseServesAMotesCallOfABaseFunction) {
  auto mote = std::make_shared<CallingMote>();
  Fixture f([mote](const wire::Frame& frame) { return (*mote)(frame); });
  f.runtime->serveCalls(&dispatchBaseFunctions);
  twiceRan = 0;
  Soil soil;
  EXPECT_EQ(call<int>(soil.edgecut_mote_, kAverage, 8), 43);
  EXPECT_EQ(mote->seen, std::vector<std::string>{"RESULT 42"});
  EXPECT_EQ(twiceRan, 1);
  EXPECT_EQ(f.runtime->callsServed(), 1u);
  // Mote 1 (d² 25) sent its CALL (one value) and its RESULT (one value); the base's frames are free.
  const auto& traffic = f.runtime->medium().traffic();
  EXPECT_EQ(traffic.at(1).messagesSent, 3u) << "its HELLO, its CALL and its RESULT";
  EXPECT_EQ(traffic.at(1).dataValuesSent, 2u);
  EXPECT_EQ(traffic.at(1).transmit, 100.0 * 2 * 25);
  EXPECT_EQ(traffic.at(0).transmit, 0.0);
}

TEST(BaseRuntime, ADuplicatedCallFromAMoteRunsOnceAndGetsTheSameReply) {
  auto mote = std::make_shared<CallingMote>();
  mote->callsPerRequest = 2;
  Fixture f([mote](const wire::Frame& frame) { return (*mote)(frame); });
  f.runtime->serveCalls(&dispatchBaseFunctions);
  twiceRan = 0;
  Soil soil;
  EXPECT_EQ(call<int>(soil.edgecut_mote_, kAverage, 8), 43);
  EXPECT_EQ(twiceRan, 1) << "the second copy was answered from the mote's window";
  EXPECT_EQ(f.runtime->callsServed(), 1u);
  EXPECT_EQ(mote->seen, (std::vector<std::string>{"RESULT 42", "RESULT 42"}));
}

TEST(BaseRuntime, ABaseFunctionThatThrowsIsAnErrorToTheMoteAndThenToTheCaller) {
  auto mote = std::make_shared<CallingMote>();
  mote->helper = kFail;
  Fixture f([mote](const wire::Frame& frame) { return (*mote)(frame); });
  f.runtime->serveCalls(&dispatchBaseFunctions);
  Soil soil;
  EXPECT_EQ(messageOf([&] { call<int>(soil.edgecut_mote_, kAverage, 8); }),
            "mote 1 failed CALL Soil::avgMoisture: the base failed mote 1's CALL 0x00000052: the disk is full "
            "(error 10: the mote code failed while handling the request)");
}

TEST(BaseRuntime, WithoutBaseFunctionsAMotesCallIsAnUnknownFunction) {
  auto mote = std::make_shared<CallingMote>();
  Fixture f([mote](const wire::Frame& frame) { return (*mote)(frame); });
  Soil soil;
  EXPECT_THROW(call<int>(soil.edgecut_mote_, kAverage, 8), RemoteError);
  EXPECT_EQ(mote->seen,
            std::vector<std::string>{"ERROR the base has no functions for motes to call (CALL 0x00000051)"});
}

TEST(BaseRuntime, AMoteTheBaseNeverIntroducedCannotCallIt) {
  Fixture f([](const wire::Frame& request) -> std::vector<Bytes> {
    if (request.op == wire::Op::ERROR) {
      EXPECT_EQ(request.message, "the base got CALL from mote 2 before a HELLO with its fingerprint 0x0123456789abcdef");
      return {};
    }
    if (request.op != wire::Op::READ) return {};
    // Mote 2 (never introduced) calls the base, then mote 1 answers the READ.
    return {encoded([&](wire::Writer& w) { wire::encodeCall(w, {7, 2, 0}, kTwice, 1); }), resultFor(request, 5)};
  });
  f.runtime->serveCalls(&dispatchBaseFunctions);
  twiceRan = 0;
  Soil soil;
  EXPECT_EQ(read<int>(soil.edgecut_mote_, kMoisture), 5);
  EXPECT_EQ(twiceRan, 0);
  EXPECT_EQ(f.transport->requests.back(), wire::Op::ERROR) << "NOT_INTRODUCED, sent back to mote 2";
}

TEST(BaseRuntime, BindingsTakeFittingMotesInOrderUntilNoneIsLeft) {
  Fixture f([](const wire::Frame&) { return std::vector<Bytes>{}; });
  const std::vector<Soil> all = motes<Soil>();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(idOf(all[0]), 1u);
  EXPECT_EQ(idOf(all[1]), 2u);
  EXPECT_EQ(idOf(all[2]), 5u);
  Soil a;  // motes<Soil>() used none of them up
  Soil b;
  Soil c;
  EXPECT_EQ(idOf(a), 1u);
  EXPECT_EQ(idOf(b), 2u);
  EXPECT_EQ(idOf(c), 5u);
  EXPECT_EQ(messageOf([] { Soil d; }), "no more motes of class Soil: the network has 3");
  EXPECT_THROW(Soil(), NoMoteAvailable);
  Lamp lamp;
  EXPECT_EQ(idOf(lamp), 3u);
  EXPECT_EQ(motes<Lamp>().size(), 1u);
  EXPECT_EQ(messageOf([] { Lamp another; }), "no more motes of class Lamp: the network has 1");
}

TEST(BaseRuntime, WithoutARuntimeMoteProxiesAreAnError) {
  EXPECT_THROW(Soil(), std::logic_error);
}

TEST(BaseRuntime, ABrokenLinkIsReportedOnceAndSkipsShutdown) {
  Fixture f([](const wire::Frame&) { return std::vector<Bytes>{}; });
  f.transport->broken = true;
  Soil soil;
  EXPECT_THROW(read<int>(soil.edgecut_mote_, kMoisture), LinkError);
  EXPECT_THROW(read<int>(soil.edgecut_mote_, kMoisture), LinkError);
  const sim::HostStats host = f.runtime->shutdown();
  EXPECT_FALSE(f.transport->shutDown);
  EXPECT_EQ(host.lostMotes, (std::set<NodeId>{1, 2, 3, 5})) << "every mote's stats are lost";
  EXPECT_EQ(host.whyLost, "") << "the link's error was thrown once, when it broke";
}

TEST(BaseRuntime, TheStatsCollectionKnowsTheMotesWhoseLastRequestTimedOut) {
  Fixture f([](const wire::Frame& request) {
    return request.address.dst == 2 ? std::vector<Bytes>{} : std::vector<Bytes>{resultFor(request, 30)};
  });
  Soil first;
  Soil second;
  EXPECT_THROW(read<int>(second.edgecut_mote_, kMoisture), RemoteTimeout);
  EXPECT_EQ(read<int>(first.edgecut_mote_, kMoisture), 30);
  f.runtime->shutdown();
  EXPECT_EQ(f.transport->silent, (std::set<NodeId>{2}));
}

TEST(BaseRuntime, TheReportHasTotalsNodesAndTheActuatorTrace) {
  Fixture f([](const wire::Frame& request) {
    return std::vector<Bytes>{request.op == wire::Op::WRITE ? ackFor(request) : resultFor(request, 30)};
  });
  f.transport->stats.actuatorWrites = {{2, "valve", 1}};
  f.transport->stats.malformedFrames = 1;
  f.transport->stats.operations = {{1, 0}, {2, 41}, {3, 0}, {5, 9}};
  Soil first;
  Soil second;
  call<int>(second.edgecut_mote_, kAverage, 8);
  write(second.edgecut_mote_, kValve, 1);
  const sim::HostStats host = f.runtime->shutdown();
  ASSERT_TRUE(host.lostMotes.empty());
  const nlohmann::json report = makeReport(*f.runtime, host);
  EXPECT_EQ(report["energy"]["transmit"], 100.0 * 1 * 100) << "one value from d² = 100";
  EXPECT_EQ(report["operations"], 41 + 9) << "the motes' operations; the base's are free";
  EXPECT_EQ(report["energy"]["instructions"], 0.5 * 50) << "energy.instruction · O";
  EXPECT_EQ(report["energy"]["total"], 0.5 * 50 + 10000.0);
  EXPECT_EQ(report["messages"], 6) << "HELLO, CALL, WRITE each way";
  EXPECT_EQ(report["integers"], 3) << "the CALL's argument, the WRITE's value, the RESULT";
  EXPECT_EQ(report["malformed_frames"], 1);
  EXPECT_EQ(report["actuator_writes"], nlohmann::json::parse(R"([{"node": 2, "actuator": "valve", "value": 1}])"));
  EXPECT_EQ(report["program"], "soil.cpp");
  EXPECT_EQ(report["plan"], "onmote.json");
  ASSERT_EQ(report["nodes"].size(), 5u) << "the base and every mote";
  EXPECT_EQ(report["nodes"][0]["id"], 0);
  EXPECT_EQ(report["nodes"][2]["id"], 2);
  EXPECT_EQ(report["nodes"][2]["messages_sent"], 3);
  EXPECT_EQ(report["nodes"][2]["integers_sent"], 1);
  EXPECT_EQ(report["nodes"][2]["transmit"], 10000.0);
  EXPECT_EQ(report["nodes"][1]["messages_sent"], 0);
  EXPECT_EQ(report["nodes"][0]["operations"], 0) << "the base";
  EXPECT_EQ(report["nodes"][2]["operations"], 41);
  EXPECT_EQ(report["nodes"][4]["operations"], 9) << "mote 5";
  for (const nlohmann::json& node : report["nodes"]) EXPECT_EQ(node["lost"], false);
  const std::string summary = summarize(*f.runtime, host);
  EXPECT_EQ(summary,
            "edgecut: soil.cpp with plan onmote.json on 4 motes: 6 messages, 3 integers, " +
                std::to_string(report["bytes"].get<int>()) +
                " bytes; transmit energy 10000; 50 operations, instruction energy 25; energy 10025; 1 malformed "
                "frames dropped; 1 actuator writes\n");

  // Without mote 2's stats (its program died) what only it knows is unknown, not 0; what the other
  // motes reported stays, and mote 2 is marked lost.
  sim::HostStats partial = host;
  partial.lostMotes = {2};
  partial.actuatorWrites = {{5, "valve", 0}};
  partial.operations.erase(2);
  const nlohmann::json unknown = makeReport(*f.runtime, partial);
  EXPECT_TRUE(unknown["operations"].is_null());
  EXPECT_TRUE(unknown["nodes"][2]["operations"].is_null());
  EXPECT_EQ(unknown["nodes"][2]["lost"], true);
  EXPECT_EQ(unknown["nodes"][4]["operations"], 9) << "mote 5 reported";
  EXPECT_EQ(unknown["nodes"][4]["lost"], false);
  EXPECT_EQ(unknown["nodes"][0]["lost"], false) << "the base";
  EXPECT_EQ(unknown["actuator_writes"], nlohmann::json::parse(R"([{"node": 5, "actuator": "valve", "value": 0}])"));
  EXPECT_TRUE(unknown["energy"]["instructions"].is_null());
  EXPECT_TRUE(unknown["energy"]["total"].is_null());
  EXPECT_TRUE(unknown["duplicate_requests"].is_null());
  EXPECT_EQ(unknown["energy"]["transmit"], 10000.0);
  EXPECT_EQ(unknown["malformed_frames"], 1) << "what was counted stays counted";
  EXPECT_NE(summarize(*f.runtime, partial).find("; operations unknown: mote 2 lost (no stats)"), std::string::npos);
  partial.lostMotes = {1, 2, 3, 5};
  EXPECT_NE(summarize(*f.runtime, partial).find("; operations unknown: motes 1–3, 5 lost (no stats)"),
            std::string::npos);
}

TEST(BaseRuntime, TheReportsProfileJoinsTheBasesAndTheMotesPartsByFunctionKey) {
  constexpr FunctionId kMain = 0x10u;
  static constexpr NamedId kKeys[] = {{kAverage, "Soil::avgMoisture(int)"}, {kMain, "main()"}};
  ProgramInfo program = kProgram;
  program.functionKeys = kKeys;
  Fixture f(
      [](const wire::Frame& request) {
        return std::vector<Bytes>{request.op == wire::Op::WRITE ? ackFor(request) : resultFor(request, 30)};
      },
      std::chrono::milliseconds(50), program);
  // The motes ran avgMoisture twice, reading 16 times on their own mote.
  f.transport->stats.profile.emplace();
  f.transport->stats.profile->functions[kAverage] = {.runs = 2, .operations = 90};
  f.transport->stats.profile->calls[{kAverage, sim::CalleeKind::sensor, kMoisture}] = {.calls = 16};
  {
    EDGECUT_FUNCTION(kMain);  // as generated base.cpp opens main
    Soil first;
    call<int>(first.edgecut_mote_, kAverage, 8);
    call<int>(first.edgecut_mote_, kAverage, 8);
    write(first.edgecut_mote_, kValve, 1);
    read<int>(first.edgecut_mote_, kMoisture);
  }
  const nlohmann::json report = makeReport(*f.runtime, f.runtime->shutdown());
  EXPECT_EQ(report["profile"], nlohmann::json::parse(R"json({"functions": [
    {"key": "Soil::avgMoisture(int)", "id": 778928257, "runs_on_base": 0, "runs_on_motes": 2, "operations": 90,
     "calls": [{"sensor": "moisture", "calls": 16, "over_radio": 0, "integers_to_callee": 0, "integers_to_caller": 0}]},
    {"key": "main()", "id": 16, "runs_on_base": 1, "runs_on_motes": 0, "operations": 0,
     "calls": [{"function": "Soil::avgMoisture(int)", "id": 778928257, "calls": 2, "over_radio": 2,
                "integers_to_callee": 2, "integers_to_caller": 2},
               {"sensor": "moisture", "calls": 1, "over_radio": 1, "integers_to_callee": 0, "integers_to_caller": 1},
               {"actuator": "valve", "calls": 1, "over_radio": 1, "integers_to_callee": 1, "integers_to_caller": 0}]}
  ]})json")) << report["profile"].dump(2);

  f.transport->stats.profile.reset();
  EXPECT_TRUE(makeReport(*f.runtime, f.transport->stats)["profile"].is_null())
      << "without the motes' part the profile is unknown";
}

// Round figures, so that the joules come out exact: 2 V, 1 kbit/s, 10/20/30 mA, listening 1 % of
// the time when idle.
constexpr RadioInfo kTestRadio{.name = "test-radio",
                               .volts = 2,
                               .cpuMilliamps = 10,
                               .transmitMilliamps = 20,
                               .listenMilliamps = 30,
                               .bitsPerSecond = 1000,
                               .cpuHertz = 1e6,
                               .cyclesPerOperation = 4,
                               .listenDutyCycle = 0.01};

ProgramInfo withRadio(const RadioInfo* radio) {
  ProgramInfo program = kProgram;
  program.radio = radio;
  return program;
}

TEST(BaseRuntime, UnderARadioTheReportGivesEachMotesJoules) {
  const ProgramInfo program = withRadio(&kTestRadio);
  Fixture f([](const wire::Frame& request) { return std::vector<Bytes>{resultFor(request, 30)}; },
            std::chrono::milliseconds(50), program);
  Soil first;
  Soil second;
  call<int>(second.edgecut_mote_, kAverage, 8);
  const nlohmann::json report = makeReport(*f.runtime, f.runtime->shutdown());
  const nlohmann::json& node = report["nodes"][2];
  ASSERT_EQ(node["id"], 2);
  const auto sent = node["bytes_sent"].get<double>();
  const auto heard = node["bytes_received"].get<double>();
  EXPECT_GT(sent, 0);
  EXPECT_GT(heard, 0);
  // A byte is 8 ms on air at 1 kbit/s: 8 ms · 20 mA · 2 V = 0.32 mJ sent, 8 ms · 30 mA · 2 V heard.
  EXPECT_DOUBLE_EQ(node["joules"]["transmit"].get<double>(), sent * 0.32e-3);
  EXPECT_DOUBLE_EQ(node["joules"]["listen"].get<double>(), heard * 0.48e-3);
  EXPECT_EQ(node["joules"]["cpu"], 0.0) << "no operations counted";
  EXPECT_DOUBLE_EQ(node["joules"]["total"].get<double>(), sent * 0.32e-3 + heard * 0.48e-3);
  EXPECT_EQ(report["nodes"][1]["joules"]["total"], 0.0) << "mote 1 was bound, never spoken to";
  EXPECT_FALSE(report["nodes"][0].contains("joules")) << "the base is on mains power";
  EXPECT_EQ(report["joules"]["radio"], "test-radio");
  EXPECT_DOUBLE_EQ(report["joules"]["total"].get<double>(), node["joules"]["total"].get<double>());
  EXPECT_EQ(report["nodes"][0]["bytes_received"], node["bytes_sent"]) << "the base heard mote 2's replies";
  EXPECT_NE(summarize(*f.runtime, f.runtime->shutdown()).find("motes' energy under radio test-radio: "),
            std::string::npos);
}

TEST(BaseRuntime, OverNetworkTimeTheReportGivesRatesPerHourIdleListeningAndTheLifetime) {
  ProgramInfo program = withRadio(&kTestRadio);
  const BatteryInfo battery{.milliampHours = 1, .volts = 2};  // 1 mAh · 3.6 · 2 V = 7.2 J
  program.battery = &battery;
  Fixture f([](const wire::Frame& request) { return std::vector<Bytes>{resultFor(request, 30)}; },
            std::chrono::milliseconds(50), program);
  Soil first;
  Soil second;
  call<int>(second.edgecut_mote_, kAverage, 8);
  f.runtime->runFor(std::chrono::hours(2));
  const nlohmann::json report = makeReport(*f.runtime, f.runtime->shutdown());
  EXPECT_EQ(report["duration_s"], 7200.0);
  // Two hours: every rate is half the count.
  EXPECT_DOUBLE_EQ(report["per_hour"]["messages"].get<double>(), report["messages"].get<double>() / 2);
  EXPECT_DOUBLE_EQ(report["per_hour"]["bytes"].get<double>(), report["bytes"].get<double>() / 2);
  EXPECT_DOUBLE_EQ(report["per_hour"]["transmit"].get<double>(), report["energy"]["transmit"].get<double>() / 2);
  EXPECT_DOUBLE_EQ(report["per_hour"]["energy"].get<double>(), report["energy"]["total"].get<double>() / 2);
  const nlohmann::json& node = report["nodes"][2];
  ASSERT_EQ(node["id"], 2);
  const auto sent = node["bytes_sent"].get<double>();
  const auto heard = node["bytes_received"].get<double>();
  // Idle listening: 1 % of 7200 s at 30 mA · 2 V = 72 s · 0.06 W = 4.32 J, on every mote.
  EXPECT_DOUBLE_EQ(node["joules"]["listen"].get<double>(), heard * 0.48e-3 + 4.32);
  EXPECT_DOUBLE_EQ(report["nodes"][1]["joules"]["total"].get<double>(), 4.32) << "mote 1 only listened";
  const double spent = sent * 0.32e-3 + heard * 0.48e-3 + 4.32;
  EXPECT_DOUBLE_EQ(node["joules"]["total"].get<double>(), spent);
  EXPECT_DOUBLE_EQ(node["per_hour"]["joules"].get<double>(), spent / 2);
  EXPECT_DOUBLE_EQ(node["per_hour"]["bytes_sent"].get<double>(), sent / 2);
  EXPECT_EQ(report["nodes"][0]["per_hour"]["messages_sent"], report["nodes"][0]["messages_sent"].get<double>() / 2);
  // Mote 2 spends the most: `spent` J in 7200 s, so 7.2 J last 7.2 / (spent / 7200) s, or
  // 7.2 · 7200 / spent / 86400 = 0.6 / spent days.
  EXPECT_EQ(report["lifetime"]["mote"], 2);
  EXPECT_DOUBLE_EQ(report["lifetime"]["days"].get<double>(), 0.6 / spent);
}

TEST(BaseRuntime, TheTimelineCoversTheRunAndSumsToTheTotals) {
  const ProgramInfo program = withRadio(&kTestRadio);
  Fixture f([](const wire::Frame& request) { return std::vector<Bytes>{resultFor(request, 30)}; },
            std::chrono::milliseconds(50), program);
  Soil first;
  Soil second;
  call<int>(second.edgecut_mote_, kAverage, 8);  // at 0: HELLO, CALL and their answers
  f.runtime->runFor(std::chrono::minutes(90));  // quiet, but for idle listening
  sim::HostStats host = f.runtime->shutdown();
  const nlohmann::json unknown = makeReport(*f.runtime, host)["timeline"];
  EXPECT_EQ(unknown["energy"], nullptr) << "the host did not say when its operations ran";
  EXPECT_EQ(unknown["joules"], nullptr);
  // As a mote host says it: 10 operations at 1.5 minutes on mote 2, in the second bucket.
  host.operations[2] += 10;
  host.operationsOverTime.emplace();
  host.operationsOverTime->at(90'000).operations = 10;
  const nlohmann::json report = makeReport(*f.runtime, host);
  const nlohmann::json& timeline = report["timeline"];
  EXPECT_EQ(timeline["bucket_s"], 60.0);
  ASSERT_EQ(timeline["messages"].size(), 90u) << "(0, 1 min], …, (89, 90 min]";
  EXPECT_EQ(timeline["messages"][0], report["messages"]);
  for (int minute = 1; minute < 90; ++minute) EXPECT_EQ(timeline["messages"][minute], 0) << minute;
  // The RESULT carries one value from mote 2, d² = 100: 100 · 100 = 10000.
  EXPECT_EQ(timeline["transmit"][0], 10000.0);
  EXPECT_EQ(timeline["energy"][0], 10000.0);
  EXPECT_EQ(timeline["energy"][1], 0.5 * 10) << "energy.instruction · the operations of minute 2";
  // A quiet minute: the idle listening of four motes, 1 % of 60 s at 30 mA · 2 V each.
  EXPECT_DOUBLE_EQ(timeline["joules"][45].get<double>(), 4 * 0.01 * 60 * 0.06);
  // The operations' cpu: 10 · 4 cycles / 1 MHz · 10 mA · 2 V.
  EXPECT_DOUBLE_EQ(timeline["joules"][1].get<double>(), 4 * 0.01 * 60 * 0.06 + 10 * 4 / 1e6 * 0.02);
  double energy = 0, joules = 0, bytes = 0;
  for (int bucket = 0; bucket < 90; ++bucket) {
    energy += timeline["energy"][bucket].get<double>();
    joules += timeline["joules"][bucket].get<double>();
    bytes += timeline["bytes"][bucket].get<double>();
  }
  // Summed in another order than the report's totals: equal but for rounding.
  EXPECT_NEAR(energy, report["energy"]["total"].get<double>(), 1e-9 * energy);
  EXPECT_NEAR(joules, report["joules"]["total"].get<double>(), 1e-9 * joules);
  EXPECT_EQ(bytes, report["bytes"].get<double>());
}

TEST(BaseRuntime, WithoutNetworkTimeThereAreNoRatesNorLifetime) {
  ProgramInfo program = withRadio(&kTestRadio);
  const BatteryInfo battery{.milliampHours = 2600, .volts = 3};
  program.battery = &battery;
  Fixture f([](const wire::Frame& request) { return std::vector<Bytes>{resultFor(request, 30)}; },
            std::chrono::milliseconds(50), program);
  Soil soil;
  call<int>(soil.edgecut_mote_, kAverage, 8);
  const nlohmann::json report = makeReport(*f.runtime, f.runtime->shutdown());
  EXPECT_EQ(report["duration_s"], 0.0);
  EXPECT_EQ(report["per_hour"], nullptr);
  EXPECT_EQ(report["nodes"][1]["per_hour"], nullptr);
  EXPECT_EQ(report["lifetime"], nullptr);
  EXPECT_EQ(report["timeline"], nullptr);
}

TEST(BaseRuntime, WithoutARadioTheReportHasNoJoules) {
  Fixture f([](const wire::Frame& request) { return std::vector<Bytes>{resultFor(request, 30)}; });
  Soil soil;
  call<int>(soil.edgecut_mote_, kAverage, 8);
  const nlohmann::json report = makeReport(*f.runtime, f.runtime->shutdown());
  EXPECT_FALSE(report.contains("joules"));
  for (const nlohmann::json& node : report["nodes"]) EXPECT_FALSE(node.contains("joules"));
  EXPECT_EQ(summarize(*f.runtime, sim::HostStats{}).find("joules"), std::string::npos);
}

}  // namespace
}  // namespace edgecut::base

// ---- the sim transport (its own header) with stand-in mote programs: failures end in errors,
// never in hangs ----

namespace edgecut::base {
namespace {

// Writes an executable shell script and returns its path.
std::string script(const std::string& name, const std::string& body) {
  const std::string path = ::testing::TempDir() + name;
  {
    std::ofstream out(path);
    out << "#!/bin/sh\n" << body << "\n";
  }
  std::filesystem::permissions(path, std::filesystem::perms::owner_all);
  return path;
}

TEST(SimBase, AMoteHostThatDiesIsALinkErrorSayingHow) {
  Runtime runtime(kProgram, std::make_unique<transport::SimBase>(script("edgecut_dies.sh", "exit 3")),
                  std::chrono::milliseconds(2000));
  Soil soil;
  const std::string message = messageOf([&] { read<int>(soil.edgecut_mote_, kMoisture); });
  // Whether the base notices on sending or on receiving depends on timing; either way it says how.
  EXPECT_NE(message.find("the mote host " + ::testing::TempDir() + "edgecut_dies.sh"), std::string::npos) << message;
  EXPECT_NE(message.find("(exited with status 3)"), std::string::npos) << message;
  const sim::HostStats host = runtime.shutdown();
  EXPECT_EQ(host.lostMotes.size(), 4u) << "every mote's stats are lost with the host";
  EXPECT_EQ(host.whyLost, "") << "the error was reported once";
}

TEST(SimBase, AMoteHostThatHangsTimesOutAndIsStopped) {
  Runtime runtime(kProgram, std::make_unique<transport::SimBase>(script("edgecut_hangs.sh", "exec sleep 30")),
                  std::chrono::milliseconds(100));
  Soil soil;
  const auto start = Clock::now();
  EXPECT_EQ(messageOf([&] { read<int>(soil.edgecut_mote_, kMoisture); }),
            "mote 1 did not answer READ moisture within 100 ms (the HELLO before it was sent once)");
  const sim::HostStats host = runtime.shutdown();
  EXPECT_EQ(host.lostMotes.size(), 4u) << "it does not report stats either";
  EXPECT_NE(host.whyLost.find("did not report its stats in time"), std::string::npos) << host.whyLost;
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));
  // ~Runtime stops the child; the test would leave a sleeping process otherwise.
}

TEST(SimBase, AMissingMoteProgramIsALinkError) {
  Runtime runtime(kProgram, std::make_unique<transport::SimBase>("/nonexistent/mote"), std::chrono::milliseconds(2000));
  Soil soil;
  const std::string message = messageOf([&] { read<int>(soil.edgecut_mote_, kMoisture); });
  EXPECT_NE(message.find("exited with status 127"), std::string::npos) << message;
}

}  // namespace
}  // namespace edgecut::base
