#include <edgecut/edgecut.hpp>

#include <cstdio>

[[onbase]] void store(int watts) { std::printf("%d W\n", watts); }

struct [[mote]] Meter {
  int getPower();  // sensor "power", W
  [[edgecut::every("1min")]] [[auto]] void sample() { store(getPower()); }
};
