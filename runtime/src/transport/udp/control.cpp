#include "control.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "edgecut/runtime/cbor.hpp"

namespace edgecut::udp {

namespace {

class ControlWriter {
 public:
  explicit ControlWriter(ControlKind kind) { bytes_.push_back(kControlVersion << 4 | static_cast<std::uint8_t>(kind)); }
  void varint(std::uint64_t value) {
    std::uint8_t buffer[wire::kMaxVarintBytes];
    const std::size_t n = wire::encodeVarint(value, buffer);
    bytes_.insert(bytes_.end(), buffer, buffer + n);
  }
  void text(std::string_view text) { bytes_.insert(bytes_.end(), text.begin(), text.end()); }
  std::vector<std::uint8_t> take() { return std::move(bytes_); }

 private:
  std::vector<std::uint8_t> bytes_;
};

class ControlReader {
 public:
  ControlReader(std::span<const std::uint8_t> datagram, ControlKind kind)
      : rest_(datagram), ok_(datagram.size() >= 1 && datagram[0] == (kControlVersion << 4 | static_cast<std::uint8_t>(kind))) {
    if (ok_) rest_ = rest_.subspan(1);
  }
  std::uint64_t varint() {
    std::uint64_t value = 0;
    const std::size_t n = ok_ ? wire::decodeVarint(rest_, value) : 0;
    if (n == 0) ok_ = false;
    else rest_ = rest_.subspan(n);
    return value;
  }
  std::span<const std::uint8_t> rest() const { return rest_; }
  bool ok() const { return ok_; }

 private:
  std::span<const std::uint8_t> rest_;
  bool ok_;
};

}  // namespace

bool isControl(std::span<const std::uint8_t> datagram) {
  return !datagram.empty() && datagram[0] >> 4 == kControlVersion;
}

std::vector<std::uint8_t> wrapRuntimeControl(std::span<const std::uint8_t> message) {
  std::vector<std::uint8_t> datagram(message.size() + 1);
  datagram[0] = static_cast<std::uint8_t>(kControlVersion << 4 | static_cast<std::uint8_t>(ControlKind::runtime));
  std::copy(message.begin(), message.end(), datagram.begin() + 1);
  return datagram;
}

std::optional<std::span<const std::uint8_t>> runtimeControl(std::span<const std::uint8_t> datagram) {
  if (datagram.empty() || datagram[0] != (kControlVersion << 4 | static_cast<std::uint8_t>(ControlKind::runtime)))
    return std::nullopt;
  return datagram.subspan(1);
}

std::vector<std::uint8_t> encode(const StatsRequest& request) {
  ControlWriter out(ControlKind::statsRequest);
  out.varint(request.node);
  out.varint(request.run);
  out.varint(request.from);
  out.varint(request.forget ? 1 : 0);
  out.varint(request.generation);
  return out.take();
}

std::string traceText(const std::vector<sim::ActuatorWrite>& writes) {
  nlohmann::json array = nlohmann::json::array();
  for (const sim::ActuatorWrite& write : writes) array.push_back(sim::toJson(write));
  // Program strings need not be UTF-8; dump() would throw on them.
  return array.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<std::vector<sim::ActuatorWrite>> parseTrace(std::string_view trace) {
  const auto json = nlohmann::json::parse(trace.begin(), trace.end(), nullptr, false);
  if (json.is_discarded() || !json.is_array()) return std::nullopt;
  try {
    // hostStatsFromJson validates each write's shape.
    return sim::hostStatsFromJson({{"malformed_frames", 0}, {"actuator_writes", json}, {"operations", nlohmann::json::array()}})
        .actuatorWrites;
  } catch (const std::runtime_error&) {
    return std::nullopt;
  }
}

std::vector<std::uint8_t> encodeStatsReply(const StatsRequest& request, std::string_view trace,
                                           const sim::HostStats& stats, std::uint64_t generation) {
  ControlWriter out(ControlKind::stats);
  const std::size_t from = std::min<std::uint64_t>(request.forget ? 0 : request.from, trace.size());
  out.varint(request.node);
  out.varint(request.run);
  out.varint(from);
  out.varint(request.forget ? 1 : 0);
  out.varint(generation);
  out.varint(trace.size());
  out.varint(stats.malformedFrames);
  const auto operations = stats.operations.find(request.node);
  out.varint(operations == stats.operations.end() ? 0 : operations->second);
  out.varint(stats.rejected.forged);
  out.varint(stats.rejected.replayed);
  out.varint(stats.rejected.unsolicited);
  if (!request.forget) out.text(trace.substr(from, kStatsChunkBytes));
  return out.take();
}

std::optional<StatsRequest> decodeStatsRequest(std::span<const std::uint8_t> message) {
  ControlReader in(message, ControlKind::statsRequest);
  StatsRequest request;
  const std::uint64_t node = in.varint();
  request.run = in.varint();
  request.from = in.varint();
  const std::uint64_t forget = in.varint();
  request.generation = in.varint();
  if (!in.ok() || !in.rest().empty() || node > UINT32_MAX || forget > 1) return std::nullopt;
  request.node = static_cast<NodeId>(node);
  request.forget = forget == 1;
  return request;
}

std::optional<StatsReply> decodeStatsReply(std::span<const std::uint8_t> message) {
  ControlReader in(message, ControlKind::stats);
  StatsReply reply;
  const std::uint64_t node = in.varint();
  reply.run = in.varint();
  reply.from = in.varint();
  const std::uint64_t forgot = in.varint();
  reply.generation = in.varint();
  reply.total = in.varint();
  reply.malformed = in.varint();
  reply.operations = in.varint();
  reply.rejected.forged = in.varint();
  reply.rejected.replayed = in.varint();
  reply.rejected.unsolicited = in.varint();
  if (!in.ok() || node > UINT32_MAX || forgot > 1 || reply.from > reply.total ||
      in.rest().size() > std::min<std::uint64_t>(kStatsChunkBytes, reply.total - reply.from)) {
    return std::nullopt;
  }
  reply.forgot = forgot == 1;
  reply.node = static_cast<NodeId>(node);
  reply.trace.assign(in.rest().begin(), in.rest().end());
  return reply;
}

}  // namespace edgecut::udp
