// Water tanks, for `edgecut partition --profile` (test/e2e/profile.cmake). peakLevel's loop runs
// `window` times, a count no compiler can see: the static estimate guesses 10 readings a call and
// puts peakLevel on the tank, where one value travels instead of ten. The window comes from the
// command line and is 1 unless given: a simulated run measures one reading a call, and with that
// profile edgecut puts peakLevel on the base, which then reads the tank once and runs nothing there.
#include <edgecut/edgecut.hpp>

#include <cstdio>
#include <cstdlib>

struct [[mote]] Tank {
  int getLevel();        // sensor "level", in cm
  void setPump(int on);  // actuator "pump"

  // The highest of `window` readings.
  [[auto]] int peakLevel(int window) {
    int peak = getLevel();
    for (int i = 1; i < window; ++i) {
      int level = getLevel();
      if (level > peak) peak = level;
    }
    return peak;
  }
};

int main(int argc, char** argv) {
  const int window = argc > 1 ? std::atoi(argv[1]) : 1;
  for (Tank& tank : edgecut::motes<Tank>()) {
    const int peak = tank.peakLevel(window);
    tank.setPump(peak > 80 ? 1 : 0);
    std::printf("tank %u: peak %d cm, pump %s\n", edgecut::idOf(tank), peak, peak > 80 ? "on" : "off");
  }
  return 0;
}
