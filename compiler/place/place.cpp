#include "edgecut/compiler/place.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "edgecut/runtime/sim/naming.hpp"

namespace edgecut::compiler {

namespace {

bool hasPlacement(const Function& function) {
  return function.isMain || function.attribute != Attribute::None;
}

std::string withoutSpaces(const std::string& text) {
  std::string out;
  for (char c : text)
    if (c != ' ' && c != '\t') out += c;
  return out;
}

// The functions a plan key can name, by signature and by qualified name, without spaces, each in
// source order: built once, as a scan per plan entry was quadratic in the program's size.
class FunctionNames {
 public:
  explicit FunctionNames(const ProgramModel& program) {
    for (const Function& function : program.functions) {
      if (function.isSensorOrActuator()) continue;
      bySignature_[withoutSpaces(function.key)].push_back(&function);
      byName_[withoutSpaces(function.qualifiedName)].push_back(&function);
    }
  }

  // The functions a plan key names: by full signature when the key has one, else by qualified name.
  std::vector<const Function*> namedBy(const std::string& key) const {
    const auto& index = key.find('(') != std::string::npos ? bySignature_ : byName_;
    auto found = index.find(withoutSpaces(key));
    return found == index.end() ? std::vector<const Function*>{} : found->second;
  }

 private:
  std::unordered_map<std::string, std::vector<const Function*>> bySignature_, byName_;
};

Side attributeSide(Attribute attribute) {
  return attribute == Attribute::Onboard ? Side::Mote : Side::Base;
}

bool runsOnHeads(const Function& function) { return std::holds_alternative<OnClusterHead>(function.runsOn); }

// The per-group entry of one [[auto]] function, checked against the function and the network.
class GroupResolver {
 public:
  GroupResolver(const ProgramModel& program, const PlacementPlan& plan, const Function& function,
                DiagnosticSink& diagnostics)
      : program_(program), plan_(plan), function_(function), diagnostics_(diagnostics),
        home_(motesToRunOn(program, plan.network, function)), moteClass_(moteClassToRunOn(function.runsOn)) {
    runsOn_ = runsOnHeads(function) ? "the head of a cluster of '" + moteClass_ + "' motes" : "a '" + moteClass_ + "' mote";
  }

  std::optional<std::vector<GroupPlacement>> resolve(const PlacementEntry& entry) {
    const unsigned errorsBefore = diagnostics_.errorCount();
    std::vector<GroupPlacement> groups;
    std::map<std::uint32_t, const PlacementGroup*> selectedBy;
    for (const PlacementGroup& group : entry.groups) {
      GroupPlacement placed;
      placed.planGroup = &group;
      placed.label = group.label();
      placed.side = group.side == Side::Auto ? Side::Base : group.side;
      placed.reason = group.side == Side::Auto ? PlacementReason::Default : PlacementReason::Plan;
      std::vector<std::uint32_t> motes = select(group, selectedBy);
      for (std::uint32_t mote : motes) {
        auto [earlier, fresh] = selectedBy.emplace(mote, &group);
        if (fresh) {
          placed.motes.push_back(mote);
          continue;
        }
        diagnostics_.error(group.selectorLocation,
                           "mote " + std::to_string(mote) + " is in an earlier group of '" +
                               function_.qualifiedName + "' too, and a mote belongs to one group; remove "
                               "it from one of them",
                           {note(earlier->second->selectorLocation, "the earlier group selects it here")});
      }
      std::sort(placed.motes.begin(), placed.motes.end());
      groups.push_back(std::move(placed));
    }
    if (diagnostics_.errorCount() != errorsBefore) return std::nullopt;
    // The motes no group selects run as with no plan entry: the energy estimate decides.
    if (entry.groups.back().selector != PlacementGroup::Selector::Rest) {
      GroupPlacement rest;
      rest.label = "the other motes";
      rest.side = Side::Base;
      rest.reason = PlacementReason::Default;
      for (std::uint32_t mote : home_)
        if (!selectedBy.count(mote)) rest.motes.push_back(mote);
      if (!rest.motes.empty()) groups.push_back(std::move(rest));
    }
    return groups;
  }

