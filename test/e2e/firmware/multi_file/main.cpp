// Each meter's peak over four readings (network.json cycles its values: 200 220 180 200 -> 220;
// 300 450 300 450 -> 450; 150 -> 150).
#include <cstdio>

#include "meter.hpp"

int main() {
  for (Meter& meter : edgecut::motes<Meter>())
    std::printf("meter %u: peak %d W\n", edgecut::idOf(meter), meter.peak(4));
}
