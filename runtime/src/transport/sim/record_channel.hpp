// The sim transport's link between the base process and the mote host process: a stream socket
// carrying length-prefixed records,
//
//   u32 little-endian  length of what follows (kind byte + payload), 1..kMaxRecordBytes
//   u8                 kind (RecordKind)
//   bytes              payload
//
// A record is a radio frame (routed and accounted by the medium in the base process) or a message
// that is not radio traffic and costs nothing: the base's SHUTDOWN, answered by the host's STATS
// (sim::statsPayload), and the runtime's control messages (control.hpp), both ways.
//
// Records sent are gathered and written when the sender next waits for the peer (or when many
// are waiting), so that the many records of one network time cost a few system calls rather than
// one each: a system call, and the wake-up it brings, cost more than a record's work. A write that
// would block reads what the peer sent meanwhile, so that two sides writing much at once never
// wait for each other.
#ifndef EDGECUT_RUNTIME_TRANSPORT_SIM_RECORD_CHANNEL_HPP
#define EDGECUT_RUNTIME_TRANSPORT_SIM_RECORD_CHANNEL_HPP

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace edgecut::sim {

enum class RecordKind : std::uint8_t {
  frame = 1,
  shutdown = 2,
  stats = 3,
  control = 4,
};

// Large enough for the stats of a long run (the actuator trace); a larger length means the stream
// is corrupt, and a byte stream cannot be resynchronised.
inline constexpr std::size_t kMaxRecordBytes = 64u * 1024 * 1024;

struct Record {
  std::uint8_t kind = 0;  // raw, so that a receiver can count kinds it does not know
  std::vector<std::uint8_t> payload;
};

class RecordChannel {
 public:
  using Clock = std::chrono::steady_clock;

  // Takes ownership of `fd`, a connected stream socket.
  explicit RecordChannel(int fd);
  ~RecordChannel();
  RecordChannel(const RecordChannel&) = delete;
  RecordChannel& operator=(const RecordChannel&) = delete;

  int fd() const { return fd_; }

  // Queues a record; false if the peer is gone (or the record is larger than kMaxRecordBytes).
  bool send(RecordKind kind, std::span<const std::uint8_t> payload);
  // Writes what send() queued; false if the peer is gone. receive() does it before it waits.
  bool flush();

  enum class Outcome {
    record,   // `record` holds the next record
    timeout,  // the deadline passed first
    closed,   // the peer closed the stream (e.g. it exited)
    broken,   // the stream is corrupt (an impossible length); stop using it
  };
  // Waits for the next record until `deadline` (forever if none); a deadline that has passed
  // still takes a record that has arrived.
  Outcome receive(Record& record, std::optional<Clock::time_point> deadline);

 private:
  // Reads what has arrived into buffer_ without waiting; false if the peer is gone.
  bool readAvailable();

  int fd_;
  std::vector<std::uint8_t> buffer_;  // bytes received but not yet returned as records
  std::size_t consumed_ = 0;          // of buffer_, returned already
  std::vector<std::uint8_t> out_;     // records queued by send(), not yet written
  bool gone_ = false;                 // a write found the peer gone
  bool eof_ = false;                  // the peer closed its end
};

}  // namespace edgecut::sim

#endif  // EDGECUT_RUNTIME_TRANSPORT_SIM_RECORD_CHANNEL_HPP
