#include <edgecut/edgecut.hpp>
#include <cstdio>

[[onbase]] void store(int value) { std::printf("%d\n", value); }

int keep(int value) { store(value); return value; }
int clean(int value) { return keep(value < 0 ? 0 : value); }

struct [[mote]] Thermo {
  int getTemperature();
  [[onboard]] int reading() { return clean(getTemperature()); }
};

int main() {
  Thermo thermo;
  return thermo.reading();
}
