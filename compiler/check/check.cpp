#include "edgecut/compiler/check.hpp"

#include <algorithm>
#include <functional>
#include <map>

#include "edgecut/compiler/profile.hpp"
#include "edgecut/runtime/network/per_mote.hpp"

namespace edgecut::compiler {

namespace {

// Adds `root` and the unannotated functions it reaches (they are compiled in with it) to `closure`,
// the code of `side`. Mote code calls a remote helper on the base: it is not compiled into the mote.
void addWithHelpers(const ProgramModel& program, const ResolvedPlacement& placement, Side side,
                    const Function& root, std::set<std::string>& closure) {
  std::function<void(const Function&)> add = [&](const Function& function) {
    if (!closure.insert(function.key).second) return;
    for (const CallSite& call : function.calls) {
      const Function* callee = program.findFunction(call.callee);
      if (callee && callee->hasBody && !callee->isSensorOrActuator() && !placement.find(callee->key) &&
          !(side == Side::Mote && placement.remoteHelper(callee->key)))
        add(*callee);
    }
  };
  add(root);
}

// The functions placed on `side`, plus the unannotated ones they reach: the code of that side. The
// base also runs the remote helpers that mote code calls.
std::set<std::string> closureOf(const ProgramModel& program, const ResolvedPlacement& placement,
                                Side side) {
  std::set<std::string> closure;
  for (const Function& function : program.functions) {
    const FunctionPlacement* placed = placement.find(function.key);
    if ((placed && placed->runsOn(side)) || (side == Side::Base && placement.remoteHelper(function.key)))
      addWithHelpers(program, placement, side, function, closure);
  }
  return closure;
}

// The calls that lead from `from` back to `to`, if any, each with the key of the function making
// it: how a callee reaches its caller again.
std::vector<std::pair<std::string, const CallSite*>> pathBack(const ProgramModel& program,
                                                              const Function& from,
                                                              const std::string& to) {
  std::map<std::string, std::pair<std::string, const CallSite*>> reachedBy;
  std::vector<std::string> queue{from.key};
  reachedBy[from.key] = {"", nullptr};
  for (std::size_t next = 0; next < queue.size(); ++next) {
    const Function* function = program.findFunction(queue[next]);
    if (!function) continue;
    for (const CallSite& call : function->calls) {
      if (reachedBy.count(call.callee)) continue;
      reachedBy[call.callee] = {function->key, &call};
      if (call.callee == to) {
        std::vector<std::pair<std::string, const CallSite*>> path;
        for (std::string at = to; at != from.key; at = reachedBy[at].first)
          path.insert(path.begin(), reachedBy[at]);
        return path;
      }
      queue.push_back(call.callee);
    }
  }
  return {};
}


// A path of calls from a mote-placed root down to the function being checked.
struct CallChainLink {
  const Function* caller;
  const CallSite* call;
};

std::vector<Diagnostic> chainNotes(const std::vector<CallChainLink>& chain) {
  std::vector<Diagnostic> notes;
  for (const CallChainLink& link : chain) {
    const std::string& callee = link.call->callee;
    notes.push_back(note(link.call->location, "'" + link.caller->qualifiedName + "' calls '" +
                                                  callee.substr(0, callee.find('(')) +
                                                  "' here, so it is compiled into the mote"));
  }
  return notes;
}

// Where a per-group placement puts `function` on the base for some motes, or nothing.
std::optional<Diagnostic> groupOnBase(const Function& function, const FunctionPlacement& placement) {
  for (const GroupPlacement& group : placement.groups) {
    if (group.side != Side::Base) continue;
    const SourceLocation& where = group.planGroup ? group.planGroup->sideLocation : placement.planEntry->valueLocation;
    return note(where, "'" + function.qualifiedName + "' runs on the base for " + group.label +
                           (group.reason == PlacementReason::Energy ? ", where the energy estimate put it"
                                                                    : ", as the plan places it"));
  }
  return std::nullopt;
}

Diagnostic whyOnBase(const Function& function, const FunctionPlacement& placement) {
  const std::string name = "'" + function.qualifiedName + "'";
  if (std::optional<Diagnostic> group = groupOnBase(function, placement)) return *group;
  switch (placement.reason) {
    case PlacementReason::Main: return note(function.location, "main always runs on the base");
    case PlacementReason::Attribute:
      return note(function.attributeLocation, name + " is marked [[onbase]] here");
    case PlacementReason::Plan:
      return note(placement.planEntry->valueLocation, name + " is placed on the base by the plan");
    case PlacementReason::Default:
      return note(function.attributeLocation,
                  name + " is [[auto]] with no plan entry, so it runs on the base; place it on the "
                         "mote in the plan to call it from mote code");
    case PlacementReason::Energy:
      if (placement.energy && !placement.energy->constraint.empty())
        return note(function.attributeLocation,
                    name + " is [[auto]] and cannot run on the mote: " + placement.energy->constraint);
      return note(function.attributeLocation,
                  name + " is [[auto]] and the energy estimate put it on the base; place it on the "
                         "mote in the plan to call it from mote code");
  }
  return note(function.location, name + " runs on the base");
}

class MoteRules {
 public:
  MoteRules(const ProgramModel& program, const ResolvedPlacement& placement,
            DiagnosticSink& diagnostics)
      : program_(program), placement_(placement), diagnostics_(diagnostics) {}

