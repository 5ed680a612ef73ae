// A report's figure (runtime/include/edgecut/runtime/report_keys.hpp) for compare.svg and
// compare.html: the number under `key`, or 0 where there is none.
#pragma once

#include <nlohmann/json.hpp>

namespace edgecut::compiler {

inline double numberAt(const nlohmann::json& json, const char* key) {
  auto found = json.find(key);
  return found != json.end() && found->is_number() ? found->get<double>() : 0.0;
}

}  // namespace edgecut::compiler
