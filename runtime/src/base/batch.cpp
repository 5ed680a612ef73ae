// The runs of periodic tasks on motes, batched (base_runtime.hpp; control.hpp's RUN_TASKS): where
// one host serves every mote over a link that loses nothing, the runs on motes that follow each
// other in the schedule's order go to the host in one control message, and the HELLOs and window
// requests their motes need go out before any answer is awaited. Each of these round trips cost
// the base and the host a wake-up, which is where a simulated day of 10,000 motes spent its time
// (docs/design.md §4: the simulator is to carry 10,000 motes on one machine).
//
// Why nothing a run prints or reports changes (docs/design.md §9): the host runs the runs in the
// order the base would have asked for them, each to its end; every frame is sent and counted by
// the base in the order one run at a time would send it (the host's pushes reach it in the order
// they were made, and it handles each before reading the next); without faults no frame's fate
// depends on when it was sent, and the air clock only adds the frames' air times one after
// another; and base code never runs between two runs of a batch, since a run the base takes sends
// the waiting runs first (beforeBaseCode).
#include <algorithm>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "../transport/control_seal.hpp"
#include "edgecut/runtime/base_runtime.hpp"

namespace edgecut::base {

bool Runtime::batching() const {
  // Faults decide each frame's fate by the order frames enter the medium, and on the wall clock
  // (udp, mqtt) runs keep to their own times: both keep to one run at a time.
  return transport_->batchesTasks() && !air_.spec().any() && !timeScale_;
}

std::optional<Runtime::Arrival> Runtime::pumpWhileHeard(const FrameWanted& frame, const ControlWanted& control) {
  // A batch takes as long as its runs do: the deadline is for the host's silence, not the batch.
  for (;;) {
    const std::uint64_t before = heard_;
    if (std::optional<Arrival> arrival = pump(Clock::now() + retry_.deadline, frame, control)) return arrival;
    if (heard_ == before) return std::nullopt;
  }
}

void Runtime::introduceAll(const std::vector<NodeId>& motes) {
  // Each mote with the seq of its HELLO, by mote, and its answer: kept in vectors, as trees of the
  // 10,000 motes introduced at the first minute of a simulated day of meters made that minute
  // slow (test/bench/sim_scale/README.md).
  std::vector<std::pair<NodeId, std::uint32_t>> waiting;
  waiting.reserve(motes.size());
  for (NodeId node : motes) {
    const wire::Address address{nextSeq_++, sim::Network::kBase, node};
    auto hello = [&](wire::Writer& out, const wire::Address& a) {
      wire::encodeHello(out, a, program_.fingerprint, epoch_);
    };
    std::vector<std::uint8_t> bytes = encode(detail::encoderFor(hello), address, "HELLO");
    wire::Frame decoded;
    wire::decodeFrame(bytes, decoded);  // encoded just now
    transmit(std::move(bytes), decoded);
    waiting.emplace_back(node, address.seq);
  }
  // A mote named twice waits for the answer to its first HELLO.
  auto byMote = [](const auto& a, const auto& b) { return a.first < b.first; };
  if (!std::is_sorted(waiting.begin(), waiting.end(), byMote)) {
    std::stable_sort(waiting.begin(), waiting.end(), byMote);
  }
  auto sameMote = [](const auto& a, const auto& b) { return a.first == b.first; };
  waiting.erase(std::unique(waiting.begin(), waiting.end(), sameMote), waiting.end());
  std::vector<std::vector<std::uint8_t>> replies(waiting.size());
  std::vector<bool> answered(waiting.size(), false);
  auto waitingFor = [&](NodeId node) -> std::optional<std::size_t> {
    const auto found =
        std::lower_bound(waiting.begin(), waiting.end(), std::pair<NodeId, std::uint32_t>{node, 0}, byMote);
    if (found == waiting.end() || found->first != node) return std::nullopt;
    const auto at = static_cast<std::size_t>(found - waiting.begin());
    if (answered[at]) return std::nullopt;
    return at;
  };
  auto answers = [&](const wire::Frame& frame) {
    const std::optional<std::size_t> at = waitingFor(frame.address.src);
    return at && awaited(frame, wire::Op::HELLO, {waiting[*at].second, sim::Network::kBase, frame.address.src});
  };
  for (std::size_t left = waiting.size(); left > 0; --left) {
    std::optional<Arrival> arrival = pumpWhileHeard(answers, nullptr);
    if (!arrival) break;  // the host fell silent: those left go one at a time, and say so
    wire::Frame reply;
    wire::decodeFrame(arrival->bytes, reply);
    const std::size_t at = *waitingFor(reply.address.src);  // answers() took it
    answered[at] = true;
    replies[at] = std::move(arrival->bytes);
  }
  // In the motes' order, as one at a time; a mote that refused ends it there (its run throws).
  for (std::size_t i = 0; i < waiting.size(); ++i) {
    if (!answered[i]) continue;
    wire::Frame reply;
    wire::decodeFrame(replies[i], reply);
    silent_.erase(waiting[i].first);
    introduced(waiting[i].first, reply);
  }
}

void Runtime::askWindows(const std::vector<NodeId>& motes) {
  std::map<NodeId, std::uint64_t> waiting;  // mote → the random seq its answer must carry
  for (NodeId mote : motes) {
    wire::Control ask;
    ask.kind = wire::ControlKind::generationRequest;
    ask.seq = transport::randomNumber();  // an answer recorded in an earlier run does not carry it
    ask.mote = mote;
    sendControl(mote, ask);
    waiting.emplace(mote, ask.seq);
  }
  auto answers = [&](const wire::Control& answer) {
    const auto found = waiting.find(answer.mote);
    return answer.kind == wire::ControlKind::generation && found != waiting.end() && found->second == answer.seq;
  };
  while (!waiting.empty()) {
    const std::optional<Arrival> arrival = pumpWhileHeard(nullptr, answers);
    if (!arrival) break;
    wire::Control window;
    wire::decodeControl(arrival->bytes, window);
    waiting.erase(window.mote);
    learnWindow(window);
  }
}

void Runtime::runWaitingOnMotes() {
  if (waitingRuns_.empty()) return;
  const std::vector<WaitingRun> runs = std::exchange(waitingRuns_, {});
  waitingRuns_.reserve(runs.size());  // the next time's runs are likely as many: made once, not grown
  // Each run's mote's window, looked up once per run (a PerNode's values stay where they are;
  // without faults no mote restarts, so none is forgotten meanwhile), and again while there is
  // none, as the window requests and a run one at a time may learn it. Its slot is found once, for
  // its window, its introduction and, after its batch, the time it was told.
  std::vector<const std::uint64_t*> windows(runs.size(), nullptr);
  std::vector<NodeSlot> slots;
  slots.reserve(runs.size());
  auto ready = [&](std::size_t run) {
    if (windows[run] == nullptr) windows[run] = generations_.get(slots[run]);
    return windows[run] != nullptr && (dispatch_ == nullptr || introduced_.contains(slots[run]));
  };
  auto lookUp = [&](std::size_t run) {
    slots.emplace_back(network_, runs[run].mote);
    return ready(run);
  };
  // While every run of the next part is ready (every minute after the first of a simulated day),
  // that part goes at once, continuing the one before (control.hpp), and the host runs it while
  // the base looks up and sends the next: otherwise the host waited for the whole time's runs to
  // be looked up and written, and the base then waited for the host (test/bench/sim_scale/README.md).
  // The first batches small, so that the host starts soon, then larger ones, each a system call
  // and an answer.
  constexpr std::size_t kFirstRuns = 256;
  constexpr std::size_t kMostRuns = 2048;
  std::vector<SentBatch> sent;
  std::size_t looked = 0;
  while (looked < runs.size()) {
    const std::size_t from = looked;
    looked = std::min(runs.size(), from + std::min(kMostRuns, kFirstRuns << sent.size()));
    bool allReady = true;
    for (std::size_t run = from; run < looked; ++run) allReady = lookUp(run) && allReady;
    if (!allReady) break;
    sent.push_back(sendBatch(runs, windows, from, looked, sent.empty() ? 0 : sent.back().seq));
    if (!transport_->flush()) {
      linkBroken_ = true;
      throw LinkError(transport_->whyClosed());
    }
  }
  std::size_t from = awaitBatches(runs, slots, sent);
  if (from == runs.size()) return;
  // The rest, from the first that was not ready or did not run: the HELLOs and window requests
  // their motes need go first, all before any answer is awaited.
  for (std::size_t run = looked; run < runs.size(); ++run) lookUp(run);
  std::vector<NodeId> unintroduced, unknown;
  for (std::size_t run = from; run < runs.size(); ++run) {
    const NodeId mote = runs[run].mote;
    if (dispatch_ != nullptr && !introduced_.contains(slots[run]) &&
        (unintroduced.empty() || unintroduced.back() != mote))
      unintroduced.push_back(mote);
    if (windows[run] == nullptr && (unknown.empty() || unknown.back() != mote)) unknown.push_back(mote);
  }
  // Mote code may call helpers on the base, which answers only motes it introduced itself to.
  std::exception_ptr refused;
  try {
    introduceAll(unintroduced);
  } catch (const std::exception&) {
    refused = std::current_exception();  // thrown when that mote's run comes
  }
  askWindows(unknown);
  while (from < runs.size()) {
    std::size_t to = from;
    while (to < runs.size() && ready(to)) ++to;
    if (to == from) {
      if (refused) std::rethrow_exception(refused);
      // No answer came for this mote: one at a time, whose errors say what did not answer.
      runTaskOnMote(runs[from].mote, runs[from].task);
      ++taskRunsOnMotes_;
      ++from;
      continue;
    }
    const SentBatch batch = sendBatch(runs, windows, from, to, 0);
    from = awaitBatches(runs, slots, std::span(&batch, 1));
  }
}

Runtime::SentBatch Runtime::sendBatch(const std::vector<WaitingRun>& runs,
                                      const std::vector<const std::uint64_t*>& windows, std::size_t from,
                                      std::size_t to, std::uint64_t after) {
  const std::uint64_t seq = nextControlSeq_++;
  std::vector<wire::BatchedRun> batch;
  batch.reserve(to - from);
  for (std::size_t i = from; i < to; ++i) batch.push_back({runs[i].mote, runs[i].task, *windows[i], nextControlSeq_++});
  // Not zeroed first: every minute of a simulated day of 10,000 meters zeroed 320 kB only to
  // write over it.
  const std::size_t room = wire::taskBatchBytes(batch.size());
  const auto message = std::make_unique_for_overwrite<std::uint8_t[]>(room);
  wire::Writer out(std::span(message.get(), room));
  wire::encodeTaskBatch(out, {seq, nowMs_, after}, batch);
  sendControl(runs[from].mote, out.written());
  return {seq, from, to};
}

std::size_t Runtime::awaitBatches(const std::vector<WaitingRun>& runs, const std::vector<NodeSlot>& slots,
                                  std::span<const SentBatch> sent) {
  for (const SentBatch& batch : sent) {
    auto answers = [&](const wire::Control& answer) {
      return answer.kind == wire::ControlKind::tasksDone && answer.seq == batch.seq;
    };
    // The link loses nothing (batchesTasks): the batch goes once.
    const std::optional<Arrival> arrival = pumpWhileHeard(nullptr, answers);
    if (!arrival) {
      throw RemoteTimeout(fmt::format("motes {}–{} did not finish their periodic tasks due at {} ms: {} was silent "
                                      "for {} ms (a batch of {} runs, sent once){}",
                                      runs[batch.from].mote, runs[batch.to - 1].mote, nowMs_, transport_->describe(),
                                      retry_.deadline.count(), batch.to - batch.from, silence(runs[batch.from].mote)));
    }
    wire::TasksDone done;
    wire::decodeTasksDone(arrival->bytes, done);
    const std::size_t ran = std::min<std::size_t>(done.ran, batch.to - batch.from);
    for (std::size_t i = batch.from; i < batch.from + ran; ++i) toldTime_[slots[i]] = nowMs_;
    taskRunsOnMotes_ += ran;
    if (batch.from + ran == batch.to) continue;
    const std::size_t stopped = batch.from + ran;
    const NodeId mote = runs[stopped].mote;
    if (done.error != 0) {
      toldTime_[mote] = nowMs_;
      const auto code = static_cast<wire::ErrorCode>(done.error);
      throw RemoteError(fmt::format("mote {} failed its periodic task {}: {} (error {}: {})", mote,
                                    functionName(runs[stopped].task), done.message, done.error,
                                    wire::describe(code)));
    }
    // Not fresh in its mote's window: the mote restarted since this run asked, and ran nothing.
    // Again, in its new window. The batches sent after this one run nothing (control.hpp); their
    // answers, awaited by no one, are dropped as they come.
    wire::Control window;
    window.mote = mote;
    window.generation = done.generation;
    window.last = done.last;
    learnWindow(window);
    return stopped;
  }
  return sent.empty() ? 0 : sent.back().to;
}

}  // namespace edgecut::base
