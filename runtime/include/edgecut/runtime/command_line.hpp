// How an option is spelt on edgecut's command lines, the tool's (compiler/tool/driver.cpp) and the
// generated programs' (runtime/src/options.cpp): "NAME VALUE" or "NAME=VALUE" for an option
// that takes a value, "NAME" alone for a flag; and the wording of the errors. Which options exist
// is each one's options.def. Header only, without dependencies, so that the tool can use it too.
#pragma once

#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>

namespace edgecut::command_line {

enum class Match {
  No,            // the word is not the option
  Taken,         // it is: the value is stored ("" for a flag), and the index is at its last word
  MissingValue,  // it is, but the value it needs is not there: missingValue() says so
};

// Whether arguments[i] is the option `name`: one that takes a value called `valueName`, or a flag
// when valueName is empty. `arguments` is indexable (a vector of strings, a span over argv).
template <class Arguments, class Index>
Match takeOption(const Arguments& arguments, Index& i, std::string_view name, std::string_view valueName,
                 std::string& value) {
  const std::string_view word = arguments[i];
  const bool takesValue = !valueName.empty();
  if (word == name) {
    if (!takesValue) {
      value.clear();
    } else if (static_cast<std::size_t>(i) + 1 < std::size(arguments)) {
      value = std::string_view(arguments[++i]);
    } else {
      return Match::MissingValue;
    }
    return Match::Taken;
  }
  if (takesValue && word.size() > name.size() && word.starts_with(name) && word[name.size()] == '=') {
    value = word.substr(name.size() + 1);
    return Match::Taken;
  }
  return Match::No;
}

// "option '--plan' needs a value (FILE)"
inline std::string missingValue(std::string_view name, std::string_view valueName) {
  return "option '" + std::string(name) + "' needs a value (" + std::string(valueName) + ")";
}

// "unknown option '--plam'"
inline std::string unknownOption(std::string_view word) { return "unknown option '" + std::string(word) + "'"; }

}  // namespace edgecut::command_line
