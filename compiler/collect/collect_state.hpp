// Collect, part: what the parses of a program's sources share (docs/design.md §3, "Programs of
// several files"). Each source is its own translation unit; every one adds to one ProgramModel,
// and a declaration seen from several (a header's) is recorded once.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "clang/Frontend/FrontendAction.h"
#include "edgecut/compiler/diagnostics.hpp"
#include "edgecut/compiler/model.hpp"

namespace edgecut::compiler {

// Which files are the program's: its sources, and the headers under their directories that no
// -isystem or system directory supplies (docs/design.md §3). Files are known by real path.
class ProgramFiles {
 public:
  // `excluded`: a directory whose headers are never the program's (edgecut's own API headers).
  ProgramFiles(ProgramModel& model, std::string excluded) : model_(model), excluded_(std::move(excluded)) {}

  // Reads a source given on the command line into ProgramModel::files; false (reported) if it
  // cannot be read.
  bool addSource(const std::string& path, DiagnosticSink& diagnostics);

  // The index in ProgramModel::files of the file at `path` (absolute), when it is the program's: a
  // source, or a user header (not `system`) under a source's directory, read on first sight.
  // `shown` names a header in messages.
  std::optional<unsigned> indexOf(const std::string& path, bool system, const std::string& shown);

  std::vector<std::string> sourceDirectories() const { return directories_; }

 private:
  ProgramModel& model_;
  std::string excluded_;
  std::vector<std::string> directories_;  // of the sources, real paths ending in '/'
  std::map<std::string, std::optional<unsigned>> byRealPath_;
};

// The first definition of a [[mote]] class, to compare a later one with (an ODR break).
struct MoteClassDefinition {
  std::size_t index = 0;  // into ProgramModel::moteClasses
  TextRange text;         // the whole definition
};

struct CollectState {
  explicit CollectState(ProgramModel& model, std::string excluded) : files(model, std::move(excluded)) {}

  ProgramFiles files;
  std::map<std::string, std::size_t> functionByKey;  // into ProgramModel::functions
  std::map<std::string, MoteClassDefinition> moteClassByName;
  std::map<std::string, std::size_t> clusterClassByName;  // into ProgramModel::clusterClasses
  std::set<std::pair<unsigned, unsigned>> attributes;     // (file, offset) of each one recorded
  unsigned source = 0;  // the source being parsed, an index into ProgramModel::files
  std::map<std::string, std::set<unsigned>> declaredIn;  // Function::declaredIn, by key
};

// The action that parses one source and adds what it declares to the model (collect.cpp).
std::unique_ptr<clang::FrontendAction> makeCollectAction(CollectState& state, ProgramModel& model,
                                                         DiagnosticSink& diagnostics);

// After every source: what needs the whole program. Sorts the bodiless methods of [[mote]] classes
// into sensors and actuators, and reports a placed function that no source defines.
void finishProgram(ProgramModel& model, DiagnosticSink& diagnostics);

}  // namespace edgecut::compiler
