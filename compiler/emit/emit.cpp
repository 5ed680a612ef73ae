#include "edgecut/compiler/emit.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <cstring>
#include <optional>
#include <set>
#include <sstream>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "edgecut/compiler/check.hpp"
#include "edgecut/runtime/abi.hpp"

#include "emit_types.hpp"

#ifndef EDGECUT_VERSION
#define EDGECUT_VERSION "0.0.0"
#endif

namespace edgecut::compiler {

namespace {

// The glue #errors unless it is compiled against the runtime this edgecut was built with.
constexpr int kRuntimeAbiVersion = EDGECUT_RUNTIME_ABI_VERSION;

bool isBlank(char c) { return c == ' ' || c == '\t'; }
bool isSpace(char c) { return isBlank(c) || c == '\n' || c == '\r'; }

// The range that removes one attribute as written: `[[onboard]] ` or `onboard, ` inside a list.
TextRange attributeRemoval(const std::string& text, TextRange name) {
  unsigned begin = name.begin;
  unsigned end = name.end;
  auto skipBack = [&](unsigned at) {
    while (at > 0 && isSpace(text[at - 1])) --at;
    return at;
  };
  auto skipForward = [&](unsigned at) {
    while (at < text.size() && isSpace(text[at])) ++at;
    return at;
  };
  // `edgecut::onboard`: the namespace belongs to the attribute.
  unsigned before = skipBack(begin);
  if (before >= 2 && text.compare(before - 2, 2, "::") == 0) {
    unsigned scope = skipBack(before - 2);
    while (scope > 0 && (std::isalnum(static_cast<unsigned char>(text[scope - 1])) || text[scope - 1] == '_')) --scope;
    begin = scope;
    before = skipBack(begin);
  }
  unsigned after = skipForward(end);
  if (before >= 2 && text.compare(before - 2, 2, "[[") == 0 && text.compare(after, 2, "]]") == 0) {
    begin = before - 2;
    end = after + 2;
    while (end < text.size() && isBlank(text[end])) ++end;
    // An attribute alone on its line takes the line with it.
    unsigned lineStart = begin;
    while (lineStart > 0 && isBlank(text[lineStart - 1])) --lineStart;
    if ((lineStart == 0 || text[lineStart - 1] == '\n') && end < text.size() && text[end] == '\n') {
      begin = lineStart;
      ++end;
    }
    return {begin, end};
  }
  if (after < text.size() && text[after] == ',') return {begin, skipForward(after + 1)};
  if (before >= 1 && text[before - 1] == ',') return {before - 1, end};
  return {begin, end};
}

// Replaces a body with `;`, taking the blanks before it so that `f() {...}` becomes `f();`.
TextEdit bodyToDeclaration(const std::string& text, const Function& function) {
  unsigned begin = function.body.begin;
  while (begin > 0 && isBlank(text[begin - 1])) --begin;
  unsigned joined = begin;
  while (joined > 0 && isSpace(text[joined - 1])) --joined;
  // Join the lines only when that cannot put the `;` inside a `//` comment.
  std::size_t lineStart = text.rfind('\n', joined == 0 ? 0 : joined - 1);
  lineStart = lineStart == std::string::npos ? 0 : lineStart + 1;
  if (text.substr(lineStart, joined - lineStart).find("//") == std::string::npos) begin = joined;
  return {{begin, function.body.end}, ";"};
}

// Removes a function's code from a unit that must not contain it, keeping what callers need: a
// declaration, or, for a member defined outside its class (which cannot be redeclared there), a
// comment saying where it runs.
TextEdit dropDefinition(const std::string& text, const Function& function, const char* runsOn) {
  if (function.isOutOfLineMethod)
    return {function.definition, "// " + function.qualifiedName + "() runs on " + runsOn + "."};
  return bodyToDeclaration(text, function);
}

bool startsWithAccessSpecifier(const std::string& text, unsigned at) {
  while (at < text.size() && isSpace(text[at])) ++at;
  for (const char* specifier : {"public", "private", "protected"})
    if (text.compare(at, std::strlen(specifier), specifier) == 0) return true;
  return false;
}

std::string identifierFor(const std::string& qualifiedName) {
  std::string out;
  for (char c : qualifiedName) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  std::string collapsed;
  for (char c : out)
    if (!(c == '_' && !collapsed.empty() && collapsed.back() == '_')) collapsed += c;
  return collapsed;
}

std::string unqualified(const std::string& qualifiedName) {
  std::size_t colon = qualifiedName.rfind("::");
  return colon == std::string::npos ? qualifiedName : qualifiedName.substr(colon + 2);
}

// Measured O (docs/design.md §4): one counter per block of the code compiled into the mote, at the places
// collect chose (BlockOperations; the rules are in collect_operations.hpp). A block with nothing to
// count gets nothing, and a body that is no block gets braces only when it has a counter to hold.
std::string operationCounter(std::uint64_t operations) {
  return fmt::format("EDGECUT_OPERATIONS({});", operations);
}

// The run's profile: a placed function's entry marker (operations.hpp), first in its body in the
// unit that runs it, so that what it does while it runs is its own.
std::string functionMarker(const std::string& glueName) {
  return fmt::format("EDGECUT_FUNCTION(::edgecut_glue::fn::{});", glueName);
}

// Statements just after a block's `{`: each on a line of its own, indented as the block's first
// line, unless code follows the `{` on its line (then on that line).
TextEdit blockStatements(const std::string& text, unsigned afterBrace, const std::vector<std::string>& statements) {
  std::size_t lineEnd = text.find('\n', afterBrace);
  if (lineEnd == std::string::npos) lineEnd = text.size();
  std::size_t rest = afterBrace;
  while (rest < lineEnd && isBlank(text[rest])) ++rest;
  const bool restIsComment = text.compare(rest, 2, "//") == 0;
  if (rest < lineEnd && !restIsComment) {
    std::string sameLine;
    for (const std::string& statement : statements)
      sameLine += " " + statement.substr(statement.find_first_not_of(' '));
    return {{afterBrace, afterBrace}, sameLine};
  }
  // The indentation of the next line with code, or the brace's line's and two more when that
  // line closes the block.
  std::string indent;
  for (std::size_t lineBreak = lineEnd; lineBreak < text.size();) {
    std::size_t code = lineBreak + 1;
    while (code < text.size() && isBlank(text[code])) ++code;
    if (code < text.size() && text[code] != '\n' && text[code] != '\r') {
      if (text[code] != '}') indent = text.substr(lineBreak + 1, code - lineBreak - 1);
      break;
    }
    lineBreak = code;
  }
  if (indent.empty()) {
    std::size_t lineStart = text.rfind('\n', afterBrace - 1);
    lineStart = lineStart == std::string::npos ? 0 : lineStart + 1;
    for (std::size_t at = lineStart; at < text.size() && isBlank(text[at]); ++at) indent += text[at];
    indent += "  ";
  }
  const unsigned at = static_cast<unsigned>(lineEnd);
  std::string lines;
  for (const std::string& statement : statements) lines += "\n" + indent + statement;
  return {{at, at}, lines};
}

std::string fileNameOf(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}


class Emitter {
 public:
  Emitter(const ProgramModel& program, const PlacementPlan& plan, const ResolvedPlacement& placement)
      : program_(program), plan_(plan), placement_(placement) {
    for (const Function& function : program.functions) {
      if (placement.find(function.key)) placedFunctions_.push_back(&function);
      if (placement.onMote(function.key) && function.hasMoteToRunOn()) remoteFunctions_.push_back(&function);
      if (placement.remoteHelper(function.key)) baseFunctions_.push_back(&function);
    }
    // Glue identifiers: the qualified name, made unique by the id when overloads share it.
    std::vector<const Function*> named = placedFunctions_;
    named.insert(named.end(), baseFunctions_.begin(), baseFunctions_.end());
    std::map<std::string, int> uses;
    for (const Function* function : named) ++uses[identifierFor(function->qualifiedName)];
    for (const Function* function : named) {
      std::string identifier = identifierFor(function->qualifiedName);
      if (uses[identifier] > 1) identifier += fmt::format("_{:08x}", function->id);
      glueNames_[function->key] = identifier;
    }
    for (const Function& function : program.functions) {
      if (function.kind == FunctionKind::Sensor && !sensorSeen_.count(function.ioName)) {
        sensorSeen_.insert(function.ioName);
        sensors_.push_back(function.ioName);
      }
      if (function.kind == FunctionKind::Actuator && !actuatorSeen_.count(function.ioName)) {
        actuatorSeen_.insert(function.ioName);
        actuators_.push_back(function.ioName);
      }
    }
    baseDependent_ = functionsThatNeedTheBase();
    baseClosure_ = baseClosure(program, placement);
    fingerprint_ = programFingerprint(program, plan, placement);
  }

