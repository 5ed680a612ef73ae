#include "meter.hpp"

#include <cstdio>

void show(int watts);  // store.cpp

int main() {
  for (Meter& meter : edgecut::motes<Meter>()) show(doubled(meter.getPower()));
}
