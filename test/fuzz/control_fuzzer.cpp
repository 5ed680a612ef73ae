// libFuzzer target: the control messages, beside the frames: the transports' own, which collect a
// mote's stats at the end of a run and make it forget them (udp's STATS_REQUEST and STATS datagrams,
// runtime/src/transport/udp/control.cpp; mqtt's commands and answers,
// runtime/src/transport/mqtt/control.cpp), and the runtime's, which keep network time and run the
// motes' periodic tasks (GENERATION_REQUEST, GENERATION, CLOCK, RUN_TASK, TASK_DONE,
// runtime/src/control.cpp, which udp carries in RUNTIME datagrams; and the sim's RUN_TASKS), each
// also sealed with a network key (transport/control_seal.hpp).
//
// Byte 0 chooses (mod 5) the decoder: udp request, udp reply, mqtt command, mqtt answer, the
// runtime's; the rest is the message. Properties, beyond "no crash, no leak, no undefined
// behaviour":
// - random bytes never carry a valid control tag;
// - a message a decoder accepts encodes back to one that decodes to the same fields (a runtime
//   message's text cut to its limit, on a character boundary), and sealed, it opens to exactly
//   those bytes; a runtime message also comes back out of its sealed RUNTIME datagram.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "edgecut/runtime/control.hpp"
#include "transport/control_seal.hpp"
#include "transport/mqtt/control.hpp"
#include "transport/udp/control.hpp"

namespace {

using namespace edgecut;

void require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "control_fuzzer: property violated: %s\n", what);
  std::abort();
}

const std::optional<wire::NetworkKey>& fuzzKey() {
  static const std::optional<wire::NetworkKey> key = [] {
    wire::NetworkKey k;
    for (std::size_t i = 0; i < k.bytes.size(); ++i) k.bytes[i] = static_cast<std::uint8_t>(0xc3 ^ i);
    return k;
  }();
  return key;
}

// `encoded` sealed opens to itself, and decodes with `decode`.
template <class Decode>
auto resealed(const std::vector<std::uint8_t>& encoded, Decode decode) {
  const std::vector<std::uint8_t> sealed = transport::sealedControl(encoded, fuzzKey());
  const auto opened = transport::openedControl(sealed, fuzzKey());
  require(opened && std::equal(opened->begin(), opened->end(), encoded.begin(), encoded.end()),
          "a sealed control message does not open to itself");
  auto decoded = decode(*opened);
  require(decoded.has_value(), "an encoded control message does not decode");
  return *decoded;
}

