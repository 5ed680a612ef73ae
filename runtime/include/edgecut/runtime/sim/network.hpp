// The network a program runs on, as the base and the mote host use it: motes in id order, every
// cluster with its head. Read by the one network reader (edgecut/runtime/network/network.hpp), from
// the program (ProgramInfo::networkCbor) or from --network FILE, so that the programs accept exactly
// the networks the compiler accepts. Host side: allocates and throws.
#ifndef EDGECUT_RUNTIME_SIM_NETWORK_HPP
#define EDGECUT_RUNTIME_SIM_NETWORK_HPP

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgecut/edgecut.hpp"
#include "edgecut/runtime/abi.hpp"
#include "edgecut/runtime/network/network.hpp"
#include "edgecut/runtime/sim/geometry.hpp"

namespace edgecut::sim {

// The network cannot be run on (a node it does not have, …).
class NetworkError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A network file (or the program's built-in network) that the network reader rejects: what() is its
// diagnostics as clang prints them (file:line:col: error: …, notes, "N errors generated.").
class InvalidNetwork : public NetworkError {
 public:
  using NetworkError::NetworkError;
};

// A mote as the network reader read it; its sensor sources are normalised.
using MoteSpec = network::Mote;

// A mote fits a [[mote]] class if it has all of the class's sensors and actuators.
bool fits(const MoteSpec& mote, const MoteClassInfo& moteClass);

struct ClusterSpec {
  std::string name;
  std::vector<NodeId> members;
  NodeId head = 0;  // given by the network, or chosen by sim/cluster_head.hpp
};

class Network {
 public:
  Network() = default;
  // A network the network reader accepted.
  explicit Network(network::Network read);
  // Reads the JSON text of a network, which `name` stands for in messages (tests and tools; the
  // programs use builtInNetwork and loadNetwork). Throws InvalidNetwork.
  static Network parse(std::string_view json, const std::string& name = "network.json");

  const Position& basePosition() const { return base_; }
  // Where the base listens on a real network ("host:port"); empty if the network gives none.
  const std::string& baseAddress() const { return baseAddress_; }
  // The address of a node (the base or a mote); empty if it has none or there is no such node.
  const std::string& address(NodeId id) const;
  // Every mote, in id order.
  const std::vector<MoteSpec>& motes() const { return motes_; }
  const std::vector<ClusterSpec>& clusters() const { return clusters_; }

  // nullptr if there is no mote with that id (the base, 0, is no mote).
  const MoteSpec* mote(NodeId id) const;
  // The node's place in a table of every node: 0 for the base, 1 + its index in motes() for a
  // mote; kNoSlot if there is no such node. The simulator's per-message lookups go through it.
  // Inline: the base looks up a slot or two for each of a time's runs (per_node.hpp).
  std::size_t slot(NodeId id) const {
    if (id == kBase) return 0;
    if (!slotById_.empty()) return id < slotById_.size() && slotById_[id] != 0 ? slotById_[id] : kNoSlot;
    return slotBySearch(id);
  }
  static constexpr std::size_t kNoSlot = static_cast<std::size_t>(-1);
  // Whether any mote has a route (then frames may take several hops).
  bool hasRoutes() const { return !routes_.empty(); }
  // The position of the node in `slot`, which must be valid.
  const Position& positionAt(std::size_t slot) const { return slot == 0 ? base_ : motes_[slot - 1].position; }
  bool hasNode(NodeId id) const { return id == kBase || mote(id) != nullptr; }
  // Throws NetworkError for an unknown node.
  const Position& position(NodeId id) const;
  // The next hop a mote forwards its frames to, if the network gives it a route.
  std::optional<NodeId> route(NodeId mote) const;

  // The ids of the motes that fit `moteClass`, in id order.
  std::vector<NodeId> fitting(const MoteClassInfo& moteClass) const;


  static constexpr NodeId kBase = 0;

 private:
  Position base_;
  std::string baseAddress_;
  std::vector<MoteSpec> motes_;
  // motes_'s ids, in the same order: searched instead of motes_, whose elements are large, so that
  // a lookup among 10,000 motes touches a few cache lines, not one per step.
  std::vector<NodeId> ids_;
  // slot() by id, where the ids are dense enough (most networks number their motes 1 … N): one
  // read instead of a search. Empty otherwise.
  std::vector<std::uint32_t> slotById_;
  std::size_t slotBySearch(NodeId id) const;  // slot() where slotById_ is empty
  std::vector<ClusterSpec> clusters_;
  std::map<NodeId, NodeId> routes_;
};

// The network baked into the program (ProgramInfo::networkCbor). Throws InvalidNetwork.
Network builtInNetwork(const ProgramInfo& program);

// The network to run on: the one baked into the program, or the one in `file` (--network FILE, a
// real deployment's addresses), read by the same reader as a plan's network file. The file must
// describe the same motes (ids, classes, sensors, actuators) as the built-in network; positions,
// addresses, sensor sources, clusters and routes may differ. Throws InvalidNetwork with every
// error, at file:line:col, the same mistake on many motes grouped into one.
Network loadNetwork(const ProgramInfo& program, const std::optional<std::string>& file);

// The class of `ProgramInfo::moteClasses` with that name, or nullptr.
const MoteClassInfo* findMoteClass(const ProgramInfo& program, std::string_view name);

// The name of an id in one of ProgramInfo's tables, or nullptr.
const char* nameOf(std::span<const NamedId> table, std::uint32_t id);

}  // namespace edgecut::sim

#endif  // EDGECUT_RUNTIME_SIM_NETWORK_HPP
