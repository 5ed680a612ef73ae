// The base runtime against a scripted mote: the request/reply protocol, HELLO, timeouts, errors,
// bindings and motes calling base functions.
#include "base_runtime_fixture.hpp"

namespace edgecut::base {
namespace {
namespace base_runtime_test_cpp {

using namespace base_test;


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
  const sim::NodeTraffic mote = runtime.medium().traffic().at(1);
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

}  // namespace base_runtime_test_cpp
}  // namespace
}  // namespace edgecut::base
