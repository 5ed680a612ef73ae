#include "edgecut/compiler/duration.hpp"

#include <array>
#include <limits>
#include <utility>

namespace edgecut::compiler {

namespace {

// Longest first, as durationText prefers them; ms before min does not matter, as units match whole.
constexpr std::array<std::pair<std::string_view, std::uint64_t>, 4> kUnits{{
    {"h", 3'600'000},
    {"min", 60'000},
    {"s", 1'000},
    {"ms", 1},
}};

constexpr char kHowToWrite[] = "write a whole number and a unit, ms, s, min or h, as in \"30s\" or \"1min\"";

}  // namespace

ParsedDuration parseDuration(std::string_view text) {
  const std::string quoted = "\"" + std::string(text) + "\"";
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  const std::string_view count = text.substr(0, digits);
  const std::string_view unit = text.substr(digits);
  auto letters = [](std::string_view part) {
    for (char c : part)
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
    return true;
  };
  if (count.empty() || !letters(unit)) return {0, "malformed period " + quoted + "; " + kHowToWrite};
  if (unit.empty())
    return {0, "the period " + quoted + " has no unit; write ms, s, min or h after the number, as in \"" +
                   std::string(count) + "s\""};
  std::uint64_t scale = 0;
  for (const auto& [name, milliseconds] : kUnits)
    if (unit == name) scale = milliseconds;
  if (scale == 0)
    return {0, "unknown unit '" + std::string(unit) + "' in the period " + quoted + "; use ms, s, min or h, as in \"" +
                   std::string(count) + "min\""};
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  const ParsedDuration tooLong{0, "the period " + quoted + " is too long to count in milliseconds; give a shorter one"};
  std::uint64_t value = 0;
  for (char digit : count) {
    const std::uint64_t d = static_cast<std::uint64_t>(digit - '0');
    if (value > (kMax - d) / 10) return tooLong;
    value = value * 10 + d;
  }
  if (value > kMax / scale) return tooLong;
  if (value == 0)
    return {0, "the period " + quoted + " is zero; a periodic task needs a period of at least 1ms"};
  return {value * scale, {}};
}

std::string durationText(std::uint64_t milliseconds) {
  for (const auto& [name, scale] : kUnits)
    if (milliseconds != 0 && milliseconds % scale == 0) return std::to_string(milliseconds / scale) + std::string(name);
  return std::to_string(milliseconds) + "ms";
}

}  // namespace edgecut::compiler