  std::string banner(const char* purpose) const {
    return fmt::format("// Generated by edgecut {} from {} with plan {}. DO NOT EDIT.\n// {}\n",
                       EDGECUT_VERSION, fileNameOf(program_.mainFile), fileNameOf(plan_.file),
                       purpose);
  }

  std::string glueHeader() const {
    std::string out = banner("Ids, sensor and actuator names, and the network this program was "
                             "partitioned for.");
    out += fmt::format(R"(#ifndef EDGECUT_GLUE_HPP
#define EDGECUT_GLUE_HPP

#include <edgecut/runtime/abi.hpp>

#if EDGECUT_RUNTIME_ABI_VERSION != {0}
#error "edgecut_glue.hpp was generated for edgecut runtime ABI {0}; rebuild so that edgecut regenerates it"
#endif

namespace edgecut_glue {{

// Placed functions: the ids of calls across the radio and of the run's profile (EDGECUT_FUNCTION).
// Id = FNV-1a 32 of the mangled name.
namespace fn {{
)",
                       kRuntimeAbiVersion);
    auto functionId = [&](const Function* function) {
      return fmt::format("inline constexpr ::edgecut::FunctionId {} = 0x{:08x}u;  // {} {}\n",
                         glueNames_.at(function->key), function->id, function->returnType, function->key);
    };
    for (const Function* function : placedFunctions_) out += functionId(function);
    if (!baseFunctions_.empty()) out += "// On the base, called by mote code (approach 2):\n";
    for (const Function* function : baseFunctions_) out += functionId(function);
    out += "}  // namespace fn\n\nnamespace sensor {\n";
    for (const std::string& sensor : sensors_)
      out += fmt::format("inline constexpr ::edgecut::SensorId {} = 0x{:08x}u;\n", sensor,
                         fnv1a32(sensor));
    out += "}  // namespace sensor\n\nnamespace actuator {\n";
    for (const std::string& actuator : actuators_)
      out += fmt::format("inline constexpr ::edgecut::ActuatorId {} = 0x{:08x}u;\n", actuator,
                         fnv1a32(actuator));
    out += "}  // namespace actuator\n\n";
    std::vector<std::pair<std::string, std::string>> functionNames;
    for (const Function* function : remoteFunctions_)
      functionNames.emplace_back(glueNames_.at(function->key), function->qualifiedName);
    for (const Function* function : baseFunctions_)
      functionNames.emplace_back(glueNames_.at(function->key), function->qualifiedName);
    out += namedIdTable("kFunctions", "fn", functionNames);
    std::vector<std::pair<std::string, std::string>> functionKeys;
    for (const Function* function : placedFunctions_)
      functionKeys.emplace_back(glueNames_.at(function->key), function->key);
    out += namedIdTable("kFunctionKeys", "fn", functionKeys);
    out += namedIdTable("kSensors", "sensor", pairs(sensors_));
    out += namedIdTable("kActuators", "actuator", pairs(actuators_));
    for (const MoteClass& moteClass : program_.moteClasses) {
      out += nameList("k" + identifierFor(moteClass.name) + "Sensors", moteClass.sensors);
      out += nameList("k" + identifierFor(moteClass.name) + "Actuators", moteClass.actuators);
    }
    if (program_.moteClasses.empty()) {
      out += "inline constexpr std::span<const ::edgecut::MoteClassInfo> kMoteClasses{};\n";
    } else {
      out += "inline constexpr ::edgecut::MoteClassInfo kMoteClasses[] = {\n";
      for (const MoteClass& moteClass : program_.moteClasses) {
        std::string id = identifierFor(moteClass.name);
        out += fmt::format("    {{\"{}\", {}, {}}},\n", moteClass.name,
                           moteClass.sensors.empty() ? "{}" : "k" + id + "Sensors",
                           moteClass.actuators.empty() ? "{}" : "k" + id + "Actuators");
      }
      out += "};\n";
    }
    out += networkGlue(plan_.network);
    if (const std::optional<RadioModel>& radio = plan_.energy.radio) {
      out += fmt::format(R"(
// The plan's energy.radio, for the report's joules.
inline constexpr ::edgecut::RadioInfo kRadio{{
    .name = {},
    .volts = {},
    .cpuMilliamps = {},
    .transmitMilliamps = {},
    .listenMilliamps = {},
    .bitsPerSecond = {},
    .cpuHertz = {},
    .cyclesPerOperation = {},
}};
)",
                         nlohmann::json(radio->name).dump(), number(radio->volts),
                         number(radio->cpuMilliamps), number(radio->transmitMilliamps),
                         number(radio->listenMilliamps), number(radio->bitsPerSecond),
                         number(radio->cpuHertz), number(radio->cyclesPerOperation));
    }
    out += fmt::format(R"(
inline constexpr ::edgecut::ProgramInfo kProgram{{
    .fingerprint = 0x{:016x}ull,
    .programFile = {},
    .planFile = {},
    .networkCbor = {{kNetworkCbor, sizeof kNetworkCbor - 1}},
    .instructionCost = {},
    .transmitCost = {},
    .sensors = kSensors,
    .actuators = kActuators,
    .moteClasses = kMoteClasses,
    .functions = kFunctions,
{}    .functionKeys = kFunctionKeys,
}};

}}  // namespace edgecut_glue

#endif  // EDGECUT_GLUE_HPP
)",
                       fingerprint_, nlohmann::json(program_.mainFile).dump(),
                       nlohmann::json(plan_.file).dump(), number(plan_.energy.instruction),
                       number(plan_.energy.transmit),
                       // Only the path: the key stays in its file, read when the programs start.
                       (plan_.keyFile.empty()
                            ? std::string()
                            : "    .keyFile = " + nlohmann::json(plan_.keyFile).dump() + ",\n") +
                           (plan_.energy.radio ? "    .radio = &kRadio,\n" : ""));
    return out;
  }

