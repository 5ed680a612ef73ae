#include <edgecut/edgecut.hpp>

[[auto]] int toFahrenheit(int celsius) { return celsius * 9 / 5 + 32; }

int main() {
  return toFahrenheit(21) > 70;
}
