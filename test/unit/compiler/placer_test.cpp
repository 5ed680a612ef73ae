#include "edgecut/compiler/placer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <limits>
#include <random>
#include <stdexcept>

namespace edgecut::compiler {
namespace {
namespace placer_test_cpp {

using Node = PlacementProblem::Node;
using Edge = PlacementProblem::Edge;

Node freeNode(std::string name, double onMote, double onBase) {
  return Node{std::move(name), onMote, onBase, std::nullopt};
}
Node pinnedNode(std::string name, Side side, double onMote = 0, double onBase = 0) {
  return Node{std::move(name), onMote, onBase, side};
}

bool nearlyEqual(double a, double b) {
  return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)});
}

// A chain sensor-read (pinned to the mote) -> filter -> average -> log (pinned to the base). The
// mote costs instruction · ops; the base nothing; a split call costs transmit · values · d².
// With instruction 1, transmit 100 and d² = 1: read sends 10 values, filter passes 4, average 1.
PlacementProblem chain(double filterOps, double averageOps) {
  PlacementProblem problem;
  problem.nodes = {pinnedNode("read", Side::Mote), freeNode("filter", filterOps, 0),
                   freeNode("average", averageOps, 0), pinnedNode("log", Side::Base)};
  problem.edges = {{0, 1, 100 * 10}, {1, 2, 100 * 4}, {2, 3, 100 * 1}};
  return problem;
}

TEST(Placer, ChainCutsAtTheCheapestLink) {
  // Cheap code: filter and average both on the mote, only the average crosses (100).
  PlacementSolution cheap = solveTwoWayPlacement(chain(50, 50));
  EXPECT_EQ(cheap.sides, (std::vector<Side>{Side::Mote, Side::Mote, Side::Mote, Side::Base}));
  EXPECT_DOUBLE_EQ(cheap.cost, 50 + 50 + 100);
  EXPECT_DOUBLE_EQ(cheap.lowerBound, cheap.cost);
  EXPECT_EQ(cheap.freeNodes, 2u);

  // An expensive average (1000 ops > 400 - 100 saved): filter on the mote, average on the base.
  PlacementSolution mid = solveTwoWayPlacement(chain(50, 1000));
  EXPECT_EQ(mid.sides, (std::vector<Side>{Side::Mote, Side::Mote, Side::Base, Side::Base}));
  EXPECT_DOUBLE_EQ(mid.cost, 50 + 400);

  // Both expensive: send the raw readings (1000) rather than run 5000 ops.
  PlacementSolution raw = solveTwoWayPlacement(chain(2500, 2500));
  EXPECT_EQ(raw.sides, (std::vector<Side>{Side::Mote, Side::Base, Side::Base, Side::Base}));
  EXPECT_DOUBLE_EQ(raw.cost, 1000);
}

TEST(Placer, TiesGoToTheBase) {
  // filter on the mote costs 600 + 400 = 1000 = sending the raw readings: a tie, base wins.
  PlacementSolution tie = solveTwoWayPlacement(chain(600, 1e9));
  EXPECT_EQ(tie.sides, (std::vector<Side>{Side::Mote, Side::Base, Side::Base, Side::Base}));
  EXPECT_DOUBLE_EQ(tie.cost, 1000);

  // A lone free node that costs nothing anywhere, and a zero-cost component.
  PlacementProblem problem;
  problem.nodes = {freeNode("a", 0, 0), freeNode("b", 0, 0), freeNode("c", 3, 3)};
  problem.edges = {{0, 1, 5}};
  PlacementSolution solution = solveTwoWayPlacement(problem);
  EXPECT_EQ(solution.sides, (std::vector<Side>{Side::Base, Side::Base, Side::Base}));
  EXPECT_DOUBLE_EQ(solution.cost, 3);
}

TEST(Placer, FreeNodeWithBaseCostAndParallelEdges) {
  // A node that costs more on the base than on the mote goes to the mote when nothing else binds.
  PlacementProblem problem;
  problem.nodes = {freeNode("x", 1, 5), pinnedNode("b", Side::Base, 7, 2), freeNode("y", 0, 0)};
  // x-b split twice over (parallel edges add up), y-x self-loop and y-y never split.
  problem.edges = {{0, 1, 1.5}, {1, 0, 1.5}, {2, 2, 100}, {2, 0, 0.25}};
  PlacementSolution solution = solveTwoWayPlacement(problem);
  // x on the mote: 1 + 2 (b) + 3 (split x-b) + 0.25 unless y follows x; y follows for free.
  EXPECT_EQ(solution.sides, (std::vector<Side>{Side::Mote, Side::Base, Side::Mote}));
  EXPECT_DOUBLE_EQ(solution.cost, 1 + 2 + 3);
  EXPECT_DOUBLE_EQ(placementCost(problem, {Side::Base, Side::Base, Side::Base}), 5 + 2);
}

