// A program of several files for firmware (e2e.qemu.multi_file): this header holds the [[mote]]
// class, window.cpp the code the plan puts on the motes, main.cpp main. The firmware holds both
// sources' mote units: main.mote.cpp's dispatcher calls window.mote.cpp's Meter::peak.
#pragma once

#include <edgecut/edgecut.hpp>

struct [[mote]] Meter {
  int getPower();  // sensor "power", W

  [[auto]] int peak(int readings);  // window.cpp
};
