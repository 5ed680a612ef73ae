#include "record_channel.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace edgecut::sim {

namespace {

constexpr std::size_t kLengthBytes = 4;

bool writeAll(int fd, const std::uint8_t* data, std::size_t size) {
  while (size > 0) {
    // MSG_NOSIGNAL: a dead peer is an error to report, not a SIGPIPE that kills the process.
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

RecordChannel::RecordChannel(int fd) : fd_(fd) {}

RecordChannel::~RecordChannel() {
  if (fd_ >= 0) ::close(fd_);
}

bool RecordChannel::send(RecordKind kind, std::span<const std::uint8_t> payload) {
  const std::uint32_t length = static_cast<std::uint32_t>(payload.size() + 1);
  if (payload.size() + 1 > kMaxRecordBytes) return false;
  std::vector<std::uint8_t> record;
  record.reserve(kLengthBytes + length);
  for (std::size_t i = 0; i < kLengthBytes; ++i) record.push_back(static_cast<std::uint8_t>(length >> (8 * i)));
  record.push_back(static_cast<std::uint8_t>(kind));
  record.insert(record.end(), payload.begin(), payload.end());
  return writeAll(fd_, record.data(), record.size());
}

RecordChannel::Outcome RecordChannel::receive(Record& record, std::optional<Clock::time_point> deadline) {
  for (;;) {
    if (buffer_.size() >= kLengthBytes) {
      std::uint32_t length = 0;
      for (std::size_t i = 0; i < kLengthBytes; ++i) length |= std::uint32_t{buffer_[i]} << (8 * i);
      if (length == 0 || length > kMaxRecordBytes) return Outcome::broken;
      if (buffer_.size() >= kLengthBytes + length) {
        record.kind = buffer_[kLengthBytes];
        record.payload.assign(buffer_.begin() + kLengthBytes + 1, buffer_.begin() + kLengthBytes + length);
        buffer_.erase(buffer_.begin(), buffer_.begin() + kLengthBytes + length);
        return Outcome::record;
      }
    }

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

    std::uint8_t chunk[16 * 1024];
    const ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return Outcome::closed;
    }
    if (n == 0) return Outcome::closed;
    buffer_.insert(buffer_.end(), chunk, chunk + n);
  }
}

}  // namespace edgecut::sim
