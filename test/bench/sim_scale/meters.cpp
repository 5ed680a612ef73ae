// The Scale benchmark's program (test/bench/sim_scale/README.md): docs/design.md §9's meters. Each
// meter is read every minute and every 15 readings become a summary that the base stores. The
// window's state lives on the meter, behind [[onboard]] add and take (mote state that moves with
// [[auto]] code is not there yet), so the plans differ only in where sample and summarize run:
// raw puts them on the base (every reading is a READ, every addition a CALL), edge on the meters
// (one push a quarter of an hour).
#include <edgecut/edgecut.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>

struct Summary {
  int mean;  // W over the window
  int peak;  // W
};

constexpr int kWindow = 15;

long long summaries = 0;
long long meanSum = 0;
int highestPeak = 0;

[[onbase]] void store(unsigned meter, Summary summary) {
  (void)meter;
  ++summaries;
  meanSum += summary.mean;
  if (summary.peak > highestPeak) highestPeak = summary.peak;
}

struct [[mote]] Meter {
  int getPower();  // sensor "power", W
  int sum = 0, peak = 0, n = 0;

  [[onboard]] bool add(int watts) {
    sum += watts;
    if (watts > peak) peak = watts;
    return ++n == kWindow;
  }
  [[onboard]] Summary take() {
    const Summary summary{sum / n, peak};
    sum = peak = n = 0;
    return summary;
  }

  [[auto]] [[edgecut::every("1min")]] void sample() { summarize(getPower()); }
  [[auto]] void summarize(int watts) {
    if (add(watts)) store(edgecut::idOf(*this), take());
  }
};

// argv[1]: the minutes of network time to run (default 60).
int main(int argc, char** argv) {
  const long minutes = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 60;
  edgecut::runFor(std::chrono::minutes(minutes));
  std::printf("%lld summaries, mean %lld W, highest peak %d W\n", summaries,
              summaries > 0 ? meanSum / summaries : 0, highestPeak);
}