  std::string baseUnit() const {
    const std::string& text = program_.mainFileText;
    std::vector<TextEdit> edits = commonEdits();
    // Mote state lives on the mote: the base's proxy holds no copy of it.
    for (const MoteClass& moteClass : program_.moteClasses)
      for (const TextRange& member : moteClass.dataMemberDeclarations)
        edits.push_back({member, "/* on the mote: " + text.substr(member.begin, member.end - member.begin) + " */"});
    for (const Function& function : program_.functions) {
      if (function.body.empty()) continue;
      if (placement_.onBase(function.key))
        edits.push_back(blockStatements(text, function.body.begin + 1, {functionMarker(glueNames_.at(function.key))}));
      if (function.isMain) {
        edits.push_back({function.name, "edgecut_user_main"});
        if (!function.bodyEndsWithReturn) {
          // Falling off the end of main returns 0; falling off a renamed main would not.
          unsigned close = function.body.end - 1;
          bool ownLine = close > 0 && text[close - 1] == '\n';
          edits.push_back({{close, close}, ownLine ? "  return 0;  // as main would\n" : " return 0; "});
        }
      } else if (const FunctionPlacement* placed = placement_.find(function.key); placed && placed->splitByGroup()) {
        // The body stays as the base's own variant; the motes of mote groups run it themselves.
        // The run is the base's own only past the dispatch: its profile marker comes after it.
        std::vector<std::string> statements = groupDispatch(function, *placed);
        statements.push_back(functionMarker(glueNames_.at(function.key)));
        edits.push_back(blockStatements(text, function.body.begin + 1, statements));
      } else if (placement_.onMote(function.key)) {
        if (function.hasMoteToRunOn())
          edits.push_back({{function.body.begin, function.body.end}, remoteStubBody(function)});
        else
          edits.push_back(bodyToDeclaration(text, function));
      } else if (!function.fieldUses.empty() && !placement_.find(function.key) &&
                 !baseClosure_.count(function.key)) {
        // An unannotated helper of mote code that uses mote state: it cannot exist on the base.
        edits.push_back(dropDefinition(text, function, "motes"));
      }
    }
    std::string out = banner(
        "The base station's side: main, [[onbase]] code, and stubs for everything that runs on "
        "motes.");
    out += "#include \"edgecut_glue.hpp\"\n#include <edgecut/runtime/base.hpp>\n\n";
    out += moteGroupTables();
    out += applyEdits(text, std::move(edits));
    out += ioDefinitions("sensors and actuators, read and written over the radio", "base",
                         "read", "write");
    // The helpers mote code calls on the base (approach 2): a dispatcher like the mote's.
    const std::string dispatch = baseFunctions_.empty() ? "" : ", &edgecut_glue::dispatch";
    if (!baseFunctions_.empty()) {
      out += "\n// ---- edgecut: dispatch of calls from motes ----\n\nnamespace edgecut_glue {\n\n";
      out += "bool dispatch(::edgecut::base::Call& call) {\n  switch (call.function()) {\n";
      for (const Function* function : baseFunctions_) out += dispatchCase(*function);
      out += "    default:\n      return call.unknownFunction();\n  }\n}\n\n}  // namespace edgecut_glue\n";
    }
    const Function* main = findMain();
    out += "\n// ---- edgecut: entry point ----\n\n";
    out += "int main(int argc, char** argv) {\n";
    if (!main) {
      out += fmt::format("  return ::edgecut::base::run(argc, argv, edgecut_glue::kProgram, nullptr{});\n",
                         dispatch);
    } else {
      out += fmt::format(
          "  return ::edgecut::base::run(argc, argv, edgecut_glue::kProgram,\n"
          "                              {}{});\n",
          main->mainTakesArguments
              ? "[](int argc, char** argv) { return edgecut_user_main(argc, argv); }"
              : "[](int, char**) { return edgecut_user_main(); }",
          dispatch);
    }
    out += "}\n";
    return out;
  }