 private:
  // The motes of `function_`'s home that `group` selects; reports a selector that names motes of
  // another class, or none at all.
  std::vector<std::uint32_t> select(const PlacementGroup& group,
                                    const std::map<std::uint32_t, const PlacementGroup*>& selected) {
    using Selector = PlacementGroup::Selector;
    auto inHome = [&](std::uint32_t mote) { return std::binary_search(home_.begin(), home_.end(), mote); };
    std::vector<std::uint32_t> motes;
    switch (group.selector) {
      case Selector::Motes:
        for (std::uint32_t mote : group.motes) {
          if (inHome(mote)) {
            motes.push_back(mote);
            continue;
          }
          diagnostics_.error(group.selectorLocation,
                             "mote " + std::to_string(mote) + " is not " + runsOn_ + ", so '" +
                                 function_.qualifiedName + "' never runs there; " + homeHint(),
                             {note(function_.location, "'" + function_.qualifiedName + "' declared here")});
        }
        break;
      case Selector::Cluster: {
        const PlanCluster* cluster = nullptr;
        for (const PlanCluster& candidate : plan_.network.clusters)
          if (candidate.name == group.name) cluster = &candidate;
        if (!cluster) break;  // the plan reported it
        std::vector<std::uint32_t> others;
        for (std::uint32_t member : cluster->members) {
          const PlanMote* mote = plan_.network.findMote(member);
          const MoteClass* moteClass = program_.findMoteClass(moteClass_);
          if (!mote || !moteClass || !fits(*mote, *moteClass)) others.push_back(member);
        }
        if (!others.empty()) {
          diagnostics_.error(group.selectorLocation,
                             "cluster '" + group.name + "' has motes of another class than '" + moteClass_ +
                                 "', whose motes '" + function_.qualifiedName + "' runs on: " +
                                 (others.size() == 1 ? "mote " : "motes ") + moteIdList(others) + "; " + homeHint(),
                             {note(cluster->location, "cluster '" + group.name + "' declared here")});
          break;
        }
        if (runsOnHeads(function_)) motes.push_back(*cluster->head);
        else motes = cluster->members;
        break;
      }
      case Selector::Path: {
        std::vector<std::uint32_t> others;
        for (const PlanMote& mote : plan_.network.motes) {
          if (!sim::pathHolds(group.name, mote.path)) continue;
          (inHome(mote.id) ? motes : others).push_back(mote.id);
        }
        if (motes.empty() && !others.empty())
          diagnostics_.error(group.selectorLocation,
                             "path '" + group.name + "' holds no mote that '" + function_.qualifiedName + "' runs on, only " +
                                 (others.size() == 1 ? "mote " : "motes ") + moteIdList(others) + ", not " +
                                 runsOn_ + "; " + homeHint());
        break;
      }
      case Selector::Rest: {
        for (std::uint32_t mote : home_)
          if (!selected.count(mote)) motes.push_back(mote);
        if (motes.empty())
          diagnostics_.error(group.location,
                             "this group of '" + function_.qualifiedName + "' selects no mote: the groups "
                             "before it select every mote it runs on (" + moteIdList(home_) + "); remove it");
        break;
      }
    }
    return motes;
  }

  std::string homeHint() const {
    if (home_.empty()) return "the network has no mote it runs on";
    return std::string("it runs on ") + (home_.size() == 1 ? "mote " : "motes ") + moteIdList(home_);
  }