TEST(Placer, EmptyAndAllPinned) {
  PlacementSolution empty = solveTwoWayPlacement(PlacementProblem{});
  EXPECT_TRUE(empty.sides.empty());
  EXPECT_EQ(empty.cost, 0);

  PlacementProblem pinned;
  pinned.nodes = {pinnedNode("m", Side::Mote, 4, 9), pinnedNode("b", Side::Base, 9, 1)};
  pinned.edges = {{0, 1, 10}};
  PlacementSolution solution = solveTwoWayPlacement(pinned);
  EXPECT_EQ(solution.sides, (std::vector<Side>{Side::Mote, Side::Base}));
  EXPECT_DOUBLE_EQ(solution.cost, 4 + 1 + 10);
  EXPECT_DOUBLE_EQ(solution.lowerBound, 15);
  EXPECT_EQ(solution.freeNodes, 0u);
}

TEST(Placer, RejectsBadInput) {
  PlacementProblem negative;
  negative.nodes = {freeNode("f", -1, 0)};
  EXPECT_THROW(solveTwoWayPlacement(negative), std::invalid_argument);
  try {
    solveTwoWayPlacement(negative);
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("'f'"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("non-negative"), std::string::npos) << error.what();
  }

  PlacementProblem nan;
  nan.nodes = {freeNode("f", 0, std::numeric_limits<double>::quiet_NaN())};
  EXPECT_THROW(solveTwoWayPlacement(nan), std::invalid_argument);

  PlacementProblem badEdge;
  badEdge.nodes = {freeNode("f", 0, 0)};
  badEdge.edges = {{0, 1, 1}};
  EXPECT_THROW(solveTwoWayPlacement(badEdge), std::invalid_argument);
  badEdge.edges = {{0, 0, -2}};
  EXPECT_THROW(solveTwoWayPlacement(badEdge), std::invalid_argument);

  PlacementProblem autoPin;
  autoPin.nodes = {pinnedNode("f", Side::Auto)};
  EXPECT_THROW(solveTwoWayPlacement(autoPin), std::invalid_argument);

  PlacementProblem ok;
  ok.nodes = {freeNode("f", 0, 0)};
  EXPECT_THROW(placementCost(ok, {}), std::invalid_argument);
  EXPECT_THROW(placementCost(ok, {Side::Auto}), std::invalid_argument);
}

TEST(Placer, OneWayCostsAndRequirements) {
  // base-pinned main calls auto f (result crosses only when f is on the mote: 7), f reads a
  // mote-pinned sensor (1 value crosses when f is on the base: 5); f on the mote costs 3 ops.
  PlacementProblem problem;
  problem.nodes = {pinnedNode("main", Side::Base), freeNode("f", 3, 0), pinnedNode("read", Side::Mote)};
  problem.edges = {{0, 1, 0, 0, 7}, {1, 2, 0, 0, 5}};
  PlacementSolution base = solveTwoWayPlacement(problem);
  EXPECT_EQ(base.sides[1], Side::Base);  // 5 < 3 + 7
  EXPECT_DOUBLE_EQ(base.cost, 5);
  problem.edges[1].costIfFromOnBase = 11;  // 11 > 3 + 7
  PlacementSolution mote = solveTwoWayPlacement(problem);
  EXPECT_EQ(mote.sides[1], Side::Mote);
  EXPECT_DOUBLE_EQ(mote.cost, 10);

  // f on the mote requires g on the mote, which costs 100 there: f goes back to the base.
  problem.nodes.push_back(freeNode("g", 100, 0));
  problem.requirements = {{1, 3}};
  PlacementSolution required = solveTwoWayPlacement(problem);
  EXPECT_EQ(required.sides[1], Side::Base);
  EXPECT_EQ(required.sides[3], Side::Base);
  EXPECT_DOUBLE_EQ(required.cost, 11);
  EXPECT_TRUE(std::isinf(placementCost(problem, {Side::Base, Side::Mote, Side::Mote, Side::Base})));

  // A mote-pinned node requiring a base-pinned one: no legal placement, and the error says which.
  PlacementProblem impossible;
  impossible.nodes = {pinnedNode("reader", Side::Mote), freeNode("x", 0, 0), pinnedNode("log", Side::Base)};
  impossible.requirements = {{0, 1}, {1, 2}};
  try {
    solveTwoWayPlacement(impossible);
    FAIL() << "expected InfeasiblePlacement";
  } catch (const InfeasiblePlacement& error) {
    EXPECT_STREQ(error.what(),
                 "placer: no placement respects the pins: node 0 'reader' on the mote requires "
                 "node 1 'x' on the mote, which its pins and requirements forbid");
  }
}

