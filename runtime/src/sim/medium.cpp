#include "edgecut/runtime/sim/medium.hpp"

#include <fmt/format.h>

#include "edgecut/runtime/sim/routing.hpp"

namespace edgecut::sim {

NodeTraffic& NodeTraffic::operator+=(const NodeTraffic& other) {
  messagesSent += other.messagesSent;
  dataValuesSent += other.dataValuesSent;
  bytesSent += other.bytesSent;
  bytesReceived += other.bytesReceived;
  transmit += other.transmit;
  return *this;
}

Medium::Medium(const Network& network, double transmitCost)
    : network_(network), transmitCost_(transmitCost), bySlot_(network.motes().size() + 1) {}

std::map<NodeId, NodeTraffic> Medium::traffic() const {
  std::map<NodeId, NodeTraffic> byNode;
  byNode.emplace(Network::kBase, bySlot_[0]);
  for (std::size_t i = 0; i < network_.motes().size(); ++i) byNode.emplace(network_.motes()[i].id, bySlot_[i + 1]);
  return byNode;
}

std::vector<Hop> Medium::path(NodeId src, NodeId dst) const {
  for (NodeId node : {src, dst}) {
    if (!network_.hasNode(node)) throw NetworkError(fmt::format("network: there is no node {}", node));
  }
  std::vector<Hop> hops;
  // Network::parse rejects route cycles, so this ends; routeHops bounds it all the same.
  for (const RouteHop& hop : routeHops(src, dst, [&](NodeId mote) { return network_.route(mote); },
                                       network_.motes().size()))
    hops.push_back({hop.from, hop.to});
  return hops;
}

std::size_t Medium::carry(NodeId src, NodeId dst, std::size_t dataValues, std::size_t bytes,
                          std::uint64_t timeMs) {
  if (!network_.hasRoutes()) {  // one hop, straight to the destination: no path to build
    const std::size_t from = network_.slot(src);
    const std::size_t to = network_.slot(dst);
    for (auto [node, slot] : {std::pair{src, from}, std::pair{dst, to}}) {
      if (slot == Network::kNoSlot) throw NetworkError(fmt::format("network: there is no node {}", node));
    }
    carryHop(from, to, dataValues, bytes, timeline_.at(timeMs));
    return 1;
  }
  const std::vector<Hop> hops = path(src, dst);
  Interval& now = timeline_.at(timeMs);
  for (const Hop& hop : hops) carryHop(network_.slot(hop.from), network_.slot(hop.to), dataValues, bytes, now);
  return hops.size();
}

void Medium::carryHop(std::size_t from, std::size_t to, std::size_t dataValues, std::size_t bytes, Interval& now) {
  NodeTraffic& sender = bySlot_[from];
  sender.messagesSent += 1;
  sender.dataValuesSent += dataValues;
  sender.bytesSent += bytes;
  bySlot_[to].bytesReceived += bytes;
  now.messages += 1;
  now.bytes += bytes;
  if (to != 0) now.moteBytesReceived += bytes;
  if (from != 0) {
    const double d2 = squaredDistance(network_.positionAt(from), network_.positionAt(to));
    const double transmit = transmitCost_ * static_cast<double>(dataValues) * d2;
    sender.transmit += transmit;
    now.transmit += transmit;
    now.moteBytesSent += bytes;
  }
}

NodeTraffic Medium::total() const {
  NodeTraffic sum;
  for (const NodeTraffic& traffic : bySlot_) sum += traffic;
  return sum;
}

}  // namespace edgecut::sim
