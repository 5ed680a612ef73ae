// The base side of the runtime, as generated base.cpp uses it:
//
//   edgecut::base::read<T>(binding, sensorId)           READ a mote's sensor
//   edgecut::base::write(binding, actuatorId, value)    WRITE a mote's actuator (acknowledged)
//   edgecut::base::call<R>(binding, functionId, args…)  CALL a function placed on a mote
//   edgecut::base::callCluster<R>(cluster, functionId, args…)
//                                                       CALL a cluster method on the cluster's head;
//                                                       the member ids travel as the first argument
//   edgecut::base::runsOnMote(motes, node)              whether a function placed per group runs
//                                                       on mote `node` itself (else on the base)
//   edgecut::base::run(argc, argv, program, userMain, dispatch, tasks)
//                                                       main() of the base program; `dispatch`
//                                                       serves motes' CALLs of base functions,
//                                                       `tasks` runs the periodic tasks the base
//                                                       runs for motes
//   edgecut::base::proxyOf<M>(node)                     the proxy of mote `node` of class M
//   edgecut::base::Call                                 such a CALL being dispatched
//   EDGECUT_FUNCTION(id)                                a placed function's entry (operations.hpp)
//
// plus the definitions of edgecut::motes<M>(), Region::items<M>(), Cluster<M>'s constructor and
// head() (edgecut.hpp declares them; Region and ClusterBase are defined in the base runtime).
// Every remote operation is synchronous and bounded by a deadline; failures throw
// edgecut::RemoteTimeout, edgecut::RemoteError or edgecut::base::LinkError.
#ifndef EDGECUT_RUNTIME_BASE_HPP
#define EDGECUT_RUNTIME_BASE_HPP

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "edgecut/edgecut.hpp"
#include "edgecut/runtime/abi.hpp"
#include "edgecut/runtime/binding.hpp"
#include "edgecut/runtime/frame.hpp"
#include "edgecut/runtime/incoming_call.hpp"
#include "edgecut/runtime/operations.hpp"
#include "edgecut/runtime/values.hpp"