// State follows code (docs/design.md §1): the users of one member run on one side. f alone would
// go to the mote (its result is dear to send), g alone to the base (dear to run there); together
// they take the cheaper of both on the mote (1 + 30 + 2) and both on the base (10 + 2 + 20).
TEST(Placer, TogetherKeepsTheUsersOfAMemberOnOneSide) {
  PlacementProblem problem;
  problem.nodes = {pinnedNode("main", Side::Base), freeNode("f", 1, 0), freeNode("g", 30, 0),
                   pinnedNode("read", Side::Mote)};
  // main calls f and g: a result crosses when the callee is on the mote.
  problem.edges = {{0, 1, 0, 0, 2}, {0, 2, 0, 0, 2}, {1, 3, 0, 0, 10}, {2, 3, 0, 0, 20}};
  PlacementSolution apart = solveTwoWayPlacement(problem);
  EXPECT_EQ(apart.sides[1], Side::Mote);
  EXPECT_EQ(apart.sides[2], Side::Base);
  EXPECT_DOUBLE_EQ(apart.cost, 1 + 2 + 20);

  problem.together = {{1, 2}};
  EXPECT_TRUE(std::isinf(placementCost(problem, apart.sides)));
  PlacementSolution cut = solveTwoWayPlacement(problem);
  EXPECT_EQ(cut.sides[1], Side::Base);
  EXPECT_EQ(cut.sides[2], Side::Base);
  EXPECT_DOUBLE_EQ(cut.cost, 10 + 20);
  EXPECT_DOUBLE_EQ(cut.lowerBound, cut.cost);
  // The integer program's equality gives the same placement.
  FlashBudget roomy{1e9, {0, 0, 0, 0}, {}, {}};
  PlacementSolution ilp = solvePlacementWithinBudget(problem, roomy);
  EXPECT_EQ(ilp.sides, cut.sides);
  EXPECT_DOUBLE_EQ(ilp.cost, cut.cost);

  // With g cheaper on the mote, both go there: together binds both ways.
  problem.nodes[2].costOnMote = 3;
  PlacementSolution mote = solveTwoWayPlacement(problem);
  EXPECT_EQ(mote.sides[1], Side::Mote);
  EXPECT_EQ(mote.sides[2], Side::Mote);
  EXPECT_EQ(solvePlacementWithinBudget(problem, roomy).sides, mote.sides);

  // Pinned to both sides: no placement, and the error names the pair.
  PlacementProblem impossible;
  impossible.nodes = {pinnedNode("onboard", Side::Mote), pinnedNode("onbase", Side::Base)};
  impossible.together = {{0, 1}};
  try {
    solveTwoWayPlacement(impossible);
    FAIL() << "expected InfeasiblePlacement";
  } catch (const InfeasiblePlacement& error) {
    EXPECT_STREQ(error.what(),
                 "placer: no placement respects the pins: node 0 'onboard' and node 1 'onbase' must "
                 "run on one side, and are pinned to both");
  }
  EXPECT_THROW(solvePlacementWithinBudget(impossible, FlashBudget{1e9, {0, 0}, {}, {}}), InfeasiblePlacement);
  impossible.together = {{0, 2}};
  EXPECT_THROW(solveTwoWayPlacement(impossible), std::invalid_argument);
}

// ---- Optimality: the cut against brute force over every legal placement --------------------------

struct RandomCase {
  PlacementProblem problem;
  bool integral = false;  // integer costs: sums are exact, so ties are exact and checkable
};

