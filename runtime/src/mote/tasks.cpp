// The mote host's part of network time (docs/design.md §9): the base's control messages
// (control.hpp) set the time and run the periodic tasks placed on motes; edgecut::now() in mote
// code.
#include <algorithm>

#include <fmt/format.h>

#include "edgecut/runtime/mote_host.hpp"
#include "serving.hpp"

namespace edgecut {

std::chrono::milliseconds now() { return mote::detail::host().now(); }

namespace mote {

namespace {
// Whether two RUN_TASKs ask for the same run.
bool sameRun(const wire::Control& a, const wire::Control& b) {
  return a.seq == b.seq && a.mote == b.mote && a.task == b.task && a.timeMs == b.timeMs &&
         a.generation == b.generation;
}
}  // namespace

std::span<const std::uint8_t> MoteHost::control(std::span<const std::uint8_t> message) {
  if (wire::ControlKind kind; wire::controlKindOf(message, kind) == wire::Status::ok &&
                              kind == wire::ControlKind::runTasks)
    return runBatch(message, false);
  wire::Control received;
  if (wire::decodeControl(message, received) != wire::Status::ok) {
    ++stats_.malformedFrames;
    return {};
  }
  const auto found = findMote(received.mote);
  switch (received.kind) {
    case wire::ControlKind::generationRequest:
      if (found == motes_.end()) break;  // no window to tell of
      return encodedAnswer(windowOf(received, found->second));
    case wire::ControlKind::clock:
    case wire::ControlKind::runTask:
      if (found != motes_.end() || received.kind == wire::ControlKind::runTask) return takeControl(received, found);
      break;
    case wire::ControlKind::taskDone:  // the host's own answers: the base never sends one
    case wire::ControlKind::generation:
    case wire::ControlKind::runTasks:  // not a single control message: runBatch's
    case wire::ControlKind::tasksDone:
      break;
  }
  ++stats_.malformedFrames;
  return {};
}

// Why a window (control.hpp) rather than a session of the authentication layer or a challenge per
// message: a control message that changes a mote's state must not work twice, and must not work
// after a new run or a restart (docs/threat-model.md, "Control messages"). The seal says who sent
// it; the window says it is new. The generation, drawn at the mote's start, ends everything
// recorded before a restart, as a forget's generation does for the stats, and the seqs, which only
// grow, end everything recorded earlier in it, across base runs too, at no cost per message: the
// base asks for the window once per run, and a RUN_TASK needs no round trip before it.
std::span<const std::uint8_t> MoteHost::takeControl(const wire::Control& received,
                                                    std::map<NodeId, HostedMote>::iterator found) {
  if (found == motes_.end()) {  // nothing to change: say why
    wire::Control done;
    std::string message;
    runTask(received, done, message);
    done.message = message;
    return encodedAnswer(done);
  }
  HostedMote& mote = found->second;
  // A resent RUN_TASK (its answer was lost), or the last one replayed, gets the same answer: the
  // task ran once. One still running (its mote code waits for another node) gets none: its answer
  // follows.
  if (received.kind == wire::ControlKind::runTask) {
    const auto same = [&](const wire::Control& run) { return sameRun(run, received); };
    const bool running = std::any_of(runningTasks_.begin(), runningTasks_.end(), same);
    if (running || (lastRun_ && same(lastRun_->trigger))) {
      ++stats_.duplicateRequests;
      return running ? std::span<const std::uint8_t>() : lastRun_->answer;
    }
  }
  if (received.generation != mote.state->generation || received.seq <= mote.state->lastControl) {
    ++stats_.rejected.replayed;
    if (received.kind != wire::ControlKind::runTask || received.generation == mote.state->generation) return {};
    // A base that does not know this generation yet (the mote restarted): tell it, bound to the
    // RUN_TASK, which ran nothing.
    return encodedAnswer(windowOf(received, mote));
  }
  // A mote serving requests nested as deep as they go is busy: the base resends.
  if (received.kind == wire::ControlKind::runTask && depth_ >= kMaxNestedRequests) return {};
  mote.state->lastControl = received.seq;
  if (received.timeMs != networkTimeMs_) countOperationsOverTime();  // those counted so far ran before
  networkTimeMs_ = received.timeMs;
  if (received.kind == wire::ControlKind::clock) return {};
  LastRun run{received, {}, {}};
  run.trigger.message = {};  // a view into the message
  wire::Control done;
  runningTasks_.push_back(run.trigger);
  runTask(received, done, run.message);
  runningTasks_.pop_back();
  done.message = run.message;
  const std::span<const std::uint8_t> answer = encodedAnswer(done);
  run.answer.assign(answer.begin(), answer.end());
  lastRun_ = std::move(run);
  return lastRun_->answer;
}

std::span<const std::uint8_t> MoteHost::runBatch(std::span<const std::uint8_t> message, bool queued) {
  wire::TaskBatch batch;
  if (batch.decode(message) != wire::Status::ok) {
    ++stats_.malformedFrames;
    return {};
  }
  // A resend (its answer was lost) gets the same answer; one still running, or whose pushes are
  // still unsettled, gets none, its answer follows; a host serving requests nested as deep as
  // they go is busy, and the base resends.
  if (runningBatch_ == batch.seq() || answeringOf(batch.seq()) != nullptr ||
      (lastBatch_ && lastBatch_->seq == batch.seq())) {
    ++stats_.duplicateRequests;
    return lastBatch_ && lastBatch_->seq == batch.seq() ? std::span<const std::uint8_t>(lastBatch_->answer)
                                                       : std::span<const std::uint8_t>();
  }
  // One that comes while another runs waits for its turn, whether it continues that one (the
  // next of a time's batches) or not (the base's next try after a batch whose answer came while
  // the batches after it still ran: answerBatches), and then runs as it would have then.
  if (!queued && runningBatch_) {
    queuedBatches_.emplace_back(message.begin(), message.end());
    return {};
  }
  if (depth_ >= kMaxNestedRequests) return {};
  wire::TasksDone done;
  done.seq = batch.seq();
  // One that continues a batch that did not run to its end runs nothing: the base sends its runs
  // again once it has heard why that one stopped.
  const bool runsNothing = batch.after() != 0 && !(lastRan_ && lastRan_->seq == batch.after() && lastRan_->ranAll);
  answering_.emplace_back().seq = batch.seq();
  runningBatch_ = batch.seq();  // also while earlier batches' answers wait: a batch coming then waits
  if (runsNothing) {
    lastRan_ = RanBatch{batch.seq(), false};
    answering_.back().ran = true;
    answering_.back().done = done;
    const std::span<const std::uint8_t> answer = answerBatches(true, false, batch.seq());
    runningBatch_.reset();
    return answer;
  }
  batchDepth_ = depth_ + 1;
  std::string why;
  // Drained now and then, so that the base takes the pushes on while the host runs the rest: every
  // 1,024 runs rather than 128, as each drain is a system call, costly on a virtual machine, and
  // a minute of 10,000 meters drained 78 times.
  constexpr std::size_t kRunsBetweenDrains = 1024;
  // The runs and their motes first, so that each run can fetch the state of the runs a few
  // places on while it runs: at thousands of motes, a mote's state has left the cache since its
  // last run, and waiting for it one run at a time costs more than the runs.
  batchRuns_.clear();
  batchRuns_.reserve(batch.count());
  for (const wire::BatchedRun& run : batch.runs()) {
    const auto found = findMote(run.mote);  // then byId_[nextFound_ - 1], which states_ parallels
    batchRuns_.push_back({run, found, found == motes_.end() ? nullptr : &states_[nextFound_ - 1]});
  }
  // A mote's state 8 runs ahead, its object (whose address is in that state) 4:
  // tried 4/1, 8/2, 8/4 and 16/8 side by side, 8/4 left the fewest samples on the object's load.
  constexpr std::size_t kFetchAhead = 8;
  constexpr std::size_t kObjectAhead = 4;
  for (std::size_t ahead = 0; ahead < kFetchAhead && ahead < batchRuns_.size(); ++ahead)
    prefetch(batchRuns_[ahead].state, false);
  for (batchRun_ = 0; batchRun_ < batchRuns_.size(); ++batchRun_) {
    if (batchRun_ + kFetchAhead < batchRuns_.size()) prefetch(batchRuns_[batchRun_ + kFetchAhead].state, false);
    if (batchRun_ + kObjectAhead < batchRuns_.size()) prefetch(batchRuns_[batchRun_ + kObjectAhead].state, true);
    const auto& [run, found, state] = batchRuns_[batchRun_];
    // Each run must be fresh in its mote's window, as a RUN_TASK: a replayed batch runs nothing.
    if (state != nullptr && (run.generation != state->generation || run.seq <= state->lastControl)) {
      ++stats_.rejected.replayed;
      done.generation = state->generation;
      done.last = state->lastControl;
      break;
    }
    if (state != nullptr) state->lastControl = run.seq;
    if (batch.timeMs() != networkTimeMs_) countOperationsOverTime();  // as a single RUN_TASK does
    networkTimeMs_ = batch.timeMs();
    const std::uint32_t error =
        state != nullptr ? runTaskOn(found, *state, run.seq, run.task, why) : notHosted(run.mote, why);
    if (error != 0) {
      done.error = error;
      break;
    }
    if (closed_ || stopping_) break;
    if ((batchRun_ + 1) % kRunsBetweenDrains == 0) {
      serveArrived();
      if (answering_.size() > 1) answerBatches(false, false, 0);  // earlier batches settled meanwhile
    }
  }
  done.ran = batchRun_;
  const bool ranAll = done.ran == batch.count();
  lastRan_ = RanBatch{batch.seq(), ranAll};
  AnsweringBatch& ran = answering_.back();
  ran.ran = true;
  ran.done = done;
  ran.why = std::move(why);
  // Its answer once its runs' pushes are settled; frames served meanwhile are no runs of it. A
  // batch that continues it, if one comes, runs first (it stays running until then, so that one
  // is queued): the base takes this one's pushes while the host runs that one.
  batchDepth_ = 0;
  const std::span<const std::uint8_t> answer = answerBatches(true, ranAll && transport_ != nullptr, batch.seq());
  runningBatch_.reset();
  return answer;
}

std::span<const std::uint8_t> MoteHost::finishedBatch(const wire::TasksDone& done) {
  std::array<std::uint8_t, wire::kMaxControlBytes> buffer;
  wire::Writer out(buffer);
  wire::encodeTasksDone(out, done);
  lastBatch_ = FinishedBatch{done.seq, std::vector<std::uint8_t>(out.written().begin(), out.written().end())};
  return lastBatch_->answer;
}

void MoteHost::prefetch(const MoteState* state, bool object) {
  if (state == nullptr) return;
  // Only addresses at hand: a field read to find an address to fetch would wait for its line.
  // The first stage fetches the mote's state; the second, once it is here, its object.
  if (!object) {
    __builtin_prefetch(state);
  } else if (state->lastObject != nullptr) {
    __builtin_prefetch(state->lastObject);
  }
}

wire::Control MoteHost::windowOf(const wire::Control& asking, const HostedMote& mote) {
  wire::Control window;
  window.kind = wire::ControlKind::generation;
  window.seq = asking.seq;
  window.mote = asking.mote;
  window.generation = mote.state->generation;
  window.last = mote.state->lastControl;
  return window;
}

std::span<const std::uint8_t> MoteHost::encodedAnswer(const wire::Control& answer) {
  wire::Writer out(controlAnswer_);
  wire::encodeControl(out, answer);
  return out.written();
}

void MoteHost::runTask(const wire::Control& trigger, wire::Control& done, std::string& message) {
  done = wire::Control{};
  done.kind = wire::ControlKind::taskDone;
  done.seq = trigger.seq;
  done.mote = trigger.mote;
  done.task = trigger.task;
  done.generation = trigger.generation;
  const auto found = findMote(trigger.mote);
  done.error = found != motes_.end() ? runTaskOn(found, *found->second.state, trigger.seq, trigger.task, message)
                                     : notHosted(trigger.mote, message);
}

std::uint32_t MoteHost::notHosted(NodeId mote, std::string& message) {
  message = fmt::format("mote {} is not hosted here, so it cannot run its periodic tasks", mote);
  return static_cast<std::uint32_t>(wire::ErrorCode::FAULT);
}

std::uint32_t MoteHost::runTaskOn(std::map<NodeId, HostedMote>::iterator found, MoteState& state, std::uint64_t seq,
                                  FunctionId task, std::string& message) {
  // The task's timer fired: its CALL, without arguments, from no node over no radio, dispatched
  // here as its mote, as a CALL that arrived would be (operations, profile, labelled output).
  static constexpr std::uint8_t kNoArguments[] = {0x80};  // an empty CBOR array
  wire::Frame call;
  call.op = wire::Op::CALL;
  call.address = {static_cast<std::uint32_t>(seq), sim::Network::kBase, state.id};  // no reply travels
  call.number = task;
  call.value = kNoArguments;
  std::uint32_t error = 0;
  asServed(found, state, [&](wire::Writer& reply) {
    const bool answeredError = answerCall(call, reply, false);
    if (fault_) {
      error = static_cast<std::uint32_t>(fault_->code);
      message = fault_->message;
    } else if (!reply.ok()) {
      error = static_cast<std::uint32_t>(wire::ErrorCode::REPLY_TOO_LARGE);
      message = "its result does not fit in a frame";
    } else if (answeredError) {
      // e.g. the mote program has no such task
      if (wire::Frame answered; wire::decodeFrame(reply.written(), answered) == wire::Status::ok &&
                                answered.op == wire::Op::ERROR) {
        error = static_cast<std::uint32_t>(answered.number);
        message = answered.message;
      }
    }
  });
  return error;
}

bool MoteHost::answerControl(std::span<const std::uint8_t> message) {
  auto answered = [&](std::span<const std::uint8_t> answer) {
    return answer.empty() || transport_ == nullptr || transport_->sendControl(sim::Network::kBase, answer);
  };
  if (!answered(control(message))) return false;
  // The batches queued while one ran, now that it has ended (not while this answer was given
  // during a batch): in order, each after the one before.
  while (!runningBatch_ && !queuedBatches_.empty() && !closed_ && !stopping_) {
    const std::vector<std::uint8_t> next = std::move(queuedBatches_.front());
    queuedBatches_.pop_front();
    if (!answered(runBatch(next, true))) return false;
  }
  return true;
}

}  // namespace mote
}  // namespace edgecut
