// The simulated radio medium: it knows where every node is, follows routes hop by hop, and
// accounts every transmission for the energy model (docs/design.md §4):
//   a hop transmitted by a mote costs  transmitCost · Bᵢ · dᵢ²
//   (Bᵢ = data values in the frame, dᵢ = the hop's length); the base's hops are free.
#ifndef EDGECUT_RUNTIME_SIM_MEDIUM_HPP
#define EDGECUT_RUNTIME_SIM_MEDIUM_HPP

#include <cstdint>
#include <map>
#include <vector>

#include "edgecut/runtime/sim/network.hpp"
#include "edgecut/runtime/sim/timeline.hpp"

namespace edgecut::sim {

// What one node put on the air, and what it heard.
struct NodeTraffic {
  std::uint64_t messagesSent = 0;
  std::uint64_t dataValuesSent = 0;  // "integers" in PySense's terms
  std::uint64_t bytesSent = 0;
  std::uint64_t bytesReceived = 0;   // frames whose hop ends here, forwarded ones included
  double transmit = 0;  // energy

  NodeTraffic& operator+=(const NodeTraffic& other);
};

struct Hop {
  NodeId from;
  NodeId to;
};

class Medium {
 public:
  Medium(const Network& network, double transmitCost);

  // The hops a frame takes from `src` to `dst`: a mote with a route hands the frame to its next
  // hop, which forwards it the same way; a node without a route (and the base) sends straight to
  // the destination. Throws NetworkError for a node the network does not have.
  std::vector<Hop> path(NodeId src, NodeId dst) const;

  // Accounts one frame of `bytes` bytes carrying `dataValues` data values from src to dst, sent at
  // network time `timeMs` (edgecut::now() on the base, so the same on every transport); returns
  // how many hops it took.
  std::size_t carry(NodeId src, NodeId dst, std::size_t dataValues, std::size_t bytes, std::uint64_t timeMs = 0);

  // Every node (base first, then motes in id order) with its traffic, including silent ones.
  std::map<NodeId, NodeTraffic> traffic() const;
  NodeTraffic total() const;
  // The same traffic over network time, every node's together (the motes' operations are not
  // the medium's: a mote host counts them).
  const Timeline& timeline() const { return timeline_; }

 private:
  // One frame's hop: its accounting, the sender and receiver given by their Network::slot.
  void carryHop(std::size_t from, std::size_t to, std::size_t dataValues, std::size_t bytes, Interval& now);

  const Network& network_;
  double transmitCost_;
  // By Network::slot: a frame's accounting finds its nodes in one read each, next to each other
  // for neighbouring ids.
  std::vector<NodeTraffic> bySlot_;
  Timeline timeline_;
};

}  // namespace edgecut::sim

#endif  // EDGECUT_RUNTIME_SIM_MEDIUM_HPP