RandomCase randomCase(std::mt19937_64& rng, std::size_t index) {
  RandomCase result;
  PlacementProblem& problem = result.problem;
  std::uniform_int_distribution<int> freeCount(0, 16), pinnedCount(0, 4), small(0, 9);
  std::uniform_real_distribution<double> unit(0, 1);
  result.integral = index % 2 == 0;
  // A share of zeros, as real programs have (the base's costs are 0 under docs/design.md §4).
  auto cost = [&](double scale) {
    if (unit(rng) < 0.2) return 0.0;
    return result.integral ? static_cast<double>(small(rng)) : unit(rng) * scale;
  };
  const int free = index < 4 ? 16 : freeCount(rng);  // always cover the largest size
  const int pinned = pinnedCount(rng);
  for (int i = 0; i < free; ++i)
    problem.nodes.push_back(freeNode("f" + std::to_string(i), cost(100), cost(20)));
  for (int i = 0; i < pinned; ++i)
    problem.nodes.push_back(pinnedNode("p" + std::to_string(i),
                                       unit(rng) < 0.5 ? Side::Mote : Side::Base, cost(100),
                                       cost(100)));
  std::shuffle(problem.nodes.begin(), problem.nodes.end(), rng);
  const std::size_t n = problem.nodes.size();
  if (n == 0) return result;
  // Sparse (about a call graph's degree) or dense (any pair, often).
  const double density = index % 3 == 0 ? 0.7 : 2.5 / std::max<double>(1, n);
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = 0; b < n; ++b)
      if (a != b && unit(rng) < density / 2) {
        // Undirected, one-way (a call's result crossing) or both: every kind of term is exercised.
        const int kind = small(rng) % 3;
        problem.edges.push_back({a, b, kind == 0 ? cost(200) : 0, kind != 0 ? cost(200) : 0,
                                 kind == 2 ? cost(200) : 0});
      }
  if (unit(rng) < 0.1) problem.edges.push_back({0, 0, cost(50)});  // a self-loop now and then
  // Requirements (an auto caller on the mote needs its callee there): a few per case, and in
  // some cases so many that pins make the case infeasible.
  const double requirementRate = index % 5 == 0 ? 3.0 / std::max<double>(1, n) : 0.7 / std::max<double>(1, n);
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = 0; b < n; ++b)
      if (a != b && unit(rng) < requirementRate) problem.requirements.push_back({a, b});
  return result;
}

struct BruteForce {
  double best = std::numeric_limits<double>::infinity();
  std::vector<Side> firstBest;
  std::uint32_t moteInEveryBest = ~0u;  // free-node bits on the mote in every optimal placement
  std::vector<std::size_t> freeIndex;
};

BruteForce bruteForce(const PlacementProblem& problem, bool trackTies) {
  BruteForce result;
  std::vector<Side> sides(problem.nodes.size());
  for (std::size_t i = 0; i < problem.nodes.size(); ++i) {
    if (problem.nodes[i].pinned)
      sides[i] = *problem.nodes[i].pinned;
    else
      result.freeIndex.push_back(i);
  }
  const std::uint32_t count = 1u << result.freeIndex.size();
  for (std::uint32_t mask = 0; mask < count; ++mask) {
    for (std::size_t k = 0; k < result.freeIndex.size(); ++k)
      sides[result.freeIndex[k]] = (mask >> k) & 1 ? Side::Mote : Side::Base;
    double cost = placementCost(problem, sides);
    if (cost < result.best) {
      result.best = cost;
      result.firstBest = sides;
      result.moteInEveryBest = mask;
    } else if (trackTies && cost == result.best) {
      result.moteInEveryBest &= mask;
    }
  }
  return result;
}

