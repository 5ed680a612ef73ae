// Clang-style diagnostics for everything edgecut reports about a file: program analysis, plans and
// networks alike. Shared by the compiler and the runtime (its --network FILE), so that both print
// the same errors for the same file. No LLVM.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace edgecut::diag {

struct SourceLocation {
  std::string file;  // as the user named it; empty when the diagnostic has no place
  unsigned line = 0;    // 1-based
  unsigned column = 0;  // 1-based, in bytes, as clang counts
  bool valid() const { return !file.empty() && line > 0; }
};

enum class Severity { Note, Warning, Error };

struct Diagnostic {
  Severity severity = Severity::Error;
  SourceLocation location;
  std::string message;
  std::vector<Diagnostic> notes;  // printed after it, in order
};

// Collects diagnostics and renders them as clang does:
//   file:line:col: error: message
//     <source line>
//     ^
//   file:line:col: note: message
class DiagnosticSink {
 public:
  void report(Diagnostic diagnostic);
  void error(SourceLocation at, std::string message, std::vector<Diagnostic> notes = {});
  void warning(SourceLocation at, std::string message, std::vector<Diagnostic> notes = {});

  bool hasErrors() const { return errorCount_ > 0; }
  unsigned errorCount() const { return errorCount_; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

  // Every diagnostic, rendered, with "N error(s) generated." at the end when there were errors.
  std::string render() const;

  // Lets tests and the tool supply file text without touching the disk (else files are read).
  void setFileText(const std::string& file, std::string text);

 private:
  std::string renderOne(const Diagnostic& diagnostic) const;
  std::string_view lineOf(const std::string& file, unsigned line) const;

  std::vector<Diagnostic> diagnostics_;
  unsigned errorCount_ = 0;
  mutable std::map<std::string, std::string> fileText_;
};

Diagnostic note(SourceLocation at, std::string message);

// The candidate closest to `name` by edit distance, or "" when nothing is close enough to suggest
// (or `name` is over 100 bytes long; only the first 10,000 candidates are looked at).
std::string closestMatch(std::string_view name, const std::vector<std::string>& candidates);

// "'a', 'b' or 'c'" (or with another conjunction, e.g. " and "); past 11 names, the first 10 and
// "or 990 more".
std::string quotedList(const std::vector<std::string>& names, const char* conjunction = " or ");

}  // namespace edgecut::diag
