// Option parsing shared by the base's and the mote's main (their options.def lists say which
// options exist; edgecut/runtime/command_line.hpp says how one is spelt).
#ifndef EDGECUT_RUNTIME_SRC_TAKE_OPTION_HPP
#define EDGECUT_RUNTIME_SRC_TAKE_OPTION_HPP

#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "edgecut/runtime/command_line.hpp"

namespace edgecut::detail {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// If argv[i] is the option `name`, stores its value ("" for a flag, whose valueName is "") in
// `field`, moves i past the value and returns true. Throws UsageError if the value is missing.
inline bool takeOption(int argc, char** argv, int& i, std::string_view name, std::string_view valueName,
                       std::optional<std::string>& field) {
  std::string value;
  switch (command_line::takeOption(std::span<char* const>(argv, static_cast<std::size_t>(argc)), i, name,
                                   valueName, value)) {
    case command_line::Match::No: return false;
    case command_line::Match::MissingValue: throw UsageError(command_line::missingValue(name, valueName));
    case command_line::Match::Taken: break;
  }
  field = std::move(value);
  return true;
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