TEST(Placer, OptimalAgainstBruteForce) {
  constexpr std::size_t kCases = 400;
  std::mt19937_64 rng(20240604);
  std::size_t maxFree = 0, tieCasesChecked = 0, mixedCases = 0, infeasibleCases = 0;
  for (std::size_t index = 0; index < kCases; ++index) {
    RandomCase random = randomCase(rng, index);
    const PlacementProblem& problem = random.problem;
    SCOPED_TRACE(::testing::Message() << "case " << index << ": " << problem.nodes.size()
                                      << " nodes, " << problem.edges.size() << " edges");
    BruteForce brute = bruteForce(problem, random.integral);
    maxFree = std::max(maxFree, brute.freeIndex.size());
    if (std::isinf(brute.best)) {  // no legal placement: the placer must say so, not guess
      EXPECT_THROW(solveTwoWayPlacement(problem), InfeasiblePlacement);
      ++infeasibleCases;
      continue;
    }
    PlacementSolution solution = solveTwoWayPlacement(problem);

    ASSERT_EQ(solution.sides.size(), problem.nodes.size());
    for (std::size_t i = 0; i < problem.nodes.size(); ++i) {
      ASSERT_NE(solution.sides[i], Side::Auto);
      if (problem.nodes[i].pinned) ASSERT_EQ(solution.sides[i], *problem.nodes[i].pinned);
    }
    ASSERT_TRUE(nearlyEqual(placementCost(problem, solution.sides), solution.cost));
    ASSERT_TRUE(nearlyEqual(solution.cost, brute.best))
        << "placer " << solution.cost << ", brute force " << brute.best;
    ASSERT_TRUE(nearlyEqual(solution.lowerBound, solution.cost))
        << "max-flow bound " << solution.lowerBound << ", cut " << solution.cost;

    // With exact (integer) costs the tie-break is checkable: the mote side is the intersection of
    // all optimal placements' mote sides, i.e. every free node that can go to the base does.
    if (random.integral) {
      std::uint32_t moteMask = 0;
      for (std::size_t k = 0; k < brute.freeIndex.size(); ++k)
        if (solution.sides[brute.freeIndex[k]] == Side::Mote) moteMask |= 1u << k;
      ASSERT_EQ(moteMask, brute.moteInEveryBest) << "not the fewest motes among the optima";
      ++tieCasesChecked;
    }
    bool anyMote = false, anyBase = false;
    for (std::size_t k : brute.freeIndex)
      (solution.sides[k] == Side::Mote ? anyMote : anyBase) = true;
    if (anyMote && anyBase) ++mixedCases;
  }
  std::cout << "[ placer   ] " << kCases << " random cases agree with brute force (up to "
            << maxFree << " free nodes, " << tieCasesChecked << " with exact tie-break checks, "
            << mixedCases << " with free nodes on both sides, " << infeasibleCases
            << " infeasible and refused)\n";
  RecordProperty("cases", static_cast<int>(kCases));
  RecordProperty("max_free_nodes", static_cast<int>(maxFree));
  EXPECT_EQ(maxFree, 16u);
  EXPECT_GT(mixedCases, kCases / 4);  // the generator exercises real cuts, not trivial ones
  EXPECT_GT(infeasibleCases, 0u);
  EXPECT_LT(infeasibleCases, kCases / 4);
}

// ---- With a flash budget: the ILP against brute force ----------------------------------------------

TEST(Placer, BudgetKeepsCodeOffTheMote) {
  // The chain with cheap code wants filter and average on the mote (cost 200); with room for one
  // of them (filter 60 bytes, average 50 bytes, budget 70), the best is filter alone (cost 450).
  PlacementProblem problem = chain(50, 50);
  FlashBudget budget{70, {0, 60, 50, 0}, {}};
  PlacementSolution solution = solvePlacementWithinBudget(problem, budget);
  EXPECT_EQ(solution.sides, (std::vector<Side>{Side::Mote, Side::Mote, Side::Base, Side::Base}));
  EXPECT_DOUBLE_EQ(solution.cost, 50 + 400);
  EXPECT_DOUBLE_EQ(flashUsed(budget, solution.sides), 60);
  // A helper both use costs 15 bytes once: filter (60 + 15) no longer fits; average (50 + 15) does.
  budget.shared = {{"helper", 15, {1, 2}}};
  solution = solvePlacementWithinBudget(problem, budget);
  EXPECT_EQ(solution.sides, (std::vector<Side>{Side::Mote, Side::Base, Side::Base, Side::Base}));
  EXPECT_DOUBLE_EQ(solution.cost, 1000);
  // A mote-pinned node that does not fit: no placement at all.
  problem.nodes[0].costOnMote = 0;
  budget.nodeBytes[0] = 100;
  EXPECT_THROW(solvePlacementWithinBudget(problem, budget), InfeasiblePlacement);
}