  std::string moteUnit() const {
    const std::string& text = program_.mainFileText;
    std::vector<TextEdit> edits = commonEdits();
    for (const Function& function : program_.functions) {
      if (function.body.empty()) continue;
      if (function.isMain) {
        edits.push_back({function.definition, "// main() runs on the base."});
      } else if (baseDependent_.count(function.key)) {
        edits.push_back(dropDefinition(text, function, "the base"));
      } else if (placement_.remoteHelper(function.key)) {
        edits.push_back({{function.body.begin, function.body.end}, remoteHelperStubBody(function)});
      } else {
        addOperationCounters(text, function, edits);
      }
    }
    std::string out = banner(
        "The motes' side: code placed on motes, sensors and actuators, and the dispatcher for "
        "calls.");
    out += "#include \"edgecut_glue.hpp\"\n#include <edgecut/runtime/mote.hpp>\n\n";
    out += applyEdits(text, std::move(edits));
    out += ioDefinitions("sensors and actuators of this mote", "mote", "readSensor",
                         "writeActuator");
    out += "\n// ---- edgecut: dispatch of calls from the radio ----\n\nnamespace edgecut_glue {\n\n";
    out += "bool dispatch(::edgecut::mote::Call& call) {\n  switch (call.function()) {\n";
    for (const Function* function : remoteFunctions_) out += dispatchCase(*function);
    out += "    default:\n      return call.unknownFunction();\n  }\n}\n\n}  // namespace edgecut_glue\n";
    out += "\n// ---- edgecut: entry point ----\n\n"
           "int main(int argc, char** argv) {\n"
           "  return ::edgecut::mote::run(argc, argv, edgecut_glue::kProgram, "
           "&edgecut_glue::dispatch);\n}\n";
    return out;
  }

  static nlohmann::ordered_json terms(const EnergyTerms& energy) {
    nlohmann::ordered_json out;
    out["total"] = energy.total();
    out["instructions"] = energy.instructions;
    out["transmit"] = energy.transmit;
    return out;
  }

  // The estimate behind a helper's approach: E with it compiled in and with it remote, or why one
  // of them is not legal.
  static nlohmann::ordered_json helperEnergyJson(const HelperPlacement& helper) {
    nlohmann::ordered_json out;
    if (helper.compiled) out["compiled"] = terms(*helper.compiled);
    if (helper.remote) out["remote"] = terms(*helper.remote);
    if (!helper.constraint.empty()) out["constraint"] = helper.constraint;
    return out;
  }

