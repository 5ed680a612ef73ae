// A sensor's sample handed over as a number instead of as CBOR (mote.hpp's readSensor<T>, on hosts
// that offer it: detail::Host::readSample). A simulated day of 10,000 meters reads a sensor at
// every task run, and writing its integer as CBOR only to decode it again was a fifth of a run's
// instructions on the mote host (test/bench/sim_scale/README.md).
//
// A Sample holds what the CBOR item's head would: an integer as CBOR's major type and argument, a
// float64 as its bits. decodeSample<T> turns it into T exactly as values.hpp's decodeValue<T> turns
// that item into T: the same values (an integer read as floating point goes through double, as
// Reader::floating does), and false where decodeValue fails (out of range, a float read as an
// integer). Samples of any other kind (text, null, …) stay CBOR.
#ifndef EDGECUT_RUNTIME_SAMPLE_HPP
#define EDGECUT_RUNTIME_SAMPLE_HPP

#include <bit>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace edgecut::mote {

struct Sample {
  enum class Kind : std::uint8_t {
    failed,       // no sample: a fault was recorded for the request being served
    encoded,      // written as one CBOR item into the Writer the read was given
    unsignedInt,  // argument is the value (CBOR major type 0)
    negativeInt,  // argument is -1 - the value (CBOR major type 1)
    floating,     // argument is the float64's bits
  };
  Kind kind = Kind::failed;
  std::uint64_t argument = 0;

  // As Writer::signedInt writes `value`.
  static constexpr Sample integer(std::int64_t value) {
    return value >= 0 ? Sample{Kind::unsignedInt, static_cast<std::uint64_t>(value)}
                      : Sample{Kind::negativeInt, static_cast<std::uint64_t>(-(value + 1))};
  }
  static constexpr Sample natural(std::uint64_t value) { return {Kind::unsignedInt, value}; }
  static constexpr Sample floatingPoint(double value) { return {Kind::floating, std::bit_cast<std::uint64_t>(value)}; }
};

// The types a Sample decodes into directly: those whose Codec (values.hpp) reads a number. bool
// reads only CBOR's true and false, enums and the rest go through CBOR.
template <class T>
concept SampleNumber = (std::integral<T> && !std::same_as<std::remove_cv_t<T>, bool>) || std::floating_point<T>;

// `sample` (a number) as T, as Codec<T>::decode reads its CBOR item; false where it fails.
template <SampleNumber T>
bool decodeSample(const Sample& sample, T& value) {
  if constexpr (std::integral<T>) {
    // Codec<integral>::decode: an unsigned item up to T's max; a negative one within int64 (as
    // Reader::signedInt) and down to T's min when T is signed; no float.
    if (sample.kind == Sample::Kind::unsignedInt) {
      if (sample.argument > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) return false;
      value = static_cast<T>(sample.argument);
      return true;
    }
    if constexpr (std::is_signed_v<T>) {
      if (sample.kind == Sample::Kind::negativeInt &&
          sample.argument <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        const std::int64_t raw = -1 - static_cast<std::int64_t>(sample.argument);
        if (raw >= static_cast<std::int64_t>(std::numeric_limits<T>::min())) {
          value = static_cast<T>(raw);
          return true;
        }
      }
    }
    return false;
  } else {
    // Reader::floating (integers exact or nearest, a negative one as -1 - its argument), then
    // Codec<floating>::decode's range check.
    double raw = 0;
    switch (sample.kind) {
      case Sample::Kind::unsignedInt: raw = static_cast<double>(sample.argument); break;
      case Sample::Kind::negativeInt: raw = -1.0 - static_cast<double>(sample.argument); break;
      case Sample::Kind::floating: raw = std::bit_cast<double>(sample.argument); break;
      default: return false;
    }
    if constexpr (sizeof(T) < sizeof(double)) {
      if (std::isfinite(raw) && std::fabs(raw) > static_cast<double>(std::numeric_limits<T>::max())) return false;
    }
    value = static_cast<T>(raw);
    return true;
  }
}

}  // namespace edgecut::mote

#endif  // EDGECUT_RUNTIME_SAMPLE_HPP
