#include "options.hpp"

#include <charconv>
#include <utility>

#include <fmt/format.h>

#include "edgecut/runtime/command_line.hpp"

namespace edgecut::options {

namespace {

// If argv[i] is `option`, stores its value in `given`, moves i past the value and returns true.
bool take(int argc, char** argv, int& i, const Option& option, Given& given) {
  std::string value;
  switch (command_line::takeOption(std::span<char* const>(argv, static_cast<std::size_t>(argc)), i, option.spelling,
                                   option.valueName, value)) {
    case command_line::Match::No:
      return false;
    case command_line::Match::MissingValue:
      throw UsageError(command_line::missingValue(option.spelling, option.valueName));
    case command_line::Match::Taken:
      break;
  }
  given.set(option.spelling, std::move(value));
  return true;
}

}  // namespace

std::optional<std::string> Given::value(std::string_view spelling) const {
  const auto found = values_.find(spelling);
  if (found == values_.end()) return std::nullopt;
  return found->second;
}

Given parse(int argc, char** argv, Side side, std::span<const std::span<const Option>> tables,
            std::vector<char*>& rest) {
  Given given;
  rest.push_back(argv[0]);
  int i = 1;
  for (; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--") {
      ++i;
      break;
    }
    bool matched = false;
    for (std::span<const Option> table : tables) {
      for (const Option& option : table) {
        if (!matched && option.isFor(side)) matched = take(argc, argv, i, option, given);
      }
    }
    if (!matched) rest.push_back(argv[i]);
  }
  for (; i < argc; ++i) rest.push_back(argv[i]);
  rest.push_back(nullptr);  // argv[argc] is a null pointer, as for any main
  return given;
}

std::uint64_t number(const Given& given, std::string_view spelling, std::uint64_t otherwise, std::uint64_t min,
                     std::uint64_t max, std::string_view what) {
  const std::optional<std::string> text = given.value(spelling);
  if (!text) return otherwise;
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value < min || value > max) {
    throw UsageError(fmt::format("{} needs {}, not \"{}\"", spelling, what, *text));
  }
  return value;
}

std::string helpLines(std::span<const Option> table, Side side) {
  std::string lines;
  for (const Option& option : table) {
    if (!option.isFor(side)) continue;
    const std::string usage = *option.valueName ? fmt::format("{} {}", option.spelling, option.valueName)
                                                : std::string(option.spelling);
    lines += fmt::format("  {:<22} {}\n", usage, option.help);
  }
  return lines;
}

}  // namespace edgecut::options
