#include "edgecut/compiler/driver.hpp"

#include <iostream>

#include <fmt/format.h>

#include "edgecut/compiler/check.hpp"
#include "edgecut/compiler/compare.hpp"
#include "edgecut/compiler/emit.hpp"
#include "edgecut/compiler/explain.hpp"
#include "edgecut/compiler/partition.hpp"
#include "edgecut/compiler/plan.hpp"
#include "edgecut/compiler/run_profile.hpp"
#include "edgecut/runtime/command_line.hpp"

#ifndef EDGECUT_VERSION
#define EDGECUT_VERSION "0.0.0"
#endif

namespace edgecut::compiler {

namespace {

bool isCommand(const std::string& word) {
#define EDGECUT_COMMAND(NAME, SUMMARY) \
  if (word == #NAME) return true;
#include "edgecut/compiler/options.def"
  return false;
}

}  // namespace

std::string usageText() {
  std::string out =
      "usage: edgecut <command> --plan FILE [options] <source.cpp>... [-- <compiler arguments>]\n"
      "       edgecut compare [PLAN...] [--program NAME] [-p BUILD_DIR] [-o OUT_DIR]\n\n"
      "commands:\n";
#define EDGECUT_COMMAND(NAME, SUMMARY) out += fmt::format("  {:<22}{}\n", #NAME, SUMMARY);
#include "edgecut/compiler/options.def"
  out += "\noptions:\n";
#define EDGECUT_OPTION(FIELD, SPELLING, VALUE_NAME, SUMMARY) \
  out += fmt::format("  {:<22}{}\n", SPELLING " " VALUE_NAME, SUMMARY);
#define EDGECUT_FLAG(FIELD, SPELLING, SUMMARY) out += fmt::format("  {:<22}{}\n", SPELLING, SUMMARY);
#define EDGECUT_LIST(FIELD, SPELLING, VALUE_NAME, SUMMARY) \
  out += fmt::format("  {:<22}{}\n", SPELLING " " VALUE_NAME, SUMMARY);
#include "edgecut/compiler/options.def"
  out +=
      "\nCompiler arguments come from what follows `--`, else from compile_commands.json (-p, or "
      "found\nabove the first source), else `-std=c++20`; a program may have several sources. "
      "`@FILE` reads\narguments from FILE.\n";
  return out;
}

std::optional<ToolOptions> parseToolOptions(const std::vector<std::string>& arguments,
                                            std::string& error) {
  ToolOptions options;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    const std::string& word = arguments[i];
    if (word == "--") {
      options.compile.hasExplicitArguments = true;
      options.compile.explicitArguments.assign(arguments.begin() + i + 1, arguments.end());
      break;
    }
    std::string value;
    auto take = [&](std::string_view name, std::string_view valueName) {
      return command_line::takeOption(arguments, i, name, valueName, value);
    };
#define EDGECUT_OPTION(FIELD, SPELLING, VALUE_NAME, SUMMARY)                       \
  if (const command_line::Match match = take(SPELLING, VALUE_NAME);                \
      match != command_line::Match::No) {                                          \
    if (match == command_line::Match::MissingValue) {                              \
      error = command_line::missingValue(SPELLING, VALUE_NAME);                    \
      return std::nullopt;                                                         \
    }                                                                              \
    options.FIELD = value;                                                         \
    continue;                                                                      \
  }
#define EDGECUT_FLAG(FIELD, SPELLING, SUMMARY)            \
  if (take(SPELLING, "") == command_line::Match::Taken) { \
    options.FIELD = true;                                 \
    continue;                                             \
  }
#define EDGECUT_LIST(FIELD, SPELLING, VALUE_NAME, SUMMARY)                         \
  if (const command_line::Match match = take(SPELLING, VALUE_NAME);                \
      match != command_line::Match::No) {                                          \
    if (match == command_line::Match::MissingValue) {                              \
      error = command_line::missingValue(SPELLING, VALUE_NAME);                    \
      return std::nullopt;                                                         \
    }                                                                              \
    options.FIELD.push_back(value);                                                \
    continue;                                                                      \
  }
#include "edgecut/compiler/options.def"
    if (word.size() > 1 && word[0] == '-') {
      error = command_line::unknownOption(word);
      return std::nullopt;
    }
    if (options.command.empty()) {
      if (!isCommand(word)) {
        error = "unknown command '" + word + "'";
        return std::nullopt;
      }
      options.command = word;
    } else {
      options.programs.push_back(word);
    }
  }
  options.compile.buildDirectory = options.buildDirectory;
  options.compile.extraArguments = options.extraArguments;
  options.compile.extraArgumentsBefore = options.extraArgumentsBefore;
  if (options.help || options.version) return options;
  if (options.command.empty()) error = "no command given";
  else if (options.command == "compare") {
    if (!options.plan.empty()) error = "'compare' takes plan files as arguments, not '--plan'";
    else if (!options.profile.empty()) error = "'--profile' is for partition, check and explain";
    else if (options.compile.hasExplicitArguments) error = "'compare' builds with the project's own flags; drop '--'";
    else if (!options.extraArguments.empty() || !options.extraArgumentsBefore.empty())
      error = "'compare' builds with the project's own flags; drop '--extra-arg' and '--extra-arg-before'";
  }
  else if (options.plan.empty()) error = "'--plan FILE' is required";
  else if (options.programs.empty()) error = "give the program's source files";
  else if (options.command == "partition" && options.outputDirectory.empty())
    error = "'partition' needs '-o DIR', the directory for the generated files";
  if (!error.empty()) return std::nullopt;
  return options;
}

int runTool(const ToolOptions& options) {
  if (options.help) {
    std::cout << usageText();
    return 0;
  }
  if (options.version) {
    std::cout << "edgecut " << EDGECUT_VERSION << "\n";
    return 0;
  }
  DiagnosticSink diagnostics;
  auto finish = [&](int code) {
    std::cerr << diagnostics.render();
    return code;
  };
  if (options.command == "compare") {
    CompareOptions compare{.planFiles = options.programs,
                           .program = options.program,
                           .buildDirectory = options.buildDirectory,
                           .outputDirectory = options.outputDirectory,
                           .htmlFile = options.html,
                           .build = !options.noBuild};
    return finish(runCompare(compare, std::cout, std::cerr, diagnostics));
  }
  std::optional<PlacementPlan> plan = loadPlan(options.plan, diagnostics);
  if (!plan) return finish(1);
  std::optional<ProgramModel> program =
      collectProgram(options.programs, options.compile, diagnostics);
  if (!program) return finish(1);
  std::optional<RunProfile> profile;
  if (!options.profile.empty()) {
    profile = loadRunProfile(options.profile, *program, diagnostics);
    if (!profile) return finish(1);
    program->dependencies.push_back(options.profile);  // the depfile: a new run places again
  }
  const RunProfile* measured = profile ? &*profile : nullptr;
  std::optional<Partition> partition = place(*program, *plan, diagnostics, measured);
  if (!partition || !checkProgram(*program, *plan, *partition, diagnostics)) return finish(1);

  if (options.command == "explain") explain(std::cout, *program, *plan, *partition, measured);
  if (options.command == "partition") {
    DirectorySink sink(options.outputDirectory);
    if (!sink.write(emitProgram(*program, *plan, *partition, options.outputDirectory), diagnostics))
      return finish(1);
  }
  return finish(0);
}

}  // namespace edgecut::compiler
