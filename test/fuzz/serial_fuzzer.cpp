// libFuzzer target: the serial line's decoder (runtime/src/transport/serial/slip.cpp) on arbitrary
// bytes, as a UART or radio dongle may deliver them.
//
// Properties, beyond "no crash, no leak, no undefined behaviour" (the sanitizers):
// - every packet the decoder accepts re-encodes (encodePacket) into bytes that decode to exactly
//   that packet, with nothing dropped;
// - the decoder never stalls: a good packet sent after any input arrives whole (the packet the input
//   left open ends at its leading END, as a good packet or one drop);
// - every END ends exactly one of: an empty packet, a good packet, or one counted drop.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <vector>

#include "transport/serial/slip.hpp"

namespace {

using namespace edgecut::serial;

void require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "serial_fuzzer: property violated: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // A small buffer, as on a mote, so that oversize packets are reached too.
  std::vector<std::uint8_t> buffer(64);
  Decoder decoder(buffer);
  std::uint64_t good = 0;
  std::uint64_t ends = 0;
  std::uint64_t empty = 0;
  bool inPacket = false;
  for (std::size_t i = 0; i < size; ++i) {
    const std::uint64_t before = decoder.dropped().total();
    const bool packet = decoder.push(data[i]);
    if (data[i] == kEnd) {
      ++ends;
      if (!packet && decoder.dropped().total() == before) ++empty;
      inPacket = false;
    } else {
      require(!packet, "a packet ended on a byte that is not END");
      inPacket = true;
    }
    if (!packet) continue;
    ++good;
    const std::vector<std::uint8_t> payload(decoder.payload().begin(), decoder.payload().end());
    const std::uint8_t kind = decoder.kind();
    std::vector<std::uint8_t> again(maxEncodedBytes(payload.size()));
    again.resize(encodePacket(kind, payload, again));
    require(!again.empty(), "an accepted packet does not re-encode");
    std::vector<std::uint8_t> other(buffer.size());
    Decoder check(other);
    int seen = 0;
    for (const std::uint8_t byte : again) {
      if (!check.push(byte)) continue;
      ++seen;
      require(check.kind() == kind, "re-encoded packet changed its kind");
      require(std::equal(check.payload().begin(), check.payload().end(), payload.begin(), payload.end()),
              "re-encoded packet changed its payload");
    }
    require(seen == 1 && check.dropped().total() == 0, "re-encoded packet did not decode once, cleanly");
  }
  require(good + empty + decoder.dropped().total() == ends, "an END did not end exactly one thing");

  // A good packet after anything: it must arrive.
  const std::uint8_t probe[] = {0x10, kEnd, 0x20, kEsc};
  std::vector<std::uint8_t> line(maxEncodedBytes(sizeof probe));
  line.resize(encodePacket(7, probe, line));
  // The probe's leading END ends whatever the input left open: that may be a good packet of the
  // input's own, or one drop. Everything after it is the probe.
  const std::uint64_t droppedBefore = decoder.dropped().total();
  decoder.push(line.front());
  require(decoder.dropped().total() - droppedBefore <= (inPacket ? 1u : 0u), "the probe cost more than the open packet");
  const std::uint64_t droppedAfterEnd = decoder.dropped().total();
  int arrived = 0;
  for (const std::uint8_t byte : std::span(line).subspan(1)) {
    if (!decoder.push(byte)) continue;
    ++arrived;
    require(decoder.kind() == 7 && std::equal(decoder.payload().begin(), decoder.payload().end(), probe, probe + 4),
            "the probe packet arrived changed");
  }
  require(arrived == 1, "the decoder stalled: a good packet after the input did not arrive");
  require(decoder.dropped().total() == droppedAfterEnd, "the probe itself was counted as dropped");
  return 0;
}
