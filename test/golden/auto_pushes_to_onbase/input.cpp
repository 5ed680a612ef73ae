// [[auto]] code that calls the base (docs/design.md §1, approach 2): every minute each meter
// samples its power, and every quarter of an hour it numbers its summary on the base (a call that
// returns a value, so mote code waits for it) and pushes the summary to the base's store (void: a
// one-way push, acknowledged, run once). The golden's plan puts the auto code on the meters; the
// end-to-end tests (e2e.pushes) run it under test/e2e/pushes/plans/, on the meters and on the base,
// and work out by hand what it prints and sends.
#include <edgecut/edgecut.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

struct Summary {
  int mean;
  int peak;
};

std::map<unsigned, int> numbered;  // the base's: each meter's summaries so far
int stored = 0;
long long meansInAll = 0;
int highestPeak = 0;

[[onbase]] int nextNumber(unsigned meter) { return ++numbered[meter]; }

[[onbase]] void store(unsigned meter, int number, Summary summary) {
  ++stored;
  meansInAll += summary.mean;
  highestPeak = std::max(highestPeak, summary.peak);
  std::printf("minute %lld: meter %u summary %d: mean %d W, peak %d W\n",
              static_cast<long long>(edgecut::now().count() / 60000), meter, number, summary.mean, summary.peak);
}

struct [[mote]] Meter {
  int getPower();  // sensor "power", W
  int sum = 0, peak = 0, n = 0;

  // The running sums stay on the meter, wherever the auto code runs.
  [[onboard]] bool add(int watts) {
    sum += watts;
    if (watts > peak) peak = watts;
    return ++n == 15;
  }
  [[onboard]] Summary take() {
    const Summary summary{sum / n, peak};
    sum = peak = n = 0;
    return summary;
  }

  [[auto]] [[edgecut::every("1min")]] void sample() { summarize(getPower()); }
  [[auto]] void summarize(int watts) {
    if (!add(watts)) return;
    const unsigned meter = edgecut::idOf(*this);
    const int number = nextNumber(meter);
    store(meter, number, take());
  }
};

int main() {
  edgecut::runFor(std::chrono::hours(1));
  std::printf("after %lld min: %d summaries, means %lld W in all, highest peak %d W\n",
              static_cast<long long>(edgecut::now().count() / 60000), stored, meansInAll, highestPeak);
}
