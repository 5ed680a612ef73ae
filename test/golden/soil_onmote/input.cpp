// Soil moisture and irrigation: each Soil mote measures moisture and drives a valve.
// The base decides which valves to open. Where the averaging runs is up to the plan.
#include <edgecut/edgecut.hpp>

#include <cstdio>

struct [[mote]] Soil {
  int getMoisture();        // sensor "moisture", in percent
  void setValve(int open);  // actuator "valve": 1 opens it, 0 closes it

  // Mean of `samples` readings. On the mote it sends one value to the base; on the base every
  // reading is a READ over the radio.
  [[auto]] int avgMoisture(int samples) {
    int sum = 0;
    for (int i = 0; i < samples; ++i) sum += getMoisture();
    return sum / samples;
  }
};

constexpr int kDryBelow = 30;  // percent
constexpr int kSamples = 8;

[[onbase]] void logDecision(unsigned node, int moisture, bool open) {
  std::printf("mote %u: moisture %d%%, valve %s\n", node, moisture, open ? "open" : "closed");
}

int main() {
  int opened = 0;
  for (Soil& field : edgecut::motes<Soil>()) {
    int moisture = field.avgMoisture(kSamples);
    bool dry = moisture < kDryBelow;
    field.setValve(dry ? 1 : 0);
    logDecision(edgecut::idOf(field), moisture, dry);
    opened += dry;
  }
  std::printf("%d valve(s) open\n", opened);
  return 0;
}
