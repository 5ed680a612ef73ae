#include "emit_types.hpp"

#include <fmt/format.h>

namespace edgecut::compiler {

TextEdit userTypeSerializer(const std::string& text, const UserType& type) {
  std::string fields, members;
  for (const std::string& field : type.fields) {
    fields += (fields.empty() ? "" : ", ") + field;
    members += ", value." + field;
  }
  const char* value = type.fields.empty() ? "" : " value";  // no unused parameter for an empty struct
  std::vector<std::string> lines = {
      fmt::format("// edgecut: {} crosses the radio as [{}].", type.localName, fields),
      fmt::format("friend void edgecut_encode(::edgecut::wire::Writer& out, const {}&{}) {{ "
                  "::edgecut::wire::encodeFields(out{}); }}",
                  type.localName, value, members),
      fmt::format("friend bool edgecut_decode(::edgecut::wire::Reader& in, {}&{}) {{ "
                  "return ::edgecut::wire::decodeFields(in{}); }}",
                  type.localName, value, members),
  };
  // Indented one step inside the line of the closing `}`.
  unsigned close = type.bodyClose;
  unsigned lineStart = close;
  while (lineStart > 0 && text[lineStart - 1] != '\n') --lineStart;
  unsigned indentEnd = lineStart;
  while (indentEnd < close && (text[indentEnd] == ' ' || text[indentEnd] == '\t')) ++indentEnd;
  const std::string indent = text.substr(lineStart, indentEnd - lineStart);
  std::string block;
  for (const std::string& line : lines) block += indent + "  " + line + "\n";
  if (indentEnd == close) return {{lineStart, lineStart}, block};  // `}` starts its line
  // `struct P { int x; };` on one line: the friends go on lines of their own before the `}`.
  unsigned trimmed = close;
  while (trimmed > lineStart && (text[trimmed - 1] == ' ' || text[trimmed - 1] == '\t')) --trimmed;
  return {{trimmed, close}, "\n" + block + indent};
}

}  // namespace edgecut::compiler
