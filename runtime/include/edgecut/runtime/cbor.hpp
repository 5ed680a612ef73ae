// The byte-level codec of the edgecut protocol: LEB128 varints and a minimal CBOR (RFC 8949) over
// caller-provided buffers.
//
// This is the part of the runtime that must one day run on a microcontroller, so it allocates
// nothing, throws nothing and uses no RTTI (the library is built with -fno-exceptions -fno-rtti).
// Errors are sticky: after the first failure a Writer or Reader refuses everything, and the caller
// checks once at the end.
#ifndef EDGECUT_RUNTIME_CBOR_HPP
#define EDGECUT_RUNTIME_CBOR_HPP

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

namespace edgecut::wire {

// Why a decode failed. Every failure of the codec is one of these; none is fatal to the process.
#define EDGECUT_WIRE_STATUSES(X)                                                   \
  X(ok, "ok")                                                                      \
  X(truncated, "the input ends inside an item")                                    \
  X(too_long, "a length is larger than the remaining input")                       \
  X(too_deep, "items are nested too deeply")                                       \
  X(malformed, "the bytes are not a valid encoding")                               \
  X(unsupported, "the encoding is valid CBOR that edgecut does not use")           \
  X(wrong_type, "an item has a different type than expected")                      \
  X(out_of_range, "a number does not fit the expected type")                       \
  X(wrong_length, "an array has a different number of items than expected")        \
  X(trailing_bytes, "bytes follow the last expected item")                         \
  X(bad_version, "the frame has an unknown protocol version")                      \
  X(bad_op, "the frame has an unknown op")

enum class Status : std::uint8_t {
#define EDGECUT_X(name, text) name,
  EDGECUT_WIRE_STATUSES(EDGECUT_X)
#undef EDGECUT_X
};

#define EDGECUT_X(name, text) +1
inline constexpr int kStatusCount = 0 EDGECUT_WIRE_STATUSES(EDGECUT_X);
#undef EDGECUT_X

// A short English description of a status, for error messages.
const char* describe(Status status);

// Nested arrays/maps deeper than this are rejected, so that a hostile frame cannot exhaust the
// stack of a recursive walk. Values of real programs nest a few levels at most.
inline constexpr unsigned kMaxNestingDepth = 32;

// ---- varint (unsigned LEB128) ----

// The longest LEB128 encoding of a 64-bit value.
inline constexpr std::size_t kMaxVarintBytes = 10;

// Writes `value` into `out`; returns the number of bytes written, or 0 if `out` is too small.
std::size_t encodeVarint(std::uint64_t value, std::span<std::uint8_t> out);

// Reads a varint from the start of `in`; returns the number of bytes consumed, or 0 if the input is
// truncated, longer than kMaxVarintBytes or overflows 64 bits.
std::size_t decodeVarint(std::span<const std::uint8_t> in, std::uint64_t& value);

// ---- CBOR writer ----

// Whether code is built for size (-Os: the firmware, held to docs/design.md §10's 8 KB of flash).
// The Writer's common cases are inline elsewhere, one bounds check each (docs/design.md §4: a
// simulated day of 10,000 motes encodes tens of millions of heads, and a bounds check and a call
// per byte were a tenth of the base's time); built for size, they call the compact functions, as
// inlined copies made the firmware's core 200 bytes larger.
#if defined(__OPTIMIZE_SIZE__)
#define EDGECUT_WIRE_COMPACT 1
#else
#define EDGECUT_WIRE_COMPACT 0
#endif

class Writer {
 public:
  explicit Writer(std::span<std::uint8_t> out) : out_(out) {}

  void raw(std::uint8_t byte) {
    if (EDGECUT_WIRE_COMPACT) {
      compactRaw(byte);
      return;
    }
    if (pos_ < out_.size() && !overflow_) [[likely]] {
      out_[pos_++] = byte;
      return;
    }
    overflow_ = true;
  }
  void raw(std::span<const std::uint8_t> bytes);
  void varint(std::uint64_t value);

