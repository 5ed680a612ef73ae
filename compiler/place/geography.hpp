// Place, part: where the network's motes are and what a transmission costs, for the energy
// estimate (energy.hpp: d² of a route is the sum of its hops' d²).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "edgecut/compiler/model.hpp"
#include "edgecut/compiler/plan.hpp"
#include "edgecut/runtime/sim/geometry.hpp"

namespace edgecut::compiler {

double mean(const std::vector<double>& values);  // 0 for none

class Geography {
 public:
  Geography(const PlacementPlan& plan, const ProgramModel& program);

  // The motes of the network that fit `moteClass` (place.hpp's fits), in network order.
  const std::vector<std::uint32_t>& motesOf(const std::string& moteClass) const;

  // Where a call of `function` runs when it runs on a mote: the motes of its class, of its mote
  // parameter's class, or its clusters' heads; none for the calling mote or the base. As
  // place.hpp's motesToRunOn, except that without clusters in the plan a cluster method's home is
  // the head that the head rule chooses among all the motes of its member class (clustersOf).
  std::vector<std::uint32_t> homeOf(const Function& function) const;

  // Σ d² over the hops from `from` to `to` (0 is the base).
  double routeCost(std::uint32_t from, std::uint32_t to) const;
  double meanToBase(const std::vector<std::uint32_t>& motes) const;

  // The clusters whose members are all motes of `memberClass`, as (head, members); when the plan
  // has none, one cluster of every such mote with the head rule's choice.
  std::vector<std::pair<std::uint32_t, std::vector<std::uint32_t>>> clustersOf(
      const std::string& memberClass) const;

 private:
  sim::Position position(std::uint32_t node) const;

  const Network& network_;
  std::map<std::string, std::vector<std::uint32_t>> byClass_;
};

}  // namespace edgecut::compiler
