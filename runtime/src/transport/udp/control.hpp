// The udp transport's control messages: the stats a base collects from a mote at the end of a
// run. Host side: allocates. Without sockets, for the fuzzers too.
//
// A datagram is one radio frame (frame.hpp, version 1 in the high nibble of byte 0) or one control
// message, whose byte 0 is kControlVersion << 4 | kind, so that neither can pass for the other:
//
//   STATS_REQUEST  base -> mote   varint node, varint run, varint from, varint forget (0 or 1),
//                                 varint generation
//   STATS          mote -> base   varint node, varint run, varint from, varint forgot (0 or 1),
//                                 varint generation, varint total, varint malformed,
//                                 varint operations, varint forged, varint replayed,
//                                 varint unsolicited,
//                                 then bytes [from, from + n) of the trace, n <= kStatsChunkBytes
//                                 (none in the answer to a forget)
//   RUNTIME        both ways      a control message of the runtime's (edgecut/runtime/control.hpp),
//                                 as it is: the base's network time and RUN_TASKs, the motes'
//                                 TASK_DONEs
//
// The trace is the JSON text of the mote's actuator writes (an array), `total` bytes long. The mote
// makes it at the first request of a run and keeps it for that run's requests, so that every chunk
// comes from the same text and a write of any size travels in pieces. The base asks for the bytes
// from `from` on until it has all `total` of them; then it asks with forget=1, from=total and the
// generation the mote's replies carried, and the mote forgets the writes that text held and its
// counts, so that the next base run starts a new trace. `run` is a number the base draws once per
// run (its replies must carry it); `generation` is one the mote draws at its start and after each
// forget, so that a forget works once: a repeat of it is answered (forgot=1) without forgetting
// again, every request is idempotent and the base simply repeats one that got no answer, and a
// recorded forget replayed later forgets nothing (the mote drops it as replayed). The counts
// (malformed, operations, the rejected frames) are the mote's at the time of the reply: the base
// keeps the last. With a network key every control message carries a tag after its bytes
// (../control_seal.hpp), and one without a valid tag is dropped as forged. Control messages are
// not radio traffic: nobody accounts them.
#ifndef EDGECUT_RUNTIME_TRANSPORT_UDP_CONTROL_HPP
#define EDGECUT_RUNTIME_TRANSPORT_UDP_CONTROL_HPP

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "edgecut/runtime/sim/host_stats.hpp"

namespace edgecut::udp {

// The trace bytes of one stats reply: below a typical path MTU, so that IP never fragments it.
inline constexpr std::size_t kStatsChunkBytes = 1200;

inline constexpr std::uint8_t kControlVersion = 0xF;

enum class ControlKind : std::uint8_t {
  statsRequest = 1,
  stats = 2,
  runtime = 3,
};

bool isControl(std::span<const std::uint8_t> datagram);

// RUNTIME: a runtime's control message in a datagram, and back (nothing if `datagram` is none).
std::vector<std::uint8_t> wrapRuntimeControl(std::span<const std::uint8_t> message);
std::optional<std::span<const std::uint8_t>> runtimeControl(std::span<const std::uint8_t> datagram);

struct StatsRequest {
  NodeId node = 0;
  std::uint64_t run = 0;
  std::uint64_t from = 0;
  bool forget = false;
  std::uint64_t generation = 0;  // for a forget: the one the mote's replies carried
};

struct StatsReply {
  NodeId node = 0;
  std::uint64_t run = 0;
  std::uint64_t from = 0;
  bool forgot = false;
  std::uint64_t generation = 0;
  std::uint64_t total = 0;
  std::uint64_t malformed = 0;
  std::uint64_t operations = 0;  // the mote's measured O (HostStats::operations)
  sim::RejectedFrames rejected;
  std::string trace;  // bytes [from, from + trace.size()) of the trace
};

std::vector<std::uint8_t> encode(const StatsRequest& request);
// The trace of `writes`: their JSON text.
std::string traceText(const std::vector<sim::ActuatorWrite>& writes);
// The writes of a whole trace; nothing if `trace` is not one.
std::optional<std::vector<sim::ActuatorWrite>> parseTrace(std::string_view trace);
// The reply to `request` from a mote whose trace for this run is `trace`, whose stats are `stats`
// (after forgetting, for a forget) and whose generation is `generation`: the trace's bytes from
// request.from on, at most kStatsChunkBytes of them.
std::vector<std::uint8_t> encodeStatsReply(const StatsRequest& request, std::string_view trace,
                                           const sim::HostStats& stats, std::uint64_t generation);
// Nothing if `message` is not a well-formed message of that kind.
std::optional<StatsRequest> decodeStatsRequest(std::span<const std::uint8_t> message);
std::optional<StatsReply> decodeStatsReply(std::span<const std::uint8_t> message);

}  // namespace edgecut::udp

#endif  // EDGECUT_RUNTIME_TRANSPORT_UDP_CONTROL_HPP
