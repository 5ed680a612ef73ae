// The network reader: the network object, its base, motes, clusters and routes (sensor sources:
// sources.cpp). Every message says what is wrong and how to fix it.
#include <algorithm>
#include <filesystem>

#include "edgecut/runtime/sim/address.hpp"
#include "edgecut/runtime/sim/cluster_head.hpp"
#include "network_reader.hpp"

namespace edgecut::network {

using json::Member;
using json::Value;

const json::KeySpec kNetworkKeys[] = {
#define EDGECUT_KEY(object, key, kind, meaning) {#object, #key, json::Expect::kind, meaning},
#define EDGECUT_RANGED_KEY(object, key, kind, meaning, min, max, whole) \
  {#object, #key, json::Expect::kind, meaning, {min, max, whole}},
#include "edgecut/runtime/network/keys.def"
};
const std::size_t kNetworkKeyCount = std::size(kNetworkKeys);

const json::NumberRange& moteIdRange() {
  static const json::NumberRange& range = []() -> const json::NumberRange& {
    for (const json::KeySpec& row : kNetworkKeys)
      if (row.object == "mote" && row.key == "id") return row.range;
    throw std::logic_error("keys.def gives no range for a mote's id");
  }();
  return range;
}

namespace {

// A route key's mote id: digits without a leading zero, within the ids' range.
std::optional<std::uint32_t> routeKeyId(const std::string& key) {
  bool canonical = !key.empty() && key.size() <= 10 && key[0] >= '1' && key[0] <= '9' &&
                   std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!canonical || static_cast<double>(std::stoull(key)) > moteIdRange().max) return std::nullopt;
  return static_cast<std::uint32_t>(std::stoull(key));
}

}  // namespace

bool isIdentifier(std::string_view name) {
  if (name.empty()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!alpha(name[0])) return false;
  for (char c : name)
    if (!alpha(c) && !(c >= '0' && c <= '9')) return false;
  return true;
}

bool Mote::hasSensor(std::string_view name) const { return sensors.find(std::string(name)) != sensors.end(); }

bool Mote::hasActuator(std::string_view name) const {
  return std::find(actuators.begin(), actuators.end(), name) != actuators.end();
}

const Mote* Network::findMote(std::uint32_t id) const {
  auto lookUp = [&]() -> const Mote* {
    auto found = moteIndex.find(id);
    if (found == moteIndex.end()) return nullptr;
    return found->second < motes.size() && motes[found->second].id == id ? &motes[found->second] : nullptr;
  };
  if (moteIndex.size() == motes.size())
    if (const Mote* mote = lookUp(); mote || !moteIndex.count(id)) return mote;
  moteIndex.clear();
  for (std::size_t i = 0; i < motes.size(); ++i) moteIndex.emplace(motes[i].id, i);  // the first of an id
  return lookUp();
}

NetworkReader::NetworkReader(diag::DiagnosticSink& diagnostics, const std::string& file, const char* relativeTo,
                             bool keepJson)
    : json::Reader(diagnostics, {kNetworkKeys, kNetworkKeyCount}),
      relativeTo_(relativeTo),
      perMote_(diagnostics),
      keepJson_(keepJson) {
  file_ = file;
}

void NetworkReader::deliver(diag::Diagnostic diagnostic) {
  if (grouping_)
    perMote_.report(aboutMote_, std::move(diagnostic));
  else
    json::Reader::deliver(std::move(diagnostic));
}

std::string NetworkReader::subject(std::string_view verb) const {
  if (aboutMote_) return diag::moteWords("{mote} {" + std::string(verb) + "}");
  return "a mote " + std::string(verb);
}

std::optional<Network> NetworkReader::read(const Value& value) {
  network_.file = file_;
  network_.location = at(value.position);
  if (keepJson_) network_.json = value.toJson();
  checkKeys(value, "network", "in the network");
  if (const Value* base = value.find("base")) readBase(*base);
  const Value* motes = value.find("motes");
  if (!motes) {
    if (!misspelt(value, "network", "motes"))
      error(value.position, "the network has no 'motes'; add \"motes\": [{\"id\": 1, \"position\": [x, y], ...}]");
  } else if (expect(*motes, "network", "motes")) {
    readMotes(*motes);
  }
  // Clusters and routes name motes, so they are read after all the motes whatever the key order.
  if (const Value* clusters = value.find("clusters")) readClusters(*clusters);
  if (const Value* routes = value.find("routes")) readRoutes(*routes);
  if (errorCount() != 0) return std::nullopt;
  if (keepJson_) normalizeSources();
  chooseHeads();
  return std::move(network_);
}

void NetworkReader::readBase(const Value& base) {
  if (!expect(base, "network", "base")) return;
  checkKeys(base, "base", "in 'base'");
  if (const Value* address = base.find("address")) readAddress(*address, "base", network_.baseAddress);
  if (const Value* position = base.find("position"))
    readPosition(*position, "base", network_.basePosition);
  else if (!misspelt(base, "base", "position"))
    error(base.position, "'base' has no 'position'; add \"position\": [x, y] (or leave 'base' out for [0, 0])");
}

bool NetworkReader::readPosition(const Value& value, std::string_view object, Position& out) {
  const std::size_t size = value.elements.size();
  if (!value.isArray() || size < 2 || size > 3) {
    std::string got = value.isArray() ? "an array of " + std::to_string(size) + " element" + (size == 1 ? "" : "s")
                                      : value.kindName();
    error(value.position,
          "'position' must be an array" + std::string(spec(object, "position").meaning) + ", not " + got);
    return false;
  }
  auto x = ranged(value.elements[0], object, "position", "the x coordinate");
  auto y = ranged(value.elements[1], object, "position", "the y coordinate");
  auto z = size == 3 ? ranged(value.elements[2], object, "position", "the z coordinate") : std::optional<double>(0);
  if (!x || !y || !z) return false;
  out = Position{*x, *y, *z};
  return true;
}

// A mote id: a positive integer that fits 32 bits. `what` names it in messages.
std::optional<std::uint32_t> NetworkReader::moteId(const Value& value, const std::string& what) {
  std::optional<std::uint64_t> id = json::unsignedOf(value);
  if (!id) {
    std::string got = value.isNumber() ? json::numberText(value.asDouble()) : value.kindName();
    error(value.position, what + " must be a positive integer, not " + got);
    return std::nullopt;
  }
  if (*id == 0) {
    error(value.position, what + " must be a positive integer; 0 is the base station");
    return std::nullopt;
  }
  if (static_cast<double>(*id) > moteIdRange().max) {
    error(value.position, what + " " + std::to_string(*id) + " is too large; the largest mote id is " +
                              json::numberText(moteIdRange().max));
    return std::nullopt;
  }
  return static_cast<std::uint32_t>(*id);
}

// A node's "host:port" (sim/address.hpp: what the udp transport accepts).
void NetworkReader::readAddress(const Value& value, std::string_view object, std::string& address) {
  if (!expect(value, object, "address")) return;
  if (!sim::splitHostPort(value.string)) {
    error(value.position, "'address' must be \"host:port\" with a port from 1 to 65535, such as \"10.0.0.7:5683\", "
                          "not \"" + value.string + "\"; write an IPv6 host in brackets, e.g. \"[::1]:5683\"");
    return;
  }
  address = value.string;
}

void NetworkReader::readMotes(const Value& motes) {
  network_.motes.reserve(motes.elements.size());
  startGrouping();
  for (const Value& value : motes.elements) {
    aboutMote_.reset();
    if (!value.isObject()) {
      error(value.position, std::string("each mote must be an object such as {\"id\": 1, \"position\": [x, y]}, "
                                        "not ") + value.kindName());
      continue;
    }
    readMote(value);
  }
  stopGrouping();
}

void NetworkReader::readMote(const Value& value) {
  Mote mote;
  mote.location = at(value.position);
  bool valid = true;
  const Value* idValue = value.find("id");
  if (!idValue) {
    if (!misspelt(value, "mote", "id"))
      error(value.position, "mote has no 'id'; add \"id\": N with a positive integer N");
    valid = false;
  } else if (auto id = moteId(*idValue, "mote 'id'")) {
    mote.id = *id;
    aboutMote_ = *id;
    auto [first, inserted] = moteIdAt_.emplace(*id, idValue->position);
    if (!inserted) {
      error(idValue->position, diag::moteWords("duplicate {mote id}; each mote needs its own id"),
            {noteAt(first->second, "mote " + std::to_string(*id) + " was first defined here")});
      valid = false;
    }
  } else {
    valid = false;
  }
  if (!keysKnown(value, "mote")) checkKeys(value, "mote", aboutMote_ ? diag::moteWords("in {mote}") : "in a mote");

  if (const Value* className = value.find("class"))
    if (expect(*className, "mote", "class")) mote.className = className->string;
  if (const Value* position = value.find("position"))
    readPosition(*position, "mote", mote.position);
  else if (!misspelt(value, "mote", "position"))
    error(value.position, subject("has") + " no 'position'; add \"position\": [x, y]");
  if (const Value* path = value.find("path")) {
    if (expect(*path, "mote", "path")) {
      if (path->string.empty() || path->string[0] != '/')
        error(path->position, "'path' must start with '/', e.g. \"/floors/3/312\"");
      else
        mote.path = path->string;
    }
  }
  if (const Value* sensors = value.find("sensors")) readSensors(*sensors, mote);
  if (const Value* actuators = value.find("actuators")) readActuators(*actuators, mote);
  if (const Value* address = value.find("address")) readAddress(*address, "mote", mote.address);
  if (valid) network_.motes.push_back(std::move(mote));
}

void NetworkReader::readActuators(const Value& value, Mote& mote) {
  if (!expect(value, "mote", "actuators")) return;
  std::unordered_map<std::string, json::Position> seen;
  for (const Value& name : value.elements) {
    if (!expectKind(name, Value::Kind::String, "an actuator", " name")) continue;
    if (!isIdentifier(name.string)) {
      error(name.position, "actuator name '" + name.string +
                               "' is not an identifier; it must match its setter, e.g. setLed() is 'led'");
      continue;
    }
    auto [first, inserted] = seen.emplace(name.string, name.position);
    if (!inserted) {
      const std::string mote = aboutMote_ ? diag::moteWords("{mote}") : "a mote";
      error(name.position, "duplicate actuator '" + name.string + "' in " + mote + "; list it once",
            {noteAt(first->second, "first listed here")});
      continue;
    }
    mote.actuators.push_back(name.string);
  }
}

void NetworkReader::readClusters(const Value& value) {
  if (!expect(value, "network", "clusters")) return;
  std::unordered_map<std::string, json::Position> names;
  startGrouping();
  for (const Value& entry : value.elements) {
    if (!expectKind(entry, Value::Kind::Object, "each cluster",
                    " such as {\"name\": \"room\", \"members\": [1, 2], \"head\": 2}"))
      continue;
    Cluster cluster;
    cluster.location = at(entry.position);
    bool valid = true;
    const Value* name = entry.find("name");
    std::string label = "cluster";
    if (!name) {
      if (!misspelt(entry, "cluster", "name")) error(entry.position, "cluster has no 'name'; add \"name\": \"...\"");
      valid = false;
    } else if (expectKind(*name, Value::Kind::String, "cluster 'name'")) {
      if (name->string.empty()) {
        error(name->position, "cluster 'name' is empty; give the cluster a name");
        valid = false;
      } else {
        cluster.name = name->string;
        label = "cluster '" + cluster.name + "'";
        auto [first, inserted] = names.emplace(cluster.name, name->position);
        if (!inserted) {
          error(name->position, "duplicate cluster name '" + cluster.name + "'; each cluster needs its own name",
                {noteAt(first->second, "'" + cluster.name + "' was first defined here")});
          valid = false;
        }
      }
    } else {
      valid = false;
    }
    checkKeys(entry, "cluster", "in " + label);

    const Value* members = entry.find("members");
    std::unordered_map<std::uint32_t, json::Position> memberAt;
    if (!members) {
      if (!misspelt(entry, "cluster", "members"))
        error(entry.position, label + " has no 'members'; add \"members\": [mote ids]");
      valid = false;
    } else if (expect(*members, "cluster", "members")) {
      if (members->elements.empty()) {
        error(members->position, label + " has no members; list at least one mote id");
        valid = false;
      }
      for (const Value& member : members->elements) {
        auto id = moteId(member, "a cluster member");
        if (!id) {
          valid = false;
          continue;
        }
        aboutMote_ = *id;
        if (!moteIdAt_.count(*id)) {
          error(member.position, label + diag::moteWords(" names {mote}, which {is} not in the network"));
          valid = false;
        } else if (auto [first, inserted] = memberAt.emplace(*id, member.position); !inserted) {
          error(member.position, diag::moteWords("{mote} {is} listed twice in ") + label,
                {noteAt(first->second, "first listed here")});
          valid = false;
        } else {
          cluster.members.push_back(*id);
        }
        aboutMote_.reset();
      }
    } else {
      valid = false;
    }
    if (const Value* head = entry.find("head")) {
      if (auto id = moteId(*head, "cluster 'head'")) {
        if (!moteIdAt_.count(*id)) {
          error(head->position, "head " + std::to_string(*id) + " of " + label + " is not a mote in the network");
          valid = false;
        } else if (members && members->isArray() && !memberAt.count(*id)) {
          error(head->position, "head " + std::to_string(*id) + " of " + label +
                                    " is not one of its members; add it to 'members' or choose a member");
          valid = false;
        } else {
          cluster.head = *id;
        }
      } else {
        valid = false;
      }
    } else if (misspelt(entry, "cluster", "head")) {
      valid = false;
    }
    // Without a "head", chooseHeads() picks one once every mote's position is known.
    if (valid) network_.clusters.push_back(std::move(cluster));
  }
  stopGrouping();
}

void NetworkReader::readRoutes(const Value& value) {
  if (!expect(value, "network", "routes")) return;
  std::map<std::uint32_t, const Member*> entries;
  startGrouping();
  for (const Member& member : value.members) {
    const std::string& key = member.key;
    std::optional<std::uint32_t> mote = routeKeyId(key);
    if (!mote) {
      error(member.keyPosition,
            "route key '" + key + "' is not a mote id; write the sending mote's id as a string, e.g. \"1\": 3");
      continue;
    }
    aboutMote_ = *mote;
    const Value& hopValue = member.value;
    std::optional<std::uint64_t> hop = json::unsignedOf(hopValue);
    if (!moteIdAt_.count(*mote)) {
      error(member.keyPosition, diag::moteWords("route{s} for {mote}, which {is} not in the network"));
    } else if (!hop) {
      std::string got = hopValue.isNumber() ? json::numberText(hopValue.asDouble()) : hopValue.kindName();
      error(hopValue.position,
            diag::moteWords("next hop{s} of {mote} must be a mote id or 0 for the base, not ") + got);
    } else if (*hop != 0 && (static_cast<double>(*hop) > moteIdRange().max ||
                             !moteIdAt_.count(static_cast<std::uint32_t>(*hop)))) {
      error(hopValue.position,
            "next hop " + std::to_string(*hop) +
                diag::moteWords(" of {mote} is not in the network; use a mote id or 0 for the base"));
    } else {
      network_.routes[*mote] = static_cast<std::uint32_t>(*hop);
      entries[*mote] = &member;
    }
  }
  stopGrouping();
  checkRouteCycles(value, entries);
}

// Every route must end at the base (or at a mote that sends directly). Reports each cycle once,
// at the first of its routes in file order.
void NetworkReader::checkRouteCycles(const Value& value, const std::map<std::uint32_t, const Member*>& entries) {
  enum State : std::uint8_t { Unvisited, OnPath, Done };
  std::unordered_map<std::uint32_t, State> state;
  for (const Member& member : value.members) {
    std::optional<std::uint32_t> start = routeKeyId(member.key);
    if (!start || !entries.count(*start) || entries.at(*start) != &member || state[*start] != Unvisited) continue;
    std::vector<std::uint32_t> path;
    std::uint32_t current = *start;
    for (;;) {
      State& s = state[current];
      if (s == Done) break;
      if (s == OnPath) {
        auto begin = std::find(path.begin(), path.end(), current);
        std::vector<std::uint32_t> cycle(begin, path.end());
        // Report from the member of the cycle that comes first in the file.
        std::size_t firstAt = 0;
        for (std::size_t i = 1; i < cycle.size(); ++i)
          if (entries.at(cycle[i]) < entries.at(cycle[firstAt])) firstAt = i;
        std::rotate(cycle.begin(), cycle.begin() + static_cast<std::ptrdiff_t>(firstAt), cycle.end());
        std::string text;
        for (std::uint32_t id : cycle) text += std::to_string(id) + " -> ";
        text += std::to_string(cycle.front());
        std::vector<diag::Diagnostic> notes;
        for (std::size_t i = 1; i < cycle.size(); ++i)
          notes.push_back(noteAt(entries.at(cycle[i])->keyPosition,
                                 "mote " + std::to_string(cycle[i]) + " routes to " +
                                     std::to_string(cycle[(i + 1) % cycle.size()]) + " here"));
        error(entries.at(cycle.front())->keyPosition,
              "routes form a cycle: " + text + "; every route must lead to the base (0)", std::move(notes));
        break;
      }
      s = OnPath;
      path.push_back(current);
      auto next = network_.routes.find(current);
      if (next == network_.routes.end() || next->second == 0) break;
      current = next->second;
    }
    for (std::uint32_t id : path) state[id] = Done;
  }
}

// A cluster without a head gets one by the runtime's own rule (sim/cluster_head.hpp), written into
// the normalised JSON too: the simulator then uses exactly the head that `explain` prints. Called
// only on a valid network: the clusters line up one to one.
void NetworkReader::chooseHeads() {
  std::unordered_map<std::uint32_t, Position> positions;
  for (const Mote& mote : network_.motes) positions.emplace(mote.id, mote.position);
  for (std::size_t i = 0; i < network_.clusters.size(); ++i) {
    Cluster& cluster = network_.clusters[i];
    if (cluster.head) continue;
    std::vector<sim::HeadCandidate> members;
    for (std::uint32_t id : cluster.members) members.push_back({id, positions.at(id)});
    auto choice = sim::chooseClusterHead(members, network_.basePosition);
    if (!choice) continue;
    cluster.head = choice->head;
    cluster.headChosen = true;
    if (keepJson_) network_.json["clusters"][i]["head"] = choice->head;
  }
}

// The normalised JSON spells every source out, so that whoever reads it needs nothing but the JSON:
// `"t": 21` becomes {"constant": 21}, and a CSV source gets its absolute path (the glue is built
// elsewhere than it runs) and its column. Called only on a valid network: the motes line up.
void NetworkReader::normalizeSources() {
  nlohmann::json& motes = network_.json["motes"];
  for (std::size_t i = 0; i < network_.motes.size(); ++i) {
    for (const auto& [name, source] : network_.motes[i].sensors) {
      nlohmann::json& spec = motes[i]["sensors"][name];
      if (spec.is_number()) {
        spec = nlohmann::json{{"constant", spec}};
      } else if (source.kind == SensorSource::Kind::Csv) {
        std::error_code ec;
        std::filesystem::path absolute = std::filesystem::absolute(source.csvPath, ec);
        nlohmann::json column = source.csvColumnIndex ? nlohmann::json(*source.csvColumnIndex)
                                                      : nlohmann::json(source.csvColumn);
        spec = {{"csv",
                 {{"file", (ec ? std::filesystem::path(source.csvPath) : absolute).lexically_normal().string()},
                  {"column", std::move(column)}}}};
      }
    }
  }
}

std::optional<Network> readNetwork(const Value& value, const std::string& file, const char* relativeTo,
                                   diag::DiagnosticSink& diagnostics) {
  return NetworkReader(diagnostics, file, relativeTo).read(value);
}

namespace {

// Reads a whole document (a network file, or the glue's form) that must be a network object.
class DocumentReader : public json::Reader {
 public:
  DocumentReader(diag::DiagnosticSink& diagnostics, const std::string& file, bool keepJson = true)
      : json::Reader(diagnostics, {kNetworkKeys, kNetworkKeyCount}), keepJson_(keepJson) {
    file_ = file;
  }
  std::optional<Network> read(const Value& root) {
    if (!root.isObject()) {
      error(root.position,
            std::string("a network file must hold a JSON object with \"motes\", not ") + root.kindName());
      return std::nullopt;
    }
    return NetworkReader(diagnostics_, file_, "the network file", keepJson_).read(root);
  }
  std::optional<Network> parse(std::string_view text) {
    Value root;
    if (!parseDocument(text, root)) return std::nullopt;
    return read(root);
  }

 private:
  bool keepJson_;
};

}  // namespace

std::optional<Network> parseNetworkFile(const std::string& file, const std::string& text,
                                        diag::DiagnosticSink& diagnostics) {
  diagnostics.setFileText(file, text);
  return DocumentReader(diagnostics, file).parse(text);
}

std::string encodeForGlue(const Network& network) {
  std::string bytes;
  nlohmann::json::to_cbor(network.json, bytes);
  return bytes;
}

std::optional<Network> decodeFromGlue(std::string_view cbor, const std::string& name,
                                      diag::DiagnosticSink& diagnostics, bool keepJson) {
  // Straight into the reader's values: at 10,000 motes, going through nlohmann::json first (and
  // keeping the normalised JSON, which only --print-network shows) was most of a program's start.
  std::optional<json::Value> decoded = json::fromCbor(
      {reinterpret_cast<const std::uint8_t*>(cbor.data()), cbor.size()});
  if (!decoded) {
    diagnostics.error({}, "the network built into this program (" + name +
                              ") is not valid CBOR; rebuild the program so that edgecut writes edgecut_network.cbor again");
    return std::nullopt;
  }
  return DocumentReader(diagnostics, name, keepJson).read(*decoded);
}

}  // namespace edgecut::network
