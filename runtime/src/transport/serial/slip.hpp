// The serial line's packets: SLIP framing (RFC 1055) around a kind byte, a payload and a CRC-16,
//
//   END  escaped( u8 kind, payload bytes, u16 little-endian CRC-16/CCITT-FALSE of kind+payload )  END
//
// A byte stream has no datagram edges, and a UART or a radio dongle drops and flips bytes, so the
// END bytes let a receiver start again at the next packet after anything it could not read, and the
// CRC tells a damaged packet from a good one. What the decoder throws away it counts, by why; it
// never stops decoding. The kinds are the sim link's records (transport/sim/record_channel.hpp:
// frame, shutdown, stats, control), which the serial transport carries unchanged, and a few more for
// firmware (kinds.def).
//
// No heap, no exceptions, no RTTI: the firmware (firmware/) compiles this file as it is, with a
// buffer of its own size.
#ifndef EDGECUT_RUNTIME_TRANSPORT_SERIAL_SLIP_HPP
#define EDGECUT_RUNTIME_TRANSPORT_SERIAL_SLIP_HPP

#include <cstddef>
#include <cstdint>
#include <span>

namespace edgecut::serial {

inline constexpr std::uint8_t kEnd = 0xC0;
inline constexpr std::uint8_t kEsc = 0xDB;
inline constexpr std::uint8_t kEscEnd = 0xDC;
inline constexpr std::uint8_t kEscEsc = 0xDD;

// What a packet carries (kinds.def).
enum class Kind : std::uint8_t {
#define EDGECUT_SERIAL_KIND(name, code, meaning) name = code,
#include "kinds.def"
};
constexpr std::uint8_t code(Kind kind) { return static_cast<std::uint8_t>(kind); }

// The largest frame the firmware (firmware/mote/) reads or writes: a mote's calls carry a few
// values. The qemu transport tells the runtime, which then refuses larger requests with an error
// instead of sending what the firmware would drop.
inline constexpr std::size_t kFirmwareFrameBytes = 128;

// The bytes a packet adds to its payload before escaping: the kind and the CRC.
inline constexpr std::size_t kPacketOverhead = 3;

// CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF): the check a gateway's firmware usually has.
std::uint16_t crc16(std::span<const std::uint8_t> bytes, std::uint16_t crc = 0xFFFF);

// The most bytes a packet of `payloadBytes` takes on the line: every byte escaped, two ENDs.
constexpr std::size_t maxEncodedBytes(std::size_t payloadBytes) {
  return 2 * (payloadBytes + kPacketOverhead) + 2;
}

// Writes the packet into `out`; returns how many bytes it took, 0 if `out` is too small.
std::size_t encodePacket(std::uint8_t kind, std::span<const std::uint8_t> payload, std::span<std::uint8_t> out);

// Writes the same packet a byte at a time to `put`, for a sender with no room for a whole packet
// (firmware writes straight to its UART).
void writePacket(std::uint8_t kind, std::span<const std::uint8_t> payload, void (*put)(std::uint8_t));

// What a decoder threw away, by why. Each is a packet lost (or line noise between packets).
struct DropCounts {
  std::uint64_t badCrc = 0;     // the CRC does not match: flipped bytes, or garbage between ENDs
  std::uint64_t truncated = 0;  // fewer bytes than a kind and a CRC
  std::uint64_t oversize = 0;   // longer than the decoder's buffer
  std::uint64_t badEscape = 0;  // ESC followed by anything but ESC_END or ESC_ESC

  std::uint64_t total() const { return badCrc + truncated + oversize + badEscape; }
};

// Reads a byte stream a byte at a time into packets, in a buffer the caller owns.
class Decoder {
 public:
  explicit Decoder(std::span<std::uint8_t> buffer) : buffer_(buffer) {}

  // Takes the next byte; true when it ended a good packet, which kind() and payload() give until
  // the next call. Back-to-back ENDs (an empty packet) are the usual way to flush a line: not
  // counted.
  bool push(std::uint8_t byte);

  std::uint8_t kind() const { return kind_; }
  std::span<const std::uint8_t> payload() const { return payload_; }
  const DropCounts& dropped() const { return dropped_; }

 private:
  // Ends the packet in the buffer: true if it is good.
  bool finish();

  std::span<std::uint8_t> buffer_;
  std::size_t size_ = 0;
  bool escaped_ = false;
  bool overflowed_ = false;  // bytes were lost: the packet is dropped at its END
  bool badEscape_ = false;
  std::uint8_t kind_ = 0;
  std::span<const std::uint8_t> payload_;
  DropCounts dropped_;
};

}  // namespace edgecut::serial

#endif  // EDGECUT_RUNTIME_TRANSPORT_SERIAL_SLIP_HPP
