#include "edgecut/compiler/placer.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <type_traits>
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
  // call edge (capacity both ways, as a split costs the same in either direction) and one pair with
  // backward = 0 per terminal arc.
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

// Names are formatted only on failure: validation runs on every solve, over every node and edge.
void validate(const PlacementProblem& problem) {
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
    if (!validCost(edge.costIfSplit))
      badCost(edge.costIfSplit, "costIfSplit",
              fmt::format("edge {} ({} -> {})", e, nodeName(problem, edge.from),
                          nodeName(problem, edge.to)));
  }
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

  ArcList arcs;
  const Index source = freeCount, sink = freeCount + 1;
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
      arcs.addPair(vertexOf[edge.from], vertexOf[edge.to], edge.costIfSplit, edge.costIfSplit);
    }
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
  solution.lowerBound = constant + flow;
  solution.freeNodes = freeCount;
  return solution;
}

}  // namespace edgecut::compiler
