// placement.resolved.json: every function's side and why (docs/design.md §3), from the Partition.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "edgecut/compiler/duration.hpp"
#include "emitter.hpp"

#ifndef EDGECUT_VERSION
#define EDGECUT_VERSION "0.0.0"
#endif

namespace edgecut::compiler {

namespace {

nlohmann::ordered_json terms(const EnergyTerms& energy) {
  nlohmann::ordered_json out;
  out["total"] = energy.total();
  out["instructions"] = energy.instructions;
  out["transmit"] = energy.transmit;
  return out;
}

// The estimate behind a helper's approach: E with it compiled in and with it remote, or why one
// of them is not legal.
nlohmann::ordered_json helperEnergyJson(const HelperPlacement& helper) {
  nlohmann::ordered_json out;
  if (helper.compiled) out["compiled"] = terms(*helper.compiled);
  if (helper.remote) out["remote"] = terms(*helper.remote);
  if (!helper.constraint.empty()) out["constraint"] = helper.constraint;
  return out;
}

// The estimate behind an energy decision: E on each side, or why the other side is not legal.
nlohmann::ordered_json energyJson(Side side, const EnergyDecision& decision) {
  const char* here = sideName(side);
  const char* other = side == Side::Mote ? "base" : "mote";
  nlohmann::ordered_json out;
  out[here] = terms(decision.chosen);
  if (decision.other) out[other] = terms(*decision.other);
  else out["constraint"] = decision.constraint;
  if (!decision.figures.empty()) out["counts"] = decision.figures;
  return out;
}

// A per-group placement: each group's motes, side and why.
nlohmann::ordered_json groupsJson(const FunctionPlacement& placed) {
  nlohmann::ordered_json groups = nlohmann::ordered_json::array();
  for (const GroupPlacement& group : placed.groups) {
    nlohmann::ordered_json entry;
    entry["group"] = group.label;
    entry["motes"] = group.motes;
    entry["side"] = sideName(group.side);
    entry["reason"] = reasonName(group.reason);
    if (group.energy) entry["energy"] = energyJson(group.side, *group.energy);
    groups.push_back(std::move(entry));
  }
  return groups;
}

}  // namespace

std::string Emitter::resolvedPlacement() const {
  nlohmann::ordered_json root;
  root["edgecut"] = EDGECUT_VERSION;
  root["program"] = program_.name();
  root["plan"] = plan_.file;
  root["fingerprint"] = fmt::format("0x{:016x}", fingerprint_);
  nlohmann::ordered_json functions = nlohmann::ordered_json::array();
  for (const FunctionPartition& entry : partition_.functions()) {
    const Function& function = *entry.function;
    if (entry.role == Role::Stub) continue;
    nlohmann::ordered_json out;
    out["function"] = function.key;
    out["side"] = sideName(entry);
    if (const FunctionPlacement* placed = entry.placed) {
      if (function.attribute != Attribute::None) out["attribute"] = attributeSpelling(function.attribute);
      out["reason"] = reasonName(placed->reason);
      if (placed->energy) out["energy"] = energyJson(placed->side, *placed->energy);
      if (!placed->groups.empty()) out["groups"] = groupsJson(*placed);
    } else if (const HelperPlacement* helper = entry.helper) {
      const bool remote = entry.role == Role::RemoteHelper;
      out["reason"] = remote ? "called from mote code, remotely" : "called from mote code";
      out["approach"] = approachName(helper->approach);
      out["energy"] = helperEnergyJson(*helper);
    } else {
      out["reason"] = entry.role == Role::CompiledHelper ? "called from mote code" : "unannotated";
    }
    // A periodic task's period as it runs, and whether the plan's "periods" gave it.
    for (const TaskPeriod& task : partition_.placement().tasks) {
      if (task.key != function.key) continue;
      out["every"] = durationText(task.periodMs);
      if (task.planEntry) out["period_from"] = "plan";
    }
    // The ids of what is called over the radio: functions on motes, and what motes call on the base.
    if ((entry.placed && entry.inMote && function.hasMoteToRunOn()) || entry.role == Role::RemoteHelper ||
        entry.calledFromMote)
      out["id"] = fmt::format("0x{:08x}", function.id);
    functions.push_back(std::move(out));
  }
  root["functions"] = std::move(functions);
  // State follows code (docs/design.md §1): the members [[auto]] code uses, and where they live.
  nlohmann::ordered_json members = nlohmann::ordered_json::array();
  for (const MemberPartition& member : partition_.members()) {
    const std::vector<const Function*> follows = member.followsAuto();
    if (follows.empty()) continue;
    nlohmann::ordered_json out;
    out["member"] = member.key;
    out["lives"] = memberHomeName(member.home);
    if (member.home == MemberHome::PerGroup) out["motes_on_base"] = member.motesOnBase;
    nlohmann::ordered_json keys = nlohmann::ordered_json::array();
    for (const Function* root : follows) keys.push_back(root->key);
    out["follows"] = std::move(keys);
    members.push_back(std::move(out));
  }
  if (!members.empty()) root["members"] = std::move(members);
  // A file name or a network's name need not be UTF-8: a byte that is not becomes U+FFFD here
  // (JSON is UTF-8), where dump() would throw.
  return root.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace edgecut::compiler
