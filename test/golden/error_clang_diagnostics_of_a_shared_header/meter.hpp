// Clang's diagnostics in a header that both sources include: each is printed once, from the first
// source, as clang-tidy prints them; store.cpp's own error still follows.
#pragma once

#include <edgecut/edgecut.hpp>

constexpr int kWindow = "15";  // an error

inline int doubled(int watts) {
  watts * 2;  // a warning: the result is unused
  return 2 * watts;
}

struct [[mote]] Meter {
  int getPower();  // sensor "power", W
};
