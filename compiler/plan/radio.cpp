#include <algorithm>

#include "edgecut/compiler/plan.hpp"
#include "edgecut_radios.hpp"

namespace edgecut::compiler {

std::vector<std::string> radioPresetNames() {
  std::vector<std::string> names;
  for (const generated::EmbeddedRadio& radio : generated::kRadios) names.emplace_back(radio.name);
  std::sort(names.begin(), names.end());
  return names;
}

std::optional<std::string_view> radioPresetText(std::string_view name) {
  for (const generated::EmbeddedRadio& radio : generated::kRadios)
    if (radio.name == name) return radio.json;
  return std::nullopt;
}

}  // namespace edgecut::compiler