TEST(Placer, BudgetOptimalAgainstBruteForce) {
  constexpr std::size_t kCases = 200;
  std::mt19937_64 rng(20261122);
  std::uniform_int_distribution<int> bytes(0, 40);
  std::uniform_real_distribution<double> unit(0, 1);
  std::size_t binding = 0, infeasible = 0, maxFree = 0;
  for (std::size_t index = 0; index < kCases; ++index) {
    RandomCase random = randomCase(rng, index + 1000);
    const PlacementProblem& problem = random.problem;
    FlashBudget budget;
    double all = 0;
    for (std::size_t i = 0; i < problem.nodes.size(); ++i) {
      budget.nodeBytes.push_back(bytes(rng));
      all += budget.nodeBytes.back();
    }
    if (problem.nodes.size() > 2)
      budget.shared.push_back({"shared", static_cast<double>(bytes(rng)), {0, problem.nodes.size() / 2}});
    budget.capacity = std::floor(all * unit(rng) * 0.6);
    SCOPED_TRACE(::testing::Message() << "case " << index << ": " << problem.nodes.size()
                                      << " nodes, capacity " << budget.capacity);
    // Brute force over the placements that respect pins, requirements and the budget.
    double best = std::numeric_limits<double>::infinity(), unbudgeted = best;
    std::vector<std::size_t> free;
    std::vector<Side> sides(problem.nodes.size());
    for (std::size_t i = 0; i < problem.nodes.size(); ++i)
      if (problem.nodes[i].pinned) sides[i] = *problem.nodes[i].pinned;
      else free.push_back(i);
    maxFree = std::max(maxFree, free.size());
    for (std::uint32_t mask = 0; mask < (1u << free.size()); ++mask) {
      for (std::size_t k = 0; k < free.size(); ++k) sides[free[k]] = (mask >> k) & 1 ? Side::Mote : Side::Base;
      double cost = placementCost(problem, sides);
      unbudgeted = std::min(unbudgeted, cost);
      if (flashUsed(budget, sides) <= budget.capacity) best = std::min(best, cost);
    }
    if (std::isinf(best)) {
      EXPECT_THROW(solvePlacementWithinBudget(problem, budget), InfeasiblePlacement);
      ++infeasible;
      continue;
    }
    PlacementSolution solution = solvePlacementWithinBudget(problem, budget);
    ASSERT_LE(flashUsed(budget, solution.sides), budget.capacity);
    ASSERT_TRUE(std::isfinite(solution.cost));
    ASSERT_LE(std::abs(solution.cost - best), 1e-6 * std::max(1.0, best))
        << "ILP " << solution.cost << ", brute force " << best;
    if (best > unbudgeted + 1e-9) ++binding;
  }
  std::cout << "[ placer   ] " << kCases << " random budgeted cases agree with brute force (up to "
            << maxFree << " free nodes, the budget binding in " << binding << ", " << infeasible
            << " infeasible and refused)\n";
  EXPECT_GT(binding, kCases / 10);  // the budget really constrains, often
}

// ---- Helper choices (approach 1 or 2): the cut's encoding and the ILP against brute force -----------

using Choice = PlacementProblem::Choice;
using ChoiceUse = PlacementProblem::ChoiceUse;

TEST(Placer, AHelperIsCompiledInOrCalledRemotelyWhicheverCostsLess) {
  // f (free) would cost 10 on the mote and 50 more on the base (a result crossing); it calls the
  // helper h: 30 compiled in, 5 as a remote call.
  PlacementProblem problem;
  problem.nodes = {freeNode("f", 10, 50)};
  problem.choices = {Choice{"h", std::nullopt}};
  problem.choiceUses = {ChoiceUse{0, 0, 30, 5}};
  PlacementSolution solution = solveTwoWayPlacement(problem);
  EXPECT_EQ(solution.sides, std::vector<Side>{Side::Mote});
  EXPECT_EQ(solution.approaches, std::vector<HelperApproach>{HelperApproach::Remote});
  EXPECT_DOUBLE_EQ(solution.cost, 15);
  // Compiling h in is forced ([[onboard]] code needs it): 40 on the mote, 50 on the base.
  problem.choices[0].pinned = HelperApproach::Compiled;
  solution = solveTwoWayPlacement(problem);
  EXPECT_EQ(solution.sides, std::vector<Side>{Side::Mote});
  EXPECT_DOUBLE_EQ(solution.cost, 40);
  // Remote calls dearer than the base's side: f goes to the base, where h costs nothing.
  problem.choices[0].pinned = HelperApproach::Remote;
  problem.choiceUses[0].costIfRemote = 45;
  EXPECT_DOUBLE_EQ(solveTwoWayPlacement(problem).cost, 50);
  EXPECT_DOUBLE_EQ(placementCost(problem, {Side::Mote}, {HelperApproach::Remote}), 55);
  EXPECT_DOUBLE_EQ(placementCost(problem, {Side::Base}, {HelperApproach::Compiled}), 50);
  EXPECT_THROW(placementCost(problem, {Side::Mote}), std::invalid_argument) << "an approach per choice";
}

