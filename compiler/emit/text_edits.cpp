#include "text_edits.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#include <fmt/format.h>

#include "templates.hpp"

namespace edgecut::compiler {

namespace {

bool isSpace(char c) { return isBlank(c) || c == '\n' || c == '\r'; }

std::size_t lineStartOf(const std::string& text, std::size_t offset) {
  std::size_t lineBreak = offset == 0 ? std::string::npos : text.rfind('\n', offset - 1);
  return lineBreak == std::string::npos ? 0 : lineBreak + 1;
}

std::size_t lineEndOf(const std::string& text, std::size_t offset) {
  std::size_t lineBreak = text.find('\n', offset);
  return lineBreak == std::string::npos ? text.size() : lineBreak;
}

}  // namespace

std::string joined(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : separator) + part;
  return out;
}

bool isBlank(char c) { return c == ' ' || c == '\t'; }

TextRange attributeRemoval(const std::string& text, TextRange name) {
  unsigned begin = name.begin;
  unsigned end = name.end;
  auto skipBack = [&](unsigned at) {
    while (at > 0 && isSpace(text[at - 1])) --at;
    return at;
  };
  auto skipForward = [&](unsigned at) {
    while (at < text.size() && isSpace(text[at])) ++at;
    return at;
  };
  // `edgecut::onboard`: the namespace belongs to the attribute.
  unsigned before = skipBack(begin);
  if (before >= 2 && text.compare(before - 2, 2, "::") == 0) {
    unsigned scope = skipBack(before - 2);
    while (scope > 0 && (std::isalnum(static_cast<unsigned char>(text[scope - 1])) || text[scope - 1] == '_')) --scope;
    begin = scope;
    before = skipBack(begin);
  }
  unsigned after = skipForward(end);
  if (before >= 2 && text.compare(before - 2, 2, "[[") == 0 && text.compare(after, 2, "]]") == 0) {
    begin = before - 2;
    end = after + 2;
    while (end < text.size() && isBlank(text[end])) ++end;
    // An attribute alone on its line takes the line with it.
    unsigned lineStart = begin;
    while (lineStart > 0 && isBlank(text[lineStart - 1])) --lineStart;
    if ((lineStart == 0 || text[lineStart - 1] == '\n') && end < text.size() && text[end] == '\n') {
      begin = lineStart;
      ++end;
    }
    return {begin, end};
  }
  if (after < text.size() && text[after] == ',') return {begin, skipForward(after + 1)};
  if (before >= 1 && text[before - 1] == ',') return {before - 1, end};
  return {begin, end};
}

TextEdit bodyToDeclaration(const std::string& text, const Function& function) {
  unsigned begin = function.body.begin;
  while (begin > 0 && isBlank(text[begin - 1])) --begin;
  unsigned joined = begin;
  while (joined > 0 && isSpace(text[joined - 1])) --joined;
  // Join the lines only when that cannot put the `;` inside a `//` comment.
  std::size_t lineStart = lineStartOf(text, joined);
  if (text.substr(lineStart, joined - lineStart).find("//") == std::string::npos) begin = joined;
  return {{begin, function.body.end}, ";"};
}

TextEdit definitionToComment(const Function& function, const std::string& where) {
  return {function.definition,
          fmt::format(templates::kWhereItRuns, fmt::arg("name", function.qualifiedName), fmt::arg("where", where))};
}

std::string indentOf(const std::string& text, unsigned offset) {
  std::size_t at = lineStartOf(text, offset);
  std::string indent;
  while (at < text.size() && isBlank(text[at])) indent += text[at++];
  return indent;
}

std::string bodyIndent(const std::string& text, const Function& function) {
  return indentOf(text, function.body.begin) + "  ";
}

TextEdit bodyWithStatements(const std::string& text, const Function& function,
                            const std::vector<std::string>& statements, const std::vector<TextRange>& removed) {
  const TextRange body = function.body;
  const bool singleLines = std::none_of(statements.begin(), statements.end(), [](const std::string& statement) {
    return statement.find('\n') != std::string::npos;
  });
  const std::string oneLine = "{ " + joined(statements, " ") + " }";
  const std::size_t lineStart = lineStartOf(text, body.begin), lineEnd = lineEndOf(text, body.end);
  std::size_t width = (body.begin - lineStart) + oneLine.size() + (lineEnd - body.end);
  auto range = std::lower_bound(removed.begin(), removed.end(), lineStart,
                                [](const TextRange& a, std::size_t at) { return a.begin < at; });
  for (; range != removed.end() && range->end <= lineEnd; ++range) width -= range->end - range->begin;
  if (singleLines && width <= kMaxColumns) return {body, oneLine};
  const std::string inside = bodyIndent(text, function);
  std::string block = "{";
  for (const std::string& statement : statements) block += "\n" + inside + statement;
  return {body, block + "\n" + indentOf(text, body.begin) + "}"};
}

