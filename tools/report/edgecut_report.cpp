// edgecut-report NAME=report.json [NAME2=report2.json ...]
//
// Prints one aligned table comparing runs of the same program under different plans: the motes'
// operations (O), messages, integers (data values), bytes, and the energy E with its two terms
// (instructions = energy.instruction · O, transmit), best (lowest E) first. The reports are what
// base programs write with --report FILE. A run whose mote host sent no stats has O and E unknown
// ("?"), and comes last.
#include <algorithm>
#include <cstdio>
#include <limits>
#include <optional>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace {

struct Row {
  std::string plan;
  std::optional<std::uint64_t> operations;  // unknown when the report has null
  std::uint64_t messages = 0;
  std::uint64_t integers = 0;
  std::uint64_t bytes = 0;
  double transmit = 0;
  std::optional<double> instructions;
  std::optional<double> energy;
};

template <class T>
std::optional<T> optionalNumber(const nlohmann::json& value) {
  if (value.is_null()) return std::nullopt;
  return value.get<T>();
}

template <class T>
std::string cell(const std::optional<T>& value) {
  return value ? fmt::format("{}", *value) : "?";
}

Row load(std::string_view argument) {
  const auto equals = argument.find('=');
  if (equals == std::string_view::npos || equals == 0 || equals + 1 == argument.size()) {
    throw std::runtime_error(fmt::format("\"{}\" is not NAME=report.json", argument));
  }
  Row row;
  row.plan = std::string(argument.substr(0, equals));
  const std::string file(argument.substr(equals + 1));
  std::ifstream in(file);
  if (!in) throw std::runtime_error(fmt::format("cannot read {}", file));
  const nlohmann::json report = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (report.is_discarded()) throw std::runtime_error(fmt::format("{} is not JSON", file));
  try {
    row.messages = report.at("messages").get<std::uint64_t>();
    row.integers = report.at("integers").get<std::uint64_t>();
    row.bytes = report.at("bytes").get<std::uint64_t>();
    row.transmit = report.at("energy").at("transmit").get<double>();
    row.operations = optionalNumber<std::uint64_t>(report.at("operations"));
    row.instructions = optionalNumber<double>(report.at("energy").at("instructions"));
    row.energy = optionalNumber<double>(report.at("energy").at("total"));
  } catch (const nlohmann::json::exception&) {
    throw std::runtime_error(fmt::format("{} is not an edgecut report (it needs operations, messages, "
                                         "integers, bytes and energy.instructions, .transmit and .total)",
                                         file));
  }
  return row;
}

std::string table(std::vector<Row> rows) {
  constexpr double kUnknown = std::numeric_limits<double>::infinity();
  std::stable_sort(rows.begin(), rows.end(),
                   [&](const Row& a, const Row& b) { return a.energy.value_or(kUnknown) < b.energy.value_or(kUnknown); });
  const std::vector<std::string> header{"plan",  "operations", "messages",     "integers",
                                        "bytes", "energy",     "instructions", "transmit"};
  std::vector<std::vector<std::string>> cells{header};
  for (const Row& row : rows) {
    cells.push_back({row.plan, cell(row.operations), fmt::format("{}", row.messages),
                     fmt::format("{}", row.integers), fmt::format("{}", row.bytes), cell(row.energy),
                     cell(row.instructions), fmt::format("{}", row.transmit)});
  }
  std::vector<std::size_t> widths(header.size(), 0);
  for (const auto& line : cells) {
    for (std::size_t c = 0; c < line.size(); ++c) widths[c] = std::max(widths[c], line[c].size());
  }
  std::string text;
  for (const auto& line : cells) {
    // The plan name is text (left-aligned); the numbers line up on the right.
    std::string out = fmt::format("{:<{}}", line[0], widths[0]);
    for (std::size_t c = 1; c < line.size(); ++c) out += fmt::format("  {:>{}}", line[c], widths[c]);
    text += out + "\n";
  }
  return text;
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
    std::vector<Row> rows;
    for (int i = 1; i < argc; ++i) rows.push_back(load(argv[i]));
    std::fputs(table(std::move(rows)).c_str(), stdout);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "edgecut-report: error: %s\n", e.what());
    return 1;
  }
}
