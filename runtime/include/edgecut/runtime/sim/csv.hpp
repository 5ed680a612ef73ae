// How sensor traces in CSV are split into cells. One definition, so that the plan check (compiler)
// and the simulator (runtime) always agree on what a trace contains.
#ifndef EDGECUT_RUNTIME_SIM_CSV_HPP
#define EDGECUT_RUNTIME_SIM_CSV_HPP

#include <string>
#include <string_view>
#include <vector>

namespace edgecut::sim {

// Plain comma separation with optional double quotes around a cell; enough for sensor traces.
inline std::vector<std::string> splitCsvLine(std::string_view line) {
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      cells.push_back(std::move(cell));
      cell.clear();
    } else if (c != '\r') {
      cell.push_back(c);
    }
  }
  cells.push_back(std::move(cell));
  return cells;
}

}  // namespace edgecut::sim

#endif  // EDGECUT_RUNTIME_SIM_CSV_HPP
