#include <edgecut/edgecut.hpp>

#include <cstdio>

struct [[mote]] Meter {
  int getPower();  // sensor "power", W
  long doubled() { return 2L * getPower(); }
};

void show(Meter& meter) { std::printf("%ld\n", meter.doubled()); }
