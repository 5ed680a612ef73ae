// A plan places each of these per group of motes: the base looks the target mote up in a table
// that edgecut generates from the plan, and runs the call itself for motes not listed there.
#include <edgecut/edgecut.hpp>

#include <cstdio>

struct [[mote]] Soil {
  int getMoisture();
  void setValve(int open);

  [[auto]] int average(int samples) {
    int sum = 0;
    for (int i = 0; i < samples; ++i) sum += getMoisture();
    return sum / samples;
  }
};

// A free function runs on the mote its mote parameter names.
[[auto]] void water(Soil& soil, int level) { soil.setValve(soil.getMoisture() < level ? 1 : 0); }

struct Bed : edgecut::Cluster<Soil> {
  using Cluster::Cluster;
  // Per cluster: the base asks about the cluster's head.
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
  for (Soil& soil : edgecut::motes<Soil>()) {
    std::printf("mote %u: %d\n", edgecut::idOf(soil), soil.average(4));
    water(soil, 30);
  }
  Bed north(edgecut::Region::path("/north").items<Soil>());
  Bed south(edgecut::Region::path("/south").items<Soil>());
  std::printf("driest: north %d, south %d\n", north.driest(), south.driest());
}
