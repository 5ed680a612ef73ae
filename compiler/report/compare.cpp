#include "edgecut/compiler/compare.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "edgecut/runtime/report_keys.hpp"
#include "report_table.hpp"

extern char** environ;

namespace edgecut::compiler {

namespace {

namespace fs = std::filesystem;

// A program that runs longer than this is stopped: a comparison never hangs on one plan.
constexpr std::chrono::seconds kRunTimeout{300};
// A build may legitimately take long (the first one builds the tool and the runtime).
constexpr std::chrono::seconds kBuildTimeout{3600};

struct ManifestPlan {
  std::string name;
  std::string plan;    // absolute, symlinks resolved
  std::string target;  // the base program's CMake target
  std::string base;    // the base program
};

struct Manifest {
  std::string program;
  std::string file;
  std::string cmake;
  std::vector<ManifestPlan> plans;
};

std::string quoted(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + ("'" + names[i] + "'");
  return out;
}

std::string canonical(const std::string& path) {
  std::error_code ec;
  fs::path resolved = fs::weakly_canonical(fs::absolute(path), ec);
  return ec ? fs::absolute(path).lexically_normal().string() : resolved.string();
}

std::optional<Manifest> readManifest(const fs::path& file, std::string& error) {
  std::ifstream in(file);
  nlohmann::json json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  try {
    Manifest manifest;
    manifest.file = file.string();
    manifest.program = json.at("program").get<std::string>();
    manifest.cmake = json.at("cmake").get<std::string>();
    for (const nlohmann::json& entry : json.at("plans")) {
      // edgecut_compare writes the base program's path, known only at generate time, into a file
      // of its own (see EdgecutPartition.cmake).
      const std::string baseFile = entry.at("base_file").get<std::string>();
      std::ifstream baseIn(baseFile);
      std::string base;
      if (!std::getline(baseIn, base) || base.empty()) {
        error = "cannot read '" + baseFile + "', which " + file.string() +
                " names as a base program's path; reconfigure the build directory";
        return std::nullopt;
      }
      manifest.plans.push_back({entry.at("name").get<std::string>(), canonical(entry.at("plan").get<std::string>()),
                                entry.at("target").get<std::string>(), base});
    }
    return manifest;
  } catch (const nlohmann::json::exception&) {
    error = "'" + file.string() + "' is not an edgecut_compare manifest; reconfigure the build directory";
    return std::nullopt;
  }
}

struct ProcessResult {
  bool started = false;
  bool timedOut = false;
  int exitCode = -1;  // when it exited
  int signal = 0;     // when a signal ended it
  std::string describe() const {
    if (!started) return "could not be started";
    if (timedOut) return "did not finish in time and was stopped";
    if (signal) return fmt::format("was killed by signal {} ({})", signal, ::strsignal(signal));
    return fmt::format("exited with status {}", exitCode);
  }
  bool ok() const { return started && !timedOut && signal == 0 && exitCode == 0; }
};

// Runs argv with stdout and stderr into files (stdin from /dev/null), at most `timeout`.
ProcessResult runProcess(const std::vector<std::string>& argv, const std::string& outFile, const std::string& errFile,
                         std::chrono::seconds timeout) {
  ProcessResult result;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int spawned = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return result;
  result.started = true;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      if (WIFEXITED(status)) result.exitCode = WEXITSTATUS(status);
      if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
      return result;
    }
    if (done < 0 && errno != EINTR) return result;
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
      result.timedOut = true;
      return result;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// The last lines of a file, indented: enough to see why a build or a run failed.
std::string tailOf(const std::string& file, std::size_t lines = 12) {
  std::ifstream in(file);
  std::vector<std::string> all;
  for (std::string line; std::getline(in, line);) all.push_back(line);
  std::string out;
  for (std::size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i) out += "    " + all[i] + "\n";
  return out;
}

std::optional<std::string> findBuildDirectory(const std::string& given, DiagnosticSink& diagnostics) {
  if (!given.empty()) {
    if (!fs::exists(fs::path(given) / "CMakeCache.txt")) {
      diagnostics.error({}, "'" + given + "' is not a CMake build directory (it has no CMakeCache.txt); give the "
                                          "directory you configured with cmake as -p BUILD_DIR");
      return std::nullopt;
    }
    return given;
  }
  for (const char* candidate : {"build", "."})
    if (fs::exists(fs::path(candidate) / "CMakeCache.txt")) return std::string(candidate);
  diagnostics.error({}, "no build directory here (neither ./build nor . has a CMakeCache.txt); give it as -p BUILD_DIR");
  return std::nullopt;
}

// The plans the user named, as the manifest knows them; errors name what is wrong.
std::optional<std::vector<ManifestPlan>> selectPlans(const Manifest& manifest, const std::vector<std::string>& files,
                                                     DiagnosticSink& diagnostics) {
  if (files.empty()) return manifest.plans;
  std::vector<ManifestPlan> selected;
  std::vector<std::string> known;
  for (const ManifestPlan& plan : manifest.plans) known.push_back(plan.name);
  bool ok = true;
  for (const std::string& file : files) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
      diagnostics.error({}, "cannot open plan file '" + file + "': " +
                                (fs::exists(file, ec) ? "it is not a file" : "No such file or directory"));
      ok = false;
      continue;
    }
    const std::string path = canonical(file);
    auto found = std::find_if(manifest.plans.begin(), manifest.plans.end(),
                              [&](const ManifestPlan& plan) { return plan.plan == path; });
    if (found == manifest.plans.end()) {
      diagnostics.error({}, "'" + file + "' is not a plan of '" + manifest.program + "', whose plans are " +
                                quoted(known) + "; add it to PLANS of edgecut_compare(NAME " + manifest.program +
                                " ...) and rerun cmake");
      ok = false;
      continue;
    }
    if (std::none_of(selected.begin(), selected.end(), [&](const ManifestPlan& plan) { return plan.plan == path; }))
      selected.push_back(*found);
  }
  if (!ok) return std::nullopt;
  return selected;
}

