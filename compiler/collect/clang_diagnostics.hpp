// Collect, part: Clang's own diagnostics for a program of several files. A header that several
// sources include is parsed once per source, so its warnings and errors come once per source;
// like clang-tidy, edgecut prints each (location, level, message) once, with its notes.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <tuple>

#include "clang/Basic/Diagnostic.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"

namespace edgecut::compiler {

// The diagnostics already printed for earlier sources of one program.
using PrintedClangDiagnostics = std::set<std::tuple<std::string, unsigned, int, std::string>>;

// Prints one source's Clang diagnostics as Clang does (its text printer, with that source's
// diagnostic options), less those `printed` already holds; its counts, and so Clang's "N errors
// generated.", are of what it printed. One per source.
class DeduplicatingDiagnosticPrinter : public clang::DiagnosticConsumer {
 public:
  explicit DeduplicatingDiagnosticPrinter(PrintedClangDiagnostics& printed) : printed_(printed) {}

  void BeginSourceFile(const clang::LangOptions& language, const clang::Preprocessor* preprocessor) override;
  void EndSourceFile() override;
  void HandleDiagnostic(clang::DiagnosticsEngine::Level level, const clang::Diagnostic& info) override;

  // Clang reported an error for this source, printed or not (a repeated error still fails it).
  bool sawError() const { return sawError_; }

 private:
  clang::TextDiagnosticPrinter& printerFor(const clang::Diagnostic& info);

  PrintedClangDiagnostics& printed_;
  std::unique_ptr<clang::TextDiagnosticPrinter> printer_;
  const clang::DiagnosticOptions* printerOptions_ = nullptr;
  const clang::LangOptions* language_ = nullptr;
  const clang::Preprocessor* preprocessor_ = nullptr;
  bool printing_ = true;  // whether the last diagnostic that is not a note was printed
  bool sawError_ = false;
};

}  // namespace edgecut::compiler
