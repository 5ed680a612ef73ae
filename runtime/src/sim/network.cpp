#include "edgecut/runtime/sim/network.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "edgecut/runtime/network/input_file.hpp"
#include "edgecut/runtime/network/per_mote.hpp"

namespace edgecut::sim {

bool fits(const MoteSpec& mote, const MoteClassInfo& moteClass) {
  return std::all_of(moteClass.sensors.begin(), moteClass.sensors.end(),
                     [&](const char* s) { return mote.hasSensor(s); }) &&
         std::all_of(moteClass.actuators.begin(), moteClass.actuators.end(),
                     [&](const char* a) { return mote.hasActuator(a); });
}

Network::Network(network::Network read)
    : base_(read.basePosition), baseAddress_(std::move(read.baseAddress)),
      motes_(std::move(read.motes)), routes_(std::move(read.routes)) {
  // Already in id order as a rule (the glue writes them so): checked in one pass rather than
  // sorted, which moves each of thousands of motes' specs about (start-up,
  // test/bench/sim_scale/README.md).
  const auto byId = [](const MoteSpec& a, const MoteSpec& b) { return a.id < b.id; };
  if (!std::is_sorted(motes_.begin(), motes_.end(), byId)) std::sort(motes_.begin(), motes_.end(), byId);
  ids_.reserve(motes_.size());
  for (const MoteSpec& m : motes_) ids_.push_back(m.id);
  if (!ids_.empty() && ids_.back() / 4 <= ids_.size()) {
    slotById_.assign(std::size_t{ids_.back()} + 1, 0);  // 0: the base, or no mote
    for (std::size_t i = 0; i < ids_.size(); ++i) slotById_[ids_[i]] = static_cast<std::uint32_t>(i + 1);
  }
  // The reader gave every cluster a head.
  for (network::Cluster& cluster : read.clusters)
    clusters_.push_back({std::move(cluster.name), std::move(cluster.members), cluster.head.value_or(kBase)});
}

Network Network::parse(std::string_view json, const std::string& name) {
  diag::DiagnosticSink diagnostics;
  std::optional<network::Network> read = network::parseNetworkFile(name, std::string(json), diagnostics);
  if (!read) throw InvalidNetwork(diagnostics.render());
  return Network(std::move(*read));
}

std::size_t Network::slotBySearch(NodeId id) const {
  const auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
  return it != ids_.end() && *it == id ? 1 + static_cast<std::size_t>(it - ids_.begin()) : kNoSlot;
}

const MoteSpec* Network::mote(NodeId id) const {
  const std::size_t at = id == kBase ? kNoSlot : slot(id);
  return at == kNoSlot ? nullptr : &motes_[at - 1];
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
    if (fits(m, moteClass)) ids.push_back(m.id);
  }
  return ids;
}

namespace {

std::string classText(const std::string& name) { return name.empty() ? "no class" : "class '" + name + "'"; }

// "[moisture, light]": the names in order.
template <typename Names>
std::string nameList(const Names& names) {
  return "[" + fmt::format("{}", fmt::join(names, ", ")) + "]";
}

std::vector<std::string> sensorNames(const MoteSpec& mote) {
  std::vector<std::string> names;
  for (const auto& [name, source] : mote.sensors) names.push_back(name);
  return names;
}

std::vector<std::string> sorted(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  return names;
}

// Every way `given` (read from `file`) describes other motes than `built`, grouped by mistake.
void checkSameMotes(const ProgramInfo& program, const Network& built, const network::Network& given,
                    diag::DiagnosticSink& diagnostics) {
  const std::string build = fmt::format("{} was built with (plan {})", program.programFile, program.planFile);
  const std::vector<diag::Diagnostic> why{diag::note(
      {}, "a deployment's network may change positions, addresses, sensor sources, clusters and routes, not the "
          "motes (their ids, classes, sensors and actuators); the base program's --print-network prints the "
          "network it was built with")};
  diag::PerMoteDiagnostics perMote(diagnostics);
  auto error = [&](std::uint32_t mote, const diag::SourceLocation& at, std::string message) {
    perMote.report(mote, diag::Diagnostic{diag::Severity::Error, at, std::move(message), why});
  };
  for (const MoteSpec& mote : given.motes) {
    const MoteSpec* same = built.mote(mote.id);
    if (same == nullptr) {
      error(mote.id, mote.location,
            diag::moteWords("{mote} {is} not in the network ") + build + diag::moteWords("; remove {it}"));
      continue;
    }
    if (mote.className != same->className) {
      error(mote.id, mote.location, diag::moteWords("{mote} {has} ") + classText(mote.className) + " here but " +
                                        classText(same->className) + " in the network " + build);
    }
    if (sensorNames(mote) != sensorNames(*same)) {
      error(mote.id, mote.location,
            diag::moteWords("{mote} {has} sensors ") + nameList(sensorNames(mote)) + " here but " +
                                        nameList(sensorNames(*same)) + " in the network " + build);
    }
    if (sorted(mote.actuators) != sorted(same->actuators)) {
      error(mote.id, mote.location, diag::moteWords("{mote} {has} actuators ") + nameList(sorted(mote.actuators)) +
                                        " here but " +
                                        nameList(sorted(same->actuators)) + " in the network " + build);
    }
  }
  for (const MoteSpec& mote : built.motes()) {
    if (given.findMote(mote.id) == nullptr)
      error(mote.id, given.location,
            diag::moteWords("the network has no {mote}, which ") + build + diag::moteWords("; add {it}"));
  }
  perMote.flush();
}

}  // namespace

Network builtInNetwork(const ProgramInfo& program) {
  diag::DiagnosticSink diagnostics;
  const std::string name = fmt::format("the network of {} (plan {})", program.programFile, program.planFile);
  std::optional<network::Network> read =
      network::decodeFromGlue(program.networkCbor, name, diagnostics, /*keepJson=*/false);
  if (!read) throw InvalidNetwork(diagnostics.render());
  return Network(std::move(*read));
}

Network loadNetwork(const ProgramInfo& program, const std::optional<std::string>& file) {
  Network built = builtInNetwork(program);
  if (!file) return built;
  diag::DiagnosticSink diagnostics;
  std::string problem;
  std::optional<std::string> text = input::readInputFile(*file, input::FileKind::Network, problem);
  if (!text) {
    diagnostics.error({}, std::move(problem));
    throw InvalidNetwork(diagnostics.render());
  }
  std::optional<network::Network> given = network::parseNetworkFile(*file, *text, diagnostics);
  if (given) checkSameMotes(program, built, *given, diagnostics);
  if (!given || diagnostics.hasErrors()) throw InvalidNetwork(diagnostics.render());
  return Network(std::move(*given));
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
