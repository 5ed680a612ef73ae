#include "edgecut/runtime/sim/network.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "edgecut/runtime/sim/address.hpp"
#include "edgecut/runtime/sim/cluster_head.hpp"

namespace edgecut::sim {

namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& message) { throw NetworkError("network: " + message); }

const json& member(const json& object, const char* key, const std::string& where) {
  auto it = object.find(key);
  if (it == object.end()) fail(fmt::format("{} has no \"{}\"", where, key));
  return *it;
}

NodeId parseNodeId(const json& value, const std::string& where) {
  if (!value.is_number_unsigned() || value.get<std::uint64_t>() > UINT32_MAX) {
    fail(fmt::format("{} must be a node id (an unsigned 32-bit integer), not {}", where, value.dump()));
  }
  return value.get<NodeId>();
}

Position parsePosition(const json& value, const std::string& where) {
  if (!value.is_array() || value.size() < 2 || value.size() > 3 ||
      !std::all_of(value.begin(), value.end(), [](const json& c) { return c.is_number(); })) {
    fail(fmt::format("{} must be [x, y] or [x, y, z], not {}", where, value.dump()));
  }
  Position p;
  p.x = value[0].get<double>();
  p.y = value[1].get<double>();
  if (value.size() == 3) p.z = value[2].get<double>();
  return p;
}

std::string parseAddress(const json& value, const std::string& where) {
  if (!value.is_string() || !splitHostPort(value.get<std::string>())) {
    fail(fmt::format("{} must be \"host:port\" with a port 1..65535, such as \"10.0.0.7:47001\" or "
                     "\"[::1]:47001\", not {}",
                     where, value.dump()));
  }
  return value.get<std::string>();
}

MoteSpec parseMote(const json& value, std::size_t index) {
  const std::string where = fmt::format("motes[{}]", index);
  if (!value.is_object()) fail(where + " must be an object");
  MoteSpec mote;
  mote.id = parseNodeId(member(value, "id", where), where + ".id");
  if (mote.id == Network::kBase) fail(where + ".id must not be 0, which is the base");
  const std::string moteWhere = fmt::format("mote {}", mote.id);
  if (auto it = value.find("class"); it != value.end()) {
    if (!it->is_string()) fail(moteWhere + ": \"class\" must be a string");
    mote.moteClass = it->get<std::string>();
  }
  mote.position = parsePosition(member(value, "position", moteWhere), moteWhere + ": \"position\"");
  if (auto it = value.find("path"); it != value.end()) {
    if (!it->is_string()) fail(moteWhere + ": \"path\" must be a string");
    mote.path = it->get<std::string>();
  }
  if (auto it = value.find("sensors"); it != value.end()) {
    if (!it->is_object()) fail(moteWhere + ": \"sensors\" must be an object");
    for (const auto& [name, source] : it->items()) mote.sensors.emplace(name, source);
  }
  if (auto it = value.find("actuators"); it != value.end()) {
    if (!it->is_array()) fail(moteWhere + ": \"actuators\" must be an array of names");
    for (const json& name : *it) {
      if (!name.is_string()) fail(moteWhere + ": \"actuators\" must be an array of names");
      mote.actuators.push_back(name.get<std::string>());
    }
  }
  if (auto it = value.find("address"); it != value.end()) {
    mote.address = parseAddress(*it, moteWhere + ": \"address\"");
  }
  return mote;
}

}  // namespace

bool MoteSpec::hasSensor(std::string_view name) const {
  return sensors.find(std::string(name)) != sensors.end();
}

bool MoteSpec::hasActuator(std::string_view name) const {
  return std::find(actuators.begin(), actuators.end(), name) != actuators.end();
}

bool MoteSpec::fits(const MoteClassInfo& moteClass) const {
  return std::all_of(moteClass.sensors.begin(), moteClass.sensors.end(),
                     [&](const char* s) { return hasSensor(s); }) &&
         std::all_of(moteClass.actuators.begin(), moteClass.actuators.end(),
                     [&](const char* a) { return hasActuator(a); });
}

