// An "mcu" mote has no console: iostream and stdio are errors there, but fine on the base.
#include <edgecut/edgecut.hpp>

#include <cstdio>
#include <iostream>

struct [[mote]] Thermo {
  int getTemperature();

  [[onboard]] int logged() {
    int t = getTemperature();
    std::cout << "temperature " << t << "\n";
    std::printf("%d\n", t);
    return t;
  }
};

int main() {
  Thermo thermo;
  std::printf("%d\n", thermo.logged());  // on the base: fine
}
