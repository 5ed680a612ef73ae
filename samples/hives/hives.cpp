// Beehive scales. Each round the base asks every hive how its weight changed over 8 samples; a
// hive that lost more than 500 g is swarming, and the swarm goes into the base's log.
//
// Hive::change() is [[auto]]. Where it runs on a hive, each of the three unannotated helpers it
// calls reaches the mote in its own way (edgecut chooses, per helper; `edgecut explain` shows why):
//   - toGrams(): a few operations per sample, so it is compiled into the mote (PySense's
//     approach 1);
//   - noiseFloor(): thousands of operations on one value; sending that value to the base costs
//     less, so the mote calls it on the base (approach 2);
//   - logSwarm(): writes the base's log, a mutable global, so it cannot run on a mote at all; the
//     mote calls it on the base too, and change() may still run on the mote.
// plans/onbase.json reads every sample over the radio; plans/onmote.json and plans/auto.json (where
// the energy estimate puts change() on the hives) send one value per call, and one per helper call.
#include <edgecut/edgecut.hpp>

#include <cstdio>

int swarmsLogged = 0;  // the base's log

int toGrams(int counts) { return counts * 5 / 2; }

// The scale's noise at this change, in grams (a stand-in for a long calibration model).
int noiseFloor(int grams) {
  int mixed = grams < 0 ? -grams : grams;
  for (int round = 0; round < 500; ++round) mixed = (mixed * 31 + 7) % 1009;
  return 5 + mixed % 20;
}

int logSwarm(int lost) {
  ++swarmsLogged;
  std::printf("  swarm #%d logged: %d g gone\n", swarmsLogged, lost);
  return swarmsLogged;
}

struct [[mote]] Hive {
  int getWeight();  // sensor "weight", in ADC counts

  // The weight change over 8 samples in grams; 0 within the scale's noise.
  [[auto]] int change() {
    int first = toGrams(getWeight());
    int latest = first;
    for (int i = 1; i < 8; ++i) latest = toGrams(getWeight());
    int delta = latest - first;
    if (delta < -500) logSwarm(-delta);
    int noise = noiseFloor(delta);
    if (delta > -noise && delta < noise) return 0;
    return delta;
  }
};

int main() {
  for (int round = 1; round <= 2; ++round) {
    std::printf("round %d\n", round);
    for (Hive& hive : edgecut::motes<Hive>()) {
      int grams = hive.change();
      std::printf("  hive %u: %+d g\n", edgecut::idOf(hive), grams);
    }
  }
  std::printf("%d swarms logged\n", swarmsLogged);
  return 0;
}
