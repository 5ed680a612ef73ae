#include <cstdio>

#include "meter.hpp"

void show(int watts) { std::printf("%d W over %d readings\n", watts, kWindow); }

int total = watts;  // an error of store.cpp's own
