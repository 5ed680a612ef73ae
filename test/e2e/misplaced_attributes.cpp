// edgecut's attributes in the wrong places: clang with the edgecut plugin warns about each.
struct [[mote]] Thermo { int getTemperature(); };

[[onboard]] int counter = 0;

struct Plain {
  [[mote]] int value();
};

int main() { return counter; }
