// Radio frames: PySense's messages, made binary.
//
//   byte 0     version (high nibble, kFrameVersion) | op (low nibble, ops.def)
//   varint     sequence number (a reply carries its request's)
//   varint     source node      (0 is the base; motes have their plan ids)
//   varint     destination node
//   CBOR items the body of the op (ops.def)
//
// Like cbor.hpp, this is heap-free and exception-free.
#ifndef EDGECUT_RUNTIME_FRAME_HPP
#define EDGECUT_RUNTIME_FRAME_HPP

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "edgecut/edgecut.hpp"
#include "edgecut/runtime/abi.hpp"
#include "edgecut/runtime/cbor.hpp"

namespace edgecut::wire {

using ::edgecut::NodeId;
inline constexpr NodeId kBaseNode = 0;

inline constexpr std::uint8_t kFrameVersion = 1;

// The largest frame a node has to accept. Motes keep a buffer of this size, so it is a property of
// the protocol, not of one side.
inline constexpr std::size_t kMaxFrameBytes = 64 * 1024;

enum class Op : std::uint8_t {
#define EDGECUT_OP(name, code, body) name = code,
#include "edgecut/runtime/ops.def"
};

// "HELLO", "READ", …; nullptr for a value that is no op.
const char* opName(Op op);
bool isOp(std::uint8_t code);

enum class ErrorCode : std::uint32_t {
#define EDGECUT_ERROR(name, code, meaning) name = code,
#include "edgecut/runtime/errors.def"
};

// What an error code means, in English; "unknown error" for codes this build does not know.
const char* describe(ErrorCode code);

// Who a frame goes from and to, and which request it belongs to.
struct Address {
  std::uint32_t seq = 0;
  NodeId src = 0;
  NodeId dst = 0;

  // The address of the reply to a request with this address.
  Address reply() const { return {seq, dst, src}; }
};

// A decoded frame. The views point into the decoded bytes.
struct Frame {
  Op op = Op::HELLO;
  Address address;
  // HELLO: fingerprint. READ: sensor id. WRITE: actuator id. CALL: function id. ERROR: code.
  std::uint64_t number = 0;
  // HELLO: the sender's boot epoch, which changes when the node restarts (its sequence numbers
  // start again then). A HELLO carries no file names: the traffic of a run depends on the program
  // and the placement only, and each side names its own plan when it refuses the other.
  std::uint32_t epoch = 0;
  // Exactly one CBOR item: WRITE's value, CALL's argument array, RESULT's value. Empty for a
  // RESULT of a void function and for the other ops.
  std::span<const std::uint8_t> value;
  // ERROR's message.
  std::string_view message;
};

// Decodes and fully validates a frame: the header, the body's shape for its op, and the
// well-formedness of every nested value, so that later decoding of `value` can only fail on type.
// Never reads outside `bytes`; returns Status::ok or why the frame was rejected.
Status decodeFrame(std::span<const std::uint8_t> bytes, Frame& frame);

// Bᵢ of the energy model: the data values a frame carries (the scalar leaves of WRITE's value,
// CALL's arguments, RESULT's value). Ids, fingerprints and error reports are addressing or
// control, not data, so HELLO, READ and ERROR carry 0. `frame` must come from decodeFrame.
std::size_t dataValues(const Frame& frame);

// decodeFrame, and on success `values` = dataValues(frame), counted by the walk that checks the
// value rather than by walking it again (0 when the frame is rejected). Hosts only: not built for
// size (EDGECUT_WIRE_COMPACT), where firmware keeps only decodeFrame.
Status decodeFrameCounting(std::span<const std::uint8_t> bytes, Frame& frame, std::size_t& values);

// ---- encoders of the ops whose bodies need no value codec (values.hpp has the others) ----

void encodeHeader(Writer& out, Op op, const Address& address);
// `epoch` is the sender's boot epoch.
void encodeHello(Writer& out, const Address& address, Fingerprint fingerprint, std::uint32_t epoch);
void encodeRead(Writer& out, const Address& address, SensorId sensor);
void encodeVoidResult(Writer& out, const Address& address);
void encodeError(Writer& out, const Address& address, ErrorCode code, std::string_view message);

// Writes a decoded frame back: header and body with the shortest encodings, the value item copied
// as it came. So encoding what decodeFrame accepted gives a frame that decodes to the same fields,
// and encoding that again gives the same bytes (the fuzzers check both).
void encodeFrame(Writer& out, const Frame& frame);

}  // namespace edgecut::wire

#endif  // EDGECUT_RUNTIME_FRAME_HPP
