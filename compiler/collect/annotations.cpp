#include "annotations.hpp"

#include <string_view>

#include "edgecut/attribute_names.hpp"

namespace edgecut::compiler {

std::vector<const clang::AnnotateAttr*> edgecutAnnotations(const clang::Decl* decl) {
  std::vector<const clang::AnnotateAttr*> found;
  for (const auto* attr : decl->specific_attrs<clang::AnnotateAttr>())
    // Through std::string_view: LLVM 14's StringRef has only startswith, LLVM 19's only starts_with.
    if (!attr->isInherited() &&
        std::string_view(attr->getAnnotation()).starts_with(EDGECUT_ANNOTATION_PREFIX))
      found.push_back(attr);
  return found;
}

std::optional<Attribute> placementOf(const clang::AnnotateAttr& annotation) {
#define EDGECUT_PLACEMENT(NAME, ENUMERATOR, SUMMARY) \
  if (annotation.getAnnotation() == kAnnotation_##NAME) return Attribute::ENUMERATOR;
#include "edgecut/attributes.def"
  return std::nullopt;
}

const clang::StringLiteral* stringArgument(const clang::AnnotateAttr& annotation) {
  if (annotation.args_size() != 1) return nullptr;
  return llvm::dyn_cast<clang::StringLiteral>((*annotation.args_begin())->IgnoreParenImpCasts());
}

bool hasMoteAnnotation(const clang::CXXRecordDecl* record) {
  if (!record) return false;
  for (const auto* redecl : record->redecls())
    for (const auto* attr : edgecutAnnotations(redecl))
      if (attr->getAnnotation() == kAnnotation_mote) return true;
  return false;
}

}  // namespace edgecut::compiler
