// The one way edgecut writes text it did not write itself (file names, the network's strings, the
// program's names, the network's CBOR) into generated C++: as a string literal. No byte of it can
// end the literal, start a comment or a trigraph, or change what the literal holds.
#pragma once

#include <string>
#include <string_view>

namespace edgecut::compiler {

// `bytes` as a C++ string literal, quotes included, whose value is exactly those bytes, whatever
// they are: printable ASCII stays as it is (`"`, `\` and `?` escaped), every other byte is a
// three-digit octal escape. Never a hex escape: `\x1` would take a following `7` into itself.
// The literal holds no line break, so it is safe inside a `//` comment too.
std::string cppStringLiteral(std::string_view bytes);

}  // namespace edgecut::compiler
