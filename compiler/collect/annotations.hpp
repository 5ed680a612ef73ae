// Collect, part: the annotations that edgecut's attributes leave on declarations
// (attributes/src/attribute_registration.cpp attaches them, one per attribute of attributes.def).
#pragma once

#include <optional>
#include <vector>

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "edgecut/compiler/model.hpp"

namespace edgecut::compiler {

// edgecut's annotations on one declaration, ignoring the copies Clang makes on redeclarations.
std::vector<const clang::AnnotateAttr*> edgecutAnnotations(const clang::Decl* decl);

// The placement an annotation records, or nothing for an attribute that is no placement.
std::optional<Attribute> placementOf(const clang::AnnotateAttr& annotation);

// The string literal an attribute with a String argument (attributes.def) keeps as its
// annotation's argument, or null.
const clang::StringLiteral* stringArgument(const clang::AnnotateAttr& annotation);

// Whether any declaration of `record` is marked [[mote]]; false for null.
bool hasMoteAnnotation(const clang::CXXRecordDecl* record);

}  // namespace edgecut::compiler
