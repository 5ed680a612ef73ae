// edgecut: partitions one C++ program between motes and a base station. See README.md.
#include <iostream>

#include "edgecut/compiler/driver.hpp"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/StringSaver.h"

extern "C" int edgecut_attributes_registered();

int main(int argc, char** argv) {
  // Keeps the attribute registration linked in, whatever the linker decides about unused objects.
  if (!edgecut_attributes_registered()) return 3;
  // `@file` arguments are read as clang tools read them (a response file, GNU quoting), before
  // any option is looked at, so that one can hold edgecut's options and the compiler's alike.
  llvm::SmallVector<const char*, 64> words(argv, argv + argc);
  llvm::BumpPtrAllocator allocator;
  llvm::StringSaver saver(allocator);
  if (!llvm::cl::ExpandResponseFiles(saver, llvm::cl::TokenizeGNUCommandLine, words)) {
    std::cerr << "edgecut: error: cannot read a response file\n";
    return 2;
  }
  std::string error;
  auto options = edgecut::compiler::parseToolOptions({words.begin() + 1, words.end()}, error);
  if (!options) {
    std::cerr << "edgecut: error: " << error << "\n\n" << edgecut::compiler::usageText();
    return 2;
  }
  return edgecut::compiler::runTool(*options);
}
