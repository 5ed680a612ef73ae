#include "edgecut/runtime/frame.hpp"

#include <limits>

namespace edgecut::wire {

namespace {

constexpr std::uint64_t kMaxId = std::numeric_limits<std::uint32_t>::max();

bool readId(Reader& in, std::uint64_t& id) {
  if (!in.unsignedInt(id)) return false;
  return id <= kMaxId || in.fail(Status::out_of_range);
}

// Sequence numbers and node ids are 32-bit varints.
bool readVarint32(Reader& in, std::uint32_t& out) {
  std::uint64_t value = 0;
  if (!in.varint(value)) return false;
  if (value > kMaxId) return in.fail(Status::out_of_range);
  out = static_cast<std::uint32_t>(value);
  return true;
}

// A 32-bit CBOR unsigned integer.
bool readUint32(Reader& in, std::uint32_t& out) {
  std::uint64_t value = 0;
  if (!readId(in, value)) return false;
  out = static_cast<std::uint32_t>(value);
  return true;
}

// Reads one whole item and remembers where it lies.
bool readItem(Reader& in, std::span<const std::uint8_t>& item) {
  const std::size_t start = in.position();
  if (!in.skip()) return false;
  item = in.consumed(start);
  return true;
}

}  // namespace

const char* opName(Op op) {
  switch (op) {
#define EDGECUT_OP(name, code, body) \
  case Op::name:                     \
    return #name;
#include "edgecut/runtime/ops.def"
  }
  return nullptr;
}

bool isOp(std::uint8_t code) { return opName(static_cast<Op>(code)) != nullptr; }

const char* describe(ErrorCode code) {
  switch (code) {
#define EDGECUT_ERROR(name, code, meaning) \
  case ErrorCode::name:                    \
    return meaning;
#include "edgecut/runtime/errors.def"
  }
  return "unknown error";
}

namespace {
// decodeFrame, and where `kCount` decodeFrameCounting: the value's data values counted by the walk
// that checks it rather than by a second walk (dataValues). One body for both, so that their
// checks and their order cannot drift apart; built for size there is only the first, called once.
template <bool kCount>
Status decodeFrameAs(std::span<const std::uint8_t> bytes, Frame& frame, std::size_t* values) {
  if (bytes.empty()) return Status::truncated;
  if (bytes.size() > kMaxFrameBytes) return Status::too_long;
  if ((bytes[0] >> 4) != kFrameVersion) return Status::bad_version;
  const std::uint8_t op = bytes[0] & 0x0f;
  if (!isOp(op)) return Status::bad_op;

  Frame result;
  result.op = static_cast<Op>(op);
  Reader in(bytes.subspan(1));
  readVarint32(in, result.address.seq);
  readVarint32(in, result.address.src);
  readVarint32(in, result.address.dst);
  std::size_t counted = 0;
  auto readValue = [&](std::span<const std::uint8_t>& item) {
    if constexpr (kCount) {
      const std::size_t start = in.position();
      if (in.skipCountingValues(counted)) item = in.consumed(start);
    } else {
      readItem(in, item);
    }
  };
  switch (result.op) {
    case Op::HELLO:
      in.unsignedInt(result.number);
      readUint32(in, result.epoch);
      break;
    case Op::READ:
      readId(in, result.number);
      break;
    case Op::WRITE:
      readId(in, result.number);
      readValue(result.value);
      break;
    case Op::CALL:
      readId(in, result.number);
      if (in.ok() && in.peek() != Kind::array) in.fail(Status::wrong_type);
      readValue(result.value);
      break;
    case Op::RESULT:
      if (in.ok() && !in.atEnd()) readValue(result.value);
      break;
    case Op::ERROR:
      readId(in, result.number);
      in.text(result.message);
      break;
  }
  if (!in.ok()) return in.status();
  if (!in.atEnd()) return Status::trailing_bytes;
  frame = result;
  if constexpr (kCount) *values = counted;
  return Status::ok;
}
}  // namespace

Status decodeFrame(std::span<const std::uint8_t> bytes, Frame& frame) {
  return decodeFrameAs<false>(bytes, frame, nullptr);
}

#if !EDGECUT_WIRE_COMPACT
// Hosts only (docs/design.md §10: the firmware's core has no room for a second decoder).
Status decodeFrameCounting(std::span<const std::uint8_t> bytes, Frame& frame, std::size_t& values) {
  values = 0;
  return decodeFrameAs<true>(bytes, frame, &values);
}
#endif

std::size_t dataValues(const Frame& frame) {
  std::size_t count = 0;
  if (!frame.value.empty() && !countDataValues(frame.value, count)) return 0;
  return count;
}

void encodeHeader(Writer& out, Op op, const Address& address) {
  out.raw(static_cast<std::uint8_t>((kFrameVersion << 4) | static_cast<std::uint8_t>(op)));
  out.varint(address.seq);
  out.varint(address.src);
  out.varint(address.dst);
}

void encodeHello(Writer& out, const Address& address, Fingerprint fingerprint, std::uint32_t epoch) {
  encodeHeader(out, Op::HELLO, address);
  out.unsignedInt(fingerprint);
  out.unsignedInt(epoch);
}

void encodeRead(Writer& out, const Address& address, SensorId sensor) {
  encodeHeader(out, Op::READ, address);
  out.unsignedInt(sensor);
}

void encodeVoidResult(Writer& out, const Address& address) {
  encodeHeader(out, Op::RESULT, address);
}

void encodeError(Writer& out, const Address& address, ErrorCode code, std::string_view message) {
  encodeHeader(out, Op::ERROR, address);
  out.unsignedInt(static_cast<std::uint32_t>(code));
  out.text(message);
}

void encodeFrame(Writer& out, const Frame& frame) {
  encodeHeader(out, frame.op, frame.address);
  switch (frame.op) {
    case Op::HELLO:
      out.unsignedInt(frame.number);
      out.unsignedInt(frame.epoch);
      break;
    case Op::READ:
      out.unsignedInt(frame.number);
      break;
    case Op::WRITE:
    case Op::CALL:
      out.unsignedInt(frame.number);
      out.raw(frame.value);
      break;
    case Op::RESULT:
      out.raw(frame.value);
      break;
    case Op::ERROR:
      out.unsignedInt(frame.number);
      out.text(frame.message);
      break;
  }
}

}  // namespace edgecut::wire