  const ProgramModel& program_;
  const PlacementPlan& plan_;
  const Function& function_;
  DiagnosticSink& diagnostics_;
  std::vector<std::uint32_t> home_;
  std::string moteClass_;
  std::string runsOn_;  // "a 'Soil' mote", "the head of a cluster of 'Thermo' motes"
};

// The periodic tasks and their periods: the plan's "periods" entries, checked against the program,
// override [[every]].
void resolveTasks(const ProgramModel& program, const PlacementPlan& plan, const FunctionNames& names,
                  ResolvedPlacement& resolved, DiagnosticSink& diagnostics) {
  std::map<std::string, const PeriodEntry*> planned;
  std::vector<std::string> tasks;
  for (const Function& function : program.functions)
    if (function.every) tasks.push_back(function.qualifiedName);
  for (const PeriodEntry& entry : plan.periods) {
    std::vector<const Function*> named = names.namedBy(entry.key);
    if (named.size() > 1)  // a task takes no parameters: only one of the overloads can be one
      std::erase_if(named, [](const Function* function) { return !function->every; });
    if (named.empty()) {
      std::string message = "periods key '" + entry.key + "' names no function in " + program.name();
      const std::string suggestion = closestMatch(entry.key, tasks);
      if (!suggestion.empty()) message += "; did you mean '" + suggestion + "'?";
      else if (tasks.empty()) message += ", and the program has no periodic task";
      diagnostics.error(entry.keyLocation, message);
      continue;
    }
    const Function& function = *named.front();
    if (!function.every) {
      diagnostics.error(entry.keyLocation,
                        "'" + function.qualifiedName + "' is not a periodic task, so the plan cannot give it a "
                        "period; mark it [[every(\"" + entry.written + "\")]] to run it periodically",
                        {note(function.location, "'" + function.qualifiedName + "' declared here")});
      continue;
    }
    auto [earlier, fresh] = planned.emplace(function.key, &entry);
    if (!fresh)
      diagnostics.error(entry.keyLocation, "'" + function.qualifiedName + "' has two periods in the plan; keep one",
                        {note(earlier->second->keyLocation, "first period here")});
  }
  for (const Function& function : program.functions) {
    if (!function.every) continue;
    const auto entry = planned.find(function.key);
    if (entry == planned.end()) resolved.tasks.push_back({function.key, function.every->periodMs, nullptr});
    else resolved.tasks.push_back({function.key, entry->second->milliseconds, entry->second});
  }
}

}  // namespace

bool fits(const PlanMote& mote, const MoteClass& moteClass) {
  if (!mote.className.empty()) return mote.className == moteClass.name;
  auto hasActuator = [&](const std::string& name) {
    return std::find(mote.actuators.begin(), mote.actuators.end(), name) != mote.actuators.end();
  };
  return std::all_of(moteClass.sensors.begin(), moteClass.sensors.end(),
                     [&](const std::string& name) { return mote.sensors.count(name) > 0; }) &&
         std::all_of(moteClass.actuators.begin(), moteClass.actuators.end(), hasActuator);
}

std::vector<std::uint32_t> motesToRunOn(const ProgramModel& program, const Network& network,
                                        const Function& function) {
  const MoteClass* moteClass = program.findMoteClass(moteClassToRunOn(function.runsOn));
  if (!moteClass) return {};
  auto fitting = [&](std::uint32_t id) {
    const PlanMote* mote = network.findMote(id);
    return mote && fits(*mote, *moteClass);
  };
  std::vector<std::uint32_t> motes;
  if (runsOnHeads(function)) {
    for (const PlanCluster& cluster : network.clusters)
      if (cluster.head && std::all_of(cluster.members.begin(), cluster.members.end(), fitting))
        motes.push_back(*cluster.head);
  } else {
    for (const PlanMote& mote : network.motes)
      if (fits(mote, *moteClass)) motes.push_back(mote.id);
  }
  std::sort(motes.begin(), motes.end());
  motes.erase(std::unique(motes.begin(), motes.end()), motes.end());
  return motes;
}

bool FunctionPlacement::runsOn(Side where) const {
  if (groups.empty()) return side == where;
  return std::any_of(groups.begin(), groups.end(),
                     [&](const GroupPlacement& group) { return group.side == where; });
}

const GroupPlacement* FunctionPlacement::groupOf(std::uint32_t mote) const {
  for (const GroupPlacement& group : groups)
    if (std::binary_search(group.motes.begin(), group.motes.end(), mote)) return &group;
  return nullptr;
}

const char* reasonName(PlacementReason reason) {
  switch (reason) {
    case PlacementReason::Attribute: return "attribute";
    case PlacementReason::Main: return "main";
    case PlacementReason::Plan: return "plan";
    case PlacementReason::Default: return "default";
    case PlacementReason::Energy: return "energy";
  }
  return "default";
}

const FunctionPlacement* ResolvedPlacement::find(const std::string& key) const {
  auto it = byKey.find(key);
  return it == byKey.end() ? nullptr : &it->second;
}

bool ResolvedPlacement::onMote(const std::string& key) const {
  const FunctionPlacement* placement = find(key);
  return placement && placement->side == Side::Mote;
}

bool ResolvedPlacement::onBase(const std::string& key) const {
  const FunctionPlacement* placement = find(key);
  return placement && placement->side == Side::Base;
}

bool ResolvedPlacement::remoteHelper(const std::string& key) const {
  auto it = helpers.find(key);
  return it != helpers.end() && it->second.approach == HelperApproach::Remote;
}

std::optional<ResolvedPlacement> resolvePlacement(const ProgramModel& program,
                                                  const PlacementPlan& plan,
                                                  DiagnosticSink& diagnostics) {
  ResolvedPlacement resolved;
  for (const Function& function : program.functions) {
    if (function.isMain) {
      resolved.byKey[function.key] = {Side::Base, PlacementReason::Main, nullptr, std::nullopt, {}};
    } else if (function.attribute == Attribute::Onboard || function.attribute == Attribute::Onbase) {
      resolved.byKey[function.key] = {attributeSide(function.attribute), PlacementReason::Attribute,
                                      nullptr, std::nullopt, {}};
    } else if (function.attribute == Attribute::Auto) {
      resolved.byKey[function.key] = {Side::Base, PlacementReason::Default, nullptr, std::nullopt, {}};
    }
  }

  std::vector<std::string> candidates;
  for (const Function& function : program.functions)
    if (hasPlacement(function)) candidates.push_back(function.qualifiedName);

  unsigned errorsBefore = diagnostics.errorCount();
  FunctionNames names(program);
  for (const PlacementEntry& entry : plan.placements) {
    std::vector<const Function*> named = names.namedBy(entry.key);
    if (named.empty()) {
      std::string message = "placement key '" + entry.key + "' names no function in " +
                            program.name();
      std::string suggestion = closestMatch(entry.key, candidates);
      if (!suggestion.empty()) message += "; did you mean '" + suggestion + "'?";
      diagnostics.error(entry.keyLocation, message);
      continue;
    }
    if (named.size() > 1) {
      std::vector<Diagnostic> notes;
      for (const Function* function : named)
        notes.push_back(note(function->location, "candidate '" + function->key + "'"));
      diagnostics.error(entry.keyLocation,
                        "placement key '" + entry.key + "' names " + std::to_string(named.size()) +
                            " overloads; write the signature, e.g. '" + named.front()->key + "'",
                        std::move(notes));
      continue;
    }
    const Function& function = *named.front();
    if (function.isMain) {
      if (entry.side != Side::Base)
        diagnostics.error(entry.valueLocation,
                          "main always runs on the base; remove this entry or place it on \"base\"",
                          {note(function.location, "main declared here")});
      continue;
    }
    if (function.attribute == Attribute::None) {
      diagnostics.error(entry.keyLocation,
                        "'" + function.qualifiedName +
                            "' has no placement attribute, so the plan cannot place it; mark it "
                            "[[auto]] to let the plan choose its side",
                        {note(function.location, "'" + function.qualifiedName + "' declared here")});
      continue;
    }
    if (function.attribute != Attribute::Auto && !entry.groups.empty()) {
      const Side pinned = attributeSide(function.attribute);
      for (const PlacementGroup& group : entry.groups) {
        if (group.side == pinned) continue;
        diagnostics.error(
            group.sideLocation,
            std::string("plan places '") + function.qualifiedName + "' on the " + sideName(group.side) +
                " for " + group.label() + ", but it is marked [[" + attributeSpelling(function.attribute) +
                "]], which runs it on the " + sideName(pinned) + " for every mote; mark it [[auto]] to "
                "place it per group, or drop the per-group entry",
            {note(function.attributeLocation,
                  std::string("'") + function.qualifiedName + "' is pinned to the " + sideName(pinned) + " here")});
      }
      continue;
    }
    if (function.attribute != Attribute::Auto) {
      Side pinned = attributeSide(function.attribute);
      if (entry.side != pinned) {
        diagnostics.error(
            entry.valueLocation,
            std::string("plan places '") + function.qualifiedName + "' on the " +
                sideName(entry.side) + ", but it is marked [[" +
                attributeSpelling(function.attribute) + "]]; change the plan entry to \"" +
                sideName(pinned) + "\", or mark the function [[auto]] to let the plan decide",
            {note(function.attributeLocation,
                  std::string("'") + function.qualifiedName + "' is pinned to the " +
                      sideName(pinned) + " here")});
      }
      continue;
    }
    if (!entry.groups.empty()) {
      if (!function.hasMoteToRunOn()) {
        diagnostics.error(
            entry.valueLocation,
            "'" + function.qualifiedName + "' cannot be placed per group: it has no mote to run on, as it "
            "is not a method of a [[mote]] class or of a cluster and has no parameter of a [[mote]] "
            "class type, so no call of it says which mote's group applies; place it on one side "
            "(\"mote\", \"base\" or \"auto\"), or give it a mote parameter",
            {note(function.location, "'" + function.qualifiedName + "' declared here")});
        continue;
      }
      std::optional<std::vector<GroupPlacement>> groups =
          GroupResolver(program, plan, function, diagnostics).resolve(entry);
      if (!groups) continue;
      FunctionPlacement placed;
      placed.planEntry = &entry;
      placed.groups = std::move(*groups);
      const bool open = std::any_of(placed.groups.begin(), placed.groups.end(), [](const GroupPlacement& group) {
        return group.reason == PlacementReason::Default;
      });
      // Open groups are the base's until placeAutomatically decides them, as a function with no entry.
      placed.reason = open ? PlacementReason::Default : PlacementReason::Plan;
      placed.side = placed.runsOn(Side::Mote) ? Side::Mote : Side::Base;
      resolved.byKey[function.key] = std::move(placed);
      continue;
    }
    if (entry.side == Side::Auto) continue;  // left to placeAutomatically, as with no entry
    resolved.byKey[function.key] = {entry.side, PlacementReason::Plan, &entry, std::nullopt, {}};
  }
  resolveTasks(program, plan, names, resolved, diagnostics);
  if (diagnostics.errorCount() != errorsBefore) return std::nullopt;
  return resolved;
}

}  // namespace edgecut::compiler
