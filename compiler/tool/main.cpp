// edgecut: partitions one C++ program between motes and a base station. See README.md.
#include <iostream>

#include "edgecut/compiler/driver.hpp"

extern "C" int edgecut_attributes_registered();

int main(int argc, char** argv) {
  // Keeps the attribute registration linked in, whatever the linker decides about unused objects.
  if (!edgecut_attributes_registered()) return 3;
  std::string error;
  auto options = edgecut::compiler::parseToolOptions({argv + 1, argv + argc}, error);
  if (!options) {
    std::cerr << "edgecut: error: " << error << "\n\n" << edgecut::compiler::usageText();
    return 2;
  }
  return edgecut::compiler::runTool(*options);
}
