// Unannotated functions that only base code calls run on the base alone, and mote.cpp keeps no
// body of theirs: fieldReport() asks a Region for its motes, census() walks every mote, note()
// counts in a mutable global, and Soil::doubled() is a method defined outside its class. The mote
// runtime has no Region or motes(): a mote program that kept them would not link. scaled() is
// compiled into the mote with wetness() when the plan puts that there (this plan's estimate
// does), and into the base, whose main calls it too. test/e2e runs it under every plan.
#include <edgecut/edgecut.hpp>

#include <algorithm>
#include <cstdio>

int notes = 0;

int scaled(int raw) { return raw * 2; }

struct [[mote]] Soil {
  int getMoisture();

  [[auto]] int wetness(int samples) {
    int sum = 0;
    for (int i = 0; i < samples; ++i) sum += scaled(getMoisture());
    return sum / samples;
  }

  int doubled();
};

int Soil::doubled() { return scaled(wetness(2)); }

int fieldReport() {
  int wettest = 0;
  for (Soil& soil : edgecut::Region::box(0, 0, 50, 50).items<Soil>())
    wettest = std::max(wettest, soil.getMoisture());
  return wettest;
}

int census() {
  int count = 0;
  for (Soil& soil : edgecut::motes<Soil>()) count += soil.getMoisture() > 20 ? 1 : 0;
  return count;
}

void note(const char* what, int value) {
  ++notes;
  std::printf("%s: %d\n", what, value);
}

int main() {
  note("wettest in the field", fieldReport());
  note("motes wetter than 20", census());
  note("mote 1 doubled", edgecut::motes<Soil>().front().doubled());
  note("scaled on the base", scaled(21));
  std::printf("%d notes\n", notes);
}
