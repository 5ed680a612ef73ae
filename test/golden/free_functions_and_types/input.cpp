// Free functions that run on a mote, values of standard types crossing, helpers compiled into the
// mote, and code that must stay on the base.
#include <edgecut/edgecut.hpp>

#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace farm {

struct [[mote]] Probe {
  double getHumidity();
  void setLabel(const std::string& label);
};

// Unannotated: compiled into the mote because mote code calls it.
double clampPercent(double value) { return value < 0 ? 0 : value > 100 ? 100 : value; }

// Runs on the mote given by its first mote parameter.
[[onboard]] std::vector<double> sample(Probe& probe, int count) {
  std::vector<double> readings;
  for (int i = 0; i < count; ++i) readings.push_back(clampPercent(probe.getHumidity()));
  return readings;
}

[[auto]] std::pair<std::string, std::optional<int>> describe(Probe& probe, const std::string& name) {
  double humidity = probe.getHumidity();
  probe.setLabel(name);
  return {name, humidity > 50 ? std::optional<int>(static_cast<int>(humidity)) : std::nullopt};
}

[[onbase]] void print(const std::string& line) { std::printf("%s\n", line.c_str()); }

// Unannotated and calls base code: stays on the base.
void summarize(const std::vector<double>& readings) {
  double sum = 0;
  for (double reading : readings) sum += reading;
  print("mean " + std::to_string(sum / static_cast<double>(readings.size())));
}

}  // namespace farm

int main(int argc, char** argv) {
  (void)argv;
  for (farm::Probe& probe : edgecut::motes<farm::Probe>()) {
    farm::summarize(farm::sample(probe, argc + 2));
    auto [name, level] = farm::describe(probe, "probe-" + std::to_string(edgecut::idOf(probe)));
    farm::print(name + (level ? " wet " + std::to_string(*level) : " dry"));
  }
  return 0;
}