  void unsignedInt(std::uint64_t value) { head(kUnsigned, value); }
  void signedInt(std::int64_t value);
  void floating(double value);  // always float64, so that a value round-trips exactly
  void boolean(bool value);
  void null();
  void text(std::string_view value);
  void bytes(std::span<const std::uint8_t> value);
  void arrayHeader(std::uint64_t count) { head(kArray, count); }
  void mapHeader(std::uint64_t count) { head(kMap, count); }

  // False once anything did not fit; the buffer content is then unusable.
  bool ok() const { return !overflow_; }
  std::size_t size() const { return pos_; }  // the buffer's bytes past it are unspecified
  std::span<const std::uint8_t> written() const { return {out_.data(), pos_}; }
  // Forgets everything written, e.g. to replace a reply with an error.
  void reset() {
    pos_ = 0;
    overflow_ = false;
  }

 private:
  // CBOR major types (RFC 8949 §3.1) that the inline functions write.
  static constexpr std::uint8_t kUnsigned = 0;
  static constexpr std::uint8_t kArray = 4;
  static constexpr std::uint8_t kMap = 5;

  // An item's head: its initial byte, with an argument below 24 in it, else followed by it.
  void head(std::uint8_t major, std::uint64_t argument) {
    if (EDGECUT_WIRE_COMPACT) {
      compactHead(major, argument);
      return;
    }
    if (argument < 24 && pos_ < out_.size() && !overflow_) [[likely]] {
      out_[pos_++] = static_cast<std::uint8_t>((major << 5) | argument);
      return;
    }
    longHead(major, argument);
  }
  void longHead(std::uint8_t major, std::uint64_t argument);
  // Out of line and small, a byte at a time.
  void compactRaw(std::uint8_t byte);
  void compactHead(std::uint8_t major, std::uint64_t argument);