  // The estimate behind an energy decision: E on each side, or why the other side is not legal.
  static nlohmann::ordered_json energyJson(Side side, const EnergyDecision& decision) {
    const char* here = sideName(side);
    const char* other = side == Side::Mote ? "base" : "mote";
    nlohmann::ordered_json out;
    out[here] = terms(decision.chosen);
    if (decision.other) out[other] = terms(*decision.other);
    else out["constraint"] = decision.constraint;
    if (!decision.figures.empty()) out["counts"] = decision.figures;
    return out;
  }

  // A per-group placement: each group's motes, side and why.
  static nlohmann::ordered_json groupsJson(const FunctionPlacement& placed) {
    nlohmann::ordered_json groups = nlohmann::ordered_json::array();
    for (const GroupPlacement& group : placed.groups) {
      nlohmann::ordered_json entry;
      entry["group"] = group.label;
      entry["motes"] = group.motes;
      entry["side"] = sideName(group.side);
      entry["reason"] = reasonName(group.reason);
      if (group.energy) entry["energy"] = energyJson(group.side, *group.energy);
      groups.push_back(std::move(entry));
    }
    return groups;
  }

  std::string resolvedPlacement() const {
    nlohmann::ordered_json root;
    root["edgecut"] = EDGECUT_VERSION;
    root["program"] = program_.mainFile;
    root["plan"] = plan_.file;
    root["fingerprint"] = fmt::format("0x{:016x}", fingerprint_);
    nlohmann::ordered_json functions = nlohmann::ordered_json::array();
    std::set<std::string> closure = moteClosure(program_, placement_);
    for (const Function& function : program_.functions) {
      if (function.isSensorOrActuator()) continue;
      nlohmann::ordered_json entry;
      entry["function"] = function.key;
      if (const FunctionPlacement* placed = placement_.find(function.key)) {
        // Split by group: compiled into the mote, and the base keeps a variant of its own.
        entry["side"] = placed->splitByGroup() ? "both" : sideName(placed->side);
        if (function.attribute != Attribute::None)
          entry["attribute"] = attributeSpelling(function.attribute);
        entry["reason"] = reasonName(placed->reason);
        if (placed->energy) entry["energy"] = energyJson(placed->side, *placed->energy);
        if (!placed->groups.empty()) entry["groups"] = groupsJson(*placed);
      } else if (auto helper = placement_.helpers.find(function.key); helper != placement_.helpers.end()) {
        const bool remote = helper->second.approach == HelperApproach::Remote;
        entry["side"] = remote ? "base" : "both";
        entry["reason"] = remote ? "called from mote code, remotely" : "called from mote code";
        entry["approach"] = approachName(helper->second.approach);
        entry["energy"] = helperEnergyJson(helper->second);
      } else {
        bool onMote = closure.count(function.key) > 0;
        entry["side"] = onMote ? "both" : "base";
        entry["reason"] = onMote ? "called from mote code" : "unannotated";
      }
      if ((placement_.onMote(function.key) && function.hasMoteToRunOn()) || placement_.remoteHelper(function.key))
        entry["id"] = fmt::format("0x{:08x}", function.id);
      functions.push_back(std::move(entry));
    }
    root["functions"] = std::move(functions);
    return root.dump(2) + "\n";
  }

  std::string depfile(const std::string& outputDirectory) const {
    std::set<std::string> inputs;
    auto add = [&](const std::string& path) {
      if (!path.empty()) inputs.insert(std::filesystem::absolute(path).lexically_normal().string());
    };
    add(program_.mainFile);
    for (const std::string& file : program_.dependencies) add(file);
    for (const std::string& file : plan_.inputFiles) add(file);
    std::string out = escapeMake(
        (std::filesystem::absolute(outputDirectory) / kMoteUnit).lexically_normal().string());
    out += ":";
    for (const std::string& input : inputs) out += " \\\n  " + escapeMake(input);
    return out + "\n";
  }

 private:
  static std::string number(double value) {
    std::string text = fmt::format("{}", value);
    if (text.find_first_of(".eE") == std::string::npos) text += ".0";
    return text;
  }

  static std::string escapeMake(const std::string& path) {
    std::string out;
    for (char c : path) {
      if (c == ' ' || c == '#') out += '\\';
      if (c == '$') out += '$';
      out += c;
    }
    return out;
  }

