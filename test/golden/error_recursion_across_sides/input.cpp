#include <edgecut/edgecut.hpp>

struct [[mote]] Thermo {
  int getTemperature();
  [[onboard]] int settle(int rounds);
};

[[onbase]] int retry(Thermo& thermo, int rounds) { return rounds == 0 ? 0 : thermo.settle(rounds - 1); }

int Thermo::settle(int rounds) {
  int now = getTemperature();
  return now > 30 ? retry(*this, rounds) : now;
}

int main() {
  Thermo thermo;
  return thermo.settle(3);
}
