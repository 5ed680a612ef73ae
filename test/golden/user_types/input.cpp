// Aggregate structs cross between mote and base: edgecut generates their serializers.
#include <edgecut/edgecut.hpp>

#include <array>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace farm {

enum class Unit { Celsius, Fahrenheit };

struct Window { int from = 0; int to = 0; };  // on one line

struct Reading {
  double value = 0;
  Unit unit = Unit::Celsius;
  Window window;              // a nested struct
  std::optional<int> quality;
};

struct Summary {
  std::string label;
  std::vector<Reading> readings;
  std::array<bool, 2> flags{};
  std::pair<int, long> range;
};

struct Empty {};

}  // namespace farm

struct [[mote]] Thermo {
  int getTemperature();

  struct Calibration {  // nested in the mote class
    int offset = 0;
  };

  [[onboard]] farm::Reading read(farm::Window window, Calibration calibration) {
    farm::Reading reading;
    reading.value = getTemperature() + calibration.offset;
    reading.window = window;
    reading.quality = 3;
    return reading;
  }
  [[onboard]] farm::Summary summarize(const farm::Summary& previous, farm::Empty nothing) {
    (void)nothing;
    farm::Summary summary = previous;
    summary.readings.push_back(read({1, 2}, {0}));
    return summary;
  }
};

int main() {
  Thermo thermo;
  farm::Summary summary = thermo.summarize({"hall", {}, {true, false}, {1, 2}}, {});
  std::printf("%s %zu %.1f\n", summary.label.c_str(), summary.readings.size(),
              summary.readings.front().value);
}
