// Periods of periodic tasks (docs/design.md §9) as programs and plans write them: a whole number
// and a unit, "250ms", "30s", "1min", "2h". [[every("…")]] (collect) and the plan's "periods" (plan)
// read them with this one parser, so both say the same thing about the same mistake.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace edgecut::compiler {

// A period read from its text: its milliseconds, or what is wrong with the text.
struct ParsedDuration {
  std::uint64_t milliseconds = 0;  // at least 1 when `problem` is empty
  std::string problem;             // the whole error message, saying how to write a period
  bool ok() const { return problem.empty(); }
};

// Reads "<count><unit>": count a whole number (digits only), unit ms, s, min or h; no spaces.
ParsedDuration parseDuration(std::string_view text);

// A period in the largest unit that states it exactly: 60000 is "1min", 90000 "90s".
std::string durationText(std::uint64_t milliseconds);

}  // namespace edgecut::compiler
