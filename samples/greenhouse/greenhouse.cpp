// A greenhouse with two kinds of mote. One mote can be both kinds; each mote keeps its own state.
#include <edgecut/edgecut.hpp>

#include <cstdio>

struct [[mote]] Thermometer {
  int getTemperature();  // sensor "temperature", degrees Celsius

  int warmest = -273;  // mote state: it lives on the mote, and the base has no copy

  [[onboard]] int sample() {
    int celsius = getTemperature();
    if (celsius > warmest) warmest = celsius;
    return celsius;
  }
  [[onboard]] int peak() const { return warmest; }
};

struct [[mote]] Hygrometer {
  int getHumidity();        // sensor "humidity", percent
  void setMister(int on);   // actuator "mister"

  [[auto]] bool tooDry(int below) { return getHumidity() < below; }
};

int main() {
  Thermometer north;  // the first free thermometer
  Thermometer south;  // the next one
  Hygrometer bench;   // the first free hygrometer: the same mote as `north` may serve
  std::printf("north is mote %u, south is mote %u, bench is mote %u\n", edgecut::idOf(north),
              edgecut::idOf(south), edgecut::idOf(bench));
  for (int round = 1; round <= 3; ++round) {
    int a = north.sample();
    int b = south.sample();
    bool dry = bench.tooDry(40);
    bench.setMister(dry ? 1 : 0);
    std::printf("round %d: north %d C, south %d C, bench %s\n", round, a, b, dry ? "dry" : "moist");
  }
  std::printf("warmest: north %d C, south %d C\n", north.peak(), south.peak());
  try {
    Thermometer third;
    std::printf("a third thermometer: mote %u\n", edgecut::idOf(third));
  } catch (const edgecut::NoMoteAvailable&) {
    std::printf("no third thermometer in this greenhouse\n");
  }
  return 0;
}
