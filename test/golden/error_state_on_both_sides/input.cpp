// A member used on both sides for the same mote (docs/design.md §1, "State follows code"): the
// window follows summarize, but an [[onboard]] method reads it on the meter.
#include <edgecut/edgecut.hpp>

#include <chrono>
#include <cstdio>

[[onbase]] void store(unsigned meter, int mean) { std::printf("meter %u: %d W\n", meter, mean); }

struct [[mote]] Meter {
  int getPower();  // sensor "power", W
  int sum = 0, n = 0;

  [[auto]] [[edgecut::every("1min")]] void sample() { summarize(getPower()); }
  [[auto]] void summarize(int watts) {
    sum += watts;
    if (++n == 3) {
      store(edgecut::idOf(*this), sum / n);
      sum = n = 0;
    }
  }
  [[onboard]] int pending() const { return n; }
};

int main() {
  edgecut::runFor(std::chrono::minutes(6));
  for (Meter& meter : edgecut::motes<Meter>()) std::printf("%d pending\n", meter.pending());
}
