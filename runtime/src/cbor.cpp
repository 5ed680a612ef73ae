#include "edgecut/runtime/cbor.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

namespace edgecut::wire {

namespace {

// CBOR major types (RFC 8949 §3.1).
constexpr std::uint8_t kMajorUnsigned = 0;
constexpr std::uint8_t kMajorNegative = 1;
constexpr std::uint8_t kMajorBytes = 2;
constexpr std::uint8_t kMajorText = 3;
constexpr std::uint8_t kMajorArray = 4;
constexpr std::uint8_t kMajorMap = 5;
constexpr std::uint8_t kMajorSimple = 7;

// Additional-information values of major 7 that edgecut uses.
constexpr std::uint8_t kFalse = 20;
constexpr std::uint8_t kTrue = 21;
constexpr std::uint8_t kNull = 22;
constexpr std::uint8_t kFloat16 = 25;
constexpr std::uint8_t kFloat32 = 26;
constexpr std::uint8_t kFloat64 = 27;

// Additional information 24..27 means "the argument follows in 1, 2, 4 or 8 bytes".
constexpr std::uint8_t kArgument8 = 24;
constexpr std::uint8_t kIndefinite = 31;

double halfToDouble(std::uint16_t half) {
  const int exponent = (half >> 10) & 0x1f;
  const int mantissa = half & 0x3ff;
  double value;
  if (exponent == 0) {
    value = std::ldexp(mantissa, -24);
  } else if (exponent != 31) {
    value = std::ldexp(mantissa + 1024, exponent - 25);
  } else {
    value = mantissa == 0 ? std::numeric_limits<double>::infinity()
                          : std::numeric_limits<double>::quiet_NaN();
  }
  return (half & 0x8000) ? -value : value;
}

}  // namespace

const char* describe(Status status) {
  switch (status) {
#define EDGECUT_X(name, text) \
  case Status::name:          \
    return text;
    EDGECUT_WIRE_STATUSES(EDGECUT_X)
#undef EDGECUT_X
  }
  return "unknown status";
}

// ---- varint ----

std::size_t encodeVarint(std::uint64_t value, std::span<std::uint8_t> out) {
  std::size_t n = 0;
  do {
    if (n == out.size()) return 0;
    std::uint8_t byte = value & 0x7f;
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out[n++] = byte;
  } while (value != 0);
  return n;
}

std::size_t decodeVarint(std::span<const std::uint8_t> in, std::uint64_t& value) {
  std::uint64_t result = 0;
  for (std::size_t i = 0; i < in.size() && i < kMaxVarintBytes; ++i) {
    const std::uint64_t bits = in[i] & 0x7f;
    // The tenth byte holds bit 63 only; anything more would overflow.
    if (i == kMaxVarintBytes - 1 && bits > 1) return 0;
    result |= bits << (7 * i);
    if ((in[i] & 0x80) == 0) {
      value = result;
      return i + 1;
    }
  }
  return 0;
}

// ---- Writer ----

void Writer::raw(std::span<const std::uint8_t> bytes) {
  if (overflow_ || bytes.size() > out_.size() - pos_) {
    overflow_ = true;
    return;
  }
  if (!bytes.empty()) std::memcpy(out_.data() + pos_, bytes.data(), bytes.size());
  pos_ += bytes.size();
}

void Writer::varint(std::uint64_t value) {
  if (overflow_) return;
  const std::size_t n = encodeVarint(value, out_.subspan(pos_));
  if (n == 0) {
    overflow_ = true;
    return;
  }
  pos_ += n;
}

void Writer::compactRaw(std::uint8_t byte) {
  if (overflow_ || pos_ == out_.size()) {
    overflow_ = true;
    return;
  }
  out_[pos_++] = byte;
}

void Writer::compactHead(std::uint8_t major, std::uint64_t argument) {
  const std::uint8_t type = static_cast<std::uint8_t>(major << 5);
  if (argument < kArgument8) {
    compactRaw(static_cast<std::uint8_t>(type | argument));
    return;
  }
  // The shortest of the 1/2/4/8-byte forms, big-endian (the canonical encoding).
  int bytes = argument <= 0xff ? 1 : argument <= 0xffff ? 2 : argument <= 0xffffffffu ? 4 : 8;
  const std::uint8_t info = static_cast<std::uint8_t>(kArgument8 + std::countr_zero(unsigned(bytes)));
  compactRaw(static_cast<std::uint8_t>(type | info));
  for (int i = bytes - 1; i >= 0; --i) compactRaw(static_cast<std::uint8_t>(argument >> (8 * i)));
}

void Writer::longHead(std::uint8_t major, std::uint64_t argument) {
  const std::uint8_t type = static_cast<std::uint8_t>(major << 5);
  if (argument < kArgument8) {
    raw(static_cast<std::uint8_t>(type | argument));  // no room left: marks the overflow
    return;
  }
  // The shortest of the 1/2/4/8-byte forms, big-endian (the canonical encoding).
  const std::size_t bytes = argument <= 0xff ? 1 : argument <= 0xffff ? 2 : argument <= 0xffffffffu ? 4 : 8;
  const std::uint8_t info = static_cast<std::uint8_t>(kArgument8 + std::countr_zero(bytes));
  if (overflow_ || out_.size() - pos_ <= bytes) {
    // It does not fit: as much as does, as byte by byte would (the content is unusable anyway).
    raw(static_cast<std::uint8_t>(type | info));
    for (std::size_t i = bytes; i-- > 0;) raw(static_cast<std::uint8_t>(argument >> (8 * i)));
    return;
  }
  std::uint8_t* at = out_.data() + pos_;
  at[0] = static_cast<std::uint8_t>(type | info);
  if constexpr (std::endian::native == std::endian::little && !EDGECUT_WIRE_COMPACT) {
    if (out_.size() - pos_ > 8) {
      // Room for the longest argument: its bytes in one store, those past it overwritten later.
      const std::uint64_t big = __builtin_bswap64(argument << (8 * (8 - bytes)));
      std::memcpy(at + 1, &big, sizeof big);
      pos_ += 1 + bytes;
      return;
    }
  }
  for (std::size_t i = 0; i < bytes; ++i) at[1 + i] = static_cast<std::uint8_t>(argument >> (8 * (bytes - 1 - i)));
  pos_ += 1 + bytes;
}

void Writer::signedInt(std::int64_t value) {
  if (value >= 0) {
    head(kMajorUnsigned, static_cast<std::uint64_t>(value));
  } else {
    // CBOR stores -1 - n; written this way it cannot overflow for INT64_MIN.
    head(kMajorNegative, static_cast<std::uint64_t>(-(value + 1)));
  }
}

void Writer::floating(double value) {
  raw(static_cast<std::uint8_t>((kMajorSimple << 5) | kFloat64));
  const auto bits = std::bit_cast<std::uint64_t>(value);
  for (int i = 7; i >= 0; --i) raw(static_cast<std::uint8_t>(bits >> (8 * i)));
}

void Writer::boolean(bool value) {
  raw(static_cast<std::uint8_t>((kMajorSimple << 5) | (value ? kTrue : kFalse)));
}

void Writer::null() { raw(static_cast<std::uint8_t>((kMajorSimple << 5) | kNull)); }

void Writer::text(std::string_view value) {
  head(kMajorText, value.size());
  raw(std::span(reinterpret_cast<const std::uint8_t*>(value.data()), value.size()));
}

void Writer::bytes(std::span<const std::uint8_t> value) {
  head(kMajorBytes, value.size());
  raw(value);
}

// ---- Reader ----

Status Reader::compactParseHead(Head& head) const { return parseLongHead(head); }

bool Reader::compactTake(std::uint8_t major, Head& head) { return takeHere(major, head); }

bool Reader::compactUnsignedInt(std::uint64_t& value) {
  Head head;
  if (!compactTake(kMajorUnsigned, head)) return false;
  value = head.argument;
  return true;
}

Kind Reader::peek() const {
  if (!ok()) return Kind::invalid;
  if (atEnd()) return Kind::end;
  Head head;
  if (parseHead(head) != Status::ok) return Kind::invalid;
  switch (head.major) {
    case kMajorUnsigned:
      return Kind::unsigned_int;
    case kMajorNegative:
      return Kind::negative_int;
    case kMajorBytes:
      return Kind::bytes;
    case kMajorText:
      return Kind::text;
    case kMajorArray:
      return Kind::array;
    case kMajorMap:
      return Kind::map;
    case kMajorSimple:
      if (head.info == kFalse || head.info == kTrue) return Kind::boolean;
      if (head.info == kNull) return Kind::null;
      if (head.info >= kFloat16 && head.info <= kFloat64) return Kind::floating;
      return Kind::invalid;
    default:
      return Kind::invalid;  // tags (major 6) are not used by edgecut
  }
}

bool Reader::fail(Status status) {
  if (status_ == Status::ok) status_ = status;
  return false;
}

// Consumes the head of an item of major type `major`.
bool Reader::varint(std::uint64_t& value) {
  if (!ok()) return false;
#if !EDGECUT_WIRE_COMPACT
  // A frame's header is three varints, mostly of one or two bytes (sequence numbers, node ids).
  if (pos_ < in_.size() && in_[pos_] < 0x80) {
    value = in_[pos_++];
    return true;
  }
  if (remaining() >= 2 && in_[pos_ + 1] < 0x80) {
    value = (in_[pos_] & 0x7fu) | (std::uint64_t{in_[pos_ + 1]} << 7);
    pos_ += 2;
    return true;
  }
#endif
  const std::size_t n = decodeVarint(in_.subspan(pos_), value);
  if (n == 0) {
    // Either the input ended inside the varint (every byte left says "more follows"), or the
    // varint is too long or too large to be one.
    bool ended = remaining() < kMaxVarintBytes;
    for (std::size_t i = pos_; ended && i < in_.size(); ++i) ended = (in_[i] & 0x80) != 0;
    return fail(ended ? Status::truncated : Status::malformed);
  }
  pos_ += n;
  return true;
}

bool Reader::signedInt(std::int64_t& value) {
  if (!ok()) return false;
  Head head;
  const Status parsed = parseHead(head);
  if (parsed != Status::ok) return fail(parsed);
  if (head.major != kMajorUnsigned && head.major != kMajorNegative) return fail(Status::wrong_type);
  if (head.argument > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return fail(Status::out_of_range);
  }
  const auto magnitude = static_cast<std::int64_t>(head.argument);
  value = head.major == kMajorUnsigned ? magnitude : -1 - magnitude;
  pos_ += head.size;
  return true;
}

bool Reader::floating(double& value) {
  if (!ok()) return false;
  Head head;
  const Status parsed = parseHead(head);
  if (parsed != Status::ok) return fail(parsed);
  if (head.major == kMajorUnsigned) {
    value = static_cast<double>(head.argument);
  } else if (head.major == kMajorNegative) {
    value = -1.0 - static_cast<double>(head.argument);
  } else if (head.major == kMajorSimple && head.info == kFloat16) {
    value = halfToDouble(static_cast<std::uint16_t>(head.argument));
  } else if (head.major == kMajorSimple && head.info == kFloat32) {
    value = std::bit_cast<float>(static_cast<std::uint32_t>(head.argument));
  } else if (head.major == kMajorSimple && head.info == kFloat64) {
    value = std::bit_cast<double>(head.argument);
  } else {
    return fail(Status::wrong_type);
  }
  pos_ += head.size;
  return true;
}

bool Reader::boolean(bool& value) {
  Head head;
  const std::size_t start = pos_;
  if (!take(kMajorSimple, head)) return false;
  if (head.info != kFalse && head.info != kTrue) {
    pos_ = start;
    return fail(Status::wrong_type);
  }
  value = head.info == kTrue;
  return true;
}

bool Reader::null() {
  Head head;
  const std::size_t start = pos_;
  if (!take(kMajorSimple, head)) return false;
  if (head.info != kNull) {
    pos_ = start;
    return fail(Status::wrong_type);
  }
  return true;
}

bool Reader::text(std::string_view& value) {
  Head head;
  const std::size_t start = pos_;
  if (!take(kMajorText, head)) return false;
  if (head.argument > remaining()) {
    pos_ = start;
    return fail(Status::too_long);
  }
  value = std::string_view(reinterpret_cast<const char*>(in_.data() + pos_), head.argument);
  pos_ += head.argument;
  return true;
}

bool Reader::bytes(std::span<const std::uint8_t>& value) {
  Head head;
  const std::size_t start = pos_;
  if (!take(kMajorBytes, head)) return false;
  if (head.argument > remaining()) {
    pos_ = start;
    return fail(Status::too_long);
  }
  value = in_.subspan(pos_, head.argument);
  pos_ += head.argument;
  return true;
}

bool Reader::arrayHeader(std::uint64_t& count) {
  Head head;
  const std::size_t start = pos_;
  if (!take(kMajorArray, head)) return false;
  if (head.argument > remaining()) {
    pos_ = start;
    return fail(Status::too_long);
  }
  count = head.argument;
  return true;
}

bool Reader::mapHeader(std::uint64_t& count) {
  Head head;
  const std::size_t start = pos_;
  if (!take(kMajorMap, head)) return false;
  // A key and a value take at least one byte each.
  if (head.argument > remaining() / 2) {
    pos_ = start;
    return fail(Status::too_long);
  }
  count = head.argument;
  return true;
}

bool Reader::walk(unsigned depth, std::size_t* count) {
#if !EDGECUT_WIRE_COMPACT
  // On hosts, each head parsed once: the compact walk below parses most heads three times (peek,
  // peek again, take), and walks were a third of the base's instructions per push of a simulated
  // day (test/bench/sim_scale/README.md). It accepts and refuses what the compact walk does, with
  // the same status; the compact walk stays, as it is the smaller (docs/design.md §10).
  if (!ok()) return false;
  if (depth > kMaxNestingDepth) return fail(Status::too_deep);
  if (atEnd()) return fail(Status::truncated);
  Head head;
  const Status parsed = parseHead(head);
  if (parsed != Status::ok) return fail(parsed);
  std::size_t values = 1;  // scalars are one data value
  switch (head.major) {
    case kMajorUnsigned:
      break;
    case kMajorNegative:
      // Below INT64_MIN no reader of edgecut (typed or JSON) accepts it, so neither does a frame.
      if (head.argument > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return fail(Status::out_of_range);
      }
      break;
    case kMajorBytes:
    case kMajorText:
      if (head.argument > remaining() - head.size) return fail(Status::too_long);
      pos_ += head.argument;
      break;
    case kMajorArray:
    case kMajorMap: {
      const bool isMap = head.major == kMajorMap;
      const std::size_t left = remaining() - head.size;
      // A key and a value take at least one byte each.
      if (head.argument > (isMap ? left / 2 : left)) return fail(Status::too_long);
      pos_ += head.size;
      const std::uint64_t items = isMap ? head.argument * 2 : head.argument;
      for (std::uint64_t i = 0; i < items; ++i) {
        // Map keys are text (see the compact walk); a key whose head does not parse, or that is
        // missing, is left to walk, which says why.
        if (isMap && i % 2 == 0 && !atEnd()) {
          Head key;
          if (parseHead(key) == Status::ok && key.major != kMajorText) return fail(Status::unsupported);
        }
        if (!walk(depth + 1, count)) return false;
      }
      return true;  // arrays and maps only group values: they count 0
    }
    case kMajorSimple:
      if (head.info == kNull) {
        values = 0;
      } else if (head.info != kFalse && head.info != kTrue && (head.info < kFloat16 || head.info > kFloat64)) {
        return fail(Status::unsupported);
      }
      break;
    default:
      return fail(Status::unsupported);  // tags (major 6) are not used by edgecut
  }
  pos_ += head.size;
  if (count != nullptr) *count += values;
  return true;
#else
  if (!ok()) return false;
  if (depth > kMaxNestingDepth) return fail(Status::too_deep);
  std::string_view text_value;
  std::span<const std::uint8_t> bytes_value;
  std::uint64_t items = 0;
  std::uint64_t natural = 0;
  std::int64_t integer = 0;
  bool flag = false;
  std::size_t values = 1;  // scalars are one data value
  switch (peek()) {
    case Kind::unsigned_int:
      unsignedInt(natural);
      break;
    case Kind::negative_int:
      // Below INT64_MIN no reader of edgecut (typed or JSON) accepts it, so neither does a frame.
      signedInt(integer);
      break;
    case Kind::floating: {
      // Only its being well formed matters here: skipping the head, rather than converting it,
      // keeps soft-float arithmetic out of firmware whose program reads no float (firmware/).
      Head head;
      const Status parsed = parseHead(head);
      if (parsed != Status::ok) return fail(parsed);
      pos_ += head.size;
      break;
    }
    case Kind::boolean:
      boolean(flag);
      break;
    case Kind::text:
      text(text_value);
      break;
    case Kind::bytes:
      bytes(bytes_value);
      break;
    case Kind::null:
      null();
      values = 0;
      break;
    case Kind::array:
    case Kind::map: {
      const bool isMap = peek() == Kind::map;
      if (!(isMap ? mapHeader(items) : arrayHeader(items))) return false;
      if (isMap) items *= 2;
      values = 0;
      for (std::uint64_t i = 0; i < items; ++i) {
        // Map keys are text (JSON objects are the only maps edgecut writes); a key that is itself
        // a map or array would have to be spelt as text by every host-side reader, which cost
        // time exponential in the nesting (found by cbor_fuzzer).
        const Kind next = peek();  // invalid and end are left to walk, which says why
        if (isMap && i % 2 == 0 && next != Kind::text && next != Kind::invalid && next != Kind::end) {
          return fail(Status::unsupported);
        }
        if (!walk(depth + 1, count)) return false;
      }
      break;
    }
    case Kind::end:
      return fail(Status::truncated);
    case Kind::invalid: {
      Head head;
      const Status parsed = parseHead(head);
      return fail(parsed != Status::ok ? parsed : Status::unsupported);
    }
  }
  if (!ok()) return false;
  if (count != nullptr) *count += values;
  return true;
#endif
}

bool Reader::skip() { return walk(0, nullptr); }

bool Reader::skipCountingValues(std::size_t& count) {
  count = 0;
  return walk(0, &count);
}

bool countDataValues(std::span<const std::uint8_t> item, std::size_t& count) {
  Reader reader(item);
  return reader.skipCountingValues(count) && reader.atEnd();
}

// How describeItem spells a float: the shortest text that reads back (std::to_chars) on hosts.
// Firmware (firmware/CMakeLists.txt) sets this to 0 and gets printf's %g, since to_chars(double)
// brings about 140 KB of Ryu's tables into a mote's flash.
#ifndef EDGECUT_WIRE_SHORTEST_FLOATS
#define EDGECUT_WIRE_SHORTEST_FLOATS 1
#endif

void describeItem(std::span<const std::uint8_t> item, std::span<char> out) {
  if (out.empty()) return;
  char text[64];
  std::size_t length = 0;
  auto put = [&](const char* words, std::uint64_t count = 0, const char* one = "", const char* many = "") {
    length = static_cast<std::size_t>(std::snprintf(text, sizeof text, words, static_cast<unsigned long long>(count),
                                                    count == 1 ? one : many));
  };
  Reader in(item);
  switch (in.peek()) {
    case Kind::unsigned_int: {
      std::uint64_t value = 0;
      in.unsignedInt(value);
      length = static_cast<std::size_t>(std::to_chars(text, text + sizeof text, value).ptr - text);
      break;
    }
    case Kind::negative_int: {
      std::int64_t value = 0;
      if (in.signedInt(value)) {
        length = static_cast<std::size_t>(std::to_chars(text, text + sizeof text, value).ptr - text);
      } else {
        put("a negative integer below -9223372036854775808");
      }
      break;
    }
    case Kind::floating: {
      double value = 0;
      in.floating(value);
#if EDGECUT_WIRE_SHORTEST_FLOATS
      length = static_cast<std::size_t>(std::to_chars(text, text + sizeof text, value).ptr - text);
#else
      length = static_cast<std::size_t>(std::snprintf(text, sizeof text, "%g", value));
#endif
      break;
    }
    case Kind::boolean: {
      bool value = false;
      in.boolean(value);
      put(value ? "true" : "false");
      break;
    }
    case Kind::null:
      put("null");
      break;
    case Kind::text: {
      std::string_view value;
      const bool whole = in.text(value);  // before value.size() is taken
      put(whole ? "a text of %llu byte%s" : "a text cut short", value.size(), "", "s");
      break;
    }
    case Kind::bytes: {
      std::span<const std::uint8_t> value;
      const bool whole = in.bytes(value);
      put(whole ? "a byte string of %llu byte%s" : "a byte string cut short", value.size(), "", "s");
      break;
    }
    case Kind::array: {
      std::uint64_t count = 0;
      const bool whole = in.arrayHeader(count);
      put(whole ? "an array of %llu item%s" : "an array cut short", count, "", "s");
      break;
    }
    case Kind::map: {
      std::uint64_t count = 0;
      const bool whole = in.mapHeader(count);
      put(whole ? "a map of %llu entr%s" : "a map cut short", count, "y", "ies");
      break;
    }
    case Kind::end:
    case Kind::invalid:
      put("no valid item");
      break;
  }
  length = std::min(length, out.size() - 1);
  std::memcpy(out.data(), text, length);
  out[length] = '\0';
}

}  // namespace edgecut::wire
