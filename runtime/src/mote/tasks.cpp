// The mote host's part of network time (docs/design.md §9): the base's control messages
// (control.hpp) set the time and run the periodic tasks placed on motes; edgecut::now() in mote
// code.
#include <fmt/format.h>

#include "edgecut/runtime/mote_host.hpp"

namespace edgecut {

std::chrono::milliseconds now() { return mote::detail::host().now(); }

namespace mote {

std::span<const std::uint8_t> MoteHost::control(std::span<const std::uint8_t> message) {
  wire::Control received;
  if (wire::decodeControl(message, received) != wire::Status::ok) {
    ++stats_.malformedFrames;
    return {};
  }
  switch (received.kind) {
    case wire::ControlKind::clock:
      networkTimeMs_ = received.timeMs;
      return {};
    case wire::ControlKind::taskDone:  // the host's own answer: the base never sends one
      ++stats_.malformedFrames;
      return {};
    case wire::ControlKind::runTask:
      break;
  }
  networkTimeMs_ = received.timeMs;
  // A resent RUN_TASK (its answer was lost) gets the same answer: the task ran once.
  const bool again = lastRun_ && lastRun_->trigger.seq == received.seq && lastRun_->trigger.mote == received.mote &&
                     lastRun_->trigger.task == received.task && lastRun_->trigger.timeMs == received.timeMs;
  if (!again) {
    LastRun run{received, {}, {}};
    run.trigger.message = {};  // a view into `message`
    wire::Control done;
    runTask(received, done, run.message);
    done.message = run.message;
    wire::Writer out(controlAnswer_);
    wire::encodeControl(out, done);
    run.answer.assign(out.written().begin(), out.written().end());
    lastRun_ = std::move(run);
  }
  return lastRun_->answer;
}

void MoteHost::runTask(const wire::Control& trigger, wire::Control& done, std::string& message) {
  done = wire::Control{};
  done.kind = wire::ControlKind::taskDone;
  done.seq = trigger.seq;
  done.mote = trigger.mote;
  done.task = trigger.task;
  const auto found = motes_.find(trigger.mote);
  if (found == motes_.end()) {
    message = fmt::format("mote {} is not hosted here, so it cannot run its periodic tasks", trigger.mote);
    done.error = static_cast<std::uint32_t>(wire::ErrorCode::FAULT);
    return;
  }
  // The task's timer fired: its CALL, without arguments, from no node over no radio, dispatched
  // here as its mote, as a CALL that arrived would be (operations, profile, labelled output).
  static constexpr std::uint8_t kNoArguments[] = {0x80};  // an empty CBOR array
  wire::Frame call;
  call.op = wire::Op::CALL;
  call.address = {trigger.seq, sim::Network::kBase, trigger.mote};
  call.number = trigger.task;
  call.value = kNoArguments;
  asServed(found, [&](wire::Writer& reply) {
    answerCall(call, reply);
    wire::Frame answered;
    if (fault_) {
      done.error = static_cast<std::uint32_t>(fault_->code);
      message = fault_->message;
    } else if (!reply.ok()) {
      done.error = static_cast<std::uint32_t>(wire::ErrorCode::REPLY_TOO_LARGE);
      message = "its result does not fit in a frame";
    } else if (wire::decodeFrame(reply.written(), answered) == wire::Status::ok && answered.op == wire::Op::ERROR) {
      done.error = static_cast<std::uint32_t>(answered.number);  // e.g. the mote program has no such task
      message = answered.message;
    }
  });
}

bool MoteHost::answerControl(std::span<const std::uint8_t> message) {
  const std::span<const std::uint8_t> answer = control(message);
  return answer.empty() || transport_ == nullptr || transport_->sendControl(sim::Network::kBase, answer);
}

}  // namespace mote
}  // namespace edgecut
