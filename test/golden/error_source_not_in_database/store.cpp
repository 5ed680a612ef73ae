// The base's storage: per building, what the meters' summaries add up to.
#include <cstdio>
#include <map>

#include "meters.hpp"

namespace {

// Meters are numbered by building (meter 203 is building 2's third).
struct BuildingStatistics {
  long long meanSum = 0;  // W, the summaries' means added up
  int summaries = 0;
  int peak = 0;
  int spikes = 0;
};
std::map<unsigned, BuildingStatistics> buildings;

}  // namespace

void store(unsigned meter, Summary summary) {
  BuildingStatistics& building = buildings[meter / 100];
  building.meanSum += summary.mean;
  ++building.summaries;
  if (summary.peak > building.peak) building.peak = summary.peak;
  building.spikes += summary.spikes;
}

void printBuildings() {
  for (const auto& [number, building] : buildings)
    std::printf("building %u: %d summaries, mean %lld W, peak %d W, %d spikes\n", number,
                building.summaries, building.meanSum / building.summaries, building.peak,
                building.spikes);
}
