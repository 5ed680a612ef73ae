// edgecut-report NAME=report.json [NAME2=report2.json ...]
//
// Prints one aligned table comparing runs of the same program under different plans (report_table):
// the energy E with its two terms (instructions = energy.instruction · O, transmit), messages,
// integers (data values), bytes, the motes' operations (O) and, under a radio, joules; best (lowest
// E) first. The reports are what base programs write with --report FILE. A run whose mote host sent
// no stats has O and E unknown ("?"), and comes last.
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report_table.hpp"

namespace {

edgecut::report::Row load(std::string_view argument) {
  const auto equals = argument.find('=');
  if (equals == std::string_view::npos || equals == 0 || equals + 1 == argument.size()) {
    throw std::runtime_error(fmt::format("\"{}\" is not NAME=report.json", argument));
  }
  const std::string file(argument.substr(equals + 1));
  std::ifstream in(file);
  if (!in) throw std::runtime_error(fmt::format("cannot read {}", file));
  const nlohmann::json report = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (report.is_discarded()) throw std::runtime_error(fmt::format("{} is not JSON", file));
  try {
    return edgecut::report::rowFromReport(std::string(argument.substr(0, equals)), report);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(fmt::format("{}: {}", file, e.what()));
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string_view(argv[1]) == "--help") {
    std::fprintf(argc < 2 ? stderr : stdout,
                 "usage: edgecut-report NAME=report.json [NAME2=report2.json ...]\n"
                 "Compares the reports that base programs write with --report, lowest energy first.\n");
    return argc < 2 ? 2 : 0;
  }
  try {
    std::vector<edgecut::report::Row> rows;
    for (int i = 1; i < argc; ++i) rows.push_back(load(argv[i]));
    edgecut::report::rank(rows);
    std::fputs(edgecut::report::formatTable(rows).c_str(), stdout);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "edgecut-report: error: %s\n", e.what());
    return 1;
  }
}
