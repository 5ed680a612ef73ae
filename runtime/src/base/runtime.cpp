#include <optional>
#include <stdexcept>

#include <fmt/format.h>

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

void presetBinding(NodeId node) { presetNode = node; }

}  // namespace detail

Runtime::Runtime(const ProgramInfo& program, std::unique_ptr<Transport> transport,
                 std::chrono::milliseconds timeout)
    : Runtime(program, sim::Network::parse(program.networkJson), std::move(transport), timeout) {}

Runtime::Runtime(const ProgramInfo& program, sim::Network network, std::unique_ptr<Transport> transport,
                 std::chrono::milliseconds timeout)
    : program_(program),
      network_(std::move(network)),
      medium_(network_, program.transmitCost),
      transport_(std::move(transport)),
      timeout_(timeout),
      previous_(currentRuntime) {
  currentRuntime = this;
}

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

std::vector<std::uint8_t> Runtime::encode(detail::RequestEncoder encoder, const wire::Address& address) const {
  // Most requests are a few bytes; grow for large vectors and strings, up to the frame limit.
  for (std::size_t capacity = 256;; capacity *= 2) {
    capacity = std::min(capacity, wire::kMaxFrameBytes);
    std::vector<std::uint8_t> buffer(capacity);
    wire::Writer out(buffer);
    encoder.encode(encoder.context, out, address);
    if (out.ok()) {
      buffer.resize(out.size());
      return buffer;
    }
    if (capacity == wire::kMaxFrameBytes) {
      throw std::length_error(fmt::format("a request to mote {} does not fit in a frame of {} bytes",
                                          address.dst, wire::kMaxFrameBytes));
    }
  }
}

void Runtime::send(std::span<const std::uint8_t> frame) {
  wire::Frame decoded;
  if (wire::decodeFrame(frame, decoded) != wire::Status::ok) {
    throw std::logic_error("edgecut: the base encoded a malformed frame");
  }
  medium_.carry(decoded.address.src, decoded.address.dst, wire::dataValues(decoded), frame.size());
  guardLink([&] { transport_->send(frame); });
}

std::vector<std::uint8_t> Runtime::awaitReply(const wire::Address& address, const std::string& what,
                                              wire::Frame& reply) {
  const Clock::time_point deadline = Clock::now() + timeout_;
  for (;;) {
    std::optional<std::vector<std::uint8_t>> bytes = guardLink([&] { return transport_->receive(deadline); });
    if (!bytes) {
      throw RemoteTimeout(fmt::format("mote {} did not answer {} within {} ms", address.dst, what,
                                      timeout_.count()));
    }
    wire::Frame frame;
    if (wire::decodeFrame(*bytes, frame) != wire::Status::ok || !network_.hasNode(frame.address.src) ||
        !network_.hasNode(frame.address.dst)) {
      ++malformedFrames_;
      continue;
    }
    // Everything that was transmitted is accounted, including frames the base only relays.
    medium_.carry(frame.address.src, frame.address.dst, wire::dataValues(frame), bytes->size());
    if (frame.address.dst != sim::Network::kBase) {
      guardLink([&] { transport_->send(*bytes); });  // mote to mote: the medium delivers it
      continue;
    }
    const bool isReply = frame.op == wire::Op::RESULT || frame.op == wire::Op::ERROR ||
                         frame.op == wire::Op::HELLO;
    if (isReply && frame.address.src == address.dst && frame.address.seq == address.seq) {
      reply = frame;
      return std::move(*bytes);
    }
    // A late reply to a request that timed out, or a request from a mote: nobody waits for it.
  }
}

void Runtime::introduce(NodeId node) {
  const wire::Address address{nextSeq_++, sim::Network::kBase, node};
  auto encode = [&](wire::Writer& out, const wire::Address& a) { wire::encodeHello(out, a, program_.fingerprint); };
  send(this->encode(detail::encoderFor(encode), address));
  wire::Frame reply;
  const std::vector<std::uint8_t> bytes = awaitReply(address, "HELLO", reply);
  const std::string base = fmt::format("the base runs program fingerprint {:#018x} ({} with plan {})",
                                       program_.fingerprint, program_.programFile, program_.planFile);
  if (reply.op == wire::Op::ERROR) {
    throw RemoteError(fmt::format("mote {} refused the base's HELLO: {}; the base was built from {} "
                                  "with plan {}: build both programs from the same program and plan",
                                  node, reply.message, program_.programFile, program_.planFile));
  }
  if (reply.op != wire::Op::HELLO) {
    throw RemoteError(fmt::format("mote {} answered HELLO with {}", node, wire::opName(reply.op)));
  }
  if (reply.number != program_.fingerprint) {
    throw RemoteError(fmt::format(
        "mote {} runs program fingerprint {:#018x}, but {}: build the base and mote programs from "
        "the same program and plan",
        node, reply.number, base));
  }
  introduced_.insert(node);
}

detail::Reply Runtime::request(NodeId node, wire::Op op, std::uint32_t id, detail::RequestEncoder encoder) {
  if (network_.mote(node) == nullptr) {
    throw std::logic_error(fmt::format("edgecut: a request for node {}, which is no mote", node));
  }
  if (!introduced_.count(node)) introduce(node);
  const std::string what = describe(op, id);
  const wire::Address address{nextSeq_++, sim::Network::kBase, node};
  send(encode(encoder, address));
  wire::Frame reply;
  std::vector<std::uint8_t> bytes = awaitReply(address, what, reply);
  if (reply.op == wire::Op::ERROR) {
    throw RemoteError(fmt::format("mote {} failed {}: {} (error {}: {})", node, what, reply.message,
                                  reply.number, wire::describe(static_cast<wire::ErrorCode>(reply.number))));
  }
  if (reply.op != wire::Op::RESULT) {
    throw RemoteError(fmt::format("mote {} answered {} with {}", node, what, wire::opName(reply.op)));
  }
  return detail::Reply(std::move(bytes), reply);
}

std::optional<sim::HostStats> Runtime::shutdown() {
  if (linkBroken_) return std::nullopt;
  return guardLink([&] { return transport_->shutdown(Clock::now() + timeout_); });
}

}  // namespace base
}  // namespace edgecut
