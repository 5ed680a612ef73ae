// The plan's "periods" name periodic tasks (docs/design.md §9).
#include <edgecut/edgecut.hpp>

struct [[mote]] Meter {
  int getPower();
  int sum = 0, n = 0;
  [[onboard]] [[every("1min")]] void sample() { sum += getPower(); ++n; }
  [[onboard]] int mean() const { return n ? sum / n : 0; }
};

int main() {
  edgecut::runFor(std::chrono::hours(1));
  return 0;
}
