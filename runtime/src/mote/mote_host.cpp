#include "edgecut/runtime/mote_host.hpp"

#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

#include "edgecut/runtime/sim/json_cbor.hpp"

namespace edgecut::mote {

namespace detail {

namespace {
// The sim host is single-threaded, but thread_local keeps hosts on different threads (tests)
// from seeing each other.
thread_local Host* currentHost = nullptr;
thread_local NodeId currentNode = kNoNode;
}  // namespace

Host& host() {
  if (currentHost == nullptr) {
    std::fputs("edgecut: mote code ran outside a request (e.g. a sensor read in a global "
               "initializer); it can only run when a frame is being served\n",
               stderr);
    std::abort();
  }
  return *currentHost;
}

NodeId servingNode() { return currentNode; }

// Makes `node` the one being served by `host` while it exists.
class Serving {
 public:
  Serving(Host& host, NodeId node) : previousHost_(currentHost), previousNode_(currentNode) {
    currentHost = &host;
    currentNode = node;
  }
  ~Serving() {
    currentHost = previousHost_;
    currentNode = previousNode_;
  }
  Serving(const Serving&) = delete;
  Serving& operator=(const Serving&) = delete;

 private:
  Host* previousHost_;
  NodeId previousNode_;
};

}  // namespace detail

// ---- Call ----

bool Call::replyVoid() {
  reply_.reset();
  wire::encodeVoidResult(reply_, request_.address.reply());
  return reply_.ok();
}

bool Call::error(wire::ErrorCode code, std::string_view message) {
  reply_.reset();
  wire::encodeError(reply_, request_.address.reply(), code, message);
  return reply_.ok();
}

bool Call::badArguments() {
  return error(wire::ErrorCode::BAD_ARGUMENTS, wire::describe(wire::ErrorCode::BAD_ARGUMENTS));
}

bool Call::unknownFunction() {
  return error(wire::ErrorCode::UNKNOWN_FUNCTION, wire::describe(wire::ErrorCode::UNKNOWN_FUNCTION));
}

// ---- SimTransport ----

Transport::Event SimTransport::next(std::vector<std::uint8_t>& frame) {
  sim::Record record;
  switch (channel_.receive(record, std::nullopt)) {
    case sim::RecordChannel::Outcome::record:
      break;
    case sim::RecordChannel::Outcome::timeout:  // no deadline was given; cannot happen
    case sim::RecordChannel::Outcome::closed:
    case sim::RecordChannel::Outcome::broken:
      return Event::closed;
  }
  switch (static_cast<sim::RecordKind>(record.kind)) {
    case sim::RecordKind::frame:
      frame = std::move(record.payload);
      return Event::frame;
    case sim::RecordKind::shutdown:
      return Event::shutdown;
    case sim::RecordKind::stats:  // only the host sends these
      break;
  }
  return Event::malformed;
}

bool SimTransport::send(std::span<const std::uint8_t> frame) {
  return channel_.send(sim::RecordKind::frame, frame);
}

void SimTransport::reportStats(const sim::HostStats& stats) {
  const std::string json = sim::toJson(stats).dump();
  channel_.send(sim::RecordKind::stats,
                std::span(reinterpret_cast<const std::uint8_t*>(json.data()), json.size()));
}

// ---- MoteHost ----

MoteHost::MoteHost(const ProgramInfo& program, Dispatch dispatch)
    : program_(program),
      dispatch_(dispatch),
      network_(sim::Network::parse(program.networkJson)),
      replyBuffer_(wire::kMaxFrameBytes) {
  for (const sim::MoteSpec& spec : network_.motes()) {
    HostedMote& mote = motes_[spec.id];
    mote.spec = &spec;
    for (const auto& [name, source] : spec.sensors) {
      mote.sensors.emplace(name, sim::SensorSource(source, fmt::format("mote {}: sensor \"{}\"", spec.id, name)));
    }
  }
}

MoteHost::~MoteHost() {
  for (auto& [id, mote] : motes_) {
    for (auto& [name, instance] : mote.instances) instance.destroy(instance.object);
  }
}

std::span<const std::uint8_t> MoteHost::handle(std::span<const std::uint8_t> bytes) {
  wire::Frame frame;
  auto found = motes_.end();
  if (wire::decodeFrame(bytes, frame) != wire::Status::ok ||
      (found = motes_.find(frame.address.dst)) == motes_.end()) {
    // Undecodable, or for a node that is not here: nobody could answer it.
    ++stats_.malformedFrames;
    return {};
  }
  wire::Writer reply(replyBuffer_);
  detail::Serving serving(*this, found->first);
  serving_ = &found->second;
  answer(frame, found->second, reply);
  serving_ = nullptr;
  return reply.written();
}

void MoteHost::answer(const wire::Frame& request, HostedMote& mote, wire::Writer& reply) {
  const wire::Address back = request.address.reply();
  const NodeId id = mote.spec->id;
  fault_.reset();
  auto refuse = [&](wire::ErrorCode code, const std::string& message) {
    reply.reset();
    wire::encodeError(reply, back, code, message);
  };

  if (request.op == wire::Op::HELLO) {
    if (request.number == program_.fingerprint) {
      mote.introduced = true;
      wire::encodeHello(reply, back, program_.fingerprint);
    } else {
      refuse(wire::ErrorCode::FINGERPRINT_MISMATCH,
             fmt::format("mote {} runs program fingerprint {:#018x} ({} with plan {}), not the "
                         "base's {:#018x}",
                         id, program_.fingerprint, program_.programFile, program_.planFile,
                         request.number));
    }
    return;
  }
  if (request.op == wire::Op::RESULT || request.op == wire::Op::ERROR) {
    // Motes send no requests yet, so no reply can be expected here.
    refuse(wire::ErrorCode::UNEXPECTED_OP,
           fmt::format("mote {} expects no {}", id, wire::opName(request.op)));
    return;
  }
  if (!mote.introduced) {
    refuse(wire::ErrorCode::NOT_INTRODUCED,
           fmt::format("mote {} got {} before a HELLO with its fingerprint {:#018x}", id,
                       wire::opName(request.op), program_.fingerprint));
    return;
  }

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
      break;  // handled above
  }
  if (fault_) {
    refuse(fault_->code, fault_->message);
  } else if (!reply.ok()) {
    refuse(wire::ErrorCode::REPLY_TOO_LARGE,
           fmt::format("mote {}: the reply to {} does not fit in {} bytes", id,
                       wire::opName(request.op), wire::kMaxFrameBytes));
  }
}

