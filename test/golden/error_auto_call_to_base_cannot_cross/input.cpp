#include <edgecut/edgecut.hpp>
#include <cstdio>

// Called over the radio by [[auto]] code on the mote (approach 2): its arguments cross to the base.
[[onbase]] void keep(const int* value, int) { std::printf("%d\n", *value); }

struct [[mote]] Thermo {
  int getTemperature();
  [[auto]] void report() {
    const int reading = getTemperature();
    keep(&reading, 1);
  }
};

int main() {
  Thermo thermo;
  thermo.report();
}
