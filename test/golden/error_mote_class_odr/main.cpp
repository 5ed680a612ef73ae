// A [[mote]] class that store.cpp defines otherwise: one program may not hold both (an ODR break).
#include <edgecut/edgecut.hpp>

#include <cstdio>

struct [[mote]] Meter {
  int getPower();  // sensor "power", W
  int doubled() { return 2 * getPower(); }
};

void show(Meter& meter);  // store.cpp

int main() {
  for (Meter& meter : edgecut::motes<Meter>()) std::printf("%d\n", meter.doubled());
}
