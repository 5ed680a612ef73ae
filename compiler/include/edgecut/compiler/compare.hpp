// `edgecut compare`: builds and runs one program under each of its plans, in simulation, and ranks
// the plans by energy. The plans of a program are those of its edgecut_compare() call in CMake
// (tools/cmake/EdgecutPartition.cmake), which writes a manifest into the build directory:
//   BUILD_DIR/edgecut_compare/<program>.json
//   {"program": ..., "cmake": ..., "plans": [{"name", "plan", "target", "base"}, ...]}
// Each plan is built with `cmake --build BUILD_DIR --target <its base>` (incremental, with the
// project's own flags), run with --report, and the reports become one table, compare.json and
// compare.svg. A plan that fails to build or run is reported and the others are still compared.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgecut/compiler/diagnostics.hpp"

namespace edgecut::compiler {

struct CompareOptions {
  std::vector<std::string> planFiles;  // empty: every plan of the program
  std::string program;                 // empty: the one program whose plans include planFiles
  std::string buildDirectory;          // empty: ./build or . (whichever CMake configured)
  std::string outputDirectory;         // empty: BUILD_DIR/edgecut_compare/<program>
  std::string htmlFile;                // empty: compare.html in the output directory
  bool build = true;                   // false: run the programs as they are
};

// One plan's run.
struct PlanOutcome {
  enum class Status { Ran, BuildFailed, RunFailed };
  std::string name;      // the plan file's stem
  std::string planFile;  // absolute
  Status status = Status::Ran;
  std::string failure;   // why, when it did not run
  nlohmann::json report; // the base program's --report, when it ran
  // Whether it printed what most plans printed (docs/design.md §8); unknown until compared.
  std::optional<bool> sameOutput;
};

// The SVG chart of ranked outcomes (best first; those that did not run are listed, not drawn):
// per plan, one <g class="plan"> with E split into its two terms, messages and bytes; below, the
// energy of each mote under the best and the worst plan. Deterministic.
std::string compareSvg(const std::string& program, const std::vector<PlanOutcome>& ranked);

// compare.html: one self-contained page (docs/compare-page.md): the table, sortable, and a network
// map per plan on one energy scale. Each plan's network is read again from its plan file.
std::string compareHtml(const std::string& program, const std::vector<PlanOutcome>& ranked);

// compare.json: the program, the ranking (plan names, best first) and every outcome.
nlohmann::json compareJson(const std::string& program, const std::vector<PlanOutcome>& ranked);

// Best (lowest E) first; runs with unknown E, then failures, last; otherwise in the given order.
void rankOutcomes(std::vector<PlanOutcome>& outcomes);

// Runs the comparison; prints the table and where the files are to `out`, progress and failures to
// `log`, usage problems (unknown program, plan or build directory) into `diagnostics`. Returns the
// exit code: 0 when every plan ran and all printed the same stdout, 1 otherwise (the error names
// the plans whose output differs from the others').
int runCompare(const CompareOptions& options, std::ostream& out, std::ostream& log, DiagnosticSink& diagnostics);

}  // namespace edgecut::compiler
