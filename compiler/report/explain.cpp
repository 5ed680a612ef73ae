#include "edgecut/compiler/explain.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "edgecut/compiler/duration.hpp"
#include "edgecut/compiler/energy.hpp"
#include "edgecut/runtime/network/per_mote.hpp"

namespace edgecut::compiler {

namespace {

// An energy as people read it: whole numbers whole (4290201, not 4.2902e+06), others to 2 places.
std::string formatEnergy(double energy) {
  if (std::abs(energy - std::round(energy)) < 1e-6 * std::max(1.0, std::abs(energy)))
    return fmt::format("{:.0f}", energy);
  return fmt::format("{:.2f}", energy);
}

// "= 1234 (instructions 34 + transmit 1200)"
std::string formatTerms(const EnergyTerms& terms) {
  return fmt::format("= {} (instructions {} + transmit {})", formatEnergy(terms.total()),
                     formatEnergy(terms.instructions), formatEnergy(terms.transmit));
}

// Columns on a terminal: UTF-8 continuation bytes (the ranges' en dash has two) take none.
std::size_t columns(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// "motes 1–3, 7", "mote 4"
std::string motes(const std::vector<std::uint32_t>& ids) {
  return (ids.size() == 1 ? "mote " : "motes ") + diag::idRanges(ids);
}

std::string describeEnergy(Side side, const EnergyDecision& decision) {
  const char* other = side == Side::Mote ? "base" : "mote";
  std::string why = fmt::format("energy: E {} here", formatTerms(decision.chosen));
  if (decision.other)
    why += fmt::format("; on the {}: E {}", other, formatTerms(*decision.other));
  else
    why += fmt::format("; cannot run on the {}: {}", other, decision.constraint);
  if (!decision.figures.empty()) why += "; " + decision.figures;
  return why;
}

std::string describePlacement(const Function& function, const FunctionPartition& entry) {
  const FunctionPlacement& placed = *entry.placed;
  const SourceLocation& planEntry = placed.planEntry ? placed.planEntry->valueLocation : SourceLocation{};
  if (!placed.groups.empty())
    return fmt::format("per group, plan entry at {}:{}:{}{}", planEntry.file, planEntry.line, planEntry.column,
                       entry.role == Role::PerGroupVariant
                           ? ": compiled into the mote, and the base keeps its own variant"
                           : "");
  switch (placed.reason) {
    case PlacementReason::Attribute:
      return std::string("pinned by [[") + attributeSpelling(function.attribute) + "]]";
    case PlacementReason::Main: return "main always runs on the base";
    case PlacementReason::Plan:
      return fmt::format("plan entry at {}:{}:{}", planEntry.file, planEntry.line, planEntry.column);
    case PlacementReason::Default: return "[[auto]] with no plan entry: the base by default";
    case PlacementReason::Energy: return describeEnergy(placed.side, *placed.energy);
  }
  return "";
}

// "remote call from mote code (approach 2): E = … ; compiled in: E = …"
std::string describeHelper(const HelperPlacement& helper) {
  const bool remote = helper.approach == HelperApproach::Remote;
  const std::optional<EnergyTerms>& here = remote ? helper.remote : helper.compiled;
  const std::optional<EnergyTerms>& other = remote ? helper.compiled : helper.remote;
  std::string why = remote ? "unannotated, called from mote code remotely (approach 2): E "
                           : "unannotated, called from mote code, compiled into both (approach 1): E ";
  why += formatTerms(*here);
  if (other)
    why += fmt::format("; {}: E {}", remote ? "compiled in" : "remote", formatTerms(*other));
  else
    why += fmt::format("; cannot be {}: {}", remote ? "compiled in" : "remote", helper.constraint);
  return why;
}

// "; [[auto]] mote code calls it over the radio (…)" for a function on the base that mote code
// calls (approach 2, docs/design.md §1), and what that costs.
std::string describeCallsFromMotes(const FunctionPartition& entry) {
  if (!entry.calledFromMote) return "";
  return entry.function->returnType == "void"
             ? "; [[auto]] mote code pushes to it over the radio (approach 2, one-way): the mote sends the "
               "arguments, the base's acknowledgement is free"
             : "; [[auto]] mote code calls it over the radio (approach 2): the mote sends the arguments, the "
               "base's reply is free";
}

// "; periodic, every 1min: 60 runs an hour per mote in the estimate" for a periodic task
// (docs/design.md §9; energy.hpp's calls(f)).
std::string describeTask(const Partition& partition, const Function& function) {
  for (const TaskPeriod& task : partition.placement().tasks) {
    if (task.key != function.key) continue;
    return fmt::format("; periodic, every {}{}: {:g} runs an hour per mote in the estimate",
                       durationText(task.periodMs), task.planEntry ? " (the plan's periods)" : "",
                       kEstimatedPeriodMs / static_cast<double>(task.periodMs));
  }
  return "";
}

// "  path '/field' (motes 4–6)": a group's line in explain's table.
std::string groupHeading(const GroupPlacement& group) {
  return fmt::format("  {} ({})", group.label, motes(group.motes));
}

void explainClusters(std::ostream& out, const PlacementPlan& plan) {
  if (plan.network.clusters.empty()) return;
  out << "\ncluster heads (a cluster built at run time from other members chooses its head by the "
         "same rule):\n";
  for (const PlanCluster& cluster : plan.network.clusters)
    out << fmt::format("  {:<12} members {:<16} head {} ({})\n", cluster.name.empty() ? "(unnamed)" : cluster.name,
                       diag::idRanges(cluster.members), cluster.head.value_or(0),
                       cluster.headChosen ? "least transmit energy: members to head, head to base"
                                          : "given by the plan");
}

}  // namespace

void explain(std::ostream& out, const ProgramModel& program, const PlacementPlan& plan,
             const Partition& partition, const RunProfile* profile) {
  std::size_t width = 8;
  for (const FunctionPartition& entry : partition.functions()) {
    width = std::max(width, entry.function->key.size());
    if (entry.placed)
      for (const GroupPlacement& group : entry.placed->groups) width = std::max(width, columns(groupHeading(group)));
  }
  auto line = [&](const std::string& what, const char* side, const std::string& why) {
    out << fmt::format("{:<{}}  {:<4}  {}\n", what, width, side, why);
  };
  line("function", "side", "why");
  for (const FunctionPartition& entry : partition.functions()) {
    const Function& function = *entry.function;
    if (entry.placed) {
      line(function.key, sideName(entry),
           describePlacement(function, entry) + describeTask(partition, function) + describeCallsFromMotes(entry));
      for (const GroupPlacement& group : entry.placed->groups) {
        std::string why;
        if (group.reason == PlacementReason::Energy) why = describeEnergy(group.side, *group.energy);
        else if (group.planGroup)
          why = fmt::format("plan group at {}:{}:{}", group.planGroup->location.file, group.planGroup->location.line,
                            group.planGroup->location.column);
        line(groupHeading(group), sideName(group.side), why);
      }
    } else if (entry.helper) {
      line(function.key, sideName(entry), describeHelper(*entry.helper));
    } else if (entry.role == Role::CompiledHelper) {
      line(function.key, sideName(entry),
           entry.inBase ? "unannotated, called from mote code: compiled into both"
                        : "unannotated, called from mote code: compiled into the mote (it uses mote state)");
    }
  }
  // State follows code (docs/design.md §1): where the members that [[auto]] code uses live.
  bool stateHeading = false;
  for (const MemberPartition& member : partition.members()) {
    const std::vector<const Function*> follows = member.followsAuto();
    if (follows.empty()) continue;
    if (!stateHeading) out << "\nstate that follows [[auto]] code:\n";
    stateHeading = true;
    std::vector<std::string> names;
    for (const Function* root : follows) names.push_back(root->key);
    out << fmt::format("  {}  {}, with {}\n", member.key, member.whereItLives(), fmt::join(names, ", "));
  }
  out << fmt::format("\n{} energy of this placement: E {}\n",
                     profile ? "with the counts of " + profile->file + ", the" : "estimated",
                     formatTerms(estimateEnergy(program, plan, partition.placement(), profile)));
  explainClusters(out, plan);
}

}  // namespace edgecut::compiler
