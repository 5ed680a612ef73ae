// The highest of a meter's next readings: on the motes under plan.json.
#include "meter.hpp"

int Meter::peak(int readings) {
  int highest = 0;
  for (int i = 0; i < readings; ++i) {
    const int watts = getPower();
    if (watts > highest) highest = watts;
  }
  return highest;
}
