// One serial line seen from a host program: slip.hpp's packets over a file descriptor, which is a
// tty (a UART, a USB radio dongle: set raw, 115200 baud, 8N1) or a connected stream socket (QEMU's
// UART, a test's socketpair).
#ifndef EDGECUT_RUNTIME_TRANSPORT_SERIAL_LINK_HPP
#define EDGECUT_RUNTIME_TRANSPORT_SERIAL_LINK_HPP

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "slip.hpp"

namespace edgecut::serial {

struct SerialError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The longest packet payload a host reads: a long run's stats (the actuator trace) are the largest.
inline constexpr std::size_t kMaxHostPayloadBytes = 4u * 1024 * 1024;

class Link {
 public:
  using Clock = std::chrono::steady_clock;

  // Opens `device`: a tty, or a UNIX stream socket to connect to. Throws SerialError naming the
  // device and why it cannot be used.
  // `maxPayload` is the longest payload it reads (its decoder's buffer); longer packets are dropped
  // as oversize.
  static Link open(const std::string& device, std::size_t maxPayload = kMaxHostPayloadBytes);
  // Takes ownership of `fd`, a connected stream (a socket or an open tty); `name` is for messages.
  Link(int fd, std::string name, std::size_t maxPayload = kMaxHostPayloadBytes);
  Link(Link&& other) noexcept;
  Link& operator=(Link&&) = delete;
  Link(const Link&) = delete;
  ~Link();

  const std::string& name() const { return name_; }

  // False if the line is gone.
  bool send(std::uint8_t kind, std::span<const std::uint8_t> payload);

  enum class Outcome { packet, timeout, closed };
  // Waits for the next good packet until `deadline` (forever if none); damaged ones are dropped
  // and counted in dropped().
  Outcome receive(std::uint8_t& kind, std::vector<std::uint8_t>& payload, std::optional<Clock::time_point> deadline);

  const DropCounts& dropped() const { return decoder_.dropped(); }

  // For a transport that waits on several lines at once (poll on fd()): a good packet from the
  // bytes already read, if there is one; and reading what has arrived, false once the line closed.
  int fd() const { return fd_; }
  bool takeBuffered(std::uint8_t& kind, std::vector<std::uint8_t>& payload);
  bool readAvailable();

 private:
  int fd_;
  bool socket_;
  std::string name_;
  std::vector<std::uint8_t> buffer_;  // the decoder's
  Decoder decoder_;
  std::vector<std::uint8_t> pending_;  // bytes read but not yet decoded
  std::size_t pendingAt_ = 0;
};

}  // namespace edgecut::serial

#endif  // EDGECUT_RUNTIME_TRANSPORT_SERIAL_LINK_HPP