std::optional<Manifest> chooseProgram(const std::string& buildDirectory, const CompareOptions& options,
                                      DiagnosticSink& diagnostics) {
  const fs::path directory = fs::path(buildDirectory) / "edgecut_compare";
  std::map<std::string, fs::path> manifests;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(directory, ec))
    if (entry.path().extension() == ".json") manifests.emplace(entry.path().stem().string(), entry.path());
  std::vector<std::string> names;
  for (const auto& [name, path] : manifests) names.push_back(name);
  if (manifests.empty()) {
    diagnostics.error({}, "'" + buildDirectory + "' has no program to compare; declare one in CMake with "
                                                 "edgecut_compare(NAME <program> SOURCES <program.cpp> PLANS <plan.json>...)");
    return std::nullopt;
  }
  std::string error;
  if (!options.program.empty()) {
    auto found = manifests.find(options.program);
    if (found == manifests.end()) {
      std::string message = "no program '" + options.program + "' to compare in '" + buildDirectory + "'";
      std::string suggestion = closestMatch(options.program, names);
      message += suggestion.empty() ? "; the programs are " + quoted(names) : "; did you mean '" + suggestion + "'?";
      diagnostics.error({}, message);
      return std::nullopt;
    }
    std::optional<Manifest> manifest = readManifest(found->second, error);
    if (!manifest) diagnostics.error({}, error);
    return manifest;
  }
  if (options.planFiles.empty()) {
    diagnostics.error({}, "give the plans to compare, or --program NAME for all of a program's plans (the programs "
                          "are " + quoted(names) + ")");
    return std::nullopt;
  }
  // Without --program: the one program that has every plan given.
  std::vector<Manifest> fitting;
  for (const auto& [name, path] : manifests) {
    std::optional<Manifest> manifest = readManifest(path, error);
    if (!manifest) continue;
    DiagnosticSink quiet;
    if (selectPlans(*manifest, options.planFiles, quiet)) fitting.push_back(std::move(*manifest));
  }
  if (fitting.size() == 1) return fitting.front();
  if (fitting.empty()) {
    // Say what is wrong with the first plan that no program has (or that does not exist).
    for (const std::string& file : options.planFiles) {
      std::error_code exists;
      if (!fs::is_regular_file(file, exists)) {
        diagnostics.error({}, "cannot open plan file '" + file + "': No such file or directory");
        return std::nullopt;
      }
    }
    diagnostics.error({}, "no program to compare has all of these plans; the programs are " + quoted(names) +
                              ": name one with --program NAME");
    return std::nullopt;
  }
  std::vector<std::string> ambiguous;
  for (const Manifest& manifest : fitting) ambiguous.push_back(manifest.program);
  diagnostics.error({}, "the programs " + quoted(ambiguous) + " all have these plans; choose one with --program NAME");
  return std::nullopt;
}

