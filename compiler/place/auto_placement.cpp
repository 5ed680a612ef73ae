// Places the [[auto]] code the plan leaves open: one solve of the energy model's problem, then one
// more per open function and helper for explain's figure of the other side.
#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "edgecut/compiler/energy.hpp"

#include "energy_model.hpp"

namespace edgecut::compiler {

using energy_model::EnergyModel;
using energy_model::kMaxAlternatives;

bool placeAutomatically(const ProgramModel& program, const PlacementPlan& plan,
                        ResolvedPlacement& placement, DiagnosticSink& diagnostics,
                        const RunProfile* profile) {
  std::vector<std::string> open;
  for (const auto& [key, placed] : placement.byKey)
    if (placed.reason == PlacementReason::Default) open.push_back(key);
  const bool anyAuto = std::any_of(program.functions.begin(), program.functions.end(),
                                   [](const Function& function) { return function.attribute == Attribute::Auto; });
  // Without auto functions there is nothing to decide: no side, and no helper's approach.
  if (open.empty() && !anyAuto && !plan.energy.flashBytes) return true;

  EnergyModel model(program, plan, placement, profile);
  const PlacementProblem problem = model.problem();
  const std::vector<EnergyModel::Node>& nodes = model.nodes();
  const std::vector<EnergyModel::Choice>& choices = model.choices();
  const bool budgeted = plan.energy.flashBytes.has_value();
  auto solve = [&](const PlacementProblem& problem) {
    return solvePlacement(problem, budgeted ? &model.flash() : nullptr);
  };
  std::vector<Side> sides;
  std::vector<HelperApproach> approaches;
  try {
    PlacementSolution solution = solve(problem);
    sides = std::move(solution.sides);
    approaches = std::move(solution.approaches);
  } catch (const InfeasiblePlacement&) {
    // The pins contradict each other through auto functions, or do not fit the budget. Give each
    // auto function the side its own legality forces (else the base), and each helper approach 1
    // unless it cannot run on a mote: check names a conflict.
    for (const EnergyModel::Node& node : nodes) sides.push_back(node.pinned.value_or(Side::Base));
    for (const EnergyModel::Choice& choice : choices) approaches.push_back(choice.pinned.value_or(HelperApproach::Compiled));
    if (budgeted && flashUsed(model.flash(), sides, approaches) > model.flash().capacity) {
      std::vector<Diagnostic> notes;
      for (std::size_t i = 0; i < nodes.size(); ++i)
        if (sides[i] == Side::Mote)
          notes.push_back(note(nodes[i].function->location,
                               fmt::format("'{}' must run on the mote: about {:g} bytes",
                                           nodes[i].function->qualifiedName, model.flash().nodeBytes[i])));
      diagnostics.error(plan.energy.budgetLocation,
                        fmt::format("the code that must run on the mote takes about {:g} bytes, over "
                                    "the plan's flash budget of {:g} bytes; raise 'flash_bytes', or "
                                    "move [[onboard]] code to the base",
                                    flashUsed(model.flash(), sides, approaches), model.flash().capacity),
                        std::move(notes));
      return false;
    }
  }
  const EnergyTerms chosen = model.evaluate(sides, approaches);
  // A node is open when its function, or for a function placed per group its group, waits for the
  // energy estimate.
  auto isOpen = [&](const EnergyModel::Node& node) {
    const FunctionPlacement& placed = *placement.find(node.function->key);
    return node.group == EnergyModel::kWholeFunction ? placed.reason == PlacementReason::Default
                                                     : placed.groups[node.group].reason == PlacementReason::Default;
  };
  std::size_t autoCount = 0;
  for (const EnergyModel::Node& node : nodes)
    if (isOpen(node)) ++autoCount;

  std::vector<FunctionPlacement*> grouped;
  PlacementProblem flipped = problem;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (!isOpen(nodes[i])) continue;
    FunctionPlacement& placed = placement.byKey.at(nodes[i].function->key);
    EnergyDecision decision;
    decision.chosen = chosen;
    decision.constraint = nodes[i].constraint;
    if (profile) decision.figures = model.figures(i);
    if (decision.constraint.empty() && autoCount <= kMaxAlternatives) {
      const Side other = sides[i] == Side::Mote ? Side::Base : Side::Mote;
      // One problem, flipped here and back after: a copy per auto function cost more than its solve.
      const std::optional<Side> pin = std::exchange(flipped.nodes[i].pinned, other);
      try {
        const PlacementSolution alternative = solve(flipped);
        flipped.nodes[i].pinned = pin;
        decision.other = model.evaluate(alternative.sides, alternative.approaches);
      } catch (const InfeasiblePlacement&) {
        flipped.nodes[i].pinned = pin;
        decision.constraint =
            std::string("no legal placement puts it on the ") + sideName(other) +
            (other == Side::Mote
                 ? (budgeted ? ": with what it needs there, it does not fit the flash budget, or "
                               "code it calls or code that calls it cannot run there"
                             : ": code it calls, or code that calls it, cannot run there")
                 : ": mote code that calls it needs it there");
      }
    }
    if (nodes[i].group != EnergyModel::kWholeFunction) {
      GroupPlacement& group = placed.groups[nodes[i].group];
      group.side = sides[i];
      group.reason = PlacementReason::Energy;
      group.energy = std::move(decision);
      grouped.push_back(&placed);
      continue;
    }
    placed.side = sides[i];
    placed.reason = PlacementReason::Energy;
    placed.energy = std::move(decision);
  }
  // A function placed per group goes where its groups went: compiled into the mote when any of
  // them runs there (FunctionPlacement::side).
  for (FunctionPlacement* placed : grouped) {
    placed->side = placed->runsOn(Side::Mote) ? Side::Mote : Side::Base;
    placed->reason = PlacementReason::Energy;
  }

  // Each helper that code now on a mote calls gets its approach, with E under both.
  for (std::size_t c = 0; c < choices.size(); ++c) {
    const bool usedOnMote = std::any_of(model.choiceUses().begin(), model.choiceUses().end(),
                                        [&](const EnergyModel::ChoiceUse& use) {
                                          return use.choice == c && sides[use.node] == Side::Mote;
                                        });
    if (!usedOnMote) continue;
    HelperPlacement helper;
    helper.approach = approaches[c];
    helper.constraint = choices[c].constraint;
    (approaches[c] == HelperApproach::Compiled ? helper.compiled : helper.remote) = chosen;
    const HelperApproach other =
        approaches[c] == HelperApproach::Compiled ? HelperApproach::Remote : HelperApproach::Compiled;
    if (helper.constraint.empty() && choices.size() <= kMaxAlternatives) {
      PlacementProblem flipped = problem;
      flipped.choices[c].pinned = other;
      // The functions placed so far keep their sides: the figure is this helper's alone.
      for (std::size_t i = 0; i < nodes.size(); ++i) flipped.nodes[i].pinned = sides[i];
      try {
        const PlacementSolution alternative = solve(flipped);
        (other == HelperApproach::Compiled ? helper.compiled : helper.remote) =
            model.evaluate(alternative.sides, alternative.approaches);
      } catch (const InfeasiblePlacement&) {
        helper.constraint = "with it compiled in, the code on the mote does not fit the flash budget";
      }
    }
    placement.helpers[choices[c].helper->key] = std::move(helper);
  }
  return true;
}

}  // namespace edgecut::compiler
