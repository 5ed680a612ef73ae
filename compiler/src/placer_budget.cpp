// The budgeted placement of placer.hpp, as an integer linear program for COIN-OR CBC.
#include <cmath>
#include <stdexcept>

#include <CbcModel.hpp>
#include <CoinMessageHandler.hpp>
#include <CoinPackedMatrix.hpp>
#include <CoinPackedVector.hpp>
#include <OsiClpSolverInterface.hpp>
#include <fmt/format.h>

#include "edgecut/compiler/placer.hpp"

namespace edgecut::compiler {

double flashUsed(const FlashBudget& budget, const std::vector<Side>& sides) {
  double bytes = 0;
  for (std::size_t i = 0; i < sides.size() && i < budget.nodeBytes.size(); ++i)
    if (sides[i] == Side::Mote) bytes += budget.nodeBytes[i];
  for (const FlashBudget::Shared& shared : budget.shared)
    for (std::size_t user : shared.users)
      if (sides.at(user) == Side::Mote) {
        bytes += shared.bytes;
        break;
      }
  return bytes;
}

// Variables: x_i (1 = node i on the mote; bounds fix the pinned ones), then one continuous
// z >= 0 per one-way split term (z >= x_u - x_v is 1 exactly when u is on the mote and v on the
// base, as minimisation pushes z down), then one continuous y_s in [0, 1] per shared code
// (y_s >= x_user: it is compiled in when any user is on the mote).
PlacementSolution solvePlacementWithinBudget(const PlacementProblem& problem,
                                             const FlashBudget& budget) {
  const std::size_t n = problem.nodes.size();
  if (budget.nodeBytes.size() != n)
    throw std::invalid_argument(
        fmt::format("placer: the budget gives {} node sizes for {} nodes", budget.nodeBytes.size(), n));
  // Validates costs, pins and indices the way the unbudgeted solver does; its optimum is also a
  // lower bound, and the answer when it fits.
  PlacementSolution unbudgeted = solveTwoWayPlacement(problem);
  if (flashUsed(budget, unbudgeted.sides) <= budget.capacity) return unbudgeted;

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
    return static_cast<int>(objective.size() - 1);
  };
  rows.setDimensions(0, static_cast<int>(n));
  const double infinity = solver.getInfinity();
  auto addOneWay = [&](std::size_t u, std::size_t v, double cost) {  // paid when u mote, v base
    if (cost == 0 || u == v) return;
    int z = addColumn(cost, 0, infinity);
    rows.setDimensions(rows.getNumRows(), static_cast<int>(objective.size()));
    addRow({{z, 1}, {static_cast<int>(u), -1}, {static_cast<int>(v), 1}}, 0, infinity);
  };
  for (const PlacementProblem::Edge& edge : problem.edges) {
    addOneWay(edge.from, edge.to, edge.costIfSplit + edge.costIfFromOnMote);
    addOneWay(edge.to, edge.from, edge.costIfSplit + edge.costIfFromOnBase);
  }
  for (const PlacementProblem::Requirement& requirement : problem.requirements)
    addRow({{static_cast<int>(requirement.thenOnMote), 1}, {static_cast<int>(requirement.ifOnMote), -1}},
           0, infinity);
  std::vector<std::pair<int, double>> flash;
  for (std::size_t i = 0; i < n; ++i)
    if (budget.nodeBytes[i] != 0) flash.push_back({static_cast<int>(i), budget.nodeBytes[i]});
  for (const FlashBudget::Shared& shared : budget.shared) {
    int y = addColumn(0, 0, 1);
    rows.setDimensions(rows.getNumRows(), static_cast<int>(objective.size()));
    for (std::size_t user : shared.users) addRow({{y, 1}, {static_cast<int>(user), -1}}, 0, infinity);
    flash.push_back({y, shared.bytes});
  }
  addRow(flash, -infinity, budget.capacity);
  rows.setDimensions(rows.getNumRows(), static_cast<int>(objective.size()));

  solver.loadProblem(rows, lower.data(), upper.data(), objective.data(), rowLower.data(),
                     rowUpper.data());
  for (std::size_t i = 0; i < n; ++i) solver.setInteger(static_cast<int>(i));

  CbcModel model(solver);
  model.setLogLevel(0);
  model.messageHandler()->setLogLevel(0);
  model.branchAndBound();
  if (!model.isProvenOptimal() || model.bestSolution() == nullptr) {
    throw InfeasiblePlacement(fmt::format(
        "placer: no placement fits the mote's flash budget of {} bytes with its pins and requirements",
        budget.capacity));
  }
  const double* values = model.bestSolution();
  PlacementSolution solution;
  for (std::size_t i = 0; i < n; ++i) solution.sides.push_back(values[i] > 0.5 ? Side::Mote : Side::Base);
  solution.cost = placementCost(problem, solution.sides);
  solution.lowerBound = constant + model.getBestPossibleObjValue();
  for (const PlacementProblem::Node& node : problem.nodes) solution.freeNodes += !node.pinned;
  return solution;
}

}  // namespace edgecut::compiler
