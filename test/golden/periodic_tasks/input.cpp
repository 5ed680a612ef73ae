// Periodic tasks and network time (docs/design.md §9): two power meters sampled every minute on
// the meter, checked for overloads every 10 minutes where the plan says, and audited every half hour
// by the base, for one hour of network time. The golden's plan places the check per group; the
// end-to-end test (e2e.periodic) runs it under test/e2e/periodic/plans/ and works out by hand what
// it prints and sends.
#include <edgecut/edgecut.hpp>

#include <chrono>
#include <cstdio>

int overloads = 0;  // the base's: a helper that counts in it runs there

// Unannotated, and it uses a mutable global: it runs on the base, and a check on a meter calls it
// over the radio.
void overload(unsigned meter, int watts, long long minute) {
  ++overloads;
  std::printf("minute %lld: meter %u draws %d W\n", minute, meter, watts);
}

int audited = 0;  // watts the base's audits read, summed

struct [[mote]] Meter {
  int getPower();  // sensor "power", W
  int sum = 0, n = 0;

  [[onboard]] [[edgecut::every("1min")]] void sample() { sum += getPower(); ++n; }
  [[onboard]] int total() const { return sum; }
  [[onboard]] int samples() const { return n; }

  // Where the plan says: on the meter, a reading costs nothing and only an overload is sent; on
  // the base, every check is a READ.
  [[auto]] [[every("10min")]] void check() {
    int watts = getPower();
    if (watts > 150) overload(edgecut::idOf(*this), watts, edgecut::now().count() / 60000);
  }

  [[onbase]] [[every("30min")]] void audit() { audited += getPower(); }
};

int main() {
  edgecut::runFor(std::chrono::minutes(30));
  std::printf("after %lld min: %d overloads\n", static_cast<long long>(edgecut::now().count() / 60000), overloads);
  edgecut::runFor(std::chrono::minutes(30));
  for (Meter& meter : edgecut::motes<Meter>()) {
    const int samples = meter.samples();
    std::printf("meter %u: %d samples, mean %d W\n", edgecut::idOf(meter), samples, meter.total() / samples);
  }
  std::printf("after %lld min: %d overloads, audits read %d W in all\n",
              static_cast<long long>(edgecut::now().count() / 60000), overloads, audited);
  try {
    edgecut::runFor(std::chrono::minutes(-1));
  } catch (const std::invalid_argument&) {
    std::printf("time does not run backwards\n");
  }
}
