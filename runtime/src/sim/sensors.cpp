#include "edgecut/runtime/sim/sensors.hpp"

#include "edgecut/runtime/sim/json_cbor.hpp"

namespace edgecut::sim {

std::uint64_t SplitMix64::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

std::int64_t SplitMix64::between(std::int64_t min, std::int64_t max) {
  // Unsigned arithmetic: the span of [INT64_MIN, INT64_MAX] does not fit int64.
  const std::uint64_t span = static_cast<std::uint64_t>(max) - static_cast<std::uint64_t>(min) + 1;
  const std::uint64_t offset = span == 0 ? next() : next() % span;  // span 0: the full range
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(min) + offset);
}

SensorSource::SensorSource(const network::SensorSource& spec)
    : random_(spec.kind == network::SensorSource::Kind::Random),
      values_(spec.values),
      min_(spec.min),
      max_(spec.max),
      generator_(spec.seed) {
  // The reader gives every other source at least one sample; an empty one still must not divide by 0.
  if (!random_ && (!values_ || values_->empty()))
    values_ = std::make_shared<const std::vector<nlohmann::json>>(1, nullptr);
}

nlohmann::json SensorSource::next() {
  if (random_) return generator_.between(min_, max_);
  const nlohmann::json& value = (*values_)[cursor_];
  if (++cursor_ == values_->size()) cursor_ = 0;
  return value;
}

void SensorSource::writeNext(wire::Writer& out) {
  if (random_) {
    out.signedInt(generator_.between(min_, max_));
    return;
  }
  // Integers, the usual samples, without writeJson's conversions.
  const nlohmann::json& value = (*values_)[cursor_];
  // (An unsigned one first: nlohmann's integer pointer also points at an unsigned's bits.)
  if (const auto* natural = value.get_ptr<const nlohmann::json::number_unsigned_t*>()) {
    out.unsignedInt(*natural);
  } else if (const auto* integer = value.get_ptr<const nlohmann::json::number_integer_t*>()) {
    out.signedInt(*integer);
  } else {
    writeJson(out, value);
  }
  if (++cursor_ == values_->size()) cursor_ = 0;
}

mote::Sample SensorSource::takeNext(wire::Writer& out) {
  if (random_) return mote::Sample::integer(generator_.between(min_, max_));
  const nlohmann::json& value = (*values_)[cursor_];
  if (++cursor_ == values_->size()) cursor_ = 0;  // the samples never change: `value` stays
  // Checked in writeNext's order, and as writeJson writes the rest.
  if (const auto* natural = value.get_ptr<const nlohmann::json::number_unsigned_t*>()) {
    return mote::Sample::natural(*natural);
  }
  if (const auto* integer = value.get_ptr<const nlohmann::json::number_integer_t*>()) {
    return mote::Sample::integer(*integer);
  }
  if (const auto* floating = value.get_ptr<const nlohmann::json::number_float_t*>()) {
    return mote::Sample::floatingPoint(*floating);
  }
  writeJson(out, value);
  return {mote::Sample::Kind::encoded, 0};
}

}  // namespace edgecut::sim
