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
  std::vector<std::string> extraArguments;        // --extra-arg: appended to every command
  std::vector<std::string> extraArgumentsBefore;  // --extra-arg-before: put first in every command
};

// Parses each of `sources` as the compile settings say, as clang-tidy would (explicit arguments
// after `--`, else compile_commands.json from -p or found above the first source, else
// `-std=c++20`; --extra-arg and --extra-arg-before on top), into one model (docs/design.md §3,
// "Programs of several files"). Clang's own diagnostics are printed as Clang prints them;
// edgecut's go to `diagnostics`. Returns nothing when a source does not compile or the program
// breaks an edgecut rule that is visible in the AST alone.
std::optional<ProgramModel> collectProgram(const std::vector<std::string>& sources,
                                           const CompileSettings& settings,
                                           DiagnosticSink& diagnostics);

}  // namespace edgecut::compiler
