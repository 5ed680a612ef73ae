// The udp transport's pieces shared by base and mote programs: endpoints ("host:port" resolved)
// and a nonblocking datagram socket waited on with deadlines. A datagram is one radio frame or one
// control message (control.hpp). Host side: allocates and throws.
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

#include "edgecut/runtime/sim/host_stats.hpp"
#include "edgecut/runtime/sim/network.hpp"

namespace edgecut::udp {

using Clock = std::chrono::steady_clock;

// A UDP datagram carries at most this many bytes.
inline constexpr std::size_t kMaxDatagramBytes = 65507;

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

}  // namespace edgecut::udp

#endif  // EDGECUT_RUNTIME_TRANSPORT_UDP_UDP_HPP
