// [[every]] where no timer can run it (docs/design.md §9): a periodic task is a parameterless
// method of a [[mote]] class with a placement attribute.
#include <edgecut/edgecut.hpp>

struct [[mote]] Meter {
  int getPower();
  int sum = 0;
  [[onboard]] [[every("1min")]] void sampleTimes(int times) {
    for (int i = 0; i < times; ++i) sum += getPower();
  }
  [[every("1min")]] void unplaced() { sum += getPower(); }
};

struct Room : edgecut::Cluster<Meter> {
  using Cluster::Cluster;
  [[onboard]] [[every("1h")]] void tick() {}
};

[[onbase]] [[every("30s")]] void poll() {}

int main() { return 0; }
