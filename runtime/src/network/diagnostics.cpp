#include "edgecut/runtime/network/diagnostics.hpp"

#include <algorithm>
#include <cstdio>

#include "edgecut/runtime/network/input_file.hpp"

namespace edgecut::diag {

namespace {

const char* severityName(Severity severity) {
  switch (severity) {
    case Severity::Note: return "note";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "error";
}

std::size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The length of the UTF-8 sequence at the start of `text`, or 0 when it is not one.
std::size_t utf8Length(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  std::size_t length = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : (lead & 0xF8) == 0xF0 ? 4 : 0;
  if (length == 0 || length > text.size() || (length == 2 && lead < 0xC2)) return 0;
  for (std::size_t i = 1; i < length; ++i)
    if ((byte(i) & 0xC0) != 0x80) return 0;
  if (length == 3 && ((lead == 0xE0 && byte(1) < 0xA0) || (lead == 0xED && byte(1) >= 0xA0))) return 0;
  if (length == 4 && ((lead == 0xF0 && byte(1) < 0x90) || lead > 0xF4 || (lead == 0xF4 && byte(1) >= 0x90))) return 0;
  return length;
}

// Text from a file, made safe for a terminal as clang does: a control character becomes <U+001B>
// and a byte that is not UTF-8 <FF>, so that no file can move the cursor, clear the screen or start
// a line that reads like a diagnostic of its own. Tabs stay (the caret line keeps them too).
// `widths`, when given, gets each byte's width in the result's columns (0 for a continuation).
std::string printable(std::string_view text, std::vector<unsigned>* widths = nullptr) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const std::size_t length = utf8Length(text.substr(i));
    // U+0080 to U+009F are control characters too (some terminals read U+009B as ESC [).
    const bool c1Control = length == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0;
    std::string shown;
    if (c == '\t' || (c >= 0x20 && c < 0x7F) || (length > 1 && !c1Control)) {
      shown.assign(text.substr(i, length));
    } else {
      char code[16];
      if (c1Control)
        std::snprintf(code, sizeof code, "<U+%04X>", static_cast<unsigned char>(text[i + 1]));
      else
        std::snprintf(code, sizeof code, length == 1 ? "<U+%04X>" : "<%02X>", c);
      shown = code;
    }
    const std::size_t taken = length == 0 ? 1 : length;
    if (widths) {
      widths->push_back(length > 1 && !c1Control ? 1 : static_cast<unsigned>(shown.size()));
      widths->insert(widths->end(), taken - 1, 0);
    }
    out += shown;
    i += taken;
  }
  return out;
}

// Clang shows no source line longer than this (a minified file's one line would flood the terminal).
constexpr std::size_t kMaxSourceLineToShow = 4096;

// Like clang's -ferror-limit: after this many errors the rest are counted, not shown.
constexpr unsigned kMaxErrorsShown = 20;

}  // namespace

Diagnostic note(SourceLocation at, std::string message) {
  return Diagnostic{Severity::Note, std::move(at), std::move(message), {}};
}

void DiagnosticSink::report(Diagnostic diagnostic) {
  if (diagnostic.severity == Severity::Error) ++errorCount_;
  diagnostics_.push_back(std::move(diagnostic));
}

void DiagnosticSink::error(SourceLocation at, std::string message, std::vector<Diagnostic> notes) {
  report(Diagnostic{Severity::Error, std::move(at), std::move(message), std::move(notes)});
}

void DiagnosticSink::warning(SourceLocation at, std::string message, std::vector<Diagnostic> notes) {
  report(Diagnostic{Severity::Warning, std::move(at), std::move(message), std::move(notes)});
}

void DiagnosticSink::setFileText(const std::string& file, std::string text) {
  fileText_[file] = std::move(text);
}

std::string_view DiagnosticSink::lineOf(const std::string& file, unsigned line) const {
  auto it = fileText_.find(file);
  if (it == fileText_.end()) {
    // A file no reader registered (a program's source): shown when it can be read, else not.
    std::string problem;
    it = fileText_.emplace(file, input::readInputFile(file, input::FileKind::Source, problem).value_or("")).first;
  }
  std::string_view text = it->second;
  for (unsigned current = 1; current < line; ++current) {
    std::size_t newline = text.find('\n');
    if (newline == std::string_view::npos) return {};
    text.remove_prefix(newline + 1);
  }
  return text.substr(0, text.find('\n'));
}

std::string DiagnosticSink::renderOne(const Diagnostic& diagnostic) const {
  std::string out;
  if (diagnostic.location.valid()) {
    const SourceLocation& at = diagnostic.location;
    out += printable(at.file) + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": ";
  } else {
    out += "edgecut: ";
  }
  out += severityName(diagnostic.severity);
  out += ": " + printable(diagnostic.message) + "\n";
  if (diagnostic.location.valid()) {
    std::string_view source = lineOf(diagnostic.location.file, diagnostic.location.line);
    if (!source.empty() && source.size() <= kMaxSourceLineToShow) {
      std::vector<unsigned> widths;
      out += printable(source, &widths);
      out += "\n";
      std::string caret;
      // Keep tabs so the caret lines up under the same column in a terminal.
      for (unsigned i = 1; i < diagnostic.location.column && i - 1 < source.size(); ++i)
        caret.append(widths[i - 1], source[i - 1] == '\t' ? '\t' : ' ');
      out += caret + "^\n";
    }
  }
  for (const Diagnostic& child : diagnostic.notes) out += renderOne(child);
  return out;
}

std::string DiagnosticSink::render() const {
  std::string out;
  unsigned errors = 0;
  for (const Diagnostic& diagnostic : diagnostics_) {
    if (diagnostic.severity == Severity::Error && ++errors > kMaxErrorsShown) {
      out += "edgecut: fatal error: too many errors emitted, stopping now; fix these first\n";
      break;
    }
    out += renderOne(diagnostic);
  }
  if (errorCount_ == 1) out += "1 error generated.\n";
  if (errorCount_ > 1) out += std::to_string(errorCount_) + " errors generated.\n";
  return out;
}

std::string closestMatch(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  // The edit distance costs the product of the lengths: a name from a file may be a megabyte long,
  // and a CSV header may name a million columns. No real typo is that long, and the first
  // candidates are the ones to suggest.
  constexpr std::size_t kLongestName = 100, kMostCandidates = 10'000;
  if (name.size() > kLongestName) return best;
  std::size_t bestDistance = std::max<std::size_t>(2, name.size() / 3) + 1;
  for (std::size_t i = 0; i < candidates.size() && i < kMostCandidates; ++i) {
    const std::string& candidate = candidates[i];
    const std::size_t apart = candidate.size() > name.size() ? candidate.size() - name.size() : name.size() - candidate.size();
    if (apart >= bestDistance) continue;  // the distance is at least the difference in length
    std::size_t distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string quotedList(const std::vector<std::string>& names, const char* conjunction) {
  // A list from a file (a CSV header, a network's cluster names) may be a million long.
  constexpr std::size_t kShown = 10;
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i == kShown && names.size() > kShown + 1)
      return out + conjunction + std::to_string(names.size() - kShown) + " more";
    if (i > 0) out += i + 1 == names.size() ? conjunction : ", ";
    out += "'" + names[i] + "'";
  }
  return out;
}

}  // namespace edgecut::diag
