// A plan whose "periods" are no periods (docs/design.md §9): the plan reader says so, as
// [[every]] would.
#include <edgecut/edgecut.hpp>

struct [[mote]] Meter {
  int getPower();
  int sum = 0;
  [[onboard]] [[every("1min")]] void sample() { sum += getPower(); }
  [[onboard]] [[every("1h")]] void reset() { sum = 0; }
};

int main() { edgecut::runFor(std::chrono::hours(1)); }
