// How a program's frames reach the other nodes: the one interface every transport implements, on
// both sides (the base program's base::Runtime and a mote program's mote::MoteHost use it). Each
// transport lives in its own folder, runtime/src/transport/<name>/ (docs/architecture.md, "Adding
// a transport"); generated code never sees one.
//
// A transport never reads a frame: the destination travels beside it. So a layer that every
// transport gets without knowing it can change the bytes, and AuthenticatedTransport
// (authenticated_transport.hpp) seals frames over any transport. The runtime above it decodes,
// accounts (sim/medium.hpp), injects faults (faults.hpp) and resends (reliability.hpp).
#ifndef EDGECUT_RUNTIME_TRANSPORT_HPP
#define EDGECUT_RUNTIME_TRANSPORT_HPP

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "edgecut/edgecut.hpp"
#include "edgecut/runtime/frame.hpp"
#include "edgecut/runtime/sim/host_stats.hpp"

namespace edgecut {

// How long the collection of stats at a run's end waits for a mote whose last request timed out.
inline constexpr std::chrono::milliseconds kSilentMoteWait{250};

class Transport {
 public:
  using Clock = std::chrono::steady_clock;

  enum class Event {
    frame,      // `frame` holds what arrived for this program's node(s), undecoded
    timeout,    // the deadline passed first
    malformed,  // something arrived that is no frame and no control message of the transport
    stats,      // a mote program's end: the base asks for the stats; call reportStats, go on serving
    shutdown,   // a mote program's end: stop serving (the base is done, or a signal said stop)
    closed,     // the link is gone for good; whyClosed() says how
    control,    // `frame` holds a control message (control.hpp): network time, the motes' timers
  };

  virtual ~Transport() = default;

  // Where the frames go, e.g. "the mote host ./soil_mote (pid 42)", for messages.
  virtual std::string describe() const = 0;
  // Puts `frame` on its way to node `to` (0 is the base). A frame that cannot reach `to` is lost,
  // as on a radio: the requester's timeout says so. False only when the link is gone for good.
  virtual bool send(NodeId to, std::span<const std::uint8_t> frame) = 0;
  // Waits for the next event until `deadline`, or for as long as it takes without one.
  virtual Event next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point> deadline) = 0;
  // Puts a control message (control.hpp) on its way to node `to`, beside the frames: from the
  // base to a mote, or from a mote to the base (0). It is no radio traffic, so nothing accounts
  // it. False when the link is gone for good, or when the transport has no control path (then
  // the base cannot run tasks placed on motes over it).
  virtual bool sendControl(NodeId to, std::span<const std::uint8_t> message) {
    (void)to;
    (void)message;
    return false;
  }
  // How the link went, after `closed` or a failed send, e.g. "the mote host ./soil_mote (pid 42)
  // closed the link (exited with status 3)".
  virtual std::string whyClosed() const { return describe() + " is gone"; }
  // What the transport dropped before anyone saw it (payloads on a broker topic that cannot be
  // frames); the base counts them with its malformed frames.
  virtual std::uint64_t dropped() const { return 0; }
  // The largest frame `send` carries (a datagram's limit, say, less what a layer adds); at most
  // wire::kMaxFrameBytes. The runtime sends nothing larger: a request that does not fit is an
  // error at its requester, a reply that does not fit becomes an ERROR saying so.
  virtual std::size_t maxFrameBytes() const { return wire::kMaxFrameBytes; }
  // What it rejected as forged, replayed or unsolicited (sim/host_stats.hpp): a base's for the
  // report (a mote's go into its stats with reportStats).
  virtual sim::RejectedFrames rejected() const { return {}; }
  // How many bytes `frame` takes on the air: more than its own when a layer seals it (auth.hpp).
  virtual std::size_t airBytes(std::span<const std::uint8_t> frame) const { return frame.size(); }
  // The session in which the latest frames from `peer` to this program's node `local` arrived,
  // where a layer authenticates sessions (AuthenticatedTransport): a number that changes exactly
  // when the peer's new session starts, which is when its sequence numbers start again. Nothing
  // without such a layer: then a HELLO's boot epoch tells that the peer restarted.
  virtual std::optional<std::uint64_t> session(NodeId local, NodeId peer) const {
    (void)local;
    (void)peer;
    return std::nullopt;
  }
  // Whether the base carries the frames between motes (a simulated medium, which every frame
  // crosses). If not, motes reach each other directly, and a frame for a mote that reaches the
  // base went astray.
  virtual bool relaysBetweenMotes() const { return false; }
  // Whether one host serves every mote behind this link and takes the runs due at one network
  // time in one control message (RUN_TASKS, control.hpp). A layer that seals control messages per
  // mote (AuthenticatedTransport) does not pass it on: a batch has no one mote's session.
  virtual bool batchesTasks() const { return false; }
  // Writes out now what this transport holds back to write together (the sim gathers what is sent
  // until it next waits), e.g. a batch of runs for the host to start on while the next is made.
  // Nothing where everything is written as it is sent. False if the link is gone.
  virtual bool flush() { return true; }

  // ---- the end of a base program's run ----
  // Asks the motes' side for its stats (sim/host_stats.hpp) and returns them; a host that the
  // transport started stops. A mote whose stats do not come by `deadline` is lost: the stats hold
  // the others' part, and name it in lostMotes with why. `silent` are the motes whose last request
  // timed out (likely gone): they are asked too, but given up on after kSilentMoteWait, so that a
  // dead mote does not add a whole deadline to the run's end. Throws std::runtime_error when it
  // gets nobody's stats, saying why.
  virtual sim::HostStats collectStats(Clock::time_point deadline, const std::set<NodeId>& silent) {
    (void)deadline;
    (void)silent;
    throw std::logic_error(describe() + " is a mote program's transport: it has no motes to ask for stats");
  }
  // What the transport knows of why `node` does not answer (e.g. a broker's word that it is
  // offline), for a timeout's message; empty when it knows nothing.
  virtual std::string whySilent(NodeId node) const {
    (void)node;
    return {};
  }

  // ---- a mote program's answer to `stats` and `shutdown` ----
  // Hands the host's stats to whoever collects them, after adding what the transport itself
  // rejected since the last call. A transport whose collector asks it to forget what it took (the
  // next base run starts a trace of its own) takes that out of `stats`.
  virtual void reportStats(sim::HostStats& stats) { (void)stats; }
};

}  // namespace edgecut

#endif  // EDGECUT_RUNTIME_TRANSPORT_HPP
