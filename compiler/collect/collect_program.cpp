// Collect, part: the program's sources, their compile commands as clang tools read them, one parse
// per source into one ProgramModel (collect.cpp), and what needs every source (finishProgram).
#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "edgecut/compiler/collect.hpp"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"

#include "clang_diagnostics.hpp"
#include "collect_state.hpp"

namespace edgecut::compiler {

namespace {

std::string realPath(const std::string& path) {
  llvm::SmallString<256> real;
  if (llvm::sys::fs::real_path(path, real)) return path;
  return std::string(real);
}

bool isUnder(const std::string& path, const std::string& directory) {
  return !directory.empty() && path.compare(0, directory.size(), directory) == 0;
}

// The compile commands as clang-tidy finds them (clang's CommonOptionsParser): what follows `--`,
// else compile_commands.json from -p or found above the first source, with --extra-arg-before and
// --extra-arg added to every command. Without any, `-std=c++20`. `json`: a database was read, which
// must list every source (an absent one would get a guessed command).
std::unique_ptr<clang::tooling::CompilationDatabase> compilationDatabase(
    const std::string& firstSource, const CompileSettings& settings, bool& json, DiagnosticSink& diagnostics) {
  std::string error;
  std::unique_ptr<clang::tooling::CompilationDatabase> database;
  json = false;
  if (settings.hasExplicitArguments) {
    database = std::make_unique<clang::tooling::FixedCompilationDatabase>(".", settings.explicitArguments);
  } else if (!settings.buildDirectory.empty()) {
    database = clang::tooling::CompilationDatabase::loadFromDirectory(settings.buildDirectory, error);
    if (!database) {
      diagnostics.error({}, "cannot load compile_commands.json from '" + settings.buildDirectory + "': " + error);
      return nullptr;
    }
    json = true;
  } else if ((database = clang::tooling::CompilationDatabase::autoDetectFromSource(firstSource, error))) {
    json = true;
  } else {
    database = std::make_unique<clang::tooling::FixedCompilationDatabase>(
        ".", std::vector<std::string>{"-std=c++20"});
  }
  auto adjusting = std::make_unique<clang::tooling::ArgumentsAdjustingCompilations>(std::move(database));
  adjusting->appendArgumentsAdjuster(clang::tooling::combineAdjusters(
      clang::tooling::getInsertArgumentAdjuster(settings.extraArgumentsBefore,
                                                clang::tooling::ArgumentInsertPosition::BEGIN),
      clang::tooling::getInsertArgumentAdjuster(settings.extraArguments,
                                                clang::tooling::ArgumentInsertPosition::END)));
  return adjusting;
}

// The program-facing headers (edgecut/edgecut.hpp): an installed tool's are in <prefix>/include, beside
// its bin/, wherever the prefix was moved (a .deb extracted into a scratch root too); a tool in
// the build tree uses the source tree's.
std::string apiIncludeDirectory() {
  static int anchor;
  const std::string executable = llvm::sys::fs::getMainExecutable("edgecut", &anchor);
  llvm::SmallString<256> installed(llvm::sys::path::parent_path(llvm::sys::path::parent_path(executable)));
  llvm::sys::path::append(installed, "include");
  llvm::SmallString<256> header(installed);
  llvm::sys::path::append(header, "edgecut", "edgecut.hpp");
  if (!executable.empty() && llvm::sys::fs::exists(header)) return std::string(installed);
  return EDGECUT_API_INCLUDE_DIR;
}

// Parses one source with its compile command; false when Clang reported errors (it has printed
// them, less those an earlier source printed, and their count; edgecut adds nothing to them).
bool parseSource(const clang::tooling::CompileCommand& command, CollectState& state, ProgramModel& model,
                 PrintedClangDiagnostics& printed, DiagnosticSink& diagnostics) {
  std::vector<std::string> arguments = command.CommandLine;
  for (const clang::tooling::ArgumentsAdjuster& adjust :
       {clang::tooling::getClangStripOutputAdjuster(), clang::tooling::getClangSyntaxOnlyAdjuster(),
        clang::tooling::getClangStripDependencyFileAdjuster(),
        clang::tooling::getInsertArgumentAdjuster({"-resource-dir", EDGECUT_CLANG_RESOURCE_DIR},
                                                  clang::tooling::ArgumentInsertPosition::BEGIN),
#if LLVM_VERSION_MAJOR >= 17
        // Clang 17 put a line-number gutter before code snippets; without it, Clang's errors read
        // as with 14. First, so that a -fdiagnostics-show-line-numbers of the user's still wins.
        clang::tooling::getInsertArgumentAdjuster("-fno-diagnostics-show-line-numbers",
                                                  clang::tooling::ArgumentInsertPosition::BEGIN),
#endif
        // The program-facing header, last so that the user's own -I flags win.
        clang::tooling::getInsertArgumentAdjuster({"-I" + apiIncludeDirectory()},
                                                  clang::tooling::ArgumentInsertPosition::END)})
    arguments = adjust(arguments, command.Filename);

  // What ClangTool does, without making the file name absolute: run in the command's directory.
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fileSystem(llvm::vfs::createPhysicalFileSystem().release());
  fileSystem->setCurrentWorkingDirectory(command.Directory);
  llvm::IntrusiveRefCntPtr<clang::FileManager> files(new clang::FileManager(clang::FileSystemOptions(), fileSystem));
  clang::tooling::ToolInvocation invocation(arguments, makeCollectAction(state, model, diagnostics), files.get());
  DeduplicatingDiagnosticPrinter printer(printed);
  invocation.setDiagnosticConsumer(&printer);
  return invocation.run() && !printer.sawError();
}

// A diagnostic already reported from another source (a header's, seen from each that includes it).
bool alreadyReported(const DiagnosticSink& sink, const Diagnostic& diagnostic) {
  for (const Diagnostic& reported : sink.diagnostics())
    if (reported.message == diagnostic.message && reported.location.file == diagnostic.location.file &&
        reported.location.line == diagnostic.location.line &&
        reported.location.column == diagnostic.location.column)
      return true;
  return false;
}

// A bodiless method of a [[mote]] class is a sensor (`T getX()`) or an actuator (`void setX(T)`).
void classifyMoteIo(ProgramModel& model, Function& function, DiagnosticSink& diagnostics) {
  const std::size_t colon = function.qualifiedName.rfind("::");
  const std::string name = colon == std::string::npos ? function.qualifiedName : function.qualifiedName.substr(colon + 2);
  auto ioName = [&](std::size_t prefix) {
    std::string io = name.substr(prefix);
    io[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(io[0])));
    return io;
  };
  const bool looksLikeGetter = name.size() > 3 && name.rfind("get", 0) == 0 && std::isupper(name[3]);
  const bool looksLikeSetter = name.size() > 3 && name.rfind("set", 0) == 0 && std::isupper(name[3]);
  MoteClass* moteClass = nullptr;
  for (MoteClass& candidate : model.moteClasses)
    if (candidate.name == moteClassToRunOn(function.runsOn)) moteClass = &candidate;
  const bool returnsVoid = function.returnType == "void";
  const std::string where = "'" + function.qualifiedName + "'";
  if (looksLikeGetter) {
    if (!function.parameters.empty()) {
      diagnostics.error(function.location,
                        "sensor getter " + where + " must take no parameters; a bodiless "
                        "getX() of a [[mote]] class reads sensor 'x'",
                        {note(function.parameters.front().location, "parameter declared here")});
    } else if (returnsVoid) {
      diagnostics.error(function.location, "sensor getter " + where + " must return the value it reads");
    }
    function.kind = FunctionKind::Sensor;
    function.ioName = ioName(3);
    if (moteClass) moteClass->sensors.push_back(function.ioName);
  } else if (looksLikeSetter) {
    if (function.parameters.size() != 1 || !returnsVoid)
      diagnostics.error(function.location,
                        "actuator setter " + where + " must take exactly one value and return "
                        "void; a bodiless setX(v) of a [[mote]] class writes actuator 'x'");
    function.kind = FunctionKind::Actuator;
    function.ioName = ioName(3);
    if (moteClass) moteClass->actuators.push_back(function.ioName);
  } else if (model.sourceCount() == 1) {
    diagnostics.error(function.location,
                      where + " has no body; in a [[mote]] class only sensor getters getX() and "
                      "actuator setters setX(v) may be bodiless: give it a body or rename it");
  }
}

}  // namespace

