// State follows code (docs/design.md §1): a meter's window of readings is used only by [[auto]]
// code, so it lives where that code runs: on the meters, on the base (one copy per meter), or per
// group of meters. The goldens state_on_mote, state_on_base and state_per_group partition this
// program under three plans; e2e.state runs it under each and works out what it prints and sends.
#include <edgecut/edgecut.hpp>

#include <chrono>
#include <cstdio>

// The base's: one line per window of three readings.
[[onbase]] void store(unsigned meter, int mean, int peak) {
  std::printf("minute %lld: meter %u mean %d W, peak %d W\n",
              static_cast<long long>(edgecut::now().count() / 60000), meter, mean, peak);
}

struct [[mote]] Meter {
  int getPower();      // sensor "power", W
  int sum = 0, n = 0;  // the window: used by summarize and its helper only
  int peak = 0;

  [[auto]] [[edgecut::every("1min")]] void sample() { summarize(getPower()); }
  [[auto]] void summarize(int watts) {
    sum += watts;
    notePeak(watts);
    if (++n == 3) {
      store(edgecut::idOf(*this), sum / n, peak);
      sum = n = peak = 0;
    }
  }
  // Unannotated: compiled in with summarize, wherever that runs, and its state goes along.
  void notePeak(int watts) {
    if (watts > peak) peak = watts;
  }
};

int main() {
  edgecut::runFor(std::chrono::minutes(6));
  std::printf("after %lld min\n", static_cast<long long>(edgecut::now().count() / 60000));
}
