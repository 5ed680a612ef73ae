// Emit, part: edits to the program's text and the layout of generated lines. The generated units
// are the original text edited in place (docs/design.md §3), so that comments and formatting
// survive; every line edgecut writes itself fits in kMaxColumns.
#pragma once

#include <string>
#include <vector>

#include "edgecut/compiler/emit.hpp"
#include "edgecut/compiler/model.hpp"

namespace edgecut::compiler {

// The widest line edgecut generates. Lines copied from the program keep their width.
inline constexpr std::size_t kMaxColumns = 100;

bool isBlank(char c);

// The range that removes one attribute as written: `[[onboard]] ` or `onboard, ` inside a list.
TextRange attributeRemoval(const std::string& text, TextRange name);

// Replaces a body with `;`, taking the blanks before it so that `f() {...}` becomes `f();`.
TextEdit bodyToDeclaration(const std::string& text, const Function& function);

// Replaces a whole definition with a comment: `// NAME() runs on WHERE.`
TextEdit definitionToComment(const Function& function, const std::string& where);

// Replaces a body with generated statements: `{ s; }` on the body's line when that fits, else
// one per line, indented one step in from the body's line (bodyIndent; a statement of several
// lines carries its continuation lines' indentation, laid out for that column). `removed`: the
// text the unit drops (attributes), sorted, which does not count in the line's width.
TextEdit bodyWithStatements(const std::string& text, const Function& function,
                            const std::vector<std::string>& statements, const std::vector<TextRange>& removed);
std::string bodyIndent(const std::string& text, const Function& function);

// Statements just after a block's `{`: each on a line of its own, indented as the block's first
// line, unless code follows the `{` on its line (then on that line, or with `ownLines`, on lines
// of their own before it, which moves that code to the next line). A statement of several lines
// carries its continuation lines' indentation, laid out for blockIndent's column.
TextEdit blockStatements(const std::string& text, unsigned afterBrace, const std::vector<std::string>& statements,
                         bool ownLines = false);
std::string blockIndent(const std::string& text, unsigned afterBrace, bool ownLines = false);

// The blanks that start the line holding `offset`.
std::string indentOf(const std::string& text, unsigned offset);

bool startsWithAccessSpecifier(const std::string& text, unsigned at);

// `head(item, item, …)tail` starting at column `indent`, as one line when it fits in kMaxColumns,
// else with the items filled into lines aligned after the `(` (or four columns in, when the head
// is long). The first line has no indentation of its own; the others have all of theirs. `open`
// and `close` may be "{" and "}" for a braced list.
std::string wrapped(const std::string& indent, const std::string& head, const std::vector<std::string>& items,
                    const std::string& tail, const char* open = "(", const char* close = ")");

// `code  // comment` when that fits in kMaxColumns, else the comment on lines of its own above:
// whole lines, each indented and ended.
std::string withComment(const std::string& indent, const std::string& code, const std::string& comment);

// `text` as `//` comment lines, each indented and ended, broken between words to fit.
std::string commentLines(const std::string& indent, const std::string& text);

// `parts` with `separator` between them.
std::string joined(const std::vector<std::string>& parts, const char* separator);

}  // namespace edgecut::compiler
