#include <edgecut/edgecut.hpp>

struct [[mote]] Thermo {
  int getTemperature();
  [[auto]] int average(int samples) {
    int sum = 0;
    for (int i = 0; i < samples; ++i) sum += getTemperature();
    return sum / samples;
  }
};

int main() {
  Thermo thermo;
  return thermo.average(4) > 30;
}
