// Which member of a cluster is its head: THE one rule, shared by the base runtime (which
// sends a cluster's calls to its head) and the compiler's `explain` (which prints the heads).
// Header-only, pure, over plain data.
//
//   1. A planned cluster (the plan's network.clusters[]) with exactly these members, in any order,
//      gives its `head`.
//   2. Otherwise the head is the member h that minimises
//        Σ_{m ≠ h} d(m, h)²  +  d(h, base)²
//      i.e. the members' transmit energy to the head plus the head's own to the base, with the d²
//      of the energy model (E = O + transmit · Σ Bᵢ · dᵢ², one value per transmission). Routes are
//      ignored: the estimate takes every transmission as one direct hop, even where the network's
//      routes would relay it. Ties go to the lowest id.
#ifndef EDGECUT_RUNTIME_SIM_CLUSTER_HEAD_HPP
#define EDGECUT_RUNTIME_SIM_CLUSTER_HEAD_HPP

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "edgecut/runtime/sim/geometry.hpp"

namespace edgecut::sim {

struct HeadCandidate {
  std::uint32_t id = 0;  // the mote's node id
  Position position;
};

// A cluster the plan names, with the head it chose.
struct PlannedCluster {
  std::vector<std::uint32_t> members;
  std::uint32_t head = 0;
};

struct HeadChoice {
  std::uint32_t head = 0;
  bool planned = false;  // rule 1 chose it; otherwise `cost` is rule 2's minimum
  double cost = 0;       // Σ d² of the chosen head (0 when planned)
};

// Rule 2's cost of `head` for these members.
inline double clusterHeadCost(std::span<const HeadCandidate> members, const HeadCandidate& head,
                              const Position& base) {
  double cost = squaredDistance(head.position, base);
  for (const HeadCandidate& m : members) {
    if (m.id != head.id) cost += squaredDistance(m.position, head.position);
  }
  return cost;
}

// The head of a cluster of `members` (duplicates count once); nothing if there are no members.
inline std::optional<HeadChoice> chooseClusterHead(std::span<const HeadCandidate> members, const Position& base,
                                                   std::span<const PlannedCluster> planned = {}) {
  std::vector<HeadCandidate> unique(members.begin(), members.end());
  std::sort(unique.begin(), unique.end(), [](const HeadCandidate& a, const HeadCandidate& b) { return a.id < b.id; });
  unique.erase(std::unique(unique.begin(), unique.end(),
                           [](const HeadCandidate& a, const HeadCandidate& b) { return a.id == b.id; }),
               unique.end());
  if (unique.empty()) return std::nullopt;

  std::vector<std::uint32_t> ids;
  for (const HeadCandidate& m : unique) ids.push_back(m.id);
  for (const PlannedCluster& cluster : planned) {
    std::vector<std::uint32_t> theirs = cluster.members;
    std::sort(theirs.begin(), theirs.end());
    theirs.erase(std::unique(theirs.begin(), theirs.end()), theirs.end());
    if (theirs == ids && std::binary_search(ids.begin(), ids.end(), cluster.head)) {
      return HeadChoice{cluster.head, true, 0};
    }
  }

  // The direct sum is quadratic in the members: a network file may hold a cluster of 300,000. Past
  // kDirectSumMembers the sum is taken around the members' centroid c, Σ|m − h|² = Σ|m − c|² +
  // n·|c − h|², in one pass; it may differ from the direct sum in the last bits, so small clusters,
  // whose symmetric positions make exact ties, keep the direct sum.
  constexpr std::size_t kDirectSumMembers = 1024;
  Position centroid{};
  double spread = 0;  // Σ|m − c|²
  if (unique.size() > kDirectSumMembers) {
    for (const HeadCandidate& m : unique) {
      centroid.x += m.position.x / static_cast<double>(unique.size());
      centroid.y += m.position.y / static_cast<double>(unique.size());
      centroid.z += m.position.z / static_cast<double>(unique.size());
    }
    for (const HeadCandidate& m : unique) spread += squaredDistance(m.position, centroid);
  }
  std::optional<HeadChoice> best;
  for (const HeadCandidate& h : unique) {  // in id order: a strict < keeps the lowest id on a tie
    const double cost = unique.size() > kDirectSumMembers
                            ? squaredDistance(h.position, base) + spread +
                                  static_cast<double>(unique.size()) * squaredDistance(centroid, h.position)
                            : clusterHeadCost(unique, h, base);
    if (!best || cost < best->cost) best = HeadChoice{h.id, false, cost};
  }
  return best;
}

}  // namespace edgecut::sim

#endif  // EDGECUT_RUNTIME_SIM_CLUSTER_HEAD_HPP
