// The network a program was partitioned for: where the base and the motes are, what each mote
// senses and drives, clusters and routes. Parsed from ProgramInfo::networkJson (the "network"
// object of a plan, docs/design.md §2). Host side: allocates and throws.
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
#include "edgecut/runtime/sim/geometry.hpp"

namespace edgecut::sim {

// The network description is not what this runtime understands.
class NetworkError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct MoteSpec {
  NodeId id = 0;
  std::string moteClass;  // as written in the network; fitting looks at sensors and actuators
  Position position;
  std::string path;
  // Sensor name -> its simulated source (see sensors.hpp), as written in the network.
  std::map<std::string, nlohmann::json> sensors;
  std::vector<std::string> actuators;
  // Where the mote listens on a real network ("host:port", sim/address.hpp); empty if the network
  // gives none (the sim needs none).
  std::string address;

  bool hasSensor(std::string_view name) const;
  bool hasActuator(std::string_view name) const;
  // A mote fits a [[mote]] class if it has all of the class's sensors and actuators.
  bool fits(const MoteClassInfo& moteClass) const;
};

struct ClusterSpec {
  std::string name;
  std::vector<NodeId> members;
  NodeId head = 0;
};

class Network {
 public:
  // Throws NetworkError naming what is wrong (an unknown field type, a duplicate id, a route to
  // nowhere or in a cycle, …).
  static Network parse(std::string_view json);

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
  std::vector<ClusterSpec> clusters_;
  std::map<NodeId, NodeId> routes_;
};

// The network to run on: the one baked into the program, or the one in `file` (--network FILE, a
// real deployment's addresses). The file must describe the same motes (ids, classes, sensors,
// actuators) as the built-in network; positions, addresses, sensor sources, clusters and routes
// may differ. Throws NetworkError naming the file and the first difference.
Network loadNetwork(const ProgramInfo& program, const std::optional<std::string>& file);

// The class of `ProgramInfo::moteClasses` with that name, or nullptr.
const MoteClassInfo* findMoteClass(const ProgramInfo& program, std::string_view name);

// The name of an id in one of ProgramInfo's tables, or nullptr.
const char* nameOf(std::span<const NamedId> table, std::uint32_t id);

}  // namespace edgecut::sim

#endif  // EDGECUT_RUNTIME_SIM_NETWORK_HPP
