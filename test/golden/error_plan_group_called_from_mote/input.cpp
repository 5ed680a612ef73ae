#include <edgecut/edgecut.hpp>

#include <cstdio>

struct [[mote]] Soil {
  int getMoisture();

  [[auto]] int average() { return (getMoisture() + getMoisture()) / 2; }
  // Mote code: it calls average() on its own mote, so average() must run on every mote.
  [[onboard]] bool dry() { return average() < 30; }
};

int main() {
  for (Soil& soil : edgecut::motes<Soil>()) std::printf("%d\n", soil.dry() ? 1 : 0);
}
