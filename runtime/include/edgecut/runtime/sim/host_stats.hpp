// What the motes' side of a run reports to the base at its end, whatever carried the frames: the
// actuator trace, the measured operations, the profile's mote half and the frames it dropped. A
// transport carries it as JSON (toJson, hostStatsFromJson).
#ifndef EDGECUT_RUNTIME_SIM_HOST_STATS_HPP
#define EDGECUT_RUNTIME_SIM_HOST_STATS_HPP

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgecut/edgecut.hpp"
#include "edgecut/runtime/sim/profile.hpp"
#include "edgecut/runtime/sim/timeline.hpp"

namespace edgecut::sim {

// An actuator write the mote host performed, in order: the actuator trace.
struct ActuatorWrite {
  NodeId node = 0;
  std::string actuator;
  nlohmann::json value;
};

// Frames a node dropped because they were not what they claimed to be (docs/threat-model.md); the
// report's rejected_frames. None of them counts as a transmission of the node it names.
struct RejectedFrames {
  // No valid tag: a forgery, a node with another network key or none, a damaged frame.
  std::uint64_t forged = 0;
  // Authentic but not fresh: a frame of a session that has ended, a request older than its
  // sender's replay window, a HELLO that opened a session before, a stale control request.
  std::uint64_t replayed = 0;
  // Nobody asked for it: a reply that no request waits for, a request from a node that has no
  // session with this one (it must say HELLO first).
  std::uint64_t unsolicited = 0;

  std::uint64_t total() const { return forged + replayed + unsolicited; }
  RejectedFrames& operator+=(const RejectedFrames& other);
};

// What the mote host reports about itself when it shuts down.
struct HostStats {
  std::uint64_t malformedFrames = 0;
  // Mote-to-mote requests a mote sent again because their reply did not come in time.
  std::uint64_t retransmissions = 0;
  // Requests that arrived again (resent, or duplicated by the radio) and did not run again: they
  // got the kept reply, or were dropped while the first copy was still being handled.
  std::uint64_t duplicateRequests = 0;
  RejectedFrames rejected;
  // Peers a mote forgot to make room for a new one in its full peer table (peer_table.hpp).
  std::uint64_t evictedPeers = 0;
  // Pushes to the base (mote.hpp's pushBase) that the base did not acknowledge by their deadline:
  // dropped, so that the mote went on (mote_host.hpp).
  std::uint64_t pushesDropped = 0;
  std::vector<ActuatorWrite> actuatorWrites;
  // The integer operations each hosted mote executed (measured O, docs/design.md §4), every hosted mote
  // included, by id.
  std::map<NodeId, std::uint64_t> operations;
  // The same operations, every hosted mote's together, by the network time the host was told last
  // when it counted them (sim/timeline.hpp: only Interval::operations is set); none when the
  // transport does not carry it (udp, serial, qemu), and then the report's energy over time is
  // unknown.
  std::optional<Timeline> operationsOverTime;
  // The motes' side of the run's profile (sim/profile.hpp); none when the transport does not carry
  // it (udp).
  std::optional<CallProfile> profile;
  // Set where the base collects the stats (Transport::collectStats), never reported by a mote: the
  // motes whose part is missing from the above (their program died, or did not answer in time),
  // and why, in the transport's words.
  std::set<NodeId> lostMotes;
  std::string whyLost;
};

nlohmann::json toJson(const ActuatorWrite& write);
nlohmann::json toJson(const HostStats& stats);
// toJson(stats) as text. Strings a program writes to an actuator are bytes, not necessarily UTF-8,
// so invalid sequences become U+FFFD instead of failing the dump.
std::string statsPayload(const HostStats& stats);
// Throws std::runtime_error if `json` is not what toJson writes.
HostStats hostStatsFromJson(const nlohmann::json& json);

}  // namespace edgecut::sim

#endif  // EDGECUT_RUNTIME_SIM_HOST_STATS_HPP
