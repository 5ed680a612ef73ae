#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "concurrent_runs.hpp"
#include "edgecut/runtime/base_runtime.hpp"

namespace edgecut {

namespace {
thread_local std::optional<NodeId> presetNode;  // see base::detail::presetBinding
base::Runtime* currentRuntime = nullptr;
}  // namespace

// On the base, an instance of a [[mote]] class is a proxy for a mote: constructing one takes the
// next unused mote that fits the class (or the one motes<M>() preset).
MoteBinding::MoteBinding(const char* moteClass) {
  if (presetNode) {
    node_ = *presetNode;
    presetNode.reset();
  } else {
    node_ = base::Runtime::current().bind(moteClass);
  }
}

namespace base {

namespace detail {

Reply request(NodeId node, wire::Op op, std::uint32_t id, RequestEncoder encoder) {
  return Runtime::current().request(node, op, id, encoder);
}

void throwBadResult(NodeId node, wire::Op op, std::uint32_t id, wire::Status why) {
  throw RemoteError(fmt::format("mote {} answered {} with a value that is not of the expected type ({})",
                                node, Runtime::current().describe(op, id), wire::describe(why)));
}

std::vector<NodeId> fitting(const char* moteClass) { return Runtime::current().fitting(moteClass); }

void presetBinding(NodeId node) {
  // proxyOf's binding is the first thing a periodic task the base runs does (emit's runner).
  if (currentRuntime != nullptr) currentRuntime->beforeBaseCode();
  presetNode = node;
}

}  // namespace detail

Runtime::Runtime(const ProgramInfo& program, std::unique_ptr<Transport> transport, const wire::RetryPolicy& retry,
                 const sim::FaultSpec& faults)
    : Runtime(program, sim::builtInNetwork(program), std::move(transport), retry, faults) {}

Runtime::Runtime(const ProgramInfo& program, sim::Network network, std::unique_ptr<Transport> transport,
                 const wire::RetryPolicy& retry, const sim::FaultSpec& faults)
    : program_(program),
      network_(std::move(network)),
      medium_(network_, program.transmitCost),
      transport_(std::move(transport)),
      retry_(retry),
      air_(faults),
      radioClock_(program.radio != nullptr && program.radio->bitsPerSecond >= 1
                      ? static_cast<std::uint64_t>(program.radio->bitsPerSecond)
                      : sim::kDefaultBitsPerSecond),
      epoch_(wire::newBootEpoch()),
      previous_(currentRuntime),
      recording_(&profile_),
      schedule_(scheduleOf(program, network_)) {
  currentRuntime = this;
}

Runtime::Runtime(const ProgramInfo& program, std::unique_ptr<Transport> transport, std::chrono::milliseconds timeout)
    : Runtime(program, std::move(transport), wire::RetryPolicy{.deadline = timeout}) {}

Runtime::~Runtime() { currentRuntime = previous_; }

Runtime& Runtime::current() {
  if (currentRuntime == nullptr) {
    throw std::logic_error(
        "edgecut: mote proxies and remote calls work only while edgecut::base::run runs the "
        "program (not in global initializers)");
  }
  return *currentRuntime;
}

const MoteClassInfo& Runtime::moteClass(const char* name) const {
  const MoteClassInfo* found = sim::findMoteClass(program_, name);
  if (found == nullptr) {
    throw std::logic_error(fmt::format(
        "the program's glue does not describe the mote class {}; regenerate it with edgecut", name));
  }
  return *found;
}

std::vector<NodeId> Runtime::fitting(const char* moteClassName) const {
  return network_.fitting(moteClass(moteClassName));
}

NodeId Runtime::bind(const char* moteClassName) {
  const std::vector<NodeId> candidates = fitting(moteClassName);
  auto used = boundSoFar_.find(std::string_view(moteClassName));
  if (used == boundSoFar_.end()) used = boundSoFar_.emplace(moteClassName, 0).first;
  if (used->second >= candidates.size()) {
    throw NoMoteAvailable(fmt::format("no more motes of class {}: the network has {}",
                                      moteClassName, candidates.size()));
  }
  return candidates[used->second++];
}

std::string Runtime::describe(wire::Op op, std::uint32_t id) const {
  // Every request names itself for the messages it might throw: formatted once per op and id, as
  // formatting it every time was a few percent of a day of READs.
  const std::uint64_t key = (std::uint64_t{static_cast<std::uint8_t>(op)} << 32) | id;
  if (const auto known = described_.find(key); known != described_.end()) return known->second;
  return described_.emplace(key, describeAnew(op, id)).first->second;
}

std::string Runtime::describeAnew(wire::Op op, std::uint32_t id) const {
  const char* name = nullptr;
  switch (op) {
    case wire::Op::READ:
      name = sim::nameOf(program_.sensors, id);
      break;
    case wire::Op::WRITE:
      name = sim::nameOf(program_.actuators, id);
      break;
    case wire::Op::CALL:
      name = sim::nameOf(program_.functions, id);
      break;
    default:
      return wire::opName(op);
  }
  if (name != nullptr) return fmt::format("{} {}", wire::opName(op), name);
  return fmt::format("{} {:#010x}", wire::opName(op), id);
}

void Runtime::warnOnce(const std::string& message) {
  if (warned_.insert(message).second) fmt::print(stderr, "edgecut: warning: {}\n", message);
}

// Runs `action`; remembers that the link broke if it throws LinkError, so that shutdown does not
// try again.
template <class F>
auto Runtime::guardLink(F&& action) -> decltype(action()) {
  if (linkBroken_) throw LinkError(fmt::format("{} is gone", transport_->describe()));
  try {
    return action();
  } catch (const LinkError&) {
    linkBroken_ = true;
    throw;
  }
}

void Runtime::send(NodeId to, std::span<const std::uint8_t> frame) {
  guardLink([&] {
    if (!transport_->send(to, frame)) throw LinkError(transport_->whyClosed());
  });
}

Transport::Event Runtime::receive(std::vector<std::uint8_t>& frame, Clock::time_point deadline) {
  return guardLink([&] {
    const Transport::Event event = transport_->next(frame, deadline);
    if (event == Transport::Event::closed) throw LinkError(transport_->whyClosed());
    return event;
  });
}

std::size_t Runtime::frameLimit() const { return std::min(wire::kMaxFrameBytes, transport_->maxFrameBytes()); }

std::vector<std::uint8_t> Runtime::encode(detail::RequestEncoder encoder, const wire::Address& address,
                                          const std::string& what) const {
  // Most requests are a few bytes; grow for large vectors and strings, up to the frame limit.
  const std::size_t limit = frameLimit();
  for (std::size_t capacity = 256;; capacity *= 2) {
    capacity = std::min(capacity, limit);
    std::vector<std::uint8_t> buffer(capacity);
    wire::Writer out(buffer);
    encoder.encode(encoder.context, out, address);
    if (out.ok()) {
      buffer.resize(out.size());
      return buffer;
    }
    if (capacity == limit) {
      throw std::length_error(fmt::format("{} for mote {} does not fit in a frame of {} bytes ({}); nothing was "
                                          "sent: pass the value in smaller parts, over several requests",
                                          what, address.dst, limit, transport_->describe()));
    }
  }
}

void Runtime::transmit(std::vector<std::uint8_t> frame, const wire::Frame& decoded) {
  const std::size_t values = wire::dataValues(decoded);
  transmit(std::move(frame), decoded, values);
}

void Runtime::transmit(std::vector<std::uint8_t> frame, const wire::Frame& decoded, std::size_t dataValues) {
  // Accounted when transmitted, whatever the faults then do to it: a lost frame cost its sender.
  // Its bytes on the air, a seal's included (auth.hpp).
  const std::size_t bytes = transport_->airBytes(frame);
  const std::size_t hops = medium_.carry(decoded.address.src, decoded.address.dst, dataValues, bytes, nowMs_);
  if (!air_.spec().any()) keepDecoded(frame, decoded);
  const std::optional<Clock::duration> delay = air_.push(std::move(frame), airTime());
  const auto delayNs = std::chrono::duration_cast<std::chrono::nanoseconds>(delay.value_or(Clock::duration::zero()));
  radioClock_.carry(bytes, hops, static_cast<std::uint64_t>(delayNs.count()), delay.has_value());
}

namespace {
// Whether `view` lies in `bytes` (std::less: the addresses may belong to other objects).
bool within(std::span<const std::uint8_t> view, const std::vector<std::uint8_t>& bytes) {
  const std::less<const std::uint8_t*> before;
  return view.empty() || (!before(view.data(), bytes.data()) &&
                          !before(bytes.data() + bytes.size(), view.data() + view.size()));
}
}  // namespace

void Runtime::keepDecoded(const std::vector<std::uint8_t>& frame, const wire::Frame& decoded) {
  // Its views must point into `frame`, whose buffer moves through the air with it (exchange()
  // decoded the request it copies).
  const auto message = std::span(reinterpret_cast<const std::uint8_t*>(decoded.message.data()), decoded.message.size());
  InAir kept{frame.data(), frame.size(), decoded};
  if (!within(decoded.value, frame) || !within(message, frame)) wire::decodeFrame(frame, kept.frame);
  inAir_.push_back(kept);
}

bool Runtime::arrivedDecoded(const std::vector<std::uint8_t>& frame, wire::Frame& decoded) {
  if (!inAir_.empty()) {
    const InAir& next = inAir_.front();
    if (next.data == frame.data() && next.size == frame.size()) {
      decoded = next.frame;
      inAir_.pop_front();
      return true;
    }
    inAir_.clear();  // out of step, which a queue without faults never is: decoded anew from now on
  }
  return wire::decodeFrame(frame, decoded) == wire::Status::ok;
}

void Runtime::spare(std::vector<std::uint8_t>&& frame) {
  // A few, of frame sizes only: they are taken as fast as frames are passed on.
  if (spareFrames_.size() < kSpareFrames && frame.capacity() <= kSpareFrameBytes) {
    spareFrames_.push_back(std::move(frame));
  }
}

namespace {
bool isRequest(wire::Op op) { return op == wire::Op::CALL || op == wire::Op::READ || op == wire::Op::WRITE; }
}  // namespace

bool Runtime::awaited(const wire::Frame& frame, wire::Op op, const wire::Address& address) {
  // A HELLO is a reply only when the base said HELLO: a mote's own HELLO to the base may carry
  // the same sequence number as the request the base waits for (each node numbers its own).
  const bool isReply =
      frame.op == wire::Op::ERROR || frame.op == (op == wire::Op::HELLO ? wire::Op::HELLO : wire::Op::RESULT);
  return isReply && frame.address.src == address.dst && frame.address.seq == address.seq;
}

std::optional<std::vector<std::uint8_t>> Runtime::awaitReply(wire::Op op, const wire::Address& address,
                                                             Clock::time_point until, wire::Frame& reply) {
  std::optional<Arrival> arrival =
      concurrent_ && concurrent_->inRun()
          ? concurrent_->awaitReply(op, address)  // with the time's other runs (concurrent_runs.hpp)
          : pump(until, [&](const wire::Frame& frame) { return awaited(frame, op, address); }, nullptr);
  if (!arrival) return std::nullopt;
  // Its views point into the bytes returned, whose buffer moves with them.
  wire::decodeFrame(arrival->bytes, reply);  // pump decoded it already
  return std::move(arrival->bytes);
}

std::optional<Runtime::Arrival> Runtime::pump(Clock::time_point until, const FrameWanted& wanted,
                                              const ControlWanted& controlWanted) {
  // A run of the time's concurrent runs waits with the others: their scheduler pumps.
  if (concurrent_ && concurrent_->inRun()) return concurrent_->await(wanted, controlWanted);
  for (;;) {
    // Frames whose time has come arrive: at a mote (through the transport) or here.
    while (std::optional<std::vector<std::uint8_t>> arrived = air_.popDue(airTime())) {
      wire::Frame frame;
      if (!arrivedDecoded(*arrived, frame)) continue;  // checked when transmitted
      if (frame.address.dst != sim::Network::kBase) {
        send(frame.address.dst, *arrived);
        spare(std::move(*arrived));
        continue;
      }
      if (wanted && wanted(frame)) return Arrival{std::move(*arrived), false};
      if (isRequest(frame.op)) {
        serveMoteRequest(frame);
        spare(std::move(*arrived));
        continue;
      }
      // A late or duplicated reply to a request already settled: nobody waits for it. (Motes never
      // say HELLO to the base: the base's HELLO introduced both sides.)
    }
    const Clock::time_point now = Clock::now();
    if (now >= until) return std::nullopt;
    const std::optional<Clock::time_point> next = air_.nextRelease();
    const Clock::time_point wake = next ? std::min(until, *next) : until;
    std::vector<std::uint8_t> bytes;
    const Transport::Event event = receive(bytes, wake);
    if (event == Transport::Event::frame || event == Transport::Event::control) ++heard_;
    switch (event) {
      case Transport::Event::frame:
        break;
      case Transport::Event::timeout:
        if (wake == until) return std::nullopt;  // the transport waited until then
        continue;                                // a delayed frame's time has come
      case Transport::Event::malformed:
        ++malformedFrames_;
        continue;
      case Transport::Event::control: {
        wire::Control control;
        wire::ControlKind kind{};
        if (wire::controlKindOf(bytes, kind) == wire::Status::ok && kind == wire::ControlKind::tasksDone) {
          // A batch's answer (batch.cpp): it comes after the acknowledgements of the batch's
          // pushes, so only the wait for it, never a request served meanwhile, can take it.
          wire::TasksDone done;
          control.kind = kind;
          if (wire::decodeTasksDone(bytes, done) != wire::Status::ok) {
            ++malformedFrames_;
          } else if (control.seq = done.seq; controlWanted && controlWanted(control)) {
            return Arrival{std::move(bytes), true};
          }
          continue;
        }
        if (wire::decodeControl(bytes, control) != wire::Status::ok) {
          ++malformedFrames_;
        } else if (controlWanted && controlWanted(control)) {
          return Arrival{std::move(bytes), true};
        }
        continue;  // an answer nobody waits for any more
      }
      default:
        continue;  // a mote program's events: a base's transport has none
    }
    wire::Frame frame;
    std::size_t values = 0;  // its data values, counted as it is checked
    // A frame for another mote reaches the base only where the base carries the frames between
    // motes; elsewhere it went astray.
    if (wire::decodeFrameCounting(bytes, frame, values) != wire::Status::ok || !network_.hasNode(frame.address.src) ||
        !network_.hasNode(frame.address.dst) ||
        (frame.address.dst != sim::Network::kBase && !transport_->relaysBetweenMotes())) {
      ++malformedFrames_;
      continue;
    }
    // A reply that no request of the base waits for. Where the base carries every frame (the
    // sim), the mote host sent it; on a network others share, anyone may have: it is not a mote's
    // transmission then, so that guessing sequence numbers cannot put energy on a mote's account.
    if (frame.address.dst == sim::Network::kBase && !isRequest(frame.op) && !(wanted && wanted(frame))) {
      ++unsolicited_;
      if (!transport_->relaysBetweenMotes()) continue;
    }
    // Everything that was transmitted is accounted, including frames the base only relays.
    transmit(std::move(bytes), frame, values);
  }
}

Runtime::Exchange Runtime::exchange(std::span<const std::uint8_t> request, const wire::Address& address,
                                    Clock::time_point deadline, wire::Frame& reply) {
  wire::Frame decoded;
  std::size_t values = 0;
  if (wire::decodeFrameCounting(request, decoded, values) != wire::Status::ok) {
    throw std::logic_error("edgecut: the base encoded a malformed frame");
  }
  const Clock::time_point start = Clock::now();
  Exchange result;
  for (;;) {
    // The same bytes every time: the mote's duplicate window knows a resend by its sequence number.
    transmit(std::vector<std::uint8_t>(request.begin(), request.end()), decoded, values);
    if (result.sends++ > 0) ++retransmissions_;
    const std::optional<std::chrono::milliseconds> resendAt = retry_.sendTime(result.sends);
    const Clock::time_point until = resendAt ? std::min(deadline, start + *resendAt) : deadline;
    result.bytes = awaitReply(decoded.op, address, until, reply);
    if (result.bytes || until >= deadline) return result;
  }
}

std::string Runtime::sendCount(unsigned sends) {
  return sends == 1 ? "sent once" : fmt::format("sent {} times", sends);
}

std::string Runtime::silence(NodeId node) const {
  const std::string why = transport_->whySilent(node);
  return why.empty() ? std::string() : "; " + why;
}

void Runtime::introduce(NodeId node, const std::string& what, Clock::time_point deadline) {
  const wire::Address address{nextSeq_++, sim::Network::kBase, node};
  auto encode = [&](wire::Writer& out, const wire::Address& a) {
    wire::encodeHello(out, a, program_.fingerprint, epoch_);
  };
  wire::Frame reply;
  const Exchange done =
      exchange(this->encode(detail::encoderFor(encode), address, "HELLO"), address, deadline, reply);
  if (!done.bytes) {
    silent_.insert(node);
    throw RemoteTimeout(fmt::format("mote {} did not answer {} within {} ms (the HELLO before it was {}){}", node,
                                    what, retry_.deadline.count(), sendCount(done.sends), silence(node)));
  }
  silent_.erase(node);
  introduced(node, reply);
}

void Runtime::introduced(NodeId node, const wire::Frame& reply) {
  // The mote names its own plan file (on its stderr); the base names its own.
  if (reply.op == wire::Op::ERROR &&
      static_cast<wire::ErrorCode>(reply.number) == wire::ErrorCode::FINGERPRINT_MISMATCH) {
    throw RemoteError(fmt::format("mote {} refused the base's HELLO: {} ({} with plan {}); build the base and mote "
                                  "programs from the same program and plan",
                                  node, reply.message, program_.programFile, program_.planFile));
  }
  if (reply.op == wire::Op::ERROR) {
    throw RemoteError(fmt::format("mote {} refused the base's HELLO: {}", node, reply.message));
  }
  if (reply.op != wire::Op::HELLO) {
    throw RemoteError(fmt::format("mote {} answered HELLO with {}", node, wire::opName(reply.op)));
  }
  if (reply.number != program_.fingerprint) {
    throw RemoteError(fmt::format(
        "mote {} runs program fingerprint {:#018x}, but the base runs program fingerprint {:#018x} ({} with plan "
        "{}): build the base and mote programs from the same program and plan",
        node, reply.number, program_.fingerprint, program_.programFile, program_.planFile));
  }
  const auto before = forgotten_.find(node);
  if (before != forgotten_.end()) {
    if (before->second != reply.epoch) {
      ++moteRestarts_;
      forgetWindow(node);
      fmt::print(stderr, "edgecut: note: mote {} restarted (boot epoch {:#010x}, was {:#010x}); the base "
                 "introduced itself again\n", node, reply.epoch, before->second);
    }
    forgotten_.erase(before);
  }
  introduced_[node] = reply.epoch;
  // The mote's HELLO introduced it too: it may call base functions now. A new epoch means it
  // restarted, and its sequence numbers start again.
  std::unique_ptr<Caller>& made = callers_[node];
  if (!made) made = std::make_unique<Caller>();
  Caller& caller = *made;
  if (caller.epoch != reply.epoch) {
    caller.epoch = reply.epoch;
    caller.window.reset();
  }
}

detail::Reply Runtime::request(NodeId node, wire::Op op, std::uint32_t id, detail::RequestEncoder encoder) {
  if (network_.mote(node) == nullptr) {
    throw std::logic_error(fmt::format("edgecut: a request for node {}, which is no mote", node));
  }
  const std::string what = describe(op, id);
  const Clock::time_point deadline = Clock::now() + retry_.deadline;
  wire::Frame reply;
  std::optional<std::vector<std::uint8_t>> bytes;
  std::vector<std::uint8_t> sent;
  // A mote that restarted answers NOT_INTRODUCED without doing anything: introduce the base again
  // and send the request once more, as a new request.
  for (bool again = true;; again = false) {
    if (!introduced_.contains(node)) introduce(node, what, deadline);
    tellTime(node, what, deadline);  // mote code that the request runs may ask for now()
    const wire::Address address{nextSeq_++, sim::Network::kBase, node};
    sent = encode(encoder, address, what);
    Exchange done = exchange(sent, address, deadline, reply);
    if (!done.bytes) {
      silent_.insert(node);
      throw RemoteTimeout(fmt::format("mote {} did not answer {} within {} ms ({}){}", node, what,
                                      retry_.deadline.count(), sendCount(done.sends), silence(node)));
    }
    silent_.erase(node);
    bytes = std::move(done.bytes);
    const bool forgotUs =
        reply.op == wire::Op::ERROR && static_cast<wire::ErrorCode>(reply.number) == wire::ErrorCode::NOT_INTRODUCED;
    if (!forgotUs || !again) break;
    forgotten_[node] = introduced_[node];
    introduced_.erase(node);
    forgetWindow(node);
  }
  if (reply.op == wire::Op::ERROR) {
    throw RemoteError(fmt::format("mote {} failed {}: {} (error {}: {})", node, what, reply.message,
                                  reply.number, wire::describe(static_cast<wire::ErrorCode>(reply.number))));
  }
  if (reply.op != wire::Op::RESULT) {
    throw RemoteError(fmt::format("mote {} answered {} with {}", node, what, wire::opName(reply.op)));
  }
  recordRequest(op, id, sent, reply);
  return detail::Reply(std::move(*bytes), reply);
}

void Runtime::recordRequest(wire::Op op, std::uint32_t id, std::span<const std::uint8_t> request,
                            const wire::Frame& result) {
  wire::Frame decoded;
  if (wire::decodeFrame(request, decoded) != wire::Status::ok) return;  // checked when transmitted
  const sim::CalleeKind kind = op == wire::Op::READ    ? sim::CalleeKind::sensor
                               : op == wire::Op::WRITE ? sim::CalleeKind::actuator
                                                       : sim::CalleeKind::function;
  sim::recordCall(kind, id,
                  {.calls = 1, .overRadio = 1, .integersToCallee = wire::dataValues(decoded),
                   .integersToCaller = wire::dataValues(result)});
}

void Runtime::serveMoteRequest(const wire::Frame& request) {
  // A frame's worth of room per nesting level (a base function a mote calls may wait for another
  // mote, and serve a call meanwhile), kept from call to call rather than made for each.
  if (serving_ == replyRoom_.size()) replyRoom_.emplace_back(frameLimit());
  wire::Writer reply(replyRoom_[serving_]);
  ++serving_;
  struct Served {
    std::size_t& depth;
    ~Served() { --depth; }
  } served{serving_};
  answerMoteRequest(request, reply);
  if (reply.size() == 0) return;  // dropped: a duplicate still being handled, or a stale one
  // Into the buffer of a frame the base has passed on (spare): a push and its acknowledgement
  // each cost an allocation otherwise.
  std::vector<std::uint8_t> bytes;
  if (!spareFrames_.empty()) {
    bytes = std::move(spareFrames_.back());
    spareFrames_.pop_back();
  }
  bytes.assign(reply.written().begin(), reply.written().end());
  wire::Frame decoded;
  std::size_t values = 0;
  if (wire::decodeFrameCounting(bytes, decoded, values) != wire::Status::ok) {
    throw std::logic_error("edgecut: the base encoded a malformed reply");
  }
  transmit(std::move(bytes), decoded, values);
}

void Runtime::answerMoteRequest(const wire::Frame& request, wire::Writer& reply) {
  const NodeId mote = request.address.src;
  const wire::Address back = request.address.reply();
  auto refuse = [&](wire::ErrorCode code, const std::string& message) {
    reply.reset();
    wire::encodeError(reply, back, code, message);
  };
  const std::unique_ptr<Caller>* const found = callers_.get(mote);
  if (found == nullptr || !introduced_.contains(mote)) {
    refuse(wire::ErrorCode::NOT_INTRODUCED,
           fmt::format("the base got {} from mote {} before a HELLO with its fingerprint {:#018x}",
                       wire::opName(request.op), mote, program_.fingerprint));
    return;
  }
  Caller& caller = **found;  // stays where it is while the call runs, whoever else is introduced
  std::span<const std::uint8_t> kept;
  switch (caller.window.admit(request.address.seq, kept)) {
    case wire::DuplicateWindow::Verdict::fresh:
      break;
    case wire::DuplicateWindow::Verdict::answered:
      reply.raw(kept);
      return;
    case wire::DuplicateWindow::Verdict::replyNotKept:
      refuse(wire::ErrorCode::REPLY_NOT_KEPT,
             fmt::format("the base: {} #{} from mote {} arrived again, and its reply was larger than the {} bytes "
                         "kept for resending",
                         describe(request.op, static_cast<std::uint32_t>(request.number)), request.address.seq,
                         mote, wire::kMaxKeptReplyBytes));
      return;
    case wire::DuplicateWindow::Verdict::inProgress:
    case wire::DuplicateWindow::Verdict::stale:
      return;
  }
  // Named only in an error, not for each of the calls that succeed.
  auto what = [&] { return describe(request.op, static_cast<std::uint32_t>(request.number)); };
  if (request.op != wire::Op::CALL) {
    refuse(wire::ErrorCode::UNEXPECTED_OP, fmt::format("the base does not answer {}; motes may only CALL it", what()));
  } else if (dispatch_ == nullptr) {
    refuse(wire::ErrorCode::UNKNOWN_FUNCTION,
           fmt::format("the base has no functions for motes to call ({})", what()));
  } else {
    try {
      Call call(request, reply);
      const bool replied = dispatch_(call);
      ++callsServed_;
      if (!replied || !reply.ok()) {
        refuse(wire::ErrorCode::REPLY_TOO_LARGE,
               fmt::format("the base: the reply to mote {}'s {} does not fit in a frame of {} bytes", mote, what(),
                           frameLimit()));
      }
    } catch (const std::exception& e) {
      refuse(wire::ErrorCode::FAULT, fmt::format("the base failed mote {}'s {}: {}", mote, what(), e.what()));
    }
  }
  caller.window.keep(request.address.seq, reply.written());
}

sim::HostStats Runtime::shutdown() {
  sim::HostStats stats;
  if (!linkBroken_) {
    try {
      return guardLink([&] {
        try {
          return transport_->collectStats(Clock::now() + retry_.deadline, silent_);
        } catch (const LinkError&) {
          throw;
        } catch (const std::runtime_error& e) {
          throw LinkError(e.what());
        }
      });
    } catch (const LinkError& e) {
      stats.whyLost = e.what();
    }
  }
  // Nothing came (when the link broke during the run, its error said why then): every mote's
  // part is lost.
  for (const sim::MoteSpec& mote : network_.motes()) stats.lostMotes.insert(mote.id);
  return stats;
}

}  // namespace base
}  // namespace edgecut
