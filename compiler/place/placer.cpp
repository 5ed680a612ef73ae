#include "edgecut/compiler/placer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <type_traits>
#include <tuple>
#include <utility>

#include <boost/graph/boykov_kolmogorov_max_flow.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <fmt/format.h>

namespace edgecut::compiler {

namespace {

// The flow network is a compressed-sparse-row graph: built once from sorted arrays, with no
// allocation per arc (an adjacency_list allocates every arc's properties separately, which was half
// the solve time at 100,000 functions).
using Index = std::size_t;
using Arc = boost::detail::csr_edge_descriptor<Index, Index>;

struct VertexData {
  boost::default_color_type color = boost::white_color;
  long distance = 0;
  Arc predecessor{0, 0};
};

struct ArcData {
  double capacity = 0;
  double residual = 0;
  Arc reverse{0, 0};
};

using FlowGraph = boost::compressed_sparse_row_graph<boost::directedS, VertexData, ArcData,
                                                     boost::no_property, Index, Index>;
static_assert(std::is_same_v<boost::graph_traits<FlowGraph>::edge_descriptor, Arc>);

// The arcs before the graph exists: arcs 2k and 2k+1 are each other's reverse.
struct ArcList {
  std::vector<Index> from, to;
  std::vector<double> capacity;

  // Adds u->v with capacity forward and its reverse v->u with capacity backward: one pair per
  // pair of free nodes joined by edges or requirements, and one pair with backward = 0 per terminal
  // arc.
  void addPair(Index u, Index v, double forward, double backward) {
    from.push_back(u), to.push_back(v), capacity.push_back(forward);
    from.push_back(v), to.push_back(u), capacity.push_back(backward);
  }

