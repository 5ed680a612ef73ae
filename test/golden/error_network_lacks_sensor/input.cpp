#include <edgecut/edgecut.hpp>

struct [[mote]] Thermo {
  int getTemperature();
  void setLed(int on);
};

int main() {
  Thermo thermo;
  thermo.setLed(thermo.getTemperature() > 30);
}
