#include "edgecut/compiler/emit.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "edgecut/compiler/string_literal.hpp"
#include "emitter.hpp"
#include "templates.hpp"
#include "text_edits.hpp"

#ifndef EDGECUT_VERSION
#define EDGECUT_VERSION "0.0.0"
#endif

namespace edgecut::compiler {

namespace {

std::string fileNameOf(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

// A path as Make (and Ninja, which reads GCC's depfiles) reads one, escaped as GCC's -MD writes
// it: `$` doubled; a space or tab after a backslash, the backslashes before it doubled (Make reads
// 2N+1 of them and a blank as N and a blank); `#`, which would start a comment, after one. A line
// break in a path has no spelling in Make.
std::string escapeMake(const std::string& path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c == ' ' || c == '\t')
      for (std::size_t before = i; before > 0 && path[before - 1] == '\\'; --before) out += '\\';
    if (c == ' ' || c == '\t' || c == '#') out += '\\';
    if (c == '$') out += '$';
    out += c;
  }
  return out;
}

}  // namespace

std::string identifierFor(const std::string& qualifiedName) {
  std::string out;
  for (char c : qualifiedName) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  std::string collapsed;
  for (char c : out)
    if (!(c == '_' && !collapsed.empty() && collapsed.back() == '_')) collapsed += c;
  return collapsed;
}

Emitter::Emitter(const ProgramModel& program, const PlacementPlan& plan, const Partition& partition)
    : program_(program), plan_(plan), partition_(partition) {
  for (const FunctionPartition& entry : partition.functions()) {
    const Function& function = *entry.function;
    if (entry.placed) placedFunctions_.push_back(&function);
    if (entry.placed && entry.inMote && function.hasMoteToRunOn()) remoteFunctions_.push_back(&function);
    if (entry.role == Role::RemoteHelper || entry.calledFromMote) baseFunctions_.push_back(&function);
    if (entry.role == Role::RemoteHelper) remoteHelpers_.push_back(&function);
  }
  // Glue identifiers: the qualified name, made unique by the id when overloads share it.
  std::vector<const Function*> named = placedFunctions_;
  named.insert(named.end(), remoteHelpers_.begin(), remoteHelpers_.end());
  std::map<std::string, int> uses;
  for (const Function* function : named) ++uses[identifierFor(function->qualifiedName)];
  for (const Function* function : named) {
    std::string identifier = identifierFor(function->qualifiedName);
    if (uses[identifier] > 1) identifier += fmt::format("_{:08x}", function->id);
    glueNames_[function->key] = identifier;
  }
  std::set<std::string> sensorSeen, actuatorSeen;
  for (const Function& function : program.functions) {
    if (function.kind == FunctionKind::Sensor && sensorSeen.insert(function.ioName).second)
      sensors_.push_back(function.ioName);
    if (function.kind == FunctionKind::Actuator && actuatorSeen.insert(function.ioName).second)
      actuators_.push_back(function.ioName);
  }
  attributeRemovals_.resize(program.files.size());
  for (const TextRange& attribute : program.attributeRanges) {
    TextRange removal = attributeRemoval(program.files[attribute.file].text, attribute);
    removal.file = attribute.file;
    attributeRemovals_[attribute.file].push_back(removal);
  }
  for (std::vector<TextRange>& removals : attributeRemovals_)
    std::sort(removals.begin(), removals.end(), [](const TextRange& a, const TextRange& b) { return a.begin < b.begin; });
  networkData_ = network::encodeForGlue(plan.network);
  outputNames_ = generatedNames(program);
  for (const Function& function : program.functions)
    if (function.isMain && !function.body.empty()) entryFile_ = function.body.file;
  fingerprint_ = programFingerprint(program, plan, partition);
}

std::string Emitter::banner(const char* purpose, unsigned file) const {
  return fmt::format(templates::kBanner, fmt::arg("version", EDGECUT_VERSION),
                     fmt::arg("program", cppStringLiteral(fileNameOf(program_.files[file].path))),
                     fmt::arg("plan", cppStringLiteral(fileNameOf(plan_.file))),
                     fmt::arg("purpose", purpose));
}

