#include "edgecut/compiler/diagnostics.hpp"

#include <algorithm>

namespace edgecut::compiler {

std::string moteIdList(std::vector<std::uint32_t> ids) {
  std::sort(ids.begin(), ids.end());
  constexpr std::size_t kShown = 12;
  std::string out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (ids.size() > kShown && i == kShown - 2) {
      out += ", ..., " + std::to_string(ids.back());
      break;
    }
    if (i > 0) out += i + 1 == ids.size() ? " and " : ", ";
    out += std::to_string(ids[i]);
  }
  return out;
}

}  // namespace edgecut::compiler
