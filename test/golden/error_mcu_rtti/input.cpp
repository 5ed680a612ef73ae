// An "mcu" mote has no RTTI: typeid and dynamic_cast are errors there.
#include <edgecut/edgecut.hpp>

#include <typeinfo>

struct Filter {
  virtual ~Filter() = default;
  virtual int apply(int t) const { return t; }
};
struct Offset : Filter {
  int apply(int t) const override { return t + 1; }
};

struct [[mote]] Thermo {
  int getTemperature();

  [[onboard]] int filtered(bool offset) {
    Offset byOne;
    Filter plain;
    const Filter& filter = offset ? static_cast<const Filter&>(byOne) : plain;
    if (dynamic_cast<const Offset*>(&filter)) return filter.apply(getTemperature());
    return typeid(filter) == typeid(Offset) ? 1 : filter.apply(getTemperature());
  }
};

int main() {
  Thermo thermo;
  return thermo.filtered(true);
}
