#include <edgecut/edgecut.hpp>

struct [[mote]] Thermo {
  int getTemperature();
  [[onboard]] bool tooHot() { return getTemperature() > 40; }
};

int main() {
  Thermo thermo;
  return thermo.tooHot();
}
