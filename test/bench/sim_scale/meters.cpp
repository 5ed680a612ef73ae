// The Scale benchmark's program (test/bench/sim_scale/README.md): docs/design.md §9's meters. Each
// meter is read every minute and every 15 readings become a summary that the base stores. The
// window's state is used only by [[auto]] summarize, so it lives where summarize runs: raw puts
// sample and summarize on the base (every reading is a READ; the base keeps one window per meter),
// edge on the meters (one push a quarter of an hour).
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
  int sum = 0, peak = 0, n = 0;  // the window so far: lives where summarize runs

  [[auto]] [[edgecut::every("1min")]] void sample() { summarize(getPower()); }
  [[auto]] void summarize(int watts) {
    sum += watts;
    if (watts > peak) peak = watts;
    if (++n == kWindow) {
      store(edgecut::idOf(*this), Summary{sum / n, peak});
      sum = peak = n = 0;
    }
  }
};

// argv[1]: the minutes of network time to run (default 60).
int main(int argc, char** argv) {
  const long minutes = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 60;
  edgecut::runFor(std::chrono::minutes(minutes));
  std::printf("%lld summaries, mean %lld W, highest peak %d W\n", summaries,
              summaries > 0 ? meanSum / summaries : 0, highestPeak);
}