  // (identifier in the glue namespace, name shown to people) for each entry.
  static std::vector<std::pair<std::string, std::string>> pairs(const std::vector<std::string>& names) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const std::string& name : names) out.emplace_back(name, name);
    return out;
  }

  static std::string namedIdTable(const char* table, const char* space,
                                  const std::vector<std::pair<std::string, std::string>>& entries) {
    if (entries.empty())
      return fmt::format("inline constexpr std::span<const ::edgecut::NamedId> {}{{}};\n", table);
    std::string out = fmt::format("inline constexpr ::edgecut::NamedId {}[] = {{\n", table);
    for (const auto& [identifier, name] : entries)
      out += fmt::format("    {{{}::{}, \"{}\"}},\n", space, identifier, name);
    return out + "};\n";
  }

  static std::string nameList(const std::string& table, const std::vector<std::string>& names) {
    if (names.empty()) return "";
    std::string out = fmt::format("inline constexpr const char* {}[] = {{", table);
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", \"" : "\"") + names[i] + "\"";
    return out + "};\n";
  }

  const Function* findMain() const {
    for (const Function& function : program_.functions)
      if (function.isMain && !function.body.empty()) return &function;
    return nullptr;
  }

  // Edits both units share: attributes go, and every [[mote]] class gets its binding.
  std::vector<TextEdit> commonEdits() const {
    std::vector<TextEdit> edits;
    for (const TextRange& attribute : program_.attributeRanges)
      edits.push_back({attributeRemoval(program_.mainFileText, attribute), ""});
    for (const MoteClass& moteClass : program_.moteClasses)
      edits.push_back({{moteClass.bodyOpen, moteClass.bodyOpen},
                       fmt::format("\n  EDGECUT_MOTE_CLASS(\"{}\"){}", moteClass.name,
                                   moteClass.isClassKeyword &&
                                           !startsWithAccessSpecifier(program_.mainFileText,
                                                                      moteClass.bodyOpen)
                                       ? "\n private:"
                                       : "")});
    for (const UserType& type : program_.userTypes)
      edits.push_back(userTypeSerializer(program_.mainFileText, type));
    return edits;
  }

  void addOperationCounters(const std::string& text, const Function& function,
                            std::vector<TextEdit>& edits) const {
    using Kind = BlockOperations::Kind;
    // A then-branch that an added `else` follows needs braces even with nothing to count, or the
    // `else` could bind to an if inside it.
    std::set<unsigned> addedElses;
    for (const BlockOperations& block : function.blockOperations)
      if (block.kind == Kind::MissingElse && block.operations > 0) addedElses.insert(block.insertAt);
    // Text that closes something, by offset; where several meet, the deepest closes first.
    struct Closing {
      unsigned at;
      unsigned depth;
      std::string text;
    };
    std::vector<Closing> closings;
    std::vector<TextEdit> openings;
    // A function placed on the mote opens with its marker, before its body's counter.
    const unsigned bodyStart = function.body.begin + 1;
    std::optional<std::string> marker;
    if (placement_.onMote(function.key)) marker = functionMarker(glueNames_.at(function.key));
    for (const BlockOperations& block : function.blockOperations) {
      const std::string counter = operationCounter(block.operations);
      switch (block.kind) {
        case Kind::Block: {
          std::vector<std::string> statements;
          if (marker && block.insertAt == bodyStart) statements.push_back(*std::exchange(marker, std::nullopt));
          if (block.operations > 0) statements.push_back(counter);
          if (!statements.empty()) openings.push_back(blockStatements(text, block.insertAt, statements));
          break;
        }
        case Kind::CaseLabel:
          if (block.operations > 0) openings.push_back({{block.insertAt, block.insertAt}, " " + counter});
          break;
        case Kind::Unbraced:
          if (block.operations > 0) {
            openings.push_back({{block.insertAt, block.insertAt}, "{ " + counter + " "});
            closings.push_back({block.end, block.depth, " }"});
          } else if (addedElses.count(block.end)) {
            openings.push_back({{block.insertAt, block.insertAt}, "{ "});
            closings.push_back({block.end, block.depth, " }"});
          }
          break;
        case Kind::MissingElse:
          if (block.operations > 0) closings.push_back({block.insertAt, block.depth, " else { " + counter + " }"});
          break;
      }
    }
    if (marker) openings.push_back(blockStatements(text, bodyStart, {*marker}));
    std::stable_sort(closings.begin(), closings.end(), [](const Closing& a, const Closing& b) {
      return a.at != b.at ? a.at < b.at : a.depth > b.depth;
    });
    // applyEdits keeps the order of edits at one offset: what closes goes before what opens.
    for (Closing& closing : closings) edits.push_back({{closing.at, closing.at}, std::move(closing.text)});
    for (TextEdit& opening : openings) edits.push_back(std::move(opening));
  }

  std::string moteExpression(const Function& function) const {
    if (!function.moteClass.empty()) return "edgecut_mote_";
    return function.moteParameter()->name + ".edgecut_mote_";
  }

  std::string forwardedArguments(const Function& function) const {
    std::string out;
    for (const Parameter& parameter : function.parameters)
      if (parameter.moteClass.empty()) out += ", " + parameter.name;
    return out;
  }

  // The base's CALL of `function` on the mote it runs on.
  std::string remoteCall(const Function& function) const {
    // A cluster's methods run on its head, which needs the member list: callCluster sends it.
    return function.clusterClass.empty()
               ? fmt::format("::edgecut::base::call<{}>({}, edgecut_glue::fn::{}{})",
                             function.returnType, moteExpression(function),
                             glueNames_.at(function.key), forwardedArguments(function))
               : fmt::format("::edgecut::base::callCluster<{}>(*this, edgecut_glue::fn::{}{})",
                             function.returnType, glueNames_.at(function.key),
                             forwardedArguments(function));
  }

  std::string remoteStubBody(const Function& function) const {
    const std::string call = remoteCall(function);
    return function.returnType == "void" ? "{ " + call + "; }" : "{ return " + call + "; }";
  }

  // The mote's body of a helper it calls on the base: a CALL to the base, which runs the real one.
  std::string remoteHelperStubBody(const Function& function) const {
    std::string call = fmt::format("::edgecut::mote::callBase<{}>(edgecut_glue::fn::{}{})", function.returnType,
                                   glueNames_.at(function.key), forwardedArguments(function));
    return function.returnType == "void" ? "{ " + call + "; }" : "{ return " + call + "; }";
  }

  // The node a call of `function` runs on when it runs on a mote: its mote, or its cluster's head.
  std::string targetNode(const Function& function) const {
    if (!function.clusterClass.empty()) return "headId()";
    return moteExpression(function) + ".node()";
  }

  // The first statements of a per-group function's base variant: the motes of its mote groups run
  // the call themselves.
  std::vector<std::string> groupDispatch(const Function& function, const FunctionPlacement& placed) const {
    std::vector<std::string> onMote;
    for (const GroupPlacement& group : placed.groups)
      if (group.side == Side::Mote) onMote.push_back(group.label);
    const std::string call = remoteCall(function);
    return {
        // A block comment: the body's `{` may have code after it on its line.
        fmt::format("/* edgecut: placed per group: on the mote for {}, on the base for the others. */",
                    joined(onMote, " and ")),
        fmt::format("if (::edgecut::base::runsOnMote(edgecut_glue::on_mote::{}, {}))",
                    glueNames_.at(function.key), targetNode(function)),
        "  " + (function.returnType == "void" ? "{ " + call + "; return; }" : "return " + call + ";"),
    };
  }

  // The per-group placements, for the base stubs: per function, the motes that run it themselves.
  std::string moteGroupTables() const {
    std::string out;
    for (const Function* function : remoteFunctions_) {
      const FunctionPlacement& placed = *placement_.find(function->key);
      if (!placed.splitByGroup()) continue;
      std::vector<std::uint32_t> motes;
      std::vector<std::string> labels;
      for (const GroupPlacement& group : placed.groups) {
        if (group.side != Side::Mote) continue;
        motes.insert(motes.end(), group.motes.begin(), group.motes.end());
        labels.push_back(group.label);
      }
      std::sort(motes.begin(), motes.end());
      std::string ids;
      for (std::uint32_t mote : motes) ids += (ids.empty() ? "" : ", ") + std::to_string(mote);
      out += fmt::format("inline constexpr ::edgecut::NodeId {}[] = {{{}}};  // {}: {}\n",
                         glueNames_.at(function->key), ids, function->qualifiedName, joined(labels, ", "));
    }
    if (out.empty()) return out;
    return "// ---- edgecut: functions placed per group of motes ----\n"
           "// The motes (for a cluster method, the cluster heads) that run each one themselves, sorted;\n"
           "// the base runs it for every other mote.\n"
           "namespace edgecut_glue::on_mote {\n" +
           out + "}  // namespace edgecut_glue::on_mote\n\n";
  }

  static std::string joined(const std::vector<std::string>& parts, const char* separator) {
    std::string out;
    for (const std::string& part : parts) out += (out.empty() ? "" : separator) + part;
    return out;
  }

  std::string ioDefinitions(const char* title, const char* side, const char* read,
                            const char* write) const {
    std::string out = fmt::format("\n// ---- edgecut: {} ----\n", title);
    for (const Function& function : program_.functions) {
      if (function.kind == FunctionKind::Sensor) {
        out += fmt::format("\n{} {}(){} {{\n  return ::edgecut::{}::{}<{}>(edgecut_mote_, "
                           "edgecut_glue::sensor::{});\n}}\n",
                           function.returnType, function.qualifiedName,
                           function.isConstMethod ? " const" : "", side, read,
                           function.returnType, function.ioName);
      } else if (function.kind == FunctionKind::Actuator && !function.parameters.empty()) {
        const Parameter& value = function.parameters.front();
        std::string name = value.name.empty() ? "value" : value.name;
        out += fmt::format("\nvoid {}({} {}) {{\n  ::edgecut::{}::{}(edgecut_mote_, "
                           "edgecut_glue::actuator::{}, {});\n}}\n",
                           function.qualifiedName, value.qualifiedType, name, side, write,
                           function.ioName, name);
      }
    }
    return out;
  }

  std::string dispatchCase(const Function& function) const {
    std::string out = fmt::format("    case fn::{}: {{\n", glueNames_.at(function.key));
    std::string decoded;
    std::string arguments;
    const bool onClusterHead = !function.clusterClass.empty();
    if (onClusterHead) {
      out += "      ::edgecut::NodeList clusterMembers{};\n";
      decoded = "clusterMembers";
    }
    for (const Parameter& parameter : function.parameters) {
      if (!arguments.empty()) arguments += ", ";
      if (!parameter.moteClass.empty()) {
        arguments += "call.instance<" + parameter.moteClass + ">()";
        continue;
      }
      out += fmt::format("      {} {}{{}};\n", parameter.valueType, parameter.name);
      decoded += (decoded.empty() ? "" : ", ") + parameter.name;
      arguments += parameter.name;
    }
    out += fmt::format("      if (!call.arguments({})) return call.badArguments();\n", decoded);
    std::string invocation =
        onClusterHead ? fmt::format("call.cluster<{}>(clusterMembers).{}({})", function.clusterClass,
                                    unqualified(function.qualifiedName), arguments)
        : !function.moteClass.empty()
            ? fmt::format("call.instance<{}>().{}({})", function.moteClass,
                          unqualified(function.qualifiedName), arguments)
            : fmt::format("{}({})", function.qualifiedName, arguments);
    if (function.returnType == "void")
      out += fmt::format("      {};\n      return call.replyVoid();\n", invocation);
    else
      out += fmt::format("      return call.reply({});\n", invocation);
    return out + "    }\n";
  }

  // Functions that cannot be compiled into the mote unit: placed on the base, or unannotated and
  // calling such code. Their bodies are dropped from mote.cpp.
  std::set<std::string> functionsThatNeedTheBase() const {
    std::set<std::string> needBase;
    for (const Function& function : program_.functions)
      if (placement_.onBase(function.key)) needBase.insert(function.key);
    for (bool grew = true; grew;) {
      grew = false;
      for (const Function& function : program_.functions) {
        if (needBase.count(function.key) || placement_.find(function.key)) continue;
        for (const CallSite& call : function.calls) {
          const Function* callee = program_.findFunction(call.callee);
          bool remoteOnly = callee && placement_.onMote(callee->key) && !callee->hasMoteToRunOn();
          if (needBase.count(call.callee) || remoteOnly) {
            needBase.insert(function.key);
            grew = true;
            break;
          }
        }
      }
    }
    return needBase;
  }

  const ProgramModel& program_;
  const PlacementPlan& plan_;
  const ResolvedPlacement& placement_;
  std::vector<const Function*> placedFunctions_;  // every function placement_ gives a side
  std::vector<const Function*> remoteFunctions_;  // placed on a mote, callable from the base
  std::vector<const Function*> baseFunctions_;    // helpers mote code calls on the base, program order
  std::map<std::string, std::string> glueNames_;  // of placedFunctions_ and baseFunctions_, by key
  std::vector<std::string> sensors_, actuators_;
  std::set<std::string> sensorSeen_, actuatorSeen_;
  std::set<std::string> baseDependent_;
  std::set<std::string> baseClosure_;
  std::uint64_t fingerprint_ = 0;
};

}  // namespace

