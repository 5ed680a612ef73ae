#include "edgecut/compiler/plan.hpp"

#include "edgecut/runtime/sim/address.hpp"
#include "edgecut/runtime/sim/cluster_head.hpp"
#include "edgecut/runtime/sim/csv.hpp"
#include "edgecut/runtime/sim/naming.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <set>
#include <unordered_map>

#include "located_json.hpp"

namespace edgecut::compiler {

const char* sideName(Side side) {
  switch (side) {
    case Side::Mote: return "mote";
    case Side::Base: return "base";
    case Side::Auto: return "auto";
  }
  return "auto";
}

std::string PlacementGroup::label() const {
  switch (selector) {
    case Selector::Motes: {
      std::string out = motes.size() == 1 ? "mote " : "motes ";
      for (std::size_t i = 0; i < motes.size(); ++i) out += (i ? ", " : "") + std::to_string(motes[i]);
      return out;
    }
    case Selector::Cluster: return "cluster '" + name + "'";
    case Selector::Path: return "path '" + name + "'";
    case Selector::Rest: return "the other motes";
  }
  return "";
}

const PlanMote* Network::findMote(std::uint32_t id) const {
  for (const PlanMote& mote : motes)
    if (mote.id == id) return &mote;
  return nullptr;
}

namespace {

namespace fs = std::filesystem;
using json::Member;
using json::Position;
using json::readFile;
using json::Value;

// `relative` as seen from the directory of `anchorFile`; absolute paths stay as they are.
std::string resolveRelativeTo(const std::string& anchorFile, const std::string& relative) {
  fs::path given(relative);
  if (given.is_absolute()) return given.lexically_normal().string();
  return (fs::path(anchorFile).parent_path() / given).lexically_normal().string();
}

// "'a', 'b' or 'c'".
std::string listOf(const std::vector<std::string>& names, const char* conjunction = " or ") {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? conjunction : ", ";
    out += "'" + names[i] + "'";
  }
  return out;
}

bool isIdentifier(std::string_view name) {
  if (name.empty()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!alpha(name[0])) return false;
  for (char c : name)
    if (!alpha(c) && !(c >= '0' && c <= '9')) return false;
  return true;
}

std::string numberText(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15) return std::to_string(static_cast<long long>(value));
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

// The value of a non-negative integer literal, if that is what `value` is.
std::optional<std::uint64_t> unsignedOf(const Value& value) {
  if (value.kind == Value::Kind::Unsigned) return value.unsignedValue;
  return std::nullopt;
}

// The keys each kind of object may have.
const std::vector<std::string> kPlanKeys = {"network", "profile", "energy", "placement", "security"};
const std::vector<std::string> kSecurityKeys = {"key_file"};
const std::vector<std::string> kEnergyKeys = {"instruction", "transmit", "radio", "budget"};
const std::vector<std::string> kBudgetKeys = {"flash_bytes", "ops_per_call"};
// A radio's figures (RadioModel), each with what it means for the "has no" error, in file order.
struct RadioFigure {
  const char* key;
  double RadioModel::*field;
  const char* meaning;
  bool positive;  // a divisor: zero is an error too
};
const RadioFigure kRadioFigures[] = {
    {"volts", &RadioModel::volts, "supply voltage, V", false},
    {"cpu_ma", &RadioModel::cpuMilliamps, "current with the MCU active, mA", false},
    {"transmit_ma", &RadioModel::transmitMilliamps, "current while transmitting, mA", false},
    {"listen_ma", &RadioModel::listenMilliamps, "current while receiving, mA", false},
    {"bitrate_bps", &RadioModel::bitsPerSecond, "radio bit rate, bit/s", true},
    {"cpu_hz", &RadioModel::cpuHertz, "MCU clock, Hz", true},
    {"cycles_per_operation", &RadioModel::cyclesPerOperation, "MCU cycles per program operation", false},
};
const std::vector<std::string> kRadioKeys = [] {
  std::vector<std::string> keys = {"summary", "sources"};
  for (const RadioFigure& figure : kRadioFigures) keys.emplace_back(figure.key);
  return keys;
}();
const std::vector<std::string> kNetworkKeys = {"base", "motes", "clusters", "routes"};
const std::vector<std::string> kBaseKeys = {"position", "address"};
const std::vector<std::string> kMoteKeys = {"id", "class", "position", "path", "sensors", "actuators", "address"};
const std::vector<std::string> kSourceKinds = {"constant", "values", "random", "csv"};
const std::vector<std::string> kRandomKeys = {"min", "max", "seed"};
const std::vector<std::string> kCsvKeys = {"file", "column"};
const std::vector<std::string> kClusterKeys = {"name", "members", "head"};
const std::vector<std::string> kGroupKeys = {"motes", "cluster", "path", "side"};
const std::vector<std::string> kGroupSelectors = {"motes", "cluster", "path"};

constexpr std::uint64_t kMaxMoteId = std::numeric_limits<std::uint32_t>::max();

class PlanReader {
 public:
  explicit PlanReader(DiagnosticSink& diagnostics) : diagnostics_(diagnostics) {}

  std::optional<PlacementPlan> read(const std::string& file, const std::string& text) {
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
    normalizeSensors(plan.network);
    chooseHeads(plan.network);
    return plan;
  }

 private:
  // ---- reporting -------------------------------------------------------------------------------

  SourceLocation at(Position position) const { return SourceLocation{file_, position.line, position.column}; }
  void error(Position position, std::string message, std::vector<Diagnostic> notes = {}) {
    diagnostics_.error(at(position), std::move(message), std::move(notes));
  }
  Diagnostic noteAt(Position position, std::string message) const {
    return note(at(position), std::move(message));
  }

