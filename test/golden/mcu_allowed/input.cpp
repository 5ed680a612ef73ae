// What an "mcu" mote may use: <cmath>, <algorithm>, <numeric>, <array>, <optional>, <cstdint>,
// <span>, and the program's own code. The base keeps the whole standard library.
#include <edgecut/edgecut.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <numeric>
#include <optional>
#include <span>
#include <vector>

constexpr std::size_t kSamples = 5;

// Compiled into the mote too: fine, it uses only allowed headers.
double rootMeanSquare(std::span<const std::int32_t> values) {
  double sum = 0;
  for (std::int32_t v : values) sum += static_cast<double>(v) * v;
  return std::sqrt(sum / static_cast<double>(values.size()));
}

struct [[mote]] Thermo {
  int getTemperature();

  [[onboard]] std::optional<int> median() {
    std::array<std::int32_t, kSamples> samples{};
    for (auto& sample : samples) sample = getTemperature();
    std::sort(samples.begin(), samples.end());
    int total = std::accumulate(samples.begin(), samples.end(), 0);
    if (total == 0) return std::nullopt;
    int spread = std::max(samples.back() - samples.front(), 0);
    double rms = rootMeanSquare(samples);
    if (std::isnan(rms) || spread > 100) return std::nullopt;
    return samples[kSamples / 2];
  }
};

int main() {
  Thermo thermo;
  std::vector<int> medians;  // the base has a heap
  medians.push_back(thermo.median().value_or(-1));
  std::printf("%d\n", medians.front());
}
