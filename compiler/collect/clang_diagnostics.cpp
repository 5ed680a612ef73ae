#include "clang_diagnostics.hpp"

#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/raw_ostream.h"

namespace edgecut::compiler {

void DeduplicatingDiagnosticPrinter::BeginSourceFile(const clang::LangOptions& language,
                                                     const clang::Preprocessor* preprocessor) {
  language_ = &language;
  preprocessor_ = preprocessor;
  if (printer_) printer_->BeginSourceFile(language, preprocessor);
}

void DeduplicatingDiagnosticPrinter::EndSourceFile() {
  if (printer_) printer_->EndSourceFile();
  language_ = nullptr;
  preprocessor_ = nullptr;
}

// The options are the diagnostics engine's: the driver's while it reads the command line, then the
// compiler invocation's (-fno-color-diagnostics, -fno-caret-diagnostics and the like).
clang::TextDiagnosticPrinter& DeduplicatingDiagnosticPrinter::printerFor(const clang::Diagnostic& info) {
  clang::DiagnosticOptions& options = info.getDiags()->getDiagnosticOptions();
  if (!printer_ || printerOptions_ != &options) {
    if (printer_ && language_) printer_->EndSourceFile();
    printer_ = std::make_unique<clang::TextDiagnosticPrinter>(llvm::errs(), &options);
    printerOptions_ = &options;
    if (language_) printer_->BeginSourceFile(*language_, preprocessor_);
  }
  return *printer_;
}

void DeduplicatingDiagnosticPrinter::HandleDiagnostic(clang::DiagnosticsEngine::Level level,
                                                      const clang::Diagnostic& info) {
  if (level >= clang::DiagnosticsEngine::Error) sawError_ = true;
  if (level == clang::DiagnosticsEngine::Note) {
    if (!printing_) return;  // a note belongs to the diagnostic before it
  } else {
    // Where, as clang-tidy tells diagnostics apart: the file (by real path) and the offset in it.
    std::string file;
    unsigned offset = 0;
    if (info.getLocation().isValid() && info.hasSourceManager()) {
      const clang::SourceManager& sources = info.getSourceManager();
      const clang::SourceLocation location = sources.getFileLoc(info.getLocation());
      const std::pair<clang::FileID, unsigned> decomposed = sources.getDecomposedLoc(location);
      const clang::FileEntry* entry = sources.getFileEntryForID(decomposed.first);
      file = std::string(entry && !entry->tryGetRealPathName().empty() ? entry->tryGetRealPathName()
                                                                       : sources.getFilename(location));
      offset = decomposed.second;
    }
    llvm::SmallString<256> message;
    info.FormatDiagnostic(message);
    printing_ = printed_.emplace(std::move(file), offset, static_cast<int>(level), std::string(message)).second;
    if (!printing_) return;
  }
  clang::DiagnosticConsumer::HandleDiagnostic(level, info);
  printerFor(info).HandleDiagnostic(level, info);
}

}  // namespace edgecut::compiler
