#include "udp.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "edgecut/runtime/auth.hpp"
#include "edgecut/runtime/sim/address.hpp"

namespace edgecut::udp {

bool Endpoint::operator==(const Endpoint& other) const {
  return length == other.length && std::memcmp(&address, &other.address, length) == 0;
}

Endpoint endpointOf(const sim::Network& network, std::uint32_t node) {
  const std::string what = node == sim::Network::kBase ? std::string("the base") : fmt::format("mote {}", node);
  const std::string& address = network.address(node);
  if (address.empty()) {
    throw UdpError(fmt::format(
        "the udp transport needs the address of {}; give it in the network (\"address\": \"host:port\" in {}) "
        "and pass the file with --network FILE",
        what, node == sim::Network::kBase ? "\"base\"" : fmt::format("mote {}'s entry", node)));
  }
  return resolve(address, what);
}

Endpoint resolve(std::string_view hostPort, const std::string& what) {
  const auto split = sim::splitHostPort(hostPort);
  if (!split) {
    throw UdpError(fmt::format("{}: the address \"{}\" is not host:port", what, hostPort));
  }
  const std::string host(split->host);
  const std::string port = std::to_string(split->port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* found = nullptr;
  if (const int error = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found); error != 0) {
    throw UdpError(fmt::format("{}: cannot resolve the address \"{}\": {}", what, hostPort, ::gai_strerror(error)));
  }
  Endpoint endpoint;
  std::memcpy(&endpoint.address, found->ai_addr, found->ai_addrlen);
  endpoint.length = found->ai_addrlen;
  endpoint.text = std::string(hostPort);
  ::freeaddrinfo(found);
  return endpoint;
}

Socket::Socket(const Endpoint& local) : buffer_(kMaxDatagramBytes + 1) {
  fd_ = ::socket(local.address.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw UdpError(fmt::format("cannot create a UDP socket: {}", std::strerror(errno)));
  if (::bind(fd_, reinterpret_cast<const sockaddr*>(&local.address), local.length) != 0) {
    const int error = errno;
    ::close(fd_);
    throw UdpError(fmt::format("cannot listen on {}: {}", local.text, std::strerror(error)));
  }
}

Socket::~Socket() { ::close(fd_); }

void Socket::sendTo(const Endpoint& peer, std::span<const std::uint8_t> bytes) {
  if (bytes.size() > kMaxDatagramBytes) {
    throw UdpError(fmt::format("a frame of {} bytes to {} does not fit in a UDP datagram (at most {} bytes)",
                               bytes.size(), peer.text, kMaxDatagramBytes));
  }
  for (;;) {
    const ssize_t sent = ::sendto(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT,
                                  reinterpret_cast<const sockaddr*>(&peer.address), peer.length);
    if (sent >= 0 || errno != EINTR) return;  // lost like any datagram; the caller's timeout notices
  }
}

Socket::Outcome Socket::receive(std::vector<std::uint8_t>& bytes, std::optional<Clock::time_point> deadline) {
  for (;;) {
    int flags = MSG_TRUNC;  // the datagram's real length, so that an oversized one is noticed, not cut
    if (deadline) {
      // Wait first, then read: a caller usually waits for an answer that has not arrived yet, and a
      // read that finds nothing would be one more system call per datagram.
      const auto left = std::max(Clock::duration::zero(), *deadline - Clock::now());
      const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
      const timespec wait{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
      pollfd fd{fd_, POLLIN, 0};
      const int ready = ::ppoll(&fd, 1, &wait, nullptr);
      if (ready < 0 && errno == EINTR) return Outcome::interrupted;
      if (ready == 0) return Outcome::timeout;
      flags |= MSG_DONTWAIT;  // readable, but a datagram with a bad checksum may vanish meanwhile
    }
    const ssize_t n = ::recv(fd_, buffer_.data(), buffer_.size(), flags);
    if (n >= 0) {
      const auto length = static_cast<std::size_t>(n);
      if (length > wire::kMaxSealedFrameBytes || length > kMaxDatagramBytes) return Outcome::oversized;
      bytes.assign(buffer_.begin(), buffer_.begin() + n);
      return Outcome::datagram;
    }
    if (errno == EINTR) return Outcome::interrupted;
    // EAGAIN (nothing after all) or an ICMP error queued on the socket: no datagram; wait again
    // (the deadline still holds).
  }
}

}  // namespace edgecut::udp
