// Written by hand in the shape of edgecut's generated base.cpp, for the runtime's cluster
// end-to-end test (cluster_e2e/README.md).
#include "edgecut_glue.hpp"
#include <edgecut/runtime/base.hpp>

#include <edgecut/edgecut.hpp>

#include <cstdio>

struct Thermo {
  EDGECUT_MOTE_CLASS("Thermo")
  int getTemperature();
};

struct Room : edgecut::Cluster<Thermo> {
  using Cluster::Cluster;
  int average(int offset) { return ::edgecut::base::callCluster<int>(*this, edgecut_glue::fn::Room_average, offset); }
};

int edgecut_user_main() {
  edgecut::Region floor3 = edgecut::Region::path("/floors/3");
  Room room(floor3.items<Thermo>());
  int average = room.average(0);
  std::printf("room: head %u, average %d\n", room.headId(), average);
  Room pair(edgecut::Region::box(0, 15, 5, 25).items<Thermo>());
  average = pair.average(1);
  std::printf("pair: head %u, average %d\n", pair.headId(), average);
  const auto nowhere = (edgecut::Region::path("/nowhere") | edgecut::Region::path("/nowhere/")).items<Thermo>();
  std::printf("nowhere: %zu motes\n", nowhere.size());
  return 0;
}

// ---- edgecut: sensors and actuators, read and written over the radio ----

int Thermo::getTemperature() {
  return ::edgecut::base::read<int>(edgecut_mote_, edgecut_glue::sensor::temperature);
}

// ---- edgecut: entry point ----

int main(int argc, char** argv) {
  return ::edgecut::base::run(argc, argv, edgecut_glue::kProgram,
                              [](int, char**) { return edgecut_user_main(); });
}
