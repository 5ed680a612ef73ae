// An "mcu" mote has no heap: new/delete, std::vector, std::string and malloc are errors there.
#include <edgecut/edgecut.hpp>

#include <cstdlib>
#include <string>
#include <vector>

int* scratch(int n) { return new int[n]; }  // compiled into the mote: average calls it

struct [[mote]] Thermo {
  int getTemperature();

  [[onboard]] int average(int samples) {
    int* values = scratch(samples);
    int sum = 0;
    for (int i = 0; i < samples; ++i) sum += values[i] = getTemperature();
    delete[] values;
    return sum / samples;
  }
  [[onboard]] int history() {
    std::vector<int> readings;
    readings.push_back(getTemperature());
    return static_cast<int>(readings.size());
  }
  [[onboard]] int label() {
    std::string name = "t" + std::to_string(getTemperature());
    void* raw = std::malloc(16);
    std::free(raw);
    return static_cast<int>(name.size());
  }
};

int main() {
  Thermo thermo;
  return thermo.average(4) + thermo.history() + thermo.label();
}
