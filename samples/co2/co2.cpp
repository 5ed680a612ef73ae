// PySense §3: three ways to watch CO2 in a building, in one program.
//   1. the base reads every CO2 mote itself;
//   2. a cluster per floor collects the readings on its head, which sends them in one message;
//   3. the head forwards only the readings above a threshold.
// The plans decide whether the floor's methods run on its head or on the base.
#include <edgecut/edgecut.hpp>

#include <cstdio>
#include <vector>

struct [[mote]] Co2Meter {
  int getCo2();  // sensor "co2", in ppm
};

constexpr int TH = 1000;  // ppm: above this, a room needs air

struct Floor : edgecut::Cluster<Co2Meter> {
  using Cluster::Cluster;

  // Program 2: every member's reading, in member order.
  [[auto]] std::vector<int> collect() {
    std::vector<int> readings;
    for (Co2Meter& meter : motes()) readings.push_back(meter.getCo2());
    return readings;
  }

  // Program 3: only the readings above `threshold`, with the mote they came from.
  [[auto]] std::vector<std::pair<unsigned, int>> above(int threshold) {
    std::vector<std::pair<unsigned, int>> alarms;
    for (Co2Meter& meter : motes()) {
      int ppm = meter.getCo2();
      if (ppm > threshold) alarms.emplace_back(edgecut::idOf(meter), ppm);
    }
    return alarms;
  }
};

int main() {
  std::printf("program 1: the base reads every meter\n");
  for (Co2Meter& meter : edgecut::motes<Co2Meter>())
    std::printf("  mote %u: %d ppm\n", edgecut::idOf(meter), meter.getCo2());

  // The first floor: its meters, except the one in the stairwell.
  auto firstFloor = edgecut::Region::path("/building/1") - edgecut::Region::path("/building/1/stairs");
  Floor floor(firstFloor.items<Co2Meter>());

  std::printf("program 2: the head of floor 1 (mote %u) collects\n", floor.headId());
  for (int ppm : floor.collect()) std::printf("  %d ppm\n", ppm);

  std::printf("program 3: the head forwards readings above %d ppm\n", TH);
  for (auto [mote, ppm] : floor.above(TH)) std::printf("  mote %u: %d ppm\n", mote, ppm);
  return 0;
}