  // Sorts the arcs by tail (a counting sort, stable), builds the graph and pairs the reverses.
  FlowGraph build(Index vertexCount) const {
    const Index m = from.size();
    std::vector<Index> start(vertexCount + 1, 0);
    for (Index tail : from) ++start[tail + 1];
    for (Index v = 0; v < vertexCount; ++v) start[v + 1] += start[v];
    std::vector<Index> position(m);
    std::vector<std::pair<Index, Index>> sorted(m);
    std::vector<ArcData> data(m);
    for (Index a = 0; a < m; ++a) {
      Index at = position[a] = start[from[a]]++;
      sorted[at] = {from[a], to[a]};
      data[at].capacity = capacity[a];
    }
    FlowGraph graph(boost::edges_are_sorted, sorted.begin(), sorted.end(), data.begin(),
                    vertexCount, m);
    for (Index a = 0; a < m; ++a)
      graph[Arc(from[a], position[a])].reverse = Arc(to[a], position[a ^ 1]);
    return graph;
  }
};

bool validCost(double cost) { return std::isfinite(cost) && cost >= 0; }

std::string nodeName(const PlacementProblem& problem, std::size_t index) {
  const std::string& name = problem.nodes[index].name;
  return name.empty() ? fmt::format("node {}", index) : fmt::format("node {} '{}'", index, name);
}

[[noreturn]] void badCost(double cost, const char* what, const std::string& owner) {
  throw std::invalid_argument(fmt::format(
      "placer: {} of {} is {}: placement costs must be finite and non-negative", what, owner, cost));
}

}  // namespace

// Names are formatted only on failure: validation runs on every solve, over every node and edge.
void validatePlacementProblem(const PlacementProblem& problem) {
  for (std::size_t i = 0; i < problem.nodes.size(); ++i) {
    const PlacementProblem::Node& node = problem.nodes[i];
    if (!validCost(node.costOnMote)) badCost(node.costOnMote, "costOnMote", nodeName(problem, i));
    if (!validCost(node.costOnBase)) badCost(node.costOnBase, "costOnBase", nodeName(problem, i));
    if (node.pinned && *node.pinned == Side::Auto)
      throw std::invalid_argument(
          fmt::format("placer: {} is pinned to 'auto': a pin is mote or base", nodeName(problem, i)));
  }
  for (std::size_t e = 0; e < problem.edges.size(); ++e) {
    const PlacementProblem::Edge& edge = problem.edges[e];
    if (edge.from >= problem.nodes.size() || edge.to >= problem.nodes.size())
      throw std::invalid_argument(fmt::format("placer: edge {} ({} -> {}) names a node out of {}", e,
                                              edge.from, edge.to, problem.nodes.size()));
    for (auto [cost, what] : {std::pair{edge.costIfSplit, "costIfSplit"},
                              std::pair{edge.costIfFromOnMote, "costIfFromOnMote"},
                              std::pair{edge.costIfFromOnBase, "costIfFromOnBase"}})
      if (!validCost(cost))
        badCost(cost, what,
                fmt::format("edge {} ({} -> {})", e, nodeName(problem, edge.from),
                            nodeName(problem, edge.to)));
  }
  for (std::size_t u = 0; u < problem.choiceUses.size(); ++u) {
    const PlacementProblem::ChoiceUse& use = problem.choiceUses[u];
    if (use.node >= problem.nodes.size() || use.choice >= problem.choices.size())
      throw std::invalid_argument(fmt::format("placer: choice use {} (node {}, choice {}) names a node out of {} or "
                                              "a choice out of {}",
                                              u, use.node, use.choice, problem.nodes.size(), problem.choices.size()));
    for (auto [cost, what] : {std::pair{use.costIfCompiled, "costIfCompiled"}, std::pair{use.costIfRemote, "costIfRemote"}})
      if (!validCost(cost))
        badCost(cost, what, fmt::format("choice use {} ({} calls '{}')", u, nodeName(problem, use.node),
                                        problem.choices[use.choice].name));
  }
  for (std::size_t r = 0; r < problem.requirements.size(); ++r) {
    const PlacementProblem::Requirement& requirement = problem.requirements[r];
    if (requirement.ifOnMote >= problem.nodes.size() || requirement.thenOnMote >= problem.nodes.size())
      throw std::invalid_argument(fmt::format("placer: requirement {} ({} -> {}) names a node out of {}",
                                              r, requirement.ifOnMote, requirement.thenOnMote,
                                              problem.nodes.size()));
  }
  for (std::size_t t = 0; t < problem.together.size(); ++t) {
    const PlacementProblem::Together& together = problem.together[t];
    if (together.first >= problem.nodes.size() || together.second >= problem.nodes.size())
      throw std::invalid_argument(fmt::format("placer: together {} ({} = {}) names a node out of {}", t,
                                              together.first, together.second, problem.nodes.size()));
  }
}

const char* approachName(HelperApproach approach) {
  return approach == HelperApproach::Compiled ? "compiled" : "remote";
}

double placementCost(const PlacementProblem& problem, const std::vector<Side>& sides,
                     const std::vector<HelperApproach>& approaches) {
  if (approaches.size() != problem.choices.size())
    throw std::invalid_argument(fmt::format("placer: {} approaches for {} choices", approaches.size(),
                                            problem.choices.size()));
  if (sides.size() != problem.nodes.size())
    throw std::invalid_argument(fmt::format("placer: {} sides for {} nodes", sides.size(),
                                            problem.nodes.size()));
  double cost = 0;
  for (std::size_t i = 0; i < sides.size(); ++i) {
    if (sides[i] == Side::Auto)
      throw std::invalid_argument(
          fmt::format("placer: {} has side 'auto' in a placement", nodeName(problem, i)));
    cost += sides[i] == Side::Mote ? problem.nodes[i].costOnMote : problem.nodes[i].costOnBase;
  }
  for (const PlacementProblem::Edge& edge : problem.edges) {
    const Side from = sides.at(edge.from), to = sides.at(edge.to);
    if (from == to) continue;
    cost += edge.costIfSplit + (from == Side::Mote ? edge.costIfFromOnMote : edge.costIfFromOnBase);
  }
  for (const PlacementProblem::ChoiceUse& use : problem.choiceUses)
    if (sides.at(use.node) == Side::Mote)
      cost += approaches.at(use.choice) == HelperApproach::Compiled ? use.costIfCompiled : use.costIfRemote;
  for (const PlacementProblem::Requirement& requirement : problem.requirements)
    if (sides.at(requirement.ifOnMote) == Side::Mote && sides.at(requirement.thenOnMote) == Side::Base)
      return std::numeric_limits<double>::infinity();
  for (const PlacementProblem::Together& together : problem.together)
    if (sides.at(together.first) != sides.at(together.second)) return std::numeric_limits<double>::infinity();
  return cost;
}

namespace {

// Per choice: true when every use finds compiling in no dearer than the remote call, false when
// every use finds it no cheaper; nothing when they disagree (the problem is then not a cut).
std::vector<std::optional<bool>> compiledIsCheaper(const PlacementProblem& problem) {
  std::vector<bool> cheaper(problem.choices.size(), false), dearer(problem.choices.size(), false);
  for (const PlacementProblem::ChoiceUse& use : problem.choiceUses) {
    if (use.costIfCompiled < use.costIfRemote) cheaper.at(use.choice) = true;
    if (use.costIfCompiled > use.costIfRemote) dearer.at(use.choice) = true;
  }
  std::vector<std::optional<bool>> out;
  for (std::size_t c = 0; c < problem.choices.size(); ++c)
    out.push_back(cheaper[c] && dearer[c] ? std::nullopt : std::optional<bool>(!dearer[c]));
  return out;
}

// The choices as nodes of a problem without choices, which the cut solves. A choice becomes a
// vertex whose mote (source) side stands for its cheaper approach: a use [node on mote]·(cheap on
// the cheap approach, dear on the other) is then `cheap` on the node's mote side plus an edge that
// costs dear − cheap when the node is on the mote and the choice vertex on the base side, i.e. on
// the dearer approach. Both are terms the cut represents exactly; a choice whose uses disagree on
// the cheaper approach would need a negative edge, and is not representable (solvableByCut).
struct ExpandedProblem {
  PlacementProblem problem;
  std::vector<bool> moteSideIsCompiled;  // per choice
};

ExpandedProblem expandChoices(const PlacementProblem& problem) {
  ExpandedProblem out;
  out.problem.nodes = problem.nodes;
  out.problem.edges = problem.edges;
  out.problem.requirements = problem.requirements;
  out.problem.together = problem.together;
  const std::vector<std::optional<bool>> cheaper = compiledIsCheaper(problem);
  for (std::size_t c = 0; c < problem.choices.size(); ++c) {
    if (!cheaper[c])
      throw std::invalid_argument(fmt::format(
          "placer: the uses of choice '{}' disagree on the cheaper approach, which a minimum cut cannot "
          "express; use solvePlacement",
          problem.choices[c].name));
    const bool compiledOnMoteSide = *cheaper[c];
    out.moteSideIsCompiled.push_back(compiledOnMoteSide);
    std::optional<Side> pin;
    if (const std::optional<HelperApproach>& pinned = problem.choices[c].pinned)
      pin = (*pinned == HelperApproach::Compiled) == compiledOnMoteSide ? Side::Mote : Side::Base;
    out.problem.nodes.push_back({problem.choices[c].name, 0, 0, pin});
  }
  for (const PlacementProblem::ChoiceUse& use : problem.choiceUses) {
    const bool compiledOnMoteSide = out.moteSideIsCompiled[use.choice];
    const double cheap = compiledOnMoteSide ? use.costIfCompiled : use.costIfRemote;
    const double dear = compiledOnMoteSide ? use.costIfRemote : use.costIfCompiled;
    out.problem.nodes[use.node].costOnMote += cheap;
    if (dear > cheap)
      out.problem.edges.push_back({use.node, problem.nodes.size() + use.choice, 0, dear - cheap, 0});
  }
  return out;
}

}  // namespace

bool solvableByCut(const PlacementProblem& problem) {
  for (const std::optional<bool>& cheaper : compiledIsCheaper(problem))
    if (!cheaper) return false;
  return true;
}

// The construction. Source s is the mote side, sink t the base side; after the cut, a node on the
// source side runs on the mote. An arc u -> v is cut, and its capacity paid, when u ends on the
// mote side and v on the base side, so every term of the objective is one arc:
//   s -> i, capacity costOnBase(i): cut when i goes to the base;
//   i -> t, capacity costOnMote(i): cut when i stays on the mote;
//   from -> to, capacity costIfFromOnMote, and to -> from, capacity costIfFromOnBase; costIfSplit
//   is both;
//   ifOnMote -> thenOnMote, capacity "infinite" (more than every finite capacity together), never
//   cut by a minimum cut when a legal placement exists.
// Pins would be infinite capacities to their terminal; instead a pinned node is merged into its
// terminal (fewer infinities, and a smaller graph): an arc into s or out of t is never cut and is
// dropped, an arc s -> t is always cut and is a constant, and an arc between a free node and a
// pinned one becomes a terminal arc of the free node. Each free node's two terminal capacities share
// min(s->i, i->t), which every placement pays: that part is a constant too, so at most one terminal
// arc per node remains.
//
// The minimum cut's value plus the constants is then the minimum of placementCost over legal
// placements. Boykov-Kolmogorov leaves the source search tree (colour black) equal to the nodes
// still reachable from s in the residual graph: the smallest source side of any minimum cut. Those
// go to the mote, everything else to the base, which is the documented tie-break.
PlacementSolution solveTwoWayPlacement(const PlacementProblem& problem) {
  validatePlacementProblem(problem);
  if (!problem.choices.empty()) {
    const ExpandedProblem expanded = expandChoices(problem);
    PlacementSolution solution = solveTwoWayPlacement(expanded.problem);
    const std::size_t n = problem.nodes.size();
    for (std::size_t c = 0; c < problem.choices.size(); ++c)
      solution.approaches.push_back((solution.sides[n + c] == Side::Mote) == expanded.moteSideIsCompiled[c]
                                        ? HelperApproach::Compiled
                                        : HelperApproach::Remote);
    solution.sides.resize(n);
    solution.cost = placementCost(problem, solution.sides, solution.approaches);
    solution.freeNodes = 0;
    for (const PlacementProblem::Node& node : problem.nodes) solution.freeNodes += !node.pinned;
    return solution;
  }
  const std::size_t n = problem.nodes.size();

  constexpr std::size_t kPinned = static_cast<std::size_t>(-1);
  std::vector<std::size_t> vertexOf(n, kPinned);
  std::size_t freeCount = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (!problem.nodes[i].pinned) vertexOf[i] = freeCount++;
  const Index source = freeCount, sink = freeCount + 1;
  // Where a node's arcs attach: its own vertex, or the terminal it is pinned to.
  auto endOf = [&](std::size_t i) -> Index {
    const std::optional<Side>& pin = problem.nodes[i].pinned;
    return !pin ? vertexOf[i] : *pin == Side::Mote ? source : sink;
  };

  double constant = 0, finiteTotal = 0;
  std::vector<double> toSource(freeCount, 0), toSink(freeCount, 0);  // s -> v, v -> t
  for (std::size_t i = 0; i < n; ++i) {
    const PlacementProblem::Node& node = problem.nodes[i];
    finiteTotal += node.costOnMote + node.costOnBase;
    if (node.pinned)
      constant += *node.pinned == Side::Mote ? node.costOnMote : node.costOnBase;
    else {
      toSource[vertexOf[i]] += node.costOnBase;
      toSink[vertexOf[i]] += node.costOnMote;
    }
  }
  for (const PlacementProblem::Edge& edge : problem.edges)
    finiteTotal += edge.costIfSplit + edge.costIfFromOnMote + edge.costIfFromOnBase;
  const double infinite = 2 * finiteTotal + 1;

  ArcList arcs;
  // Free-to-free arcs, keyed by (u, v), so that u -> v and v -> u share one pair.
  std::vector<std::tuple<Index, Index, double, double>> pairs;
  bool infeasible = false;
  auto addArc = [&](Index u, Index v, double capacity) {
    if (capacity == 0 || u == v || u == sink || v == source) return;  // never cut
    if (u == source && v == sink) {
      if (capacity >= infinite) infeasible = true;
      constant += capacity;
    } else if (u == source) {
      toSource[v] += capacity;
    } else if (v == sink) {
      toSink[u] += capacity;
    } else if (u < v) {
      pairs.emplace_back(u, v, capacity, 0);
    } else {
      pairs.emplace_back(v, u, 0, capacity);
    }
  };
  for (const PlacementProblem::Edge& edge : problem.edges) {
    if (edge.from == edge.to) continue;
    const Index u = endOf(edge.from), v = endOf(edge.to);
    addArc(u, v, edge.costIfSplit + edge.costIfFromOnMote);
    addArc(v, u, edge.costIfSplit + edge.costIfFromOnBase);
  }
  for (const PlacementProblem::Requirement& requirement : problem.requirements) {
    addArc(endOf(requirement.ifOnMote), endOf(requirement.thenOnMote), infinite);
    if (infeasible)
      throw InfeasiblePlacement(fmt::format(
          "placer: no placement respects the pins: {} is on the mote and requires {}, pinned to "
          "the base",
          nodeName(problem, requirement.ifOnMote), nodeName(problem, requirement.thenOnMote)));
  }
  for (const PlacementProblem::Together& together : problem.together) {
    addArc(endOf(together.first), endOf(together.second), infinite);
    addArc(endOf(together.second), endOf(together.first), infinite);
    if (infeasible)
      throw InfeasiblePlacement(fmt::format(
          "placer: no placement respects the pins: {} and {} must run on one side, and are pinned to "
          "both",
          nodeName(problem, together.first), nodeName(problem, together.second)));
  }
  std::sort(pairs.begin(), pairs.end());
  for (std::size_t k = 0; k < pairs.size();) {
    auto [u, v, forward, backward] = pairs[k];
    for (++k; k < pairs.size() && std::get<0>(pairs[k]) == u && std::get<1>(pairs[k]) == v; ++k) {
      forward += std::get<2>(pairs[k]);
      backward += std::get<3>(pairs[k]);
    }
    arcs.addPair(u, v, forward, backward);
  }
  for (std::size_t v = 0; v < freeCount; ++v) {
    double shared = std::min(toSource[v], toSink[v]);
    constant += shared;
    if (toSource[v] - shared > 0) arcs.addPair(source, v, toSource[v] - shared, 0);
    if (toSink[v] - shared > 0) arcs.addPair(v, sink, toSink[v] - shared, 0);
  }

  FlowGraph graph = arcs.build(freeCount + 2);
  double flow = 0;
  if (freeCount > 0)
    flow = boost::boykov_kolmogorov_max_flow(
        graph, boost::get(&ArcData::capacity, graph), boost::get(&ArcData::residual, graph),
        boost::get(&ArcData::reverse, graph), boost::get(&VertexData::predecessor, graph),
        boost::get(&VertexData::color, graph), boost::get(&VertexData::distance, graph),
        boost::get(boost::vertex_index, graph), source, sink);

  PlacementSolution solution;
  solution.sides.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const PlacementProblem::Node& node = problem.nodes[i];
    if (node.pinned)
      solution.sides[i] = *node.pinned;
    else
      solution.sides[i] =
          graph[vertexOf[i]].color == boost::black_color ? Side::Mote : Side::Base;
  }
  solution.cost = placementCost(problem, solution.sides);
  if (flow >= infinite || std::isinf(solution.cost)) {
    // A requirement had to be cut: free nodes alone cannot satisfy the pins. Name one.
    for (const PlacementProblem::Requirement& requirement : problem.requirements)
      if (solution.sides[requirement.ifOnMote] == Side::Mote &&
          solution.sides[requirement.thenOnMote] == Side::Base)
        throw InfeasiblePlacement(fmt::format(
            "placer: no placement respects the pins: {} on the mote requires {} on the mote, "
            "which its pins and requirements forbid",
            nodeName(problem, requirement.ifOnMote), nodeName(problem, requirement.thenOnMote)));
    for (const PlacementProblem::Together& together : problem.together)
      if (solution.sides[together.first] != solution.sides[together.second])
        throw InfeasiblePlacement(fmt::format(
            "placer: no placement respects the pins: {} and {} must run on one side, which their "
            "pins and requirements forbid",
            nodeName(problem, together.first), nodeName(problem, together.second)));
  }
  solution.lowerBound = constant + flow;
  solution.freeNodes = freeCount;
  return solution;
}

}  // namespace edgecut::compiler
