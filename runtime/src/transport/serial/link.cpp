#include "link.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/format.h>

namespace edgecut::serial {

namespace {

std::string lastError() { return std::strerror(errno); }

bool isSocket(int fd) {
  struct stat st {};
  return ::fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
}

}  // namespace

Link Link::open(const std::string& device, std::size_t maxPayload) {
  struct stat st {};
  if (::stat(device.c_str(), &st) != 0) throw SerialError(fmt::format("cannot open the serial device {}: {}", device, lastError()));
  if (S_ISSOCK(st.st_mode)) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (device.size() >= sizeof address.sun_path)
      throw SerialError(fmt::format("the serial socket path {} is too long", device));
    std::memcpy(address.sun_path, device.c_str(), device.size() + 1);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw SerialError(fmt::format("cannot make a socket for {}: {}", device, lastError()));
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      const std::string why = lastError();
      ::close(fd);
      throw SerialError(fmt::format("cannot connect to the serial socket {}: {}", device, why));
    }
    return Link(fd, device, maxPayload);
  }
  if (!S_ISCHR(st.st_mode))
    throw SerialError(fmt::format("the serial device {} is neither a tty nor a UNIX socket", device));
  const int fd = ::open(device.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) throw SerialError(fmt::format("cannot open the serial device {}: {}", device, lastError()));
  termios tio{};
  if (::tcgetattr(fd, &tio) != 0) {
    const std::string why = lastError();
    ::close(fd);
    throw SerialError(fmt::format("the serial device {} is no tty: {}", device, why));
  }
  // Raw bytes: no echo, no line editing, no CR/LF translation, which would corrupt frames.
  ::cfmakeraw(&tio);
  ::cfsetispeed(&tio, B115200);
  ::cfsetospeed(&tio, B115200);
  tio.c_cflag |= CLOCAL | CREAD;
  if (::tcsetattr(fd, TCSANOW, &tio) != 0) {
    const std::string why = lastError();
    ::close(fd);
    throw SerialError(fmt::format("cannot set the serial device {} to raw 115200 baud: {}", device, why));
  }
  return Link(fd, device, maxPayload);
}

Link::Link(int fd, std::string name, std::size_t maxPayload)
    : fd_(fd), socket_(isSocket(fd)), name_(std::move(name)), buffer_(maxPayload + kPacketOverhead),
      decoder_(buffer_) {}

Link::Link(Link&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), socket_(other.socket_), name_(std::move(other.name_)),
      buffer_(std::move(other.buffer_)), decoder_(buffer_), pending_(std::move(other.pending_)),
      pendingAt_(other.pendingAt_) {}

Link::~Link() {
  if (fd_ >= 0) ::close(fd_);
}

bool Link::send(std::uint8_t kind, std::span<const std::uint8_t> payload) {
  if (fd_ < 0 || payload.size() > kMaxHostPayloadBytes) return false;
  std::vector<std::uint8_t> bytes(maxEncodedBytes(payload.size()));
  const std::size_t size = encodePacket(kind, payload, bytes);
  const std::uint8_t* data = bytes.data();
  std::size_t left = size;
  while (left > 0) {
    // MSG_NOSIGNAL: a dead peer is an error to report, not a SIGPIPE that kills the process.
    const ssize_t n = socket_ ? ::send(fd_, data, left, MSG_NOSIGNAL) : ::write(fd_, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) {
        pollfd waiting{fd_, POLLOUT, 0};
        ::poll(&waiting, 1, 100);
        continue;
      }
      return false;
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  return true;
}

bool Link::takeBuffered(std::uint8_t& kind, std::vector<std::uint8_t>& payload) {
  while (pendingAt_ < pending_.size()) {
    if (decoder_.push(pending_[pendingAt_++])) {
      kind = decoder_.kind();
      payload.assign(decoder_.payload().begin(), decoder_.payload().end());
      return true;
    }
  }
  pending_.clear();
  pendingAt_ = 0;
  return false;
}

bool Link::readAvailable() {
  std::uint8_t chunk[4096];
  for (;;) {
    const ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n < 0 && (errno == EINTR)) continue;
    if (n < 0 && errno == EAGAIN) return true;
    if (n <= 0) return false;
    pending_.insert(pending_.end(), chunk, chunk + n);
    return true;
  }
}

Link::Outcome Link::receive(std::uint8_t& kind, std::vector<std::uint8_t>& payload,
                            std::optional<Clock::time_point> deadline) {
  for (;;) {
    if (takeBuffered(kind, payload)) return Outcome::packet;
    int timeoutMs = -1;
    if (deadline) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now());
      if (left.count() <= 0) return Outcome::timeout;
      timeoutMs = static_cast<int>(std::min<std::int64_t>(left.count(), 1 << 30));
    }
    pollfd waiting{fd_, POLLIN, 0};
    const int ready = ::poll(&waiting, 1, timeoutMs);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return Outcome::closed;
    }
    if (ready == 0) continue;  // the deadline check above decides
    if (!readAvailable()) return Outcome::closed;
  }
}

}  // namespace edgecut::serial