  std::span<std::uint8_t> out_;
  std::size_t pos_ = 0;
  bool overflow_ = false;
};

// ---- CBOR reader ----

// The kind of the next item, as far as edgecut cares.
enum class Kind : std::uint8_t {
  unsigned_int,
  negative_int,
  bytes,
  text,
  array,
  map,
  boolean,
  null,
  floating,
  end,      // no input left
  invalid,  // the next item's head is malformed or unsupported
};

class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> in) : in_(in) {}

  // The kind of the next item, without consuming it. Does not change status().
  Kind peek() const;
  // Whether the next item's head says it is an unsigned integer (its head may still be
  // malformed: reading it says so). Cheaper than peek(), which parses the whole head.
  bool nextIsUnsigned() const { return ok() && pos_ < in_.size() && (in_[pos_] >> 5) == 0; }

  bool varint(std::uint64_t& value);
  bool unsignedInt(std::uint64_t& value) {
    if (EDGECUT_WIRE_COMPACT) return compactUnsignedInt(value);
    Head head;
    head.argument = 0;  // set on every path that returns true, which GCC does not see
    if (!take(0, head)) return false;  // major type 0
    value = head.argument;
    return true;
  }
  bool signedInt(std::int64_t& value);  // accepts both CBOR integer majors within int64 range
  bool floating(double& value);         // accepts float16/32/64, and integers (exact or nearest)
  bool boolean(bool& value);
  bool null();
  // Views into the input; valid as long as the input is.
  bool text(std::string_view& value);
  bool bytes(std::span<const std::uint8_t>& value);
  // `count` is checked against the remaining input (every item takes at least one byte), so a
  // caller may reserve `count` elements without trusting the sender.
  bool arrayHeader(std::uint64_t& count);
  bool mapHeader(std::uint64_t& count);

  // Skips one complete, well-formed item (nested items included, up to kMaxNestingDepth).
  bool skip();
  // Skips one item and returns how many data values (scalar leaves: numbers, booleans, strings)
  // it holds. Arrays and maps only group values and null means "no value", so they count 0.
  bool skipCountingValues(std::size_t& count);

  // Marks the read as failed (a caller found the value unacceptable); keeps the first status.
  bool fail(Status status);

  bool ok() const { return status_ == Status::ok; }
  Status status() const { return status_; }
  bool atEnd() const { return pos_ == in_.size(); }
  std::size_t position() const { return pos_; }
  std::size_t remaining() const { return in_.size() - pos_; }
  std::span<const std::uint8_t> consumed(std::size_t from) const {
    return in_.subspan(from, pos_ - from);
  }

 private:
  struct Head {
    std::uint8_t major;
    std::uint8_t info;             // the low 5 bits of the initial byte
    std::uint64_t argument;        // the count/length/value, or the raw bits of a float
    std::size_t size;              // bytes of the head itself
  };
  // Parses the head at pos_ without consuming it. Inline, as the Writer's heads are (and built
  // for size, out of line for the same reason): reading a batch of 10,000 task runs or a sensor's
  // sample is mostly heads (test/bench/sim_scale/README.md).
  Status parseHead(Head& head) const {
    if (EDGECUT_WIRE_COMPACT) return compactParseHead(head);
    if (pos_ < in_.size()) [[likely]] {
      const std::uint8_t initial = in_[pos_];
      if ((initial & 0x1f) < 24) [[likely]] {
        head = {static_cast<std::uint8_t>(initial >> 5), static_cast<std::uint8_t>(initial & 0x1f),
                static_cast<std::uint64_t>(initial & 0x1f), 1};
        return Status::ok;
      }
    }
    return parseLongHead(head);
  }
  // The rest, also inline: each run of a task batch has four long heads.
  // The compact forms: out of line, byte by byte.
  Status compactParseHead(Head& head) const;
  bool compactTake(std::uint8_t major, Head& head);
  bool compactUnsignedInt(std::uint64_t& value);
  Status parseLongHead(Head& head) const {
    if (pos_ >= in_.size()) return Status::truncated;
    const std::uint8_t initial = in_[pos_];
    head.major = initial >> 5;
    head.info = initial & 0x1f;
    head.size = 1;
    if (head.info < 24) {
      head.argument = head.info;
      return Status::ok;
    }
    if (head.info == 31) return Status::unsupported;  // indefinite lengths: edgecut never writes them
    if (head.info > 27) return Status::malformed;     // 28..30 are reserved
    const std::size_t bytes = std::size_t{1} << (head.info - 24);
    if (bytes > in_.size() - pos_ - 1) return Status::truncated;
    // Big-endian, read whole: a loop over its bytes was most of the instructions spent reading a
    // batch of task runs, whose generations take 8 bytes.
    const std::uint8_t* argument = in_.data() + pos_ + 1;
    switch (bytes) {
      case 1:
        head.argument = argument[0];
        break;
      case 2:
        head.argument = (std::uint64_t{argument[0]} << 8) | argument[1];
        break;
      case 4: {
        std::uint32_t word;
        std::memcpy(&word, argument, sizeof word);
        head.argument = std::endian::native == std::endian::big ? word : __builtin_bswap32(word);
        break;
      }
      default: {
        std::uint64_t word;
        std::memcpy(&word, argument, sizeof word);
        head.argument = std::endian::native == std::endian::big ? word : __builtin_bswap64(word);
        break;
      }
    }
    head.size += bytes;
    return Status::ok;
  }
  bool take(std::uint8_t major, Head& head) {
    if (EDGECUT_WIRE_COMPACT) return compactTake(major, head);
    return takeHere(major, head);
  }
  // take()'s body: inline in take(), out of line in compactTake().
  bool takeHere(std::uint8_t major, Head& head) {
    if (!ok()) return false;
    const Status parsed = parseHead(head);
    if (parsed != Status::ok) return fail(parsed);
    if (head.major != major) return fail(Status::wrong_type);
    pos_ += head.size;
    return true;
  }
  bool walk(unsigned depth, std::size_t* count);

  std::span<const std::uint8_t> in_;
  std::size_t pos_ = 0;
  Status status_ = Status::ok;
};

// The number of data values in one encoded item (see Reader::skipCountingValues); false if `item`
// is not exactly one well-formed item.
bool countDataValues(std::span<const std::uint8_t> item, std::size_t& count);

// The first item of `item`, in words for a message, into `out` (cut to fit, always NUL-terminated):
// a number as it reads ("18446744073709551615", "-3", "1.5"), "true", "false", "null", or what it
// is ("a text of 5 bytes", "an array of 3 items", "a map of 2 entries", "no valid item").
void describeItem(std::span<const std::uint8_t> item, std::span<char> out);

}  // namespace edgecut::wire

#endif  // EDGECUT_RUNTIME_CBOR_HPP
