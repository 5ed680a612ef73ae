// Power meters, split the usual way (docs/design.md §3, "Programs of several files"): this header
// holds the [[mote]] class and the struct that crosses, main.cpp the windowing and main, store.cpp
// the base's storage.
#pragma once

#include <edgecut/edgecut.hpp>

struct Summary {
  int mean;    // W over the window
  int peak;    // W
  int spikes;  // readings above kSpikeWatts
};

constexpr int kWindow = 15;  // readings a summary covers: a quarter of an hour
constexpr int kSpikeWatts = 400;

[[onbase]] void store(unsigned meter, Summary summary);  // store.cpp
void printBuildings();                                  // store.cpp

struct [[mote]] Meter {
  int getPower();  // sensor "power", W

  // The window so far: used only by summarize, so it lives where summarize runs.
  int sum = 0, peak = 0, spikes = 0, n = 0;

  [[auto]] [[edgecut::every("1min")]] void sample() { summarize(getPower()); }

  [[auto]] void summarize(int watts);  // main.cpp
};
