// Pushes (mote_host.hpp, runtime/README.md "Pushes"): [[auto]] mote code's one-way calls of void
// functions on the base. The transport here plays the base: it runs each push once by its
// sequence number, as the base's duplicate window does, and acknowledges it, or loses what a test
// tells it to, or has stopped.
#include <gtest/gtest.h>

#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "edgecut/runtime/mote_host.hpp"
#include "glue_network.hpp"
#include "test_bytes.hpp"

namespace edgecut::mote {
namespace {
namespace mote_pushes_test_cpp {

using test::Bytes;
using test::encoded;
using Clock = Transport::Clock;
using std::chrono::milliseconds;

constexpr Fingerprint kFingerprint = 0x9e5;
constexpr std::uint32_t kBaseEpoch = 0x80000007u;
constexpr FunctionId kReport = 0x11;  // on the mote: pushes store(i) for i in 1..count
constexpr FunctionId kStore = 0x21;   // on the base, void
constexpr FunctionId kSample = 0x12;  // a periodic task that pushes store(7)

std::vector<milliseconds> pushTook;  // how long each pushBase call kept mote code waiting

void pushStore(int value) {
  const Clock::time_point before = Clock::now();
  pushBase(kStore, value);
  pushTook.push_back(std::chrono::duration_cast<milliseconds>(Clock::now() - before));
}

bool dispatch(Call& call) {
  switch (call.function()) {
    case kReport: {
      int count = 0;
      if (!call.arguments(count)) return call.badArguments();
      for (int i = 1; i <= count; ++i) pushStore(i);
      return call.replyVoid();
    }
    case kSample:
      if (!call.arguments()) return call.badArguments();
      pushStore(7);
      return call.replyVoid();
    default:
      return call.unknownFunction();
  }
}

constexpr NamedId kFunctions[] = {{kStore, "store"}};
const ProgramInfo kProgram{
    .fingerprint = kFingerprint,
    .programFile = "meters.cpp",
    .planFile = "plan.json",
    .networkCbor = test::glueNetwork(R"({"motes": [{"id": 1, "position": [3, 4]}]})"),
    .instructionCost = 1,
    .transmitCost = 100,
    .functions = kFunctions,
};

// The base, as the mote host's transport sees it. What the base sends goes out before the rest of
// the script; a script entry is due `after` the serve began.
class PlayingBase final : public Transport {
 public:
  // A script entry arrives once the host is idle (it waits without a deadline), unless it may
  // arrive while the host waits for something.
  struct Entry {
    Event event;
    Bytes bytes;
    milliseconds after{0};
    bool whileWaiting = false;
  };
  std::deque<Entry> script;
  bool stopped = false;      // the base answers nothing
  unsigned losePushes = 0;   // the next pushes the radio loses on their way to the base
  unsigned loseAcks = 0;     // the next acknowledgements it loses on their way back
  bool failStores = false;   // the base answers a push with an ERROR (its function threw)
  milliseconds ackDelay{0};  // how long an acknowledgement takes to arrive
  std::map<std::uint32_t, int> stored;  // the value each push carried, by sequence number: run once
  std::vector<int> storedInOrder;
  unsigned pushesArrived = 0;
  unsigned mostInFlight = 0;
  std::vector<Bytes> sentFrames;   // everything the host sent, in order
  std::vector<std::string> order;  // "push 1", "reply", "control": what went out, in order
  std::vector<Bytes> controls;     // the control messages the host sent, in order
  std::optional<sim::HostStats> reported;

  std::string describe() const override { return "the playing base"; }

