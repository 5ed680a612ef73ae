// The mote host's pushes (mote_host.hpp): [[auto]] mote code's one-way calls of void functions on
// the base (docs/design.md §1, approach 2), kept until the base acknowledges them.
//
// Why no op or flag of its own: a push is a CALL like any other on the wire, and the base answers
// it as it answers every CALL, with a RESULT (empty for void) that is its acknowledgement. The base
// runs it once through its duplicate window per mote, however often it arrives, and its reply is
// free in the accounting as every base transmission is. Only the mote's side differs: mote code
// does not wait for the RESULT, the host does, at the end of the request that pushed.
#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

#include "edgecut/runtime/mote_host.hpp"
#include "labelled_output.hpp"

namespace edgecut::mote {

void MoteHost::pushBase(FunctionId function, const BaseCall& call) {
  if (serving_ == nullptr) {
    detail::printDiagnostic("edgecut: a function on the base was pushed to outside a request\n");
    std::abort();
  }
  if (fault_) return;  // the request being served already failed: no more radio traffic
  HostedMote& self = *serving_;
  const NodeId me = self.state->id;
  // Worded only for a message: a push of each of thousands of motes costs no string.
  auto what = [&] { return describe(wire::Op::CALL, function); };
  if (transport_ == nullptr) {
    fault(wire::ErrorCode::FAULT,
          fmt::format("mote {} cannot push {} to the base: the host serves no transport", me, what()));
    return;
  }
  // Mote code runs for the base, whose HELLO introduced both sides: a mote never greets the base.
  if (!self.peers.knows(sim::Network::kBase)) {
    fault(wire::ErrorCode::NOT_INTRODUCED,
          fmt::format("mote {} cannot push {} to the base, which has not said HELLO to it", me, what()));
    return;
  }
  // The base's duplicate window remembers a mote's last few requests: more pushes in flight, and
  // a resend of the oldest could find it forgotten.
  if (!awaitPushes(me, wire::kDuplicateWindowSlots - 1)) return;
  // A node of a settled push, with its frame's room, is taken again: the pushes of 10,000
  // motes' runs each cost three allocations otherwise.
  if (spareOutbox_.empty()) spareOutbox_.emplace_back();
  std::vector<std::uint8_t> frame = std::move(spareOutbox_.front().frame);
  spareOutbox_.front() = Push{};
  Push& push = spareOutbox_.front();
  push.frame = std::move(frame);
  push.mote = me;
  push.seq = self.nextSeq++;
  push.function = function;
  // Encoded into a frame's worth of room, kept only as long as it is: a batch's runs may leave
  // thousands of pushes waiting at once.
  if (pushScratch_.empty()) pushScratch_.resize(wire::kMaxFrameBytes);
  wire::Writer out(pushScratch_);
  call.encode(call.context, out, {push.seq, me, sim::Network::kBase});
  if (!out.ok() || out.size() > frameLimit()) {
    fault(wire::ErrorCode::BAD_VALUE,
          fmt::format("mote {}: the push {} to the base does not fit in a frame of {} bytes", me, what(), frameLimit()));
    return;
  }
  push.frame.assign(out.written().begin(), out.written().end());
  if (depth_ == batchDepth_) {
    push.batchRun = batchRun_;
    push.batch = *runningBatch_;
  }
  push.start = Transport::Clock::now();
  const std::optional<std::chrono::milliseconds> resend = peerRetry_.sendTime(1);
  push.resendAt = resend ? push.start + *resend : push.start + peerRetry_.deadline;
  if (!transport_->send(sim::Network::kBase, push.frame)) {
    closed_ = true;
    fault(wire::ErrorCode::FAULT, fmt::format("the link went away while mote {} pushed {} to the base", me, what()));
    return;
  }
  nextPushTimer_ = std::min(nextPushTimer_, push.resendAt);
  ++unsettledPushes_[me];
  if (push.batchRun) ++answering_.back().unsettled;  // the batch running
  const std::uint64_t key = pushKey(me, push.seq);
  outbox_.splice(outbox_.end(), spareOutbox_, spareOutbox_.begin());
  const Outbox::iterator made = std::prev(outbox_.end());
  if (spareIndexNodes_.empty()) {
    outboxIndex_[key] = made;
    return;
  }
  // An erased entry's node, as the outbox's: an allocation and a free per push otherwise.
  auto node = std::move(spareIndexNodes_.back());
  spareIndexNodes_.pop_back();
  node.key() = key;
  node.mapped() = made;
  const auto inserted = outboxIndex_.insert(std::move(node));
  if (!inserted.inserted) inserted.position->second = made;
}

void MoteHost::countSettled(const Push& push) {
  // Counts of 0 stay: a mote that pushes once pushes again, and its entry need not come and go.
  if (const auto mote = unsettledPushes_.find(push.mote); mote != unsettledPushes_.end() && mote->second > 0)
    --mote->second;
  if (push.batchRun) {
    if (AnsweringBatch* batch = answeringOf(push.batch)) --batch->unsettled;
  } else {
    ++settledOutsideBatches_;
  }
}

bool MoteHost::batchPushesUnsettled() const {
  return std::any_of(answering_.begin(), answering_.end(),
                     [](const AnsweringBatch& batch) { return batch.unsettled > 0; });
}

MoteHost::AnsweringBatch* MoteHost::answeringOf(std::uint64_t batch) {
  // A few at most: the batches of one time that ran before their pushes were settled.
  for (AnsweringBatch& answering : answering_)
    if (answering.seq == batch) return &answering;
  return nullptr;
}

MoteHost::Outbox::iterator MoteHost::erasePush(Outbox::iterator push) {
  if (!push->settled()) {
    if (const auto mote = unsettledPushes_.find(push->mote); mote != unsettledPushes_.end() && mote->second > 0)
      --mote->second;
    if (AnsweringBatch* batch = push->batchRun ? answeringOf(push->batch) : nullptr) --batch->unsettled;
  } else if (!push->batchRun) {
    --settledOutsideBatches_;
  }
  // Its index entry's node is kept for the next push: no more of them than the outbox held at once.
  if (auto node = outboxIndex_.extract(pushKey(push->mote, push->seq))) {
    spareIndexNodes_.push_back(std::move(node));
  }
  const auto next = std::next(push);
  spareOutbox_.splice(spareOutbox_.begin(), outbox_, push);
  return next;
}

std::size_t MoteHost::unsettledPushesOf(NodeId mote) const {
  const auto found = unsettledPushes_.find(mote);
  return found == unsettledPushes_.end() ? 0 : found->second;
}

Transport::Clock::time_point MoteHost::pushTimer() {
  if (Transport::Clock::now() >= nextPushTimer_) nextPushTimer_ = resendDuePushes();
  return nextPushTimer_;
}

bool MoteHost::acknowledge(const wire::Frame& reply) {
  const auto found = outboxIndex_.find(pushKey(reply.address.dst, reply.address.seq));
  if (found == outboxIndex_.end() || (reply.op != wire::Op::RESULT && reply.op != wire::Op::ERROR)) return false;
  Push& push = *found->second;
  if (push.settled()) {
    ++stats_.rejected.unsolicited;  // a duplicate of the acknowledgement: nobody waits for it
    return true;
  }
  push.acknowledged = reply.op == wire::Op::RESULT;
  if (reply.op == wire::Op::ERROR)
    push.failed = Fault{static_cast<wire::ErrorCode>(reply.number),
                        fmt::format("the base failed mote {}'s push {}: {}", push.mote,
                                    describe(wire::Op::CALL, push.function), reply.message)};
  countSettled(push);
  return true;
}

Transport::Clock::time_point MoteHost::resendDuePushes() {
  const Transport::Clock::time_point now = Transport::Clock::now();
  Transport::Clock::time_point next = Transport::Clock::time_point::max();
  for (auto push = outbox_.begin(); push != outbox_.end();) {
    if (push->settled()) {
      ++push;
      continue;
    }
    const Transport::Clock::time_point deadline = push->start + peerRetry_.deadline;
    if (now >= deadline) {
      // The base stopped, or every copy and acknowledgement was lost: the mote goes on without it.
      ++stats_.pushesDropped;
      detail::printDiagnostic(fmt::format(
          "edgecut: warning: mote {} dropped its push {} to the base: no acknowledgement within {} ms ({})\n",
          push->mote, describe(wire::Op::CALL, push->function), peerRetry_.deadline.count(),
          push->sends == 1 ? std::string("sent once") : fmt::format("sent {} times", push->sends)));
      push = erasePush(push);
      continue;
    }
    if (now >= push->resendAt) {
      // The same bytes: the base's duplicate window knows a resend by its sequence number.
      if (transport_ != nullptr && transport_->send(sim::Network::kBase, push->frame)) {
        ++stats_.retransmissions;
        ++push->sends;
      }
      const std::optional<std::chrono::milliseconds> resend = peerRetry_.sendTime(push->sends);
      push->resendAt = resend ? std::min(deadline, push->start + *resend) : deadline;
    }
    next = std::min({next, push->resendAt, deadline});
    ++push;
  }
  nextPushTimer_ = next;
  return next;
}

bool MoteHost::awaitPushes(NodeId mote, std::size_t atMost) {
  while (!closed_ && !stopping_ && unsettledPushesOf(mote) > atMost) {
    const Transport::Clock::time_point wake = pushTimer();
    if (unsettledPushesOf(mote) <= atMost) break;
    std::vector<std::uint8_t> incoming;
    serveEvent(transport_->next(incoming, wake), incoming);
  }
  // Settled pushes leave; one the base failed fails the request being served, as a failed call
  // would. A batch's pushes wait for its answer (answerBatches), which knows their runs.
  for (auto push = outbox_.begin(); settledOutsideBatches_ > 0 && push != outbox_.end();) {
    if (push->mote != mote || push->batchRun || !push->settled()) {
      ++push;
      continue;
    }
    if (push->failed) fault(push->failed->code, push->failed->message);
    push = erasePush(push);
  }
  if (closed_ || stopping_) {
    // Nothing will acknowledge them now: counted as dropped, and the host stops.
    for (auto push = outbox_.begin(); push != outbox_.end();) {
      if (push->mote != mote) {
        ++push;
        continue;
      }
      ++stats_.pushesDropped;
      push = erasePush(push);
    }
    return false;
  }
  return true;
}

std::span<const std::uint8_t> MoteHost::answerBatches(bool all, bool unlessQueued, std::uint64_t seq) {
  const auto anotherQueued = [&] { return unlessQueued && !queuedBatches_.empty(); };
  while (all && transport_ != nullptr && !closed_ && !stopping_ && batchPushesUnsettled() && !anotherQueued()) {
    const Transport::Clock::time_point wake = pushTimer();
    if (!batchPushesUnsettled()) break;
    std::vector<std::uint8_t> incoming;
    serveEvent(transport_->next(incoming, wake), incoming);
  }
  // Every batch that ran, once all are settled or none will be; else those settled, from the
  // oldest: answers go in the order the batches came.
  const bool giveUp = all && !anotherQueued();
  std::size_t ready = 0;
  while (ready < answering_.size() && answering_[ready].ran && (giveUp || answering_[ready].unsettled == 0)) ++ready;
  if (ready == 0) return {};
  // The first run of each whose push the base failed; their pushes leave the outbox. They come
  // first among the batches' pushes, which are made batch after batch: the pushes of a batch
  // still waiting, and any after them, stay.
  std::vector<std::optional<std::pair<std::size_t, Fault>>> failed(ready);
  for (auto push = outbox_.begin(); push != outbox_.end();) {
    if (!push->batchRun) {
      ++push;
      continue;
    }
    std::size_t at = 0;
    while (at < ready && answering_[at].seq != push->batch) ++at;
    if (at == ready) break;
    if (push->failed && (!failed[at] || *push->batchRun < failed[at]->first))
      failed[at].emplace(*push->batchRun, *push->failed);
    if (!push->settled()) ++stats_.pushesDropped;  // the link went, or a shutdown came
    push = erasePush(push);
  }
  std::span<const std::uint8_t> answer;
  for (std::size_t at = 0; at < ready; ++at) {
    AnsweringBatch batch = std::move(answering_.front());
    answering_.pop_front();
    // A push the base failed fails its run, as it would have at that run's end.
    const bool failedEarlier = failed[at] && failed[at]->first <= batch.done.ran &&
                               (failed[at]->first < batch.done.ran || batch.done.error == 0);
    if (failedEarlier) {
      batch.done.ran = failed[at]->first;
      batch.done.error = static_cast<std::uint32_t>(failed[at]->second.code);
      batch.done.generation = batch.done.last = 0;
      batch.why = std::move(failed[at]->second.message);
    }
    batch.done.message = batch.why;
    answer = finishedBatch(batch.done);
    if (at + 1 == ready && batch.seq == seq) break;  // the caller's to send
    if (transport_ != nullptr && !closed_ && !transport_->sendControl(sim::Network::kBase, answer)) closed_ = true;
    answer = {};
  }
  return answer;
}

void MoteHost::serveArrived() {
  if (transport_ == nullptr) return;
  std::vector<std::uint8_t> incoming;
  for (;;) {
    const Transport::Event event = transport_->next(incoming, Transport::Clock::now());
    if (event == Transport::Event::timeout) return;
    serveEvent(event, incoming);
    if (closed_ || stopping_) return;
  }
}

void MoteHost::serveEvent(Transport::Event event, std::vector<std::uint8_t>& incoming) {
  switch (event) {
    case Transport::Event::frame: {
      const Reply answer = serveFrame(incoming);
      if (!answer.frame.empty() && !transport_->send(answer.to, answer.frame)) closed_ = true;
      break;
    }
    case Transport::Event::timeout:
      break;
    case Transport::Event::malformed:
      ++stats_.malformedFrames;
      break;
    case Transport::Event::stats:
      transport_->reportStats(statsToReport());
      break;
    case Transport::Event::shutdown:
      stopping_ = true;
      break;
    case Transport::Event::closed:
      closed_ = true;
      break;
    case Transport::Event::control:
      if (!answerControl(incoming)) closed_ = true;
      break;
  }
}

}  // namespace edgecut::mote
