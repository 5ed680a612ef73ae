// Periods that are no periods (docs/design.md §9): [[every("…")]] takes a whole number and a unit.
#include <edgecut/edgecut.hpp>

struct [[mote]] Meter {
  int getPower();
  int sum = 0;
  [[onboard]] [[every("5m")]] void badUnit() { sum += getPower(); }
  [[onboard]] [[edgecut::every("0s")]] void zero() { sum += getPower(); }
  [[onboard]] [[every("1.5min")]] void fraction() { sum += getPower(); }
  [[onboard]] [[every("60")]] void noUnit() { sum += getPower(); }
  [[onboard]] [[every("99999999999999999999h")]] void tooLong() { sum += getPower(); }
};

int main() { return 0; }
