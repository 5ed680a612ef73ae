// A base that stops while a mote's push waits for it (README.md, "Helpers: compiled into the mote,
// or called on the base"): the handler the push runs stops the base's own process before it can
// acknowledge the push. e2e.udp.pushes_base_stops runs it with every node its own process, and
// checks that the mote drops the push after its deadline, counts it, says so and never hangs.
#include <edgecut/edgecut.hpp>

#include <chrono>
#include <csignal>

[[onbase]] void store(unsigned meter, int watts) {
  (void)meter;
  (void)watts;
  std::raise(SIGSTOP);
}

struct [[mote]] Meter {
  int getPower();  // sensor "power", W
  [[auto]] [[edgecut::every("1min")]] void sample() { store(edgecut::idOf(*this), getPower()); }
};

int main() { edgecut::runFor(std::chrono::minutes(1)); }
