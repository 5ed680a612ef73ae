// PySense §2: the average temperature of a room. The room's thermometers form a cluster; the plan
// decides whether average() runs on the cluster head (one value crosses to the base) or on the
// base (every reading crosses).
#include <edgecut/edgecut.hpp>

#include <cstdio>

struct [[mote]] Thermo {
  int getTemperature();  // sensor "temperature", in degrees Celsius
};

struct Room : edgecut::Cluster<Thermo> {
  using Cluster::Cluster;

  [[auto]] int average() {
    int sum = 0;
    for (Thermo& thermo : motes()) sum += thermo.getTemperature();
    return sum / static_cast<int>(motes().size());
  }
};

[[onbase]] int toFahrenheit(int celsius) { return celsius * 9 / 5 + 32; }

int main() {
  // Room 312: everything in the hall's bounding box, plus whatever is named under the room.
  auto room312 = edgecut::Region::box(0, 0, 100, 100) | edgecut::Region::path("/floors/3/312");
  Room room(room312.items<Thermo>());
  std::printf("room 312: %zu thermometers, head mote %u\n", room.motes().size(), room.headId());
  for (int round = 1; round <= 3; ++round) {
    int celsius = room.average();
    std::printf("round %d: %d C (%d F)\n", round, celsius, toFahrenheit(celsius));
  }
  return 0;
}
