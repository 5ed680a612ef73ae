// A [[auto]] function on the mote and the three ways its helpers reach it: scale() is compiled in
// (approach 1); mix() costs more operations than sending its arguments, and record() uses a
// mutable global, so the mote calls both on the base (approach 2). fold() costs as much as mix(),
// but it is constexpr and a constant expression on the mote uses it: it stays compiled in.
#include <edgecut/edgecut.hpp>

#include <cstdio>
#include <string>

int recorded = 0;

int scale(int raw) { return raw * 3; }

// Slow on a mote: thousands of operations for one value.
long mix(int value, int salt) {
  long state = value;
  for (int i = 0; i < 3000; ++i) state = (state * 7 + salt) % 65521;
  return state;
}

constexpr long fold(int value) {
  long state = value;
  for (int i = 0; i < 3000; ++i) state = (state * 5 + 1) % 65521;
  return state;
}

void record(const std::string& what, int value) {
  ++recorded;
  std::printf("%s %d\n", what.c_str(), value);
}

struct [[mote]] Gauge {
  int getLevel();

  [[auto]] long reading() {
    constexpr int kSalt = static_cast<int>(fold(2) % 7);
    int level = 0;
    for (int i = 0; i < 10; ++i) level += scale(getLevel());
    record("level", level);
    return mix(level, kSalt) + level;
  }
};

int main() {
  for (Gauge& gauge : edgecut::motes<Gauge>()) std::printf("%ld\n", gauge.reading());
  std::printf("%d recorded\n", recorded);
}
