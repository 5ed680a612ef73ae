// Placer: the exact two-way placement of [[auto]] code (docs/design.md §4), as a pure library. It knows neither Clang nor
// files: its caller (the partition driver, later) turns the program model, the plan and a cost
// estimate into a PlacementProblem, and reads the sides back.
//
// The objective is PySense's energy E = instruction·O + transmit·Σᵢ Bᵢ·dᵢ² (docs/design.md §4), split into
// the terms a placement decision changes:
//   - a node is a function. costOnMote is what running it on a mote adds to E: its operations,
//     instruction · ops (per call, times its call count). costOnBase is what running it on the base
//     adds: nothing under docs/design.md §4, as the base has unlimited energy, so normally 0. Both are kept
//     so that other models (e.g. a base that pays for its CPU time) fit the same solver.
//   - an edge is a call (or any data flow) between two functions. When caller and callee land on
//     different sides, the values crossing are sent over the radio: costIfSplit is their transmit
//     energy, transmit · values · d² (times the call count), with d the distance the message covers
//     from the mote. When both are on the same side, the call is local and costs nothing extra.
//   - pins are the legal-placement constraints: [[onboard]]/[[onbase]], sensor reads that belong to
//     their mote, plan entries of "mote"/"base", main on the base.
//
//   - a choice is a helper that code on a mote calls, which either is compiled into the mote
//     (PySense's approach 1: its operations run there) or stays on the base and is called remotely
//     (approach 2: the mote transmits the arguments). A choice use is one node's calls of it, with
//     what they cost under each approach, paid only when that node is on the mote.
//
// Minimising Σ nodes cost(side) + Σ split edges costIfSplit with pins is an s-t minimum cut
// (source = mote side, sink = base side), solved exactly by solveTwoWayPlacement. A choice use
// [node on mote]·([compiled]·c + [remote]·r) is a cut term too, after encoding the choice as a
// vertex on the side of the cheaper approach, when all its uses agree on which approach that is
// (see placer.cpp); when they disagree, it is not submodular, and solvePlacement solves the
// problem as an integer program instead.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "edgecut/compiler/plan.hpp"  // Side

