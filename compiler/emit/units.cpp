// The generated units, mote.cpp and base.cpp: the program's text edited in place, each function
// as the Partition says (its definition, or what stands in for it), then the generated parts.
#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "edgecut/compiler/string_literal.hpp"
#include "emit_types.hpp"
#include "emitter.hpp"
#include "templates.hpp"
#include "text_edits.hpp"

namespace edgecut::compiler {

namespace {

std::string unqualified(const std::string& qualifiedName) {
  std::size_t colon = qualifiedName.rfind("::");
  return colon == std::string::npos ? qualifiedName : qualifiedName.substr(colon + 2);
}

// Measured O (docs/design.md §4): one counter per block of the code compiled into the mote, at the
// places collect chose (BlockOperations; the rules are in collect_operations.hpp).
std::string operationCounter(std::uint64_t operations) {
  return fmt::format(templates::kOperationCounter, fmt::arg("operations", operations));
}

// The run's profile: a placed function's entry marker, first in its body in the unit that runs
// it, so that what it does while it runs is its own.
std::string functionMarker(const std::string& glueName) {
  return fmt::format(templates::kFunctionMarker, fmt::arg("name", glueName));
}

// The mote a call of `function` runs on, as base code names it: the proxy's own, or its mote
// parameter's.
std::string moteExpression(const Function& function) {
  if (const Parameter* parameter = function.moteParameter())
    return fmt::format(templates::kMoteOfParameter, fmt::arg("parameter", parameter->name));
  return templates::kMoteOfInstance;
}

// The node a call of `function` runs on when it runs on a mote: its mote, or its cluster's head.
std::string targetNode(const Function& function) {
  if (std::holds_alternative<OnClusterHead>(function.runsOn)) return templates::kHeadOfCluster;
  return fmt::format(templates::kNodeOfMote, fmt::arg("mote", moteExpression(function)));
}

// The arguments a call forwards over the radio: every parameter but the mote it runs on.
std::vector<std::string> forwardedArguments(const Function& function) {
  std::vector<std::string> out;
  for (const Parameter& parameter : function.parameters)
    if (parameter.moteClass.empty()) out.push_back(parameter.name);
  return out;
}

// A group as the generated code's comments name it: a cluster's name or a path (the network's
// text) as a string literal, which no byte of it can end.
std::string groupInCode(const GroupPlacement& group) {
  return group.planGroup ? group.planGroup->label(cppStringLiteral) : group.label;
}

}  // namespace

// ---- where each function goes ----------------------------------------------------------------

std::string Emitter::remoteCall(const Function& function, const std::string& indent, const std::string& prefix,
                                const std::string& suffix) const {
  std::vector<std::string> arguments{fmt::format(templates::kGlueFunction, fmt::arg("name", glueName(function)))};
  const std::vector<std::string> forwarded = forwardedArguments(function);
  arguments.insert(arguments.end(), forwarded.begin(), forwarded.end());
  // A cluster's methods run on its head, which needs the member list: callCluster sends it.
  const bool onHead = std::holds_alternative<OnClusterHead>(function.runsOn);
  arguments.insert(arguments.begin(), onHead ? "*this" : moteExpression(function));
  const std::string head = onHead ? fmt::format(templates::kBaseCallCluster, fmt::arg("returnType", function.returnType))
                                  : fmt::format(templates::kBaseCall, fmt::arg("returnType", function.returnType));
  return wrapped(indent, prefix + head, arguments, suffix);
}

std::vector<std::string> Emitter::remoteStubStatements(const Function& function, const std::string& indent) const {
  return {remoteCall(function, indent, function.returnType == "void" ? "" : "return ", ";")};
}

// The mote's body of a function it calls on the base: a CALL to the base, which runs the real one.
// [[auto]] code's call of a void base function is a one-way push (docs/design.md §1): the mote
// code goes on at once, and the mote host sees it acknowledged (runtime/README.md, "Pushes").
std::vector<std::string> Emitter::baseCallStubStatements(const Function& function, const std::string& indent) const {
  std::vector<std::string> arguments{fmt::format(templates::kGlueFunction, fmt::arg("name", glueName(function)))};
  const std::vector<std::string> forwarded = forwardedArguments(function);
  arguments.insert(arguments.end(), forwarded.begin(), forwarded.end());
  const bool push = partition_.of(function).calledFromMote && function.returnType == "void";
  const std::string head =
      push ? templates::kMotePushBase : fmt::format(templates::kMoteCallBase, fmt::arg("returnType", function.returnType));
  return {wrapped(indent, (function.returnType == "void" ? "" : "return ") + head, arguments, ";")};
}

// What `unit` gets in place of a definition the Partition keeps from it.
std::vector<TextEdit> Emitter::standIn(Unit unit, const Function& function, const FunctionPartition& entry) const {
  const std::string& text = program_.files[function.body.file].text;
  switch (entry.standIn) {
    case StandIn::Nothing: return {};
    case StandIn::Declaration: return {bodyToDeclaration(text, function)};
    case StandIn::Comment: return {definitionToComment(function, unit == Unit::Mote ? "the base" : "motes")};
    case StandIn::RemoteStub: {
      const std::string indent = bodyIndent(text, function);
      return {bodyWithStatements(text, function,
                                 unit == Unit::Base ? remoteStubStatements(function, indent)
                                                    : baseCallStubStatements(function, indent),
                                 attributeRemovals_[function.body.file])};
    }
  }
  return {};
}

// The first statements of a per-group function's base variant: the motes of its mote groups run
// the call themselves. On lines of their own, from `indent`.
std::vector<std::string> Emitter::groupDispatch(const Function& function, const FunctionPlacement& placed,
                                                const std::string& indent) const {
  std::vector<std::string> onMote;
  for (const GroupPlacement& group : placed.groups)
    if (group.side == Side::Mote) onMote.push_back(groupInCode(group));
  // `//` lines, without the first indent: a `*/` in a path would end a `/* */` comment.
  std::string comment = commentLines(
      indent, fmt::format(templates::kGroupComment, fmt::arg("groups", joined(onMote, " and "))));
  comment = comment.substr(indent.size(), comment.size() - indent.size() - 1);
  std::string test = wrapped(indent, templates::kGroupTest,
                             {fmt::format(templates::kGroupTable, fmt::arg("name", glueName(function))),
                              targetNode(function)},
                             ")");
  const std::string inner = indent + "  ";
  if (function.returnType != "void") return {comment, test, "  " + remoteCall(function, inner, "return ", ";")};
  const std::string oneLine = "  { " + remoteCall(function, inner, "", "; return; }");
  if (oneLine.find('\n') == std::string::npos && indent.size() + oneLine.size() <= kMaxColumns)
    return {comment, test, oneLine};
  return {comment, test + " {", "  " + remoteCall(function, inner, "", ";"), "  return;", "}"};
}

// The per-group placements, for the base stubs: per function, the motes that run it themselves.
std::string Emitter::moteGroupTables() const {
  std::string out;
  for (const Function* function : remoteFunctions_) {
    const FunctionPartition& entry = partition_.of(*function);
    if (entry.role != Role::PerGroupVariant) continue;
    std::vector<std::uint32_t> motes;
    std::vector<std::string> labels;
    for (const GroupPlacement& group : entry.placed->groups) {
      if (group.side != Side::Mote) continue;
      motes.insert(motes.end(), group.motes.begin(), group.motes.end());
      labels.push_back(groupInCode(group));
    }
    std::sort(motes.begin(), motes.end());
    std::vector<std::string> ids;
    for (std::uint32_t mote : motes) ids.push_back(std::to_string(mote));
    out += withComment("",
                       wrapped("", fmt::format(templates::kGroupTableHead, fmt::arg("name", glueName(*function))),
                               ids, ";", "{", "}"),
                       fmt::format(templates::kGroupTableComment, fmt::arg("function", function->qualifiedName),
                                   fmt::arg("groups", joined(labels, ", "))));
  }
  if (out.empty()) return out;
  return templates::kGroupTablesOpening + out + templates::kGroupTablesClosing;
}

// ---- the units --------------------------------------------------------------------------------

// Edits both variants of `file` share: attributes go, every [[mote]] class gets its binding, every
// struct that crosses its serializer, and every `#include` of a program header names that
// header's variant for the same side (docs/design.md §3, "Programs of several files").
std::vector<TextEdit> Emitter::commonEdits(Unit unit, unsigned file) const {
  const std::string& text = program_.files[file].text;
  std::vector<TextEdit> edits;
  for (const TextRange& removal : attributeRemovals_[file]) edits.push_back({removal, ""});
  for (const MoteClass& moteClass : program_.moteClasses) {
    if (moteClass.file != file) continue;
    const bool privateAgain = moteClass.isClassKeyword && !startsWithAccessSpecifier(text, moteClass.bodyOpen);
    edits.push_back({{moteClass.bodyOpen, moteClass.bodyOpen},
                     fmt::format(templates::kMoteClassBinding, fmt::arg("name", cppStringLiteral(moteClass.name)),
                                 fmt::arg("access", privateAgain ? templates::kPrivateAgain : ""))});
  }
  for (const UserType& type : program_.userTypes)
    if (type.file == file) edits.push_back(userTypeSerializer(text, type));
  for (const auto& [name, header] : program_.files[file].includes)
    edits.push_back({name, "\"" + outputName(unit, header) + "\""});
  return edits;
}

// The variant of program file `file` for `unit`: its text edited as the Partition says, after the
// generated parts every unit needs before the program's code. The generated definitions (sensors,
// dispatchers, periodic tasks, main) go once per side, into the variant of the source that
// defines main (entryFile_).
std::string Emitter::unit(Unit unit, unsigned file) const {
  const ProgramFile& source = program_.files[file];
  std::string out = banner(unit == Unit::Base ? templates::kBasePurpose : templates::kMotePurpose, file);
  if (!source.isSource) {
    out += fmt::format(templates::kHeaderVariant, fmt::arg("header", cppStringLiteral(source.path)));
    return out + (unit == Unit::Base ? baseText(file) : moteText(file));
  }
  if (unit == Unit::Mote) {
    out += templates::kMoteIncludes;
    out += moteText(file);
    return file == entryFile_ ? out + moteDefinitions() : out;
  }
  out += templates::kBaseIncludes;
  if (baseKeepsMemberState()) out += templates::kPerMoteStateStore;
  out += moteGroupTables();
  out += baseText(file);
  return file == entryFile_ ? out + baseDefinitions() : out;
}

std::string Emitter::baseText(unsigned file) const {
  const std::string& text = program_.files[file].text;
  std::vector<TextEdit> edits = commonEdits(Unit::Base, file);
  for (const FunctionPartition& entry : partition_.functions()) {
    const Function& function = *entry.function;
    if (function.body.empty() || function.body.file != file) continue;
    if (entry.role == Role::Placed && entry.inBase)
      edits.push_back(blockStatements(text, function.body.begin + 1, {functionMarker(glueName(function))}));
    if (function.isMain) {
      edits.push_back({function.name, templates::kUserMainName});
      if (!function.bodyEndsWithReturn) {
        // Falling off the end of main returns 0; falling off a renamed main would not.
        unsigned close = function.body.end - 1;
        bool ownLine = close > 0 && text[close - 1] == '\n';
        edits.push_back({{close, close}, ownLine ? templates::kReturnZeroLine : templates::kReturnZero});
      }
    } else if (entry.role == Role::PerGroupVariant) {
      // The body stays as the base's own variant; the motes of mote groups run it themselves.
      // The run is the base's own only past the dispatch: its profile marker comes after it.
      const unsigned afterBrace = function.body.begin + 1;
      std::vector<std::string> statements = groupDispatch(function, *entry.placed, blockIndent(text, afterBrace, true));
      statements.push_back(functionMarker(glueName(function)));
      edits.push_back(blockStatements(text, afterBrace, statements, true));
    } else if (!entry.inBase) {
      std::vector<TextEdit> replaced = standIn(Unit::Base, function, entry);
      edits.insert(edits.end(), replaced.begin(), replaced.end());
    }
  }
  // Last, so that insertions at the start of a renamed member go before it (applyEdits).
  std::vector<TextEdit> state = memberStateEdits(Unit::Base, file);
  edits.insert(edits.end(), state.begin(), state.end());
  return applyEdits(text, std::move(edits));
}

std::string Emitter::baseDefinitions() const {
  std::string out = ioDefinitions(templates::kBaseIoTitle, "base", "read", "write");
  // The helpers mote code calls on the base (approach 2): a dispatcher like the mote's.
  const char* dispatch = baseFunctions_.empty() ? nullptr : "&edgecut_glue::dispatch";
  if (dispatch) {
    out += templates::kBaseDispatchOpening;
    for (const Function* function : baseFunctions_) out += dispatchCase(*function);
    out += templates::kDispatchClosing;
  }
  const std::string tasks = taskRunner();
  out += tasks;
  const Function* main = nullptr;
  for (const Function& function : program_.functions)
    if (function.isMain && !function.body.empty()) main = &function;
  const std::string userMain = !main                    ? "nullptr"
                               : main->mainTakesArguments ? templates::kUserMainWithArguments
                                                          : templates::kUserMain;
  return out + entryPoint(templates::kBaseRun, userMain, dispatch, tasks.empty() ? nullptr : templates::kTaskRunner);
}

// The periodic tasks the base runs (docs/design.md §9): those placed on the base, and a per-group
// task for the motes outside its mote groups. Empty when the motes run every task themselves.
std::string Emitter::taskRunner() const {
  std::string cases;
  for (const TaskPeriod& task : partition_.placement().tasks) {
    const Function& function = *program_.findFunction(task.key);
    const FunctionPartition& entry = partition_.of(function);
    if (!entry.placed || !entry.placed->runsOn(Side::Base)) continue;
    cases += fmt::format(templates::kTaskRunnerCase, fmt::arg("name", glueName(function)));
    if (entry.role == Role::PerGroupVariant)
      cases += fmt::format(templates::kTaskOnMoteForGroup, fmt::arg("name", glueName(function)));
    cases += fmt::format(templates::kTaskRun, fmt::arg("moteClass", moteClassToRunOn(function.runsOn)),
                         fmt::arg("method", unqualified(function.qualifiedName)));
  }
  if (cases.empty()) return cases;
  return templates::kTaskRunnerOpening + cases + templates::kTaskRunnerClosing;
}

std::string Emitter::moteText(unsigned file) const {
  const std::string& text = program_.files[file].text;
  std::vector<TextEdit> edits = commonEdits(Unit::Mote, file);
  for (const FunctionPartition& entry : partition_.functions()) {
    const Function& function = *entry.function;
    if (function.body.empty() || function.body.file != file) continue;
    if (entry.inMote) {
      addOperationCounters(text, function, edits);
      continue;
    }
    std::vector<TextEdit> replaced = standIn(Unit::Mote, function, entry);
    edits.insert(edits.end(), replaced.begin(), replaced.end());
  }
  std::vector<TextEdit> state = memberStateEdits(Unit::Mote, file);
  edits.insert(edits.end(), state.begin(), state.end());
  return applyEdits(text, std::move(edits));
}

std::string Emitter::moteDefinitions() const {
  std::string out = ioDefinitions(templates::kMoteIoTitle, "mote", "readSensor", "writeActuator");
  out += templates::kMoteDispatchOpening;
  for (const Function* function : remoteFunctions_) out += dispatchCase(*function);
  out += templates::kDispatchClosing;
  const std::string actuators = actuatorTypes();
  out += actuators;
  return out + entryPoint(templates::kMoteRun, "", "&edgecut_glue::dispatch",
                          actuators.empty() ? nullptr : templates::kActuatorTypesName);
}

std::string Emitter::actuatorTypes() const {
  std::string rows;
  for (const Function& function : program_.functions) {
    if (function.kind != FunctionKind::Actuator || function.parameters.empty()) continue;
    rows += fmt::format(templates::kActuatorType, fmt::arg("name", function.ioName),
                        fmt::arg("type", function.parameters.front().valueType),
                        fmt::arg("spelled", cppStringLiteral(function.parameters.front().valueType)));
  }
  if (rows.empty()) return "";
  return templates::kActuatorTypesOpening + rows + templates::kActuatorTypesClosing;
}

std::string Emitter::entryPoint(const char* run, const std::string& userMain, const char* dispatch,
                                const char* last) const {
  std::vector<std::string> arguments{"argc", "argv", "edgecut_glue::kProgram"};
  if (!userMain.empty()) arguments.push_back(userMain);
  if (dispatch || last) arguments.push_back(dispatch ? dispatch : "nullptr");
  if (last) arguments.push_back(last);
  return std::string(templates::kEntrySection) + "  " + wrapped("  ", run, arguments, ";") + "\n" +
         templates::kEntryClosing;
}

void Emitter::addOperationCounters(const std::string& text, const Function& function,
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
  if (partition_.of(function).placed) marker = functionMarker(glueName(function));
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

// ---- generated definitions --------------------------------------------------------------------

std::string Emitter::ioDefinitions(const char* title, const char* side, const char* read, const char* write) const {
  std::string out = fmt::format(templates::kIoSection, fmt::arg("title", title));
  for (const Function& function : program_.functions) {
    if (function.kind == FunctionKind::Sensor) {
      const std::string head = fmt::format(templates::kSensorRead, fmt::arg("side", side), fmt::arg("read", read),
                                           fmt::arg("returnType", function.returnType));
      const std::string sensor = fmt::format(templates::kSensorOf, fmt::arg("name", function.ioName));
      out += fmt::format(templates::kSensorDefinition, fmt::arg("returnType", function.returnType),
                         fmt::arg("name", function.qualifiedName),
                         fmt::arg("constness", function.isConstMethod ? " const" : ""),
                         fmt::arg("read", wrapped("  ", head, {templates::kMoteOfInstance, sensor}, ";")));
    } else if (function.kind == FunctionKind::Actuator && !function.parameters.empty()) {
      const Parameter& value = function.parameters.front();
      const std::string name = value.name.empty() ? "value" : value.name;
      const std::string head = fmt::format(templates::kActuatorWrite, fmt::arg("side", side), fmt::arg("write", write));
      const std::string actuator = fmt::format(templates::kActuatorOf, fmt::arg("name", function.ioName));
      out += fmt::format(templates::kActuatorDefinition, fmt::arg("name", function.qualifiedName),
                         fmt::arg("type", value.qualifiedType), fmt::arg("value", name),
                         fmt::arg("write", wrapped("  ", head, {templates::kMoteOfInstance, actuator, name}, ";")));
    }
  }
  return out;
}

std::string Emitter::dispatchCase(const Function& function) const {
  const std::string indent = "      ";
  std::string out = fmt::format(templates::kCaseOpening, fmt::arg("name", glueName(function)));
  std::vector<std::string> decoded, arguments;
  const auto* onHead = std::get_if<OnClusterHead>(&function.runsOn);
  if (onHead) {
    out += templates::kClusterMembers;
    decoded.push_back("clusterMembers");
  }
  for (const Parameter& parameter : function.parameters) {
    if (!parameter.moteClass.empty()) {
      arguments.push_back(fmt::format(templates::kMoteArgument, fmt::arg("moteClass", parameter.moteClass)));
      continue;
    }
    out += fmt::format(templates::kDecodedArgument, fmt::arg("type", parameter.valueType), fmt::arg("name", parameter.name));
    decoded.push_back(parameter.name);
    arguments.push_back(parameter.name);
  }
  out += indent + wrapped(indent, templates::kDecodeArguments, decoded, std::string(")") + templates::kBadArguments) + "\n";
  const std::string method = unqualified(function.qualifiedName);
  const auto* instance = std::get_if<OnMoteInstance>(&function.runsOn);
  const std::string callee =
      onHead     ? fmt::format(templates::kOnClusterHead, fmt::arg("cluster", onHead->clusterClass), fmt::arg("method", method))
      : instance ? fmt::format(templates::kOnMoteInstance, fmt::arg("moteClass", instance->moteClass), fmt::arg("method", method))
                 : function.qualifiedName;
  if (function.returnType == "void")
    out += fmt::format(templates::kReplyVoid, fmt::arg("invocation", wrapped(indent, callee, arguments, "")));
  else
    out += indent + wrapped(indent, fmt::format(templates::kReply, fmt::arg("invocation", callee)), arguments, ");") + "\n";
  return out + templates::kCaseClosing;
}

}  // namespace edgecut::compiler
