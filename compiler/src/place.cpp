#include "edgecut/compiler/place.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace edgecut::compiler {

namespace {

bool isPlaced(const Function& function) {
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

}  // namespace

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
      resolved.byKey[function.key] = {Side::Base, PlacementReason::Main, nullptr, std::nullopt};
    } else if (function.attribute == Attribute::Onboard || function.attribute == Attribute::Onbase) {
      resolved.byKey[function.key] = {attributeSide(function.attribute), PlacementReason::Attribute,
                                      nullptr, std::nullopt};
    } else if (function.attribute == Attribute::Auto) {
      resolved.byKey[function.key] = {Side::Base, PlacementReason::Default, nullptr, std::nullopt};
    }
  }

  std::vector<std::string> candidates;
  for (const Function& function : program.functions)
    if (isPlaced(function)) candidates.push_back(function.qualifiedName);

  unsigned errorsBefore = diagnostics.errorCount();
  FunctionNames names(program);
  for (const PlacementEntry& entry : plan.placements) {
    std::vector<const Function*> named = names.namedBy(entry.key);
    if (named.empty()) {
      std::string message = "placement key '" + entry.key + "' names no function in " +
                            program.mainFile;
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
    if (entry.side == Side::Auto) continue;  // left to placeAutomatically, as with no entry
    resolved.byKey[function.key] = {entry.side, PlacementReason::Plan, &entry, std::nullopt};
  }
  if (diagnostics.errorCount() != errorsBefore) return std::nullopt;
  return resolved;
}

}  // namespace edgecut::compiler
