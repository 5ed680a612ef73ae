// libFuzzer target: the CBOR value decoders on arbitrary bytes: the generic one the host side uses
// (sim::readJson, every CBOR item edgecut accepts) and the typed codecs generated code uses
// (values.hpp).
//
// Round-trip properties (decode -> encode -> decode gives the same bytes):
// - generic: an item readJson accepts, written back with writeJson, reads back to an equal value,
//   and writing that gives the same bytes again;
// - typed: a value a Codec<T> accepts, encoded, is canonical: it decodes to a value that encodes to
//   exactly the same bytes.
// And the codecs agree: readJson, Reader::skip and countDataValues accept the same items.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgecut/runtime/sim/json_cbor.hpp"
#include "edgecut/runtime/values.hpp"

namespace {

using namespace edgecut::wire;
using Bytes = std::vector<std::uint8_t>;

void require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "cbor_fuzzer: property violated: %s\n", what);
  std::abort();
}

template <class Write>
Bytes written(Write&& write) {
  static std::uint8_t buffer[1 << 20];
  Writer out(buffer);
  write(out);
  require(out.ok(), "a re-encoded value does not fit 1 MiB, though its input did");
  return Bytes(buffer, buffer + out.size());
}

void genericRoundTrip(std::span<const std::uint8_t> input) {
  nlohmann::json value;
  const bool readable = edgecut::sim::readJson(input, value);
  std::size_t values = 0;
  const bool wellFormed = countDataValues(input, values);
  // readJson reads exactly the items the frame decoder validates (Reader::walk).
  require(readable == wellFormed, "readJson and countDataValues disagree on whether an item is well-formed");
  if (!readable) return;

  const Bytes once = written([&](Writer& out) { edgecut::sim::writeJson(out, value); });
  nlohmann::json again;
  require(edgecut::sim::readJson(once, again), "a re-encoded item does not decode");
  const Bytes twice = written([&](Writer& out) { edgecut::sim::writeJson(out, again); });
  require(once == twice, "decode -> encode -> decode -> encode changed the bytes");
}

template <class T>
void typedRoundTrip(std::span<const std::uint8_t> input) {
  T value{};
  if (decodeValue(input, value) != Status::ok) return;
  const Bytes once = written([&](Writer& out) { encode(out, value); });
  T again{};
  require(decodeValue(once, again) == Status::ok, "a re-encoded typed value does not decode");
  const Bytes twice = written([&](Writer& out) { encode(out, again); });
  require(once == twice, "typed decode -> encode -> decode -> encode changed the bytes");
}

enum class Colour : std::int8_t { red = -1, green = 1 };

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> input(data, size);
  genericRoundTrip(input);
  // The types docs/design.md §1 lets cross, nested the way programs nest them.
  typedRoundTrip<bool>(input);
  typedRoundTrip<std::int8_t>(input);
  typedRoundTrip<std::uint16_t>(input);
  typedRoundTrip<std::int64_t>(input);
  typedRoundTrip<std::uint64_t>(input);
  typedRoundTrip<Colour>(input);
  typedRoundTrip<float>(input);
  typedRoundTrip<double>(input);
  typedRoundTrip<std::string>(input);
  typedRoundTrip<std::vector<int>>(input);
  typedRoundTrip<std::vector<bool>>(input);
  typedRoundTrip<std::array<double, 3>>(input);
  typedRoundTrip<std::optional<std::string>>(input);
  typedRoundTrip<std::pair<int, std::string>>(input);
  typedRoundTrip<std::tuple<int, double, std::vector<std::string>, std::optional<std::tuple<int, bool>>>>(input);
  typedRoundTrip<std::vector<std::vector<std::optional<std::int32_t>>>>(input);
  return 0;
}