  Event next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point> deadline) override {
    if (start_ == Clock::time_point{}) start_ = Clock::now();
    // The base's frames first, when their time has come; then the script's; else wait.
    Clock::time_point wake = deadline.value_or(Clock::time_point::max());
    if (!fromBase_.empty()) wake = std::min(wake, fromBase_.front().first);
    const bool scriptDue = !script.empty() && (!deadline || script.front().whileWaiting);
    if (scriptDue) wake = std::min(wake, start_ + script.front().after);
    if (wake == Clock::time_point::max()) return Event::closed;
    std::this_thread::sleep_until(wake);
    if (!fromBase_.empty() && fromBase_.front().first <= Clock::now()) {
      frame = std::move(fromBase_.front().second);
      fromBase_.pop_front();
      return Event::frame;
    }
    if (scriptDue && start_ + script.front().after <= Clock::now()) {
      frame = script.front().bytes;
      const Event event = script.front().event;
      script.pop_front();
      return event;
    }
    return Event::timeout;
  }

  bool send(NodeId to, std::span<const std::uint8_t> bytes) override {
    EXPECT_EQ(to, sim::Network::kBase);
    sentFrames.emplace_back(bytes.begin(), bytes.end());
    wire::Frame frame;
    EXPECT_EQ(wire::decodeFrame(bytes, frame), wire::Status::ok);
    if (frame.op != wire::Op::CALL || frame.number != kStore) {
      order.push_back("reply");
      return true;
    }
    if (!inFlight_.count(frame.address.seq)) inFlight_.insert(frame.address.seq);
    mostInFlight = std::max(mostInFlight, static_cast<unsigned>(inFlight_.size()));
    if (stopped) return true;
    if (losePushes > 0) {
      --losePushes;
      return true;
    }
    ++pushesArrived;
    std::tuple<int> arguments{};  // a CALL's value is its argument list
    EXPECT_EQ(wire::decodeValue(frame.value, arguments), wire::Status::ok);
    const int value = std::get<0>(arguments);
    if (!stored.count(frame.address.seq)) {  // the duplicate window: run once, acknowledge each copy
      stored[frame.address.seq] = value;
      storedInOrder.push_back(value);
      order.push_back("push " + std::to_string(value));
    }
    if (loseAcks > 0) {
      --loseAcks;
      return true;
    }
    inFlight_.erase(frame.address.seq);
    const wire::Address back = frame.address.reply();
    fromBase_.emplace_back(Clock::now() + ackDelay, encoded([&](wire::Writer& w) {
                             if (failStores) wire::encodeError(w, back, wire::ErrorCode::FAULT, "the disk is full");
                             else wire::encodeVoidResult(w, back);
                           }));
    return true;
  }

  bool sendControl(NodeId, std::span<const std::uint8_t> bytes) override {
    order.push_back("control");
    controls.emplace_back(bytes.begin(), bytes.end());
    return true;
  }
  void reportStats(sim::HostStats& stats) override { reported = stats; }

 private:
  Clock::time_point start_{};
  std::deque<std::pair<Clock::time_point, Bytes>> fromBase_;  // in the order they fall due
  std::set<std::uint32_t> inFlight_;
};

Bytes hello() {
  return encoded([](wire::Writer& w) { wire::encodeHello(w, {1, 0, 1}, kFingerprint, kBaseEpoch); });
}
Bytes report(std::uint32_t seq, int count) {
  return encoded([&](wire::Writer& w) { wire::encodeCall(w, {seq, 0, 1}, kReport, count); });
}

class MotePushes : public ::testing::Test {
 protected:
  MotePushes() {
    pushTook.clear();
    host_.setPeerRetry({.deadline = milliseconds(300), .firstWait = milliseconds(10), .retries = 4});
  }
  // The host's replies to the base's requests (HELLO's aside), decoded.
  std::vector<wire::Frame> replies() {
    std::vector<wire::Frame> out;
    for (const Bytes& bytes : base_.sentFrames) {
      wire::Frame frame;
      if (wire::decodeFrame(bytes, frame) == wire::Status::ok && frame.op != wire::Op::CALL &&
          frame.op != wire::Op::HELLO)
        out.push_back(frame);
    }
    return out;
  }

