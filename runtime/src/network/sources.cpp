// The network reader's sensor sources (network.hpp, SensorSource): a bare number, constant, values,
// random and CSV traces, each checked and normalised once for the compiler and the runtime.
#include <algorithm>
#include <charconv>

#include "edgecut/runtime/sim/csv.hpp"
#include "network_reader.hpp"

namespace edgecut::network {

using json::Member;
using json::Value;

namespace {

// A CSV cell as the most specific JSON value: integer, then floating point, then text.
nlohmann::json cellValue(const std::string& cell) {
  const char* end = cell.data() + cell.size();
  std::int64_t integer = 0;
  if (auto [at, error] = std::from_chars(cell.data(), end, integer); error == std::errc() && at == end && !cell.empty())
    return integer;
  double real = 0;
  if (auto [at, error] = std::from_chars(cell.data(), end, real); error == std::errc() && at == end && !cell.empty())
    return real;
  return cell;
}

}  // namespace

void NetworkReader::readSensors(const Value& value, Mote& mote) {
  if (!expect(value, "mote", "sensors")) return;
  for (const Member& member : value.members) {
    if (!isIdentifier(member.key)) {
      error(member.keyPosition, "sensor name '" + member.key +
                                    "' is not an identifier; it must match its getter, e.g. getTemperature() "
                                    "is 'temperature'");
      continue;
    }
    SensorSource source;
    if (readSource(member.key, member.value, source)) mote.sensors.emplace(member.key, std::move(source));
  }
}

bool NetworkReader::readSource(const std::string& sensor, const Value& value, SensorSource& source) {
  source.location = at(value.position);
  const std::string kinds =
      "{\"constant\": N}, {\"values\": [...]}, {\"random\": {\"min\": A, \"max\": B, \"seed\": S}} or "
      "{\"csv\": {\"file\": \"trace.csv\"}}";
  if (value.isNumber()) {  // shorthand for {"constant": N}
    source.kind = SensorSource::Kind::Constant;
    source.values = {value.toJson()};
    return true;
  }
  if (!value.isObject()) {
    error(value.position, "the source of sensor '" + sensor + "' must be a number or one of " + kinds + ", not " +
                              value.kindName());
    return false;
  }
  const std::vector<std::string> known = keysOf("source");
  const Member* chosen = nullptr;
  bool valid = true;
  for (const Member& member : value.members) {
    if (std::find(known.begin(), known.end(), member.key) == known.end()) {
      std::string message = "unknown source '" + member.key + "' for sensor '" + sensor + "'";
      std::string suggestion = diag::closestMatch(member.key, known);
      message += suggestion.empty() ? "; use " + diag::quotedList(known) : "; did you mean '" + suggestion + "'?";
      error(member.keyPosition, std::move(message));
      valid = false;
      continue;
    }
    if (chosen) {
      error(member.keyPosition, "sensor '" + sensor + "' has more than one source; keep only one of '" +
                                    chosen->key + "' and '" + member.key + "'",
            {noteAt(chosen->keyPosition, "first source given here")});
      valid = false;
      continue;
    }
    chosen = &member;
  }
  if (!chosen) {
    if (valid) error(value.position, "sensor '" + sensor + "' has no source; use " + kinds);
    return false;
  }
  const Value& body = chosen->value;
  if (chosen->key == "constant") {
    source.kind = SensorSource::Kind::Constant;
    if (!expect(body, "source", "constant")) return false;
    source.values = {body.toJson()};
  } else if (chosen->key == "values") {
    source.kind = SensorSource::Kind::Values;
    if (!expect(body, "source", "values")) return false;
    if (body.elements.empty()) {
      error(body.position, "'values' of sensor '" + sensor + "' is empty; give at least one number");
      return false;
    }
    source.values.reserve(body.elements.size());
    for (const Value& element : body.elements) {
      if (!element.isNumber()) {
        error(element.position, std::string("'values' must hold only numbers, not ") + element.kindName());
        valid = false;
        continue;
      }
      source.values.push_back(element.toJson());
    }
  } else if (chosen->key == "random") {
    valid = readRandom(body, source) && valid;
  } else {
    valid = readCsv(sensor, body, source) && valid;
  }
  return valid;
}

// The simulator draws integers in [min, max] from splitmix64 seeded with 'seed'.
bool NetworkReader::readRandom(const Value& body, SensorSource& source) {
  source.kind = SensorSource::Kind::Random;
  if (!expect(body, "source", "random")) return false;
  checkKeys(body, "random", "in 'random'");
  bool valid = true;
  const Value* min = body.find("min");
  const Value* max = body.find("max");
  const Value* seed = body.find("seed");
  if (!min || !max || !seed) {
    std::vector<std::string> missing;
    for (auto [key, found] : {std::pair{"min", min}, {"max", max}, {"seed", seed}})
      if (!found && !misspelt(body, "random", key)) missing.push_back(key);
    if (!missing.empty())
      error(body.position, "'random' needs " + diag::quotedList(missing, " and ") +
                               ", e.g. {\"min\": 10, \"max\": 60, \"seed\": 1}");
    valid = false;
  }
  const std::optional<std::int64_t> low = min ? integer(*min, "'min'") : std::nullopt;
  const std::optional<std::int64_t> high = max ? integer(*max, "'max'") : std::nullopt;
  if (low && high) {
    source.min = *low;
    source.max = *high;
    if (source.min > source.max) {
      error(min->position, "'min' (" + std::to_string(source.min) + ") is greater than 'max' (" +
                               std::to_string(source.max) + "); swap them");
      valid = false;
    }
  } else {
    valid = false;
  }
  if (seed) {
    if (auto s = json::unsignedOf(*seed)) {
      source.seed = *s;
    } else {
      std::string got = seed->isNumber() ? json::numberText(seed->asDouble()) : seed->kindName();
      error(seed->position, "'seed' must be a non-negative integer, not " + got);
      valid = false;
    }
  }
  return valid;
}

bool NetworkReader::readCsv(const std::string& sensor, const Value& body, SensorSource& source) {
  source.kind = SensorSource::Kind::Csv;
  if (!expect(body, "source", "csv")) return false;
  bool keysKnown = checkKeys(body, "csv", "in 'csv'");
  source.csvColumn = sensor;
  const Value* column = body.find("column");
  if (column) {
    if (std::optional<std::uint64_t> index = json::unsignedOf(*column)) {
      source.csvColumnIndex = static_cast<std::size_t>(*index);
      source.csvColumn.clear();
    } else if (!expectKind(*column, Value::Kind::String, "'column'",
                           " naming a column of the CSV file (or a number: its 0-based index)")) {
      return false;
    } else {
      source.csvColumn = column->string;
    }
  }
  const Value* csvFile = body.find("file");
  if (!csvFile) {
    if (!misspelt(body, "csv", "file")) error(body.position, "'csv' needs a 'file', e.g. {\"file\": \"trace.csv\"}");
    return false;
  }
  if (!expect(*csvFile, "csv", "file")) return false;
  if (csvFile->string.empty()) {
    error(csvFile->position,
          "'file' is an empty path; give the CSV file's path relative to " + std::string(relativeTo_));
    return false;
  }
  source.csvPath = json::resolveRelativeTo(file_, csvFile->string);
  std::string text, reason;
  if (!json::readFile(source.csvPath, text, reason)) {
    error(csvFile->position, "cannot open CSV file '" + csvFile->string + "': " + reason);
    return false;
  }
  std::vector<std::string>& traces = network_.traceFiles;
  if (std::find(traces.begin(), traces.end(), source.csvPath) == traces.end()) traces.push_back(source.csvPath);
  if (!keysKnown) return false;  // a misspelt 'column' would only add a confusing second error
  return readTrace(text, csvFile->string, column ? column->position : csvFile->position, csvFile->position, source);
}

// The samples of a CSV trace: a named column's cells below the header line that names the columns,
// or the cells of every line at a column index. Every sample row must have the cell.
bool NetworkReader::readTrace(std::string_view text, const std::string& shownPath, json::Position columnAt,
                              json::Position fileAt, SensorSource& source) {
  std::size_t index = source.csvColumnIndex.value_or(0);
  unsigned lineNumber = 0;
  if (!source.csvColumnIndex) {
    std::string_view header = text.substr(0, text.find('\n'));
    std::vector<std::string> columns = sim::splitCsvLine(header);
    auto found = std::find(columns.begin(), columns.end(), source.csvColumn);
    if (found == columns.end()) {
      if (header.empty() || header == "\r") {
        error(columnAt, "CSV file '" + shownPath + "' has no header line; its first line must name the columns, "
                        "e.g. '" + source.csvColumn + "'");
        return false;
      }
      std::string message = "CSV file '" + shownPath + "' has no column '" + source.csvColumn + "'";
      std::string suggestion = diag::closestMatch(source.csvColumn, columns);
      if (!suggestion.empty())
        message += "; did you mean '" + suggestion + "'?";
      else
        message += "; its columns are " + diag::quotedList(columns, " and ");
      error(columnAt, std::move(message));
      return false;
    }
    index = static_cast<std::size_t>(found - columns.begin());
    text.remove_prefix(std::min(text.size(), header.size() + 1));
    lineNumber = 1;
  }
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    std::string_view row = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    ++lineNumber;
    if (row.empty() || row == "\r") continue;
    std::vector<std::string> cells = sim::splitCsvLine(row);
    if (cells.size() <= index) {
      const std::string cell = source.csvColumnIndex ? "column index " + std::to_string(index)
                                                     : "'" + source.csvColumn + "'";
      error(fileAt, "line " + std::to_string(lineNumber) + " of CSV file '" + shownPath + "' has no cell for " + cell +
                        " (column " + std::to_string(index + 1) + ")");
      return false;
    }
    source.values.push_back(cellValue(cells[index]));
  }
  if (source.values.empty()) {
    error(fileAt, "CSV file '" + shownPath + "' has no samples; add rows" +
                      (source.csvColumnIndex ? "" : " after its header line"));
    return false;
  }
  return true;
}

}  // namespace edgecut::network
