// The network reader's sensor sources (network.hpp, SensorSource): a bare number, constant, values,
// random and CSV traces, each checked and normalised once for the compiler and the runtime.
#include <algorithm>
#include <charconv>
#include <cmath>

#include "edgecut/runtime/network/input_file.hpp"
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
  static const std::string kinds =
      "{\"constant\": N}, {\"values\": [...]}, {\"random\": {\"min\": A, \"max\": B, \"seed\": S}} or "
      "{\"csv\": {\"file\": \"trace.csv\"}}";
  if (value.isNumber()) {  // shorthand for {"constant": N}
    source.kind = SensorSource::Kind::Constant;
    source.values = std::make_shared<const Samples>(1, value.toJson());
    return true;
  }
  if (!value.isObject()) {
    error(value.position, "the source of sensor '" + sensor + "' must be a number or one of " + kinds + ", not " +
                              value.kindName());
    return false;
  }
  const Member* chosen = nullptr;
  bool valid = true;
  for (const Member& member : value.members) {
    if (!knows("source", member.key)) {
      const std::vector<std::string> known = keysOf("source");
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
    source.values = std::make_shared<const Samples>(1, body.toJson());
  } else if (chosen->key == "values") {
    source.kind = SensorSource::Kind::Values;
    if (!expect(body, "source", "values")) return false;
    if (body.elements.empty()) {
      error(body.position, "'values' of sensor '" + sensor + "' is empty; give at least one number");
      return false;
    }
    Samples values;
    values.reserve(body.elements.size());
    for (const Value& element : body.elements) {
      if (!element.isNumber()) {
        error(element.position, std::string("'values' must hold only numbers, not ") + element.kindName());
        valid = false;
        continue;
      }
      values.push_back(element.toJson());
    }
    source.values = std::make_shared<const Samples>(std::move(values));
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
      const bool whole = seed->kind == Value::Kind::Integer ||
                         (seed->isNumber() && seed->asDouble() == std::floor(seed->asDouble()));
      error(seed->position, whole ? "'seed' must be a whole number from 0 to 18446744073709551615, not " + got
                                  : "'seed' must be a non-negative integer, not " + got);
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
    if (column->isNumber()) {
      std::optional<double> index = ranged(*column, "csv", "column", "'column', a column's 0-based index,");
      if (!index) return false;
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
  const std::string* text = traceText(source.csvPath, csvFile->string, csvFile->position);
  if (!text) return false;
  if (!keysKnown) return false;  // a misspelt 'column' would only add a confusing second error
  // Motes that name the same column of the same file share its samples, and its mistakes (each
  // reported at the mote's own entry, so that the same mistake on many motes is one error).
  const std::string columnKey = source.csvColumnIndex ? "#" + std::to_string(*source.csvColumnIndex)
                                                      : "'" + source.csvColumn;
  const std::string key = source.csvPath + '\0' + csvFile->string + '\0' + columnKey;
  auto cached = traceColumns_.find(key);
  if (cached == traceColumns_.end())
    cached = traceColumns_.emplace(key, readTrace(*text, csvFile->string, source)).first;
  const TraceColumn& trace = cached->second;
  if (!trace.samples) {
    error(trace.problemAtColumn && column ? column->position : csvFile->position, trace.problem);
    return false;
  }
  source.values = trace.samples;
  return true;
}

// A trace's text, read once however many motes name it; nullptr when it cannot be read, said at
// `fileAt`. All the traces of a network together are bounded too (input_files.def).
const std::string* NetworkReader::traceText(const std::string& path, const std::string& shownPath,
                                            json::Position fileAt) {
  if (auto read = traceTexts_.find(path); read != traceTexts_.end()) return &read->second;
  std::string problem;
  std::optional<std::string> text = input::readInputFile(path, input::FileKind::CsvTrace, problem, shownPath);
  if (!text) {
    error(fileAt, std::move(problem));
    return nullptr;
  }
  const std::uint64_t budget = input::infoOf(input::FileKind::CsvTraces).maxBytes;
  if (traceBytes_ + text->size() > budget) {
    error(fileAt, "with '" + shownPath + "', the CSV files of this network hold more than " + input::sizeText(budget) +
                      "; " + std::string(input::infoOf(input::FileKind::CsvTraces).noun) + " are limited to " +
                      input::sizeText(budget) + " together, " +
                      std::string(input::infoOf(input::FileKind::CsvTraces).why) + "; use fewer or shorter traces");
    return nullptr;
  }
  traceBytes_ += text->size();
  network_.traceFiles.push_back(path);
  return &traceTexts_.emplace(path, std::move(*text)).first->second;
}

// The samples of a CSV trace: a named column's cells below the header line that names the columns,
// or the cells of every line at a column index. Every sample row must have the cell.
NetworkReader::TraceColumn NetworkReader::readTrace(std::string_view text, const std::string& shownPath,
                                                    const SensorSource& source) {
  auto failure = [](std::string problem, bool atColumn) {
    return TraceColumn{nullptr, std::move(problem), atColumn};
  };
  std::size_t index = source.csvColumnIndex.value_or(0);
  unsigned lineNumber = 0;
  if (!source.csvColumnIndex) {
    std::string_view header = text.substr(0, text.find('\n'));
    std::vector<std::string> columns = sim::splitCsvLine(header);
    auto found = std::find(columns.begin(), columns.end(), source.csvColumn);
    if (found == columns.end()) {
      if (header.empty() || header == "\r")
        return failure("CSV file '" + shownPath + "' has no header line; its first line must name the columns, "
                       "e.g. '" + source.csvColumn + "'", true);
      std::string message = "CSV file '" + shownPath + "' has no column '" + source.csvColumn + "'";
      std::string suggestion = diag::closestMatch(source.csvColumn, columns);
      if (!suggestion.empty())
        message += "; did you mean '" + suggestion + "'?";
      else
        message += "; its columns are " + diag::quotedList(columns, " and ");
      return failure(std::move(message), true);
    }
    index = static_cast<std::size_t>(found - columns.begin());
    text.remove_prefix(std::min(text.size(), header.size() + 1));
    lineNumber = 1;
  }
  Samples samples;
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
      return failure("line " + std::to_string(lineNumber) + " of CSV file '" + shownPath + "' has no cell for " +
                         cell + " (column " + std::to_string(index + 1) + ")",
                     false);
    }
    samples.push_back(cellValue(cells[index]));
  }
  if (samples.empty())
    return failure("CSV file '" + shownPath + "' has no samples; add rows" +
                       (source.csvColumnIndex ? "" : " after its header line"),
                   false);
  return TraceColumn{std::make_shared<const Samples>(std::move(samples)), {}, false};
}

}  // namespace edgecut::network
