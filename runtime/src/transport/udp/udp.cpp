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

#include "edgecut/runtime/cbor.hpp"
#include "edgecut/runtime/frame.hpp"
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

// ---- control messages ----

namespace {

class ControlWriter {
 public:
  explicit ControlWriter(ControlKind kind) { bytes_.push_back(kControlVersion << 4 | static_cast<std::uint8_t>(kind)); }
  void varint(std::uint64_t value) {
    std::uint8_t buffer[wire::kMaxVarintBytes];
    const std::size_t n = wire::encodeVarint(value, buffer);
    bytes_.insert(bytes_.end(), buffer, buffer + n);
  }
  void text(const std::string& text) { bytes_.insert(bytes_.end(), text.begin(), text.end()); }
  std::vector<std::uint8_t> take() { return std::move(bytes_); }

 private:
  std::vector<std::uint8_t> bytes_;
};

class ControlReader {
 public:
  ControlReader(std::span<const std::uint8_t> datagram, ControlKind kind)
      : rest_(datagram), ok_(datagram.size() >= 1 && datagram[0] == (kControlVersion << 4 | static_cast<std::uint8_t>(kind))) {
    if (ok_) rest_ = rest_.subspan(1);
  }
  std::uint64_t varint() {
    std::uint64_t value = 0;
    const std::size_t n = ok_ ? wire::decodeVarint(rest_, value) : 0;
    if (n == 0) ok_ = false;
    else rest_ = rest_.subspan(n);
    return value;
  }
  std::span<const std::uint8_t> rest() const { return rest_; }
  bool ok() const { return ok_; }

 private:
  std::span<const std::uint8_t> rest_;
  bool ok_;
};

}  // namespace

bool isControl(std::span<const std::uint8_t> datagram) {
  return !datagram.empty() && datagram[0] >> 4 == kControlVersion;
}

std::vector<std::uint8_t> encode(const StatsRequest& request) {
  ControlWriter out(ControlKind::statsRequest);
  out.varint(request.node);
  out.varint(request.run);
  out.varint(request.from);
  out.varint(request.forget ? 1 : 0);
  out.varint(request.generation);
  return out.take();
}

std::vector<std::uint8_t> encodeStatsReply(const StatsRequest& request, const sim::HostStats& stats,
                                           std::uint64_t generation) {
  ControlWriter out(ControlKind::stats);
  const std::uint64_t from = request.forget ? 0 : request.from;
  out.varint(request.node);
  out.varint(request.run);
  out.varint(from);
  out.varint(request.forget ? 1 : 0);
  out.varint(generation);
  out.varint(stats.actuatorWrites.size());
  out.varint(stats.malformedFrames);
  const auto operations = stats.operations.find(request.node);
  out.varint(operations == stats.operations.end() ? 0 : operations->second);
  out.varint(stats.rejected.forged);
  out.varint(stats.rejected.replayed);
  out.varint(stats.rejected.unsolicited);
  std::string writes = "[";
  for (std::size_t i = from; i < stats.actuatorWrites.size(); ++i) {
    // Program strings need not be UTF-8; dump() would throw on them.
    std::string one =
        sim::toJson(stats.actuatorWrites[i]).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (writes.size() > 1 && writes.size() + one.size() + 2 > kStatsChunkBytes) break;
    if (writes.size() > 1) writes += ',';
    writes += one;
  }
  out.text(writes + "]");
  return out.take();
}

std::optional<StatsRequest> decodeStatsRequest(std::span<const std::uint8_t> message) {
  ControlReader in(message, ControlKind::statsRequest);
  StatsRequest request;
  const std::uint64_t node = in.varint();
  request.run = in.varint();
  request.from = in.varint();
  const std::uint64_t forget = in.varint();
  request.generation = in.varint();
  if (!in.ok() || !in.rest().empty() || node > UINT32_MAX || forget > 1) return std::nullopt;
  request.node = static_cast<NodeId>(node);
  request.forget = forget == 1;
  return request;
}

std::optional<StatsReply> decodeStatsReply(std::span<const std::uint8_t> message) {
  ControlReader in(message, ControlKind::stats);
  StatsReply reply;
  const std::uint64_t node = in.varint();
  reply.run = in.varint();
  reply.from = in.varint();
  const std::uint64_t forgot = in.varint();
  reply.generation = in.varint();
  reply.total = in.varint();
  reply.malformed = in.varint();
  reply.operations = in.varint();
  reply.rejected.forged = in.varint();
  reply.rejected.replayed = in.varint();
  reply.rejected.unsolicited = in.varint();
  if (!in.ok() || node > UINT32_MAX || forgot > 1 || reply.from > reply.total) return std::nullopt;
  reply.forgot = forgot == 1;
  reply.node = static_cast<NodeId>(node);
  const auto json = nlohmann::json::parse(in.rest().begin(), in.rest().end(), nullptr, false);
  if (json.is_discarded() || !json.is_array() || json.size() > reply.total - reply.from) return std::nullopt;
  try {
    // hostStatsFromJson validates each write's shape.
    reply.writes = sim::hostStatsFromJson({{"malformed_frames", 0},
                                            {"actuator_writes", json},
                                            {"operations", nlohmann::json::array()}})
                       .actuatorWrites;
  } catch (const std::runtime_error&) {
    return std::nullopt;
  }
  return reply;
}

}  // namespace edgecut::udp
