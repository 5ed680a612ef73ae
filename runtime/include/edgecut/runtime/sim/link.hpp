// The sim link between the base process and the mote host process: a stream socket carrying
// length-prefixed records,
//
//   u32 little-endian  length of what follows (kind byte + payload), 1..kMaxRecordBytes
//   u8                 kind (RecordKind)
//   bytes              payload
//
// A record is a radio frame (routed and accounted by the medium in the base process) or a control
// message that is not radio traffic and costs nothing: the base's SHUTDOWN, answered by the host's
// STATS (JSON, HostStats).
#ifndef EDGECUT_RUNTIME_SIM_LINK_HPP
#define EDGECUT_RUNTIME_SIM_LINK_HPP

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgecut/edgecut.hpp"
#include "edgecut/runtime/sim/profile.hpp"

namespace edgecut::sim {

enum class RecordKind : std::uint8_t {
  frame = 1,
  shutdown = 2,
  stats = 3,
};

// Large enough for the stats of a long run (the actuator trace); a larger length means the stream
// is corrupt, and a byte stream cannot be resynchronised.
inline constexpr std::size_t kMaxRecordBytes = 64u * 1024 * 1024;

struct Record {
  std::uint8_t kind = 0;  // raw, so that a receiver can count kinds it does not know
  std::vector<std::uint8_t> payload;
};

using Clock = std::chrono::steady_clock;

class RecordChannel {
 public:
  // Takes ownership of `fd`, a connected stream socket.
  explicit RecordChannel(int fd);
  ~RecordChannel();
  RecordChannel(const RecordChannel&) = delete;
  RecordChannel& operator=(const RecordChannel&) = delete;

  int fd() const { return fd_; }

  // False if the peer is gone.
  bool send(RecordKind kind, std::span<const std::uint8_t> payload);

  enum class Outcome {
    record,   // `record` holds the next record
    timeout,  // the deadline passed first
    closed,   // the peer closed the stream (e.g. it exited)
    broken,   // the stream is corrupt (an impossible length); stop using it
  };
  // Waits for the next record until `deadline` (forever if none).
  Outcome receive(Record& record, std::optional<Clock::time_point> deadline);

 private:
  int fd_;
  std::vector<std::uint8_t> buffer_;  // bytes received but not yet returned as records
};

// An actuator write the mote host performed, in order: the actuator trace.
struct ActuatorWrite {
  NodeId node = 0;
  std::string actuator;
  nlohmann::json value;
};

// What the mote host reports about itself when it shuts down.
struct HostStats {
  std::uint64_t malformedFrames = 0;
  // Mote-to-mote requests a mote sent again because their reply did not come in time.
  std::uint64_t retransmissions = 0;
  // Requests that arrived again (resent, or duplicated by the radio) and did not run again: they
  // got the kept reply, or were dropped while the first copy was still being handled.
  std::uint64_t duplicateRequests = 0;
  // With a network key (auth.hpp): frames whose MAC was wrong or missing, and authentic requests
  // whose sequence number was seen already or is older than the replay window. Both are dropped.
  std::uint64_t forgedFrames = 0;
  std::uint64_t replayedFrames = 0;
  std::vector<ActuatorWrite> actuatorWrites;
  // The integer operations each hosted mote executed (measured O, docs/design.md §4), every hosted mote
  // included, by id.
  std::map<NodeId, std::uint64_t> operations;
  // The motes' side of the run's profile (sim/profile.hpp); none when the transport does not carry
  // it (udp).
  std::optional<CallProfile> profile;
};

nlohmann::json toJson(const ActuatorWrite& write);
nlohmann::json toJson(const HostStats& stats);
// The STATS record's payload: toJson(stats) as text. Strings a program writes to an actuator are
// bytes, not necessarily UTF-8, so invalid sequences become U+FFFD instead of failing the dump.
std::string statsPayload(const HostStats& stats);
// Throws std::runtime_error if `json` is not what toJson writes.
HostStats hostStatsFromJson(const nlohmann::json& json);

}  // namespace edgecut::sim

#endif  // EDGECUT_RUNTIME_SIM_LINK_HPP
