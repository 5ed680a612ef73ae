// A strict JSON parser (RFC 8259) that records the line and column of every value and every object
// key, so that plan and network checks (compiler and runtime alike) can point into the file the way
// clang points into source. nlohmann's parser does not expose positions; values convert to
// nlohmann::json with toJson(), and back with fromJson() (without positions).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace edgecut::json {

// 1-based line and byte column, as clang counts.
struct Position {
  unsigned line = 0;
  unsigned column = 0;
};

struct Member;

struct Value {
  enum class Kind : std::uint8_t { Null, Boolean, Integer, Unsigned, Float, String, Array, Object };

  Kind kind = Kind::Null;
  Position position;          // of the value's first character
  bool boolean = false;       // Boolean
  std::int64_t integer = 0;   // Integer: negative integers
  std::uint64_t unsignedValue = 0;  // Unsigned: non-negative integers
  double number = 0;          // Float
  std::string string;         // String (decoded)
  std::vector<Value> elements;  // Array
  std::vector<Member> members;  // Object, in file order, keys unique

  bool isNull() const { return kind == Kind::Null; }
  bool isBoolean() const { return kind == Kind::Boolean; }
  bool isString() const { return kind == Kind::String; }
  bool isArray() const { return kind == Kind::Array; }
  bool isObject() const { return kind == Kind::Object; }
  bool isNumber() const {
    return kind == Kind::Integer || kind == Kind::Unsigned || kind == Kind::Float;
  }
  // Any number, as a double.
  double asDouble() const;

  // The member named `key`, or nullptr.
  const Value* find(std::string_view key) const;
  const Member* findMember(std::string_view key) const;

  // "an object", "an array", "a string", "a number", "a boolean", "null": for messages.
  const char* kindName() const;

  nlohmann::json toJson() const;
};

struct Member {
  std::string key;
  Position keyPosition;  // of the key's opening quote
  Value value;
};

struct ParseNote {
  Position position;
  std::string message;
};

struct ParseError {
  Position position;
  std::string message;
  std::vector<ParseNote> notes;
};

struct ParseResult {
  Value value;
  // Syntax errors stop the parse (at most one is reported, with `syntaxError` set). Duplicate keys
  // are reported but the parse goes on, keeping the first occurrence.
  std::vector<ParseError> errors;
  bool syntaxError = false;
  bool ok() const { return errors.empty(); }
};

// The most values (numbers, strings, arrays, objects, …) one document may hold. A value takes about
// 120 bytes here, so a file of one-digit numbers would take 60 times its size: this bounds it (to
// about 250 MB) whatever the file's size limit (input_files.def). A network of 100,000 motes holds
// about 1,500,000 values.
inline constexpr std::size_t kMaxValues = 2'000'000;

// Parses one JSON document. Nesting deeper than `maxDepth` is rejected rather than overflowing the
// stack, and more than `maxValues` values rather than exhausting memory.
ParseResult parse(std::string_view text, unsigned maxDepth = 512, std::size_t maxValues = kMaxValues);

// `value` as a located value whose positions are all unknown (line 0): for JSON that comes from no
// file, such as the network built into a program, so that it goes through the same checks as a file.
Value fromJson(const nlohmann::json& value);
// A CBOR item as a value (without positions), as nlohmann::json::to_cbor writes JSON; nothing
// if it is not one whole, well-formed item of what JSON has (text keys, no byte strings).
std::optional<Value> fromCbor(std::span<const std::uint8_t> bytes);

}  // namespace edgecut::json
