// The meters' windowing and main; the program is main.cpp, store.cpp and meters.hpp.
#include "meters.hpp"

#include <chrono>

void Meter::summarize(int watts) {
  sum += watts;
  if (watts > peak) peak = watts;
  if (watts > kSpikeWatts) ++spikes;
  if (++n == kWindow) {
    // One member a line: on the base each use reads the mote's copy (edgecut_state()).
    Summary summary{};
    summary.mean = sum / n;
    summary.peak = peak;
    summary.spikes = spikes;
    store(edgecut::idOf(*this), summary);
    sum = peak = spikes = n = 0;
  }
}

int main() {
  edgecut::runFor(std::chrono::hours(1));
  printBuildings();
}