TEST(Placer, ChoicesWhoseUsesDisagreeAreNoCutButTheIntegerProgramSolvesThem) {
  // f is near the base (a remote call is cheap), g far away (compiling in is cheaper): one helper.
  PlacementProblem problem;
  problem.nodes = {freeNode("f", 1, 100), freeNode("g", 1, 100)};
  problem.choices = {Choice{"h", std::nullopt}};
  problem.choiceUses = {ChoiceUse{0, 0, 20, 2}, ChoiceUse{1, 0, 20, 90}};
  EXPECT_FALSE(solvableByCut(problem));
  try {
    solveTwoWayPlacement(problem);
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "placer: the uses of choice 'h' disagree on the cheaper approach, which a minimum cut "
                           "cannot express; use solvePlacement");
  }
  // One approach for both: remote (1 + 2 + 1 + 90 = 94) or compiled (1 + 20 + 1 + 20 = 42).
  PlacementSolution solution = solvePlacement(problem);
  EXPECT_EQ(solution.sides, (std::vector<Side>{Side::Mote, Side::Mote}));
  EXPECT_EQ(solution.approaches, std::vector<HelperApproach>{HelperApproach::Compiled});
  EXPECT_DOUBLE_EQ(solution.cost, 42);
  EXPECT_NEAR(solution.lowerBound, 42, 1e-6);
}

