// Soil probes in two places: a greenhouse far from the base station, and a field right beside it.
// Each probe's dryness() turns 16 raw moisture readings into one figure, smoothed against the
// spikes a probe gives while it is watered.
//
// Smoothing on the probe costs thousands of operations and sends one value; smoothing on the base
// sends the 16 raw readings over the radio. From the far greenhouse the readings are dear, so its
// probes should preprocess; from the field beside the base they are cheap, so its probes should
// send raw data. That split is a per-group plan (plans/groups.json), which neither uniform plan
// (plans/onmote.json, plans/onbase.json) can express; plans/auto.json lets edgecut decide each
// group by the energy estimate, and it finds the same split.
#include <edgecut/edgecut.hpp>

#include <array>
#include <cstdio>

struct [[mote]] Probe {
  int getMoisture();     // sensor "moisture", in percent
  void setPump(int on);  // actuator "pump"

  // 100 minus the smoothed moisture: 0 is soaked, 100 bone dry.
  [[auto]] int dryness() {
    std::array<int, 16> readings{};
    for (int i = 0; i < 16; ++i) readings[i] = getMoisture();
    // Twenty passes of a 1-2-1 filter, in place: a spike spreads out and fades.
    for (int pass = 0; pass < 20; ++pass) {
      for (int i = 1; i < 15; ++i) readings[i] = (readings[i - 1] + 2 * readings[i] + readings[i + 1]) / 4;
    }
    int sum = 0;
    for (int i = 0; i < 16; ++i) sum += readings[i];
    return 100 - sum / 16;
  }
};

constexpr int kPumpAbove = 60;  // dryness at which a probe's pump starts

int main() {
  for (int round = 1; round <= 2; ++round) {
    for (Probe& probe : edgecut::motes<Probe>()) {
      int dry = probe.dryness();
      probe.setPump(dry > kPumpAbove ? 1 : 0);
      std::printf("round %d, probe %u: dryness %d, pump %s\n", round, edgecut::idOf(probe), dry,
                  dry > kPumpAbove ? "on" : "off");
    }
  }
  return 0;
}
