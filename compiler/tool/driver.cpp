#include "edgecut/compiler/driver.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>

#include <fmt/format.h>

#include "edgecut/compiler/check.hpp"
#include "edgecut/compiler/compare.hpp"
#include "edgecut/compiler/emit.hpp"
#include "edgecut/compiler/energy.hpp"
#include "edgecut/compiler/place.hpp"
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

// An energy as people read it: whole numbers whole (4290201, not 4.2902e+06), others to 2 places.
std::string formatEnergy(double energy) {
  if (std::abs(energy - std::round(energy)) < 1e-6 * std::max(1.0, std::abs(energy)))
    return fmt::format("{:.0f}", energy);
  return fmt::format("{:.2f}", energy);
}

// "= 1234 (instructions 34 + transmit 1200)"
std::string formatTerms(const EnergyTerms& terms) {
  return fmt::format("= {} (instructions {} + transmit {})", formatEnergy(terms.total()),
                     formatEnergy(terms.instructions), formatEnergy(terms.transmit));
}

std::string describeEnergy(Side side, const EnergyDecision& decision) {
  const char* other = side == Side::Mote ? "base" : "mote";
  std::string why = fmt::format("energy: E {} here", formatTerms(decision.chosen));
  if (decision.other)
    why += fmt::format("; on the {}: E {}", other, formatTerms(*decision.other));
  else
    why += fmt::format("; cannot run on the {}: {}", other, decision.constraint);
  if (!decision.figures.empty()) why += "; " + decision.figures;
  return why;
}

std::string describePlacement(const Function& function, const FunctionPlacement& placed) {
  if (!placed.groups.empty())
    return fmt::format("per group, plan entry at {}:{}:{}{}", placed.planEntry->valueLocation.file,
                       placed.planEntry->valueLocation.line, placed.planEntry->valueLocation.column,
                       placed.splitByGroup() ? ": compiled into the mote, and the base keeps its own variant" : "");
  switch (placed.reason) {
    case PlacementReason::Attribute:
      return std::string("pinned by [[") + attributeSpelling(function.attribute) + "]]";
    case PlacementReason::Main: return "main always runs on the base";
    case PlacementReason::Plan:
      return fmt::format("plan entry at {}:{}:{}", placed.planEntry->valueLocation.file,
                         placed.planEntry->valueLocation.line,
                         placed.planEntry->valueLocation.column);
    case PlacementReason::Default:
      return "[[auto]] with no plan entry: the base by default";
    case PlacementReason::Energy: return describeEnergy(placed.side, *placed.energy);
  }
  return "";
}

// "remote call from mote code (approach 2): E = … ; compiled in: E = …"
std::string describeHelper(const HelperPlacement& helper) {
  const bool remote = helper.approach == HelperApproach::Remote;
  const std::optional<EnergyTerms>& here = remote ? helper.remote : helper.compiled;
  const std::optional<EnergyTerms>& other = remote ? helper.compiled : helper.remote;
  std::string why = remote ? "unannotated, called from mote code remotely (approach 2): E "
                           : "unannotated, called from mote code, compiled into both (approach 1): E ";
  why += formatTerms(*here);
  if (other)
    why += fmt::format("; {}: E {}", remote ? "compiled in" : "remote", formatTerms(*other));
  else
    why += fmt::format("; cannot be {}: {}", remote ? "compiled in" : "remote", helper.constraint);
  return why;
}

// "  path '/field' (motes 3 4)": a group's line in explain's table.
std::string groupHeading(const GroupPlacement& group) {
  std::string motes;
  for (std::uint32_t mote : group.motes) motes += (motes.empty() ? "" : " ") + std::to_string(mote);
  return fmt::format("  {} (motes {})", group.label, motes);
}

// A per-group placement, one line per group under the function's: its motes, side and why.
void explainGroups(const FunctionPlacement& placed, std::size_t width) {
  for (const GroupPlacement& group : placed.groups) {
    std::string why;
    if (group.reason == PlacementReason::Energy) why = describeEnergy(group.side, *group.energy);
    else if (group.planGroup)
      why = fmt::format("plan group at {}:{}:{}", group.planGroup->location.file, group.planGroup->location.line,
                        group.planGroup->location.column);
    std::cout << fmt::format("{:<{}}  {:<4}  {}\n", groupHeading(group), width, sideName(group.side), why);
  }
}

void explainClusters(const PlacementPlan& plan) {
  if (plan.network.clusters.empty()) return;
  std::cout << "\ncluster heads (a cluster built at run time from other members chooses its head "
               "by the same rule):\n";
  for (const PlanCluster& cluster : plan.network.clusters) {
    std::string members;
    for (std::uint32_t id : cluster.members) members += (members.empty() ? "" : " ") + std::to_string(id);
    std::cout << fmt::format(
        "  {:<12} members {:<16} head {} ({})\n", cluster.name.empty() ? "(unnamed)" : cluster.name,
        members, cluster.head.value_or(0),
        cluster.headChosen ? "least transmit energy: members to head, head to base"
                           : "given by the plan");
  }
}