  void checkRoot(const Function& root) {
    std::vector<CallChainLink> chain;
    visit(root, root, chain);
  }

 private:
  void visit(const Function& root, const Function& function, std::vector<CallChainLink>& chain) {
    if (!checked_.insert(function.key).second) return;
    const std::string where = chain.empty()
                                  ? "'" + function.qualifiedName + "' runs on the mote"
                                  : "'" + function.qualifiedName +
                                        "' is compiled into the mote for '" + root.qualifiedName +
                                        "'";
    for (const GlobalUse& global : function.globals) {
      if (!global.isMutable) continue;
      std::vector<Diagnostic> notes = chainNotes(chain);
      notes.push_back(note(global.declaration, "'" + global.name + "' declared here"));
      diagnostics_.error(global.location,
                         where + ", but uses the mutable global '" + global.name +
                             "', which exists only on the base; make it const or constexpr, or "
                             "pass its value as an argument",
                         std::move(notes));
    }
    for (const CallSite& call : function.calls) {
      const Function* callee = program_.findFunction(call.callee);
      if (!callee || callee->isSensorOrActuator()) continue;
      if (const FunctionPlacement* placed = placement_.find(callee->key)) {
        if (placed->runsOn(Side::Base)) {
          std::vector<Diagnostic> notes = chainNotes(chain);
          notes.push_back(whyOnBase(*callee, *placed));
          std::string recursion;
          auto back = pathBack(program_, *callee, function.key);
          if (!back.empty()) {
            recursion = "; '" + callee->qualifiedName + "' calls back into '" +
                        function.qualifiedName +
                        "', and recursion cannot cross between mote and base";
            for (const auto& [caller, step] : back)
              notes.push_back(note(step->location,
                                   "'" + caller.substr(0, caller.find('(')) + "' calls '" +
                                       step->callee.substr(0, step->callee.find('(')) + "' here"));
          }
          diagnostics_.error(call.location,
                             where + ", but calls '" + callee->qualifiedName + "', which runs on the base" +
                                 (placed->splitByGroup() ? " for some motes" : "") + recursion +
                                 "; move the call into base code, or place '" +
                                 callee->qualifiedName + "' on the mote" +
                                 (placed->splitByGroup() ? " for every mote" : ""),
                             std::move(notes));
        }
        continue;  // code placed on the mote is checked as a root of its own
      }
      if (!callee->hasBody || placement_.remoteHelper(callee->key)) continue;  // remote: runs on the base
      chain.push_back({&function, &call});
      visit(root, *callee, chain);
      chain.pop_back();
    }
  }