PlanOutcome runPlan(const Manifest& manifest, const ManifestPlan& plan, const std::string& buildDirectory,
                    const fs::path& outputDirectory, bool build, std::ostream& log) {
  PlanOutcome outcome;
  outcome.name = plan.name;
  outcome.planFile = plan.plan;
  const std::string stem = (outputDirectory / plan.name).string();
  if (build) {
    log << fmt::format("edgecut compare: building {} ({})\n", plan.name, plan.target) << std::flush;
    ProcessResult built = runProcess({manifest.cmake, "--build", buildDirectory, "--target", plan.target},
                                     stem + ".build.log", stem + ".build.log", kBuildTimeout);
    if (!built.ok()) {
      outcome.status = PlanOutcome::Status::BuildFailed;
      outcome.failure = fmt::format("its build (cmake --build {} --target {}) {}; see {}.build.log:\n{}",
                                    buildDirectory, plan.target, built.describe(), stem, tailOf(stem + ".build.log"));
      return outcome;
    }
  }
  log << fmt::format("edgecut compare: running {} in simulation\n", plan.name) << std::flush;
  const std::string reportFile = stem + ".report.json";
  std::error_code ec;
  fs::remove(reportFile, ec);
  ProcessResult ran = runProcess({plan.base, "--report", reportFile}, stem + ".stdout", stem + ".stderr", kRunTimeout);
  std::ifstream in(reportFile);
  nlohmann::json report = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!ran.ok() || report.is_discarded()) {
    outcome.status = PlanOutcome::Status::RunFailed;
    const std::string tail = tailOf(stem + ".stderr");
    outcome.failure = fmt::format("{} {}{}; {}", plan.base, ran.describe(),
                                  ran.ok() ? " but wrote no readable report" : "",
                                  tail.empty() ? "it printed nothing on stderr"
                                               : fmt::format("its stderr ({}.stderr) ends:\n{}", stem, tail));
    return outcome;
  }
  outcome.report = std::move(report);
  return outcome;
}

bool writeFile(const fs::path& path, const std::string& text, DiagnosticSink& diagnostics) {
  const fs::path temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary);
    out << text;
    if (!out) {
      diagnostics.error({}, "cannot write '" + path.string() + "'");
      return false;
    }
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  if (ec) diagnostics.error({}, "cannot write '" + path.string() + "': " + ec.message());
  return !ec;
}

std::string fileText(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Placement must not change what a program prints (docs/design.md §8): the plans that ran, grouped
// by their stdout. The output most plans printed (on a tie, the first plan's) is the reference;
// the error names every plan that printed something else. True when all printed the same.
bool sameOutput(std::vector<PlanOutcome>& outcomes, const fs::path& outputDirectory, std::ostream& log) {
  std::vector<std::pair<std::string, std::vector<std::string>>> groups;  // output, its plans
  for (const PlanOutcome& outcome : outcomes) {
    if (outcome.status != PlanOutcome::Status::Ran) continue;
    const std::string output = fileText((outputDirectory / (outcome.name + ".stdout")).string());
    auto group = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == output; });
    if (group == groups.end()) groups.push_back({output, {outcome.name}});
    else group->second.push_back(outcome.name);
  }
  for (PlanOutcome& outcome : outcomes)
    if (outcome.status == PlanOutcome::Status::Ran) outcome.sameOutput = true;
  if (groups.size() <= 1) return true;
  const auto reference = std::max_element(groups.begin(), groups.end(), [](const auto& a, const auto& b) {
    return a.second.size() < b.second.size();
  });
  std::vector<std::string> differing;
  for (const auto& group : groups)
    if (&group != &*reference) differing.insert(differing.end(), group.second.begin(), group.second.end());
  for (PlanOutcome& outcome : outcomes)
    if (std::find(differing.begin(), differing.end(), outcome.name) != differing.end()) outcome.sameOutput = false;
  const std::string& first = reference->second.front();
  log << fmt::format("edgecut compare: error: plan{} {} printed other output than {}: a placement must not change "
                     "what the program prints\n",
                     differing.size() == 1 ? "" : "s", quoted(differing), quoted(reference->second));
  for (const std::string& plan : differing)
    log << fmt::format("edgecut compare: note: diff {} {}\n", (outputDirectory / (first + ".stdout")).string(),
                       (outputDirectory / (plan + ".stdout")).string());
  return false;
}

std::optional<double> totalEnergy(const PlanOutcome& outcome) {
  if (outcome.status != PlanOutcome::Status::Ran) return std::nullopt;
  const nlohmann::json& total = outcome.report[report_keys::kEnergy][report_keys::energy::kTotal];
  return total.is_number() ? std::optional<double>(total.get<double>()) : std::nullopt;
}

}  // namespace

void rankOutcomes(std::vector<PlanOutcome>& outcomes) {
  auto key = [](const PlanOutcome& outcome) {
    const std::optional<double> energy = totalEnergy(outcome);
    const int group = outcome.status != PlanOutcome::Status::Ran ? 2 : energy ? 0 : 1;
    return std::pair<int, double>(group, energy.value_or(0));
  };
  std::stable_sort(outcomes.begin(), outcomes.end(),
                   [&](const PlanOutcome& a, const PlanOutcome& b) { return key(a) < key(b); });
}