void explain(const ProgramModel& program, const PlacementPlan& plan,
             const ResolvedPlacement& placement, const RunProfile* profile) {
  std::set<std::string> closure = moteClosure(program, placement);
  std::size_t width = 8;
  for (const Function& function : program.functions) width = std::max(width, function.key.size());
  for (const auto& [key, placed] : placement.byKey)
    for (const GroupPlacement& group : placed.groups) width = std::max(width, groupHeading(group).size());
  std::cout << fmt::format("{:<{}}  {:<4}  {}\n", "function", width, "side", "why");
  for (const Function& function : program.functions) {
    if (function.isSensorOrActuator()) continue;
    if (const FunctionPlacement* placed = placement.find(function.key)) {
      std::cout << fmt::format("{:<{}}  {:<4}  {}\n", function.key, width,
                               placed->splitByGroup() ? "both" : sideName(placed->side),
                               describePlacement(function, *placed));
      explainGroups(*placed, width);
    } else if (auto helper = placement.helpers.find(function.key); helper != placement.helpers.end())
      std::cout << fmt::format("{:<{}}  {:<4}  {}\n", function.key, width,
                               helper->second.approach == HelperApproach::Remote ? "base" : "both",
                               describeHelper(helper->second));
    else if (closure.count(function.key))
      std::cout << fmt::format("{:<{}}  {:<4}  {}\n", function.key, width, "both",
                               "unannotated, called from mote code: compiled into both");
  }
  std::cout << fmt::format("\n{} energy of this placement: E {}\n",
                           profile ? "with the counts of " + profile->file + ", the" : "estimated",
                           formatTerms(estimateEnergy(program, plan, placement, profile)));
}

}  // namespace

std::string usageText() {
  std::string out =
      "usage: edgecut <command> --plan FILE [options] <program.cpp> [-- <compiler arguments>]\n"
      "       edgecut compare [PLAN...] [--program NAME] [-p BUILD_DIR] [-o OUT_DIR]\n\n"
      "commands:\n";
#define EDGECUT_COMMAND(NAME, SUMMARY) out += fmt::format("  {:<22}{}\n", #NAME, SUMMARY);
#include "edgecut/compiler/options.def"
  out += "\noptions:\n";
#define EDGECUT_OPTION(FIELD, SPELLING, VALUE_NAME, SUMMARY) \
  out += fmt::format("  {:<22}{}\n", SPELLING " " VALUE_NAME, SUMMARY);
#define EDGECUT_FLAG(FIELD, SPELLING, SUMMARY) out += fmt::format("  {:<22}{}\n", SPELLING, SUMMARY);
#include "edgecut/compiler/options.def"
  out +=
      "\nCompiler arguments come from what follows `--`, else from compile_commands.json (-p, or "
      "found\nabove the program), else `-std=c++20`.\n";
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
  if (options.help || options.version) return options;
  if (options.command.empty()) error = "no command given";
  else if (options.command == "compare") {
    if (!options.plan.empty()) error = "'compare' takes plan files as arguments, not '--plan'";
    else if (!options.profile.empty()) error = "'--profile' is for partition, check and explain";
    else if (options.compile.hasExplicitArguments) error = "'compare' builds with the project's own flags; drop '--'";
  }
  else if (options.plan.empty()) error = "'--plan FILE' is required";
  else if (options.programs.size() != 1) error = "give exactly one program file";
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
                           .build = !options.noBuild};
    return finish(runCompare(compare, std::cout, std::cerr, diagnostics));
  }
  std::optional<PlacementPlan> plan = loadPlan(options.plan, diagnostics);
  if (!plan) return finish(1);
  std::optional<ProgramModel> program =
      collectProgram(options.programs.front(), options.compile, diagnostics);
  if (!program) return finish(1);
  std::optional<RunProfile> profile;
  if (!options.profile.empty()) {
    profile = loadRunProfile(options.profile, *program, diagnostics);
    if (!profile) return finish(1);
    program->dependencies.push_back(options.profile);  // the depfile: a new run places again
  }
  const RunProfile* measured = profile ? &*profile : nullptr;
  std::optional<ResolvedPlacement> placement = resolvePlacement(*program, *plan, diagnostics);
  if (!placement) return finish(1);
  if (!placeAutomatically(*program, *plan, *placement, diagnostics, measured)) return finish(1);
  if (!checkProgram(*program, *plan, *placement, diagnostics)) return finish(1);

  if (options.command == "explain") {
    explain(*program, *plan, *placement, measured);
    explainClusters(*plan);
  }
  if (options.command == "partition") {
    DirectorySink sink(options.outputDirectory);
    if (!sink.write(emitProgram(*program, *plan, *placement, options.outputDirectory), diagnostics))
      return finish(1);
  }
  return finish(0);
}

}  // namespace edgecut::compiler
