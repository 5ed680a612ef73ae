#include "edgecut/compiler/partition.hpp"

#include <unordered_set>

#include "edgecut/compiler/energy.hpp"

namespace edgecut::compiler {

namespace {

// What a unit that must not hold a function's code keeps in its place: a declaration, or for a
// member defined outside its class (which cannot be declared again there) a comment.
StandIn dropped(const Function& function) {
  return function.isMain || function.isOutOfLineMethod ? StandIn::Comment : StandIn::Declaration;
}

// The functions whose definition the mote unit keeps although no mote code calls them
// (Role::Unreached, a constexpr BaseOnlyHelper) lose it when they call, directly or through one
// another, code the mote unit lacks: their definition there would not link.
void dropWhatCallsCodeTheMoteLacks(std::vector<FunctionPartition>& functions) {
  std::unordered_map<std::string, std::vector<std::size_t>> callersKept;  // among the candidates
  std::vector<std::size_t> lacking;
  auto candidate = [&](const FunctionPartition& entry) {
    return entry.inMote && (entry.role == Role::Unreached || entry.role == Role::BaseOnlyHelper);
  };
  for (std::size_t i = 0; i < functions.size(); ++i) {
    const FunctionPartition& entry = functions[i];
    if (candidate(entry))
      for (const CallSite& call : entry.function->calls) callersKept[call.callee].push_back(i);
    if (!entry.inMote && entry.function->hasBody && !entry.function->isSensorOrActuator() &&
        entry.standIn != StandIn::RemoteStub)
      lacking.push_back(i);
  }
  for (std::size_t next = 0; next < lacking.size(); ++next) {
    auto callers = callersKept.find(functions[lacking[next]].function->key);
    if (callers == callersKept.end()) continue;
    for (std::size_t caller : callers->second) {
      FunctionPartition& entry = functions[caller];
      if (!entry.inMote) continue;
      entry.inMote = false;
      entry.standIn = dropped(*entry.function);
      lacking.push_back(caller);
    }
  }
}

}  // namespace

const char* standInName(StandIn standIn) {
  switch (standIn) {
    case StandIn::Nothing: return "nothing";
    case StandIn::Declaration: return "declaration";
    case StandIn::RemoteStub: return "remote stub";
    case StandIn::Comment: return "comment";
  }
  return "nothing";
}

const char* roleName(Role role) {
  switch (role) {
    case Role::Placed: return "placed";
    case Role::PerGroupVariant: return "per-group variant";
    case Role::CompiledHelper: return "compiled-in helper";
    case Role::RemoteHelper: return "remote helper";
    case Role::BaseOnlyHelper: return "base-only helper";
    case Role::Unreached: return "unreached";
    case Role::Stub: return "stub";
  }
  return "unreached";
}

const char* sideName(const FunctionPartition& entry) {
  if (entry.role == Role::PerGroupVariant) return "both";
  if (entry.placed) return sideName(entry.placed->side);
  if (entry.role == Role::RemoteHelper) return "base";
  if (entry.inMote && entry.inBase) return "both";
  return entry.inMote ? "mote" : "base";
}

std::vector<Reached> compiledWith(const ProgramModel& program, const ResolvedPlacement& placement,
                                  Side side, const std::vector<const Function*>& roots) {
  std::vector<Reached> reached;
  std::unordered_set<std::string> seen;
  auto follows = [&](const Function& callee) {
    return callee.hasBody && !callee.isSensorOrActuator() && !placement.find(callee.key) &&
           !(side == Side::Mote && placement.remoteHelper(callee.key));
  };
  // Depth first without recursion (call chains can be deep): each frame is a function being
  // walked and the index of its next call.
  struct Frame {
    const Function* function;
    std::size_t nextCall;
  };
  std::vector<Frame> stack;
  for (const Function* root : roots) {
    if (!seen.insert(root->key).second) continue;
    reached.push_back({root, nullptr, nullptr});
    stack.push_back({root, 0});
    while (!stack.empty()) {
      Frame& frame = stack.back();
      if (frame.nextCall == frame.function->calls.size()) {
        stack.pop_back();
        continue;
      }
      const CallSite& call = frame.function->calls[frame.nextCall++];
      const Function* callee = program.findFunction(call.callee);
      if (!callee || !follows(*callee) || !seen.insert(callee->key).second) continue;
      reached.push_back({callee, frame.function, &call});
      stack.push_back({callee, 0});
    }
  }
  return reached;
}

bool callableOverRadio(const Function& callee, const ResolvedPlacement& placement) {
  const FunctionPlacement* placed = placement.find(callee.key);
  return placed && placed->side == Side::Base && !placed->splitByGroup() && !callee.hasMoteToRunOn();
}

bool callsBaseOverRadio(const Reached& caller, const Function& callee, const ResolvedPlacement& placement) {
  return caller.function->attribute == Attribute::Auto && callableOverRadio(callee, placement);
}

Partition::Partition(const ProgramModel& program, ResolvedPlacement placement)
    : placement_(std::move(placement)) {
  std::vector<const Function*> moteRoots, baseRoots;
  for (const Function& function : program.functions) {
    const FunctionPlacement* placed = placement_.find(function.key);
    if (placed && placed->runsOn(Side::Mote)) moteRoots.push_back(&function);
    if ((placed && placed->runsOn(Side::Base)) || placement_.remoteHelper(function.key))
      baseRoots.push_back(&function);
  }
  moteCode_ = compiledWith(program, placement_, Side::Mote, moteRoots);
  baseCode_ = compiledWith(program, placement_, Side::Base, baseRoots);

  functions_.resize(program.functions.size());
  for (std::size_t i = 0; i < program.functions.size(); ++i) {
    functions_[i].function = &program.functions[i];
    byKey_.emplace(program.functions[i].key, i);
  }
  for (const Reached& reached : moteCode_) functions_[byKey_.at(reached.function->key)].fromMote = &reached;
  for (const Reached& reached : baseCode_) functions_[byKey_.at(reached.function->key)].fromBase = &reached;
  for (const Reached& reached : moteCode_)
    for (const CallSite& call : reached.function->calls)
      if (const Function* callee = program.findFunction(call.callee);
          callee && !callee->isSensorOrActuator() && callsBaseOverRadio(reached, *callee, placement_))
        functions_[byKey_.at(callee->key)].calledFromMote = true;

  for (FunctionPartition& entry : functions_) {
    const Function& function = *entry.function;
    entry.placed = placement_.find(function.key);
    if (auto helper = placement_.helpers.find(function.key); helper != placement_.helpers.end())
      entry.helper = &helper->second;
    if (function.isSensorOrActuator()) {
      entry.role = Role::Stub;
      entry.inMote = entry.inBase = true;
    } else if (entry.placed && entry.placed->splitByGroup()) {
      entry.role = Role::PerGroupVariant;
      entry.inMote = entry.inBase = true;
    } else if (entry.placed) {
      entry.role = Role::Placed;
      const bool onMote = entry.placed->side == Side::Mote;
      entry.inMote = onMote;
      entry.inBase = !onMote;
      // The base calls a function on a mote over the radio when a call says which mote it is;
      // [[auto]] mote code calls the base's over the radio.
      entry.standIn = (onMote && function.hasMoteToRunOn()) || entry.calledFromMote ? StandIn::RemoteStub
                                                                                      : dropped(function);
    } else if (placement_.remoteHelper(function.key)) {
      entry.role = Role::RemoteHelper;
      entry.inBase = true;
      entry.standIn = StandIn::RemoteStub;
    } else {
      entry.role = entry.fromMote ? Role::CompiledHelper
                   : entry.fromBase ? Role::BaseOnlyHelper
                                    : Role::Unreached;
      entry.inMote = entry.role != Role::BaseOnlyHelper || function.isConstexpr;
      // Mote state exists only on its mote: a helper that uses it, and that no base code runs
      // (check reports any that does), has no definition on the base.
      entry.inBase = entry.fromBase || function.fieldUses.empty();
      if (!entry.inMote || !entry.inBase) entry.standIn = dropped(function);
    }
  }
  dropWhatCallsCodeTheMoteLacks(functions_);
  placeMembers(program);
}

const FunctionPartition* Partition::find(const std::string& key) const {
  auto found = byKey_.find(key);
  return found == byKey_.end() ? nullptr : &functions_[found->second];
}

std::optional<Partition> place(const ProgramModel& program, const PlacementPlan& plan,
                               DiagnosticSink& diagnostics, const RunProfile* profile) {
  std::optional<ResolvedPlacement> placement = resolvePlacement(program, plan, diagnostics);
  if (!placement || !placeAutomatically(program, plan, *placement, diagnostics, profile)) return std::nullopt;
  return Partition(program, std::move(*placement));
}

}  // namespace edgecut::compiler
