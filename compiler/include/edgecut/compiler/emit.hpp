// Emit: the generated files (docs/design.md §3). Pure text generation from the model, the plan and
// the Partition, which says where each function goes; files reach the disk only through an
// OutputSink, so tests compare text in memory.
#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

#include "edgecut/compiler/diagnostics.hpp"
#include "edgecut/compiler/model.hpp"
#include "edgecut/compiler/partition.hpp"
#include "edgecut/compiler/plan.hpp"

namespace edgecut::compiler {

// The names of the generated files; they never depend on the plan, so builds need not reconfigure.
// A program of one source gives mote.cpp and base.cpp; one of several gives each program file
// (ProgramModel::files) a variant per side, generatedNames (docs/design.md §3).
inline constexpr const char* kMoteUnit = "mote.cpp";
inline constexpr const char* kBaseUnit = "base.cpp";
inline constexpr const char* kGlueHeader = "edgecut_glue.hpp";
// The network travels as data (docs/architecture.md, "The network in the programs"): its CBOR,
// and the one unit that builds it into both programs, whatever the number of sources.
inline constexpr const char* kNetworkData = "edgecut_network.cbor";
inline constexpr const char* kNetworkUnit = "edgecut_network.cpp";
inline constexpr const char* kResolvedPlacement = "placement.resolved.json";
inline constexpr const char* kDepfile = "edgecut.d";

struct GeneratedFile {
  std::string name;  // one of the names above, or of generatedNames
  std::string text;  // bytes: kNetworkData's are binary
};

// Per program file, the names of its variants: mote, base. A source's are STEM.mote.cpp and
// STEM.base.cpp (mote.cpp and base.cpp when it is the only source), a header's STEM.mote.hpp and
// STEM.base.hpp (its own extension); a name two files would share takes the later one's index.
std::vector<std::array<std::string, 2>> generatedNames(const ProgramModel& program);

// Generates every output. `outputDirectory` only names the depfile's target.
std::vector<GeneratedFile> emitProgram(const ProgramModel& program, const PlacementPlan& plan,
                                       const Partition& partition, const std::string& outputDirectory);

// The program fingerprint: program text, plan and placement. Mote and base must agree on it.
std::uint64_t programFingerprint(const ProgramModel& program, const PlacementPlan& plan,
                                 const Partition& partition);

class OutputSink {
 public:
  virtual ~OutputSink() = default;
  // Writes all files or none; reports why on failure.
  virtual bool write(const std::vector<GeneratedFile>& files, DiagnosticSink& diagnostics) = 0;
};

// Writes into a directory as one transaction (directory_sink.cpp): every file is staged beside its
// target in a new file of its own, and only when all are staged are they renamed into place; when
// any step fails, every previous output is put back as it was. A symbolic link at an output's name
// is replaced, never written through. Files whose content is unchanged are not touched, so their
// timestamps do not trigger rebuilds.
class DirectorySink : public OutputSink {
 public:
  explicit DirectorySink(std::string directory) : directory_(std::move(directory)) {}
  bool write(const std::vector<GeneratedFile>& files, DiagnosticSink& diagnostics) override;

 private:
  std::string directory_;
};

class MemorySink : public OutputSink {
 public:
  bool write(const std::vector<GeneratedFile>& files, DiagnosticSink&) override {
    for (const GeneratedFile& file : files) this->files[file.name] = file.text;
    return true;
  }
  std::map<std::string, std::string> files;
};

// Edits to the original text, applied as clang's Rewriter would: by byte offset, so everything
// not edited (comments, formatting) survives untouched.
struct TextEdit {
  TextRange range;
  std::string replacement;
};
std::string applyEdits(const std::string& text, std::vector<TextEdit> edits);

}  // namespace edgecut::compiler