  PlayingBase base_;
  MoteHost host_{kProgram, &dispatch};
};

TEST_F(MotePushes, APushReturnsAtOnceAndTheRequestEndsOnceTheBaseHasIt) {
  base_.ackDelay = milliseconds(40);  // a call that waited for it would take that long
  base_.script = {{Transport::Event::frame, hello()},
                  {Transport::Event::frame, report(2, 3)},
                  {Transport::Event::shutdown, {}}};
  EXPECT_EQ(host_.serve(base_), 0);
  EXPECT_EQ(base_.storedInOrder, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(base_.order, (std::vector<std::string>{"reply", "push 1", "push 2", "push 3", "reply"}))
      << "the HELLO's answer, the pushes in order, then the CALL's reply";
  ASSERT_EQ(pushTook.size(), 3u);
  for (milliseconds took : pushTook) EXPECT_LT(took.count(), 40) << "mote code does not wait for the base";
  ASSERT_EQ(replies().size(), 1u);
  EXPECT_EQ(replies()[0].op, wire::Op::RESULT);
  ASSERT_TRUE(base_.reported);
  EXPECT_EQ(base_.reported->pushesDropped, 0u);
}

TEST_F(MotePushes, ALostPushIsResentWithItsSequenceNumberAndRunsOnce) {
  base_.losePushes = 2;
  base_.script = {{Transport::Event::frame, hello()},
                  {Transport::Event::frame, report(2, 1)},
                  {Transport::Event::shutdown, {}}};
  EXPECT_EQ(host_.serve(base_), 0);
  EXPECT_EQ(base_.storedInOrder, (std::vector<int>{1}));
  EXPECT_EQ(base_.pushesArrived, 1u);
  ASSERT_TRUE(base_.reported);
  EXPECT_EQ(base_.reported->retransmissions, 2u);
  EXPECT_EQ(base_.reported->pushesDropped, 0u);
  ASSERT_GE(base_.sentFrames.size(), 4u);
  EXPECT_EQ(base_.sentFrames[1], base_.sentFrames[2]) << "a resend is the same bytes";
}

TEST_F(MotePushes, ALostAcknowledgementBringsAResendThatTheBaseDoesNotRunAgain) {
  base_.loseAcks = 1;
  base_.script = {{Transport::Event::frame, hello()},
                  {Transport::Event::frame, report(2, 1)},
                  {Transport::Event::shutdown, {}}};
  EXPECT_EQ(host_.serve(base_), 0);
  EXPECT_EQ(base_.pushesArrived, 2u) << "the push and its resend reached the base";
  EXPECT_EQ(base_.storedInOrder, (std::vector<int>{1})) << "and it ran once";
  ASSERT_TRUE(base_.reported);
  EXPECT_EQ(base_.reported->pushesDropped, 0u);
}

TEST_F(MotePushes, APushToABaseThatStoppedIsDroppedAndCountedAfterItsDeadline) {
  base_.stopped = true;
  base_.script = {{Transport::Event::frame, hello()},
                  {Transport::Event::frame, report(2, 1)},
                  {Transport::Event::shutdown, {}, milliseconds(600)}};
  const Clock::time_point start = Clock::now();
  EXPECT_EQ(host_.serve(base_), 0);
  ASSERT_TRUE(base_.reported);
  EXPECT_EQ(base_.reported->pushesDropped, 1u);
  EXPECT_EQ(base_.reported->retransmissions, 4u) << "resent as the retry policy allows within the deadline";
  ASSERT_EQ(replies().size(), 1u);
  EXPECT_EQ(replies()[0].op, wire::Op::RESULT) << "the request itself did not fail: the mote went on";
  ASSERT_EQ(pushTook.size(), 1u);
  EXPECT_LT(pushTook[0].count(), 40);
  EXPECT_LT(Clock::now() - start, milliseconds(600) + milliseconds(1000)) << "no hang";
}

TEST_F(MotePushes, AShutdownWhilePushesWaitStopsTheHostAndCountsThem) {
  base_.stopped = true;
  base_.script = {{Transport::Event::frame, hello()},
                  {Transport::Event::frame, report(2, 2)},
                  {Transport::Event::shutdown, {}, milliseconds(50), true}};
  EXPECT_EQ(host_.serve(base_), 0);
  ASSERT_TRUE(base_.reported);
  EXPECT_EQ(base_.reported->pushesDropped, 2u);
}

TEST_F(MotePushes, AtMostTheBasesDuplicateWindowOfPushesAreUnacknowledgedAtOnce) {
  base_.loseAcks = 6;  // every push waits for a resend's acknowledgement
  base_.script = {{Transport::Event::frame, hello()},
                  {Transport::Event::frame, report(2, 6)},
                  {Transport::Event::shutdown, {}}};
  EXPECT_EQ(host_.serve(base_), 0);
  EXPECT_EQ(base_.storedInOrder, (std::vector<int>{1, 2, 3, 4, 5, 6}));
  EXPECT_LE(base_.mostInFlight, wire::kDuplicateWindowSlots);
  ASSERT_TRUE(base_.reported);
  EXPECT_EQ(base_.reported->pushesDropped, 0u);
}

TEST_F(MotePushes, APushTheBaseFailedFailsTheRequestThatMadeIt) {
  base_.failStores = true;
  base_.script = {{Transport::Event::frame, hello()},
                  {Transport::Event::frame, report(2, 1)},
                  {Transport::Event::shutdown, {}}};
  EXPECT_EQ(host_.serve(base_), 0);
  ASSERT_EQ(replies().size(), 1u);
  EXPECT_EQ(replies()[0].op, wire::Op::ERROR);
  EXPECT_EQ(static_cast<wire::ErrorCode>(replies()[0].number), wire::ErrorCode::FAULT);
  EXPECT_EQ(replies()[0].message, "the base failed mote 1's push CALL store: the disk is full");
}

// Mote 1's generation, which names the window of the base's control messages to it (asked
// here, and again in the script, as a base would).
std::uint64_t askWindow(MoteHost& host, PlayingBase& base) {
  wire::Control window;
  window.kind = wire::ControlKind::generationRequest;
  window.seq = 99;
  window.mote = 1;
  const Bytes ask = encoded([&](wire::Writer& w) { wire::encodeControl(w, window); });
  base.script = {{Transport::Event::frame, hello()}, {Transport::Event::control, ask}};
  const std::span<const std::uint8_t> answer = host.control(ask);
  wire::Control decoded;
  EXPECT_EQ(wire::decodeControl(answer, decoded), wire::Status::ok);
  return decoded.generation;
}

TEST_F(MotePushes, APeriodicTaskIsDoneOnlyOnceItsPushesAreAcknowledged) {
  base_.losePushes = 1;
  const std::uint64_t generation = askWindow(host_, base_);
  wire::Control run;
  run.kind = wire::ControlKind::runTask;
  run.seq = 5;
  run.mote = 1;
  run.task = kSample;
  run.timeMs = 60'000;
  run.generation = generation;
  base_.script.push_back({Transport::Event::control, encoded([&](wire::Writer& w) { wire::encodeControl(w, run); })});
  base_.script.push_back({Transport::Event::shutdown, {}});
  EXPECT_EQ(host_.serve(base_), 0);
  EXPECT_EQ(base_.storedInOrder, (std::vector<int>{7}));
  EXPECT_EQ(base_.order, (std::vector<std::string>{"reply", "control", "push 7", "control"}))
      << "the HELLO's answer, the GENERATION, the push (resent once), then TASK_DONE";
}

// A time's batches (control.hpp): one that continues a batch whose pushes wait for their
// acknowledgement runs meanwhile, and both answers follow, in order, once each batch's pushes are
// settled. `answers` gets the TASKS_DONEs the host sent. The second batch continues the first
// unless `secondAfter` says otherwise.
void runTwoBatches(MoteHost& host, PlayingBase& base, std::vector<wire::TasksDone>& answers,
                   std::uint64_t secondAfter = 10) {
  const std::uint64_t generation = askWindow(host, base);
  auto batch = [&](std::uint64_t seq, std::uint64_t runSeq, std::uint64_t after) {
    const std::vector<wire::BatchedRun> runs{{1, kSample, generation, runSeq}};
    return encoded([&](wire::Writer& w) { wire::encodeTaskBatch(w, {seq, 60'000, after}, runs); });
  };
  base.script.push_back({Transport::Event::control, batch(10, 5, 0)});
  base.script.push_back({Transport::Event::control, batch(11, 6, secondAfter), milliseconds(0), true});
  base.script.push_back({Transport::Event::shutdown, {}});
  EXPECT_EQ(host.serve(base), 0);
  for (const Bytes& bytes : base.controls) {
    if (wire::ControlKind kind; wire::controlKindOf(bytes, kind) != wire::Status::ok ||
                                kind != wire::ControlKind::tasksDone)
      continue;
    answers.emplace_back();
    EXPECT_EQ(wire::decodeTasksDone(bytes, answers.back()), wire::Status::ok);
  }
}

TEST_F(MotePushes, ABatchThatContinuesOneRunsWhileThatOnesPushesWaitAndTheAnswersFollowInOrder) {
  base_.ackDelay = milliseconds(40);
  std::vector<wire::TasksDone> answers;
  runTwoBatches(host_, base_, answers);
  EXPECT_EQ(base_.storedInOrder, (std::vector<int>{7, 7}));
  EXPECT_EQ(base_.order, (std::vector<std::string>{"reply", "control", "push 7", "push 7", "control", "control"}))
      << "the HELLO's answer, the GENERATION, both batches' pushes, then their TASKS_DONEs";
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[0].seq, 10u);
  EXPECT_EQ(answers[0].ran, 1u);
  EXPECT_EQ(answers[1].seq, 11u);
  EXPECT_EQ(answers[1].ran, 1u);
  ASSERT_TRUE(base_.reported);
  EXPECT_EQ(base_.reported->pushesDropped, 0u);
}

// One that comes meanwhile without continuing it (the base's next try, after an answer that came
// while the batches after it still ran) waits for its turn too, rather than being dropped.
TEST_F(MotePushes, ABatchThatComesWhileAnotherRunsRunsAfterItEvenIfItDoesNotContinueIt) {
  base_.ackDelay = milliseconds(40);
  std::vector<wire::TasksDone> answers;
  runTwoBatches(host_, base_, answers, 0);
  EXPECT_EQ(base_.storedInOrder, (std::vector<int>{7, 7}));
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[0].seq, 10u);
  EXPECT_EQ(answers[0].ran, 1u);
  EXPECT_EQ(answers[1].seq, 11u);
  EXPECT_EQ(answers[1].ran, 1u);
}

TEST_F(MotePushes, APushTheBaseFailedFailsItsRunInItsBatchsAnswer) {
  base_.ackDelay = milliseconds(20);
  base_.failStores = true;
  std::vector<wire::TasksDone> answers;
  runTwoBatches(host_, base_, answers);
  // The second batch ran before the first's push failed, as the runs after a failed one in one
  // batch do (runtime/README.md, "Batches"): each answer names its own run's failure.
  ASSERT_EQ(answers.size(), 2u);
  for (const wire::TasksDone& answer : answers) {
    EXPECT_EQ(answer.ran, 0u);
    EXPECT_EQ(static_cast<wire::ErrorCode>(answer.error), wire::ErrorCode::FAULT);
    EXPECT_EQ(answer.message, "the base failed mote 1's push CALL store: the disk is full");
  }
  EXPECT_EQ(answers[0].seq, 10u);
  EXPECT_EQ(answers[1].seq, 11u);
}

}  // namespace mote_pushes_test_cpp
}  // namespace
}  // namespace edgecut::mote
