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
    : network_(network), transmitCost_(transmitCost) {
  traffic_[Network::kBase] = {};
  for (const MoteSpec& mote : network.motes()) traffic_[mote.id] = {};
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
  const std::vector<Hop> hops = path(src, dst);
  Interval& now = timeline_.at(timeMs);
  for (const Hop& hop : hops) {
    NodeTraffic& sender = traffic_[hop.from];
    sender.messagesSent += 1;
    sender.dataValuesSent += dataValues;
    sender.bytesSent += bytes;
    traffic_[hop.to].bytesReceived += bytes;
    now.messages += 1;
    now.bytes += bytes;
    if (hop.to != Network::kBase) now.moteBytesReceived += bytes;
    if (hop.from != Network::kBase) {
      const double d2 = squaredDistance(network_.position(hop.from), network_.position(hop.to));
      const double transmit = transmitCost_ * static_cast<double>(dataValues) * d2;
      sender.transmit += transmit;
      now.transmit += transmit;
      now.moteBytesSent += bytes;
    }
  }
  return hops.size();
}

NodeTraffic Medium::total() const {
  NodeTraffic sum;
  for (const auto& [node, traffic] : traffic_) sum += traffic;
  return sum;
}

}  // namespace edgecut::sim
