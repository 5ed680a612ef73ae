// The mote side of the runtime, as generated mote.cpp uses it:
//
//   edgecut::mote::readSensor<T>(binding, sensorId)        a sensor of this mote
//   edgecut::mote::writeActuator(binding, actuatorId, v)   an actuator of this mote
//   edgecut::mote::callBase<R>(functionId, args…)          CALL a helper on the base (approach 2)
//   edgecut::mote::pushBase(functionId, args…)             push a call of a void base function
//   edgecut::mote::Call                                    a CALL being dispatched
//   edgecut::mote::run(argc, argv, program, dispatch)      main() of the mote program
//
//   call.cluster<C>(members)                               the cluster a cluster method runs on
//   EDGECUT_OPERATIONS(n)                                  counts n operations (operations.hpp)
//   EDGECUT_FUNCTION(id)                                   a placed function's entry (operations.hpp)
//
// Mote code runs inside a host (detail::Host): today the simulator's MoteHost, which hosts every
// mote of the network in one process; one day firmware. A sensor or actuator of another mote (a
// cluster head using its members) is a request over the radio, which the host sends and waits
// for, bounded by a deadline. So is a call to a helper that runs on the base (PySense's approach 2,
// a remote call back to the base instead of compiling the helper into the mote). Nothing on this
// path throws, and apart from Call::instance<M>() and
// Call::cluster<C>() (which a firmware host would back with static storage) nothing here
// allocates.
#ifndef EDGECUT_RUNTIME_MOTE_HPP
#define EDGECUT_RUNTIME_MOTE_HPP

#include <array>
#include <chrono>
#include <cstdint>
#include <span>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "edgecut/edgecut.hpp"
#include "edgecut/runtime/abi.hpp"
#include "edgecut/runtime/binding.hpp"
#include "edgecut/runtime/frame.hpp"
#include "edgecut/runtime/incoming_call.hpp"
#include "edgecut/runtime/operations.hpp"
#include "edgecut/runtime/sample.hpp"
#include "edgecut/runtime/values.hpp"

namespace edgecut::mote {

class Call;

// Generated: decodes a call's arguments, runs the function and replies. Returns false only if the
// reply could not be encoded (the host then answers with an ERROR).
using Dispatch = bool (*)(Call&);

// The node a mote binding stands for when there is no request being served (e.g. a mote object
// constructed outside any call); no real node has this id.
inline constexpr NodeId kNoNode = 0xffffffffu;

// A sensor sample or actuator value larger than this is refused. Values of real sensors and
// actuators are a few bytes.
inline constexpr std::size_t kMaxScalarValueBytes = 1024;

// Whether detail::Host has readSample, the sensor read that hands a number over without CBOR
// (sample.hpp). Not in builds for size (the firmware, held to docs/design.md §10's flash), whose
// hosts read their samples as CBOR anyway and whose code stays as it was.
#define EDGECUT_MOTE_SAMPLE_NUMBERS (!EDGECUT_WIRE_COMPACT)

namespace detail {

// What mote code needs from whatever hosts it.
class Host {
 public:
  // Writes the current sample of `node`'s sensor into `sample`. On failure returns false, after
  // recording a fault for the request being served. For the node being served this is local and
  // free; for another node it is a READ over the radio.
  virtual bool readSensor(NodeId node, SensorId sensor, wire::Writer& sample) = 0;
  // Drives `node`'s actuator with `value` (one CBOR item). Failures are recorded as a fault. For
  // another node than the one being served, this is a WRITE over the radio, waiting for its ack.
  virtual void writeActuator(NodeId node, ActuatorId actuator, std::span<const std::uint8_t> value) = 0;
  // The instance of `moteClass` for the node being served, made with `create` on first use.
  virtual void* instance(const char* moteClass, void* (*create)(), void (*destroy)(void*)) = 0;
  // Makes the request being served fail with an ERROR instead of its reply, since mote code
  // cannot throw.
  virtual void fault(wire::ErrorCode code, std::string_view message) = 0;
  // Sends a CALL of base function `function` from the node being served to the base (its
  // arguments written by `call.encode`) and waits for the reply, whose RESULT value goes to
  // `call.decode`. On failure (a timeout, an ERROR, a result that does not decode) returns false,
  // after recording a fault for the request being served.
  struct BaseCall {
    void (*encode)(const void* context, wire::Writer& out, const wire::Address& address);
    bool (*decode)(void* context, std::span<const std::uint8_t> value);
    void* context;
  };
  virtual bool callBase(FunctionId function, const BaseCall& call) = 0;
  // Sends a CALL of void base function `function` (its arguments written by `call.encode`; no
  // `decode`) and returns without waiting: the host resends it until the base acknowledges it or
  // its deadline passes, and the request being served ends only after that (mote_host.hpp). A
  // push that cannot be sent is recorded as a fault.
  virtual void pushBase(FunctionId function, const BaseCall& call) = 0;
  // Network time as the base last said (docs/design.md §9): edgecut::now() in mote code.
  virtual std::chrono::milliseconds now() const = 0;
#if EDGECUT_MOTE_SAMPLE_NUMBERS
  // readSensor, but a sample that is a number may come back as one instead of being written into
  // `sample` (what readSensor<T> does with it: sample.hpp). Last in the class, so that code built
  // without it still finds the others where they are.
  virtual Sample readSample(NodeId node, SensorId sensor, wire::Writer& sample) {
    return {readSensor(node, sensor, sample) ? Sample::Kind::encoded : Sample::Kind::failed, 0};
  }
#endif

