#include <edgecut/edgecut.hpp>
#include <functional>

struct [[mote]] Thermo {
  int getTemperature();
  [[onboard]] void fill(int* out) { *out = getTemperature(); }
  [[onboard]] int apply(std::function<int(int)> transform) { return transform(getTemperature()); }
  [[onboard]] int& last() { static int value = 0; return value; }
};

int main() {
  Thermo thermo;
  int value = 0;
  thermo.fill(&value);
  return thermo.apply([](int t) { return t + 1; });
}
