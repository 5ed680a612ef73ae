// placer_scale: times the exact two-way placer on a synthetic call graph.
//
//   placer_scale [--functions N] [--calls-per-function K] [--pinned FRACTION] [--seed S]
//                [--runs R] [--max-seconds T]
//
// Defaults: 100,000 functions, 3 calls each, 5% pinned, seed 1, 1 run. The graph is a seeded random
// DAG shaped like a program: most calls go to nearby functions (a module), some anywhere later.
// Costs follow docs/design.md §4 with instruction = 1, transmit = 100 and one hop of d = 1: a function on
// the mote costs ops · calls, on the base nothing; a split call costs 100 · values · calls. Pinned
// functions are half sensor reads (mote) and half [[onbase]] ones (base).
//
// Prints the time to solve (the best of the runs), the cost and the split; exits 1 when the cut's
// cost disagrees with its max-flow bound, or when --max-seconds is given and exceeded.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "edgecut/compiler/placer.hpp"

using edgecut::compiler::PlacementProblem;
using edgecut::compiler::PlacementSolution;
using edgecut::compiler::Side;
using edgecut::compiler::solveTwoWayPlacement;

namespace {

struct Options {
  std::size_t functions = 100000;
  std::size_t callsPerFunction = 3;
  double pinned = 0.05;
  std::uint64_t seed = 1;
  int runs = 1;
  double maxSeconds = 0;  // 0: no limit
};

[[noreturn]] void usage(const char* program) {
  std::fprintf(stderr,
               "usage: %s [--functions N] [--calls-per-function K] [--pinned FRACTION] "
               "[--seed S] [--runs R] [--max-seconds T]\n",
               program);
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (i + 1 >= argc) usage(argv[0]);
    const char* value = argv[++i];
    if (flag == "--functions") options.functions = std::stoull(value);
    else if (flag == "--calls-per-function") options.callsPerFunction = std::stoull(value);
    else if (flag == "--pinned") options.pinned = std::stod(value);
    else if (flag == "--seed") options.seed = std::stoull(value);
    else if (flag == "--runs") options.runs = std::max(1, std::stoi(value));
    else if (flag == "--max-seconds") options.maxSeconds = std::stod(value);
    else usage(argv[0]);
  }
  return options;
}

PlacementProblem syntheticCallGraph(const Options& options) {
  std::mt19937_64 rng(options.seed);
  std::uniform_real_distribution<double> unit(0, 1);
  std::uniform_int_distribution<int> ops(1, 200), calls(1, 50), values(1, 8);
  const std::size_t n = options.functions;
  PlacementProblem problem;
  problem.nodes.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    PlacementProblem::Node node;
    node.name = "f" + std::to_string(i);
    node.costOnMote = 1.0 * ops(rng) * calls(rng);  // instruction · ops · calls
    node.costOnBase = 0;                            // the base's energy is free
    if (unit(rng) < options.pinned) node.pinned = unit(rng) < 0.5 ? Side::Mote : Side::Base;
    problem.nodes.push_back(std::move(node));
  }
  problem.edges.reserve(n * options.callsPerFunction);
  for (std::size_t caller = 0; caller + 1 < n; ++caller) {
    for (std::size_t k = 0; k < options.callsPerFunction; ++k) {
      const std::size_t later = n - caller - 1;
      std::size_t offset;
      if (unit(rng) < 0.8)  // within the module: the next few hundred functions
        offset = 1 + std::min<std::size_t>(later - 1, static_cast<std::size_t>(unit(rng) * 500));
      else
        offset = 1 + static_cast<std::size_t>(unit(rng) * later) % later;
      // transmit · values · d² (d = 1) · calls
      problem.edges.push_back({caller, caller + offset, 100.0 * values(rng) * calls(rng)});
    }
  }
  return problem;
}

double seconds(std::chrono::steady_clock::duration duration) {
  return std::chrono::duration<double>(duration).count();
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  auto start = std::chrono::steady_clock::now();
  const PlacementProblem problem = syntheticCallGraph(options);
  const double generate = seconds(std::chrono::steady_clock::now() - start);

  PlacementSolution solution;
  double best = INFINITY;
  for (int run = 0; run < options.runs; ++run) {
    start = std::chrono::steady_clock::now();
    solution = solveTwoWayPlacement(problem);
    best = std::min(best, seconds(std::chrono::steady_clock::now() - start));
  }

  std::size_t onMote = 0, freeOnMote = 0;
  for (std::size_t i = 0; i < problem.nodes.size(); ++i) {
    if (solution.sides[i] != Side::Mote) continue;
    ++onMote;
    if (!problem.nodes[i].pinned) ++freeOnMote;
  }
  std::printf("placer_scale: %zu functions (%zu free, %zu pinned), %zu call edges, seed %llu\n",
              problem.nodes.size(), solution.freeNodes, problem.nodes.size() - solution.freeNodes,
              problem.edges.size(), static_cast<unsigned long long>(options.seed));
  std::printf("placer_scale: generated in %.3f s\n", generate);
  std::printf("placer_scale: solved in %.3f s (best of %d run%s)\n", best, options.runs,
              options.runs == 1 ? "" : "s");
  std::printf("placer_scale: E = %.6g (max-flow bound %.6g), %zu functions on the mote (%zu free), "
              "%zu on the base\n",
              solution.cost, solution.lowerBound, onMote, freeOnMote,
              problem.nodes.size() - onMote);

  int status = 0;
  if (std::abs(solution.cost - solution.lowerBound) >
      1e-9 * std::max(1.0, std::abs(solution.cost))) {
    std::fprintf(stderr, "placer_scale: error: the cut's cost differs from the max-flow bound\n");
    status = 1;
  }
  if (options.maxSeconds > 0 && best > options.maxSeconds) {
    std::fprintf(stderr, "placer_scale: error: %.3f s is over the %.3f s limit\n", best,
                 options.maxSeconds);
    status = 1;
  }
  return status;
}
