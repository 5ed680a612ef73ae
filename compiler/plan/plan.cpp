// The plan reader's own keys (plan_reader.hpp): the plan's top level, security, profile, energy and
// budget, and placement with its groups. The network is network.cpp's, the radio radio.cpp's.
#include <algorithm>

#include <fmt/format.h>

#include "edgecut/compiler/duration.hpp"
#include "edgecut/runtime/network/input_file.hpp"
#include "edgecut/runtime/sim/naming.hpp"
#include "plan_reader.hpp"

namespace edgecut::compiler {

const char* sideName(Side side) {
  switch (side) {
    case Side::Mote: return "mote";
    case Side::Base: return "base";
    case Side::Auto: return "auto";
  }
  return "auto";
}

std::string PlacementGroup::label(std::string (*quote)(std::string_view)) const {
  switch (selector) {
    case Selector::Motes: {
      std::string out = motes.size() == 1 ? "mote " : "motes ";
      for (std::size_t i = 0; i < motes.size(); ++i) out += (i ? ", " : "") + std::to_string(motes[i]);
      return out;
    }
    case Selector::Cluster: return "cluster " + quote(name);
    case Selector::Path: return "path " + quote(name);
    case Selector::Rest: return "the other motes";
  }
  return "";
}

namespace {

using json::Member;
using json::Value;

const json::KeySpec kPlanKeys[] = {
#define EDGECUT_KEY(object, key, kind, meaning) {#object, #key, json::Expect::kind, meaning},
#define EDGECUT_RANGED_KEY(object, key, kind, meaning, min, max, whole) \
  {#object, #key, json::Expect::kind, meaning, {min, max, whole}},
#include "plan_keys.def"
};

}  // namespace

PlanReader::PlanReader(DiagnosticSink& diagnostics) : json::Reader(diagnostics, kPlanKeys) {}

std::optional<PlacementPlan> PlanReader::read(const std::string& file, const std::string& text) {
  unsigned errorsBefore = diagnostics_.errorCount();
  diagnostics_.setFileText(file, text);
  PlacementPlan plan;
  plan.file = file;
  plan.text = text;
  plan.inputFiles.push_back(file);

  Value root;
  file_ = file;
  if (parseDocument(text, root)) readPlan(root, plan);
  if (diagnostics_.errorCount() != errorsBefore) return std::nullopt;
  return plan;
}

void PlanReader::readPlan(const Value& root, PlacementPlan& plan) {
  if (!root.isObject()) {
    error(root.position, std::string("a plan must be a JSON object with a \"network\" and a \"placement\", not ") +
                             root.kindName());
    return;
  }
  checkKeys(root, "plan", "in the plan");

  const Member* network = root.findMember("network");
  if (!network) {
    if (!misspelt(root, "plan", "network"))
      error(root.position,
          "the plan has no 'network'; add \"network\": { \"motes\": [...] } or the path of a network "
          "file, e.g. \"network\": \"network.json\"");
  } else {
    readNetworkEntry(network->value, plan);
  }
  if (const Value* profile = root.find("profile")) readProfile(*profile, plan);
  if (const Value* energy = root.find("energy")) readEnergy(*energy, plan);
  if (const Value* placement = root.find("placement")) readPlacement(*placement, plan);
  if (const Value* periods = root.find("periods")) readPeriods(*periods, plan);
  if (const Value* security = root.find("security")) readSecurity(*security, plan);
}

// The network key stays out of the plan (plans are committed and embedded in the glue): the plan
// names the file that holds it, and the programs read that file when they start. The file need not
// exist where edgecut runs, so it is not read here; but one that exists must be a key file the
// programs can read (not a FIFO they would wait on forever, nor a device or a directory).
void PlanReader::readSecurity(const Value& value, PlacementPlan& plan) {
  if (!expect(value, "plan", "security")) return;
  bool keysKnown = true;
  for (const Member& member : value.members) {
    if (member.key != "key") continue;
    error(member.keyPosition, "the plan must not hold the network key itself; put it in a file readable only by "
                              "the programs and name that file with \"key_file\"");
    keysKnown = false;
  }
  Value others = value;  // 'key' has its own error above
  std::erase_if(others.members, [](const Member& member) { return member.key == "key"; });
  keysKnown = checkKeys(others, "security", "in 'security'") && keysKnown;
  const Value* keyFile = value.find("key_file");
  if (!keyFile) {
    if (keysKnown)
      error(value.position, "'security' has no 'key_file'; add \"key_file\": \"network.key\" naming the file "
                            "that holds the network key");
    return;
  }
  if (!expect(*keyFile, "security", "key_file")) return;
  if (keyFile->string.empty()) {
    error(keyFile->position, "'key_file' is an empty path; give the key file's path relative to the plan");
    return;
  }
  const std::string path = json::resolveRelativeTo(file_, keyFile->string);
  std::string problem;
  bool unopened = false;
  if (!input::checkInputFile(path, input::FileKind::KeyFile, problem, unopened, keyFile->string) && !unopened) {
    error(keyFile->position, std::move(problem));
    return;
  }
  plan.keyFile = path;
  plan.keyFileLocation = at(keyFile->position);
}

void PlanReader::readProfile(const Value& value, PlacementPlan& plan) {
  plan.profileLocation = at(value.position);
  if (!value.isString()) {
    error(value.position, std::string("'profile' must be \"linux\" or \"mcu\", not ") + value.kindName());
    return;
  }
  if (value.string != "linux" && value.string != "mcu") {
    error(value.position, "unknown profile '" + value.string + "'; use \"linux\" (anything goes) or \"mcu\" "
                          "(freestanding: no heap, iostream or exceptions)");
    return;
  }
  plan.profile = value.string;
}

void PlanReader::readEnergy(const Value& value, PlacementPlan& plan) {
  EnergyConstants& energy = plan.energy;
  if (!expect(value, "plan", "energy")) return;
  checkKeys(value, "energy", "in 'energy'");
  if (const Value* instruction = value.find("instruction"))
    if (auto v = ranged(*instruction, "energy", "instruction", "'instruction'")) energy.instruction = *v;
  if (const Value* transmit = value.find("transmit"))
    if (auto v = ranged(*transmit, "energy", "transmit", "'transmit'")) energy.transmit = *v;
  if (const Value* radio = value.find("radio")) readRadioEntry(*radio, plan);
  if (const Value* budget = value.find("budget")) readBudget(*budget, energy);
  if (const Value* battery = value.find("battery")) readBattery(*battery, value.find("radio"), energy);
}

// "battery": {"mah": 2600, "volts": 3.0}, what each mote starts with: the report's lifetime divides
// it by what the radio model says a mote spends (docs/design.md §4), so it needs a radio.
void PlanReader::readBattery(const Value& value, const Value* radio, EnergyConstants& energy) {
  if (!expect(value, "energy", "battery")) return;
  const unsigned errorsBefore = errorCount();
  checkKeys(value, "battery", "in 'battery'");
  std::optional<double> charge = positive(value, "mah", "2600 for two AA cells");
  std::optional<double> volts = positive(value, "volts", "3.0 for two AA cells");
  if (!radio) {
    error(value.position, "a 'battery' needs a radio: the lifetime is the battery's energy over what the "
                          "radio model says each mote spends",
          {noteAt(value.position, "add \"radio\": \"tmote-sky\" (a preset, a radio file or the figures) "
                                  "beside \"battery\" in 'energy'")});
    return;
  }
  if (errorCount() != errorsBefore || !charge || !volts) return;
  energy.battery = Battery{*charge, *volts, at(value.position)};
}

// A battery's figure: a number above zero.
std::optional<double> PlanReader::positive(const Value& object, const char* key, const char* example) {
  const Value* value = object.find(key);
  if (!value) {
    if (!misspelt(object, "battery", key))
      error(object.position, fmt::format("'battery' has no '{}'; add \"{}\": a number such as {}", key, key,
                                         example));
    return std::nullopt;
  }
  std::optional<double> number = this->number(*value, fmt::format("'{}'", key));
  if (number && *number <= 0) {
    error(value->position, fmt::format("'{}' must be above 0, not {}", key, json::numberText(*number)),
          {noteAt(value->position, fmt::format("give the battery's {}, such as {}",
                                               std::string_view(key) == "mah" ? "charge in mAh" : "voltage",
                                               example))});
    return std::nullopt;
  }
  return number;
}

// "budget": {"flash_bytes": N, "ram_bytes": N, "ops_per_call": N}: what one mote can hold and run
// per call. ram_bytes bounds a firmware's measured RAM only (firmware/size.cmake): the placer has
// no estimate of RAM.
void PlanReader::readBudget(const Value& value, EnergyConstants& energy) {
  if (!expect(value, "energy", "budget")) return;
  checkKeys(value, "budget", "in 'budget'");
  energy.budgetLocation = at(value.position);
  if (const Value* flash = value.find("flash_bytes"))
    energy.flashBytes = ranged(*flash, "budget", "flash_bytes", "'flash_bytes'");
  if (const Value* ram = value.find("ram_bytes")) energy.ramBytes = ranged(*ram, "budget", "ram_bytes", "'ram_bytes'");
  if (const Value* operations = value.find("ops_per_call"))
    energy.opsPerCall = ranged(*operations, "budget", "ops_per_call", "'ops_per_call'");
}

// "mote", "base" or "auto", or a list of groups (PlacementGroup).
// A side: a plan entry's whole value, or a group's "side".
std::optional<Side> PlanReader::readSide(const Value& side, const std::string& function, bool ofGroup) {
  if (!side.isString()) {
    if (ofGroup)
      error(side.position, "the 'side' of a group of '" + function + "' must be \"mote\", \"base\" or \"auto\", not " +
                               side.kindName());
    else
      error(side.position, "placement of '" + function + "' must be \"mote\", \"base\", \"auto\" or a list of "
                           "groups such as [{\"motes\": [1, 2], \"side\": \"mote\"}, {\"side\": \"base\"}], not " +
                               side.kindName());
    return std::nullopt;
  }
  if (side.string == "mote") return Side::Mote;
  if (side.string == "base") return Side::Base;
  if (side.string == "auto") return Side::Auto;
  error(side.position,
        "invalid placement '" + side.string + "' for '" + function + "'; use \"mote\", \"base\" or \"auto\"");
  return std::nullopt;
}

void PlanReader::readPlacement(const Value& value, PlacementPlan& plan) {
  if (!expect(value, "plan", "placement")) return;
  plan.placements.reserve(value.members.size());
  for (const Member& member : value.members) {
    if (member.key.empty()) {
      error(member.keyPosition,
            "empty function name in 'placement'; use a qualified name such as \"Room::average\"");
      continue;
    }
    PlacementEntry entry;
    entry.key = member.key;
    entry.keyLocation = at(member.keyPosition);
    entry.valueLocation = at(member.value.position);
    if (member.value.isArray()) {
      if (!readGroups(member.value, member.key, plan.network, entry.groups)) continue;
    } else if (std::optional<Side> side = readSide(member.value, member.key, false)) {
      entry.side = *side;
    } else {
      continue;
    }
    plan.placements.push_back(std::move(entry));
  }
}

// "periods": {"Meter::sample": "30s"}: the periods of periodic tasks (docs/design.md §9), each
// read as [[every]] reads its own.
void PlanReader::readPeriods(const Value& value, PlacementPlan& plan) {
  if (!expect(value, "plan", "periods")) return;
  for (const Member& member : value.members) {
    if (member.key.empty()) {
      error(member.keyPosition, "empty function name in 'periods'; use a periodic task's qualified name such as "
                                "\"Meter::sample\"");
      continue;
    }
    if (!member.value.isString()) {
      error(member.value.position, "the period of '" + member.key + "' must be a string such as \"30s\" or \"1min\", "
                                   "not " + member.value.kindName());
      continue;
    }
    const ParsedDuration period = parseDuration(member.value.string);
    if (!period.ok()) {
      error(member.value.position, period.problem);
      continue;
    }
    plan.periods.push_back({member.key, member.value.string, period.milliseconds, at(member.keyPosition),
                            at(member.value.position)});
  }
}

// A per-group placement: [{"motes"|"cluster"|"path": ..., "side": ...}, ..., {"side": ...}].
bool PlanReader::readGroups(const Value& list, const std::string& function, const Network& network,
                            std::vector<PlacementGroup>& groups) {
  const unsigned errorsBefore = diagnostics_.errorCount();
  if (list.elements.empty()) {
    error(list.position, "the group list of '" + function + "' is empty; give groups such as "
                         "[{\"motes\": [1, 2], \"side\": \"mote\"}, {\"side\": \"base\"}], or one side "
                         "for every mote, e.g. \"mote\"");
    return false;
  }
  const std::vector<std::string> groupKeys = keysOf("group");  // the selectors, and "side"
  for (const Value& element : list.elements) {
    if (!expectKind(element, Value::Kind::Object, "a group of '" + function + "'",
                    " such as {\"motes\": [1, 2], \"side\": \"mote\"}"))
      continue;
    checkKeys(element, "group", "in a group of '" + function + "'");
    PlacementGroup group;
    group.location = at(element.position);
    group.selectorLocation = group.location;
    std::vector<const Member*> selectors;
    for (const Member& member : element.members)
      if (member.key != "side" && std::find(groupKeys.begin(), groupKeys.end(), member.key) != groupKeys.end())
        selectors.push_back(&member);
    if (selectors.size() > 1) {
      error(selectors[1]->keyPosition,
            "a group selects its motes by one of 'motes', 'cluster' or 'path', but this one has both '" +
                selectors[0]->key + "' and '" + selectors[1]->key + "'; make them two groups",
            {noteAt(selectors[0]->keyPosition, "'" + selectors[0]->key + "' given here")});
    } else if (selectors.size() == 1) {
      readSelector(*selectors.front(), network, group);
    }
    const Value* side = element.find("side");
    if (!side) {
      if (!misspelt(element, "group", "side"))
        error(element.position, "the group has no 'side'; add \"side\": \"mote\", \"base\" or \"auto\"");
    } else {
      group.sideLocation = at(side->position);
      if (std::optional<Side> read = readSide(*side, function, true)) group.side = *read;
    }
    groups.push_back(std::move(group));
  }
  // The default takes every mote left: a group after it could never match. (A group whose
  // selector had an error may look like a default: then say nothing more.)
  if (diagnostics_.errorCount() != errorsBefore) return false;
  for (std::size_t i = 0; i + 1 < groups.size(); ++i) {
    if (groups[i].selector != PlacementGroup::Selector::Rest) continue;
    diagnostics_.error(groups[i + 1].location,
                       "this group of '" + function + "' is unreachable: the group before it has no "
                       "selector, so it takes every mote left; move the group without a selector to the end",
                       {note(groups[i].location, "the group without a selector is here")});
    break;
  }
  return diagnostics_.errorCount() == errorsBefore;
}

// "motes": ids of the network; "cluster": a cluster's name; "path": a path some mote has.
void PlanReader::readSelector(const Member& selector, const Network& network, PlacementGroup& group) {
  const Value& value = selector.value;
  group.selectorLocation = at(value.position);
  if (selector.key == "motes") {
    group.selector = PlacementGroup::Selector::Motes;
    if (!expect(value, "group", "motes")) return;
    if (value.elements.empty()) {
      error(value.position, "'motes' is empty; list the ids of the motes this group runs on, e.g. [1, 2]");
      return;
    }
    const json::NumberRange& ids = network::moteIdRange();
    for (const Value& element : value.elements) {
      std::optional<std::uint64_t> id = json::unsignedOf(element);
      if (!id || *id < ids.min || *id > ids.max) {
        const std::string got =
            element.isNumber() ? json::numberText(element.asDouble()) : std::string(element.kindName());
        error(element.position, "a mote id must be " + json::rangeText(ids) + ", not " + got);
        continue;
      }
      const auto mote = static_cast<std::uint32_t>(*id);
      if (std::find(group.motes.begin(), group.motes.end(), mote) != group.motes.end()) {
        error(element.position, "mote " + std::to_string(mote) + " is listed twice in this group; remove one");
        continue;
      }
      if (networkRead_ && !network.findMote(mote)) {
        std::vector<std::uint32_t> ids;
        for (const PlanMote& known : network.motes) ids.push_back(known.id);
        error(element.position, "unknown mote id " + std::to_string(mote) + "; the network's motes are " +
                                    moteIdList(ids));
        continue;
      }
      group.motes.push_back(mote);
    }
    return;
  }
  if (!expect(value, "group", selector.key)) return;
  if (selector.key == "cluster") {
    group.selector = PlacementGroup::Selector::Cluster;
    group.name = value.string;
    if (!networkRead_) return;
    std::vector<std::string> names;
    for (const PlanCluster& cluster : network.clusters)
      if (!cluster.name.empty()) names.push_back(cluster.name);
    if (std::find(names.begin(), names.end(), value.string) != names.end()) return;
    std::string message = "unknown cluster '" + value.string + "'";
    std::string suggestion = closestMatch(value.string, names);
    if (!suggestion.empty())
      message += "; did you mean '" + suggestion + "'?";
    else if (names.empty())
      message += "; the network names no cluster: add one to its \"clusters\" with a \"name\", or select the "
                 "motes by \"motes\" or \"path\"";
    else
      message += "; the network's clusters are " + diag::quotedList(names);
    error(value.position, std::move(message));
    return;
  }
  group.selector = PlacementGroup::Selector::Path;
  if (value.string.empty() || value.string.front() != '/') {
    error(value.position, "'path' must start with '/', such as \"/greenhouse\", not \"" + value.string + "\"");
    return;
  }
  group.name = std::string(sim::withoutTrailingSlash(value.string));
  if (!networkRead_) return;
  std::vector<std::string> paths, prefixes;  // the motes' paths, and every path that holds one
  for (const PlanMote& mote : network.motes) {
    if (sim::pathHolds(group.name, mote.path)) return;
    if (mote.path.empty() || std::find(paths.begin(), paths.end(), mote.path) != paths.end()) continue;
    paths.push_back(mote.path);
    for (std::size_t slash = mote.path.find('/', 1); slash != std::string::npos; slash = mote.path.find('/', slash + 1))
      prefixes.push_back(mote.path.substr(0, slash));
    prefixes.push_back(mote.path);
  }
  std::string message = "path '" + group.name + "' holds no mote of the network";
  std::string suggestion = closestMatch(group.name, prefixes);
  if (!suggestion.empty())
    message += "; did you mean '" + suggestion + "'?";
  else if (paths.empty())
    message += "; give the motes a \"path\" in the network, or select them by \"motes\"";
  else
    message += "; the motes' paths are " + diag::quotedList(paths, " and ");
  error(value.position, std::move(message));
}

std::optional<PlacementPlan> parsePlan(const std::string& file, const std::string& text,
                                       DiagnosticSink& diagnostics) {
  return PlanReader(diagnostics).read(file, text);
}

std::optional<PlacementPlan> loadPlan(const std::string& file, DiagnosticSink& diagnostics) {
  std::string problem;
  std::optional<std::string> text = input::readInputFile(file, input::FileKind::Plan, problem);
  if (!text) {
    diagnostics.error(SourceLocation{}, std::move(problem));
    return std::nullopt;
  }
  return parsePlan(file, *text, diagnostics);
}

}  // namespace edgecut::compiler
