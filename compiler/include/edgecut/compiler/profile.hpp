// Mote profiles (docs/design.md §1): what a mote's standard library offers. "linux" (an edge computer) has
// everything. Every other profile is data, one file each, compiler/profiles/<name>.json, embedded
// into the tool at build time: the standard headers it allows, and the families of features it
// rejects (heap, stdio, exceptions, RTTI), with the words of their errors.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "edgecut/compiler/diagnostics.hpp"
#include "edgecut/compiler/model.hpp"
#include "edgecut/compiler/partition.hpp"
#include "edgecut/compiler/plan.hpp"

namespace edgecut::compiler {

// A family of rejected features. Errors read:
//   '<function>' runs on an "<profile>" mote, which has <lacks>: <use> <verb>; <fix>
struct ProfileFamily {
  std::string family;  // "heap"
  std::string lacks;   // "no heap"
  std::string verb;    // for uses without a verb of their own: "allocates"
  std::map<std::string, std::string> expressions;  // "new" -> "allocates"
  std::map<std::string, std::string> names;        // LibraryUse::entity (C functions with or
                                                   // without std::) -> verb ("" = verb)
  std::vector<std::string> headers;                // every declaration from these: "vector"
  std::string fix;     // "{function}" is replaced by the function's name
};

struct MoteProfile {
  std::string name;
  std::string summary;
  std::vector<std::string> allowedHeaders;  // what the profile promises, in the order errors list it
  std::vector<std::string> supportHeaders;  // what those need (<utility>, <type_traits>, ...)
  std::string notAllowedMessage;            // "{use}" is replaced by the use
  std::string notAllowedFix;                // "{allowed}", "{function}" are replaced
  std::vector<ProfileFamily> families;
};

// Parses a profile file's text; throws std::runtime_error naming what is wrong.
MoteProfile parseMoteProfile(const std::string& json);

// The embedded profile of that name, or nothing when the profile restricts nothing ("linux").
const MoteProfile* findMoteProfile(const std::string& name);

// Reports, as an error at the offending expression, every use that the plan's profile rejects in
// code compiled into the mote: `moteCode`, Partition::moteCode() or a walk of the same kind
// (compiledWith). Returns true when there was none.
bool checkMoteProfile(const ProgramModel& program, const PlacementPlan& plan,
                      const std::vector<Reached>& moteCode, DiagnosticSink& diagnostics);
// The same with a given profile (tests).
bool checkMoteProfile(const ProgramModel& program, const MoteProfile& profile,
                      const std::vector<Reached>& moteCode, DiagnosticSink& diagnostics);

}  // namespace edgecut::compiler
