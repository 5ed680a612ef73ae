// Vibration monitoring: every Accel mote sits on a machine; each round the base asks every machine
// for a wear score and flags the worn ones. Two steps may run on the mote:
//   - bands(): 16 accelerometer samples -> 4 band energies. Cheap to compute, and 4 values cross
//     instead of 16;
//   - wearScore(): a long fixed-point score over the bands. One value crosses, but it costs many
//     operations.
// Sending raw samples is dear, and so is the score on the mote: the cheapest split runs bands() on
// the mote and wearScore() on the base, which neither hand-written plan (plans/onmote.json,
// plans/onbase.json) does. plans/auto.json leaves both to edgecut, and its placer finds that split.
#include <edgecut/edgecut.hpp>

#include <array>
#include <cstdio>

struct [[mote]] Accel {
  int getVibration();  // sensor "vibration", in mg

  // The energy of the signal's differences at strides 1 to 4.
  [[auto]] std::array<int, 4> bands() {
    std::array<int, 16> samples{};
    for (int i = 0; i < 16; ++i) samples[i] = getVibration();
    std::array<int, 4> energy{};
    for (int band = 0; band < 4; ++band) {
      for (int i = band + 1; i < 16; ++i) {
        int difference = samples[i] - samples[i - band - 1];
        energy[band] += difference * difference;
      }
    }
    return energy;
  }

  // A score in [0, 100) that mixes the bands over many rounds (a stand-in for a model's inference).
  [[auto]] int wearScore() {
    std::array<int, 4> energy = bands();
    int score = 0;
    for (int round = 0; round < 1000; ++round) {
      for (int band = 0; band < 4; ++band) score = (score * 31 + energy[band] * (band + 1)) % 100003;
    }
    return score % 100;
  }
};

int main() {
  for (int round = 1; round <= 2; ++round) {
    for (Accel& machine : edgecut::motes<Accel>()) {
      int wear = machine.wearScore();
      std::printf("round %d, machine %u: wear %d%s\n", round, edgecut::idOf(machine), wear,
                  wear >= 50 ? " (check the bearing)" : "");
    }
  }
  return 0;
}