std::string Emitter::depfile(const std::string& outputDirectory) const {
  std::set<std::string> inputs;
  auto add = [&](const std::string& path) {
    if (!path.empty()) inputs.insert(std::filesystem::absolute(path).lexically_normal().string());
  };
  for (const ProgramFile& file : program_.files) add(file.path);
  for (const std::string& file : program_.dependencies) add(file);
  for (const std::string& file : plan_.inputFiles) add(file);
  // The first output the build lists (edgecut_partition: the first source's mote unit).
  const std::string& target = outputName(Unit::Mote, 0);
  std::string out = escapeMake((std::filesystem::absolute(outputDirectory) / target).lexically_normal().string());
  out += ":";
  for (const std::string& input : inputs) out += " \\\n  " + escapeMake(input);
  return out + "\n";
}

std::uint64_t programFingerprint(const ProgramModel& program, const PlacementPlan& plan,
                                 const Partition& partition) {
  // Every file of the program, in the model's order (sources as given, then headers as found).
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (const ProgramFile& file : program.files) hash = fnv1a64(file.text, hash);
  hash = fnv1a64(plan.text, hash);
  // A preset is not in the plan's text, and a radio file may change: hash the figures themselves.
  if (const std::optional<RadioModel>& radio = plan.energy.radio)
    hash = fnv1a64(fmt::format("radio {} {} {} {} {} {} {} {} {};", radio->name, radio->volts,
                               radio->cpuMilliamps, radio->transmitMilliamps, radio->listenMilliamps,
                               radio->bitsPerSecond, radio->cpuHertz, radio->cyclesPerOperation,
                               radio->listenDutyCycle),
                   hash);
  const ResolvedPlacement& placement = partition.placement();
  for (const auto& [key, placed] : placement.byKey) {
    hash = fnv1a64(key + "=" + sideName(placed.side) + ";", hash);
    for (const GroupPlacement& group : placed.groups)
      hash = fnv1a64(fmt::format("{}:{}={};", key, fmt::join(group.motes, ","), sideName(group.side)), hash);
  }
  for (const auto& [key, helper] : placement.helpers)
    hash = fnv1a64(key + "=" + approachName(helper.approach) + ";", hash);
  return hash;
}

std::vector<GeneratedFile> emitProgram(const ProgramModel& program, const PlacementPlan& plan,
                                       const Partition& partition, const std::string& outputDirectory) {
  Emitter emitter(program, plan, partition);
  // One network per program: its data and unit are not per source.
  std::vector<GeneratedFile> files{{kGlueHeader, emitter.glueHeader()},
                                   {kNetworkData, emitter.networkData()},
                                   {kNetworkUnit, emitter.networkUnit()}};
  for (Unit unit : {Unit::Base, Unit::Mote})
    for (unsigned file = 0; file < program.files.size(); ++file)
      files.push_back({emitter.outputName(unit, file), emitter.unit(unit, file)});
  files.push_back({kResolvedPlacement, emitter.resolvedPlacement()});
  files.push_back({kDepfile, emitter.depfile(outputDirectory)});
  return files;
}

std::vector<std::array<std::string, 2>> generatedNames(const ProgramModel& program) {
  std::vector<std::array<std::string, 2>> names;
  std::set<std::string> taken{kGlueHeader, kResolvedPlacement, kDepfile};
  for (unsigned index = 0; index < program.files.size(); ++index) {
    const ProgramFile& file = program.files[index];
    if (file.isSource && program.sourceCount() == 1) {
      names.push_back({kMoteUnit, kBaseUnit});
      continue;
    }
    const std::filesystem::path path(file.path);
    std::string stem = path.stem().string();
    // Two files of one name in different directories: the later one's variants carry its index.
    if (taken.count(stem + ".mote" + path.extension().string())) stem += "." + std::to_string(index);
    names.push_back({stem + ".mote" + path.extension().string(), stem + ".base" + path.extension().string()});
    taken.insert(names.back()[0]);
  }
  return names;
}

}  // namespace edgecut::compiler
