#include "edgecut/runtime/control.hpp"

namespace edgecut::wire {

namespace {
constexpr std::uint64_t kFields = 9;
constexpr std::size_t kMaxMessageBytes = 200;
}  // namespace

void encodeControl(Writer& out, const Control& control) {
  out.arrayHeader(kFields);
  out.unsignedInt(static_cast<std::uint8_t>(control.kind));
  out.unsignedInt(control.seq);
  out.unsignedInt(control.mote);
  out.unsignedInt(control.task);
  out.unsignedInt(control.timeMs);
  out.unsignedInt(control.generation);
  out.unsignedInt(control.last);
  out.unsignedInt(control.error);
  std::string_view message = control.message.substr(0, kMaxMessageBytes);
  // Cut on a character boundary: never inside a UTF-8 sequence.
  if (message.size() < control.message.size())
    while (!message.empty() && (static_cast<unsigned char>(control.message[message.size()]) & 0xC0) == 0x80)
      message.remove_suffix(1);
  out.text(message);
}

Status decodeControl(std::span<const std::uint8_t> bytes, Control& control) {
  Reader in(bytes);
  std::uint64_t count = 0, kind = 0, seq = 0, mote = 0, task = 0, time = 0, generation = 0, last = 0, error = 0;
  std::string_view message;
  if (!in.arrayHeader(count)) return in.status();
  if (count != kFields) return Status::wrong_length;
  if (!in.unsignedInt(kind) || !in.unsignedInt(seq) || !in.unsignedInt(mote) || !in.unsignedInt(task) ||
      !in.unsignedInt(time) || !in.unsignedInt(generation) || !in.unsignedInt(last) || !in.unsignedInt(error) ||
      !in.text(message))
    return in.status();
  if (!in.atEnd()) return Status::trailing_bytes;
  constexpr std::uint64_t k32 = 0xffffffffu;
  if (kind < static_cast<std::uint8_t>(ControlKind::clock) ||
      kind > static_cast<std::uint8_t>(ControlKind::generation) || mote > k32 || task > k32 || error > k32)
    return Status::out_of_range;
  control = {static_cast<ControlKind>(kind), seq, static_cast<NodeId>(mote), static_cast<FunctionId>(task), time,
             generation, last, static_cast<std::uint32_t>(error), message};
  return Status::ok;
}

}  // namespace edgecut::wire
