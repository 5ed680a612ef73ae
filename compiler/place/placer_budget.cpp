// The budgeted placement of placer.hpp, as an integer linear program for COIN-OR CBC.
#include <cmath>
#include <limits>
#include <stdexcept>

#include <CbcModel.hpp>
#include <CoinMessageHandler.hpp>
#include <CoinPackedMatrix.hpp>
#include <CoinPackedVector.hpp>
#include <OsiClpSolverInterface.hpp>
#include <fmt/format.h>

#include "edgecut/compiler/placer.hpp"

namespace edgecut::compiler {

double flashUsed(const FlashBudget& budget, const std::vector<Side>& sides,
                 const std::vector<HelperApproach>& approaches) {
  double bytes = 0;
  for (std::size_t i = 0; i < sides.size() && i < budget.nodeBytes.size(); ++i)
    if (sides[i] == Side::Mote) bytes += budget.nodeBytes[i];
  auto anyOnMote = [&](const std::vector<std::size_t>& users) {
    for (std::size_t user : users)
      if (sides.at(user) == Side::Mote) return true;
    return false;
  };
  for (const FlashBudget::Shared& shared : budget.shared)
    if (anyOnMote(shared.users)) bytes += shared.bytes;
  for (std::size_t c = 0; c < budget.choiceBytes.size() && c < approaches.size(); ++c) {
    const FlashBudget::ChoiceBytes& choice = budget.choiceBytes[c];
    if (anyOnMote(choice.users))
      bytes += approaches[c] == HelperApproach::Compiled ? choice.compiled : choice.remote;
  }
  return bytes;
}

namespace {

// Variables: x_i (1 = node i on the mote; bounds fix the pinned ones), then y_c (1 = choice c's
// helper is remote; bounds fix pinned ones), then continuous helpers that minimisation pushes to
// the products they stand for:
//   - z >= x_u - x_v per one-way split term: 1 exactly when u is on the mote and v on the base;
//   - p = x_i·y_c per choice use: the use costs costIfCompiled·x_i + (costIfRemote −
//     costIfCompiled)·p; p >= x_i + y_c − 1 when that difference is positive (pushed down), p <= x_i
//     and p <= y_c when it is negative (pushed up);
//   - with a finite capacity, s >= x_user per shared code, and per choice s_c >= x_user − y_c
//     (compiled in) and r_c >= x_user + y_c − 1 (its remote stub), in the flash row.
PlacementSolution solveByIntegerProgram(const PlacementProblem& problem, const FlashBudget& budget) {
  const std::size_t n = problem.nodes.size();
  const std::size_t choices = problem.choices.size();
  const bool budgeted = std::isfinite(budget.capacity);
  OsiClpSolverInterface solver;
  solver.messageHandler()->setLogLevel(0);
  std::vector<double> lower, upper, objective;
  double constant = 0;
  for (const PlacementProblem::Node& node : problem.nodes) {
    constant += node.costOnBase;
    objective.push_back(node.costOnMote - node.costOnBase);
    lower.push_back(node.pinned == Side::Mote ? 1 : 0);
    upper.push_back(node.pinned == Side::Base ? 0 : 1);
  }
  for (const PlacementProblem::Choice& choice : problem.choices) {
    objective.push_back(0);
    lower.push_back(choice.pinned == HelperApproach::Remote ? 1 : 0);
    upper.push_back(choice.pinned == HelperApproach::Compiled ? 0 : 1);
  }
  auto choiceColumn = [&](std::size_t c) { return static_cast<int>(n + c); };
  CoinPackedMatrix rows(false, 0, 0);
  std::vector<double> rowLower, rowUpper;
  auto addRow = [&](const std::vector<std::pair<int, double>>& terms, double low, double high) {
    CoinPackedVector row;
    for (auto [column, value] : terms) row.insert(column, value);
    rows.appendRow(row);
    rowLower.push_back(low);
    rowUpper.push_back(high);
  };
  auto addColumn = [&](double cost, double low, double high) {
    objective.push_back(cost);
    lower.push_back(low);
    upper.push_back(high);
    rows.setDimensions(rows.getNumRows(), static_cast<int>(objective.size()));
    return static_cast<int>(objective.size() - 1);
  };
  rows.setDimensions(0, static_cast<int>(n + choices));
  const double infinity = solver.getInfinity();
  auto addOneWay = [&](std::size_t u, std::size_t v, double cost) {  // paid when u mote, v base
    if (cost == 0 || u == v) return;
    int z = addColumn(cost, 0, infinity);
    addRow({{z, 1}, {static_cast<int>(u), -1}, {static_cast<int>(v), 1}}, 0, infinity);
  };
  for (const PlacementProblem::Edge& edge : problem.edges) {
    addOneWay(edge.from, edge.to, edge.costIfSplit + edge.costIfFromOnMote);
    addOneWay(edge.to, edge.from, edge.costIfSplit + edge.costIfFromOnBase);
  }
  for (const PlacementProblem::Requirement& requirement : problem.requirements)
    addRow({{static_cast<int>(requirement.thenOnMote), 1}, {static_cast<int>(requirement.ifOnMote), -1}},
           0, infinity);
  for (const PlacementProblem::Together& together : problem.together)  // x_first = x_second
    addRow({{static_cast<int>(together.first), 1}, {static_cast<int>(together.second), -1}}, 0, 0);
  for (const PlacementProblem::ChoiceUse& use : problem.choiceUses) {
    const int x = static_cast<int>(use.node), y = choiceColumn(use.choice);
    objective[use.node] += use.costIfCompiled;
    const double difference = use.costIfRemote - use.costIfCompiled;
    if (difference == 0) continue;
    const int p = addColumn(difference, 0, 1);
    if (difference > 0) {
      addRow({{p, 1}, {x, -1}, {y, -1}}, -1, infinity);
    } else {
      addRow({{x, 1}, {p, -1}}, 0, infinity);
      addRow({{y, 1}, {p, -1}}, 0, infinity);
    }
  }
  if (budgeted) {
    std::vector<std::pair<int, double>> flash;
    for (std::size_t i = 0; i < n && i < budget.nodeBytes.size(); ++i)
      if (budget.nodeBytes[i] != 0) flash.push_back({static_cast<int>(i), budget.nodeBytes[i]});
    for (const FlashBudget::Shared& shared : budget.shared) {
      int present = addColumn(0, 0, 1);
      for (std::size_t user : shared.users) addRow({{present, 1}, {static_cast<int>(user), -1}}, 0, infinity);
      flash.push_back({present, shared.bytes});
    }
    for (std::size_t c = 0; c < budget.choiceBytes.size() && c < choices; ++c) {
      const FlashBudget::ChoiceBytes& bytes = budget.choiceBytes[c];
      const int compiled = addColumn(0, 0, 1), stub = addColumn(0, 0, 1);
      for (std::size_t user : bytes.users) {
        addRow({{compiled, 1}, {static_cast<int>(user), -1}, {choiceColumn(c), 1}}, 0, infinity);
        addRow({{stub, 1}, {static_cast<int>(user), -1}, {choiceColumn(c), -1}}, -1, infinity);
      }
      flash.push_back({compiled, bytes.compiled});
      flash.push_back({stub, bytes.remote});
    }
    addRow(flash, -infinity, budget.capacity);
  }
  rows.setDimensions(rows.getNumRows(), static_cast<int>(objective.size()));

  solver.loadProblem(rows, lower.data(), upper.data(), objective.data(), rowLower.data(),
                     rowUpper.data());
  for (std::size_t i = 0; i < n + choices; ++i) solver.setInteger(static_cast<int>(i));

  CbcModel model(solver);
  model.setLogLevel(0);
  model.messageHandler()->setLogLevel(0);
  model.branchAndBound();
  if (!model.isProvenOptimal() || model.bestSolution() == nullptr) {
    throw InfeasiblePlacement(
        budgeted ? fmt::format("placer: no placement fits the mote's flash budget of {} bytes with its pins and "
                               "requirements",
                               budget.capacity)
                 : std::string("placer: no placement respects the pins and the requirements"));
  }
  const double* values = model.bestSolution();
  PlacementSolution solution;
  for (std::size_t i = 0; i < n; ++i) solution.sides.push_back(values[i] > 0.5 ? Side::Mote : Side::Base);
  for (std::size_t c = 0; c < choices; ++c)
    solution.approaches.push_back(values[n + c] > 0.5 ? HelperApproach::Remote : HelperApproach::Compiled);
  solution.cost = placementCost(problem, solution.sides, solution.approaches);
  solution.lowerBound = constant + model.getBestPossibleObjValue();
  for (const PlacementProblem::Node& node : problem.nodes) solution.freeNodes += !node.pinned;
  return solution;
}

}  // namespace

PlacementSolution solvePlacementWithinBudget(const PlacementProblem& problem,
                                             const FlashBudget& budget) {
  const std::size_t n = problem.nodes.size();
  if (budget.nodeBytes.size() != n)
    throw std::invalid_argument(
        fmt::format("placer: the budget gives {} node sizes for {} nodes", budget.nodeBytes.size(), n));
  if (!budget.choiceBytes.empty() && budget.choiceBytes.size() != problem.choices.size())
    throw std::invalid_argument(fmt::format("placer: the budget gives {} choice sizes for {} choices",
                                            budget.choiceBytes.size(), problem.choices.size()));
  validatePlacementProblem(problem);
  // The unbudgeted optimum, when a cut finds it, is the answer if it fits.
  if (solvableByCut(problem)) {
    PlacementSolution unbudgeted = solveTwoWayPlacement(problem);
    if (flashUsed(budget, unbudgeted.sides, unbudgeted.approaches) <= budget.capacity) return unbudgeted;
  }
  return solveByIntegerProgram(problem, budget);
}

PlacementSolution solvePlacement(const PlacementProblem& problem, const FlashBudget* budget) {
  if (budget) return solvePlacementWithinBudget(problem, *budget);
  if (solvableByCut(problem)) return solveTwoWayPlacement(problem);
  validatePlacementProblem(problem);
  FlashBudget unlimited;
  unlimited.capacity = std::numeric_limits<double>::infinity();
  return solveByIntegerProgram(problem, unlimited);
}

}  // namespace edgecut::compiler
