#include "slip.hpp"

namespace edgecut::serial {

std::uint16_t crc16(std::span<const std::uint8_t> bytes, std::uint16_t crc) {
  // Bitwise, not a 512-byte table: on a mote flash is scarcer than the cycles of a short frame.
  for (const std::uint8_t byte : bytes) {
    crc = static_cast<std::uint16_t>(crc ^ (std::uint16_t{byte} << 8));
    for (int bit = 0; bit < 8; ++bit)
      crc = static_cast<std::uint16_t>((crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1);
  }
  return crc;
}

namespace {

// Appends `byte`, escaped, at out[at]; false if it does not fit.
bool put(std::uint8_t byte, std::span<std::uint8_t> out, std::size_t& at) {
  const bool special = byte == kEnd || byte == kEsc;
  if (at + (special ? 2 : 1) > out.size()) return false;
  if (special) {
    out[at++] = kEsc;
    out[at++] = byte == kEnd ? kEscEnd : kEscEsc;
  } else {
    out[at++] = byte;
  }
  return true;
}

}  // namespace

std::size_t encodePacket(std::uint8_t kind, std::span<const std::uint8_t> payload, std::span<std::uint8_t> out) {
  std::size_t at = 0;
  if (out.empty()) return 0;
  // A leading END ends whatever noise the line picked up before this packet.
  out[at++] = kEnd;
  std::uint16_t crc = crc16(std::span(&kind, 1));
  crc = crc16(payload, crc);
  if (!put(kind, out, at)) return 0;
  for (const std::uint8_t byte : payload)
    if (!put(byte, out, at)) return 0;
  if (!put(static_cast<std::uint8_t>(crc & 0xFF), out, at) || !put(static_cast<std::uint8_t>(crc >> 8), out, at))
    return 0;
  if (at >= out.size()) return 0;
  out[at++] = kEnd;
  return at;
}

void writePacket(std::uint8_t kind, std::span<const std::uint8_t> payload, void (*put)(std::uint8_t)) {
  auto escaped = [&](std::uint8_t byte) {
    if (byte == kEnd || byte == kEsc) {
      put(kEsc);
      put(byte == kEnd ? kEscEnd : kEscEsc);
    } else {
      put(byte);
    }
  };
  const std::uint16_t crc = crc16(payload, crc16(std::span(&kind, 1)));
  put(kEnd);
  escaped(kind);
  for (const std::uint8_t byte : payload) escaped(byte);
  escaped(static_cast<std::uint8_t>(crc & 0xFF));
  escaped(static_cast<std::uint8_t>(crc >> 8));
  put(kEnd);
}

bool Decoder::finish() {
  const std::size_t size = size_;
  const bool overflowed = overflowed_;
  const bool badEscape = badEscape_ || escaped_;  // an ESC right before END is a broken escape
  size_ = 0;
  overflowed_ = false;
  badEscape_ = false;
  escaped_ = false;
  if (overflowed) {
    ++dropped_.oversize;
    return false;
  }
  if (badEscape) {
    ++dropped_.badEscape;
    return false;
  }
  if (size == 0) return false;
  if (size < kPacketOverhead) {
    ++dropped_.truncated;
    return false;
  }
  const std::span<const std::uint8_t> body(buffer_.data(), size - 2);
  const std::uint16_t sent = static_cast<std::uint16_t>(buffer_[size - 2] | (buffer_[size - 1] << 8));
  if (crc16(body) != sent) {
    ++dropped_.badCrc;
    return false;
  }
  kind_ = body[0];
  payload_ = body.subspan(1);
  return true;
}

bool Decoder::push(std::uint8_t byte) {
  if (byte == kEnd) return finish();
  if (escaped_) {
    escaped_ = false;
    if (byte == kEscEnd) {
      byte = kEnd;
    } else if (byte == kEscEsc) {
      byte = kEsc;
    } else {
      badEscape_ = true;  // keep reading to the END, then drop the packet
      return false;
    }
  } else if (byte == kEsc) {
    escaped_ = true;
    return false;
  }
  if (size_ == buffer_.size()) {
    overflowed_ = true;
    return false;
  }
  buffer_[size_++] = byte;
  return false;
}

}  // namespace edgecut::serial