std::string applyEdits(const std::string& text, std::vector<TextEdit> edits) {
  std::stable_sort(edits.begin(), edits.end(), [](const TextEdit& a, const TextEdit& b) {
    return a.range.begin < b.range.begin;
  });
  std::string out;
  unsigned position = 0;
  for (const TextEdit& edit : edits) {
    if (edit.range.begin < position) continue;  // inside a range an earlier edit replaced
    out.append(text, position, edit.range.begin - position);
    out += edit.replacement;
    position = edit.range.end;
  }
  out.append(text, position, std::string::npos);
  return out;
}

std::uint64_t programFingerprint(const ProgramModel& program, const PlacementPlan& plan,
                                 const ResolvedPlacement& placement) {
  std::uint64_t hash = fnv1a64(program.mainFileText);
  hash = fnv1a64(plan.text, hash);
  // A preset is not in the plan's text, and a radio file may change: hash the figures themselves.
  if (const std::optional<RadioModel>& radio = plan.energy.radio)
    hash = fnv1a64(fmt::format("radio {} {} {} {} {} {} {} {};", radio->name, radio->volts,
                               radio->cpuMilliamps, radio->transmitMilliamps, radio->listenMilliamps,
                               radio->bitsPerSecond, radio->cpuHertz, radio->cyclesPerOperation),
                   hash);
  for (const auto& [key, placed] : placement.byKey) {
    hash = fnv1a64(key + "=" + sideName(placed.side) + ";", hash);
    for (const GroupPlacement& group : placed.groups)
      hash = fnv1a64(fmt::format("{}:{}={};", key, fmt::join(group.motes, ","), sideName(group.side)), hash);
  }
  for (const auto& [key, helper] : placement.helpers)
    hash = fnv1a64(key + "=" + approachName(helper.approach) + ";", hash);
  return hash;
}

