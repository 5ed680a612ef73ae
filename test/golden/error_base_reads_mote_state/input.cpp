#include <edgecut/edgecut.hpp>
#include <cstdio>

struct [[mote]] Thermo {
  int getTemperature();
  int last = 0;  // mote state
  [[onboard]] int read() { return last = getTemperature(); }
};

void show(const Thermo& thermo) { std::printf("%d\n", thermo.last); }

int main() {
  Thermo thermo;
  thermo.read();
  show(thermo);
}