 protected:
  ~Host() = default;
};

// The host serving a request right now, and the node it is serving; kNoNode outside a request.
// Calling host() outside a request is a bug in generated code and aborts with a message.
Host& host();
NodeId servingNode();
// Makes the next MoteBinding constructed on this thread stand for `node` instead of the node
// being served (the members of a cluster).
void presetBinding(NodeId node);
// The node a MoteBinding constructed now stands for: the preset one, else the one being served.
NodeId takeBindingNode();

template <class M>
void* create() {
  return new M();
}
template <class M>
void destroy(void* instance) {
  delete static_cast<M*>(instance);
}

// The instance of M that stands for the node being served.
template <class M>
M& instance() {
  return *static_cast<M*>(host().instance(M::edgecut_mote_class, &create<M>, &destroy<M>));
}

}  // namespace detail

template <class T>
T readSensor(const MoteBinding& mote, SensorId sensor) {
  std::array<std::uint8_t, kMaxScalarValueBytes> buffer;
  wire::Writer sample(buffer);
  T value{};
#if EDGECUT_MOTE_SAMPLE_NUMBERS
  if constexpr (SampleNumber<T>) {
    const Sample read = detail::host().readSample(mote.node(), sensor, sample);
    if (read.kind == Sample::Kind::failed) return value;
    if (read.kind != Sample::Kind::encoded) {
      if (!decodeSample(read, value)) {
        detail::host().fault(wire::ErrorCode::BAD_VALUE,
                             "a sensor's sample does not decode as the type of its getter");
        return T{};
      }
      return value;
    }
  } else if (!detail::host().readSensor(mote.node(), sensor, sample)) {
    return value;
  }
#else
  if (!detail::host().readSensor(mote.node(), sensor, sample)) return value;
#endif
  if (wire::decodeValue(sample.written(), value) != wire::Status::ok) {
    detail::host().fault(wire::ErrorCode::BAD_VALUE,
                         "a sensor's sample does not decode as the type of its getter");
    return T{};
  }
  return value;
}

template <class T>
void writeActuator(const MoteBinding& mote, ActuatorId actuator, const T& value) {
  std::array<std::uint8_t, kMaxScalarValueBytes> buffer;
  wire::Writer encoded(buffer);
  wire::encode(encoded, value);
  if (!encoded.ok()) {
    detail::host().fault(wire::ErrorCode::BAD_VALUE, "an actuator value is too large");
    return;
  }
  detail::host().writeActuator(mote.node(), actuator, encoded.written());
}

// Calls `function`, a helper placed on the base, from the mote being served: a CALL to the base,
// resent and bounded by the deadline like a READ of another mote. When it fails, the request
// being served fails with its ERROR, and R{} is returned so that mote code can go on (its reply is
// replaced by the ERROR anyway).
template <class R, class... Args>
R callBase(FunctionId function, const Args&... args) {
  struct Context {
    FunctionId function;
    std::tuple<const Args&...> args;
    std::conditional_t<std::is_void_v<R>, bool, R> result{};
  } context{function, std::tie(args...)};
  detail::Host::BaseCall call{
      [](const void* opaque, wire::Writer& out, const wire::Address& address) {
        const Context& c = *static_cast<const Context*>(opaque);
        std::apply([&](const Args&... a) { wire::encodeCall(out, address, c.function, a...); }, c.args);
      },
      [](void* opaque, std::span<const std::uint8_t> value) {
        if constexpr (std::is_void_v<R>) {
          return value.empty();
        } else {
          return wire::decodeValue(value, static_cast<Context*>(opaque)->result) == wire::Status::ok;
        }
      },
      &context};
  const bool answered = detail::host().callBase(function, call);
  if constexpr (!std::is_void_v<R>) return answered ? std::move(context.result) : R{};
}

// Pushes a call of `function`, a void function placed on the base, from [[auto]] code of the mote
// being served (docs/design.md §1): a one-way CALL that returns at once. The base runs it once,
// also when it is resent or duplicated; the request being served ends when every push it made was
// acknowledged, or dropped and counted after its deadline (runtime/README.md, "Pushes").
template <class... Args>
void pushBase(FunctionId function, const Args&... args) {
  struct Context {
    FunctionId function;
    std::tuple<const Args&...> args;
  } context{function, std::tie(args...)};
  detail::Host::BaseCall push{[](const void* opaque, wire::Writer& out, const wire::Address& address) {
                                const Context& c = *static_cast<const Context*>(opaque);
                                std::apply([&](const Args&... a) { wire::encodeCall(out, address, c.function, a...); },
                                           c.args);
                              },
                              nullptr, &context};
  detail::host().pushBase(function, push);
}

// A CALL being dispatched on the mote it addresses (incoming_call.hpp), with that mote's
// instances and clusters.
class Call : public wire::IncomingCall {
 public:
  using IncomingCall::IncomingCall;
  ~Call();