bool ProgramFiles::addSource(const std::string& path, DiagnosticSink& diagnostics) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diagnostics.error({}, "cannot open program '" + path + "'");
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  const std::string real = realPath(path);
  byRealPath_[real] = static_cast<unsigned>(model_.files.size());
  model_.files.push_back({path, text.str(), true, {}});
  const std::string directory = std::string(llvm::sys::path::parent_path(real)) + "/";
  if (std::find(directories_.begin(), directories_.end(), directory) == directories_.end())
    directories_.push_back(directory);
  return true;
}

std::optional<unsigned> ProgramFiles::indexOf(const std::string& path, bool system, const std::string& shown) {
  const std::string real = realPath(path);
  if (auto known = byRealPath_.find(real); known != byRealPath_.end()) return known->second;
  std::optional<unsigned> index;
  bool under = false;
  for (const std::string& directory : directories_) under = under || isUnder(real, directory);
  std::ifstream in(real, std::ios::binary);
  if (!system && under && !isUnder(real, excluded_) && in) {
    std::ostringstream text;
    text << in.rdbuf();
    index = static_cast<unsigned>(model_.files.size());
    model_.files.push_back({shown, text.str(), false, {}});
  }
  byRealPath_[real] = index;
  return index;
}

void finishProgram(ProgramModel& model, DiagnosticSink& diagnostics) {
  std::string searched;
  for (const ProgramFile& file : model.files)
    if (file.isSource) searched += (searched.empty() ? "" : ", ") + file.path;
  for (Function& function : model.functions) {
    if (function.hasBody) continue;
    if (std::holds_alternative<OnMoteInstance>(function.runsOn)) classifyMoteIo(model, function, diagnostics);
    if (function.isSensorOrActuator() && function.every) {
      diagnostics.error(function.every->location,
                        "[[every]] makes a method of a [[mote]] class a periodic task, but '" +
                            function.qualifiedName + "' is a sensor or an actuator, which has no body to run; "
                            "give the period to a method that uses it");
      function.every.reset();
    }
    const bool moteMethod = std::holds_alternative<OnMoteInstance>(function.runsOn);
    if (function.isSensorOrActuator() || (function.attribute == Attribute::None && !moteMethod)) continue;
    if (moteMethod && model.sourceCount() == 1) continue;  // classifyMoteIo said what to do
    diagnostics.error(function.location,
                      "'" + function.key + "' is declared here but defined in none of the sources searched (" +
                          searched + "); give the source that defines it too (edgecut_partition's SOURCES, "
                          "or another file on the command line)");
  }
}

