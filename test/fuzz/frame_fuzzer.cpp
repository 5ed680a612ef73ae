// libFuzzer target: the frame decoder (runtime/src/frame.cpp) on arbitrary bytes.
//
// Properties, beyond "no crash, no leak, no undefined behaviour" (the sanitizers):
// - a frame decodeFrame accepts re-encodes (encodeFrame) into a frame that decodes to the same
//   fields, and encoding that again gives the same bytes (decode -> encode -> decode);
// - with a network key, arbitrary bytes never open in a session (no valid tag by chance), and a
//   re-encoded frame sealed opens back to exactly itself (auth.hpp);
// - the steps the runtimes take after decoding (counting data values, decoding the value as the
//   generated code would) never fail on anything decodeFrame accepted, except by type.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "edgecut/runtime/auth.hpp"
#include "edgecut/runtime/frame.hpp"
#include "edgecut/runtime/values.hpp"

namespace {

using namespace edgecut::wire;

// Aborts with a message libFuzzer shows beside the crashing input.
void require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "frame_fuzzer: property violated: %s\n", what);
  std::abort();
}

bool sameFields(const Frame& a, const Frame& b) {
  return a.op == b.op && a.address.seq == b.address.seq && a.address.src == b.address.src &&
         a.address.dst == b.address.dst && a.number == b.number && a.message == b.message &&
         a.epoch == b.epoch &&
         a.value.size() == b.value.size() &&
         (a.value.empty() || std::memcmp(a.value.data(), b.value.data(), a.value.size()) == 0);
}

// What generated code does with a frame's value: typed decoding, which must fail cleanly.
void decodeAsPrograms(const Frame& frame) {
  int integer = 0;
  (void)decodeValue(frame.value, integer);
  std::vector<std::string> strings;
  (void)decodeValue(frame.value, strings);
  std::optional<std::tuple<int, bool, double>> tuple;
  (void)decodeValue(frame.value, tuple);
  std::vector<std::vector<std::int64_t>> nested;
  (void)decodeValue(frame.value, nested);
  std::uint8_t small = 0;
  float reading = 0;
  std::string name;
  (void)decodeArguments(frame.value, small, reading, name);
}

NetworkKey fuzzKey() {
  NetworkKey key;
  for (std::size_t i = 0; i < key.bytes.size(); ++i) key.bytes[i] = static_cast<std::uint8_t>(0xa5 ^ i);
  return key;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> input(data, size);
  static const NetworkKey key = fuzzKey();
  static const Session session{newChallenge(), newChallenge()};
  Sealed parts;
  require(!splitSealed(input, parts) || !verify(key, Binding::session, contextOf(session), parts),
          "arbitrary bytes carried a valid tag");

  Frame frame;
  if (decodeFrame(input, frame) != Status::ok) return 0;

  std::size_t values = 0;
  require(frame.value.empty() || countDataValues(frame.value, values),
          "decodeFrame accepted a value that is not one well-formed item");
  require(dataValues(frame) == values, "dataValues disagrees with countDataValues");
  decodeAsPrograms(frame);

  // Re-encoding writes every field in its shortest form, so it never needs more room than the
  // input took.
  static std::uint8_t first[kMaxFrameBytes];
  Writer firstOut(first);
  encodeFrame(firstOut, frame);
  require(firstOut.ok(), "a decoded frame does not fit kMaxFrameBytes when re-encoded");
  require(firstOut.size() <= size, "re-encoding a frame made it longer");

  Frame again;
  require(decodeFrame(firstOut.written(), again) == Status::ok, "a re-encoded frame does not decode");
  require(sameFields(frame, again), "a re-encoded frame decodes to other fields");

  static std::uint8_t second[kMaxFrameBytes];
  Writer secondOut(second);
  encodeFrame(secondOut, again);
  require(secondOut.ok() && secondOut.size() == firstOut.size() &&
              std::memcmp(first, second, firstOut.size()) == 0,
          "decode -> encode -> decode -> encode changed the bytes");

  // Sealed in the session (a HELLO with its challenge, as a request for one), it opens to itself.
  static std::uint8_t sealed[kMaxSealedFrameBytes];
  std::memcpy(sealed, first, firstOut.size());
  const std::size_t challenge = envelopeBytes(first[0]) - kMacBytes;
  std::memcpy(sealed + firstOut.size(), session.requester.data(), challenge);
  const Binding binding = frame.op == Op::HELLO ? Binding::helloRequest : Binding::session;
  const auto context = contextOf(session);
  const std::span<const std::uint8_t> bound = binding == Binding::session ? std::span<const std::uint8_t>(context)
                                                                          : std::span<const std::uint8_t>();
  const std::size_t sealedSize = seal(key, binding, bound, sealed, firstOut.size() + challenge);
  require(sealedSize == firstOut.size() + envelopeBytes(first[0]), "sealing a frame failed");
  require(splitSealed(std::span<const std::uint8_t>(sealed, sealedSize), parts) && verify(key, binding, bound, parts) &&
              parts.frame.size() == firstOut.size() && std::memcmp(parts.frame.data(), first, firstOut.size()) == 0,
          "a sealed frame does not open to itself");
  return 0;
}
