// Collect, part: which types can cross between mote and base (docs/design.md §1, "Values that cross"), and
// the program's aggregate structs among them, recorded for emit to give them serializers.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "edgecut/compiler/model.hpp"

namespace edgecut::compiler {

class CrossingTypes {
 public:
  // `programFile`: the program file (ProgramModel::files) that holds a location, if any.
  using ProgramFileOf = std::function<std::optional<unsigned>(clang::SourceLocation)>;
  CrossingTypes(clang::ASTContext& context, ProgramModel& model, ProgramFileOf programFile)
      : context_(context), model_(model), programFile_(std::move(programFile)) {}

  // Why a value of `type` cannot travel between mote and base, or nothing when it can. Every
  // program struct it meets that can cross is added to ProgramModel::userTypes, once, after the
  // structs it contains.
  std::optional<CrossingProblem> problem(clang::QualType type);

  // The data values (scalar leaves, the Bᵢ of docs/design.md §4) a value of `type` carries, as
  // Parameter::dataValues estimates them. Meaningful for types that cross.
  double dataValues(clang::QualType type);

 private:
  std::optional<CrossingProblem> recordProblem(const clang::CXXRecordDecl& record);
  std::optional<CrossingProblem> programStructProblem(const clang::CXXRecordDecl& record);

  clang::ASTContext& context_;
  ProgramModel& model_;
  ProgramFileOf programFile_;
  std::map<const clang::CXXRecordDecl*, std::optional<CrossingProblem>> structs_;  // decided
  std::set<const clang::CXXRecordDecl*> visiting_;  // being decided: a recursive type crosses
};

}  // namespace edgecut::compiler
