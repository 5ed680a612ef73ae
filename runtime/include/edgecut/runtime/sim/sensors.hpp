// Simulated sensors. Every sensor of every mote has its own source (network/network.hpp's
// SensorSource, read and checked by the network reader), so runs are deterministic and independent
// of the order in which motes are read:
//   constant, values, csv   the source's samples, cycled
//   random                  integers in [min, max], splitmix64 from the seed
#ifndef EDGECUT_RUNTIME_SIM_SENSORS_HPP
#define EDGECUT_RUNTIME_SIM_SENSORS_HPP

#include <cstdint>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgecut/runtime/cbor.hpp"
#include "edgecut/runtime/network/network.hpp"
#include "edgecut/runtime/sample.hpp"

namespace edgecut::sim {

// splitmix64 (Steele, Lea, Flood 2014): tiny, and gives the same numbers on every platform and
// standard library, which std::uniform_int_distribution does not.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  // Uniform in [min, max] (modulo bias is irrelevant for simulated sensors).
  std::int64_t between(std::int64_t min, std::int64_t max);

 private:
  std::uint64_t state_;
};

class SensorSource {
 public:
  explicit SensorSource(const network::SensorSource& spec);

  // The next sample (a JSON number, or a CSV cell's text).
  nlohmann::json next();
  // The next sample, written as one CBOR item (sim/json_cbor.hpp's writeJson of next(), without
  // a copy of it: what the mote host does at each sensor read).
  void writeNext(wire::Writer& out);
  // The next sample as writeNext would write it, but a number handed back as one (sample.hpp)
  // and anything else written into `out` (Sample::Kind::encoded).
  mote::Sample takeNext(wire::Writer& out);

 private:
  bool random_;
  std::shared_ptr<const std::vector<nlohmann::json>> values_;  // the cycle of constant, values and csv sources
  std::size_t cursor_ = 0;
  std::int64_t min_ = 0;
  std::int64_t max_ = 0;
  SplitMix64 generator_{0};
};

}  // namespace edgecut::sim

#endif  // EDGECUT_RUNTIME_SIM_SENSORS_HPP