  // Parses the current file; reports its errors. False when there is no usable value.
  bool parseDocument(const std::string& text, Value& root) {
    json::ParseResult result = json::parse(text);
    for (json::ParseError& parseError : result.errors) {
      std::vector<Diagnostic> notes;
      for (json::ParseNote& parseNote : parseError.notes)
        notes.push_back(noteAt(parseNote.position, std::move(parseNote.message)));
      error(parseError.position, std::move(parseError.message), std::move(notes));
    }
    if (result.syntaxError) return false;
    root = std::move(result.value);
    return true;
  }

  // Reports every key of `object` not in `allowed`, with a did-you-mean. `where` completes
  // "unknown key 'x' <where>".
  bool checkKeys(const Value& object, const std::vector<std::string>& allowed, const std::string& where) {
    bool allKnown = true;
    for (const Member& member : object.members) {
      if (std::find(allowed.begin(), allowed.end(), member.key) != allowed.end()) continue;
      std::string message = "unknown key '" + member.key + "' " + where;
      std::string suggestion = closestMatch(member.key, allowed);
      if (!suggestion.empty())
        message += "; did you mean '" + suggestion + "'?";
      else
        message += "; expected " + listOf(allowed);
      error(member.keyPosition, std::move(message));
      allKnown = false;
    }
    return allKnown;
  }

  // Whether `object` has an unknown key that may be `key` misspelt (checkKeys suggests `key`, or
  // nothing at all): then "has no 'key'" would only repeat checkKeys' error.
  static bool misspelt(const Value& object, const std::string& key, const std::vector<std::string>& allowed) {
    for (const Member& member : object.members) {
      if (std::find(allowed.begin(), allowed.end(), member.key) != allowed.end()) continue;
      std::string suggestion = closestMatch(member.key, allowed);
      if (suggestion == key || suggestion.empty()) return true;
    }
    return false;
  }

  bool expectKind(const Value& value, Value::Kind kind, const std::string& what, const std::string& hint = "") {
    if (value.kind == kind) return true;
    Value probe;
    probe.kind = kind;
    std::string message = what + " must be " + probe.kindName() + hint + ", not " + value.kindName();
    error(value.position, std::move(message));
    return false;
  }

  // A node's "host:port" (sim/address.hpp: what the udp transport accepts), reported otherwise.
  void readAddress(const Value& value, std::string& address) {
    if (!expectKind(value, Value::Kind::String, "'address'", " such as \"10.0.0.7:5683\"")) return;
    if (!edgecut::sim::splitHostPort(value.string)) {
      error(value.position, "'address' must be \"host:port\" with a port from 1 to 65535, such as \"10.0.0.7:5683\", "
                            "not \"" + value.string + "\"; write an IPv6 host in brackets, e.g. \"[::1]:5683\"");
      return;
    }
    address = value.string;
  }

  // A number (any), reported otherwise.
  std::optional<double> number(const Value& value, const std::string& what) {
    if (!value.isNumber()) {
      error(value.position, what + " must be a number, not " + value.kindName());
      return std::nullopt;
    }
    return value.asDouble();
  }

  std::optional<double> nonNegative(const Value& value, const std::string& what) {
    std::optional<double> result = number(value, what);
    if (result && *result < 0) {
      error(value.position, what + " must not be negative (it is " + numberText(*result) + ")");
      return std::nullopt;
    }
    return result;
  }

