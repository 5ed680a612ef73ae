// What every reader of a located JSON file has in common (networks here; plans and radios in the
// compiler): errors at file:line:col, and each object's keys checked against one table of keys
// (network/keys.def, compiler/plan/plan_keys.def), which also says what kind of value each takes.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "edgecut/runtime/network/diagnostics.hpp"
#include "edgecut/runtime/network/located_json.hpp"

namespace edgecut::json {

// What a key's value must be. Any: several kinds, each reader words its own errors.
enum class Expect : std::uint8_t { Object, Array, String, Number, Any };

// The numbers a key's value may hold (a position's: each coordinate); none when max < min.
struct NumberRange {
  double min = 0;
  double max = -1;
  bool whole = false;  // integers only
  bool given() const { return min <= max; }
};

// One row of a key table.
struct KeySpec {
  std::string_view object;   // the kind of object it belongs to: "mote", "energy", …
  std::string_view key;
  Expect kind;
  std::string_view meaning;  // completes "'key' must be <a kind>…"
  NumberRange range = {};
};

// "from 0 to 1000000000", "a whole number from 1 to 4294967295": a range as messages say it.
std::string rangeText(const NumberRange& range);

// A number as messages show it: whole numbers without a fraction.
std::string numberText(double value);

// `relative` as seen from the directory of `anchorFile`; absolute paths stay as they are.
std::string resolveRelativeTo(const std::string& anchorFile, const std::string& relative);

class Reader {
 public:
  Reader(diag::DiagnosticSink& diagnostics, std::span<const KeySpec> keys)
      : diagnostics_(diagnostics), keys_(keys) {}
  virtual ~Reader() = default;

  // The errors this reader reported so far (some may still wait in a group: see deliver()).
  unsigned errorCount() const { return errors_; }

 protected:
  diag::SourceLocation at(Position position) const { return {file_, position.line, position.column}; }
  void error(Position position, std::string message, std::vector<diag::Diagnostic> notes = {});
  diag::Diagnostic noteAt(Position position, std::string message) const;
  void report(diag::Diagnostic diagnostic);
  // Where report() sends every diagnostic: the sink, unless a reader holds some back to group them.
  virtual void deliver(diag::Diagnostic diagnostic) { diagnostics_.report(std::move(diagnostic)); }

  // Parses `text` (the current file); reports its errors. False when there is no usable value.
  bool parseDocument(std::string_view text, Value& root);

  // The keys of `object` in the table, in its order; throws std::logic_error for an object it lacks.
  std::vector<std::string> keysOf(std::string_view object) const;
  const KeySpec& spec(std::string_view object, std::string_view key) const;
  // Whether `key` is in `object`'s table, and whether every key of `value` is. Without building
  // keysOf's list, which only a diagnostic needs: a network of 10,000 motes checks each mote's
  // keys and its sensors' (test/bench/sim_scale/README.md, start-up).
  bool knows(std::string_view object, std::string_view key) const;
  bool keysKnown(const Value& value, std::string_view object) const;

  // Reports every key of `value` not in `object`'s table, with a did-you-mean. `where` completes
  // "unknown key 'x' <where>". False when there was one.
  bool checkKeys(const Value& value, std::string_view object, const std::string& where);
  // Whether `value` has an unknown key that may be `key` misspelt (checkKeys suggests `key`, or
  // nothing at all): then "has no 'key'" would only repeat checkKeys' error.
  bool misspelt(const Value& value, std::string_view object, std::string_view key) const;

  // `value` is of `kind`, else an error "<what> must be <kind><hint>, not <its kind>".
  bool expectKind(const Value& value, Value::Kind kind, const std::string& what, std::string_view hint = "");
  // The same with what the key table says of `key` in `object`.
  bool expect(const Value& value, std::string_view object, std::string_view key);

  std::optional<double> number(const Value& value, std::string_view what);
  // A number within the range the key table gives `key` of `object` (a position: each of its
  // numbers), else an error "<what> must be … from <min> to <max>, not <value>".
  std::optional<double> ranged(const Value& value, std::string_view object, std::string_view key,
                               std::string_view what);
  // A whole number that fits 64 bits.
  std::optional<std::int64_t> integer(const Value& value, std::string_view what);

  std::string file_;  // the file whose values are being read
  diag::DiagnosticSink& diagnostics_;

 private:
  std::span<const KeySpec> keys_;
  unsigned errors_ = 0;
};

// The value of a non-negative integer literal, if that is what `value` is.
inline std::optional<std::uint64_t> unsignedOf(const Value& value) {
  if (value.kind == Value::Kind::Unsigned) return value.unsignedValue;
  return std::nullopt;
}

}  // namespace edgecut::json
