// Registers every spelling in attributes.def with Clang, both inside the edgecut tool and, built as
// a plugin, inside plain clang. Each attribute leaves an `annotate("edgecut::NAME")` attribute on
// its declaration, which is what the collector reads.
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/DiagnosticSema.h"
#include "clang/Sema/ParsedAttr.h"
#include "clang/Sema/Sema.h"
#include "llvm/Config/llvm-config.h"

#include "edgecut/attribute_names.hpp"

namespace {

using clang::ParsedAttr;
using clang::ParsedAttrInfo;

bool appliesTo(const char* kind, const clang::Decl* decl) {
  if (llvm::StringRef(kind) == "Function") return llvm::isa<clang::FunctionDecl>(decl);
  return llvm::isa<clang::CXXRecordDecl>(decl);
}

const char* describe(const char* kind) {
  return llvm::StringRef(kind) == "Function" ? "functions" : "classes";
}

template <const char* Name, const char* Annotation, const char* AppliesTo>
struct EdgecutAttributeInfo : ParsedAttrInfo {
  EdgecutAttributeInfo() {
    static constexpr Spelling spellings[] = {
        {ParsedAttr::AS_CXX11, Name},
        {ParsedAttr::AS_CXX11, Annotation},
    };
    Spellings = spellings;
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
    if (attr.getNumArgs() != 0) {
      unsigned id = sema.getDiagnostics().getCustomDiagID(
          clang::DiagnosticsEngine::Error, "edgecut attribute '%0' takes no arguments");
      sema.Diag(attr.getLoc(), id) << Name;
      return AttributeNotApplied;
    }
    decl->addAttr(clang::AnnotateAttr::Create(sema.Context, Annotation, nullptr, 0, attr));
    return AttributeApplied;
  }
};

constexpr char kFunction[] = "Function";
constexpr char kClass[] = "Class";

#define EDGECUT_ATTRIBUTE(NAME, APPLIES_TO, SUMMARY)                                        \
  constexpr char kName_##NAME[] = #NAME;                                                    \
  constexpr char kAnnotation_##NAME[] = EDGECUT_ANNOTATION_PREFIX #NAME;                    \
  clang::ParsedAttrInfoRegistry::Add<                                                       \
      EdgecutAttributeInfo<kName_##NAME, kAnnotation_##NAME, k##APPLIES_TO>>                \
      registerAttribute_##NAME(EDGECUT_ANNOTATION_PREFIX #NAME, SUMMARY);
#include "edgecut/attributes.def"

}  // namespace

// Referenced from the tool's main so that a static link could never drop this file.
extern "C" int edgecut_attributes_registered() { return 1; }
