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
  Default,    // [[auto]] with no plan entry (or "auto"), before placeAutomatically decides it
  Energy,     // [[auto]], decided by the energy estimate (placeAutomatically, energy.hpp)
};
const char* reasonName(PlacementReason reason);

// The two terms of DESIGN §4's E = instruction·O + transmit·Σ Bᵢ·dᵢ², as estimated or measured.
struct EnergyTerms {
  double instructions = 0;  // instruction · O
  double transmit = 0;      // transmit · Σ Bᵢ·dᵢ²
  double total() const { return instructions + transmit; }
};

// Why the energy estimate put an [[auto]] function where it did.
struct EnergyDecision {
  EnergyTerms chosen;                // the program's estimated E with every auto function decided
  std::optional<EnergyTerms> other;  // the least E with this function on the other side
  std::string constraint;            // when that side is not legal: why (then `other` is empty)
  std::string figures;               // with a profile: which counts it measured, which are estimated
};

struct FunctionPlacement {
  Side side = Side::Base;  // Mote or Base, never Auto once resolved
  PlacementReason reason = PlacementReason::Default;
  const PlacementEntry* planEntry = nullptr;  // set when the plan placed it
  std::optional<EnergyDecision> energy;       // set when reason is Energy
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
