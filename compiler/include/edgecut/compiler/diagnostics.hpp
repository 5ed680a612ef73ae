// Clang-style diagnostics for everything edgecut reports: program analysis and plan files alike.
// The types and their rendering are the runtime's (edgecut/runtime/network/diagnostics.hpp), so
// that a network file gets the same errors from the compiler and from the programs' --network FILE.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "edgecut/runtime/network/diagnostics.hpp"

namespace edgecut::compiler {

using diag::closestMatch;
using diag::Diagnostic;
using diag::DiagnosticSink;
using diag::note;
using diag::Severity;
using diag::SourceLocation;

// Mote ids as messages list them: "1, 2 and 5", in id order; a long list shows its ends.
std::string moteIdList(std::vector<std::uint32_t> ids);

}  // namespace edgecut::compiler
