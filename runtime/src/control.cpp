#include "edgecut/runtime/control.hpp"

#include <bit>
#include <cstddef>
#include <cstring>

namespace edgecut::wire {

namespace {
constexpr std::uint64_t kFields = 9;
constexpr std::uint64_t kBatchFields = 5;
constexpr std::uint64_t kDoneFields = 7;
constexpr std::size_t kMaxMessageBytes = 200;
constexpr std::uint64_t k32 = 0xffffffffu;

// The message cut to kMaxMessageBytes on a character boundary: never inside a UTF-8 sequence.
std::string_view cut(std::string_view whole) {
  std::string_view message = whole.substr(0, kMaxMessageBytes);
  if (message.size() < whole.size())
    while (!message.empty() && (static_cast<unsigned char>(whole[message.size()]) & 0xC0) == 0x80)
      message.remove_suffix(1);
  return message;
}
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
  out.text(cut(control.message));
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
  if (kind < static_cast<std::uint8_t>(ControlKind::clock) ||
      kind > static_cast<std::uint8_t>(ControlKind::generation) || mote > k32 || task > k32 || error > k32)
    return Status::out_of_range;
  control = {static_cast<ControlKind>(kind), seq, static_cast<NodeId>(mote), static_cast<FunctionId>(task), time,
             generation, last, static_cast<std::uint32_t>(error), message};
  return Status::ok;
}

Status controlKindOf(std::span<const std::uint8_t> bytes, ControlKind& kind) {
  Reader in(bytes);
  std::uint64_t count = 0, number = 0;
  if (!in.arrayHeader(count) || !in.unsignedInt(number)) return in.status();
  if (number < static_cast<std::uint8_t>(ControlKind::clock) ||
      number > static_cast<std::uint8_t>(ControlKind::tasksDone))
    return Status::out_of_range;
  kind = static_cast<ControlKind>(number);
  return Status::ok;
}

namespace {
// A run's record in the byte order of the wire, whatever the machine's.
void putLittle(std::uint8_t* at, std::uint64_t value, std::size_t bytes) {
  for (std::size_t i = 0; i < bytes; ++i) at[i] = static_cast<std::uint8_t>(value >> (8 * i));
}
std::uint64_t getLittle(const std::uint8_t* at, std::size_t bytes) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < bytes; ++i) value |= std::uint64_t{at[i]} << (8 * i);
  return value;
}
// Where a BatchedRun in memory is its record (a little-endian machine, no padding), the runs are
// copied whole.
constexpr bool kRunIsRecord = std::endian::native == std::endian::little && sizeof(BatchedRun) == kBatchedRunBytes &&
                              offsetof(BatchedRun, task) == 4 && offsetof(BatchedRun, generation) == 8 &&
                              offsetof(BatchedRun, seq) == 16;
}  // namespace

void encodeTaskBatch(Writer& out, const TaskBatchHead& head, std::span<const BatchedRun> runs) {
  out.arrayHeader(kBatchFields);
  out.unsignedInt(static_cast<std::uint8_t>(ControlKind::runTasks));
  out.unsignedInt(head.seq);
  out.unsignedInt(head.timeMs);
  out.unsignedInt(head.after);
  if constexpr (kRunIsRecord) {
    out.bytes({reinterpret_cast<const std::uint8_t*>(runs.data()), runs.size() * kBatchedRunBytes});
    return;
  }
  std::vector<std::uint8_t> records(runs.size() * kBatchedRunBytes);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    std::uint8_t* at = records.data() + i * kBatchedRunBytes;
    putLittle(at, runs[i].mote, 4);
    putLittle(at + 4, runs[i].task, 4);
    putLittle(at + 8, runs[i].generation, 8);
    putLittle(at + 16, runs[i].seq, 8);
  }
  out.bytes(records);
}

Status TaskBatch::decode(std::span<const std::uint8_t> bytes) {
  runs_.clear();
  Reader in(bytes);
  std::uint64_t fields = 0, kind = 0;
  std::span<const std::uint8_t> records;
  if (!in.arrayHeader(fields)) return in.status();
  if (fields != kBatchFields) return Status::wrong_length;
  if (!in.unsignedInt(kind) || !in.unsignedInt(head_.seq) || !in.unsignedInt(head_.timeMs) ||
      !in.unsignedInt(head_.after) || !in.bytes(records))
    return in.status();
  if (kind != static_cast<std::uint8_t>(ControlKind::runTasks)) return Status::out_of_range;
  // Every run is read now, so that a host never runs part of a malformed batch.
  if (records.size() % kBatchedRunBytes != 0) return Status::wrong_length;
  if (!in.atEnd()) return Status::trailing_bytes;
  runs_.resize(records.size() / kBatchedRunBytes);
  if constexpr (kRunIsRecord) {
    if (!records.empty()) std::memcpy(runs_.data(), records.data(), records.size());
    return Status::ok;
  }
  for (std::size_t i = 0; i < runs_.size(); ++i) {
    const std::uint8_t* at = records.data() + i * kBatchedRunBytes;
    runs_[i] = {static_cast<NodeId>(getLittle(at, 4)), static_cast<FunctionId>(getLittle(at + 4, 4)),
                getLittle(at + 8, 8), getLittle(at + 16, 8)};
  }
  return Status::ok;
}

void encodeTasksDone(Writer& out, const TasksDone& done) {
  out.arrayHeader(kDoneFields);
  out.unsignedInt(static_cast<std::uint8_t>(ControlKind::tasksDone));
  out.unsignedInt(done.seq);
  out.unsignedInt(done.ran);
  out.unsignedInt(done.error);
  out.text(cut(done.message));
  out.unsignedInt(done.generation);
  out.unsignedInt(done.last);
}

Status decodeTasksDone(std::span<const std::uint8_t> bytes, TasksDone& done) {
  Reader in(bytes);
  std::uint64_t fields = 0, kind = 0, seq = 0, ran = 0, error = 0, generation = 0, last = 0;
  std::string_view message;
  if (!in.arrayHeader(fields)) return in.status();
  if (fields != kDoneFields) return Status::wrong_length;
  if (!in.unsignedInt(kind) || !in.unsignedInt(seq) || !in.unsignedInt(ran) || !in.unsignedInt(error) ||
      !in.text(message) || !in.unsignedInt(generation) || !in.unsignedInt(last))
    return in.status();
  if (!in.atEnd()) return Status::trailing_bytes;
  if (kind != static_cast<std::uint8_t>(ControlKind::tasksDone)) return Status::out_of_range;
  if (error > k32) return Status::out_of_range;
  done = {seq, ran, static_cast<std::uint32_t>(error), message, generation, last};
  return Status::ok;
}

}  // namespace edgecut::wire
