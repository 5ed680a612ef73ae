// An "mcu" mote has no exceptions: throw, try and <stdexcept> are errors there.
#include <edgecut/edgecut.hpp>

#include <stdexcept>

int checked(int t) {
  if (t < -40) throw std::out_of_range("too cold");
  return t;
}

struct [[mote]] Thermo {
  int getTemperature();

  [[onboard]] int safe() {
    try {
      return checked(getTemperature());
    } catch (...) {
      return 0;
    }
  }
};

int main() {
  Thermo thermo;
  return thermo.safe();
}
