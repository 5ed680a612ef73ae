#include "edgecut/runtime/sim/sensors.hpp"

#include "edgecut/runtime/sim/csv.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "edgecut/runtime/sim/network.hpp"

namespace edgecut::sim {

namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& where, const std::string& message) {
  throw NetworkError(fmt::format("network: {}: {}", where, message));
}


// A CSV cell as the most specific JSON value: integer, then floating point, then text.
json csvValue(const std::string& cell) {
  std::int64_t integer = 0;
  auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), integer);
  if (error == std::errc() && end == cell.data() + cell.size() && !cell.empty()) return integer;
  double real = 0;
  auto [realEnd, realError] = std::from_chars(cell.data(), cell.data() + cell.size(), real);
  if (realError == std::errc() && realEnd == cell.data() + cell.size() && !cell.empty()) return real;
  return cell;
}

std::vector<json> readCsvColumn(const json& spec, const std::string& where) {
  if (!spec.is_object() || !spec.contains("file") || !spec["file"].is_string() ||
      !spec.contains("column")) {
    fail(where, "\"csv\" must be {\"file\": path, \"column\": name or index}");
  }
  const std::string file = spec["file"].get<std::string>();
  std::ifstream in(file);
  if (!in) fail(where, fmt::format("cannot open the CSV trace \"{}\"", file));
  std::string line;
  std::size_t column = 0;
  const json& wanted = spec["column"];
  if (wanted.is_string()) {
    // A named column: the first line is the header.
    if (!std::getline(in, line)) fail(where, fmt::format("\"{}\" is empty", file));
    const auto header = splitCsvLine(line);
    auto it = std::find(header.begin(), header.end(), wanted.get<std::string>());
    if (it == header.end()) fail(where, fmt::format("\"{}\" has no column \"{}\"", file, wanted.get<std::string>()));
    column = static_cast<std::size_t>(it - header.begin());
  } else if (wanted.is_number_integer() && wanted.get<std::int64_t>() >= 0) {
    column = wanted.get<std::size_t>();
  } else {
    fail(where, "a CSV \"column\" is a header name or a 0-based index");
  }
  std::vector<json> values;
  while (std::getline(in, line)) {
    if (line.empty() || line == "\r") continue;
    const auto cells = splitCsvLine(line);
    if (column >= cells.size()) fail(where, fmt::format("a row of \"{}\" has no column {}", file, column));
    values.push_back(csvValue(cells[column]));
  }
  if (values.empty()) fail(where, fmt::format("\"{}\" has no samples", file));
  return values;
}

}  // namespace

std::uint64_t SplitMix64::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

std::int64_t SplitMix64::between(std::int64_t min, std::int64_t max) {
  // Unsigned arithmetic: the span of [INT64_MIN, INT64_MAX] does not fit int64.
  const std::uint64_t span = static_cast<std::uint64_t>(max) - static_cast<std::uint64_t>(min) + 1;
  const std::uint64_t offset = span == 0 ? next() : next() % span;  // span 0: the full range
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(min) + offset);
}

SensorSource::SensorSource(const json& spec, const std::string& where) {
  if (!spec.is_object() || spec.size() != 1) {
    fail(where, "a sensor source is one of {\"constant\": v}, {\"values\": [...]}, "
                "{\"random\": {...}} or {\"csv\": {...}}");
  }
  // Not a structured binding to *spec.items().begin(): that binds to a temporary proxy.
  const auto only = spec.begin();
  const std::string kind = only.key();
  const json& body = only.value();
  if (kind == "constant") {
    kind_ = Kind::values;
    values_.push_back(body);
  } else if (kind == "values") {
    if (!body.is_array() || body.empty()) fail(where, "\"values\" must be a non-empty array");
    kind_ = Kind::values;
    values_.assign(body.begin(), body.end());
  } else if (kind == "csv") {
    kind_ = Kind::values;
    values_ = readCsvColumn(body, where);
  } else if (kind == "random") {
    auto integer = [&](const char* key) {
      if (!body.is_object() || !body.contains(key) || !body[key].is_number_integer()) {
        fail(where, fmt::format("\"random\" needs an integer \"{}\"", key));
      }
      return body[key];
    };
    kind_ = Kind::random;
    min_ = integer("min").get<std::int64_t>();
    max_ = integer("max").get<std::int64_t>();
    const json seed = integer("seed");
    if (min_ > max_) fail(where, fmt::format("\"random\" has min {} > max {}", min_, max_));
    random_ = SplitMix64(seed.is_number_unsigned() ? seed.get<std::uint64_t>()
                                                   : static_cast<std::uint64_t>(seed.get<std::int64_t>()));
  } else {
    fail(where, fmt::format("unknown sensor source \"{}\"", kind));
  }
}

json SensorSource::next() {
  if (kind_ == Kind::random) return random_.between(min_, max_);
  const json& value = values_[cursor_];
  cursor_ = (cursor_ + 1) % values_.size();
  return value;
}

}  // namespace edgecut::sim
