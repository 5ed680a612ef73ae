#include "edgecut/compiler/run_profile.hpp"

#include <vector>

#include <fmt/format.h>

#include "edgecut/runtime/network/input_file.hpp"
#include "edgecut/runtime/network/located_json.hpp"
#include "edgecut/runtime/report_keys.hpp"

namespace edgecut::compiler {

const MeasuredFunction* RunProfile::find(const std::string& key) const {
  auto found = functions.find(key);
  return found == functions.end() ? nullptr : &found->second;
}

namespace {

using json::Member;
using json::Position;
using json::Value;
namespace keys = report_keys;

// How to get a profile, for the notes of every error that means "this is not one".
constexpr const char* kHowToMeasure =
    "measure one: run the program's base program in simulation with '--report FILE' (a build of "
    "this program, with any plan), then give FILE to --profile";

bool isPlaced(const Function& function) {
  return !function.isSensorOrActuator() && (function.isMain || function.attribute != Attribute::None);
}

class ProfileReader {
 public:
  ProfileReader(const std::string& file, const ProgramModel& program, DiagnosticSink& diagnostics)
      : file_(file), program_(program), diagnostics_(diagnostics) {
    for (const Function& function : program.functions) {
      if (isPlaced(function)) placedKeys_.push_back(function.key);
      if (function.kind == FunctionKind::Sensor) sensors_.push_back(function.ioName);
      if (function.kind == FunctionKind::Actuator) actuators_.push_back(function.ioName);
    }
  }

  std::optional<RunProfile> read(const std::string& text) {
    diagnostics_.setFileText(file_, text);
    json::ParseResult parsed = json::parse(text);
    for (json::ParseError& parseError : parsed.errors) {
      std::vector<Diagnostic> notes;
      for (json::ParseNote& parseNote : parseError.notes)
        notes.push_back(note(at(parseNote.position), std::move(parseNote.message)));
      diagnostics_.error(at(parseError.position), std::move(parseError.message), std::move(notes));
    }
    if (!parsed.ok()) return std::nullopt;
    const Value& root = parsed.value;
    if (!root.isObject()) {
      error(root.position, fmt::format("a run's report is an object, not {}", root.kindName()),
            {note({}, kHowToMeasure)});
      return std::nullopt;
    }
    if (const Member* program = root.findMember(keys::kProgram); program && program->value.isString())
      measuredProgram_ = program;
    const Member* section = root.findMember(keys::kProfile);
    if (!section) {
      error(root.position,
            fmt::format("'{}' has no '{}' section: it is not the report of a simulated run by "
                        "this version of edgecut",
                        file_, keys::kProfile),
            {note({}, kHowToMeasure)});
      return std::nullopt;
    }
    if (section->value.isNull()) {
      error(section->value.position,
            "the run measured no profile: the motes' stats did not reach the base, or the transport "
            "(udp) does not carry the motes' part",
            {note({}, "measure again in simulation, the default transport: run the base program with "
                      "'--report FILE'")});
      return std::nullopt;
    }
    const Value* functions = section->value.isObject() ? section->value.find(keys::profile::kFunctions) : nullptr;
    if (!functions || !functions->isArray()) {
      error(section->value.position, fmt::format("'{}' has no '{}' list", keys::kProfile, keys::profile::kFunctions),
            {note({}, kHowToMeasure)});
      return std::nullopt;
    }
    RunProfile profile;
    profile.file = file_;
    for (const Value& entry : functions->elements) readFunction(entry, profile);
    if (diagnostics_.errorCount() != errorsBefore_) return std::nullopt;
    for (const Function& function : program_.functions) {
      if (!isPlaced(function) || profile.find(function.key)) continue;
      diagnostics_.warning(
          function.location,
          fmt::format("the profile {} has no figures for '{}', so its costs are the static estimate",
                      file_, function.key),
          {note({}, "a function added since the run; measure the program again for its figures")});
    }
    return profile;
  }

 private:
  SourceLocation at(Position position) const { return {file_, position.line, position.column}; }

  void error(Position position, std::string message, std::vector<Diagnostic> notes = {}) {
    diagnostics_.error(at(position), std::move(message), std::move(notes));
  }

  // The note of a name the program does not have: where the profile was measured.
  Diagnostic otherProgramNote() const {
    std::string fix = "measure this program again: run its base program with '--report FILE'";
    if (!measuredProgram_) return note({}, "the profile is of another program, or of this one before it changed; " + fix);
    return note(at(measuredProgram_->value.position),
                fmt::format("the profile was measured on '{}'; {}", measuredProgram_->value.string, fix));
  }

  // A count: a whole number, not negative.
  std::optional<double> count(const Value& entry, const char* name) {
    const Value* value = entry.find(name);
    if (!value) {
      error(entry.position, fmt::format("this entry has no '{}'", name), {note({}, kHowToMeasure)});
      return std::nullopt;
    }
    if (value->kind != Value::Kind::Unsigned) {
      error(value->position,
            fmt::format("'{}' must be a count (a whole number, not negative), not {}", name,
                        value->kind == Value::Kind::Integer ? "a negative number" : value->kindName()));
      return std::nullopt;
    }
    return static_cast<double>(value->unsignedValue);
  }

