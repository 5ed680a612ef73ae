#include "edgecut/compiler/string_literal.hpp"

namespace edgecut::compiler {

std::string cppStringLiteral(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + 2);
  out += '"';
  for (char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\' || c == '?') {  // `?`: so that no `??/` is read as a trigraph
      out += '\\';
      out += c;
    } else if (byte >= 0x20 && byte < 0x7f) {
      out += c;
    } else {
      // Octal escapes end after three digits, so a digit after one is its own character.
      out += '\\';
      out += static_cast<char>('0' + (byte >> 6));
      out += static_cast<char>('0' + ((byte >> 3) & 7));
      out += static_cast<char>('0' + (byte & 7));
    }
  }
  out += '"';
  return out;
}

}  // namespace edgecut::compiler
