#include "edgecut/compiler/model.hpp"

#include <algorithm>

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

std::string idRanges(std::vector<std::uint32_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::string out;
  for (std::size_t first = 0; first < ids.size();) {
    std::size_t last = first;
    while (last + 1 < ids.size() && ids[last + 1] == ids[last] + 1) ++last;
    if (!out.empty()) out += ", ";
    // Three or more in a row read better as a range; two as themselves.
    if (last - first >= 2) {
      out += std::to_string(ids[first]) + "–" + std::to_string(ids[last]);
      first = last + 1;
    } else {
      out += std::to_string(ids[first]);
      ++first;
    }
  }
  return out;
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
