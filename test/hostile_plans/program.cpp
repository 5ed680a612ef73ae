// The program every hostile plan is given (test/hostile_plans/README.md): one mote class with a
// sensor and an actuator, a function a plan may place, and a base function.
#include <edgecut/edgecut.hpp>

#include <cstdio>

struct [[mote]] Soil {
  int getMoisture();
  void setValve(int open);

  [[auto]] int avgMoisture(int samples) {
    int sum = 0;
    for (int i = 0; i < samples; ++i) sum += getMoisture();
    return sum / samples;
  }
};

[[onbase]] void report(unsigned node, int moisture) { std::printf("mote %u: %d\n", node, moisture); }

int main() {
  for (Soil& field : edgecut::motes<Soil>()) {
    int moisture = field.avgMoisture(8);
    field.setValve(moisture < 30);
    report(edgecut::idOf(field), moisture);
  }
}