TEST(Placer, HelperChoicesOptimalAgainstBruteForce) {
  constexpr std::size_t kCases = 300;
  constexpr std::size_t kMaxFree = 10, kMaxChoices = 4;
  std::mt19937_64 rng(20261123);
  std::uniform_real_distribution<double> unit(0, 1);
  std::uniform_int_distribution<int> small(0, 9), choiceCount(1, static_cast<int>(kMaxChoices)), bytes(0, 30);
  std::size_t byCut = 0, byIntegerProgram = 0, budgeted = 0, remoteChosen = 0, compiledChosen = 0,
              infeasible = 0, maxVariables = 0;
  for (std::size_t index = 0; index < kCases; ++index) {
    RandomCase random = randomCase(rng, index + 2000);
    PlacementProblem& problem = random.problem;
    // Brute force stays small: free nodes beyond kMaxFree get pinned.
    std::size_t free = 0;
    for (Node& node : problem.nodes)
      if (!node.pinned && ++free > kMaxFree) node.pinned = unit(rng) < 0.5 ? Side::Mote : Side::Base;
    const std::size_t n = problem.nodes.size();
    if (n == 0) continue;
    auto cost = [&](double scale) {
      if (unit(rng) < 0.15) return 0.0;
      return random.integral ? static_cast<double>(small(rng)) : unit(rng) * scale;
    };
    // In half the cases each helper is cheaper one way for all its callers (a cut), in the other
    // half each use is random (often not a cut).
    const bool agreeing = index % 2 == 0;
    const int choices = choiceCount(rng);
    for (int c = 0; c < choices; ++c) {
      const double pin = unit(rng);
      problem.choices.push_back(
          {"h" + std::to_string(c), pin < 0.15 ? std::optional(HelperApproach::Remote)
                                    : pin < 0.3 ? std::optional(HelperApproach::Compiled)
                                                : std::nullopt});
      const bool remoteCheaper = unit(rng) < 0.5;
      for (std::size_t i = 0; i < n; ++i) {
        if (unit(rng) > 0.4) continue;
        double a = cost(100), b = cost(100);
        if (agreeing && (a < b) == remoteCheaper) std::swap(a, b);
        problem.choiceUses.push_back({i, static_cast<std::size_t>(c), a, b});
      }
    }
    std::optional<FlashBudget> budget;
    if (index % 3 == 0) {
      FlashBudget flash;
      double all = 0;
      for (std::size_t i = 0; i < n; ++i) all += flash.nodeBytes.emplace_back(bytes(rng));
      for (int c = 0; c < choices; ++c) {
        FlashBudget::ChoiceBytes sizes{static_cast<double>(bytes(rng)), static_cast<double>(bytes(rng) / 4), {}};
        for (const ChoiceUse& use : problem.choiceUses)
          if (use.choice == static_cast<std::size_t>(c)) sizes.users.push_back(use.node);
        all += sizes.compiled;
        flash.choiceBytes.push_back(std::move(sizes));
      }
      flash.capacity = std::floor(all * unit(rng) * 0.7);
      budget = std::move(flash);
    }
    SCOPED_TRACE(::testing::Message() << "case " << index << ": " << n << " nodes, " << choices << " choices, "
                                      << problem.choiceUses.size() << " uses"
                                      << (budget ? ", budgeted" : ""));

    // Brute force over every side of the free nodes and every approach of the free choices.
    std::vector<std::size_t> freeNodes, freeChoices;
    std::vector<Side> sides(n);
    std::vector<HelperApproach> approaches(problem.choices.size());
    for (std::size_t i = 0; i < n; ++i)
      if (problem.nodes[i].pinned) sides[i] = *problem.nodes[i].pinned;
      else freeNodes.push_back(i);
    for (std::size_t c = 0; c < problem.choices.size(); ++c)
      if (problem.choices[c].pinned) approaches[c] = *problem.choices[c].pinned;
      else freeChoices.push_back(c);
    const std::size_t variables = freeNodes.size() + freeChoices.size();
    maxVariables = std::max(maxVariables, variables);
    double best = std::numeric_limits<double>::infinity();
    for (std::uint32_t mask = 0; mask < (1u << variables); ++mask) {
      for (std::size_t k = 0; k < freeNodes.size(); ++k) sides[freeNodes[k]] = (mask >> k) & 1 ? Side::Mote : Side::Base;
      for (std::size_t k = 0; k < freeChoices.size(); ++k)
        approaches[freeChoices[k]] =
            (mask >> (freeNodes.size() + k)) & 1 ? HelperApproach::Remote : HelperApproach::Compiled;
      if (budget && flashUsed(*budget, sides, approaches) > budget->capacity) continue;
      best = std::min(best, placementCost(problem, sides, approaches));
    }
    const FlashBudget* limit = budget ? &*budget : nullptr;
    budgeted += budget.has_value();
    if (std::isinf(best)) {
      EXPECT_THROW(solvePlacement(problem, limit), InfeasiblePlacement);
      ++infeasible;
      continue;
    }
    const bool cut = solvableByCut(problem);
    if (!cut) EXPECT_THROW(solveTwoWayPlacement(problem), std::invalid_argument);
    (cut && !budget ? byCut : byIntegerProgram) += 1;
    PlacementSolution solution = solvePlacement(problem, limit);
    ASSERT_EQ(solution.approaches.size(), problem.choices.size());
    for (std::size_t c = 0; c < problem.choices.size(); ++c) {
      if (problem.choices[c].pinned) ASSERT_EQ(solution.approaches[c], *problem.choices[c].pinned);
      (solution.approaches[c] == HelperApproach::Remote ? remoteChosen : compiledChosen) += 1;
    }
    for (std::size_t i = 0; i < n; ++i)
      if (problem.nodes[i].pinned) ASSERT_EQ(solution.sides[i], *problem.nodes[i].pinned);
    if (budget) ASSERT_LE(flashUsed(*budget, solution.sides, solution.approaches), budget->capacity);
    ASSERT_TRUE(nearlyEqual(placementCost(problem, solution.sides, solution.approaches), solution.cost));
    ASSERT_LE(std::abs(solution.cost - best), 1e-6 * std::max(1.0, best))
        << "placer " << solution.cost << ", brute force " << best;
    if (cut && !budget)
      ASSERT_TRUE(nearlyEqual(solution.lowerBound, solution.cost)) << "max-flow bound " << solution.lowerBound;
  }
  std::cout << "[ placer   ] " << kCases << " random cases with helper choices agree with brute force (up to "
            << maxVariables << " free variables; " << byCut << " solved by the cut, " << byIntegerProgram
            << " by the integer program, " << budgeted << " under a flash budget; " << remoteChosen
            << " helpers remote, " << compiledChosen << " compiled in; " << infeasible << " infeasible and refused)\n";
  EXPECT_GT(byCut, kCases / 5);
  EXPECT_GT(byIntegerProgram, kCases / 5);
  EXPECT_GT(remoteChosen, kCases / 4);
  EXPECT_GT(compiledChosen, kCases / 4);
}

}  // namespace placer_test_cpp
}  // namespace
}  // namespace edgecut::compiler
