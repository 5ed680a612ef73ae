// The mote side of the runtime for firmware: what generated mote.cpp calls (mote.hpp's
// detail::Host, mote::run, Call, MoteBinding, the operation counter) over the runtime core (frames,
// duplicate window) and a serial line (transport/serial/slip.hpp) to the base side, on the board
// layer (board/board.hpp). It hosts one mote: whichever node the frames it gets address.
//
// What the host program's MoteHost (runtime/src/mote/mote_host.cpp) reads from the network file it
// asks the base side for instead (a sensor's sample, docs/architecture.md, "The firmware"), so that
// a mote under QEMU reads the network's sources exactly as in the simulation and the output is the
// same. Calls to the base (callBase, pushBase) and network time are not served yet: they fail the
// request with an ERROR naming them, never hang it.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

#include "../board/board.hpp"
#include "edgecut/runtime/frame.hpp"
#include "edgecut/runtime/mote.hpp"
#include "edgecut/runtime/reliability.hpp"
#include "transport/serial/slip.hpp"

// Mote code cannot catch, so allocation failure stops the mote (the base side reports its exit)
// instead of throwing; this also leaves libstdc++'s exception machinery out of the firmware.
void* operator new(std::size_t size) {
  if (void* memory = std::malloc(size)) return memory;
  edgecut::board::stop(4);
}
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }

namespace edgecut {

MoteBinding::MoteBinding(const char* /*moteClass*/) : node_(mote::detail::takeBindingNode()) {}

namespace profile::detail {
constinit thread_local Running running{};
}  // namespace profile::detail

// Firmware keeps no profile: the placed function is noted, its operations go to the mote's count.
void profile::FunctionScope::enter(FunctionId function) {
  outer_ = detail::running;
  detail::running.function = function;
}

namespace mote {

namespace detail {
constinit thread_local std::uint64_t* operationCounter = nullptr;
}  // namespace detail

namespace {

// With the duplicate window below, the frame buffers are most of the firmware runtime's RAM.
constexpr std::size_t kFrameBytes = serial::kFirmwareFrameBytes;
// The base's last four requests, each with its reply when that takes at most 48 bytes (a RESULT
// with a few values); a duplicate of a request whose reply was larger gets REPLY_NOT_KEPT.
using Window = wire::BasicDuplicateWindow<4, 48>;
// A boot epoch with its top bit set (reliability.hpp); without a boot counter in flash it is the
// same at every boot, so a restarted mote is known by the base side's link instead.
constexpr std::uint32_t kBootEpoch = 0x80000001u;
constexpr std::uint32_t kSampleWaitMs = 2000;

void putU32(std::uint8_t* out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<std::uint8_t>(value >> (8 * i));
}
void putU64(std::uint8_t* out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<std::uint8_t>(value >> (8 * i));
}

class FirmwareHost final : public detail::Host {
 public:
  int serve(const ProgramInfo& program, Dispatch dispatch, std::span<const ActuatorType> actuators);

  bool readSensor(NodeId node, SensorId sensor, wire::Writer& sample) override;
  void writeActuator(NodeId node, ActuatorId actuator, std::span<const std::uint8_t> value) override;
  void* instance(const char* moteClass, void* (*create)(), void (*destroy)(void*)) override;
  void fault(wire::ErrorCode code, std::string_view message) override;
  bool callBase(FunctionId function, const BaseCall& call) override;
  void pushBase(FunctionId function, const BaseCall& call) override;
  std::chrono::milliseconds now() const override { return std::chrono::milliseconds(board::millis()); }

  NodeId serving() const { return serving_; }

 private:
  void send(serial::Kind kind, std::span<const std::uint8_t> payload);
  // The next good packet, or false at `deadline` (millis()); never blocks without one.
  bool receive(bool untilDeadline, std::uint32_t deadline);
  void answer(const wire::Frame& request, wire::Writer& reply);
  void perform(const wire::Frame& request, wire::Writer& reply);

  const ProgramInfo* program_ = nullptr;
  Dispatch dispatch_ = nullptr;
  std::span<const ActuatorType> actuators_;
  NodeId serving_ = kNoNode;
  std::uint64_t operations_ = 0;
  std::uint64_t duplicates_ = 0;
  std::uint64_t malformed_ = 0;  // good packets that are no frame
  bool greeted_ = false;              // the base said HELLO with this program's fingerprint
  std::uint32_t baseEpoch_ = 0;
  Window window_;     // the base's requests
  bool faulted_ = false;
  wire::ErrorCode faultCode_{};
  std::array<char, 64> faultMessage_{};
  struct Instance {
    const char* moteClass = nullptr;
    void* object = nullptr;
  };
  std::array<Instance, 4> instances_{};