  // A whole number that fits 64 bits, reported otherwise.
  std::optional<std::int64_t> integer(const Value& value, const std::string& what) {
    if (value.kind == Value::Kind::Integer) return value.integer;
    if (value.kind == Value::Kind::Unsigned &&
        value.unsignedValue <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return static_cast<std::int64_t>(value.unsignedValue);
    std::string got = value.isNumber() ? numberText(value.asDouble()) : value.kindName();
    error(value.position, what + " must be an integer, not " + got);
    return std::nullopt;
  }

  // ---- the plan --------------------------------------------------------------------------------

  void readPlan(const Value& root, PlacementPlan& plan) {
    if (!root.isObject()) {
      error(root.position, std::string("a plan must be a JSON object with a \"network\" and a \"placement\", not ") +
                               root.kindName());
      return;
    }
    checkKeys(root, kPlanKeys, "in the plan");

    const Member* network = root.findMember("network");
    if (!network) {
      if (!misspelt(root, "network", kPlanKeys))
        error(root.position,
            "the plan has no 'network'; add \"network\": { \"motes\": [...] } or the path of a network "
            "file, e.g. \"network\": \"network.json\"");
    } else {
      const unsigned errorsBefore = diagnostics_.errorCount();
      readNetworkEntry(network->value, plan);
      networkRead_ = diagnostics_.errorCount() == errorsBefore;
    }
    if (const Value* profile = root.find("profile")) readProfile(*profile, plan);
    if (const Value* energy = root.find("energy")) readEnergy(*energy, plan);
    if (const Value* placement = root.find("placement")) readPlacement(*placement, plan);
    if (const Value* security = root.find("security")) readSecurity(*security, plan);
  }

  // The network key stays out of the plan (plans are committed and embedded in the glue): the plan
  // names the file that holds it, and the programs read that file when they start. The file need not
  // exist where edgecut runs, so it is not opened here.
  void readSecurity(const Value& value, PlacementPlan& plan) {
    if (!expectKind(value, Value::Kind::Object, "'security'", " such as {\"key_file\": \"network.key\"}")) return;
    bool keysKnown = true;
    for (const Member& member : value.members) {
      if (member.key != "key") continue;
      error(member.keyPosition, "the plan must not hold the network key itself; put it in a file readable only by "
                                "the programs and name that file with \"key_file\"");
      keysKnown = false;
    }
    Value others = value;  // 'key' has its own error above
    std::erase_if(others.members, [](const Member& member) { return member.key == "key"; });
    keysKnown = checkKeys(others, kSecurityKeys, "in 'security'") && keysKnown;
    const Value* keyFile = value.find("key_file");
    if (!keyFile) {
      if (keysKnown)
        error(value.position, "'security' has no 'key_file'; add \"key_file\": \"network.key\" naming the file "
                              "that holds the network key");
      return;
    }
    if (!expectKind(*keyFile, Value::Kind::String, "'key_file'", " path of the network key file")) return;
    if (keyFile->string.empty()) {
      error(keyFile->position, "'key_file' is an empty path; give the key file's path relative to the plan");
      return;
    }
    plan.keyFile = resolveRelativeTo(file_, keyFile->string);
    plan.keyFileLocation = at(keyFile->position);
  }

  void readProfile(const Value& value, PlacementPlan& plan) {
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

  void readEnergy(const Value& value, PlacementPlan& plan) {
    EnergyConstants& energy = plan.energy;
    if (!expectKind(value, Value::Kind::Object, "'energy'", " such as {\"instruction\": 1.0, \"transmit\": 100.0}"))
      return;
    checkKeys(value, kEnergyKeys, "in 'energy'");
    if (const Value* instruction = value.find("instruction"))
      if (auto v = nonNegative(*instruction, "'instruction'")) energy.instruction = *v;
    if (const Value* transmit = value.find("transmit"))
      if (auto v = nonNegative(*transmit, "'transmit'")) energy.transmit = *v;
    if (const Value* radio = value.find("radio")) readRadioEntry(*radio, plan);
    if (const Value* budget = value.find("budget")) readBudget(*budget, energy);
  }

  // "budget": {"flash_bytes": N, "ops_per_call": N}: what one mote can hold and run per call.
  void readBudget(const Value& value, EnergyConstants& energy) {
    if (!expectKind(value, Value::Kind::Object, "'budget'",
                    " such as {\"flash_bytes\": 16384, \"ops_per_call\": 10000}"))
      return;
    checkKeys(value, kBudgetKeys, "in 'budget'");
    energy.budgetLocation = at(value.position);
    if (const Value* flash = value.find("flash_bytes"))
      energy.flashBytes = nonNegative(*flash, "'flash_bytes'");
    if (const Value* operations = value.find("ops_per_call"))
      energy.opsPerCall = nonNegative(*operations, "'ops_per_call'");
  }

  // ---- the radio -------------------------------------------------------------------------------

  // "radio": a preset's name, the path of a radio file (relative to the plan), or the figures inline.
  void readRadioEntry(const Value& value, PlacementPlan& plan) {
    RadioModel radio;
    radio.location = at(value.position);
    if (value.isObject()) {
      radio.name = "inline";
      if (readRadio(value, radio)) plan.energy.radio = std::move(radio);
      return;
    }
    if (!value.isString()) {
      error(value.position, std::string("'radio' must be a preset's name such as \"tmote-sky\", the path of a "
                                        "radio file, or an object of radio figures, not ") +
                                value.kindName());
      return;
    }
    const std::string& given = value.string;
    if (given.empty()) {
      error(value.position, "'radio' is empty; name a preset such as \"tmote-sky\", or give the path of a radio "
                            "file relative to the plan");
      return;
    }
    radio.name = given;
    // A preset's name has no '/' and no extension; anything else is a path.
    const bool isPath = given.find('/') != std::string::npos || given.ends_with(".json");
    if (!isPath) {
      std::optional<std::string_view> preset = radioPresetText(given);
      if (!preset) {
        std::vector<std::string> presets = radioPresetNames();
        std::string message = "unknown radio preset '" + given + "'";
        std::string suggestion = closestMatch(given, presets);
        if (!suggestion.empty())
          message += "; did you mean '" + suggestion + "'?";
        else
          message += "; the presets are " + listOf(presets) + ", or give the path of a radio file ending in .json";
        error(value.position, std::move(message));
        return;
      }
      // Presets are tested to be valid (plan_test); their errors would point into the tool's copy.
      if (readRadioFile("<edgecut>/radios/" + given + ".json", std::string(*preset), radio))
        plan.energy.radio = std::move(radio);
      return;
    }
    std::string path = resolveRelativeTo(file_, given);
    std::string text, reason;
    if (!readFile(path, text, reason)) {
      error(value.position, "cannot open radio file '" + given + "': " + reason);
      return;
    }
    plan.inputFiles.push_back(path);
    if (readRadioFile(path, text, radio)) plan.energy.radio = std::move(radio);
  }

  bool readRadioFile(const std::string& path, const std::string& text, RadioModel& radio) {
    diagnostics_.setFileText(path, text);
    const std::string planFile = file_;
    file_ = path;
    bool valid = false;
    Value root;
    if (parseDocument(text, root)) {
      if (!root.isObject())
        error(root.position, std::string("a radio file must hold a JSON object of radio figures such as "
                                         "{\"volts\": 3, \"transmit_ma\": 17.4, ...}, not ") +
                                 root.kindName());
      else
        valid = readRadio(root, radio);
    }
    file_ = planFile;
    return valid;
  }

  // Every figure is required: a radio model that silently defaulted one would report wrong joules.
  bool readRadio(const Value& object, RadioModel& radio) {
    unsigned errorsBefore = diagnostics_.errorCount();
    checkKeys(object, kRadioKeys, "in the radio");
    std::vector<std::string> missing;
    for (const RadioFigure& figure : kRadioFigures) {
      const Value* value = object.find(figure.key);
      if (!value) {
        if (!misspelt(object, figure.key, kRadioKeys))
          missing.push_back("'" + std::string(figure.key) + "' (" + figure.meaning + ")");
        continue;
      }
      const std::string what = "'" + std::string(figure.key) + "'";
      std::optional<double> number = nonNegative(*value, what);
      if (number && figure.positive && *number == 0) {
        error(value->position, what + " must be positive (it is 0)");
        number.reset();
      }
      if (number) radio.*figure.field = *number;
    }
    if (!missing.empty()) {
      std::string list;
      for (std::size_t i = 0; i < missing.size(); ++i)
        list += (i == 0 ? "" : i + 1 == missing.size() ? " and " : ", ") + missing[i];
      error(object.position, "the radio has no " + list + "; add " + (missing.size() == 1 ? "it" : "them"));
    }
    if (const Value* summary = object.find("summary"))
      expectKind(*summary, Value::Kind::String, "'summary'", " saying what hardware this is");
    if (const Value* sources = object.find("sources")) {
      if (expectKind(*sources, Value::Kind::Object, "'sources'", " mapping figures to where they come from")) {
        std::vector<std::string> figures(kRadioKeys.begin() + 2, kRadioKeys.end());
        checkKeys(*sources, figures, "in 'sources'");
        for (const Member& source : sources->members)
          expectKind(source.value, Value::Kind::String, "the source of '" + source.key + "'");
      }
    }
    return diagnostics_.errorCount() == errorsBefore;
  }

  // "mote", "base" or "auto", or a list of groups (PlacementGroup).
  // A side: a plan entry's whole value, or a group's "side".
  std::optional<Side> readSide(const Value& side, const std::string& function, bool ofGroup) {
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
    error(side.position, "invalid placement '" + side.string + "' for '" + function + "'; use \"mote\", \"base\" or \"auto\"");
    return std::nullopt;
  }

  void readPlacement(const Value& value, PlacementPlan& plan) {
    if (!expectKind(value, Value::Kind::Object, "'placement'",
                    " mapping function names to \"mote\", \"base\", \"auto\" or a list of groups"))
      return;
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

  // A per-group placement: [{"motes"|"cluster"|"path": ..., "side": ...}, ..., {"side": ...}].
  bool readGroups(const Value& list, const std::string& function, const Network& network,
                  std::vector<PlacementGroup>& groups) {
    const unsigned errorsBefore = diagnostics_.errorCount();
    if (list.elements.empty()) {
      error(list.position, "the group list of '" + function + "' is empty; give groups such as "
                           "[{\"motes\": [1, 2], \"side\": \"mote\"}, {\"side\": \"base\"}], or one side "
                           "for every mote, e.g. \"mote\"");
      return false;
    }
    for (const Value& element : list.elements) {
      if (!expectKind(element, Value::Kind::Object, "a group of '" + function + "'",
                      " such as {\"motes\": [1, 2], \"side\": \"mote\"}"))
        continue;
      checkKeys(element, kGroupKeys, "in a group of '" + function + "'");
      PlacementGroup group;
      group.location = at(element.position);
      group.selectorLocation = group.location;
      std::vector<const Member*> selectors;
      for (const Member& member : element.members)
        if (std::find(kGroupSelectors.begin(), kGroupSelectors.end(), member.key) != kGroupSelectors.end())
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
        if (!misspelt(element, "side", kGroupKeys))
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
  void readSelector(const Member& selector, const Network& network, PlacementGroup& group) {
    const Value& value = selector.value;
    group.selectorLocation = at(value.position);
    if (selector.key == "motes") {
      group.selector = PlacementGroup::Selector::Motes;
      if (!expectKind(value, Value::Kind::Array, "'motes'", " of mote ids such as [1, 2]")) return;
      if (value.elements.empty()) {
        error(value.position, "'motes' is empty; list the ids of the motes this group runs on, e.g. [1, 2]");
        return;
      }
      for (const Value& element : value.elements) {
        std::optional<std::uint64_t> id = unsignedOf(element);
        if (!id || *id == 0 || *id > kMaxMoteId) {
          error(element.position, "a mote id must be a whole number from 1 to 4294967295, not " +
                                      (element.isNumber() ? numberText(element.asDouble()) : std::string(element.kindName())));
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
    if (!expectKind(value, Value::Kind::String, "'" + selector.key + "'",
                    selector.key == "cluster" ? " naming a cluster of the network" : " such as \"/greenhouse\""))
      return;
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
        message += "; the network's clusters are " + listOf(names);
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
      message += "; the motes' paths are " + listOf(paths, " and ");
    error(value.position, std::move(message));
  }

  // ---- the network -----------------------------------------------------------------------------

  void readNetworkEntry(const Value& value, PlacementPlan& plan) {
    Network& network = plan.network;
    if (value.isObject()) {
      network.file = file_;
      network.json = value.toJson();
      readNetwork(value, network, plan);
      return;
    }
    if (!value.isString()) {
      error(value.position, std::string("'network' must be an object or the path of a network file, not ") +
                                value.kindName());
      return;
    }
    if (value.string.empty()) {
      error(value.position, "'network' is an empty path; give the network file's path relative to the plan");
      return;
    }
    std::string path = resolveRelativeTo(file_, value.string);
    std::string text, reason;
    if (!readFile(path, text, reason)) {
      error(value.position, "cannot open network file '" + value.string + "': " + reason);
      return;
    }
    plan.inputFiles.push_back(path);
    plan.text += text;
    network.file = path;
    diagnostics_.setFileText(path, text);

    std::string planFile = file_;
    file_ = path;
    Value root;
    if (parseDocument(text, root)) {
      if (!root.isObject()) {
        error(root.position, std::string("a network file must hold a JSON object with \"motes\", not ") +
                                 root.kindName());
      } else {
        network.json = root.toJson();
        readNetwork(root, network, plan);
      }
    }
    file_ = planFile;
  }

  void readNetwork(const Value& value, Network& network, PlacementPlan& plan) {
    network.location = at(value.position);
    checkKeys(value, kNetworkKeys, "in the network");
    if (const Value* base = value.find("base")) {
      if (expectKind(*base, Value::Kind::Object, "'base'", " such as {\"position\": [0, 0]}")) {
        checkKeys(*base, kBaseKeys, "in 'base'");
        if (const Value* address = base->find("address")) readAddress(*address, network.baseAddress);
        if (const Value* position = base->find("position"))
          readPosition(*position, network.basePosition);
        else if (!misspelt(*base, "position", kBaseKeys))
          error(base->position, "'base' has no 'position'; add \"position\": [x, y] (or leave 'base' out for [0, 0])");
      }
    }
    const Value* motes = value.find("motes");
    if (!motes) {
      if (!misspelt(value, "motes", kNetworkKeys))
        error(value.position, "the network has no 'motes'; add \"motes\": [{\"id\": 1, \"position\": [x, y], ...}]");
    } else if (expectKind(*motes, Value::Kind::Array, "'motes'", " of mote objects")) {
      readMotes(*motes, network, plan);
    }
    // Clusters and routes name motes, so they are read after all the motes whatever the key order.
    if (const Value* clusters = value.find("clusters")) readClusters(*clusters, network);
    if (const Value* routes = value.find("routes")) readRoutes(*routes, network);
  }

  bool readPosition(const Value& value, edgecut::compiler::Position& out) {
    if (!value.isArray() || value.elements.size() != 2) {
      std::string got = value.isArray() ? "an array of " + std::to_string(value.elements.size()) + " element" +
                                              (value.elements.size() == 1 ? "" : "s")
                                        : value.kindName();
      error(value.position, "'position' must be an array of two numbers, [x, y], not " + got);
      return false;
    }
    auto x = number(value.elements[0], "the x coordinate");
    auto y = number(value.elements[1], "the y coordinate");
    if (!x || !y) return false;
    out.x = *x;
    out.y = *y;
    return true;
  }

  // A mote id: a positive integer that fits 32 bits. `what` names it in messages.
  std::optional<std::uint32_t> moteId(const Value& value, const std::string& what) {
    std::optional<std::uint64_t> id = unsignedOf(value);
    if (!id) {
      std::string got = value.isNumber() ? numberText(value.asDouble()) : value.kindName();
      error(value.position, what + " must be a positive integer, not " + got);
      return std::nullopt;
    }
    if (*id == 0) {
      error(value.position, what + " must be a positive integer; 0 is the base station");
      return std::nullopt;
    }
    if (*id > kMaxMoteId) {
      error(value.position, what + " " + std::to_string(*id) + " is too large; the largest mote id is " +
                                std::to_string(kMaxMoteId));
      return std::nullopt;
    }
    return static_cast<std::uint32_t>(*id);
  }

  void readMotes(const Value& motes, Network& network, PlacementPlan& plan) {
    network.motes.reserve(motes.elements.size());
    for (const Value& value : motes.elements) {
      if (!value.isObject()) {
        error(value.position, std::string("each mote must be an object such as {\"id\": 1, \"position\": [x, y]}, "
                                          "not ") + value.kindName());
        continue;
      }
      PlanMote mote;
      mote.location = at(value.position);
      bool valid = true;

      std::string label = "a mote";
      const Value* idValue = value.find("id");
      if (!idValue) {
        if (!misspelt(value, "id", kMoteKeys))
          error(value.position, "mote has no 'id'; add \"id\": N with a positive integer N");
        valid = false;
      } else if (auto id = moteId(*idValue, "mote 'id'")) {
        mote.id = *id;
        label = "mote " + std::to_string(*id);
        auto [first, inserted] = moteIdAt_.emplace(*id, idValue->position);
        if (!inserted) {
          error(idValue->position, "duplicate mote id " + std::to_string(*id) + "; each mote needs its own id",
                {noteAt(first->second, label + " was first defined here")});
          valid = false;
        }
      } else {
        valid = false;
      }
      checkKeys(value, kMoteKeys, "in " + label);

      if (const Value* className = value.find("class")) {
        if (expectKind(*className, Value::Kind::String, "'class'", " naming a [[mote]] class"))
          mote.className = className->string;
      }
      if (const Value* position = value.find("position")) {
        readPosition(*position, mote.position);
      } else if (!misspelt(value, "position", kMoteKeys)) {
        error(value.position, label + " has no 'position'; add \"position\": [x, y]");
      }
      if (const Value* path = value.find("path")) {
        if (expectKind(*path, Value::Kind::String, "'path'", " such as \"/floors/3/312\"")) {
          if (path->string.empty() || path->string[0] != '/')
            error(path->position, "'path' must start with '/', e.g. \"/floors/3/312\"");
          else
            mote.path = path->string;
        }
      }
      if (const Value* sensors = value.find("sensors")) readSensors(*sensors, mote, plan);
      if (const Value* actuators = value.find("actuators")) readActuators(*actuators, mote, label);
      if (const Value* address = value.find("address")) {
        readAddress(*address, mote.address);
      }
      if (valid) network.motes.push_back(std::move(mote));
    }
  }

  void readActuators(const Value& value, PlanMote& mote, const std::string& label) {
    if (!expectKind(value, Value::Kind::Array, "'actuators'", " of names such as [\"led\"]")) return;
    std::unordered_map<std::string, Position> seen;
    for (const Value& name : value.elements) {
      if (!expectKind(name, Value::Kind::String, "an actuator", " name")) continue;
      if (!isIdentifier(name.string)) {
        error(name.position, "actuator name '" + name.string +
                                 "' is not an identifier; it must match its setter, e.g. setLed() is 'led'");
        continue;
      }
      auto [first, inserted] = seen.emplace(name.string, name.position);
      if (!inserted) {
        error(name.position, "duplicate actuator '" + name.string + "' in " + label + "; list it once",
              {noteAt(first->second, "first listed here")});
        continue;
      }
      mote.actuators.push_back(name.string);
    }
  }

  void readSensors(const Value& value, PlanMote& mote, PlacementPlan& plan) {
    if (!expectKind(value, Value::Kind::Object, "'sensors'", " mapping sensor names to sources")) return;
    for (const Member& member : value.members) {
      if (!isIdentifier(member.key)) {
        error(member.keyPosition, "sensor name '" + member.key +
                                      "' is not an identifier; it must match its getter, e.g. getTemperature() "
                                      "is 'temperature'");
        continue;
      }
      SensorSource source;
      if (readSource(member.key, member.value, source, plan)) mote.sensors.emplace(member.key, std::move(source));
    }
  }

  bool readSource(const std::string& sensor, const Value& value, SensorSource& source, PlacementPlan& plan) {
    source.location = at(value.position);
    const std::string kinds =
        "{\"constant\": N}, {\"values\": [...]}, {\"random\": {\"min\": A, \"max\": B, \"seed\": S}} or "
        "{\"csv\": {\"file\": \"trace.csv\"}}";
    if (value.isNumber()) {  // shorthand for {"constant": N}
      source.kind = SensorSource::Kind::Constant;
      source.values = {value.asDouble()};
      return true;
    }
    if (!value.isObject()) {
      error(value.position, "the source of sensor '" + sensor + "' must be a number or one of " + kinds + ", not " +
                                value.kindName());
      return false;
    }
    const std::vector<std::string>& known = kSourceKinds;
    const Member* chosen = nullptr;
    bool valid = true;
    for (const Member& member : value.members) {
      if (std::find(known.begin(), known.end(), member.key) == known.end()) {
        std::string message = "unknown source '" + member.key + "' for sensor '" + sensor + "'";
        std::string suggestion = closestMatch(member.key, known);
        message += suggestion.empty() ? "; use " + listOf(known) : "; did you mean '" + suggestion + "'?";
        error(member.keyPosition, std::move(message));
        valid = false;
        continue;
      }
      if (chosen) {
        error(member.keyPosition, "sensor '" + sensor + "' has more than one source; keep only one of '" +
                                      chosen->key + "' and '" + member.key + "'",
              {noteAt(chosen->keyPosition, "first source given here")});
        valid = false;
        continue;
      }
      chosen = &member;
    }
    if (!chosen) {
      if (valid) error(value.position, "sensor '" + sensor + "' has no source; use " + kinds);
      return false;
    }
    const Value& body = chosen->value;
    if (chosen->key == "constant") {
      source.kind = SensorSource::Kind::Constant;
      auto v = number(body, "'constant'");
      if (!v) return false;
      source.values = {*v};
    } else if (chosen->key == "values") {
      source.kind = SensorSource::Kind::Values;
      if (!expectKind(body, Value::Kind::Array, "'values'", " of numbers")) return false;
      if (body.elements.empty()) {
        error(body.position, "'values' of sensor '" + sensor + "' is empty; give at least one number");
        return false;
      }
      source.values.reserve(body.elements.size());
      for (const Value& element : body.elements) {
        if (!element.isNumber()) {
          error(element.position, std::string("'values' must hold only numbers, not ") + element.kindName());
          valid = false;
          continue;
        }
        source.values.push_back(element.asDouble());
      }
    } else if (chosen->key == "random") {
      source.kind = SensorSource::Kind::Random;
      if (!expectKind(body, Value::Kind::Object, "'random'", " such as {\"min\": 10, \"max\": 60, \"seed\": 1}"))
        return false;
      checkKeys(body, kRandomKeys, "in 'random'");
      // The simulator draws integers in [min, max] from splitmix64 seeded with 'seed'.
      const Value* min = body.find("min");
      const Value* max = body.find("max");
      const Value* seed = body.find("seed");
      if (!min || !max || !seed) {
        std::vector<std::string> missing;
        for (auto [key, found] : {std::pair{"min", min}, {"max", max}, {"seed", seed}})
          if (!found && !misspelt(body, key, kRandomKeys)) missing.push_back(key);
        if (!missing.empty())
          error(body.position, "'random' needs " + listOf(missing, " and ") +
                                 ", e.g. {\"min\": 10, \"max\": 60, \"seed\": 1}");
        valid = false;
      }
      std::int64_t low = 0, high = 0;
      bool haveLow = false, haveHigh = false;
      if (min)
        if (auto v = integer(*min, "'min'")) low = *v, haveLow = true;
      if (max)
        if (auto v = integer(*max, "'max'")) high = *v, haveHigh = true;
      if (haveLow && haveHigh) {
        if (low > high) {
          error(min->position, "'min' (" + std::to_string(low) + ") is greater than 'max' (" +
                                   std::to_string(high) + "); swap them");
          valid = false;
        }
        source.min = static_cast<double>(low);
        source.max = static_cast<double>(high);
      } else {
        valid = false;
      }
      if (seed) {
        if (auto s = unsignedOf(*seed)) {
          source.seed = *s;
        } else {
          std::string got = seed->isNumber() ? numberText(seed->asDouble()) : seed->kindName();
          error(seed->position, "'seed' must be a non-negative integer, not " + got);
          valid = false;
        }
      }
    } else {  // csv
      source.kind = SensorSource::Kind::Csv;
      if (!expectKind(body, Value::Kind::Object, "'csv'", " such as {\"file\": \"trace.csv\", \"column\": \"" +
                                                              sensor + "\"}"))
        return false;
      bool keysKnown = checkKeys(body, kCsvKeys, "in 'csv'");
      source.csvColumn = sensor;
      const Value* column = body.find("column");
      if (column) {
        if (!expectKind(*column, Value::Kind::String, "'column'", " naming a column of the CSV file")) return false;
        source.csvColumn = column->string;
      }
      const Value* csvFile = body.find("file");
      if (!csvFile) {
        if (!misspelt(body, "file", kCsvKeys))
          error(body.position, "'csv' needs a 'file', e.g. {\"file\": \"trace.csv\"}");
        return false;
      }
      if (!expectKind(*csvFile, Value::Kind::String, "'file'", " path of a CSV file")) return false;
      if (csvFile->string.empty()) {
        error(csvFile->position, "'file' is an empty path; give the CSV file's path relative to " +
                                     std::string(file_ == plan.file ? "the plan" : "the network file"));
        return false;
      }
      source.csvPath = resolveRelativeTo(file_, csvFile->string);
      std::string text, reason;
      if (!readFile(source.csvPath, text, reason)) {
        error(csvFile->position, "cannot open CSV file '" + csvFile->string + "': " + reason);
        return false;
      }
      if (std::find(plan.inputFiles.begin(), plan.inputFiles.end(), source.csvPath) == plan.inputFiles.end())
        plan.inputFiles.push_back(source.csvPath);
      if (!keysKnown) return false;  // a misspelt 'column' would only add a confusing second error
      if (!checkCsvColumn(text, source.csvColumn, csvFile->string, column ? column->position : csvFile->position,
                          csvFile->position))
        return false;
    }
    return valid;
  }

  // The CSV file's first line names its columns; the sensor's column must be one of them, and every
  // sample row must have it. Cells are split exactly as the simulator splits them.

  bool checkCsvColumn(std::string_view text, const std::string& column, const std::string& shownPath,
                      Position columnAt, Position fileAt) {
    std::size_t newline = text.find('\n');
    std::string_view header = text.substr(0, newline);
    std::vector<std::string> columns = sim::splitCsvLine(header);
    auto found = std::find(columns.begin(), columns.end(), column);
    if (found == columns.end()) {
      if (header.empty() || header == "\r") {
        error(columnAt, "CSV file '" + shownPath + "' has no header line; its first line must name the columns, "
                        "e.g. '" + column + "'");
        return false;
      }
      std::string message = "CSV file '" + shownPath + "' has no column '" + column + "'";
      std::string suggestion = closestMatch(column, columns);
      if (!suggestion.empty())
        message += "; did you mean '" + suggestion + "'?";
      else
        message += "; its columns are " + listOf(columns, " and ");
      error(columnAt, std::move(message));
      return false;
    }
    std::size_t index = static_cast<std::size_t>(found - columns.begin());
    std::size_t samples = 0;
    unsigned lineNumber = 1;
    while (newline != std::string_view::npos) {
      text.remove_prefix(newline + 1);
      ++lineNumber;
      newline = text.find('\n');
      std::string_view row = text.substr(0, newline);
      if (row.empty() || row == "\r") continue;
      if (sim::splitCsvLine(row).size() <= index) {
        error(fileAt, "line " + std::to_string(lineNumber) + " of CSV file '" + shownPath + "' has no cell for '" +
                          column + "' (column " + std::to_string(index + 1) + ")");
        return false;
      }
      ++samples;
    }
    if (samples == 0) {
      error(fileAt, "CSV file '" + shownPath + "' has no samples; add rows after its header line");
      return false;
    }
    return true;
  }

  void readClusters(const Value& value, Network& network) {
    if (!expectKind(value, Value::Kind::Array, "'clusters'", " of cluster objects")) return;
    std::unordered_map<std::string, Position> names;
    for (const Value& entry : value.elements) {
      if (!expectKind(entry, Value::Kind::Object, "each cluster",
                      " such as {\"name\": \"room\", \"members\": [1, 2], \"head\": 2}"))
        continue;
      PlanCluster cluster;
      cluster.location = at(entry.position);
      bool valid = true;
      const Value* name = entry.find("name");
      std::string label = "cluster";
      if (!name) {
        if (!misspelt(entry, "name", kClusterKeys))
          error(entry.position, "cluster has no 'name'; add \"name\": \"...\"");
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
      checkKeys(entry, kClusterKeys, "in " + label);

      const Value* members = entry.find("members");
      std::unordered_map<std::uint32_t, Position> memberAt;
      if (!members) {
        if (!misspelt(entry, "members", kClusterKeys))
          error(entry.position, label + " has no 'members'; add \"members\": [mote ids]");
        valid = false;
      } else if (expectKind(*members, Value::Kind::Array, "'members'", " of mote ids")) {
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
          if (!moteIdAt_.count(*id)) {
            error(member.position, label + " names mote " + std::to_string(*id) + ", which is not in the network");
            valid = false;
            continue;
          }
          auto [first, inserted] = memberAt.emplace(*id, member.position);
          if (!inserted) {
            error(member.position, "mote " + std::to_string(*id) + " is listed twice in " + label,
                  {noteAt(first->second, "first listed here")});
            valid = false;
            continue;
          }
          cluster.members.push_back(*id);
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
      } else if (misspelt(entry, "head", kClusterKeys)) {
        valid = false;
      }
      // Without a "head", chooseHeads() picks one once every mote's position is known.
      if (valid) network.clusters.push_back(std::move(cluster));
    }
  }

  void readRoutes(const Value& value, Network& network) {
    if (!expectKind(value, Value::Kind::Object, "'routes'", " mapping mote ids to next hops, e.g. {\"1\": 3}"))
      return;
    std::map<std::uint32_t, const Member*> entries;
    for (const Member& member : value.members) {
      const std::string& key = member.key;
      bool canonical = !key.empty() && key.size() <= 10 && key[0] >= '1' && key[0] <= '9' &&
                       std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; });
      std::uint64_t id = canonical ? std::stoull(key) : 0;
      if (!canonical || id > kMaxMoteId) {
        error(member.keyPosition, "route key '" + key +
                                      "' is not a mote id; write the sending mote's id as a string, e.g. \"1\": 3");
        continue;
      }
      auto mote = static_cast<std::uint32_t>(id);
      if (!moteIdAt_.count(mote)) {
        error(member.keyPosition, "route for mote " + key + ", which is not in the network");
        continue;
      }
      const Value& hopValue = member.value;
      std::optional<std::uint64_t> hop = unsignedOf(hopValue);
      if (!hop) {
        std::string got = hopValue.isNumber() ? numberText(hopValue.asDouble()) : hopValue.kindName();
        error(hopValue.position, "next hop of mote " + key + " must be a mote id or 0 for the base, not " + got);
        continue;
      }
      if (*hop != 0 && (*hop > kMaxMoteId || !moteIdAt_.count(static_cast<std::uint32_t>(*hop)))) {
        error(hopValue.position, "next hop " + std::to_string(*hop) + " of mote " + key +
                                     " is not in the network; use a mote id or 0 for the base");
        continue;
      }
      network.routes[mote] = static_cast<std::uint32_t>(*hop);
      entries[mote] = &member;
    }
    checkRouteCycles(value, network, entries);
  }

  // Every route must end at the base (or at a mote that sends directly). Reports each cycle once,
  // at the first of its routes in file order.
  void checkRouteCycles(const Value& value, Network& network,
                        const std::map<std::uint32_t, const Member*>& entries) {
    enum State : std::uint8_t { Unvisited, OnPath, Done };
    std::unordered_map<std::uint32_t, State> state;
    for (const Member& member : value.members) {
      if (member.key.empty() || member.key[0] < '1' || member.key[0] > '9' || member.key.size() > 10) continue;
      auto start = static_cast<std::uint32_t>(std::stoull(member.key));
      if (!entries.count(start) || entries.at(start) != &member || state[start] != Unvisited) continue;
      std::vector<std::uint32_t> path;
      std::uint32_t current = start;
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
          std::vector<Diagnostic> notes;
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
        auto next = network.routes.find(current);
        if (next == network.routes.end() || next->second == 0) break;
        current = next->second;
      }
      for (std::uint32_t id : path) state[id] = Done;
    }
  }

  // A cluster without a planned head gets one by the runtime's own rule (sim/cluster_head.hpp), and
  // the choice is written into Network::json: the simulator then uses exactly the head that
  // `explain` prints. Called only on a valid plan: the clusters line up one to one.
  static void chooseHeads(Network& network) {
    std::vector<sim::HeadCandidate> positions;
    for (const PlanMote& mote : network.motes)
      positions.push_back({mote.id, {mote.position.x, mote.position.y}});
    for (std::size_t i = 0; i < network.clusters.size(); ++i) {
      PlanCluster& cluster = network.clusters[i];
      if (cluster.head) continue;
      std::vector<sim::HeadCandidate> members;
      for (std::uint32_t id : cluster.members)
        for (const sim::HeadCandidate& candidate : positions)
          if (candidate.id == id) members.push_back(candidate);
      auto choice = sim::chooseClusterHead(
          members, {network.basePosition.x, network.basePosition.y});
      if (!choice) continue;
      cluster.head = choice->head;
      cluster.headChosen = true;
      network.json["clusters"][i]["head"] = choice->head;
    }
  }

  // The glue embeds Network::json and the simulator reads its sensor sources (runtime sim/sensors.hpp),
  // which knows only the long forms and reads CSV files relative to its working directory. So the
  // shorthand `"t": 21` becomes {"constant": 21}, and a CSV source gets its resolved, absolute path and
  // its column spelled out. Called only on a valid plan: the motes line up one to one.
  static void normalizeSensors(Network& network) {
    auto motes = network.json.find("motes");
    if (motes == network.json.end() || !motes->is_array()) return;
    for (std::size_t i = 0; i < motes->size() && i < network.motes.size(); ++i) {
      auto sensors = (*motes)[i].find("sensors");
      if (sensors == (*motes)[i].end() || !sensors->is_object()) continue;
      for (auto& [name, spec] : sensors->items()) {
        auto source = network.motes[i].sensors.find(name);
        if (source == network.motes[i].sensors.end()) continue;
        if (spec.is_number()) {
          spec = nlohmann::json{{"constant", spec}};
        } else if (source->second.kind == SensorSource::Kind::Csv) {
          std::error_code ec;
          fs::path absolute = fs::absolute(source->second.csvPath, ec);
          spec = nlohmann::json{
              {"csv",
               {{"file", (ec ? fs::path(source->second.csvPath) : absolute).lexically_normal().string()},
                {"column", source->second.csvColumn}}}};
        }
      }
    }
  }

  DiagnosticSink& diagnostics_;
  std::string file_;  // the file whose values are being read: the plan or its network file
  bool networkRead_ = false;  // the network loaded without errors: groups can be checked against it
  std::unordered_map<std::uint32_t, Position> moteIdAt_;  // every well-formed mote id, at its first "id"
};

}  // namespace

std::optional<PlacementPlan> parsePlan(const std::string& file, const std::string& text,
                                       DiagnosticSink& diagnostics) {
  return PlanReader(diagnostics).read(file, text);
}

std::optional<PlacementPlan> loadPlan(const std::string& file, DiagnosticSink& diagnostics) {
  std::string text, reason;
  if (!readFile(file, text, reason)) {
    diagnostics.error(SourceLocation{}, "cannot open plan file '" + file + "': " + reason);
    return std::nullopt;
  }
  return parsePlan(file, text, diagnostics);
}

}  // namespace edgecut::compiler