Network Network::parse(std::string_view text) {
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) fail("not valid JSON");
  if (!root.is_object()) fail("must be a JSON object");

  Network network;
  if (auto it = root.find("base"); it != root.end()) {
    if (!it->is_object()) fail("\"base\" must be an object");
    network.base_ = parsePosition(member(*it, "position", "base"), "base.position");
    if (auto address = it->find("address"); address != it->end()) {
      network.baseAddress_ = parseAddress(*address, "base.address");
    }
  }

  if (auto it = root.find("motes"); it != root.end()) {
    if (!it->is_array()) fail("\"motes\" must be an array");
    for (std::size_t i = 0; i < it->size(); ++i) network.motes_.push_back(parseMote((*it)[i], i));
  }
  std::sort(network.motes_.begin(), network.motes_.end(),
            [](const MoteSpec& a, const MoteSpec& b) { return a.id < b.id; });
  for (std::size_t i = 1; i < network.motes_.size(); ++i) {
    if (network.motes_[i].id == network.motes_[i - 1].id) {
      fail(fmt::format("two motes have id {}", network.motes_[i].id));
    }
  }

  if (auto it = root.find("clusters"); it != root.end()) {
    if (!it->is_array()) fail("\"clusters\" must be an array");
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& c = (*it)[i];
      const std::string where = fmt::format("clusters[{}]", i);
      if (!c.is_object()) fail(where + " must be an object");
      ClusterSpec cluster;
      if (auto name = c.find("name"); name != c.end() && name->is_string()) {
        cluster.name = name->get<std::string>();
      }
      const json& members = member(c, "members", where);
      if (!members.is_array()) fail(where + ".members must be an array of mote ids");
      for (const json& m : members) {
        cluster.members.push_back(parseNodeId(m, where + ".members"));
        if (!network.mote(cluster.members.back())) {
          fail(fmt::format("{} names mote {}, which does not exist", where, cluster.members.back()));
        }
      }
      if (auto head = c.find("head"); head != c.end()) {
        cluster.head = parseNodeId(*head, where + ".head");
        if (!network.mote(cluster.head)) {
          fail(fmt::format("{}.head is mote {}, which does not exist", where, cluster.head));
        }
      } else {
        // A network written for a deployment may leave heads out: the shared rule picks one, as
        // the compiler does for a plan.
        std::vector<HeadCandidate> members;
        for (NodeId id : cluster.members) members.push_back({id, network.mote(id)->position});
        const auto choice = chooseClusterHead(members, network.base_);
        if (!choice) fail(where + " has no members");
        cluster.head = choice->head;
      }
      network.clusters_.push_back(std::move(cluster));
    }
  }

  if (auto it = root.find("routes"); it != root.end()) {
    if (!it->is_object()) fail("\"routes\" must be an object of mote id -> next hop");
    for (const auto& [key, hop] : it->items()) {
      NodeId from = 0;
      try {
        std::size_t used = 0;
        const unsigned long parsed = std::stoul(key, &used);
        if (used != key.size() || parsed > UINT32_MAX) throw std::invalid_argument(key);
        from = static_cast<NodeId>(parsed);
      } catch (const std::exception&) {
        fail(fmt::format("routes: \"{}\" is not a mote id", key));
      }
      if (!network.mote(from)) fail(fmt::format("routes: mote {} does not exist", from));
      const NodeId to = parseNodeId(hop, fmt::format("routes[\"{}\"]", key));
      if (!network.hasNode(to)) fail(fmt::format("routes: mote {} routes to {}, which does not exist", from, to));
      if (to == from) fail(fmt::format("routes: mote {} routes to itself", from));
      network.routes_[from] = to;
    }
    // A cycle would make a frame travel forever.
    for (const auto& [start, unused] : network.routes_) {
      std::set<NodeId> seen{start};
      for (auto hop = network.route(start); hop; hop = network.route(*hop)) {
        if (!seen.insert(*hop).second) fail(fmt::format("routes: the route from mote {} loops", start));
      }
    }
  }
  return network;
}

