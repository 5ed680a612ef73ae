#include "record_channel.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace edgecut::sim {

namespace {

constexpr std::size_t kLengthBytes = 4;
// Queued records are written once this many bytes wait, whether or not the sender waits soon.
constexpr std::size_t kFlushBytes = 64 * 1024;
constexpr std::size_t kReadChunk = 64 * 1024;

}  // namespace

RecordChannel::RecordChannel(int fd) : fd_(fd) {}

RecordChannel::~RecordChannel() {
  if (fd_ >= 0) ::close(fd_);
}

bool RecordChannel::send(RecordKind kind, std::span<const std::uint8_t> payload) {
  if (gone_ || payload.size() + 1 > kMaxRecordBytes) return false;
  const auto length = static_cast<std::uint32_t>(payload.size() + 1);
  for (std::size_t i = 0; i < kLengthBytes; ++i) out_.push_back(static_cast<std::uint8_t>(length >> (8 * i)));
  out_.push_back(static_cast<std::uint8_t>(kind));
  out_.insert(out_.end(), payload.begin(), payload.end());
  return out_.size() < kFlushBytes || flush();
}

bool RecordChannel::flush() {
  std::size_t written = 0;
  while (written < out_.size() && !gone_) {
    // MSG_NOSIGNAL: a dead peer is an error to report, not a SIGPIPE that kills the process.
    const ssize_t n = ::send(fd_, out_.data() + written, out_.size() - written, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n >= 0) {
      written += static_cast<std::size_t>(n);
      continue;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      gone_ = true;
      break;
    }
    // The peer's buffer is full: it may be writing to us as well, so take in what it sent while
    // waiting until it reads.
    pollfd waiting{fd_, POLLIN | POLLOUT, 0};
    if (::poll(&waiting, 1, -1) < 0 && errno != EINTR) gone_ = true;
    if ((waiting.revents & POLLIN) != 0 && !readAvailable()) eof_ = true;
    if ((waiting.revents & (POLLERR | POLLHUP)) != 0 && (waiting.revents & POLLOUT) == 0) gone_ = true;
  }
  out_.clear();
  return !gone_;
}

bool RecordChannel::readAvailable() {
  std::uint8_t chunk[kReadChunk];  // not in buffer_: growing it would zero what recv overwrites
  for (;;) {
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, MSG_DONTWAIT);
    if (n > 0) {
      buffer_.insert(buffer_.end(), chunk, chunk + n);
      // Less than asked for: the socket held no more just now. Another recv would only say so,
      // one system call of the few a round trip costs; what comes later wakes the next poll.
      if (static_cast<std::size_t>(n) < sizeof chunk) return true;
      continue;
    }
    if (n == 0) return false;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK;
  }
}

RecordChannel::Outcome RecordChannel::receive(Record& record, std::optional<Clock::time_point> deadline) {
  for (;;) {
    const std::size_t available = buffer_.size() - consumed_;
    if (available >= kLengthBytes) {
      const std::uint8_t* at = buffer_.data() + consumed_;
      std::uint32_t length = 0;
      for (std::size_t i = 0; i < kLengthBytes; ++i) length |= std::uint32_t{at[i]} << (8 * i);
      if (length == 0 || length > kMaxRecordBytes) return Outcome::broken;
      if (available >= kLengthBytes + length) {
        record.kind = at[kLengthBytes];
        record.payload.assign(at + kLengthBytes + 1, at + kLengthBytes + length);
        consumed_ += kLengthBytes + length;
        if (consumed_ == buffer_.size()) {
          buffer_.clear();
          consumed_ = 0;
        } else if (consumed_ >= kReadChunk) {  // keep the buffer from growing at its front
          buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(consumed_));
          consumed_ = 0;
        }
        return Outcome::record;
      }
    }
    if (eof_) return Outcome::closed;
    // Whatever the peer waits for goes out before this side waits for it. A flush that waited
    // for the peer to read took in what the peer sent meanwhile: that is looked at before
    // waiting for more, which the peer, waiting in turn for an answer to it, may never send
    // (both sides then sat out a whole deadline: a simulated day's first minute, now and then).
    const std::size_t held = buffer_.size();
    if (!flush()) return Outcome::closed;
    if (buffer_.size() != held || eof_) continue;

    int timeoutMs = -1;
    if (deadline) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now());
      timeoutMs = static_cast<int>(std::clamp<std::int64_t>(left.count(), 0, 1 << 30));
    }
    pollfd waiting{fd_, POLLIN, 0};
    const int ready = ::poll(&waiting, 1, timeoutMs);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return Outcome::closed;
    }
    if (ready == 0) {
      if (deadline && Clock::now() >= *deadline) return Outcome::timeout;
      continue;
    }
    if (!readAvailable()) eof_ = true;  // what came before the end is still returned
  }
}

}  // namespace edgecut::sim