  std::array<std::uint8_t, kFrameBytes + serial::kPacketOverhead> in_{};
  serial::Decoder decoder_{in_};
};

FirmwareHost* theHost = nullptr;
NodeId presetNode = kNoNode;

void FirmwareHost::send(serial::Kind kind, std::span<const std::uint8_t> payload) {
  serial::writePacket(serial::code(kind), payload, &board::putByte);
}

bool FirmwareHost::receive(bool untilDeadline, std::uint32_t deadline) {
  for (;;) {
    std::uint8_t byte = 0;
    if (board::getByte(byte)) {
      if (decoder_.push(byte)) return true;
    } else if (untilDeadline && static_cast<std::int32_t>(board::millis() - deadline) >= 0) {
      return false;
    } else {
      board::idle();
    }
  }
}

bool FirmwareHost::readSensor(NodeId node, SensorId sensor, wire::Writer& sample) {
  if (node != serving_) {
    fault(wire::ErrorCode::FAULT, "firmware reads only its own mote's sensors");
    return false;
  }
  std::uint8_t ask[8];
  putU32(ask, node);
  putU32(ask + 4, sensor);
  send(serial::Kind::sensorRead, ask);
  const std::uint32_t deadline = board::millis() + kSampleWaitMs;
  // The base side answers before anything else: it waits for this mote's reply meanwhile.
  while (receive(true, deadline)) {
    if (decoder_.kind() != serial::code(serial::Kind::sample)) continue;
    sample.raw(decoder_.payload());
    return sample.ok();
  }
  fault(wire::ErrorCode::FAULT, "the base side did not answer a sensor read");
  return false;
}

void FirmwareHost::writeActuator(NodeId node, ActuatorId actuator, std::span<const std::uint8_t> value) {
  std::array<std::uint8_t, 8 + kMaxScalarValueBytes> told;
  putU32(told.data(), node);
  putU32(told.data() + 4, actuator);
  std::memcpy(told.data() + 8, value.data(), value.size());
  send(serial::Kind::actuatorWrite, std::span(told.data(), 8 + value.size()));
}

void* FirmwareHost::instance(const char* moteClass, void* (*create)(), void (*)(void*)) {
  for (Instance& slot : instances_) {
    if (slot.moteClass != nullptr && std::strcmp(slot.moteClass, moteClass) == 0) return slot.object;
    if (slot.moteClass == nullptr) {
      slot = {moteClass, create()};
      return slot.object;
    }
  }
  fault(wire::ErrorCode::FAULT, "firmware hosts at most 4 mote classes");
  return create();
}

void FirmwareHost::fault(wire::ErrorCode code, std::string_view message) {
  if (faulted_) return;  // the first fault is the cause
  faulted_ = true;
  faultCode_ = code;
  const std::size_t size = std::min(message.size(), faultMessage_.size() - 1);
  std::memcpy(faultMessage_.data(), message.data(), size);
  faultMessage_[size] = '\0';
}

bool FirmwareHost::callBase(FunctionId, const BaseCall&) {
  fault(wire::ErrorCode::FAULT, "firmware does not call base functions yet");
  return false;
}

void FirmwareHost::pushBase(FunctionId, const BaseCall&) {
  fault(wire::ErrorCode::FAULT, "firmware does not push calls to the base yet");
}

void FirmwareHost::perform(const wire::Frame& request, wire::Writer& reply) {
  const wire::Address back = request.address.reply();
  faulted_ = false;
  std::uint64_t* const outer = detail::operationCounter;
  detail::operationCounter = &operations_;
  switch (request.op) {
    case wire::Op::READ: {
      std::array<std::uint8_t, kMaxScalarValueBytes> buffer;
      wire::Writer sample(buffer);
      if (readSensor(serving_, static_cast<SensorId>(request.number), sample)) {
        wire::encodeHeader(reply, wire::Op::RESULT, back);
        reply.raw(sample.written());
      }
      break;
    }
    case wire::Op::WRITE: {
      bool known = false;
      for (const ActuatorType& actuator : actuators_) {
        wire::Misfit misfit{};
        if (actuator.id != request.number) continue;
        known = true;
        if (!actuator.fits(request.value, misfit)) fault(wire::ErrorCode::BAD_VALUE, "the value does not fit the actuator");
      }
      if (!known) fault(wire::ErrorCode::UNKNOWN_ACTUATOR, "no such actuator on this mote");
      if (!faulted_) writeActuator(serving_, static_cast<ActuatorId>(request.number), request.value);
      wire::encodeVoidResult(reply, back);
      break;
    }
    case wire::Op::CALL: {
      Call call(request, reply);
      const bool replied = dispatch_(call);
      if (!faulted_ && replied && reply.ok() && reply.size() == 0)
        fault(wire::ErrorCode::FAULT, "the dispatcher returned without a reply");
      break;
    }
    default:
      break;
  }
  detail::operationCounter = outer;
  if (faulted_) {
    reply.reset();
    wire::encodeError(reply, back, faultCode_, faultMessage_.data());
  } else if (!reply.ok()) {
    reply.reset();
    wire::encodeError(reply, back, wire::ErrorCode::REPLY_TOO_LARGE, "the reply does not fit the firmware's frame");
  }
}

void FirmwareHost::answer(const wire::Frame& request, wire::Writer& reply) {
  const wire::Address back = request.address.reply();
  serving_ = request.address.dst;
  if (request.op == wire::Op::HELLO) {
    if (request.number != program_->fingerprint) {
      wire::encodeError(reply, back, wire::ErrorCode::FINGERPRINT_MISMATCH,
                        "this firmware runs another program fingerprint; build both from one program and plan");
      return;
    }
    if (!greeted_ || baseEpoch_ != request.epoch) window_.reset();  // the base (re)started
    greeted_ = true;
    baseEpoch_ = request.epoch;
    wire::encodeHello(reply, back, program_->fingerprint, kBootEpoch);
    return;
  }
  if (request.op == wire::Op::RESULT || request.op == wire::Op::ERROR) return;  // nobody waits for it
  if (!greeted_ || request.address.src != 0) {
    wire::encodeError(reply, back, wire::ErrorCode::NOT_INTRODUCED, "firmware serves the base after its HELLO");
    return;
  }
  std::span<const std::uint8_t> kept;
  switch (window_.admit(request.address.seq, kept)) {
    case wire::DuplicateWindow::Verdict::fresh:
      break;
    case wire::DuplicateWindow::Verdict::answered:
      ++duplicates_;
      reply.raw(kept);
      return;
    case wire::DuplicateWindow::Verdict::replyNotKept:
      ++duplicates_;
      wire::encodeError(reply, back, wire::ErrorCode::REPLY_NOT_KEPT, "a duplicate's reply was not kept");
      return;
    case wire::DuplicateWindow::Verdict::inProgress:
    case wire::DuplicateWindow::Verdict::stale:
      ++duplicates_;
      return;
  }
  perform(request, reply);
  window_.keep(request.address.seq, reply.written());
}

int FirmwareHost::serve(const ProgramInfo& program, Dispatch dispatch, std::span<const ActuatorType> actuators) {
  program_ = &program;
  dispatch_ = dispatch;
  actuators_ = actuators;
  board::init();
  std::array<std::uint8_t, kFrameBytes> replyBytes;
  for (;;) {
    receive(false, 0);
    const auto kind = static_cast<serial::Kind>(decoder_.kind());
    if (kind == serial::Kind::shutdown) {
      std::uint8_t stats[24];
      putU64(stats, operations_);
      putU64(stats + 8, decoder_.dropped().total() + malformed_);
      putU64(stats + 16, duplicates_);
      send(serial::Kind::moteStats, stats);
      board::stop(0);
    }
    if (kind != serial::Kind::frame) continue;  // control messages: no tasks on firmware yet
    wire::Frame request;
    if (wire::decodeFrame(decoder_.payload(), request) != wire::Status::ok) {
      ++malformed_;
      continue;
    }
    wire::Writer reply(replyBytes);
    answer(request, reply);
    if (reply.size() > 0) send(serial::Kind::frame, reply.written());
  }
}

}  // namespace

namespace detail {

Host& host() { return *theHost; }
NodeId servingNode() { return theHost != nullptr ? theHost->serving() : kNoNode; }
void presetBinding(NodeId node) { presetNode = node; }
NodeId takeBindingNode() {
  const NodeId node = presetNode != kNoNode ? presetNode : servingNode();
  presetNode = kNoNode;
  return node;
}

}  // namespace detail

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
  for (NodeId id : members)
    if (id == node()) return;
  detail::host().fault(wire::ErrorCode::BAD_ARGUMENTS, "a cluster's members do not include its head");
}

int run(int, char**, const ProgramInfo& program, Dispatch dispatch, std::span<const ActuatorType> actuators) {
  static FirmwareHost host;
  theHost = &host;
  return host.serve(program, dispatch, actuators);
}

}  // namespace mote
}  // namespace edgecut
