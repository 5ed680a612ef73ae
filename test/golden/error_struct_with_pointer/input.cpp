#include <edgecut/edgecut.hpp>

#include <optional>
#include <vector>

struct Node {
  int value = 0;
  Node* next = nullptr;
};

struct Inner { const char* name; };
struct Outer { int id; std::vector<std::optional<Inner>> inners; };

class Private {
  int secret = 0;
 public:
  int get() const { return secret; }
};

struct [[mote]] Thermo {
  int getTemperature();
  [[onboard]] int sum(Node list) { return list.value + getTemperature(); }
  [[onboard]] Outer outer() { return {}; }
  [[onboard]] void hide(Private p) { (void)p; }
};

int main() {
  Thermo thermo;
  thermo.hide({});
  thermo.outer();
  return thermo.sum({});
}
