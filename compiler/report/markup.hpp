// Text inside SVG and HTML markup (compare.svg, compare.html): the five characters that could end
// an element or an attribute, as entities. &apos; is XML's and HTML5's alike.
#pragma once

#include <string>

namespace edgecut::compiler {

inline std::string escapeMarkup(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace edgecut::compiler