  // The mote the call runs on.
  NodeId node() const { return request_.address.dst; }

  // The instance of [[mote]] class M that stands for this mote, made on first use: its binding
  // is this mote, and its data members keep their values from call to call.
  template <class M>
  M& instance() {
    return detail::instance<M>();
  }

  // The cluster a method of cluster class C (derived from Cluster<M>, default-constructible) runs
  // on: its members are instances of M bound to `members`, in that order, and its head is this
  // mote. It lives until the call ends. Using a member's sensor or actuator is a request over the
  // radio to that member. A member list without this mote makes the call fail (BAD_ARGUMENTS).
  template <class C>
  C& cluster(const NodeList& members) {
    using M = ClusterAccess::MemberOf<C>;
    C* cluster = new C();
    own(cluster, &detail::destroy<C>);
    std::vector<M>& motes = ClusterAccess::motes<M>(*cluster);
    motes.reserve(members.size());
    for (NodeId id : members) {
      detail::presetBinding(id);
      motes.emplace_back();
    }
    ClusterAccess::setMembers(*cluster, members, node());
    checkMembers(members);
    return *cluster;
  }

 private:
  struct Owned {
    void* object;
    void (*destroy)(void*);
    Owned* next;
  };
  void own(void* object, void (*destroy)(void*));
  void checkMembers(const NodeList& members);

  Owned* owned_ = nullptr;  // what cluster() made, freed with the call
};

}  // namespace edgecut::mote

namespace edgecut {

// On a mote, the head of a cluster is the mote being served: its instance of M, whose data
// members persist from call to call (Call::instance<M>()), not a copy among motes().
template <class M>
M& Cluster<M>::head() {
  return mote::detail::instance<M>();
}

}  // namespace edgecut

namespace edgecut::mote {

// An actuator's value type, as generated mote.cpp lists them: the value of a WRITE that arrives
// over the radio must fit it (range, sign, integer or float, bool: wire::fits), or the WRITE is
// refused with BAD_VALUE, naming the actuator and the type, and not applied.
struct ActuatorType {
  ActuatorId id;
  const char* type;  // the setter's parameter type as the program spells it, "int"
  bool (*fits)(std::span<const std::uint8_t> value, wire::Misfit& misfit);
};

// main() of a mote program: hosts the network's motes on the transport named by the arguments
// (for a simulated network, the base program starts it) and serves them until shut down.
int run(int argc, char** argv, const ProgramInfo& program, Dispatch dispatch,
        std::span<const ActuatorType> actuators = {});

}  // namespace edgecut::mote

#endif  // EDGECUT_RUNTIME_MOTE_HPP