std::string blockIndent(const std::string& text, unsigned afterBrace, bool ownLines) {
  const std::size_t lineEnd = lineEndOf(text, afterBrace);
  std::size_t rest = afterBrace;
  while (rest < lineEnd && isBlank(text[rest])) ++rest;
  const bool codeFollows = rest < lineEnd && text.compare(rest, 2, "//") != 0;
  if (codeFollows && !ownLines) return "";  // on the brace's line
  // The indentation of the next line with code, or the brace's line's and two more when that
  // line closes the block (or when code follows the brace on its line).
  if (!codeFollows) {
    for (std::size_t lineBreak = lineEnd; lineBreak < text.size();) {
      std::size_t code = lineBreak + 1;
      while (code < text.size() && isBlank(text[code])) ++code;
      if (code < text.size() && text[code] != '\n' && text[code] != '\r') {
        if (text[code] != '}') return text.substr(lineBreak + 1, code - lineBreak - 1);
        break;
      }
      lineBreak = code;
    }
  }
  return indentOf(text, afterBrace) + "  ";
}

TextEdit blockStatements(const std::string& text, unsigned afterBrace, const std::vector<std::string>& statements,
                         bool ownLines) {
  const std::size_t lineEnd = lineEndOf(text, afterBrace);
  std::size_t rest = afterBrace;
  while (rest < lineEnd && isBlank(text[rest])) ++rest;
  const bool codeFollows = rest < lineEnd && text.compare(rest, 2, "//") != 0;
  const std::string indent = blockIndent(text, afterBrace, ownLines);
  if (codeFollows && !ownLines) {
    std::string sameLine;
    for (const std::string& statement : statements)
      sameLine += " " + statement.substr(statement.find_first_not_of(' '));
    return {{afterBrace, afterBrace}, sameLine};
  }
  std::string lines;
  for (const std::string& statement : statements) lines += "\n" + indent + statement;
  // The code after the brace moves to a line of its own, below the statements.
  if (codeFollows) return {{afterBrace, static_cast<unsigned>(rest)}, lines + "\n" + indent};
  const unsigned at = static_cast<unsigned>(lineEnd);
  return {{at, at}, lines};
}

bool startsWithAccessSpecifier(const std::string& text, unsigned at) {
  while (at < text.size() && isSpace(text[at])) ++at;
  for (const char* specifier : {"public", "private", "protected"})
    if (text.compare(at, std::strlen(specifier), specifier) == 0) return true;
  return false;
}

std::string wrapped(const std::string& indent, const std::string& head, const std::vector<std::string>& items,
                    const std::string& tail, const char* open, const char* close) {
  std::string out = head + open + joined(items, ", ") + close + tail;
  if (indent.size() + out.size() <= kMaxColumns) return out;
  out = head + open;
  std::size_t column = indent.size() + out.size();
  // A long head leaves too little room after it: the items start on the next line, four in.
  if (column > kMaxColumns / 2) {
    column = indent.size() + 4;
    out += "\n" + std::string(column, ' ');
  }
  std::size_t width = column;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string piece = items[i] + (i + 1 < items.size() ? "," : close + tail);
    if (width > column && width + 1 + piece.size() > kMaxColumns) {
      out += "\n" + std::string(column, ' ');
      width = column;
    }
    if (width > column) {
      out += " ";
      ++width;
    }
    out += piece;
    width += piece.size();
  }
  if (items.empty()) out += close + tail;
  return out;
}

std::string commentLines(const std::string& indent, const std::string& text) {
  std::string out, line;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t space = text.find(' ', at);
    // A line that ends in `\` would splice the next one into it: such a word keeps the next.
    while (space != std::string::npos && space > at && text[space - 1] == '\\') space = text.find(' ', space + 1);
    if (space == std::string::npos) space = text.size();
    const std::string word = text.substr(at, space - at);
    at = space + 1;
    if (!line.empty() && indent.size() + 3 + line.size() + 1 + word.size() > kMaxColumns) {
      out += indent + "// " + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  return out + indent + "// " + line + "\n";
}

std::string withComment(const std::string& indent, const std::string& code, const std::string& comment) {
  const std::string oneLine = indent + code + "  // " + comment;
  if (code.find('\n') == std::string::npos && oneLine.size() <= kMaxColumns) return oneLine + "\n";
  return commentLines(indent, comment) + indent + code + "\n";
}

std::string applyEdits(const std::string& text, std::vector<TextEdit> edits) {
  std::stable_sort(edits.begin(), edits.end(), [](const TextEdit& a, const TextEdit& b) {
    return a.range.begin < b.range.begin;
  });
  std::string out;
  unsigned position = 0;
  for (const TextEdit& edit : edits) {
    if (edit.range.begin < position) continue;  // inside a range an earlier edit replaced
    out.append(text, position, edit.range.begin - position);
    out += edit.replacement;
    position = edit.range.end;
  }
  out.append(text, position, std::string::npos);
  return out;
}

}  // namespace edgecut::compiler
