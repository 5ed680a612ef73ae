// The mote host's serving of one request as one of its motes (mote_host.hpp): what mote code
// reads as the host, the node served, its operation counter and its profile while it runs. Private
// to the host's sources: MoteHost::asServed, which every request and task run goes through, is a
// template defined here, so that what it runs is called directly rather than through a pointer
// (a task run of a simulated day of meters, test/bench/sim_scale/README.md).
#ifndef EDGECUT_RUNTIME_SRC_MOTE_SERVING_HPP
#define EDGECUT_RUNTIME_SRC_MOTE_SERVING_HPP

#include <optional>
#include <utility>

#include "edgecut/runtime/mote_host.hpp"
#include "edgecut/runtime/sim/profile.hpp"
#include "labelled_output.hpp"

namespace edgecut::mote {

namespace detail {

// The host is single-threaded, but thread_local keeps hosts on different threads (tests)
// from seeing each other. (mote_host.cpp)
extern thread_local Host* currentHost;
extern thread_local NodeId currentNode;

// Makes `node` the one being served by `host` while it exists, its operations counted in
// `operations`, its profile recorded in `profile` with no function running yet (the request came
// over the radio); then the outer request's node, counter and running function are back (a mote
// that waits for another serves frames for other motes meanwhile).
class Serving {
 public:
  Serving(Host& host, NodeId node, std::uint64_t& operations, sim::CallProfile& profile)
      : previousHost_(currentHost), previousNode_(currentNode), previousCounter_(operationCounter),
        recording_(&profile) {
    printingFor(node);
    currentHost = &host;
    currentNode = node;
    operationCounter = &operations;
  }
  ~Serving() {
    printingFor(previousNode_);
    currentHost = previousHost_;
    currentNode = previousNode_;
    operationCounter = previousCounter_;
  }
  Serving(const Serving&) = delete;
  Serving& operator=(const Serving&) = delete;

 private:
  Host* previousHost_;
  NodeId previousNode_;
  std::uint64_t* previousCounter_;
  sim::Recording recording_;
};

}  // namespace detail

template <class Body>
std::span<const std::uint8_t> MoteHost::asServed(std::map<NodeId, HostedMote>::iterator found, MoteState& state,
                                                 Body&& body) {
  // A mote waiting for another mote serves frames from inside handle(): each nesting level has
  // its own reply buffer, and the outer request's state comes back afterwards.
  if (depth_ == replyBuffers_.size()) replyBuffers_.emplace_back(wire::kMaxFrameBytes);
  wire::Writer reply(replyBuffers_[depth_]);
  ++depth_;
  HostedMote* const outerServing = std::exchange(serving_, &found->second);
  std::optional<Fault> outerFault = std::exchange(fault_, std::nullopt);
  // The operations counted while a mote is served go to its counter only; what each counter
  // gained between two changes of the mote served is added up here, so that counting them over
  // time does not sum every hosted mote's counter at each new time.
  if (outerServing != nullptr) uncountedOperations_ += outerServing->state->operations - countedFrom_;
  countedFrom_ = state.operations;
  {
    detail::Serving serving(*this, state.id, state.operations, *stats_.profile);
    body(reply);
  }
  uncountedOperations_ += state.operations - countedFrom_;
  if (outerServing != nullptr) countedFrom_ = outerServing->state->operations;
  serving_ = outerServing;
  fault_ = std::move(outerFault);
  --depth_;
  return reply.written();
}

}  // namespace edgecut::mote

#endif  // EDGECUT_RUNTIME_SRC_MOTE_SERVING_HPP
