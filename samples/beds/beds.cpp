// Raised beds, north and south of the base station, each a cluster of soil probes. The three kinds
// of function a plan can place per group of motes, so that e2e runs each variant: a probe's method
// (per probe), a free function with a mote parameter (per the mote it names) and a cluster's
// method (per cluster, by its head). plans/groups.json splits each of them; whatever the plan, the
// output and the valve writes are the same.
#include <edgecut/edgecut.hpp>

#include <cstdio>

struct [[mote]] Soil {
  int getMoisture();        // sensor "moisture", in percent
  void setValve(int open);  // actuator "valve"

  [[auto]] int average(int samples) {
    int sum = 0;
    for (int i = 0; i < samples; ++i) sum += getMoisture();
    return sum / samples;
  }
};

// Opens the valve of a probe that reads drier than `level`.
[[auto]] void water(Soil& soil, int level) { soil.setValve(soil.getMoisture() < level ? 1 : 0); }

struct Bed : edgecut::Cluster<Soil> {
  using Cluster::Cluster;
  [[auto]] int driest() {
    int driest = 100;
    for (Soil& soil : motes()) {
      int moisture = soil.getMoisture();
      if (moisture < driest) driest = moisture;
    }
    return driest;
  }
};

int main() {
  for (int round = 1; round <= 2; ++round) {
    for (Soil& soil : edgecut::motes<Soil>()) {
      std::printf("round %d, probe %u: average %d\n", round, edgecut::idOf(soil), soil.average(4));
      water(soil, 30);
    }
    Bed north(edgecut::Region::path("/north").items<Soil>());
    Bed south(edgecut::Region::path("/south").items<Soil>());
    std::printf("round %d: driest north %d, south %d\n", round, north.driest(), south.driest());
  }
  return 0;
}