const MoteSpec* Network::mote(NodeId id) const {
  auto it = std::lower_bound(motes_.begin(), motes_.end(), id,
                             [](const MoteSpec& m, NodeId wanted) { return m.id < wanted; });
  return it != motes_.end() && it->id == id ? &*it : nullptr;
}

const Position& Network::position(NodeId id) const {
  if (id == kBase) return base_;
  const MoteSpec* m = mote(id);
  if (m == nullptr) throw NetworkError(fmt::format("network: there is no node {}", id));
  return m->position;
}

const std::string& Network::address(NodeId id) const {
  static const std::string none;
  if (id == kBase) return baseAddress_;
  const MoteSpec* m = mote(id);
  return m != nullptr ? m->address : none;
}

std::optional<NodeId> Network::route(NodeId moteId) const {
  auto it = routes_.find(moteId);
  if (it == routes_.end()) return std::nullopt;
  return it->second;
}

std::vector<NodeId> Network::fitting(const MoteClassInfo& moteClass) const {
  std::vector<NodeId> ids;
  for (const MoteSpec& m : motes_) {
    if (m.fits(moteClass)) ids.push_back(m.id);
  }
  return ids;
}

namespace {

// The first way `given` describes other motes than `built`, or nothing.
std::optional<std::string> deploymentDifference(const Network& built, const Network& given) {
  for (const MoteSpec& mote : built.motes()) {
    const MoteSpec* other = given.mote(mote.id);
    if (other == nullptr) return fmt::format("it has no mote {}, which the program was built with", mote.id);
    if (other->moteClass != mote.moteClass) {
      return fmt::format("mote {} has class \"{}\" there, \"{}\" in the build", mote.id, other->moteClass,
                         mote.moteClass);
    }
    std::vector<std::string> sensors, otherSensors;
    for (const auto& [name, source] : mote.sensors) sensors.push_back(name);
    for (const auto& [name, source] : other->sensors) otherSensors.push_back(name);
    if (sensors != otherSensors) {
      return fmt::format("mote {} has sensors [{}] there, [{}] in the build", mote.id,
                         fmt::join(otherSensors, ", "), fmt::join(sensors, ", "));
    }
    std::vector<std::string> actuators = mote.actuators, otherActuators = other->actuators;
    std::sort(actuators.begin(), actuators.end());
    std::sort(otherActuators.begin(), otherActuators.end());
    if (actuators != otherActuators) {
      return fmt::format("mote {} has actuators [{}] there, [{}] in the build", mote.id,
                         fmt::join(otherActuators, ", "), fmt::join(actuators, ", "));
    }
  }
  for (const MoteSpec& mote : given.motes()) {
    if (built.mote(mote.id) == nullptr) {
      return fmt::format("it has a mote {}, which the program was not built with", mote.id);
    }
  }
  return std::nullopt;
}

}  // namespace

Network loadNetwork(const ProgramInfo& program, const std::optional<std::string>& file) {
  Network built = Network::parse(program.networkJson);
  if (!file) return built;
  std::ifstream in(*file);
  if (!in) throw NetworkError(fmt::format("{}: cannot read the network file: {}", *file, std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  Network given;
  try {
    given = Network::parse(text.str());
  } catch (const NetworkError& e) {
    throw NetworkError(fmt::format("{}: {}", *file, e.what()));
  }
  if (auto difference = deploymentDifference(built, given)) {
    throw NetworkError(fmt::format(
        "{}: this network describes other motes than the one {} was built with (plan {}): {}; a "
        "deployment's network may change positions, addresses, clusters and routes, not motes",
        *file, program.programFile, program.planFile, *difference));
  }
  return given;
}

const MoteClassInfo* findMoteClass(const ProgramInfo& program, std::string_view name) {
  for (const MoteClassInfo& c : program.moteClasses) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

const char* nameOf(std::span<const NamedId> table, std::uint32_t id) {
  for (const NamedId& entry : table) {
    if (entry.id == id) return entry.name;
  }
  return nullptr;
}

}  // namespace edgecut::sim
