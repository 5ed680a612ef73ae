// Place: decides the side of every placed function from its attribute and the plan. Pure: it needs
// neither Clang nor the file system, so its tests feed it plain data.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "edgecut/compiler/diagnostics.hpp"
#include "edgecut/compiler/model.hpp"
#include "edgecut/compiler/plan.hpp"

namespace edgecut::compiler {

enum class PlacementReason {
  Attribute,  // pinned by [[onboard]] or [[onbase]]
  Main,       // main always runs on the base
  Plan,       // the plan's placement entry
  Default,    // [[auto]] with no plan entry: the base, until the placer decides (issue 4)
};
const char* reasonName(PlacementReason reason);

struct FunctionPlacement {
  Side side = Side::Base;  // Mote or Base, never Auto once resolved
  PlacementReason reason = PlacementReason::Default;
  const PlacementEntry* planEntry = nullptr;  // set when the plan placed it
};

// The side of every placed function (attributed ones and main), by Function::key. Unannotated
// functions are absent: they are compiled into whichever side uses them.
struct ResolvedPlacement {
  std::map<std::string, FunctionPlacement> byKey;

  const FunctionPlacement* find(const std::string& key) const;
  bool onMote(const std::string& key) const;
  bool onBase(const std::string& key) const;
};

// Errors: a plan key that names no function (with "did you mean"), a key that names an overloaded
// function without its signature, a plan entry that contradicts an attribute, a plan entry for a
// function that has no placement attribute.
std::optional<ResolvedPlacement> resolvePlacement(const ProgramModel& program,
                                                  const PlacementPlan& plan,
                                                  DiagnosticSink& diagnostics);

}  // namespace edgecut::compiler
