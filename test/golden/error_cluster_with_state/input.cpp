#include <edgecut/edgecut.hpp>

struct [[mote]] Thermo { int getTemperature(); };

struct Room : edgecut::Cluster<Thermo> {
  using Cluster::Cluster;
  int readings = 0;
  [[onboard]] int first() { ++readings; return motes().front().getTemperature(); }
};

int main() {
  Room room(edgecut::motes<Thermo>());
  return room.first();
}
