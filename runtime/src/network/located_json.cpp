#include "edgecut/runtime/network/located_json.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

namespace edgecut::json {

double Value::asDouble() const {
  switch (kind) {
    case Kind::Integer: return static_cast<double>(integer);
    case Kind::Unsigned: return static_cast<double>(unsignedValue);
    case Kind::Float: return number;
    default: return 0;
  }
}

const Member* Value::findMember(std::string_view key) const {
  for (const Member& member : members)
    if (member.key == key) return &member;
  return nullptr;
}

const Value* Value::find(std::string_view key) const {
  const Member* member = findMember(key);
  return member ? &member->value : nullptr;
}

const char* Value::kindName() const {
  switch (kind) {
    case Kind::Null: return "null";
    case Kind::Boolean: return "a boolean";
    case Kind::Integer:
    case Kind::Unsigned:
    case Kind::Float: return "a number";
    case Kind::String: return "a string";
    case Kind::Array: return "an array";
    case Kind::Object: return "an object";
  }
  return "a value";
}

nlohmann::json Value::toJson() const {
  switch (kind) {
    case Kind::Null: return nullptr;
    case Kind::Boolean: return boolean;
    case Kind::Integer: return integer;
    case Kind::Unsigned: return unsignedValue;
    case Kind::Float: return number;
    case Kind::String: return string;
    case Kind::Array: {
      nlohmann::json out = nlohmann::json::array();
      out.get_ref<nlohmann::json::array_t&>().reserve(elements.size());
      for (const Value& element : elements) out.push_back(element.toJson());
      return out;
    }
    case Kind::Object: {
      nlohmann::json out = nlohmann::json::object();
      for (const Member& member : members) out[member.key] = member.value.toJson();
      return out;
    }
  }
  return nullptr;
}

Value fromJson(const nlohmann::json& value) {
  Value out;
  switch (value.type()) {
    case nlohmann::json::value_t::boolean:
      out.kind = Value::Kind::Boolean;
      out.boolean = value.get<bool>();
      break;
    case nlohmann::json::value_t::number_integer:
      out.kind = Value::Kind::Integer;
      out.integer = value.get<std::int64_t>();
      if (out.integer >= 0) {  // as the parser reads a non-negative literal
        out.kind = Value::Kind::Unsigned;
        out.unsignedValue = static_cast<std::uint64_t>(out.integer);
      }
      break;
    case nlohmann::json::value_t::number_unsigned:
      out.kind = Value::Kind::Unsigned;
      out.unsignedValue = value.get<std::uint64_t>();
      break;
    case nlohmann::json::value_t::number_float:
      out.kind = Value::Kind::Float;
      out.number = value.get<double>();
      break;
    case nlohmann::json::value_t::string:
      out.kind = Value::Kind::String;
      out.string = value.get<std::string>();
      break;
    case nlohmann::json::value_t::array:
      out.kind = Value::Kind::Array;
      out.elements.reserve(value.size());
      for (const nlohmann::json& element : value) out.elements.push_back(fromJson(element));
      break;
    case nlohmann::json::value_t::object:
      out.kind = Value::Kind::Object;
      out.members.reserve(value.size());
      for (auto member = value.begin(); member != value.end(); ++member)
        out.members.push_back(Member{member.key(), {}, fromJson(member.value())});
      break;
    default:  // null, and what JSON has no word for (CBOR's byte strings): no value
      break;
  }
  return out;
}

namespace {

struct SyntaxError {
  ParseError error;
};

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_';
}
int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void appendUtf8(std::string& out, std::uint32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// Length of the well-formed UTF-8 sequence at `p` (at most `left` bytes), or 0 when it is not one.
std::size_t utf8SequenceLength(const unsigned char* p, std::size_t left) {
  unsigned char c = p[0];
  auto cont = [&](std::size_t i) { return i < left && (p[i] & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && p[1] < 0xA0) return 0;   // overlong
    if (c == 0xED && p[1] >= 0xA0) return 0;  // UTF-16 surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && p[1] < 0x90) return 0;   // overlong
    if (c == 0xF4 && p[1] >= 0x90) return 0;  // beyond U+10FFFF
    return 4;
  }
  return 0;
}

class Parser {
 public:
  Parser(std::string_view text, unsigned maxDepth, std::size_t maxValues)
      : text_(text), maxDepth_(maxDepth), valuesLeft_(maxValues), maxValues_(maxValues) {}

  ParseResult run() {
    ParseResult result;
    try {
      // A UTF-8 byte order mark is tolerated (editors on some systems write one).
      if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
      skipWhitespace();
      if (atEnd()) fail(here(), "expected a JSON value, but the file is empty");
      parseValue(result.value, 0);
      skipWhitespace();
      if (!atEnd()) {
        if (peek() == ',')
          fail(here(), "unexpected ',' after the top-level value; a JSON file holds exactly one value");
        fail(here(), "unexpected text after the JSON value; a JSON file holds exactly one value");
      }
    } catch (SyntaxError& error) {
      duplicates_.push_back(std::move(error.error));
      result.syntaxError = true;
    }
    result.errors = std::move(duplicates_);
    return result;
  }

 private:
  bool atEnd() const { return pos_ >= text_.size(); }
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  Position here() const { return at(pos_); }
  Position at(std::size_t offset) const {
    // Newlines only ever appear in whitespace, which keeps line_ and lineStart_ current; `offset`
    // is always on the current line.
    return Position{line_, static_cast<unsigned>(offset - lineStart_ + 1)};
  }

  [[noreturn]] void fail(Position position, std::string message, std::vector<ParseNote> notes = {}) {
    throw SyntaxError{ParseError{position, std::move(message), std::move(notes)}};
  }

  // The '{' or '[' an error at the end of the file is still inside.
  struct Opening {
    Position position;
    char bracket;
  };

  [[noreturn]] void failAtEnd(const std::string& message, const Opening* opening) {
    std::vector<ParseNote> notes;
    if (opening) notes.push_back({opening->position, std::string("to match this '") + opening->bracket + "'"});
    fail(here(), message, std::move(notes));
  }

  void skipWhitespace() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
      } else if (c == '\n') {
        ++pos_;
        ++line_;
        lineStart_ = pos_;
      } else {
        break;
      }
    }
    if (peek() == '/' && (peek(1) == '/' || peek(1) == '*'))
      fail(here(), "JSON does not allow comments; remove this comment");
  }

  std::string_view wordAt(std::size_t offset) const {
    std::size_t end = offset;
    while (end < text_.size() && isWordChar(text_[end])) ++end;
    return text_.substr(offset, end - offset);
  }

  // The best message for an unexpected character where `expected` was wanted.
  [[noreturn]] void unexpected(const std::string& expected, bool wantValue,
                               const Opening* opening = nullptr) {
    if (atEnd()) failAtEnd(expected, opening);
    char c = peek();
    if (c == '\'') fail(here(), "JSON strings must be in double quotes, not single quotes");
    if (wantValue) {
      if (c == '+') fail(here(), "JSON numbers cannot start with '+'; remove it");
      if (c == '.') fail(here(), "JSON numbers need a digit before the decimal point (write 0.5, not .5)");
      std::size_t start = pos_ + (c == '-' ? 1 : 0);
      std::string_view word = wordAt(start);
      if (word == "NaN" || word == "nan" || word == "Infinity" || word == "inf" || word == "Inf" ||
          word == "infinity")
        fail(here(), "NaN and Infinity are not valid JSON numbers; use a finite number");
      if (word == "True" || word == "TRUE" || word == "False" || word == "FALSE" || word == "Null" ||
          word == "NULL" || word == "None" || word == "nil" || word == "undefined")
        fail(here(), "invalid literal '" + std::string(word) +
                         "'; JSON's literals are 'true', 'false' and 'null', in lower case");
      if (!word.empty() && c != '-')
        fail(here(), "expected a JSON value; strings must be in double quotes");
    }
    fail(here(), expected);
  }

  void parseValue(Value& value, unsigned depth) {
    value.position = here();
    if (valuesLeft_-- == 0)
      fail(here(), "the file holds more than " + std::to_string(maxValues_) + " JSON values; a JSON file edgecut "
                   "reads is limited to that many, about 120 bytes of memory each; give a smaller file");
    char c = peek();
    switch (c) {
      case '{': parseObject(value, depth); return;
      case '[': parseArray(value, depth); return;
      case '"':
        value.kind = Value::Kind::String;
        parseString(value.string);
        return;
      case 't': parseLiteral(value, "true", Value::Kind::Boolean, true); return;
      case 'f': parseLiteral(value, "false", Value::Kind::Boolean, false); return;
      case 'n': parseLiteral(value, "null", Value::Kind::Null, false); return;
      default:
        if (c == '-' || isDigit(c)) {
          std::string_view word = wordAt(pos_ + (c == '-' ? 1 : 0));
          if (!(c == '-' && (word == "Infinity" || word == "inf"))) {
            parseNumber(value);
            return;
          }
        }
        unexpected("expected a JSON value", true);
    }
  }

  void parseLiteral(Value& value, std::string_view literal, Value::Kind kind, bool boolean) {
    std::string_view word = wordAt(pos_);
    if (word != literal) {
      if (word == "nan" || word == "nil" || word == "none" || word == "inf" || word == "infinity" ||
          word == "undefined")
        unexpected("expected a JSON value", true);
      fail(here(), "invalid literal '" + std::string(word) +
                       "'; JSON's literals are 'true', 'false' and 'null'");
    }
    pos_ += literal.size();
    value.kind = kind;
    value.boolean = boolean;
  }

  void enter(unsigned depth) {
    if (depth >= maxDepth_)
      fail(here(), "JSON nesting is too deep (more than " + std::to_string(maxDepth_) + " levels)");
  }

  void parseObject(Value& value, unsigned depth) {
    enter(depth);
    value.kind = Value::Kind::Object;
    Position open = here();
    const Opening toMatch{open, '{'};
    ++pos_;
    skipWhitespace();
    if (peek() == '}') {
      ++pos_;
      return;
    }
    // Small objects are searched linearly; an index takes over for big ones.
    std::unordered_map<std::string, std::size_t> index;
    for (bool firstMember = true;; firstMember = false) {
      if (peek() != '"') {
        if (peek() == '}' && !firstMember)
          fail(lastComma_, "JSON does not allow a trailing comma; remove this ','");
        if (peek() == '_' || std::isalpha(static_cast<unsigned char>(peek())))
          fail(here(), "object keys must be strings in double quotes");
        unexpected("expected a string key in double quotes", false, &toMatch);
      }
      Member member;
      member.keyPosition = here();
      parseString(member.key);
      skipWhitespace();
      if (peek() != ':') unexpected("expected ':' after object key", false, &toMatch);
      ++pos_;
      skipWhitespace();
      if (atEnd()) failAtEnd("expected a JSON value", &toMatch);
      parseValue(member.value, depth + 1);

      const Member* first = nullptr;
      if (value.members.size() < 16) {
        first = value.findMember(member.key);
      } else {
        if (index.empty())
          for (std::size_t i = 0; i < value.members.size(); ++i) index.emplace(value.members[i].key, i);
        auto found = index.find(member.key);
        if (found != index.end()) first = &value.members[found->second];
      }
      if (first) {
        duplicates_.push_back(ParseError{member.keyPosition,
                                         "duplicate key '" + member.key + "'; each key may appear only once",
                                         {{first->keyPosition, "first given here"}}});
      } else {
        if (!index.empty()) index.emplace(member.key, value.members.size());
        value.members.push_back(std::move(member));
      }

      if (closedAfterElement('}', "expected ',' or '}' after object member", toMatch)) return;
    }
  }

  // After a member or an element: a ',' (then another comes: false) or `close` (the container
  // ends: true); anything else is an error that points at the opening bracket too.
  bool closedAfterElement(char close, const char* expected, const Opening& toMatch) {
    skipWhitespace();
    if (peek() == ',') {
      lastComma_ = here();
      ++pos_;
      skipWhitespace();
      return false;
    }
    if (peek() == close) {
      ++pos_;
      return true;
    }
    unexpected(expected, false, &toMatch);
  }

  void parseArray(Value& value, unsigned depth) {
    enter(depth);
    value.kind = Value::Kind::Array;
    Position open = here();
    const Opening toMatch{open, '['};
    ++pos_;
    skipWhitespace();
    if (peek() == ']') {
      ++pos_;
      return;
    }
    for (;;) {
      if (atEnd()) failAtEnd("expected a JSON value", &toMatch);
      if (peek() == ']') fail(lastComma_, "JSON does not allow a trailing comma; remove this ','");
      if (peek() == ',') fail(here(), "expected a JSON value before ','");
      value.elements.emplace_back();
      parseValue(value.elements.back(), depth + 1);
      if (closedAfterElement(']', "expected ',' or ']' after array element", toMatch)) return;
    }
  }

  void parseString(std::string& out) {
    Position open = here();
    ++pos_;
    for (;;) {
      // Copy the run of ordinary characters in one go.
      std::size_t run = pos_;
      while (run < text_.size()) {
        unsigned char c = static_cast<unsigned char>(text_[run]);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
        ++run;
      }
      out.append(text_.data() + pos_, run - pos_);
      pos_ = run;
      if (atEnd()) fail(open, "missing terminating '\"' character");
      unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return;
      }
      if (c == '\n' || c == '\r') fail(open, "missing terminating '\"' character");
      if (c < 0x20) {
        char code[8];
        std::snprintf(code, sizeof code, "%04X", c);
        fail(here(), std::string("unescaped control character U+") + code +
                         " in string; write it as an escape such as \\t or \\u" + code);
      }
      if (c >= 0x80) {
        std::size_t length = utf8SequenceLength(reinterpret_cast<const unsigned char*>(text_.data()) + pos_,
                                                text_.size() - pos_);
        if (length == 0) fail(here(), "invalid UTF-8 in string; JSON text must be UTF-8");
        out.append(text_.data() + pos_, length);
        pos_ += length;
        continue;
      }
      // A backslash escape.
      Position escape = here();
      char kind = peek(1);
      switch (kind) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          pos_ += 2;
          std::uint32_t code = readHex4(escape);
          if (code >= 0xD800 && code <= 0xDBFF) {
            if (peek() != '\\' || peek(1) != 'u')
              fail(escape, "unpaired UTF-16 surrogate in '\\u' escape; a high surrogate must be followed by a low one");
            Position low = here();
            pos_ += 2;
            std::uint32_t second = readHex4(low);
            if (second < 0xDC00 || second > 0xDFFF)
              fail(low, "expected a low UTF-16 surrogate (\\uDC00 to \\uDFFF) after a high one");
            code = 0x10000 + ((code - 0xD800) << 10) + (second - 0xDC00);
          } else if (code >= 0xDC00 && code <= 0xDFFF) {
            fail(escape, "unpaired UTF-16 surrogate in '\\u' escape; a low surrogate must follow a high one");
          }
          appendUtf8(out, code);
          continue;
        }
        default:
          if (pos_ + 1 >= text_.size()) fail(open, "missing terminating '\"' character");
          fail(escape, "invalid escape sequence '\\" + std::string(1, kind) +
                           "' in string; JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX");
      }
      pos_ += 2;
    }
  }

  std::uint32_t readHex4(Position escape) {
    std::uint32_t code = 0;
    for (int i = 0; i < 4; ++i) {
      int digit = hexValue(peek());
      if (digit < 0) fail(escape, "expected four hex digits after '\\u'");
      code = code * 16 + static_cast<std::uint32_t>(digit);
      ++pos_;
    }
    return code;
  }

  void parseNumber(Value& value) {
    std::size_t start = pos_;
    bool negative = false;
    if (peek() == '-') {
      negative = true;
      ++pos_;
      if (!isDigit(peek())) fail(here(), "expected a digit after '-'");
    }
    if (peek() == '0') {
      ++pos_;
      if (isDigit(peek())) fail(at(start), "JSON numbers cannot have leading zeros");
    } else {
      while (isDigit(peek())) ++pos_;
    }
    bool integral = true;
    if (peek() == '.') {
      integral = false;
      ++pos_;
      if (!isDigit(peek())) fail(here(), "expected a digit after the decimal point");
      while (isDigit(peek())) ++pos_;
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!isDigit(peek())) fail(here(), "expected a digit in the exponent");
      while (isDigit(peek())) ++pos_;
    }
    if (isWordChar(peek()) || peek() == '.')
      fail(here(), "unexpected '" + std::string(1, peek()) + "' in number");
    const char* first = text_.data() + start;
    const char* last = text_.data() + pos_;
    if (integral) {
      if (negative) {
        std::int64_t result = 0;
        auto [end, error] = std::from_chars(first, last, result);
        if (error == std::errc() && end == last) {
          value.kind = Value::Kind::Integer;
          value.integer = result;
          return;
        }
      } else {
        std::uint64_t result = 0;
        auto [end, error] = std::from_chars(first, last, result);
        if (error == std::errc() && end == last) {
          value.kind = Value::Kind::Unsigned;
          value.unsignedValue = result;
          return;
        }
      }
      // Too big for a 64-bit integer: keep it as a floating-point number, as nlohmann does.
    }
    double result = 0;
    auto [end, error] = std::from_chars(first, last, result);
    if (error == std::errc::result_out_of_range) {
      // Underflow is fine (it rounds toward zero); overflow is not.
      std::string copy(first, last);
      result = std::strtod(copy.c_str(), nullptr);
    }
    if (!std::isfinite(result))
      fail(at(start), "number '" + std::string(first, last) + "' is out of range");
    value.kind = Value::Kind::Float;
    value.number = result;
  }

  std::string_view text_;
  unsigned maxDepth_;
  std::size_t valuesLeft_;
  const std::size_t maxValues_;
  std::size_t pos_ = 0;
  unsigned line_ = 1;
  std::size_t lineStart_ = 0;
  Position lastComma_;
  std::vector<ParseError> duplicates_;
};

}  // namespace

ParseResult parse(std::string_view text, unsigned maxDepth, std::size_t maxValues) {
  return Parser(text, maxDepth, maxValues).run();
}

}  // namespace edgecut::json
