// The command-line options of base and mote programs: the common list (options.def) and each
// transport's own (transport/<name>/options.def) are tables of Option, parsed once into Given by
// the shared startup (startup.hpp). How an option is spelt: edgecut/runtime/command_line.hpp.
#ifndef EDGECUT_RUNTIME_SRC_OPTIONS_HPP
#define EDGECUT_RUNTIME_SRC_OPTIONS_HPP

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace edgecut::options {

// A wrong command line: the program prints it with a pointer to --help and exits with status 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The program an option is for.
enum class Side { base, mote };
enum class Sides { base, mote, both };

// One row of an options.def: EDGECUT_OPTION(sides, spelling, valueName, help).
struct Option {
  Sides sides;
  const char* spelling;   // "--broker"
  const char* valueName;  // "HOST:PORT"; "" for a flag
  const char* help;

  bool isFor(Side side) const { return sides == Sides::both || (sides == Sides::base) == (side == Side::base); }
};

// The options given on a command line, by spelling; a flag's value is "".
class Given {
 public:
  std::optional<std::string> value(std::string_view spelling) const;
  bool has(std::string_view spelling) const { return values_.count(spelling) != 0; }
  void set(std::string_view spelling, std::string value) { values_.insert_or_assign(std::string(spelling), std::move(value)); }

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

// Takes the options of `tables` that are for `side` out of argv. What is left, argv[0] first and
// a null pointer last (as a main gets it), goes to `rest`; "--" ends the options and is not passed
// on. Throws UsageError for a value that is missing.
Given parse(int argc, char** argv, Side side, std::span<const std::span<const Option>> tables,
            std::vector<char*>& rest);

// A whole number from `min` to `max`, for option `spelling`, or `otherwise` when it was not given.
// Throws UsageError saying that it needs `what`.
std::uint64_t number(const Given& given, std::string_view spelling, std::uint64_t otherwise, std::uint64_t min,
                     std::uint64_t max, std::string_view what);

// "  --broker HOST:PORT     help", one line per option of `table` for `side`, for --help.
std::string helpLines(std::span<const Option> table, Side side);

}  // namespace edgecut::options

#endif  // EDGECUT_RUNTIME_SRC_OPTIONS_HPP