  const ProgramModel& program_;
  const ResolvedPlacement& placement_;
  DiagnosticSink& diagnostics_;
  std::set<std::string> checked_;
};


void checkCrossingTypes(const Function& function, DiagnosticSink& diagnostics) {
  const std::string fix =
      "; pass a value that can be serialized (arithmetic, enum, bool, std::string, std::vector, "
      "std::array, std::optional, std::pair, std::tuple, or an aggregate struct of these)";
  for (const Parameter& parameter : function.parameters) {
    if (!parameter.moteClass.empty() || !parameter.problem) continue;
    std::string name = parameter.name.empty() ? "unnamed parameter" : "parameter '" + parameter.name + "'";
    diagnostics.error(parameter.location,
                      name + " of '" + function.qualifiedName +
                          "' cannot cross between base and mote: its type '" + parameter.type +
                          "' is " + parameter.problem->what + fix);
  }
  if (function.returnProblem) {
    diagnostics.error(function.location, "the result of '" + function.qualifiedName +
                                             "' cannot cross between mote and base: its type '" +
                                             function.returnType + "' is " +
                                             function.returnProblem->what + fix);
  }
  for (const Parameter& parameter : function.parameters) {
    if (!parameter.moteClass.empty() || parameter.problem || !parameter.name.empty()) continue;
    diagnostics.error(parameter.location,
                      "parameter of '" + function.qualifiedName +
                          "' has no name; name it, so that edgecut can forward it to the mote");
  }
}

void checkNetworkFits(const ProgramModel& program, const PlacementPlan& plan,
                      DiagnosticSink& diagnostics) {
  std::vector<std::string> classNames;
  for (const MoteClass& moteClass : program.moteClasses) classNames.push_back(moteClass.name);
  // The same mistake on many motes is one diagnostic naming them as ranges (per_mote.hpp's tokens).
  diag::PerMoteDiagnostics perMote(diagnostics);
  for (const PlanMote& mote : plan.network.motes) {
    if (mote.className.empty()) continue;
    const MoteClass* moteClass = program.findMoteClass(mote.className);
    if (!moteClass) {
      if (classNames.empty()) continue;
      std::string message = diag::moteWords("{mote} {has} class '") + mote.className +
                            "', which is not a [[mote]] class of " + program.mainFile;
      std::string suggestion = closestMatch(mote.className, classNames);
      if (!suggestion.empty()) message += "; did you mean '" + suggestion + "'?";
      perMote.report(mote.id, Diagnostic{Severity::Warning, mote.location, message, {}});
      continue;
    }
    auto requireAll = [&](const std::vector<std::string>& needed, const char* kind,
                          const char* field, auto has) {
      for (const std::string& name : needed) {
        if (has(name)) continue;
        perMote.report(mote.id, Diagnostic{Severity::Error, mote.location,
                                           diag::moteWords("{mote} {is a} '") + moteClass->name +
                                               diag::moteWords("', but {has} no ") + kind + " '" + name +
                                               "'; add \"" + name + "\" to " + diag::moteWords("{its} \"") +
                                               field + diag::moteWords("\", or change {its} \"class\""),
                                           {note(moteClass->location, "'" + moteClass->name + "' needs " + kind +
                                                                          " '" + name + "'")}});
      }
    };
    requireAll(moteClass->sensors, "sensor", "sensors",
               [&](const std::string& name) { return mote.sensors.count(name) > 0; });
    requireAll(moteClass->actuators, "actuator", "actuators", [&](const std::string& name) {
      return std::find(mote.actuators.begin(), mote.actuators.end(), name) != mote.actuators.end();
    });
  }
  perMote.flush();
}

}  // namespace

std::optional<Diagnostic> reasonNotOnMote(const ProgramModel& program, const PlacementPlan& plan,
                                          const ResolvedPlacement& pins, const Function& function) {
  ResolvedPlacement onMote = pins;
  onMote.byKey[function.key] = {Side::Mote, PlacementReason::Energy, nullptr, std::nullopt, {}};
  DiagnosticSink found;
  MoteRules(program, onMote, found).checkRoot(function);
  if (function.hasMoteToRunOn()) checkCrossingTypes(function, found);
  // The profile's rules over this function's closure alone: the pins' own code is checked (and
  // reported) for them.
  ResolvedPlacement alone;
  alone.byKey[function.key] = onMote.byKey[function.key];
  alone.helpers = pins.helpers;
  checkMoteProfile(program, plan, alone, found);
  for (const Diagnostic& diagnostic : found.diagnostics())
    if (diagnostic.severity == Severity::Error) return diagnostic;
  return std::nullopt;
}

std::optional<Diagnostic> reasonNotOnBase(const ProgramModel& program, const ResolvedPlacement& pins,
                                          const Function& function) {
  std::set<std::string> closure;
  addWithHelpers(program, pins, Side::Base, function, closure);
  for (const std::string& key : closure)
    for (const FieldUse& use : program.findFunction(key)->fieldUses)
      return Diagnostic{Severity::Error, use.location,
                        "it uses '" + use.moteClass + "::" + use.field + "', which lives on the mote",
                        {note(use.declaration, "mote state declared here")}};
  return std::nullopt;
}

std::set<std::string> moteClosure(const ProgramModel& program, const ResolvedPlacement& placement) {
  return closureOf(program, placement, Side::Mote);
}

std::set<std::string> baseClosure(const ProgramModel& program, const ResolvedPlacement& placement) {
  return closureOf(program, placement, Side::Base);
}

bool checkProgram(const ProgramModel& program, const PlacementPlan& plan,
                  const ResolvedPlacement& placement, DiagnosticSink& diagnostics) {
  unsigned errorsBefore = diagnostics.errorCount();
  MoteRules rules(program, placement, diagnostics);
  for (const Function& function : program.functions)
    if (placement.onMote(function.key)) rules.checkRoot(function);

  for (const Function& function : program.functions)
    if (placement.onMote(function.key) && function.hasMoteToRunOn())
      checkCrossingTypes(function, diagnostics);

  // A mote function with no mote to run on can only be called by code already on a mote.
  std::set<std::string> onMote = moteClosure(program, placement);
  for (const Function& caller : program.functions) {
    if (onMote.count(caller.key)) continue;
    for (const CallSite& call : caller.calls) {
      const Function* callee = program.findFunction(call.callee);
      if (!callee || !placement.onMote(callee->key) || callee->hasMoteToRunOn()) continue;
      const FunctionPlacement& placed = *placement.find(callee->key);
      std::string problem = "'" + callee->qualifiedName +
                            "' has no mote to run on: it is not a method of a [[mote]] class and "
                            "has no parameter of a [[mote]] class type";
      std::string fix = "; place it on the base, or give it a mote parameter";
      Diagnostic calledFrom =
          note(call.location, "called from base code ('" + caller.qualifiedName + "') here");
      if (placed.reason == PlacementReason::Plan) {
        diagnostics.error(placed.planEntry->valueLocation,
                          "plan places '" + callee->qualifiedName + "' on the mote, but " +
                              problem + fix,
                          {calledFrom});
      } else {
        diagnostics.error(callee->attributeLocation, problem + fix, {calledFrom});
      }
    }
  }

  // Mote state exists only on its mote: base code has no copy to read.
  for (const std::string& key : baseClosure(program, placement)) {
    const Function& function = *program.findFunction(key);
    const FunctionPlacement* placed = placement.find(key);
    for (const FieldUse& use : function.fieldUses) {
      std::vector<Diagnostic> notes{note(use.declaration, "mote state declared here")};
      if (placed && placed->splitByGroup()) notes.push_back(*groupOnBase(function, *placed));
      diagnostics.error(use.location,
                        "'" + function.qualifiedName + "' runs on the base" +
                            (placed && placed->splitByGroup() ? " for some motes" : "") + ", but uses '" +
                            use.moteClass + "::" + use.field +
                            "', which lives on the mote; give '" + use.moteClass +
                            "' an [[onboard]] method that reads it, and call that",
                        std::move(notes));
    }
  }

  checkMoteProfile(program, plan, placement, diagnostics);
  checkNetworkFits(program, plan, diagnostics);
  return diagnostics.errorCount() == errorsBefore;
}

}  // namespace edgecut::compiler