namespace edgecut::compiler {

// How code on a mote gets an unannotated helper it calls (docs/design.md §1).
enum class HelperApproach {
  Compiled,  // compiled into the mote unit (PySense's approach 1): costs operations and flash
  Remote,    // left on the base and called back over the radio (approach 2): costs messages
};
const char* approachName(HelperApproach approach);  // "compiled", "remote"

struct PlacementProblem {
  struct Node {
    std::string name;                 // for error messages only (e.g. a function's key)
    double costOnMote = 0;            // added to E when the node runs on a mote; finite, >= 0
    double costOnBase = 0;            // added to E when the node runs on the base; finite, >= 0
    std::optional<Side> pinned;       // Side::Mote or Side::Base: a fixed side; empty: free (auto)
  };
  struct Edge {
    std::size_t from = 0, to = 0;     // indices into nodes
    double costIfSplit = 0;           // paid once when from and to are on different sides; >= 0
    // Paid only for one way of splitting: a call's values cross the radio one way, and only a
    // mote's transmissions cost energy (docs/design.md §4).
    double costIfFromOnMote = 0;      // from on the mote, to on the base; >= 0
    double costIfFromOnBase = 0;      // from on the base, to on the mote; >= 0
  };
  // A legality constraint between two free functions: when `ifOnMote` runs on the mote, so must
  // `thenOnMote` (mote code cannot call back into the base, so an auto caller on the mote needs its
  // auto callee there too).
  struct Requirement {
    std::size_t ifOnMote = 0, thenOnMote = 0;
  };
  // A hard constraint between two nodes: both on the mote or both on the base. The users of a
  // data member of a [[mote]] class for one mote must run on one side, where the member lives
  // (docs/design.md §1, "State follows code"). In the cut: infinite arcs both ways; in the ILP: an
  // equality.
  struct Together {
    std::size_t first = 0, second = 0;
  };
  // A helper whose approach the placer chooses (or a pin fixes: a helper that cannot run on a
  // mote is Remote, one that [[onboard]] code needs is Compiled).
  struct Choice {
    std::string name;                         // for error messages only
    std::optional<HelperApproach> pinned;
  };
  // The calls one node makes of a choice's helper (per run of the program): paid when the node
  // runs on the mote, by the helper's approach; nothing when it runs on the base.
  struct ChoiceUse {
    std::size_t node = 0, choice = 0;
    double costIfCompiled = 0;        // >= 0
    double costIfRemote = 0;          // >= 0
  };
  std::vector<Node> nodes;
  std::vector<Edge> edges;            // parallel edges add up; self-loops never split
  std::vector<Requirement> requirements;
  std::vector<Together> together;
  std::vector<Choice> choices;
  std::vector<ChoiceUse> choiceUses;
};

struct PlacementSolution {
  std::vector<Side> sides;  // one per node, Side::Mote or Side::Base, pins respected
  std::vector<HelperApproach> approaches;  // one per choice, pins respected
  double cost = 0;          // placementCost(problem, sides, approaches)
  double lowerBound = 0;    // the maximum flow plus the constant terms: a certificate that no
                            // legal placement costs less (equal to cost up to rounding)
  std::size_t freeNodes = 0;  // nodes the cut decided (the unpinned ones)
};

// No placement respects both the pins and the requirements (e.g. a mote-pinned node requires one
// pinned to the base). The message names the nodes of one violated requirement.
struct InfeasiblePlacement : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// The objective, its one definition: Σ over nodes of costOnMote or costOnBase by side, plus, for
// every edge whose ends are on different sides, costIfSplit and the directional cost of that way
// of splitting, plus, for every choice use whose node is on the mote, its cost under the choice's
// approach. A placement that breaks a requirement or splits a Together costs +infinity. Pins are not checked here (a
// placement that breaks a pin still has a cost); sides must be Mote or Base, one per node, and
// approaches one per choice (none when there are no choices). Throws std::invalid_argument on a
// size mismatch or a Side::Auto.
double placementCost(const PlacementProblem& problem, const std::vector<Side>& sides,
                     const std::vector<HelperApproach>& approaches = {});

// Throws std::invalid_argument when a cost is negative, NaN or infinite, a pin is Side::Auto, or an
// edge, requirement or choice use names a node or choice that does not exist. Every solver checks
// this first.
void validatePlacementProblem(const PlacementProblem& problem);

// Whether solveTwoWayPlacement can solve `problem`: for every choice, all its uses find the same
// approach cheaper (or equal). Always true without choices.
bool solvableByCut(const PlacementProblem& problem);

// The exact minimum of placementCost over all placements that respect the pins, by an s-t minimum
// cut (Boost.Graph's boykov_kolmogorov_max_flow). Near-linear in practice for call graphs.
//
// Ties: among optimal placements it returns the one with the fewest nodes on the mote (the minimal
// source side of a minimum cut, which is unique: every node that can go to the base at no extra
// cost does). Deterministic for a given problem. With non-integer costs, a tie is a tie in
// floating point: two placements whose costs differ only by rounding may break either way.
//
// Throws std::invalid_argument when a cost is negative, NaN or infinite, a pin is Side::Auto, an
// edge, requirement or choice use names a node or choice that does not exist, or the problem is not
// solvableByCut; InfeasiblePlacement when no placement respects the pins and the requirements.
// (Negative costs would make the problem NP-hard in general; the energy model never produces
// them.) Ties between approaches, and the approach of a helper no node on the mote uses, are
// arbitrary but deterministic.
PlacementSolution solveTwoWayPlacement(const PlacementProblem& problem);

// ---- With a mote budget ---------------------------------------------------------------------------
//
// A plan's `energy.budget.flash_bytes` limits the code compiled into a mote. Code is a knapsack
// weight, which a cut cannot express, so a budgeted problem is an integer linear program, solved
// exactly (to CBC's tolerances) with COIN-OR CBC's branch and cut:
//   minimise   placementCost                       (the same objective)
//   subject to pins, requirements,
//              Σ bytes of the nodes on the mote + Σ bytes of the shared code any of them uses
//                <= capacity.
struct FlashBudget {
  double capacity = 0;           // bytes
  std::vector<double> nodeBytes;  // per node (problem.nodes order), paid when it is on the mote
  struct Shared {                // code compiled in once when any of its users is on the mote
    std::string name;
    double bytes = 0;
    std::vector<std::size_t> users;
  };
  std::vector<Shared> shared;
  // Per choice (problem.choices order; may be empty when the problem has none): the helper's code
  // when compiled in, or its remote stub, once when any of `users` is on the mote.
  struct ChoiceBytes {
    double compiled = 0;
    double remote = 0;
    std::vector<std::size_t> users;
  };
  std::vector<ChoiceBytes> choiceBytes;
};

// The flash a placement takes under `budget`.
double flashUsed(const FlashBudget& budget, const std::vector<Side>& sides,
                 const std::vector<HelperApproach>& approaches = {});

// The minimum of placementCost over placements that respect the pins, the requirements and the
// budget. Throws InfeasiblePlacement when there is none (the message says whether the budget is
// what makes it so), std::invalid_argument for malformed input as solveTwoWayPlacement does.
PlacementSolution solvePlacementWithinBudget(const PlacementProblem& problem, const FlashBudget& budget);

// The exact minimum of placementCost over placements that respect the pins, the requirements and,
// when given, the budget: the minimum cut when the problem is solvableByCut (and fits the budget),
// else the integer program. Throws as the two solvers do.
PlacementSolution solvePlacement(const PlacementProblem& problem, const FlashBudget* budget = nullptr);

}  // namespace edgecut::compiler