bool sameStats(const sim::HostStats& a, const sim::HostStats& b) {
  return sim::statsPayload(a) == sim::statsPayload(b);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::span<const std::uint8_t> message(data + 1, size - 1);
  require(!transport::openedControl(message, fuzzKey()), "random bytes carried a valid control tag");
  switch (data[0] % 5) {
    case 0:
      if (const auto request = udp::decodeStatsRequest(message)) {
        const auto again = resealed(udp::encode(*request), udp::decodeStatsRequest);
        require(again.node == request->node && again.run == request->run && again.from == request->from &&
                    again.forget == request->forget && again.generation == request->generation,
                "a udp stats request re-encoded decodes to other fields");
      }
      break;
    case 1:
      // (A reply's `from` and `total` are byte offsets into the mote's trace: a test of megabytes
      // tests nothing more.)
      if (const auto reply = udp::decodeStatsReply(message); reply && reply->total <= 1 << 16) {
        // The mote's encoder writes its trace's bytes from `from` on: give it a trace of `total`
        // bytes that holds the reply's at `from`, so that it writes the same chunk (or a longer one,
        // if the reply's was short).
        std::string trace(reply->from, ' ');
        trace += reply->trace;
        trace.resize(reply->total, ' ');
        sim::HostStats stats;
        stats.malformedFrames = reply->malformed;
        stats.rejected = reply->rejected;
        stats.operations[reply->node] = reply->operations;
        const udp::StatsRequest request{reply->node, reply->run, reply->from, false, reply->generation};
        const auto again =
            resealed(udp::encodeStatsReply(request, trace, stats, reply->generation), udp::decodeStatsReply);
        require(again.node == reply->node && again.run == reply->run && again.from == reply->from &&
                    again.total == reply->total && again.generation == reply->generation &&
                    again.malformed == reply->malformed && again.operations == reply->operations &&
                    again.rejected.total() == reply->rejected.total() &&
                    again.trace.compare(0, reply->trace.size(), reply->trace) == 0,
                "a udp stats reply re-encoded decodes to other fields");
        // A whole trace that parses makes a text that parses to as many writes.
        if (reply->from == 0 && reply->trace.size() == reply->total) {
          if (const auto writes = udp::parseTrace(reply->trace)) {
            const auto back = udp::parseTrace(udp::traceText(*writes));
            require(back && back->size() == writes->size(), "a trace's writes do not make a trace of theirs");
          }
        }
      }
      break;
    case 2:
      if (const auto command = mqtt::decodeCommand(message)) {
        const auto again = resealed(mqtt::encode(*command), mqtt::decodeCommand);
        require(again.run == command->run && again.forget == command->forget,
                "an mqtt command re-encoded decodes to other fields");
      }
      break;
    case 3:
      if (const auto answer = mqtt::decodeAnswer(message)) {
        const auto again = resealed(mqtt::encode(*answer), mqtt::decodeAnswer);
        require(again.run == answer->run && again.forgot == answer->forgot &&
                    (answer->forgot || (again.generation == answer->generation && again.stats && answer->stats &&
                                        sameStats(*again.stats, *answer->stats))),
                "an mqtt answer re-encoded decodes to other fields");
      }
      break;
    case 4:
      if (wire::Control control; wire::decodeControl(message, control) == wire::Status::ok) {
        std::array<std::uint8_t, wire::kMaxControlBytes> buffer;
        wire::Writer out(buffer);
        wire::encodeControl(out, control);
        require(out.ok(), "a runtime control message does not fit in kMaxControlBytes again");
        const std::vector<std::uint8_t> encoded(out.written().begin(), out.written().end());
        const std::vector<std::uint8_t> datagram =
            resealed(udp::wrapRuntimeControl(encoded),
                     [](std::span<const std::uint8_t> bytes) -> std::optional<std::vector<std::uint8_t>> {
                       if (!udp::runtimeControl(bytes)) return std::nullopt;
                       return std::vector<std::uint8_t>(bytes.begin(), bytes.end());
                     });
        const auto inner = udp::runtimeControl(datagram);
        wire::Control again;
        require(inner && wire::decodeControl(*inner, again) == wire::Status::ok,
                "a runtime control message does not come back out of its datagram");
        require(again.kind == control.kind && again.seq == control.seq && again.mote == control.mote &&
                    again.task == control.task && again.timeMs == control.timeMs &&
                    again.generation == control.generation && again.last == control.last &&
                    again.error == control.error && again.message.size() <= 200 &&
                    control.message.substr(0, again.message.size()) == again.message,
                "a runtime control message re-encoded decodes to other fields");
      }
      // A batch of runs (RUN_TASKS), which the sim's host reads whole before it runs any.
      if (wire::TaskBatch batch; batch.decode(message) == wire::Status::ok) {
        std::vector<std::uint8_t> buffer(wire::taskBatchBytes(batch.count()));
        wire::Writer out(buffer);
        wire::encodeTaskBatch(out, batch.head(), batch.runs());
        require(out.ok(), "a batch of runs does not fit in taskBatchBytes");
        wire::TaskBatch again;
        require(again.decode(out.written()) == wire::Status::ok && again.seq() == batch.seq() &&
                    again.timeMs() == batch.timeMs() && again.after() == batch.after() &&
                    again.count() == batch.count() &&
                    std::equal(again.runs().begin(), again.runs().end(), batch.runs().begin(),
                               [](const wire::BatchedRun& a, const wire::BatchedRun& b) {
                                 return a.mote == b.mote && a.task == b.task && a.generation == b.generation &&
                                        a.seq == b.seq;
                               }),
                "a batch of runs re-encoded decodes to other runs");
      } else {
        require(batch.count() == 0, "a malformed batch of runs kept runs");
      }
      break;
  }
  return 0;
}
