// Diagnostics about single motes, grouped: the same mistake on a thousand motes is one diagnostic
// that lists the motes as ranges ("motes 1–1000 have no 'position'"), not a thousand. Used by the
// network reader (compiler and runtime) and by the compiler's checks of a network against the
// program.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "edgecut/runtime/network/diagnostics.hpp"

namespace edgecut::diag {

// Ids as ranges, in id order, each id once: "1–3, 7, 9–12" (an en dash joins a run of consecutive
// ids).
std::string idRanges(std::vector<std::uint32_t> ids);

// `words`, a message's own text (never text from a file), with its tokens (below) marked by a byte
// that no UTF-8 text has.
std::string moteWords(std::string_view words);

// Collects diagnostics about motes, then reports them grouped: diagnostics of the same severity
// and message about different motes become one, at the first one's location and with its notes.
// A message names its motes with these tokens, which read in the singular for one mote and in the
// plural for several:
//   {mote}     "mote 7"     / "motes 1–3, 7"
//   {mote id}  "mote id 7"  / "mote ids 1–3, 7"
//   {has} {is} {is a}   "has" / "have", "is" / "are", "is a" / "are"
//   {it} {its} {s}      "it" / "them", "its" / "their", "" / "s"
// A message without {mote} or {mote id} gets "motes 1–3, 7: " in front when it is about several.
// The tokens must come from moteWords(), so that a name or path from a file that happens to read
// "{mote}" stays as it is.
class PerMoteDiagnostics {
 public:
  explicit PerMoteDiagnostics(DiagnosticSink& sink) : sink_(sink) {}
  PerMoteDiagnostics(const PerMoteDiagnostics&) = delete;
  PerMoteDiagnostics& operator=(const PerMoteDiagnostics&) = delete;

  // About mote `mote`; without one (a mote with no valid id), the diagnostic stays on its own, and
  // its message must not use the tokens.
  void report(std::optional<std::uint32_t> mote, Diagnostic diagnostic);
  // Reports every group to the sink, in the order of their first diagnostics, and forgets them.
  void flush();

 private:
  struct Group {
    Diagnostic first;  // as reported: its message still has the tokens
    std::vector<std::uint32_t> motes;
  };
  DiagnosticSink& sink_;
  std::vector<Group> groups_;
  // The newest group of each severity and message: a diagnostic joins it unless it is about a mote
  // already in it (a second mistake of the same mote is a diagnostic of its own).
  std::unordered_map<std::string, std::size_t> latest_;
};

}  // namespace edgecut::diag
