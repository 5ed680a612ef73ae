// Collect: parses the program with Clang and records the ProgramModel. The only library of the
// pipeline that sees the AST.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "edgecut/compiler/diagnostics.hpp"
#include "edgecut/compiler/model.hpp"

namespace edgecut::compiler {

struct CompileSettings {
  std::string buildDirectory;                // -p: where compile_commands.json is; may be empty
  bool hasExplicitArguments = false;         // `--` was given
  std::vector<std::string> explicitArguments;  // what followed `--`
};

// Parses `mainFile` as the compile settings say (LibTooling conventions: explicit arguments after
// `--`, else compile_commands.json from -p or found above the file, else `-std=c++20`). Clang's own
// diagnostics are printed as Clang prints them; edgecut's go to `diagnostics`. Returns nothing when
// the program does not compile or breaks an edgecut rule that is visible in the AST alone.
std::optional<ProgramModel> collectProgram(const std::string& mainFile,
                                           const CompileSettings& settings,
                                           DiagnosticSink& diagnostics);

}  // namespace edgecut::compiler
