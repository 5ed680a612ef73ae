// The network's names and the plan's file names are text nobody checked: a path, a cluster's name
// and the key file's name here hold quotes, backslashes, line breaks, `*/`, `??/`, a control byte
// and UTF-8. The generated files hold each as a C++ string literal, and compile.
#include <edgecut/edgecut.hpp>

#include <cstdio>

struct [[mote]] Soil {
  int getMoisture();

  [[auto]] int average(int samples) {
    int sum = 0;
    for (int i = 0; i < samples; ++i) sum += getMoisture();
    return sum / samples;
  }
};

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
  for (Soil& soil : edgecut::motes<Soil>()) std::printf("mote %u: %d\n", edgecut::idOf(soil), soil.average(4));
  Bed north(edgecut::Region::path("/north").items<Soil>());
  std::printf("driest: %d\n", north.driest());
}
