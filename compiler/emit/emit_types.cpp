#include "emit_types.hpp"

#include <fmt/format.h>

#include "templates.hpp"
#include "text_edits.hpp"

namespace edgecut::compiler {

namespace {

// `signature { call(items); }` on one line from `indent` when it fits, else over lines.
std::string shortFunction(const std::string& indent, const std::string& signature, const std::string& call,
                          const std::vector<std::string>& items) {
  const std::string oneLine = signature + " { " + wrapped("", call, items, "; }");
  if (oneLine.find('\n') == std::string::npos && indent.size() + oneLine.size() <= kMaxColumns)
    return indent + oneLine + "\n";
  const std::string inner = indent + "  ";
  return indent + signature + " {\n" + inner + wrapped(inner, call, items, ";") + "\n" + indent + "}\n";
}

}  // namespace

TextEdit userTypeSerializer(const std::string& text, const UserType& type) {
  std::string fields;
  std::vector<std::string> encoded{"out"}, decoded{"in"};
  for (const std::string& field : type.fields) {
    fields += (fields.empty() ? "" : ", ") + field;
    encoded.push_back("value." + field);
    decoded.push_back("value." + field);
  }
  const char* value = type.fields.empty() ? "" : " value";  // no unused parameter for an empty struct
  // Indented one step inside the line of the closing `}`.
  unsigned close = type.bodyClose;
  unsigned lineStart = close;
  while (lineStart > 0 && text[lineStart - 1] != '\n') --lineStart;
  unsigned indentEnd = lineStart;
  while (indentEnd < close && isBlank(text[indentEnd])) ++indentEnd;
  const std::string indent = text.substr(lineStart, indentEnd - lineStart);
  const std::string inside = indent + "  ";
  const std::string block =
      commentLines(inside, fmt::format(templates::kCrossesAs, fmt::arg("type", type.localName), fmt::arg("fields", fields))) +
      shortFunction(inside, fmt::format(templates::kEncoder, fmt::arg("type", type.localName), fmt::arg("value", value)),
                    templates::kEncodeFields, encoded) +
      shortFunction(inside, fmt::format(templates::kDecoder, fmt::arg("type", type.localName), fmt::arg("value", value)),
                    templates::kDecodeFields, decoded);
  if (indentEnd == close) return {{lineStart, lineStart}, block};  // `}` starts its line
  // `struct P { int x; };` on one line: the friends go on lines of their own before the `}`.
  unsigned trimmed = close;
  while (trimmed > lineStart && isBlank(text[trimmed - 1])) --trimmed;
  return {{trimmed, close}, "\n" + block + indent};
}

}  // namespace edgecut::compiler
