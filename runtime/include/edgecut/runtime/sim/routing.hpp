// The hops a frame takes through the network (docs/design.md §2, "routes"): THE rule, shared by the
// simulated medium (which carries and accounts frames) and the compiler's energy estimate (which
// predicts what they will cost). Header-only, pure, over plain data.
//
// A mote with a route hands the frame to its next hop, which forwards it the same way; a node
// without a route, and the base (node 0), sends straight to the destination.
#ifndef EDGECUT_RUNTIME_SIM_ROUTING_HPP
#define EDGECUT_RUNTIME_SIM_ROUTING_HPP

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace edgecut::sim {

struct RouteHop {
  std::uint32_t from = 0;
  std::uint32_t to = 0;
};

// `nextHop(mote)` gives the mote's route, if it has one. Routes must not form cycles (plans and
// networks reject them); `maxHops` (the number of motes) bounds the walk all the same.
template <class NextHop>
std::vector<RouteHop> routeHops(std::uint32_t src, std::uint32_t dst, const NextHop& nextHop,
                                std::size_t maxHops) {
  constexpr std::uint32_t kBase = 0;
  std::vector<RouteHop> hops;
  for (std::uint32_t at = src; at != dst && hops.size() <= maxHops;) {
    std::optional<std::uint32_t> next;
    if (at != kBase) next = nextHop(at);
    hops.push_back({at, next.value_or(dst)});
    at = hops.back().to;
  }
  return hops;
}

}  // namespace edgecut::sim

#endif  // EDGECUT_RUNTIME_SIM_ROUTING_HPP
