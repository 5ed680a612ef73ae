// Option parsing shared by the base's and the mote's main (their options.def lists say which
// options exist; this says how one is spelt): "--name VALUE", "--name=VALUE", or "--name" for a
// flag.
#ifndef EDGECUT_RUNTIME_SRC_TAKE_OPTION_HPP
#define EDGECUT_RUNTIME_SRC_TAKE_OPTION_HPP

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace edgecut::detail {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// If argv[i] is the option `name`, stores its value ("" for a flag, whose valueName is "") in
// `field`, moves i past the value and returns true. Throws UsageError if the value is missing.
inline bool takeOption(int argc, char** argv, int& i, std::string_view name, std::string_view valueName,
                       std::optional<std::string>& field) {
  const std::string_view arg = argv[i];
  const bool takesValue = !valueName.empty();
  if (arg == name) {
    if (!takesValue) {
      field = "";
    } else if (i + 1 < argc) {
      field = argv[++i];
    } else {
      throw UsageError(fmt::format("{} needs a value ({})", name, valueName));
    }
    return true;
  }
  if (takesValue && arg.size() > name.size() && arg.substr(0, name.size()) == name && arg[name.size()] == '=') {
    field = std::string(arg.substr(name.size() + 1));
    return true;
  }
  return false;
}

// "sim, udp": the transports of transports.def, for messages.
inline std::string transportNames() {
  std::string names;
#define EDGECUT_TRANSPORT(id, name, help) names += std::string(names.empty() ? "" : ", ") + name;
#include "edgecut/runtime/transports.def"
  return names;
}

}  // namespace edgecut::detail

#endif  // EDGECUT_RUNTIME_SRC_TAKE_OPTION_HPP
