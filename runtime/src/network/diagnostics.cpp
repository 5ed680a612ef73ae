#include "edgecut/runtime/network/diagnostics.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

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
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    if (in) text << in.rdbuf();
    it = fileText_.emplace(file, text.str()).first;
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
    out += at.file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": ";
  } else {
    out += "edgecut: ";
  }
  out += severityName(diagnostic.severity);
  out += ": " + diagnostic.message + "\n";
  if (diagnostic.location.valid()) {
    std::string_view source = lineOf(diagnostic.location.file, diagnostic.location.line);
    if (!source.empty()) {
      out += source;
      out += "\n";
      std::string caret;
      // Keep tabs so the caret lines up under the same column in a terminal.
      for (unsigned i = 1; i < diagnostic.location.column && i - 1 < source.size(); ++i)
        caret += source[i - 1] == '\t' ? '\t' : ' ';
      out += caret + "^\n";
    }
  }
  for (const Diagnostic& child : diagnostic.notes) out += renderOne(child);
  return out;
}

std::string DiagnosticSink::render() const {
  std::string out;
  for (const Diagnostic& diagnostic : diagnostics_) out += renderOne(diagnostic);
  if (errorCount_ == 1) out += "1 error generated.\n";
  if (errorCount_ > 1) out += std::to_string(errorCount_) + " errors generated.\n";
  return out;
}

std::string closestMatch(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t bestDistance = std::max<std::size_t>(2, name.size() / 3) + 1;
  for (const std::string& candidate : candidates) {
    std::size_t distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string quotedList(const std::vector<std::string>& names, const char* conjunction) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? conjunction : ", ";
    out += "'" + names[i] + "'";
  }
  return out;
}

}  // namespace edgecut::diag
