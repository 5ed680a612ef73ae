// Emit, part: the state the generated files share. emit.cpp builds it and writes the depfile,
// glue.cpp the glue header and the network's unit, units.cpp mote.cpp and base.cpp,
// resolved_json.cpp the resolved placement. Every one of them reads where code goes from the
// Partition.
#pragma once

#include <array>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "edgecut/compiler/emit.hpp"
#include "edgecut/compiler/partition.hpp"

namespace edgecut::compiler {

class Emitter {
 public:
  Emitter(const ProgramModel& program, const PlacementPlan& plan, const Partition& partition);

  std::string glueHeader() const;
  // The plan's network, normalised, as CBOR (network::encodeForGlue): edgecut_network.cbor.
  const std::string& networkData() const { return networkData_; }
  // glue.cpp too: edgecut_network.cpp, which builds networkData() into a program under the
  // symbol the glue declares.
  std::string networkUnit() const;
  // The variant of program file `file` (ProgramModel::files) for `unit`, and its name.
  std::string unit(Unit unit, unsigned file) const;
  const std::string& outputName(Unit unit, unsigned file) const {
    return outputNames_[file][unit == Unit::Mote ? 0 : 1];
  }
  std::string resolvedPlacement() const;
  std::string depfile(const std::string& outputDirectory) const;

 private:
  std::string banner(const char* purpose, unsigned file) const;
  const std::string& glueName(const Function& function) const { return glueNames_.at(function.key); }

  // units.cpp: a file's edited text, and the definitions generated once per side
  std::string baseText(unsigned file) const;
  std::string moteText(unsigned file) const;
  std::string baseDefinitions() const;
  std::string moteDefinitions() const;
  std::vector<TextEdit> commonEdits(Unit unit, unsigned file) const;
  void addOperationCounters(const std::string& text, const Function& function, std::vector<TextEdit>& edits) const;
  std::vector<TextEdit> standIn(Unit unit, const Function& function, const FunctionPartition& entry) const;
  std::string remoteCall(const Function& function, const std::string& indent, const std::string& prefix,
                         const std::string& suffix) const;
  std::vector<std::string> remoteStubStatements(const Function& function, const std::string& indent) const;
  std::vector<std::string> baseCallStubStatements(const Function& function, const std::string& indent) const;
  std::vector<std::string> groupDispatch(const Function& function, const FunctionPlacement& placed,
                                         const std::string& indent) const;
  std::string moteGroupTables() const;
  std::string ioDefinitions(const char* title, const char* side, const char* read, const char* write) const;
  std::string dispatchCase(const Function& function) const;
  std::string taskRunner() const;
  // member_state.cpp: the members' declarations in `unit`, and on the base the rewritten uses of
  // the members that live there (Partition::members).
  std::vector<TextEdit> memberStateEdits(Unit unit, unsigned file) const;
  bool baseKeepsMemberState() const;
  // The mote's table of its actuators' value types; empty if it has no actuator with a value.
  std::string actuatorTypes() const;
  // main(): `run` with the program, then userMain (if any), dispatch, and `last`, the argument
  // after it (the mote's actuator types, the base's task runner); a null dispatch before a `last`
  // is "nullptr".
  std::string entryPoint(const char* run, const std::string& userMain, const char* dispatch,
                         const char* last = nullptr) const;

  const ProgramModel& program_;
  const PlacementPlan& plan_;
  const Partition& partition_;
  std::vector<const Function*> placedFunctions_;  // every function the placement gives a side
  std::vector<const Function*> remoteFunctions_;  // placed on a mote, callable from the base
  // What mote code calls on the base, program order: remote helpers, and base functions that
  // [[auto]] mote code calls (FunctionPartition::calledFromMote).
  std::vector<const Function*> baseFunctions_;
  std::vector<const Function*> remoteHelpers_;    // of baseFunctions_, the unannotated ones
  std::map<std::string, std::string> glueNames_;  // of placedFunctions_ and remoteHelpers_, by key
  std::vector<std::string> sensors_, actuators_;
  // What each attribute takes away, per program file, in text order.
  std::vector<std::vector<TextRange>> attributeRemovals_;
  std::string networkData_;
  std::vector<std::array<std::string, 2>> outputNames_;  // per program file: mote, base
  unsigned entryFile_ = 0;  // the source whose variants hold the generated definitions
  std::uint64_t fingerprint_ = 0;
};

// The identifier for a qualified name in the glue: `farm::Probe::dry` is `farm_Probe_dry`.
std::string identifierFor(const std::string& qualifiedName);

}  // namespace edgecut::compiler
