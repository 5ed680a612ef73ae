#include "edgecut/compiler/check.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "edgecut/compiler/profile.hpp"
#include "edgecut/runtime/network/per_mote.hpp"

namespace edgecut::compiler {

namespace {

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

// The calls by which a walk brought `reached` into the mote, from its root down, as notes.
std::vector<Diagnostic> chainNotes(const Reached& reached,
                                   const std::unordered_map<const Function*, const Reached*>& walked) {
  std::vector<Diagnostic> notes;
  for (const Reached* link = &reached; link->caller; link = walked.at(link->caller)) {
    const std::string& callee = link->call->callee;
    notes.push_back(note(link->call->location, "'" + link->caller->qualifiedName + "' calls '" +
                                                   callee.substr(0, callee.find('(')) +
                                                   "' here, so it is compiled into the mote"));
  }
  std::reverse(notes.begin(), notes.end());
  return notes;
}

const Function& rootOf(const Reached& reached,
                       const std::unordered_map<const Function*, const Reached*>& walked) {
  const Reached* link = &reached;
  while (link->caller) link = walked.at(link->caller);
  return *link->function;
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

// Whether a caller placed per group runs on the mote only for motes for which `callee`'s group runs
// there too: both are compiled into the mote, and the base never asks the other motes for the call.
bool groupsAgreeOnTheMote(const FunctionPlacement& caller, const FunctionPlacement& callee) {
  if (caller.groups.empty()) return false;
  for (const GroupPlacement& group : caller.groups) {
    if (group.side != Side::Mote) continue;
    for (std::uint32_t mote : group.motes) {
      const GroupPlacement* calleeGroup = callee.groupOf(mote);
      if (!calleeGroup || calleeGroup->side != Side::Mote) return false;
    }
  }
  return true;
}

// The values a call of `function` over the radio carries: its arguments go to `destination`,
// where they must be named to be forwarded.
void checkCrossingTypes(const Function& function, DiagnosticSink& diagnostics,
                        const char* destination = "the mote") {
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
                          "' has no name; name it, so that edgecut can forward it to " + std::string(destination));
  }
}

// The rules for code on a mote (docs/design.md §1, approach 3), over the code a walk brought there:
// Partition::moteCode(), or compiledWith for a placement the placer considers. Each function is
// checked once, with the chain of calls that first brought it.
void checkMoteCode(const ProgramModel& program, const ResolvedPlacement& placement,
                   const std::vector<Reached>& moteCode, DiagnosticSink& diagnostics) {
  std::unordered_set<const Function*> crossingChecked;
  std::unordered_map<const Function*, const Reached*> walked;
  for (const Reached& reached : moteCode) walked.emplace(reached.function, &reached);
  for (const Reached& reached : moteCode) {
    const Function& function = *reached.function;
    const std::string where =
        reached.caller ? "'" + function.qualifiedName + "' is compiled into the mote for '" +
                             rootOf(reached, walked).qualifiedName + "'"
                       : "'" + function.qualifiedName + "' runs on the mote";
    for (const GlobalUse& global : function.globals) {
      if (!global.isMutable) continue;
      std::vector<Diagnostic> notes = chainNotes(reached, walked);
      notes.push_back(note(global.declaration, "'" + global.name + "' declared here"));
      diagnostics.error(global.location,
                        where + ", but uses the mutable global '" + global.name +
                            "', which exists only on the base; make it const or constexpr, or "
                            "pass its value as an argument",
                        std::move(notes));
    }
    for (const CallSite& call : function.calls) {
      const Function* callee = program.findFunction(call.callee);
      if (!callee || callee->isSensorOrActuator()) continue;
      const FunctionPlacement* placed = placement.find(callee->key);
      if (!placed || !placed->runsOn(Side::Base)) continue;
      if (placed->splitByGroup()) {
        const FunctionPlacement* root = placement.find(rootOf(reached, walked).key);
        if (root && groupsAgreeOnTheMote(*root, *placed)) continue;
      }
      auto back = pathBack(program, *callee, function.key);
      const bool overRadio = callsBaseOverRadio(reached, *callee, placement);
      if (overRadio && back.empty()) {
        // Approach 2: its arguments and result cross (each callee checked once).
        if (crossingChecked.insert(callee).second) checkCrossingTypes(*callee, diagnostics, "the base");
        continue;
      }
      std::vector<Diagnostic> notes = chainNotes(reached, walked);
      notes.push_back(whyOnBase(*callee, *placed));
      std::string recursion;
      if (!back.empty()) {
        recursion = "; '" + callee->qualifiedName + "' calls back into '" + function.qualifiedName +
                    "', and recursion cannot cross between mote and base";
        for (const auto& [caller, step] : back)
          notes.push_back(note(step->location, "'" + caller.substr(0, caller.find('(')) + "' calls '" +
                                                   step->callee.substr(0, step->callee.find('(')) +
                                                   "' here"));
      }
      // [[onboard]] code keeps approach 3; [[auto]] code could make the same call over the radio.
      if (!reached.caller && function.attribute == Attribute::Onboard && back.empty() &&
          callableOverRadio(*callee, placement))
        notes.push_back(note(function.attributeLocation,
                             "'" + function.qualifiedName + "' is [[onboard]], so every name it uses must resolve "
                             "on the mote; mark it [[auto]] and place it on the mote to call '" +
                                 callee->qualifiedName + "' on the base over the radio"));
      diagnostics.error(call.location,
                        where + ", but calls '" + callee->qualifiedName + "', which runs on the base" +
                            (placed->splitByGroup() ? " for some motes" : "") + recursion +
                            "; move the call into base code, or place '" + callee->qualifiedName +
                            "' on the mote" + (placed->splitByGroup() ? " for every mote" : ""),
                        std::move(notes));
    }
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
                            "', which is not a [[mote]] class of " + program.name();
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
  // `function` is the walk's root: its own side in `pins` (none) changes nothing, not even when
  // it calls itself, and so the pins need no copy with it on the mote.
  const std::vector<Reached> moteCode = compiledWith(program, pins, Side::Mote, {&function});
  DiagnosticSink found;
  checkMoteCode(program, pins, moteCode, found);
  if (function.hasMoteToRunOn()) checkCrossingTypes(function, found);
  // The profile's rules over this function's code alone: the pins' own code is checked (and
  // reported) for them.
  checkMoteProfile(program, plan, moteCode, found);
  for (const Diagnostic& diagnostic : found.diagnostics())
    if (diagnostic.severity == Severity::Error) return diagnostic;
  return std::nullopt;
}

std::optional<Diagnostic> reasonNotOnBase(const ProgramModel& program, const ResolvedPlacement& pins,
                                          const Function& function) {
  // An [[auto]] function's state follows it (docs/design.md §1): the placer keeps the users of
  // each member on one side (PlacementProblem::together). A helper left on the base for mote code
  // (approach 2) is no such user: the member stays on the mote.
  if (function.attribute == Attribute::Auto) return std::nullopt;
  for (const Reached& reached : compiledWith(program, pins, Side::Base, {&function}))
    for (const FieldUse& use : reached.function->fieldUses)
      return Diagnostic{Severity::Error, use.location,
                        "it uses '" + use.moteClass + "::" + use.field + "', which lives on the mote",
                        {note(use.declaration, "mote state declared here")}};
  return std::nullopt;
}

bool callsBackInto(const ProgramModel& program, const Function& from, const std::string& to) {
  return !pathBack(program, from, to).empty();
}

// A data member lives on one side for each mote (docs/design.md §1, "State follows code"):
// code on the other side has no copy of it. Partition::members says who uses it where.
namespace {
void checkMemberHomes(const Partition& partition, DiagnosticSink& diagnostics) {
  for (const MemberPartition& member : partition.members()) {
    if (!member.conflict) continue;
    const MemberUser& onMote = member.users[member.conflict->first];
    const MemberUser& onBase = member.users[member.conflict->second];
    const std::string moteName = "'" + onMote.function->qualifiedName + "'";
    const std::string baseName = "'" + onBase.function->qualifiedName + "'";
    auto runsWith = [](const MemberUser& user) {
      return user.root == user.function ? std::string()
                                        : " (compiled with '" + user.root->qualifiedName + "')";
    };
    std::vector<Diagnostic> notes{
        note(onMote.use->location, moteName + " uses it on the mote" + runsWith(onMote) + " here"),
        note(onBase.use->location, baseName + " uses it on the base" + runsWith(onBase) + " here")};
    const FunctionPlacement* split = partition.placement().find(onBase.root->key);
    if (split && split->splitByGroup())
      if (std::optional<Diagnostic> group = groupOnBase(*onBase.root, *split)) notes.push_back(*group);
    notes.push_back(note(member.declaration,
                         "a member lives on one side for each mote: run its users on one side (an "
                         "[[auto]] one can go either way), or have base code call an [[onboard]] "
                         "method of '" + member.key.substr(0, member.key.rfind("::")) +
                             "' that reads it"));
    diagnostics.error(member.declaration,
                      "'" + member.key + "' is used on both sides for the same mote: by " + moteName +
                          " on the mote and by " + baseName + " on the base",
                      std::move(notes));
  }
}
}  // namespace

// The glue names functions by id, a hash of the mangled name (docs/design.md §3): the frames that
// call a function and the run's profile carry only that. Two functions with one id would be one.
void checkFunctionIds(const Partition& partition, DiagnosticSink& diagnostics) {
  std::unordered_map<std::uint32_t, const Function*> byId;
  for (const FunctionPartition& entry : partition.functions()) {
    if (!entry.placed && entry.role != Role::RemoteHelper) continue;
    const Function& function = *entry.function;
    const auto [first, fresh] = byId.emplace(function.id, &function);
    if (fresh) continue;
    diagnostics.error(function.location,
                      fmt::format("'{}' and '{}' have the same function id {:#010x} (a hash of "
                                  "their mangled names '{}' and '{}'); rename one of them",
                                  function.qualifiedName, first->second->qualifiedName, function.id,
                                  function.mangledName, first->second->mangledName),
                      {note(first->second->location, "'" + first->second->qualifiedName +
                                                         "' declared here")});
  }
}

// A program of several sources: emit's dispatchers, sensor definitions and task runner go into the
// units of the source that defines main (docs/design.md §3, "Programs of several files"), so every
// function they name must be declared there.
namespace {
void checkEntryDeclarations(const ProgramModel& program, const Partition& partition, DiagnosticSink& diagnostics) {
  if (program.sourceCount() < 2) return;
  unsigned entry = 0;
  for (const Function& function : program.functions)
    if (function.isMain && !function.body.empty()) entry = function.body.file;
  const std::string& path = program.files[entry].path;
  for (const FunctionPartition& named : partition.functions()) {
    const Function& function = *named.function;
    const bool generatedCallsIt = (named.placed && named.inMote && function.hasMoteToRunOn()) ||
                                  named.role == Role::RemoteHelper || named.calledFromMote ||
                                  function.isSensorOrActuator() || (named.placed && function.every);
    if (!generatedCallsIt || std::count(function.declaredIn.begin(), function.declaredIn.end(), entry)) continue;
    diagnostics.error(function.location,
                      "'" + function.qualifiedName + "' is called by the code edgecut adds to " + path +
                          " (the dispatchers, sensors and tasks go with main), which does not declare it; "
                          "declare it in a header that " + path + " includes");
  }
}
}  // namespace

bool checkProgram(const ProgramModel& program, const PlacementPlan& plan, const Partition& partition,
                  DiagnosticSink& diagnostics) {
  const unsigned errorsBefore = diagnostics.errorCount();
  const ResolvedPlacement& placement = partition.placement();
  checkMoteCode(program, placement, partition.moteCode(), diagnostics);

  for (const Function& function : program.functions)
    if (placement.onMote(function.key) && function.hasMoteToRunOn())
      checkCrossingTypes(function, diagnostics);

  // A mote function with no mote to run on can only be called by code already on a mote.
  for (const Function& caller : program.functions) {
    if (partition.of(caller).fromMote) continue;
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

  checkMemberHomes(partition, diagnostics);
  checkFunctionIds(partition, diagnostics);
  checkEntryDeclarations(program, partition, diagnostics);
  checkMoteProfile(program, plan, partition.moteCode(), diagnostics);
  checkNetworkFits(program, plan, diagnostics);
  return diagnostics.errorCount() == errorsBefore;
}

}  // namespace edgecut::compiler
