#include "edgecut/runtime/mote_host.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "../transport/control_seal.hpp"
#include "edgecut/runtime/sim/json_cbor.hpp"
#include "labelled_output.hpp"
#include "serving.hpp"

namespace edgecut::mote {


namespace detail {

thread_local Host* currentHost = nullptr;
thread_local NodeId currentNode = kNoNode;
namespace {
thread_local std::optional<NodeId> presetNode;
}  // namespace

constinit thread_local std::uint64_t* operationCounter = nullptr;

void presetBinding(NodeId node) { presetNode = node; }

// The node the next MoteBinding stands for: a preset one (a cluster member), else the one served.
NodeId takeBindingNode() {
  if (presetNode) {
    const NodeId node = *presetNode;
    presetNode.reset();
    return node;
  }
  return currentNode;
}

Host& host() {
  if (currentHost == nullptr) {
    printDiagnostic("edgecut: mote code ran outside a request (e.g. a sensor read in a global initializer); it "
                    "can only run when a frame is being served\n");
    std::abort();
  }
  return *currentHost;
}

NodeId servingNode() { return currentNode; }

}  // namespace detail

// ---- Call ----

Call::~Call() {
  while (owned_ != nullptr) {
    Owned* next = owned_->next;
    owned_->destroy(owned_->object);
    delete owned_;
    owned_ = next;
  }
}

void Call::own(void* object, void (*destroy)(void*)) { owned_ = new Owned{object, destroy, owned_}; }

void Call::checkMembers(const NodeList& members) {
  for (NodeId id : members) {
    if (id == node()) return;
  }
  detail::host().fault(wire::ErrorCode::BAD_ARGUMENTS,
                       fmt::format("mote {} was called as the head of a cluster whose members ({}) do not "
                                   "include it",
                                   node(), fmt::join(members, ", ")));
}

// ---- MoteHost ----

MoteHost::MoteHost(const ProgramInfo& program, Dispatch dispatch)
    : MoteHost(program, dispatch, sim::builtInNetwork(program)) {}

MoteHost::MoteHost(const ProgramInfo& program, Dispatch dispatch, sim::Network network, std::optional<NodeId> only)
    : program_(program), dispatch_(dispatch), network_(std::move(network)) {
  stats_.profile.emplace();  // the host counts into it from now on (sim/profile.hpp)
  stats_.operationsOverTime.emplace();
  if (only && network_.mote(*only) == nullptr) {
    throw sim::NetworkError(fmt::format("network: there is no mote {} to host", *only));
  }
  for (const sim::MoteSpec& spec : network_.motes()) {
    if (only && spec.id != *only) continue;
    HostedMote& mote = motes_[spec.id];
    mote.spec = &spec;
    mote.epoch = epoch_;
  }
  // The states in id order, as byId_ and a batch's runs are.
  states_.resize(motes_.size());
  std::map<network::Samples, std::shared_ptr<const network::Samples>> sharedCycles;
  auto state = states_.begin();
  for (auto& [id, mote] : motes_) {
    mote.state = &*state++;
    mote.state->id = id;
    stats_.operations[id];  // a report lists every hosted mote's operations, none counted too
    mote.state->generation = transport::randomNumber();
    // Only the program's sensors can be read (a read names a sensor id). A short cycle of
    // samples that another mote has too is shared, so that the motes' reads find it in cache.
    mote.state->firstSensor = static_cast<std::uint32_t>(sensors_.size());
    for (const NamedId& sensor : program_.sensors) {
      const auto found = mote.spec->sensors.find(sensor.name);
      if (found == mote.spec->sensors.end()) continue;
      network::SensorSource source = found->second;
      constexpr std::size_t kSharedCycle = 16;
      if (source.values && source.values->size() <= kSharedCycle) {
        const auto shared = sharedCycles.find(*source.values);
        if (shared == sharedCycles.end()) {
          sharedCycles.emplace(*source.values, source.values);
        } else {
          source.values = shared->second;
        }
      }
      sensors_.push_back({sensor.id, sim::SensorSource(source)});
    }
    mote.state->sensorCount = static_cast<std::uint32_t>(sensors_.size()) - mote.state->firstSensor;
  }
  byId_.reserve(motes_.size());
  for (auto it = motes_.begin(); it != motes_.end(); ++it) byId_.emplace_back(it->first, it);
}

std::map<NodeId, MoteHost::HostedMote>::iterator MoteHost::findMote(NodeId node) {
  for (std::size_t at : {nextFound_, nextFound_ - 1}) {  // the next one, or the same again
    if (at < byId_.size() && byId_[at].first == node) {
      nextFound_ = at + 1;
      return byId_[at].second;
    }
  }
  const auto it = std::lower_bound(byId_.begin(), byId_.end(), node,
                                   [](const auto& entry, NodeId wanted) { return entry.first < wanted; });
  if (it == byId_.end() || it->first != node) return motes_.end();
  nextFound_ = static_cast<std::size_t>(it - byId_.begin()) + 1;
  return it->second;
}

MoteHost::~MoteHost() {
  for (auto& [id, mote] : motes_) {
    for (auto& [name, instance] : mote.instances) instance.destroy(instance.object);
  }
}

std::span<const std::uint8_t> MoteHost::handle(std::span<const std::uint8_t> bytes) { return serveFrame(bytes).frame; }

MoteHost::Reply MoteHost::serveFrame(std::span<const std::uint8_t> bytes) {
  wire::Frame frame;
  auto found = motes_.end();
  if (wire::decodeFrame(bytes, frame) != wire::Status::ok || !network_.hasNode(frame.address.src) ||
      (found = findMote(frame.address.dst)) == motes_.end()) {
    // Undecodable, from a node the network does not have (forged: no state is kept for it), or
    // for a node that is not here: nobody could answer it.
    ++stats_.malformedFrames;
    return {};
  }
  // The base's acknowledgement of a push (pushes.cpp): no request waits for it, the outbox does.
  if (frame.address.src == sim::Network::kBase && acknowledge(frame)) return {};
  if (depth_ >= kMaxNestedRequests) return {};  // busy (peer_table.hpp): its sender resends it
  return {frame.address.src,
          asServed(found, *found->second.state, [&](wire::Writer& reply) { answer(frame, found->second, reply); })};
}

void MoteHost::syncOperations() const {
  for (MoteState& state : const_cast<std::vector<MoteState>&>(states_)) {
    if (state.operations == state.operationsInStats) continue;
    stats_.operations[state.id] += state.operations - state.operationsInStats;
    state.operationsInStats = state.operations;
  }
}

void MoteHost::countOperationsOverTime() {
  // Taken when network time moves on and at the end: the operation counters are plain counts
  // that mote code bumps (operations.hpp), and asServed adds up what they gained.
  stats_.operationsOverTime->at(networkTimeMs_).operations += std::exchange(uncountedOperations_, 0);
}

sim::HostStats& MoteHost::statsToReport() {
  countOperationsOverTime();
  syncOperations();
  return stats_;
}

void MoteHost::setEpoch(std::uint32_t epoch) {
  epoch_ = epoch;
  for (auto& [id, mote] : motes_) mote.epoch = epoch;
}

void MoteHost::restart(NodeId node) {
  const auto found = findMote(node);
  if (found == motes_.end()) return;
  HostedMote& mote = found->second;
  mote.epoch = (mote.epoch + 1) | 0x80000000u;  // a boot counter, as firmware keeps in flash
  mote.peers.clear();
  mote.greeted.clear();
  mote.nextSeq = 1;
  mote.state->generation = transport::randomNumber();  // what the base sent it before is stale now
  mote.state->lastControl = 0;
  for (auto push = outbox_.begin(); push != outbox_.end();)  // its pushes died with it
    push = push->mote == node ? erasePush(push) : std::next(push);
  for (auto& [name, instance] : mote.instances) instance.destroy(instance.object);
  mote.instances.clear();
  mote.state->lastClass = nullptr;  // its object is gone
  mote.state->lastObject = nullptr;
}

void MoteHost::answerHello(const wire::Frame& request, HostedMote& mote, wire::Writer& reply) {
  const wire::Address back = request.address.reply();
  if (request.number != program_.fingerprint) {
    // The ERROR names the fingerprints. Plan files stay off the air, so each side names its own:
    // the sender when the ERROR arrives, this host here.
    const NodeId id = mote.state->id;
    const std::string sender = nodeName(request.address.src);
    wire::encodeError(reply, back, wire::ErrorCode::FINGERPRINT_MISMATCH,
                      fmt::format("mote {} runs program fingerprint {:#018x}, but {} runs {:#018x}", id,
                                  program_.fingerprint, sender, request.number));
    detail::printDiagnostic(fmt::format(
        "edgecut: error: mote {} refused {}'s HELLO: mote {} runs program fingerprint {:#018x} ({} with plan {}), "
        "but {} runs {:#018x}; build the base and mote programs from the same program and plan\n",
        id, sender, id, program_.fingerprint, program_.programFile, program_.planFile, sender, request.number));
    return;
  }
  bool evicted = false;
  PeerTable::Peer& peer = mote.peers.admit(request.address.src, evicted);
  if (evicted) ++stats_.evictedPeers;
  // Where a layer authenticates sessions, the session tells when to start again (answer()): a
  // HELLO alone, which anyone may replay, resets nothing.
  const bool sessions = transport_ != nullptr && transport_->session(mote.state->id, request.address.src);
  if (!sessions && peer.epoch != request.epoch) {
    // New, or restarted: its sequence numbers start again, so what the window remembers of it
    // would make new requests look like duplicates.
    peer.epoch = request.epoch;
    peer.window.reset();
  }
  wire::encodeHello(reply, back, program_.fingerprint, mote.epoch);
}

void MoteHost::answer(const wire::Frame& request, HostedMote& mote, wire::Writer& reply) {
  const wire::Address back = request.address.reply();
  const NodeId id = mote.state->id;
  fault_.reset();

  if (request.op == wire::Op::HELLO) {
    answerHello(request, mote, reply);
    return;
  }
  if (request.op == wire::Op::RESULT || request.op == wire::Op::ERROR) {
    // A reply that nobody waits for (it came after its request timed out, or twice). Never
    // answered: an ERROR back could bounce between two motes forever.
    ++stats_.rejected.unsolicited;
    return;
  }
  PeerTable::Peer* const peer = mote.peers.find(request.address.src);
  if (peer == nullptr) {
    wire::encodeError(reply, back, wire::ErrorCode::NOT_INTRODUCED,
                      fmt::format("mote {} got {} from node {} before a HELLO with its fingerprint {:#018x}", id,
                                  wire::opName(request.op), request.address.src, program_.fingerprint));
    return;
  }
  if (const auto session = transport_ ? transport_->session(id, request.address.src) : std::nullopt;
      session && *session != peer->session) {
    // The peer's new session: its sequence numbers start again.
    peer->session = *session;
    peer->window.reset();
  }
  wire::DuplicateWindow& window = peer->window;
  std::span<const std::uint8_t> kept;
  switch (window.admit(request.address.seq, kept)) {
    case wire::DuplicateWindow::Verdict::fresh:
      break;
    case wire::DuplicateWindow::Verdict::answered:
      ++stats_.duplicateRequests;
      reply.raw(kept);
      return;
    case wire::DuplicateWindow::Verdict::replyNotKept:
      ++stats_.duplicateRequests;
      wire::encodeError(reply, back, wire::ErrorCode::REPLY_NOT_KEPT,
                        fmt::format("mote {}: {} #{} from node {} arrived again, and its reply was larger than the "
                                    "{} bytes a mote keeps for resending",
                                    id, wire::opName(request.op), request.address.seq, request.address.src,
                                    wire::kMaxKeptReplyBytes));
      return;
    case wire::DuplicateWindow::Verdict::inProgress:  // its reply follows when it is done
    case wire::DuplicateWindow::Verdict::stale:       // its sender gave up on it long ago
      ++stats_.duplicateRequests;
      return;
  }
  perform(request, mote, reply);
  window.keep(request.address.seq, reply.written());
}

void MoteHost::perform(const wire::Frame& request, HostedMote& mote, wire::Writer& reply) {
  const wire::Address back = request.address.reply();
  const NodeId id = mote.state->id;
  auto refuse = [&](wire::ErrorCode code, const std::string& message) {
    reply.reset();
    wire::encodeError(reply, back, code, message);
  };
  switch (request.op) {
    case wire::Op::READ: {
      std::array<std::uint8_t, kMaxScalarValueBytes> buffer;
      wire::Writer sample(buffer);
      if (readSensor(id, static_cast<SensorId>(request.number), sample)) {
        wire::encodeHeader(reply, wire::Op::RESULT, back);
        reply.raw(sample.written());
      }
      break;
    }
    case wire::Op::WRITE:
      writeActuator(id, static_cast<ActuatorId>(request.number), request.value);
      wire::encodeVoidResult(reply, back);
      break;
    case wire::Op::CALL:
      answerCall(request, reply);
      break;
    default:
      break;  // answer() handles the others
  }
  if (fault_) {
    refuse(fault_->code, fault_->message);
  } else if (!reply.ok() || reply.size() > frameLimit()) {
    refuse(wire::ErrorCode::REPLY_TOO_LARGE,
           fmt::format("mote {}: the reply to {} does not fit in a frame of {} bytes", id,
                       describe(request.op, static_cast<std::uint32_t>(request.number)), frameLimit()));
  }
}

std::size_t MoteHost::frameLimit() const {
  return transport_ ? std::min(wire::kMaxFrameBytes, transport_->maxFrameBytes()) : wire::kMaxFrameBytes;
}

bool MoteHost::answerCall(const wire::Frame& request, wire::Writer& reply, bool resultWanted) {
  Call call(request, reply);
  if (!resultWanted) call.leaveResultUnwritten();
  const bool replied = dispatch_(call);
  // The request ends once the base has what it pushed: whoever waits for its reply (a base's
  // runFor too) then sees every effect of the pushes. A batch's run leaves them to the batch's end.
  if (depth_ != batchDepth_) awaitPushes(serving_->state->id, 0);
  if (!fault_ && replied && call.answer() == Call::Answer::none) {
    fault(wire::ErrorCode::FAULT, "the dispatcher returned without a reply");
  }
  return call.answer() == Call::Answer::error;
}

MoteHost::HostedMote* MoteHost::servedMote(NodeId node) {
  return serving_ != nullptr && serving_->state->id == node ? serving_ : nullptr;
}

std::string MoteHost::describe(wire::Op op, std::uint32_t id) const {
  const char* name = op == wire::Op::READ    ? sim::nameOf(program_.sensors, id)
                     : op == wire::Op::WRITE ? sim::nameOf(program_.actuators, id)
                     : op == wire::Op::CALL  ? sim::nameOf(program_.functions, id)
                                             : nullptr;
  if (name != nullptr) return fmt::format("{} {}", wire::opName(op), name);
  return fmt::format("{} {:#010x}", wire::opName(op), id);
}

std::string MoteHost::nodeName(NodeId node) {
  return node == sim::Network::kBase ? std::string("the base") : fmt::format("mote {}", node);
}

void MoteHost::noSuchSensor(NodeId node, SensorId sensor) {
  const char* name = sim::nameOf(program_.sensors, sensor);
  fault(wire::ErrorCode::UNKNOWN_SENSOR, name ? fmt::format("mote {} has no sensor \"{}\"", node, name)
                                              : fmt::format("the program has no sensor with id {:#010x}", sensor));
}

bool MoteHost::readSensor(NodeId node, SensorId sensor, wire::Writer& sample) {
  HostedMote* mote = servedMote(node);
  if (mote == nullptr) {  // another mote's sensor: a READ over the radio
    std::vector<std::uint8_t> bytes;
    wire::Frame reply;
    auto read = [&](wire::Writer& out, const wire::Address& a) { wire::encodeRead(out, a, sensor); };
    if (!askPeer(node, wire::Op::READ, sensor, read, bytes, reply)) return false;
    sample.raw(reply.value);
    if (!sample.ok() || reply.value.empty()) {
      fault(wire::ErrorCode::BAD_VALUE, fmt::format("mote {} answered {} with no usable sample", node,
                                                    describe(wire::Op::READ, sensor)));
      return false;
    }
    sim::recordCall(sim::CalleeKind::sensor, sensor,
                    {.calls = 1, .overRadio = 1, .integersToCaller = wire::dataValues(reply)});
    return true;
  }
  sim::SensorSource* source = sourceOf(*mote, sensor);
  if (source == nullptr) return false;
  source->writeNext(sample);
  if (!sample.ok()) {
    const char* name = sim::nameOf(program_.sensors, sensor);
    fault(wire::ErrorCode::BAD_VALUE, fmt::format("mote {}: a sample of \"{}\" is too large", node, name));
    return false;
  }
  sim::recordCall(sim::CalleeKind::sensor, sensor);
  return true;
}

// readSensor, with a number handed back as one (sample.hpp): the same sample, fault and count.
Sample MoteHost::readSample(NodeId node, SensorId sensor, wire::Writer& sample) {
  HostedMote* mote = servedMote(node);
  if (mote == nullptr) [[unlikely]] {  // another mote's: its RESULT is CBOR already
    return {readSensor(node, sensor, sample) ? Sample::Kind::encoded : Sample::Kind::failed, 0};
  }
  sim::SensorSource* source = sourceOf(*mote, sensor);
  if (source == nullptr) return {};
  const Sample read = source->takeNext(sample);
  if (read.kind == Sample::Kind::encoded && !sample.ok()) {
    const char* name = sim::nameOf(program_.sensors, sensor);
    fault(wire::ErrorCode::BAD_VALUE, fmt::format("mote {}: a sample of \"{}\" is too large", node, name));
    return {};
  }
  sim::recordCall(sim::CalleeKind::sensor, sensor);
  return read;
}


void MoteHost::writeActuator(NodeId node, ActuatorId actuator, std::span<const std::uint8_t> value) {
  HostedMote* mote = servedMote(node);
  if (mote == nullptr) {  // another mote's actuator: a WRITE over the radio, acknowledged
    std::vector<std::uint8_t> bytes;
    wire::Frame reply;
    auto write = [&](wire::Writer& out, const wire::Address& a) {
      wire::encodeHeader(out, wire::Op::WRITE, a);
      out.unsignedInt(actuator);
      out.raw(value);
    };
    std::size_t written = 0;
    if (askPeer(node, wire::Op::WRITE, actuator, write, bytes, reply) && wire::countDataValues(value, written))
      sim::recordCall(sim::CalleeKind::actuator, actuator, {.calls = 1, .overRadio = 1, .integersToCallee = written});
    return;
  }
  const char* name = sim::nameOf(program_.actuators, actuator);
  if (name == nullptr || !mote->spec->hasActuator(name)) {
    fault(wire::ErrorCode::UNKNOWN_ACTUATOR,
          name ? fmt::format("mote {} has no actuator \"{}\"", node, name)
               : fmt::format("the program has no actuator with id {:#010x}", actuator));
    return;
  }
  const auto type = std::find_if(actuatorTypes_.begin(), actuatorTypes_.end(),
                                 [&](const ActuatorType& t) { return t.id == actuator; });
  wire::Misfit misfit;
  if (type != actuatorTypes_.end() && !type->fits(value, misfit)) {
    fault(wire::ErrorCode::BAD_VALUE,
          fmt::format("mote {} refused WRITE {}: {} does not fit the actuator's type {} ({}); nothing was written",
                      node, name, misfit.value.data(), type->type, misfit.explanation()));
    return;
  }
  nlohmann::json decoded;
  if (!sim::readJson(value, decoded)) {
    fault(wire::ErrorCode::BAD_VALUE, fmt::format("mote {}: the value for \"{}\" is malformed", node, name));
    return;
  }
  stats_.actuatorWrites.push_back({node, name, std::move(decoded)});
  sim::recordCall(sim::CalleeKind::actuator, actuator);
}

bool MoteHost::callBase(FunctionId function, const BaseCall& call) {
  if (serving_ == nullptr) {
    detail::printDiagnostic("edgecut: a helper on the base was called outside a request\n");
    std::abort();
  }
  std::vector<std::uint8_t> bytes;
  wire::Frame reply;
  auto encode = [&](wire::Writer& out, const wire::Address& a) { call.encode(call.context, out, a); };
  if (!askPeer(sim::Network::kBase, wire::Op::CALL, function, encode, bytes, reply)) return false;
  if (reply.op != wire::Op::RESULT || !call.decode(call.context, reply.value)) {
    fault(wire::ErrorCode::BAD_VALUE,
          fmt::format("the base answered mote {}'s {} with a value that is not of the function's result type",
                      serving_->state->id, describe(wire::Op::CALL, function)));
    return false;
  }
  return true;
}

void* MoteHost::instance(const char* moteClass, void* (*create)(), void (*destroy)(void*)) {
  HostedMote& mote = *serving_;  // host() only hands this out while serving
  MoteState& state = *mote.state;
  if (state.lastClass == moteClass) return state.lastObject;
  auto it = mote.instances.find(std::string_view(moteClass));
  if (it == mote.instances.end()) {
    // The constructor's MoteBinding reads detail::servingNode(), which is this mote.
    it = mote.instances.emplace(moteClass, Instance{create(), destroy}).first;
  }
  state.lastClass = moteClass;
  state.lastObject = it->second.object;
  return it->second.object;
}

void MoteHost::fault(wire::ErrorCode code, std::string_view message) {
  if (!fault_) fault_ = Fault{code, std::string(message)};  // the first fault is the cause
}

int MoteHost::serve(Transport& transport) {
  transport_ = &transport;
  struct Unset {
    Transport*& transport;
    ~Unset() { transport = nullptr; }
  } unset{transport_};
  std::vector<std::uint8_t> frame;
  for (;;) {
    switch (transport.next(frame, std::nullopt)) {
      case Transport::Event::frame: {
        const Reply reply = serveFrame(frame);
        if (closed_) return 1;
        if (!reply.frame.empty() && !stopping_ && !transport.send(reply.to, reply.frame)) return 1;
        if (stopping_) {  // the shutdown arrived while a mote waited for another
          transport.reportStats(statsToReport());
          return 0;
        }
        break;
      }
      case Transport::Event::timeout:  // no deadline was given
        break;
      case Transport::Event::malformed:
        ++stats_.malformedFrames;
        break;
      case Transport::Event::stats:
        transport.reportStats(statsToReport());
        break;
      case Transport::Event::shutdown:
        transport.reportStats(statsToReport());
        return 0;
      case Transport::Event::closed:
        return 1;
      case Transport::Event::control:
        if (!answerControl(frame)) return 1;
        if (closed_) return 1;
        if (stopping_) {  // the shutdown arrived while a task's pushes waited for the base
          transport.reportStats(statsToReport());
          return 0;
        }
        break;
    }
  }
}

}  // namespace edgecut::mote
