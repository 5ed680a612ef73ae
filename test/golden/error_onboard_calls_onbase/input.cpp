#include <edgecut/edgecut.hpp>
#include <cstdio>

struct [[mote]] Thermo {
  int getTemperature();
  [[onboard]] int reading();
};

[[onbase]] void log(int value) { std::printf("%d\n", value); }

int scaled(int value) {
  log(value);  // a helper that reaches base code
  return value * 10;
}

[[onboard]] int Thermo::reading() {
  log(1);
  return scaled(getTemperature());
}

int main() {
  Thermo thermo;
  std::printf("%d\n", thermo.reading());
}
