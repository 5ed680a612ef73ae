// Naming paths ("/floors/3/312"): which motes a path prefix holds. THE one rule, shared by the base
// runtime (Region::path) and the compiler (a plan's per-group placement by "path"). Header-only,
// pure.
#ifndef EDGECUT_RUNTIME_SIM_NAMING_HPP
#define EDGECUT_RUNTIME_SIM_NAMING_HPP

#include <string_view>

namespace edgecut::sim {

inline std::string_view withoutTrailingSlash(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return path;
}

// "/floors/3" holds "/floors/3" and "/floors/3/312", but not "/floors/30"; "/" holds every path.
// `prefix` is normalized (withoutTrailingSlash).
inline bool pathHolds(std::string_view prefix, std::string_view path) {
  path = withoutTrailingSlash(path);
  if (prefix.empty() || path.size() < prefix.size() || path.substr(0, prefix.size()) != prefix) return false;
  return path.size() == prefix.size() || prefix.back() == '/' || path[prefix.size()] == '/';
}

}  // namespace edgecut::sim

#endif  // EDGECUT_RUNTIME_SIM_NAMING_HPP
