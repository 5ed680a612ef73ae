// The base's runs of one network time wait for the radio together (runtime/src/base/
// concurrent_runs.hpp), yet print as one at a time would (docs/design.md §9): each meter's run
// prints before its first READ, between its two READs (on std::cout, with stderr besides) and after
// them. Placed on the meters (onmote) the same prints are pushes to the base, handled run after run.
#include <edgecut/edgecut.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>

long long total = 0;  // the base's: what every run read

[[onbase]] void starts(unsigned meter, long long minute) { std::printf("minute %lld: meter %u reads\n", minute, meter); }

[[onbase]] void halfway(unsigned meter, int first) {
  std::cout << "  meter " << meter << " read " << first;
  std::fprintf(stderr, "meter %u is halfway\n", meter);  // stderr: not compared
  std::cout << ", then";
}

[[onbase]] void reads(unsigned meter, int first, int second) {
  total += first + second;
  std::printf(" %d\n", second);
  if (meter == 3) std::puts("  all three read");
  (void)first;
}

struct [[mote]] Meter {
  int getPower();  // sensor "power"

  [[auto]] [[edgecut::every("1min")]] void sample() {
    const unsigned meter = edgecut::idOf(*this);
    starts(meter, edgecut::now().count() / 60000);
    const int first = getPower();
    halfway(meter, first);
    const int second = getPower();
    reads(meter, first, second);
  }
};

int main() {
  edgecut::runFor(std::chrono::minutes(3));
  std::printf("after %lld min: read %lld in all\n", static_cast<long long>(edgecut::now().count() / 60000), total);
}
