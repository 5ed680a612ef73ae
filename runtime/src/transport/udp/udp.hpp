// The udp transport's pieces shared by base and mote programs: endpoints ("host:port" resolved),
// a nonblocking datagram socket waited on with deadlines, and the control datagrams that collect
// a mote's stats (its actuator trace) at the end of a base's run. Host side: allocates and throws.
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
//                                 then JSON text: the array of actuator writes from index `from`
//
// The base asks for the writes from `from` on until it has all `total` of them; then it asks with
// forget=1, from=total and the generation the mote's replies carried, and the mote forgets those
// writes and its counts, so that the next base run starts a new trace. `run` is a number the base
// draws once per run (its replies must carry it); `generation` is one the mote draws at its start
// and after each forget, so that a forget works once: a repeat of it is answered (forgot=1)
// without forgetting again, every request is idempotent and the base simply repeats one that got
// no answer, and a recorded forget replayed later forgets nothing (the mote drops it as replayed).
// With a network key every control message carries a tag (auth.hpp's control binding) after its
// bytes, and one without a valid tag is dropped as forged. Control messages are not radio
// traffic: nobody accounts them.
#ifndef EDGECUT_RUNTIME_TRANSPORT_UDP_UDP_HPP
#define EDGECUT_RUNTIME_TRANSPORT_UDP_UDP_HPP

#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "edgecut/runtime/auth.hpp"
#include "edgecut/runtime/sim/host_stats.hpp"
#include "edgecut/runtime/sim/network.hpp"

namespace edgecut::udp {

using Clock = std::chrono::steady_clock;

// A UDP datagram carries at most this many bytes.
inline constexpr std::size_t kMaxDatagramBytes = 65507;
// Stats replies stay below a typical path MTU so that IP never fragments them (one write is sent
// alone even if it is larger).
inline constexpr std::size_t kStatsChunkBytes = 1200;

// A socket could not be set up (bad address, port in use, …).
class UdpError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Endpoint {
  sockaddr_storage address{};
  socklen_t length = 0;
  std::string text;  // as written in the network, for messages

  bool operator==(const Endpoint& other) const;
};

// Resolves "host:port" (a numeric address or a host name). `what` names the node for messages
// ("mote 3"). Throws UdpError.
Endpoint resolve(std::string_view hostPort, const std::string& what);

// The address of `node` (0 is the base) in the network, resolved. Throws UdpError saying where to
// give it when the network has none.
Endpoint endpointOf(const sim::Network& network, std::uint32_t node);

class Socket {
 public:
  // A UDP socket bound to `local`. Throws UdpError (e.g. the port is in use).
  explicit Socket(const Endpoint& local);
  ~Socket();
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  int fd() const { return fd_; }

  // Sends one datagram, never blocking. A full or unreachable network loses it, as a radio would:
  // that is for the caller's timeout to notice. Throws UdpError only if it can never be sent (too
  // large).
  void sendTo(const Endpoint& peer, std::span<const std::uint8_t> bytes);

  enum class Outcome {
    datagram,     // `bytes` holds one datagram
    oversized,    // a datagram longer than a sealed frame arrived and was dropped
    timeout,      // the deadline passed first
    interrupted,  // a signal handler ran (EINTR)
  };
  // Waits for the next datagram until `deadline`, or forever without one: then in one blocking
  // recv, the cheapest wait there is (a signal handler that must end the wait sends an empty
  // datagram to the socket, so that no signal is lost between a check and the wait). With a
  // deadline, ppoll and a nonblocking recv.
  Outcome receive(std::vector<std::uint8_t>& bytes, std::optional<Clock::time_point> deadline);

 private:
  int fd_ = -1;
  // Every datagram is read into this buffer, allocated once: sizing the caller's vector for the
  // largest datagram on each call would clear 64 KiB per frame.
  std::vector<std::uint8_t> buffer_;
};

inline constexpr std::uint8_t kControlVersion = 0xF;

enum class ControlKind : std::uint8_t {
  statsRequest = 1,
  stats = 2,
};

bool isControl(std::span<const std::uint8_t> datagram);

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
  std::uint64_t operations = 0;            // the mote's measured O (HostStats::operations)
  sim::RejectedFrames rejected;
  std::vector<sim::ActuatorWrite> writes;  // from index `from` on
};

std::vector<std::uint8_t> encode(const StatsRequest& request);
// The reply to `request` from a mote whose stats are `stats` (after forgetting, for a forget) and
// whose generation is `generation`: as many writes from request.from on as fit in
// kStatsChunkBytes (at least one, if any is left).
std::vector<std::uint8_t> encodeStatsReply(const StatsRequest& request, const sim::HostStats& stats,
                                           std::uint64_t generation);
// Nothing if `message` is not a well-formed message of that kind.
std::optional<StatsRequest> decodeStatsRequest(std::span<const std::uint8_t> message);
std::optional<StatsReply> decodeStatsReply(std::span<const std::uint8_t> message);

}  // namespace edgecut::udp

#endif  // EDGECUT_RUNTIME_TRANSPORT_UDP_UDP_HPP
