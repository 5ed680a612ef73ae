#include <edgecut/edgecut.hpp>

struct [[mote]] Thermo {
  int getTemperature(int channel);
  void setLed(int on, int brightness);
  void calibrate();
};

int main() {
  Thermo thermo;
  return thermo.getTemperature(0);
}
