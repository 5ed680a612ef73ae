#include "geography.hpp"

#include <algorithm>
#include <numeric>
#include <optional>

#include "edgecut/compiler/place.hpp"
#include "edgecut/runtime/sim/cluster_head.hpp"
#include "edgecut/runtime/sim/routing.hpp"

namespace edgecut::compiler {

double mean(const std::vector<double>& values) {
  if (values.empty()) return 0;
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

Geography::Geography(const PlacementPlan& plan, const ProgramModel& program) : network_(plan.network) {
  for (const MoteClass& moteClass : program.moteClasses)
    for (const PlanMote& mote : network_.motes)
      if (fits(mote, moteClass)) byClass_[moteClass.name].push_back(mote.id);
}

const std::vector<std::uint32_t>& Geography::motesOf(const std::string& moteClass) const {
  static const std::vector<std::uint32_t> none;
  auto found = byClass_.find(moteClass);
  return found == byClass_.end() ? none : found->second;
}

std::vector<std::uint32_t> Geography::homeOf(const Function& function) const {
  if (const auto* onHead = std::get_if<OnClusterHead>(&function.runsOn)) {
    std::vector<std::uint32_t> heads;
    for (const auto& [head, members] : clustersOf(onHead->memberClass)) heads.push_back(head);
    return heads;
  }
  const std::string& moteClass = moteClassToRunOn(function.runsOn);
  return moteClass.empty() ? std::vector<std::uint32_t>{} : motesOf(moteClass);
}

double Geography::routeCost(std::uint32_t from, std::uint32_t to) const {
  double sum = 0;
  auto next = [&](std::uint32_t mote) -> std::optional<std::uint32_t> {
    auto found = network_.routes.find(mote);
    if (found == network_.routes.end()) return std::nullopt;
    return found->second;
  };
  for (const sim::RouteHop& hop : sim::routeHops(from, to, next, network_.motes.size()))
    sum += sim::squaredDistance(position(hop.from), position(hop.to));
  return sum;
}

double Geography::meanToBase(const std::vector<std::uint32_t>& motes) const {
  std::vector<double> costs;
  for (std::uint32_t mote : motes) costs.push_back(routeCost(mote, 0));
  return mean(costs);
}

std::vector<std::pair<std::uint32_t, std::vector<std::uint32_t>>> Geography::clustersOf(
    const std::string& memberClass) const {
  std::vector<std::pair<std::uint32_t, std::vector<std::uint32_t>>> clusters;
  const std::vector<std::uint32_t>& fitting = motesOf(memberClass);
  for (const PlanCluster& cluster : network_.clusters) {
    bool all = !cluster.members.empty() && cluster.head &&
               std::all_of(cluster.members.begin(), cluster.members.end(), [&](std::uint32_t id) {
                 return std::find(fitting.begin(), fitting.end(), id) != fitting.end();
               });
    if (all) clusters.push_back({*cluster.head, cluster.members});
  }
  if (clusters.empty() && !fitting.empty()) {
    std::vector<sim::HeadCandidate> candidates;
    for (std::uint32_t id : fitting) candidates.push_back({id, position(id)});
    if (auto head = sim::chooseClusterHead(candidates, position(0)))
      clusters.push_back({head->head, fitting});
  }
  return clusters;
}

sim::Position Geography::position(std::uint32_t node) const {
  if (node == 0) return network_.basePosition;
  const PlanMote* mote = network_.findMote(node);
  return mote ? mote->position : sim::Position{};
}

}  // namespace edgecut::compiler
