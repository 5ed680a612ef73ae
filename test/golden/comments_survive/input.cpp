/*
 * A program whose comments and layout must come through edgecut untouched.
 */
#include <edgecut/edgecut.hpp>

#include <cstdio>

// The kind of mote: a thermometer with a status LED.
class [[edgecut::mote]] Thermo {
 public:
  int getTemperature() const;   /* sensor */
  void setLed(int on);          // actuator

  [[edgecut::onboard]]
  bool changed() {
    // Compare with the reading before: state lives on the mote.
    int now = getTemperature();
    bool different = now != last_;
    last_ = now;     // remember it
    return different;
  }

 private:
  int last_ = 0;    // mote-local state
};

[[nodiscard, edgecut::onbase]] int   report(   int value )   // odd spacing stays
{
  std::printf("changed: %d\n", value);   // on the base
  return value;
}

int main()
{
  Thermo thermo;  // binds the first free thermometer
  for (int round = 0; round < 3; ++round) {
    bool changed = thermo.changed();
    thermo.setLed(changed ? 1 : 0);
    (void)report(changed);
  }
  // main falls off its end: the generated code keeps its `return 0`
}
