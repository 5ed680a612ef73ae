#include "edgecut/runtime/network/json_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <stdexcept>

namespace edgecut::json {

std::string numberText(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15) return std::to_string(static_cast<long long>(value));
  // The shortest text that reads back as the same number: "1000000.5" must not show as "1e+06",
  // which would hide why it is out of range.
  char buffer[32];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return error == std::errc() ? std::string(buffer, end) : std::to_string(value);
}

std::string resolveRelativeTo(const std::string& anchorFile, const std::string& relative) {
  std::filesystem::path given(relative);
  if (given.is_absolute()) return given.lexically_normal().string();
  return (std::filesystem::path(anchorFile).parent_path() / given).lexically_normal().string();
}

void Reader::error(Position position, std::string message, std::vector<diag::Diagnostic> notes) {
  report(diag::Diagnostic{diag::Severity::Error, at(position), std::move(message), std::move(notes)});
}

diag::Diagnostic Reader::noteAt(Position position, std::string message) const {
  return diag::note(at(position), std::move(message));
}

void Reader::report(diag::Diagnostic diagnostic) {
  if (diagnostic.severity == diag::Severity::Error) ++errors_;
  deliver(std::move(diagnostic));
}

bool Reader::parseDocument(std::string_view text, Value& root) {
  ParseResult result = parse(text);
  for (ParseError& parseError : result.errors) {
    std::vector<diag::Diagnostic> notes;
    for (ParseNote& parseNote : parseError.notes)
      notes.push_back(noteAt(parseNote.position, std::move(parseNote.message)));
    error(parseError.position, std::move(parseError.message), std::move(notes));
  }
  if (result.syntaxError) return false;
  root = std::move(result.value);
  return true;
}

std::vector<std::string> Reader::keysOf(std::string_view object) const {
  std::vector<std::string> keys;
  for (const KeySpec& row : keys_)
    if (row.object == object) keys.emplace_back(row.key);
  if (keys.empty()) throw std::logic_error("the key table has no object '" + std::string(object) + "'");
  return keys;
}

const KeySpec& Reader::spec(std::string_view object, std::string_view key) const {
  for (const KeySpec& row : keys_)
    if (row.key == key && row.object == object) return row;  // keys differ more often than objects
  throw std::logic_error("the key table has no key '" + std::string(key) + "' in '" + std::string(object) + "'");
}

bool Reader::knows(std::string_view object, std::string_view key) const {
  for (const KeySpec& row : keys_)
    if (row.key == key && row.object == object) return true;  // keys differ more often than objects
  return false;
}

bool Reader::keysKnown(const Value& value, std::string_view object) const {
  for (const Member& member : value.members)
    if (!knows(object, member.key)) return false;
  return true;
}

bool Reader::checkKeys(const Value& value, std::string_view object, const std::string& where) {
  if (keysKnown(value, object)) return true;
  const std::vector<std::string> allowed = keysOf(object);
  bool allKnown = true;
  for (const Member& member : value.members) {
    if (std::find(allowed.begin(), allowed.end(), member.key) != allowed.end()) continue;
    std::string message = "unknown key '" + member.key + "' " + where;
    std::string suggestion = diag::closestMatch(member.key, allowed);
    if (!suggestion.empty())
      message += "; did you mean '" + suggestion + "'?";
    else
      message += "; expected " + diag::quotedList(allowed);
    error(member.keyPosition, std::move(message));
    allKnown = false;
  }
  return allKnown;
}

bool Reader::misspelt(const Value& value, std::string_view object, std::string_view key) const {
  const std::vector<std::string> allowed = keysOf(object);
  for (const Member& member : value.members) {
    if (std::find(allowed.begin(), allowed.end(), member.key) != allowed.end()) continue;
    std::string suggestion = diag::closestMatch(member.key, allowed);
    if (suggestion == key || suggestion.empty()) return true;
  }
  return false;
}

bool Reader::expectKind(const Value& value, Value::Kind kind, const std::string& what, std::string_view hint) {
  if (value.kind == kind) return true;
  Value probe;
  probe.kind = kind;
  error(value.position, what + " must be " + probe.kindName() + std::string(hint) + ", not " + value.kindName());
  return false;
}

bool Reader::expect(const Value& value, std::string_view object, std::string_view key) {
  const KeySpec& row = spec(object, key);
  // What is as the table says costs no message (the usual case, for each of thousands of motes).
  const bool asExpected = (row.kind == Expect::Object && value.kind == Value::Kind::Object) ||
                          (row.kind == Expect::Array && value.kind == Value::Kind::Array) ||
                          (row.kind == Expect::String && value.kind == Value::Kind::String) ||
                          (row.kind == Expect::Number && !row.range.given() && value.isNumber()) ||
                          row.kind == Expect::Any;
  if (asExpected) return true;
  const std::string what = "'" + std::string(key) + "'";
  switch (row.kind) {
    case Expect::Object: return expectKind(value, Value::Kind::Object, what, row.meaning);
    case Expect::Array: return expectKind(value, Value::Kind::Array, what, row.meaning);
    case Expect::String: return expectKind(value, Value::Kind::String, what, row.meaning);
    case Expect::Number: return row.range.given() ? ranged(value, object, key, what).has_value()
                                                  : number(value, what).has_value();
    case Expect::Any: return true;
  }
  return true;
}

std::optional<double> Reader::number(const Value& value, std::string_view what) {
  if (!value.isNumber()) {
    error(value.position, std::string(what) + " must be a number, not " + value.kindName());
    return std::nullopt;
  }
  return value.asDouble();
}

std::string rangeText(const NumberRange& range) {
  return std::string(range.whole ? "a whole number " : "") + "from " + numberText(range.min) + " to " +
         numberText(range.max);
}

std::optional<double> Reader::ranged(const Value& value, std::string_view object, std::string_view key,
                                     std::string_view what) {
  std::optional<double> result = number(value, what);
  if (!result) return std::nullopt;
  const NumberRange& range = spec(object, key).range;
  if (!range.given()) throw std::logic_error("the key table gives '" + std::string(key) + "' no range");
  if (*result < range.min || *result > range.max || (range.whole && *result != std::floor(*result))) {
    error(value.position, std::string(what) + " must be " + rangeText(range) + ", not " + numberText(*result));
    return std::nullopt;
  }
  return result;
}

std::optional<std::int64_t> Reader::integer(const Value& value, std::string_view what) {
  if (value.kind == Value::Kind::Integer) return value.integer;
  if (value.kind == Value::Kind::Unsigned &&
      value.unsignedValue <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    return static_cast<std::int64_t>(value.unsignedValue);
  std::string got = value.isNumber() ? numberText(value.asDouble()) : value.kindName();
  // A whole number past 64 bits reads as a floating-point one.
  const bool tooLarge = value.kind == Value::Kind::Unsigned || (value.isNumber() && std::fabs(value.asDouble()) >= 0x1p63);
  error(value.position, tooLarge ? std::string(what) + " must be a whole number from -9223372036854775808 to "
                                                      "9223372036854775807; this one does not fit 64 bits"
                                  : std::string(what) + " must be an integer, not " + got);
  return std::nullopt;
}

}  // namespace edgecut::json