std::optional<ProgramModel> collectProgram(const std::vector<std::string>& sources, const CompileSettings& settings,
                                           DiagnosticSink& diagnostics) {
  ProgramModel model;
  CollectState state(model, realPath(apiIncludeDirectory()) + "/");
  for (const std::string& source : sources)
    if (!state.files.addSource(source, diagnostics)) return std::nullopt;
  bool json = false;
  auto database = compilationDatabase(sources.front(), settings, json, diagnostics);
  if (!database) return std::nullopt;
  std::set<std::string> listed;
  PrintedClangDiagnostics printed;
  bool parsedAll = true;  // Clang found no error in any source
  if (json)
    for (const std::string& file : database->getAllFiles()) listed.insert(realPath(file));

  for (const std::string& source : sources) {
    llvm::SmallString<256> absolute(source);
    llvm::sys::fs::make_absolute(absolute);
    llvm::sys::path::remove_dots(absolute, /*remove_dot_dot=*/true);
    // A database guesses a command for a file it does not list, from its neighbours; edgecut
    // partitions only what was compiled as the build says.
    if (json && !listed.count(realPath(std::string(absolute)))) {
      diagnostics.error({}, "'" + source + "' is not in the compilation database (compile_commands.json); "
                            "regenerate the database with it among the sources, or give the compiler "
                            "arguments after `--`");
      return std::nullopt;
    }
    // A compile_commands.json knows files by absolute path; explicit arguments take the path as
    // given, so that Clang's diagnostics name the file as the user did, like edgecut's own.
    std::vector<clang::tooling::CompileCommand> commands = database->getCompileCommands(
        settings.hasExplicitArguments ? llvm::StringRef(source) : llvm::StringRef(absolute));
    if (commands.empty()) {
      diagnostics.error({}, "no compile command for '" + source + "' in the compilation database; "
                            "give the compiler arguments after `--`");
      return std::nullopt;
    }
    state.source = static_cast<unsigned>(&source - sources.data());
    DiagnosticSink own;
    // After a source with errors the others are still parsed, as clang-tidy does, so that the user
    // sees every source's errors at once.
    parsedAll = parseSource(commands.front(), state, model, printed, own) && parsedAll;
    for (const Diagnostic& diagnostic : own.diagnostics())
      if (!alreadyReported(diagnostics, diagnostic)) diagnostics.report(diagnostic);
  }
  if (!parsedAll || diagnostics.hasErrors()) return std::nullopt;
  for (Function& function : model.functions) {
    const std::set<unsigned>& declaring = state.declaredIn[function.key];
    function.declaredIn.assign(declaring.begin(), declaring.end());
  }
  finishProgram(model, diagnostics);
  if (diagnostics.hasErrors()) return std::nullopt;
  return model;
}

}  // namespace edgecut::compiler
