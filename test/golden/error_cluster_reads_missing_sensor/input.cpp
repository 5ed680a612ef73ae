#include <edgecut/edgecut.hpp>

struct [[mote]] Thermo { int getTemperature(); };

struct Room : edgecut::Cluster<Thermo> {
  using Cluster::Cluster;
  [[onboard]] int driest() {
    int lowest = 100;
    for (Thermo& thermo : motes()) lowest = thermo.getHumidity() < lowest ? thermo.getHumidity() : lowest;
    return lowest;
  }
};

int main() {
  Room room(edgecut::motes<Thermo>());
  return room.driest();
}