nlohmann::json compareJson(const std::string& program, const std::vector<PlanOutcome>& ranked) {
  nlohmann::json ranking = nlohmann::json::array();
  nlohmann::json plans = nlohmann::json::array();
  for (const PlanOutcome& outcome : ranked) {
    nlohmann::json entry = {{"name", outcome.name}, {"plan", outcome.planFile}};
    switch (outcome.status) {
      case PlanOutcome::Status::Ran:
        ranking.push_back(outcome.name);
        entry["status"] = "ran";
        entry["report"] = outcome.report;
        break;
      case PlanOutcome::Status::BuildFailed:
        entry["status"] = "build failed";
        entry["failure"] = outcome.failure;
        break;
      case PlanOutcome::Status::RunFailed:
        entry["status"] = "run failed";
        entry["failure"] = outcome.failure;
        break;
    }
    plans.push_back(std::move(entry));
  }
  return {{"program", program}, {"ranking", std::move(ranking)}, {"plans", std::move(plans)}};
}

int runCompare(const CompareOptions& options, std::ostream& out, std::ostream& log, DiagnosticSink& diagnostics) {
  std::optional<std::string> buildDirectory = findBuildDirectory(options.buildDirectory, diagnostics);
  if (!buildDirectory) return 1;
  std::optional<Manifest> manifest = chooseProgram(*buildDirectory, options, diagnostics);
  if (!manifest) return 1;
  std::optional<std::vector<ManifestPlan>> plans = selectPlans(*manifest, options.planFiles, diagnostics);
  if (!plans) return 1;
  const fs::path outputDirectory = options.outputDirectory.empty()
                                       ? fs::path(*buildDirectory) / "edgecut_compare" / manifest->program
                                       : fs::path(options.outputDirectory);
  std::error_code ec;
  fs::create_directories(outputDirectory, ec);
  if (ec) {
    diagnostics.error({}, "cannot create output directory '" + outputDirectory.string() + "': " + ec.message());
    return 1;
  }

  std::vector<PlanOutcome> outcomes;
  for (const ManifestPlan& plan : *plans)
    outcomes.push_back(runPlan(*manifest, plan, *buildDirectory, outputDirectory, options.build, log));
  rankOutcomes(outcomes);

  std::vector<report::Row> rows;
  for (PlanOutcome& outcome : outcomes) {
    if (outcome.status != PlanOutcome::Status::Ran) continue;
    try {
      rows.push_back(report::rowFromReport(outcome.name, outcome.report));
    } catch (const std::runtime_error& e) {
      outcome.status = PlanOutcome::Status::RunFailed;
      outcome.failure = fmt::format("its report {}: {}", (outputDirectory / (outcome.name + ".report.json")).string(),
                                    e.what());
    }
  }
  rankOutcomes(outcomes);

  out << fmt::format("\n{} under {} plan{}, best (lowest energy E = instructions + transmit) first:\n",
                     manifest->program, plans->size(), plans->size() == 1 ? "" : "s");
  if (!rows.empty()) out << report::formatTable(rows);
  std::size_t failed = 0;
  for (const PlanOutcome& outcome : outcomes) {
    if (outcome.status == PlanOutcome::Status::Ran) continue;
    ++failed;
    log << fmt::format("edgecut compare: error: plan {} ({}) {}: {}", outcome.name, outcome.planFile,
                       outcome.status == PlanOutcome::Status::BuildFailed ? "did not build" : "did not run",
                       outcome.failure);
    if (!outcome.failure.ends_with('\n')) log << '\n';
  }
  if (failed) out << fmt::format("{} of {} plans did not run (see above); the table compares the others\n", failed,
                                 outcomes.size());
  const bool agreed = sameOutput(outcomes, outputDirectory, log);
  if (!agreed) out << "the plans did not print the same output (see above)\n";

  const fs::path json = outputDirectory / "compare.json";
  const fs::path svg = outputDirectory / "compare.svg";
  const fs::path html = options.htmlFile.empty() ? outputDirectory / "compare.html" : fs::path(options.htmlFile);
  if (!writeFile(json, compareJson(manifest->program, outcomes).dump(2) + "\n", diagnostics) ||
      !writeFile(svg, compareSvg(manifest->program, outcomes), diagnostics) ||
      !writeFile(html, compareHtml(manifest->program, outcomes), diagnostics))
    return 1;
  out << fmt::format("reports and compare.json in {}\nchart: {}\npage: {}\n", outputDirectory.string(), svg.string(),
                     html.string());
  return failed || !agreed ? 1 : 0;
}

}  // namespace edgecut::compiler
