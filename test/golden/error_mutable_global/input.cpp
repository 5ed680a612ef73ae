#include <edgecut/edgecut.hpp>

int calls = 0;
const int kLimit = 40;

struct [[mote]] Thermo {
  int getTemperature();
  [[onboard]] bool tooHot() {
    ++calls;
    return getTemperature() > kLimit;
  }
};

int main() {
  Thermo thermo;
  return thermo.tooHot() ? 1 : 0;
}