  // A name the program must have: `known` lists them; `what` says what it names.
  bool knownName(const Value& value, const std::vector<std::string>& known, const char* what) {
    if (!value.isString()) {
      error(value.position, fmt::format("a {} must be named by a string, not {}", what, value.kindName()));
      return false;
    }
    for (const std::string& name : known)
      if (name == value.string) return true;
    std::string message = fmt::format("the profile's {} '{}' is not in {}", what, value.string, program_.name());
    std::string suggestion = closestMatch(value.string, known);
    if (!suggestion.empty()) message += "; did you mean '" + suggestion + "'?";
    error(value.position, std::move(message), {otherProgramNote()});
    return false;
  }

  void readFunction(const Value& entry, RunProfile& profile) {
    if (!entry.isObject()) {
      error(entry.position, fmt::format("a profile's function is an object, not {}", entry.kindName()));
      return;
    }
    const Value* key = entry.find(keys::function::kKey);
    if (!key) {
      error(entry.position, fmt::format("this function has no '{}'", keys::function::kKey), {note({}, kHowToMeasure)});
      return;
    }
    if (!knownName(*key, placedKeys_, "function")) return;
    MeasuredFunction measured;
    measured.location = at(entry.position);
    std::optional<double> runsOnBase = count(entry, keys::function::kRunsOnBase);
    std::optional<double> runsOnMotes = count(entry, keys::function::kRunsOnMotes);
    std::optional<double> operations = count(entry, keys::function::kOperations);
    if (!runsOnBase || !runsOnMotes || !operations) return;
    measured.runsOnBase = *runsOnBase;
    measured.runsOnMotes = *runsOnMotes;
    measured.operations = *operations;
    const Value* calls = entry.find(keys::function::kCalls);
    if (!calls || !calls->isArray()) {
      error(calls ? calls->position : entry.position,
            fmt::format("this function has no '{}' list", keys::function::kCalls), {note({}, kHowToMeasure)});
      return;
    }
    for (const Value& call : calls->elements) readCall(call, measured);
    if (!profile.functions.emplace(key->string, std::move(measured)).second)
      error(key->position, fmt::format("the profile lists '{}' twice", key->string));
  }

  void readCall(const Value& call, MeasuredFunction& measured) {
    if (!call.isObject()) {
      error(call.position, fmt::format("a call is an object, not {}", call.kindName()));
      return;
    }
    std::map<std::string, MeasuredCall>* into = nullptr;
    const Value* callee = nullptr;
    if ((callee = call.find(keys::call::kFunction))) {
      if (!knownName(*callee, placedKeys_, "function")) return;
      into = &measured.calls;
    } else if ((callee = call.find(keys::call::kSensor))) {
      if (!knownName(*callee, sensors_, "sensor")) return;
      into = &measured.reads;
    } else if ((callee = call.find(keys::call::kActuator))) {
      if (!knownName(*callee, actuators_, "actuator")) return;
      into = &measured.writes;
    } else {
      error(call.position,
            fmt::format("a call names its callee by '{}', '{}' or '{}'", keys::call::kFunction, keys::call::kSensor,
                        keys::call::kActuator),
            {note({}, kHowToMeasure)});
      return;
    }
    std::optional<double> calls = count(call, keys::call::kCalls);
    std::optional<double> overRadio = count(call, keys::call::kOverRadio);
    std::optional<double> toCallee = count(call, keys::call::kIntegersToCallee);
    std::optional<double> toCaller = count(call, keys::call::kIntegersToCaller);
    if (!calls || !overRadio || !toCallee || !toCaller) return;
    MeasuredCall& counts = (*into)[callee->string];
    counts.calls += *calls;
    counts.overRadio += *overRadio;
    counts.integersToCallee += *toCallee;
    counts.integersToCaller += *toCaller;
  }

  const std::string& file_;
  const ProgramModel& program_;
  DiagnosticSink& diagnostics_;
  const unsigned errorsBefore_ = diagnostics_.errorCount();
  std::vector<std::string> placedKeys_, sensors_, actuators_;
  const Member* measuredProgram_ = nullptr;
};

}  // namespace

std::optional<RunProfile> parseRunProfile(const std::string& file, const std::string& text,
                                          const ProgramModel& program, DiagnosticSink& diagnostics) {
  return ProfileReader(file, program, diagnostics).read(text);
}

std::optional<RunProfile> loadRunProfile(const std::string& file, const ProgramModel& program,
                                         DiagnosticSink& diagnostics) {
  std::string problem;
  std::optional<std::string> text = input::readInputFile(file, input::FileKind::RunProfile, problem);
  if (!text) {
    diagnostics.error(SourceLocation{}, std::move(problem), {note({}, kHowToMeasure)});
    return std::nullopt;
  }
  return parseRunProfile(file, *text, program, diagnostics);
}

}  // namespace edgecut::compiler
