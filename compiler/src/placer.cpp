#include "edgecut/compiler/placer.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

// GCC 12 reports a false -Wmaybe-uninitialized inside Boost.Graph's edge iterator (an optional it
// never reads unset); the pragma keeps the build output clean without hiding our own code's.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/boykov_kolmogorov_max_flow.hpp>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#include <fmt/format.h>

namespace edgecut::compiler {

namespace {

using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
using Arc = Traits::edge_descriptor;
using Vertex = Traits::vertex_descriptor;

struct VertexData {
  boost::default_color_type color = boost::white_color;
  long distance = 0;
  Arc predecessor;
};

struct ArcData {
  double capacity = 0;
  double residual = 0;
  Arc reverse;
};

using FlowGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, VertexData,
                                       ArcData>;

void checkCost(double cost, const char* what, const std::string& owner) {
  if (!std::isfinite(cost) || cost < 0)
    throw std::invalid_argument(fmt::format(
        "placer: {} of {} is {}: placement costs must be finite and non-negative", what, owner,
        cost));
}

std::string nodeName(const PlacementProblem& problem, std::size_t index) {
  const std::string& name = problem.nodes[index].name;
  return name.empty() ? fmt::format("node {}", index) : fmt::format("node {} '{}'", index, name);
}

void validate(const PlacementProblem& problem) {
  for (std::size_t i = 0; i < problem.nodes.size(); ++i) {
    const PlacementProblem::Node& node = problem.nodes[i];
    checkCost(node.costOnMote, "costOnMote", nodeName(problem, i));
    checkCost(node.costOnBase, "costOnBase", nodeName(problem, i));
    if (node.pinned && *node.pinned == Side::Auto)
      throw std::invalid_argument(
          fmt::format("placer: {} is pinned to 'auto': a pin is mote or base", nodeName(problem, i)));
  }
  for (std::size_t e = 0; e < problem.edges.size(); ++e) {
    const PlacementProblem::Edge& edge = problem.edges[e];
    if (edge.from >= problem.nodes.size() || edge.to >= problem.nodes.size())
      throw std::invalid_argument(fmt::format("placer: edge {} ({} -> {}) names a node out of {}", e,
                                              edge.from, edge.to, problem.nodes.size()));
    checkCost(edge.costIfSplit, "costIfSplit",
              fmt::format("edge {} ({} -> {})", e, nodeName(problem, edge.from),
                          nodeName(problem, edge.to)));
  }
}

// Adds the arc u->v with capacity forward and its paired reverse arc v->u with capacity backward:
// one pair per call edge (capacity both ways, as a split costs the same in either direction) and
// one pair with backward = 0 per terminal arc.
void addArcPair(FlowGraph& graph, Vertex u, Vertex v, double forward, double backward) {
  Arc there = boost::add_edge(u, v, graph).first;
  Arc back = boost::add_edge(v, u, graph).first;
  graph[there].capacity = forward;
  graph[there].reverse = back;
  graph[back].capacity = backward;
  graph[back].reverse = there;
}

}  // namespace

double placementCost(const PlacementProblem& problem, const std::vector<Side>& sides) {
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
  for (const PlacementProblem::Edge& edge : problem.edges)
    if (sides.at(edge.from) != sides.at(edge.to)) cost += edge.costIfSplit;
  return cost;
}

// The construction. Source s is the mote side, sink t the base side; after the cut, a node on the
// source side runs on the mote. A cut arc is what a placement pays:
//   s -> i, capacity costOnBase(i): cut when i goes to the base;
//   i -> t, capacity costOnMote(i): cut when i stays on the mote;
//   i <-> j, capacity costIfSplit both ways: cut when i and j are on different sides.
// Pins would be infinite capacities to their terminal; instead a pinned node is merged into its
// terminal (no infinity in floating point, and a smaller graph): its own cost is a constant, and its
// edges to free nodes become terminal arcs (an edge to a mote-pinned node is paid when the free node
// goes to the base, so it adds to s -> i). Edges between two pinned nodes are constants. Each free
// node's two terminal capacities share min(s->i, i->t), which every placement pays: that part is a
// constant too, so at most one terminal arc per node remains.
//
// The minimum cut's value plus the constants is then the minimum of placementCost over legal
// placements. Boykov-Kolmogorov leaves the source search tree (colour black) equal to the nodes
// still reachable from s in the residual graph: the smallest source side of any minimum cut. Those
// go to the mote, everything else to the base, which is the documented tie-break.
PlacementSolution solveTwoWayPlacement(const PlacementProblem& problem) {
  validate(problem);
  const std::size_t n = problem.nodes.size();

  constexpr std::size_t kPinned = static_cast<std::size_t>(-1);
  std::vector<std::size_t> vertexOf(n, kPinned);
  std::size_t freeCount = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (!problem.nodes[i].pinned) vertexOf[i] = freeCount++;

  double constant = 0;
  std::vector<double> toSource(freeCount, 0), toSink(freeCount, 0);  // s -> v, v -> t
  for (std::size_t i = 0; i < n; ++i) {
    const PlacementProblem::Node& node = problem.nodes[i];
    if (node.pinned)
      constant += *node.pinned == Side::Mote ? node.costOnMote : node.costOnBase;
    else {
      toSource[vertexOf[i]] += node.costOnBase;
      toSink[vertexOf[i]] += node.costOnMote;
    }
  }

  FlowGraph graph(freeCount + 2);
  const Vertex source = freeCount, sink = freeCount + 1;
  for (const PlacementProblem::Edge& edge : problem.edges) {
    if (edge.from == edge.to || edge.costIfSplit == 0) continue;
    const auto& a = problem.nodes[edge.from];
    const auto& b = problem.nodes[edge.to];
    if (a.pinned && b.pinned) {
      if (*a.pinned != *b.pinned) constant += edge.costIfSplit;
    } else if (a.pinned || b.pinned) {
      Side pin = a.pinned ? *a.pinned : *b.pinned;
      std::size_t v = vertexOf[a.pinned ? edge.to : edge.from];
      (pin == Side::Mote ? toSource : toSink)[v] += edge.costIfSplit;
    } else {
      addArcPair(graph, vertexOf[edge.from], vertexOf[edge.to], edge.costIfSplit,
                 edge.costIfSplit);
    }
  }
  for (std::size_t v = 0; v < freeCount; ++v) {
    double shared = std::min(toSource[v], toSink[v]);
    constant += shared;
    if (toSource[v] - shared > 0) addArcPair(graph, source, v, toSource[v] - shared, 0);
    if (toSink[v] - shared > 0) addArcPair(graph, v, sink, toSink[v] - shared, 0);
  }

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
  solution.lowerBound = constant + flow;
  solution.freeNodes = freeCount;
  return solution;
}

}  // namespace edgecut::compiler
