#include "collect_types.hpp"

#include <string>

#include "clang/AST/DeclTemplate.h"
#include "clang/Basic/SourceManager.h"

#include "annotations.hpp"

namespace edgecut::compiler {

namespace {

bool isStdRecord(const clang::CXXRecordDecl* record, llvm::StringRef name) {
  return record->isInStdNamespace() && record->getName() == name;
}

CrossingProblem because(std::string what) { return CrossingProblem{std::move(what)}; }

}  // namespace

std::optional<CrossingProblem> CrossingTypes::problem(clang::QualType type) {
  if (type->isReferenceType()) {
    clang::QualType referee = type->getPointeeType();
    if (type->isLValueReferenceType() && !referee.isConstQualified())
      return because("a non-const reference");
    return problem(referee);
  }
  type = type.getCanonicalType();
  if (type->isFunctionPointerType() || type->isMemberFunctionPointerType())
    return because("a function pointer");
  if (type->isAnyPointerType() || type->isMemberPointerType()) return because("a pointer");
  if (type->isVoidType() || type->isEnumeralType() || type->isBooleanType() ||
      type->isArithmeticType())
    return std::nullopt;
  if (type->isArrayType()) return because("a C array (use std::array)");
  const clang::CXXRecordDecl* record = type->getAsCXXRecordDecl();
  if (!record) return because("not a serializable type");
  return recordProblem(*record);
}

double CrossingTypes::dataValues(clang::QualType type) {
  type = type.getNonReferenceType().getCanonicalType();
  if (type->isVoidType()) return 0;
  const clang::CXXRecordDecl* record = type->getAsCXXRecordDecl();
  if (!record) return 1;  // arithmetic, enum, bool
  if (hasMoteAnnotation(record->getDefinition())) return 0;  // a mote is named, not sent
  if (isStdRecord(record, "basic_string")) return 1;
  const auto* specialization = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(record);
  if (specialization && record->isInStdNamespace()) {
    const clang::TemplateArgumentList& arguments = specialization->getTemplateArgs();
    auto elements = [&](unsigned i) {
      return i < arguments.size() && arguments[i].getKind() == clang::TemplateArgument::Type
                 ? dataValues(arguments[i].getAsType())
                 : 1.0;
    };
    if (isStdRecord(record, "vector")) return kUnknownElementCount * elements(0);
    if (isStdRecord(record, "optional")) return elements(0);
    if (isStdRecord(record, "array") && arguments.size() > 1 &&
        arguments[1].getKind() == clang::TemplateArgument::Integral)
      return static_cast<double>(arguments[1].getAsIntegral().getLimitedValue()) * elements(0);
    if (isStdRecord(record, "pair")) return elements(0) + elements(1);
    if (isStdRecord(record, "tuple")) {
      double sum = 0;
      for (const clang::TemplateArgument& argument : arguments.asArray())
        if (argument.getKind() == clang::TemplateArgument::Pack)
          for (const clang::TemplateArgument& element : argument.pack_elements())
            if (element.getKind() == clang::TemplateArgument::Type) sum += dataValues(element.getAsType());
      return sum;
    }
  }
  const clang::CXXRecordDecl* definition = record->getDefinition();
  if (!definition || visiting_.count(definition)) return 1;
  visiting_.insert(definition);
  double sum = 0;
  for (const clang::FieldDecl* field : definition->fields()) sum += dataValues(field->getType());
  visiting_.erase(definition);
  return sum;
}

std::optional<CrossingProblem> CrossingTypes::recordProblem(const clang::CXXRecordDecl& record) {
  if (record.isLambda()) return because("a lambda");
  if (isStdRecord(&record, "function")) return because("a function object");
  if (hasMoteAnnotation(record.getDefinition()))
    return because("a [[mote]] class passed by value (pass it by reference)");
  static const char* const kContainers[] = {"basic_string", "vector", "array",
                                            "optional",     "pair",   "tuple"};
  bool isContainer = false;
  for (const char* name : kContainers) isContainer |= isStdRecord(&record, name);
  if (!isContainer) {
    if (record.isInStdNamespace())
      return because("a standard library type that edgecut does not serialize");
    return programStructProblem(record);
  }
  const auto* specialization = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(&record);
  if (!specialization) return std::nullopt;
  const clang::TemplateArgumentList& arguments = specialization->getTemplateArgs();
  // Only the element types matter: allocators, traits and sizes always cross.
  unsigned elementCount = isStdRecord(&record, "pair") || isStdRecord(&record, "tuple")
                              ? arguments.size()
                              : 1;
  if (isStdRecord(&record, "basic_string")) elementCount = 0;
  for (unsigned i = 0; i < elementCount && i < arguments.size(); ++i) {
    const clang::TemplateArgument& argument = arguments[i];
    if (argument.getKind() == clang::TemplateArgument::Type) {
      if (auto found = problem(argument.getAsType())) return found;
    } else if (argument.getKind() == clang::TemplateArgument::Pack) {
      for (const clang::TemplateArgument& element : argument.pack_elements())
        if (element.getKind() == clang::TemplateArgument::Type)
          if (auto found = problem(element.getAsType())) return found;
    }
  }
  return std::nullopt;
}

// A struct of the program crosses as the array of its members when it is an aggregate whose members
// all cross, and is defined in one of the program's files, where emit can add its serializer.
std::optional<CrossingProblem> CrossingTypes::programStructProblem(const clang::CXXRecordDecl& record) {
  const clang::CXXRecordDecl* definition = record.getDefinition();
  if (!definition) return because("an incomplete type");
  if (auto decided = structs_.find(definition); decided != structs_.end()) return decided->second;
  if (visiting_.count(definition)) return std::nullopt;  // recursive: decided by the outer visit

  const clang::SourceManager& sources = context_.getSourceManager();
  const std::string kind = definition->isUnion() ? "a union"
                           : definition->isClass() ? "a class"
                                                   : "a struct";
  auto decide = [&]() -> std::optional<CrossingProblem> {
    if (definition->isUnion()) return because("a union, which edgecut cannot serialize");
    clang::SourceLocation close = sources.getExpansionLoc(definition->getBraceRange().getEnd());
    const std::optional<unsigned> file = programFile_(definition->getLocation());
    if (!file || !close.isValid() || programFile_(close) != file)
      return because(kind + " defined outside the program's files, so edgecut cannot add its "
                            "serializer");
    if (llvm::isa<clang::ClassTemplateSpecializationDecl>(definition))
      return because(kind + " made from a template, which edgecut does not serialize yet");
    if (definition->getName().empty()) return because("an unnamed " + kind.substr(2) + "; name it");
    if (definition->isLocalClass())
      return because(kind + " local to a function; define it outside the function");
    if (definition->isPolymorphic()) return because(kind + " with virtual functions, so not an aggregate");
    if (definition->getNumBases() > 0)
      return because(kind + " with a base class, which edgecut does not serialize; make the base "
                            "a member");
    for (const clang::FieldDecl* field : definition->fields())
      if (field->getAccess() == clang::AS_private || field->getAccess() == clang::AS_protected)
        return because(kind + " whose member '" + field->getNameAsString() + "' is " +
                       (field->getAccess() == clang::AS_private ? "private" : "protected") +
                       ", so not an aggregate");
    if (definition->hasUserDeclaredConstructor())
      return because(kind + " with a user-declared constructor, so not an aggregate");
    if (!definition->isAggregate()) return because(kind + " that is not an aggregate");
    UserType user;
    for (const clang::FieldDecl* field : definition->fields()) {
      if (field->isBitField() && field->getName().empty()) continue;  // unnamed padding
      std::string name = field->getNameAsString();
      std::string member = kind + " whose member '" + name + "' is ";
      if (name.empty()) return because(kind + " with an anonymous member; name it");
      if (field->isBitField()) return because(member + "a bit-field");
      clang::QualType type = field->getType();
      if (type->isReferenceType()) return because(member + "a reference");
      if (type.isConstQualified()) return because(member + "const");
      if (auto found = problem(type)) {
        const clang::CXXRecordDecl* holder = type->getAsCXXRecordDecl();
        if (holder && holder->isInStdNamespace() && !found->what.starts_with("a standard"))
          member = kind + " whose member '" + name + "' holds ";  // the problem is in its elements
        return because(member + found->what);
      }
      user.fields.push_back(std::move(name));
    }
    user.name = definition->getQualifiedNameAsString();
    user.localName = definition->getNameAsString();
    user.file = *file;
    user.bodyClose = sources.getFileOffset(close);
    // A header's struct, seen from every source that includes it, gets one serializer.
    for (const UserType& known : model_.userTypes)
      if (known.name == user.name) return std::nullopt;
    model_.userTypes.push_back(std::move(user));
    return std::nullopt;
  };
  visiting_.insert(definition);
  std::optional<CrossingProblem> result = decide();
  visiting_.erase(definition);
  structs_[definition] = result;
  return result;
}

}  // namespace edgecut::compiler
