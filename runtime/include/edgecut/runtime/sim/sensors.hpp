// Simulated sensors. Every sensor of every mote has its own source, so runs are deterministic and
// independent of the order in which motes are read:
//   {"constant": v}                                   always v
//   {"values": [v0, v1, ...]}                         v0, v1, ..., cycled
//   {"random": {"min": a, "max": b, "seed": s}}       integers in [a, b], splitmix64 from seed s
//   {"csv": {"file": path, "column": name-or-index}}  the column's cells, cycled; a relative path is
//                                                     relative to the working directory
#ifndef EDGECUT_RUNTIME_SIM_SENSORS_HPP
#define EDGECUT_RUNTIME_SIM_SENSORS_HPP

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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
  // Throws NetworkError (network.hpp) naming `where` if `spec` is not a source described above.
  SensorSource(const nlohmann::json& spec, const std::string& where);

  // The next sample (a JSON number, or whatever a constant/values list holds).
  nlohmann::json next();

 private:
  enum class Kind { values, random };  // a constant is a cycle of one value
  Kind kind_;
  std::vector<nlohmann::json> values_;  // the cycle of constant, values and csv sources
  std::size_t cursor_ = 0;
  std::int64_t min_ = 0;
  std::int64_t max_ = 0;
  SplitMix64 random_{0};
};

}  // namespace edgecut::sim

#endif  // EDGECUT_RUNTIME_SIM_SENSORS_HPP
