// Power meters in three buildings, the edge-computing thesis in one program (docs/design.md §9):
// every meter is read once a minute, and each window of 15 readings becomes a summary (the mean,
// the peak and the spikes above 400 W) that the base stores per building. Where the windowing
// runs, and so where its state lives, is the plan's choice: on the base (raw: every reading is
// pushed), on every meter (edge: one summary a quarter of an hour), on one building's meters
// (mixed), or where the energy model says (auto). The output is the same under every plan.
#include <edgecut/edgecut.hpp>

#include <chrono>
#include <cstdio>
#include <map>

struct Summary {
  int mean;    // W over the window
  int peak;    // W
  int spikes;  // readings above kSpikeWatts
};

constexpr int kWindow = 15;  // readings a summary covers: a quarter of an hour
constexpr int kSpikeWatts = 400;

// The base's statistics of a building: meters are numbered by building (meter 203 is building 2's
// third).
struct BuildingStatistics {
  long long meanSum = 0;  // W, the summaries' means added up
  int summaries = 0;
  int peak = 0;
  int spikes = 0;
};
std::map<unsigned, BuildingStatistics> buildings;

[[onbase]] void store(unsigned meter, Summary summary) {
  BuildingStatistics& building = buildings[meter / 100];
  building.meanSum += summary.mean;
  ++building.summaries;
  if (summary.peak > building.peak) building.peak = summary.peak;
  building.spikes += summary.spikes;
}

struct [[mote]] Meter {
  int getPower();  // sensor "power", W

  // The window so far: used only by summarize, so it lives where summarize runs.
  int sum = 0, peak = 0, spikes = 0, n = 0;

  [[auto]] [[edgecut::every("1min")]] void sample() { summarize(getPower()); }

  [[auto]] void summarize(int watts) {
    sum += watts;
    if (watts > peak) peak = watts;
    if (watts > kSpikeWatts) ++spikes;
    if (++n == kWindow) {
      store(edgecut::idOf(*this), Summary{sum / n, peak, spikes});
      sum = peak = spikes = n = 0;
    }
  }
};

int main() {
  edgecut::runFor(std::chrono::hours(1));
  for (const auto& [number, building] : buildings)
    std::printf("building %u: %d summaries, mean %lld W, peak %d W, %d spikes\n", number,
                building.summaries, building.meanSum / building.summaries, building.peak,
                building.spikes);
}
