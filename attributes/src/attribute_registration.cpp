// Registers every spelling in attributes.def with Clang, both inside the edgecut tool and, built as
// a plugin, inside plain clang. Each attribute leaves an `annotate("edgecut::NAME")` attribute on
// its declaration, which is what the collector reads; an attribute with a String argument leaves
// its string literal as the annotation's argument.
#include <vector>

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/DiagnosticSema.h"
#include "clang/Lex/Lexer.h"
#include "clang/Sema/ParsedAttr.h"
#include "clang/Sema/Sema.h"
#include "llvm/Config/llvm-config.h"

#include "edgecut/attribute_names.hpp"

namespace {

using clang::ParsedAttr;
using clang::ParsedAttrInfo;

// attributes.def's ARGUMENT column.
enum class Argument { None, String };

bool appliesTo(const char* kind, const clang::Decl* decl) {
  if (llvm::StringRef(kind) == "Function") return llvm::isa<clang::FunctionDecl>(decl);
  return llvm::isa<clang::CXXRecordDecl>(decl);
}

const char* describe(const char* kind) {
  return llvm::StringRef(kind) == "Function" ? "functions" : "classes";
}

// The argument list written after an attribute's name: its tokens and its `)`. Clang 14 skips the
// arguments of a plugin's [[...]] attribute unparsed (the ParsedAttr has none), so they are read
// again from the source. An attribute spelt by a macro is not read: the token after its name in
// the macro's text need not be the one after it in the program.
struct WrittenArguments {
  bool written = false;  // a `(` follows the name
  std::vector<clang::Token> tokens;
  clang::SourceLocation closingParen;  // invalid when the list does not end
};

WrittenArguments writtenArguments(const clang::Sema& sema, const ParsedAttr& attr) {
  WrittenArguments arguments;
  // The range ends at the name (it begins at `edgecut` of [[edgecut::NAME]]).
  const clang::SourceLocation name = attr.getRange().getEnd();
  if (!name.isFileID()) return arguments;
  const clang::SourceManager& sources = sema.getSourceManager();
  auto after = [&](clang::SourceLocation at) { return clang::Lexer::findNextToken(at, sources, sema.getLangOpts()); };
  auto token = after(name);
  if (!token || !token->is(clang::tok::l_paren)) return arguments;
  arguments.written = true;
  int depth = 0;
  for (token = after(token->getLocation()); token && !token->is(clang::tok::eof);
       token = after(token->getLocation())) {
    if (token->is(clang::tok::r_paren) && depth == 0) {
      arguments.closingParen = token->getLocation();
      break;
    }
    if (token->is(clang::tok::l_paren)) ++depth;
    if (token->is(clang::tok::r_paren)) --depth;
    arguments.tokens.push_back(*token);
  }
  return arguments;
}

template <unsigned N>
void error(clang::Sema& sema, clang::SourceLocation at, const char (&format)[N], const char* name) {
  unsigned id = sema.getDiagnostics().getCustomDiagID(clang::DiagnosticsEngine::Error, format);
  sema.Diag(at, id) << name;
}

template <const char* Name, const char* Annotation, const char* AppliesTo, Argument ArgumentKind>
struct EdgecutAttributeInfo : ParsedAttrInfo {
  EdgecutAttributeInfo() {
    static constexpr Spelling spellings[] = {
        {ParsedAttr::AS_CXX11, Name},
        {ParsedAttr::AS_CXX11, Annotation},
    };
    Spellings = spellings;
    // Optional to Clang, required by handleDeclAttribute: with NumArgs = 1, Clang 14 would reject
    // every use, as it counts the arguments it skipped (none). An attribute without arguments
    // allows one too, so that Clang 19, which counts the arguments it parsed before calling the
    // handler, leaves a stray one to handleDeclAttribute's error, which says how to fix it.
    OptArgs = 1;
  }

  bool diagAppertainsToDecl(clang::Sema& sema, const ParsedAttr& attr,
                            const clang::Decl* decl) const override {
    if (appliesTo(AppliesTo, decl)) return true;
    // Clang 17 gave this message an argument before the decl kinds: "%0%select{ attribute|}1 only
    // applies to %2", where %1 is whether the attribute is spelled as a keyword.
#if LLVM_VERSION_MAJOR >= 17
    sema.Diag(attr.getLoc(), clang::diag::warn_attribute_wrong_decl_type_str)
        << attr << attr.isRegularKeywordAttribute() << describe(AppliesTo);
#else
    sema.Diag(attr.getLoc(), clang::diag::warn_attribute_wrong_decl_type_str)
        << attr << describe(AppliesTo);
#endif
    return false;
  }

  AttrHandling handleDeclAttribute(clang::Sema& sema, clang::Decl* decl,
                                   const ParsedAttr& attr) const override {
    const WrittenArguments written = writtenArguments(sema, attr);
    clang::AttributeCommonInfo info(attr);
    std::vector<clang::Expr*> arguments;
    if (ArgumentKind == Argument::None) {
      if (attr.getNumArgs() != 0 || written.written) {
        error(sema, attr.getLoc(), "edgecut attribute '%0' takes no arguments; write it without parentheses", Name);
        return AttributeNotApplied;
      }
    } else if (attr.getNumArgs() == 1 && attr.isArgExpr(0) && llvm::isa<clang::StringLiteral>(attr.getArgAsExpr(0))) {
      arguments.push_back(attr.getArgAsExpr(0));  // a Clang that parsed it
    } else if (written.closingParen.isValid() && written.tokens.size() == 1 &&
               clang::tok::isStringLiteral(written.tokens.front().getKind())) {
      clang::ExprResult literal = sema.ActOnStringLiteral(written.tokens);
      if (literal.isInvalid()) return AttributeNotApplied;  // Clang said why
      arguments.push_back(literal.get());
      // The annotation covers the whole `NAME("...")`, which the emitter strips.
      info.setRange({attr.getRange().getBegin(), written.closingParen});
    } else {
      error(sema, attr.getLoc(), "edgecut attribute '%0' takes one string literal, as in [[%0(\"...\")]]", Name);
      return AttributeNotApplied;
    }
    decl->addAttr(clang::AnnotateAttr::Create(sema.Context, Annotation, arguments.data(),
                                              static_cast<unsigned>(arguments.size()), info));
    return AttributeApplied;
  }
};

constexpr char kFunction[] = "Function";
constexpr char kClass[] = "Class";

#define EDGECUT_ATTRIBUTE(NAME, APPLIES_TO, ARGUMENT, SUMMARY)                                           \
  constexpr char kName_##NAME[] = #NAME;                                                                 \
  clang::ParsedAttrInfoRegistry::Add<                                                                    \
      EdgecutAttributeInfo<kName_##NAME, edgecut::kAnnotation_##NAME, k##APPLIES_TO, Argument::ARGUMENT>> \
      registerAttribute_##NAME(edgecut::kAnnotation_##NAME, SUMMARY);
#include "edgecut/attributes.def"

}  // namespace

// Referenced from the tool's main so that a static link could never drop this file.
extern "C" int edgecut_attributes_registered() { return 1; }