std::vector<GeneratedFile> emitProgram(const ProgramModel& program, const PlacementPlan& plan,
                                       const ResolvedPlacement& placement,
                                       const std::string& outputDirectory) {
  Emitter emitter(program, plan, placement);
  return {
      {kGlueHeader, emitter.glueHeader()},
      {kBaseUnit, emitter.baseUnit()},
      {kMoteUnit, emitter.moteUnit()},
      {kResolvedPlacement, emitter.resolvedPlacement()},
      {kDepfile, emitter.depfile(outputDirectory)},
  };
}

bool DirectorySink::write(const std::vector<GeneratedFile>& files, DiagnosticSink& diagnostics) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::create_directories(directory_, error);
  if (error) {
    diagnostics.error({}, "cannot create output directory '" + directory_ + "': " + error.message());
    return false;
  }
  std::vector<std::pair<fs::path, fs::path>> staged;  // temporary -> final
  auto discard = [&] {
    for (const auto& [temporary, final] : staged) fs::remove(temporary, error);
  };
  for (const GeneratedFile& file : files) {
    fs::path target = fs::path(directory_) / file.name;
    std::ifstream existing(target, std::ios::binary);
    if (existing) {
      std::ostringstream current;
      current << existing.rdbuf();
      if (current.str() == file.text) continue;
    }
    fs::path temporary = target;
    temporary += ".edgecut-tmp";
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << file.text;
    out.close();
    if (!out) {
      diagnostics.error({}, "cannot write '" + temporary.string() + "'");
      discard();
      fs::remove(temporary, error);
      return false;
    }
    staged.emplace_back(temporary, target);
  }
  for (const auto& [temporary, final] : staged) {
    fs::rename(temporary, final, error);
    if (error) {
      diagnostics.error({}, "cannot replace '" + final.string() + "': " + error.message());
      discard();
      return false;
    }
  }
  return true;
}

}  // namespace edgecut::compiler
