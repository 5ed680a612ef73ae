#include "edgecut/compiler/model.hpp"

namespace edgecut::compiler {

const char* attributeSpelling(Attribute attribute) {
  switch (attribute) {
    case Attribute::None: return "";
#define EDGECUT_PLACEMENT(NAME, ENUMERATOR, SUMMARY) \
  case Attribute::ENUMERATOR: return #NAME;
#include "edgecut/attributes.def"
  }
  return "";
}

const Parameter* Function::moteParameter() const {
  const auto* onParameter = std::get_if<OnMoteParameter>(&runsOn);
  return onParameter && onParameter->parameter < parameters.size() ? &parameters[onParameter->parameter]
                                                                    : nullptr;
}

const std::string& moteClassToRunOn(const RunsOn& runsOn) {
  static const std::string none;
  if (const auto* instance = std::get_if<OnMoteInstance>(&runsOn)) return instance->moteClass;
  if (const auto* head = std::get_if<OnClusterHead>(&runsOn)) return head->memberClass;
  if (const auto* parameter = std::get_if<OnMoteParameter>(&runsOn)) return parameter->moteClass;
  return none;
}

std::string ProgramModel::name() const {
  std::string out;
  for (const ProgramFile& file : files)
    if (file.isSource) out += (out.empty() ? "" : ", ") + file.path;
  return out;
}

std::size_t ProgramModel::sourceCount() const {
  std::size_t count = 0;
  for (const ProgramFile& file : files) count += file.isSource ? 1 : 0;
  return count;
}

const Function* ProgramModel::findFunction(const std::string& key) const {
  // Check and emit look up every call site: a scan per lookup was quadratic in the program's size.
  if (functionIndex.indexed != functions.data() || functionIndex.count != functions.size()) {
    functionIndex.byKey.clear();
    for (std::size_t i = 0; i < functions.size(); ++i) functionIndex.byKey.emplace(functions[i].key, i);
    functionIndex.indexed = functions.data();
    functionIndex.count = functions.size();
  }
  auto found = functionIndex.byKey.find(key);
  if (found != functionIndex.byKey.end() && functions[found->second].key == key)
    return &functions[found->second];
  // Not indexed, or a key edited in place since: the scan is always right.
  for (const Function& function : functions)
    if (function.key == key) return &function;
  return nullptr;
}

const MoteClass* ProgramModel::findMoteClass(const std::string& name) const {
  for (const MoteClass& moteClass : moteClasses)
    if (moteClass.name == name) return &moteClass;
  return nullptr;
}

std::uint32_t fnv1a32(const std::string& text) {
  std::uint32_t hash = 0x811c9dc5u;
  for (unsigned char byte : text) hash = (hash ^ byte) * 0x01000193u;
  return hash;
}

std::uint64_t fnv1a64(const std::string& text, std::uint64_t seed) {
  std::uint64_t hash = seed;
  for (unsigned char byte : text) hash = (hash ^ byte) * 0x100000001b3ull;
  return hash;
}

}  // namespace edgecut::compiler