void MoteHost::answerCall(const wire::Frame& request, wire::Writer& reply) {
  Call call(request, reply);
  const bool replied = dispatch_(call);
  if (!fault_ && replied && reply.ok() && reply.size() == 0) {
    fault(wire::ErrorCode::FAULT, "the dispatcher returned without a reply");
  }
}

MoteHost::HostedMote* MoteHost::servedMote(NodeId node, const char* what) {
  if (serving_ != nullptr && serving_->spec->id == node) return serving_;
  fault(wire::ErrorCode::FAULT,
        fmt::format("mote {} cannot use {} of mote {}: mote-to-mote messages are not supported yet",
                    detail::servingNode(), what, node));
  return nullptr;
}

bool MoteHost::readSensor(NodeId node, SensorId sensor, wire::Writer& sample) {
  HostedMote* mote = servedMote(node, "a sensor");
  if (mote == nullptr) return false;
  const char* name = sim::nameOf(program_.sensors, sensor);
  auto source = name != nullptr ? mote->sensors.find(std::string_view(name)) : mote->sensors.end();
  if (source == mote->sensors.end()) {
    fault(wire::ErrorCode::UNKNOWN_SENSOR,
          name ? fmt::format("mote {} has no sensor \"{}\"", node, name)
               : fmt::format("the program has no sensor with id {:#010x}", sensor));
    return false;
  }
  sim::writeJson(sample, source->second.next());
  if (!sample.ok()) {
    fault(wire::ErrorCode::BAD_VALUE, fmt::format("mote {}: a sample of \"{}\" is too large", node, name));
    return false;
  }
  return true;
}

void MoteHost::writeActuator(NodeId node, ActuatorId actuator, std::span<const std::uint8_t> value) {
  HostedMote* mote = servedMote(node, "an actuator");
  if (mote == nullptr) return;
  const char* name = sim::nameOf(program_.actuators, actuator);
  if (name == nullptr || !mote->spec->hasActuator(name)) {
    fault(wire::ErrorCode::UNKNOWN_ACTUATOR,
          name ? fmt::format("mote {} has no actuator \"{}\"", node, name)
               : fmt::format("the program has no actuator with id {:#010x}", actuator));
    return;
  }
  nlohmann::json decoded;
  if (!sim::readJson(value, decoded)) {
    fault(wire::ErrorCode::BAD_VALUE, fmt::format("mote {}: the value for \"{}\" is malformed", node, name));
    return;
  }
  stats_.actuatorWrites.push_back({node, name, std::move(decoded)});
}

void* MoteHost::instance(const char* moteClass, void* (*create)(), void (*destroy)(void*)) {
  HostedMote& mote = *serving_;  // host() only hands this out while serving
  auto it = mote.instances.find(std::string_view(moteClass));
  if (it == mote.instances.end()) {
    // The constructor's MoteBinding reads detail::servingNode(), which is this mote.
    it = mote.instances.emplace(moteClass, Instance{create(), destroy}).first;
  }
  return it->second.object;
}

void MoteHost::fault(wire::ErrorCode code, std::string_view message) {
  if (!fault_) fault_ = Fault{code, std::string(message)};  // the first fault is the cause
}

int MoteHost::serve(Transport& transport) {
  std::vector<std::uint8_t> frame;
  for (;;) {
    switch (transport.next(frame)) {
      case Transport::Event::frame: {
        const auto reply = handle(frame);
        if (!reply.empty() && !transport.send(reply)) return 1;
        break;
      }
      case Transport::Event::malformed:
        ++stats_.malformedFrames;
        break;
      case Transport::Event::shutdown:
        transport.reportStats(stats_);
        return 0;
      case Transport::Event::closed:
        return 1;
    }
  }
}

}  // namespace edgecut::mote