namespace edgecut::base {

// The link to the motes broke: the mote host died, or sent something that made the link unusable.
class LinkError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A CALL from a mote to a function placed on the base (a helper the mote calls remotely, PySense's
// approach 2), being dispatched (incoming_call.hpp). The base serves such calls while it waits for
// that mote's reply: mote code only runs inside a request of the base. An exception from the
// function becomes an ERROR to the mote.
using Call = wire::IncomingCall;

// Generated: decodes a mote's call of a base function, runs it and replies. Returns false only if
// the reply could not be encoded (the runtime then answers with an ERROR).
using Dispatch = bool (*)(Call&);

// Generated: runs periodic task `task` for mote `mote` when the base runs it for that mote (the
// task is placed on the base, or on the base for that mote's group), and returns true; returns
// false when the mote runs it itself (docs/design.md §9).
using TaskRunner = bool (*)(FunctionId task, NodeId mote);

namespace detail {

// Writes a request frame for a given address; lets the templates below encode typed values while
// the runtime (not a template) picks sequence numbers and talks to the transport.
struct RequestEncoder {
  void (*encode)(const void* context, wire::Writer& out, const wire::Address& address);
  const void* context;
};

template <class F>
RequestEncoder encoderFor(const F& encode) {
  return {[](const void* context, wire::Writer& out, const wire::Address& address) {
            (*static_cast<const F*>(context))(out, address);
          },
          &encode};
}

// A RESULT frame and the bytes it points into.
class Reply {
 public:
  Reply(std::vector<std::uint8_t> bytes, const wire::Frame& frame) : bytes_(std::move(bytes)), frame_(frame) {}
  Reply(const Reply&) = delete;
  Reply& operator=(const Reply&) = delete;
  // The RESULT's value item; empty for a void result.
  std::span<const std::uint8_t> value() const { return frame_.value; }

 private:
  std::vector<std::uint8_t> bytes_;  // moving a vector keeps its buffer, so frame_ stays valid
  wire::Frame frame_;
};

// Sends a request to `node` (introducing the base with HELLO first, if needed), waits for the
// reply and returns it if it is a RESULT. `op` and `id` (sensor, actuator or function) name the
// request in errors. Throws RemoteTimeout, RemoteError or LinkError.
Reply request(NodeId node, wire::Op op, std::uint32_t id, RequestEncoder encoder);

// Throws RemoteError: the RESULT of `op id` from `node` is not a value of the expected type.
[[noreturn]] void throwBadResult(NodeId node, wire::Op op, std::uint32_t id, wire::Status why);

template <class T>
T resultOf(const Reply& reply, NodeId node, wire::Op op, std::uint32_t id) {
  if constexpr (std::is_void_v<T>) {
    if (!reply.value().empty()) throwBadResult(node, op, id, wire::Status::trailing_bytes);
  } else {
    T value{};
    const wire::Status status = wire::decodeValue(reply.value(), value);
    if (status != wire::Status::ok) throwBadResult(node, op, id, status);
    return value;
  }
}

// The ids of the motes that fit `moteClass`, in id order.
std::vector<NodeId> fitting(const char* moteClass);
// Throws NoMoteAvailable: a cluster method was called on a cluster without members.
[[noreturn]] void throwEmptyCluster(FunctionId function);
// The instances of M for `ids`, in that order, without using any mote up.
template <class M>
std::vector<M> instancesFor(const std::vector<NodeId>& ids);
// Makes the next MoteBinding constructed on this thread stand for `node` instead of taking the
// next unused mote (motes<M>() lists motes without using them up).
void presetBinding(NodeId node);

int run(int argc, char** argv, const ProgramInfo& program, int (*userMain)(int, char**),
        const char* moteExecutable, Dispatch dispatch, TaskRunner tasks);

}  // namespace detail

// The base's proxy for mote `node`, an instance of M: what a periodic task placed on the base runs
// on, once for each mote of M.
template <class M>
M proxyOf(NodeId node) {
  detail::presetBinding(node);
  return M();
}

template <class T>
T read(const MoteBinding& mote, SensorId sensor) {
  auto encode = [&](wire::Writer& out, const wire::Address& address) {
    wire::encodeRead(out, address, sensor);
  };
  const detail::Reply reply = detail::request(mote.node(), wire::Op::READ, sensor, detail::encoderFor(encode));
  return detail::resultOf<T>(reply, mote.node(), wire::Op::READ, sensor);
}

template <class T>
void write(const MoteBinding& mote, ActuatorId actuator, const T& value) {
  auto encode = [&](wire::Writer& out, const wire::Address& address) {
    wire::encodeWrite(out, address, actuator, value);
  };
  const detail::Reply reply = detail::request(mote.node(), wire::Op::WRITE, actuator, detail::encoderFor(encode));
  detail::resultOf<void>(reply, mote.node(), wire::Op::WRITE, actuator);
}

template <class R, class... Args>
R call(const MoteBinding& mote, FunctionId function, const Args&... args) {
  auto encode = [&](wire::Writer& out, const wire::Address& address) {
    wire::encodeCall(out, address, function, args...);
  };
  const detail::Reply reply = detail::request(mote.node(), wire::Op::CALL, function, detail::encoderFor(encode));
  return detail::resultOf<R>(reply, mote.node(), wire::Op::CALL, function);
}

// CALLs an [[onboard]] method of a cluster on the cluster's head, with the member ids (a NodeList)
// as the first argument and then `args`. Throws NoMoteAvailable for a cluster without members.
template <class R, class... Args>
R callCluster(const ClusterBase& cluster, FunctionId function, const Args&... args) {
  if (cluster.memberIds().empty()) detail::throwEmptyCluster(function);
  const NodeId head = cluster.headId();
  auto encode = [&](wire::Writer& out, const wire::Address& address) {
    wire::encodeCall(out, address, function, cluster.memberIds(), args...);
  };
  const detail::Reply reply = detail::request(head, wire::Op::CALL, function, detail::encoderFor(encode));
  return detail::resultOf<R>(reply, head, wire::Op::CALL, function);
}

// A function that a plan places per group of motes runs on the mote for the motes in `motes` (the
// sorted table edgecut_glue::on_mote at the top of base.cpp) and on the base for the others: its
// base stub asks this with the id of the mote (or cluster head) the call is for.
inline bool runsOnMote(std::span<const NodeId> motes, NodeId node) {
  return std::binary_search(motes.begin(), motes.end(), node);
}

// The mote program's file name, which the build puts beside the base program
// (EDGECUT_MOTE_EXECUTABLE="NAME_mote" on the base program's sources).
#ifdef EDGECUT_MOTE_EXECUTABLE
inline constexpr const char* kMoteExecutable = EDGECUT_MOTE_EXECUTABLE;
#else
inline constexpr const char* kMoteExecutable = nullptr;  // then --mote-exe is required
#endif

// main() of the base program: takes edgecut's options out of argv, simulates the network with the
// mote program as the motes' host, runs `userMain` (the program's main) with the remaining
// arguments, then prints a summary to stderr and writes the report. `dispatch` serves the motes'
// calls of base functions (null: the program has none), `tasks` the periodic tasks the base runs
// (null: the motes run every task themselves). Returns userMain's status, or 1 if an edgecut error
// ended the program (printed as "edgecut: error: …").
inline int run(int argc, char** argv, const ProgramInfo& program, int (*userMain)(int, char**),
               Dispatch dispatch = nullptr, TaskRunner tasks = nullptr) {
  return detail::run(argc, argv, program, userMain, kMoteExecutable, dispatch, tasks);
}

}  // namespace edgecut::base

namespace edgecut {

namespace base::detail {
template <class M>
std::vector<M> instancesFor(const std::vector<NodeId>& ids) {
  std::vector<M> instances;
  instances.reserve(ids.size());
  for (NodeId id : ids) {
    presetBinding(id);
    instances.emplace_back();
  }
  return instances;
}
}  // namespace base::detail

template <class M>
std::vector<M> motes() {
  return base::detail::instancesFor<M>(base::detail::fitting(M::edgecut_mote_class));
}

template <class M>
std::vector<M> Region::items() const {
  const NodeList inRegion = nodes();
  const std::vector<NodeId> fitting = base::detail::fitting(M::edgecut_mote_class);
  std::vector<NodeId> ids;
  for (NodeId id : inRegion) {  // both in id order
    if (std::binary_search(fitting.begin(), fitting.end(), id)) ids.push_back(id);
  }
  return base::detail::instancesFor<M>(ids);
}

template <class M>
Cluster<M>::Cluster(std::vector<M> members) : ClusterBase(ClusterAccess::idsOf(members)), motes_(std::move(members)) {}

// On the base, the head is the member proxy for the head's mote.
template <class M>
M& Cluster<M>::head() {
  for (M& mote : motes_) {
    if (idOf(mote) == head_) return mote;
  }
  throw NoMoteAvailable("the cluster has no members, so it has no head");
}

}  // namespace edgecut

#endif  // EDGECUT_RUNTIME_BASE_HPP
