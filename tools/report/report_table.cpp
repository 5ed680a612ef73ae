#include "report_table.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "edgecut/runtime/report_keys.hpp"

namespace edgecut::report {

namespace {

namespace keys = report_keys;

template <class T>
std::optional<T> optionalNumber(const nlohmann::json& value) {
  if (value.is_null()) return std::nullopt;
  return value.get<T>();
}

template <class T>
std::string cell(const std::optional<T>& value) {
  return value ? fmt::format("{}", *value) : "?";
}

}  // namespace

Row rowFromReport(const std::string& plan, const nlohmann::json& report) {
  Row row;
  row.plan = plan;
  try {
    row.messages = report.at(keys::kMessages).get<std::uint64_t>();
    row.integers = report.at(keys::kIntegers).get<std::uint64_t>();
    row.bytes = report.at(keys::kBytes).get<std::uint64_t>();
    const nlohmann::json& energy = report.at(keys::kEnergy);
    row.transmit = energy.at(keys::energy::kTransmit).get<double>();
    row.operations = optionalNumber<std::uint64_t>(report.at(keys::kOperations));
    row.instructions = optionalNumber<double>(energy.at(keys::energy::kInstructions));
    row.energy = optionalNumber<double>(energy.at(keys::energy::kTotal));
    if (report.contains(keys::kJoules)) {
      row.hasRadio = true;
      row.joules = optionalNumber<double>(report.at(keys::kJoules).at(keys::joules::kTotal));
    }
    // Reports of runs before network time have no per_hour; it is null when none passed.
    if (const auto perHour = report.find(keys::kPerHour); perHour != report.end() && !perHour->is_null()) {
      row.overTime = true;
      row.energyPerHour = optionalNumber<double>(perHour->at(keys::per_hour::kEnergy));
    }
    if (const auto lifetime = report.find(keys::kLifetime); lifetime != report.end()) {
      row.hasBattery = true;
      if (!lifetime->is_null()) {
        row.lifetimeDays = lifetime->at(keys::lifetime::kDays).get<double>();
        row.firstMoteOut = lifetime->at(keys::lifetime::kMote).get<std::uint64_t>();
      }
    }
  } catch (const nlohmann::json::exception&) {
    throw std::runtime_error(fmt::format(
        "it is not an edgecut report (it needs {}, {}, {}, {} and {}.{}, .{} and .{})", keys::kOperations,
        keys::kMessages, keys::kIntegers, keys::kBytes, keys::kEnergy, keys::energy::kInstructions,
        keys::energy::kTransmit, keys::energy::kTotal));
  }
  return row;
}

void rank(std::vector<Row>& rows) {
  constexpr double kUnknown = std::numeric_limits<double>::infinity();
  std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
    return a.energy.value_or(kUnknown) < b.energy.value_or(kUnknown);
  });
}

std::string formatTable(const std::vector<Row>& rows) {
  const bool anyRadio = std::any_of(rows.begin(), rows.end(), [](const Row& row) { return row.hasRadio; });
  std::vector<std::string> header{"plan",  "energy",   "instructions", "transmit",
                                  "messages", "integers", "bytes", "operations"};
  const bool anyOverTime = std::any_of(rows.begin(), rows.end(), [](const Row& row) { return row.overTime; });
  const bool anyBattery = std::any_of(rows.begin(), rows.end(), [](const Row& row) { return row.hasBattery; });
  if (anyRadio) header.push_back("joules");
  if (anyOverTime) header.push_back("E/h");
  if (anyBattery) header.insert(header.end(), {"lifetime_days", "first_out"});
  std::vector<std::vector<std::string>> cells{header};
  for (const Row& row : rows) {
    cells.push_back({row.plan, cell(row.energy), cell(row.instructions), fmt::format("{}", row.transmit),
                     fmt::format("{}", row.messages), fmt::format("{}", row.integers), fmt::format("{}", row.bytes),
                     cell(row.operations)});
    // Joules to 6 significant digits: the sums carry rounding noise in the last places.
    if (anyRadio)
      cells.back().push_back(!row.hasRadio ? "-" : row.joules ? fmt::format("{:.6g}", *row.joules) : "?");
    if (anyOverTime)
      cells.back().push_back(!row.overTime ? "-" : row.energyPerHour ? fmt::format("{:.6g}", *row.energyPerHour) : "?");
    if (anyBattery) {
      cells.back().push_back(!row.hasBattery ? "-" : row.lifetimeDays ? fmt::format("{:.4g}", *row.lifetimeDays) : "?");
      cells.back().push_back(!row.hasBattery ? "-" : row.firstMoteOut ? fmt::format("mote {}", *row.firstMoteOut) : "?");
    }
  }
  std::vector<std::size_t> widths(header.size(), 0);
  for (const auto& line : cells)
    for (std::size_t c = 0; c < line.size(); ++c) widths[c] = std::max(widths[c], line[c].size());
  std::string text;
  for (const auto& line : cells) {
    // The plan name is text (left-aligned); the numbers line up on the right.
    std::string out = fmt::format("{:<{}}", line[0], widths[0]);
    for (std::size_t c = 1; c < line.size(); ++c) out += fmt::format("  {:>{}}", line[c], widths[c]);
    text += out + "\n";
  }
  return text;
}

}  // namespace edgecut::report
