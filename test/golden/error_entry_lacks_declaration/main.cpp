// main, which sees none of store.cpp's declarations: edgecut's dispatchers and sensor definitions
// go with main, so they could not call them.
#include <edgecut/edgecut.hpp>

#include <chrono>

int main() { edgecut::runFor(std::chrono::minutes(2)); }
