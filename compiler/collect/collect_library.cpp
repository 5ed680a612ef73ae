#include "collect_library.hpp"

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/QualTypeNames.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"

namespace edgecut::compiler {

namespace {

// The C headers of the C++ standard library, which count as their <cX> names.
const std::set<std::string_view> kCHeaders = {
    "assert", "ctype", "errno",  "fenv",   "float",  "inttypes", "limits", "locale",
    "math",   "setjmp", "signal", "stdarg", "stddef", "stdint",   "stdio",  "stdlib",
    "string", "time",  "uchar",  "wchar",  "wctype"};

class HeaderNames {
 public:
  explicit HeaderNames(const clang::SourceManager& sources) : sources_(sources) {}

  // The public header that declares what is at `location`, or "" outside system headers.
  std::string of(clang::SourceLocation location) {
    location = sources_.getExpansionLoc(location);
    if (location.isInvalid() || !sources_.isInSystemHeader(location)) return "";
    clang::FileID file = sources_.getFileID(location);
    if (auto known = cache_.find(file); known != cache_.end()) return known->second;
    std::string header;
    for (clang::FileID at = file; at.isValid();) {
      std::string path(sources_.getFilename(sources_.getLocForStartOfFile(at)));
      std::string_view text = sources_.getBufferData(at).substr(0, 4096);
      if (auto named = text.find("@headername{"); named != std::string_view::npos) {
        std::string_view names = text.substr(named + 12);
        names = names.substr(0, names.find_first_of(",}"));
        while (!names.empty() && names.back() == ' ') names.remove_suffix(1);
        header = std::string(names);
        break;
      }
      std::size_t libcxx = path.find("/__");
      if (libcxx != std::string::npos && path.find('/', libcxx + 3) != std::string::npos) {
        header = path.substr(libcxx + 3, path.find('/', libcxx + 3) - libcxx - 3);
        break;
      }
      bool internal = path.find("/bits/") != std::string::npos || path.find("/sys/") != std::string::npos;
      clang::SourceLocation includer = sources_.getIncludeLoc(at);
      if (!internal || includer.isInvalid() || !sources_.isInSystemHeader(includer)) {
        header = path.substr(path.rfind('/') + 1);
        break;
      }
      at = sources_.getFileID(includer);
    }
    if (header.size() > 2 && header.ends_with(".h") && kCHeaders.count(header.substr(0, header.size() - 2)))
      header = "c" + header.substr(0, header.size() - 2);
    cache_[file] = header;
    return header;
  }

 private:
  const clang::SourceManager& sources_;
  std::map<clang::FileID, std::string> cache_;
};

std::string templateName(const clang::CXXRecordDecl& record) {
  if (const auto* specialization = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(&record))
    return specialization->getSpecializedTemplate()->getQualifiedNameAsString();
  return record.getQualifiedNameAsString();
}

class LibraryUseVisitor : public clang::RecursiveASTVisitor<LibraryUseVisitor> {
 public:
  LibraryUseVisitor(clang::ASTContext& context,
                    const std::function<SourceLocation(clang::SourceLocation)>& locate)
      : context_(context), headers_(context.getSourceManager()), locate_(locate) {
    policy_ = context.getPrintingPolicy();
    policy_.SuppressTagKeyword = true;
  }

  std::vector<LibraryUse> uses;

  bool VisitCXXNewExpr(clang::CXXNewExpr* expression) {
    const clang::FunctionDecl* allocator = expression->getOperatorNew();
    if (!allocator || !allocator->isReservedGlobalPlacementOperator())  // placement new is fine
      feature("new", expression->getBeginLoc());
    return true;
  }
  bool VisitCXXDeleteExpr(clang::CXXDeleteExpr* expression) {
    feature("delete", expression->getBeginLoc());
    return true;
  }
  bool VisitCXXThrowExpr(clang::CXXThrowExpr* expression) {
    feature("throw", expression->getThrowLoc());
    return true;
  }
  bool VisitCXXTryStmt(clang::CXXTryStmt* statement) {
    feature("try", statement->getTryLoc());
    return true;
  }
  bool VisitCXXTypeidExpr(clang::CXXTypeidExpr* expression) {
    feature("typeid", expression->getBeginLoc());
    return true;
  }
  bool VisitCXXDynamicCastExpr(clang::CXXDynamicCastExpr* expression) {
    feature("dynamic_cast", expression->getOperatorLoc());
    return true;
  }
  bool VisitDeclRefExpr(clang::DeclRefExpr* reference) {
    const clang::ValueDecl* declaration = reference->getDecl();
    // `std::sqrt` found through `using ::sqrt;` in <cmath> is <cmath>'s.
    const clang::NamedDecl* found = reference->getFoundDecl();
    clang::SourceLocation declared = llvm::isa<clang::UsingShadowDecl>(found)
                                         ? found->getLocation()
                                         : declaration->getLocation();
    if (const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(declaration)) {
      member(*method->getParent(), method->getNameAsString(), declared, reference->getLocation());
      return true;
    }
    std::string header = headers_.of(declared);
    if (header.empty()) return true;
    std::string name = found->getQualifiedNameAsString();  // as found: `std::printf`
    add({LibraryUse::Kind::Declaration, name, name, header, locate_(reference->getBeginLoc())});
    return true;
  }
  bool VisitMemberExpr(clang::MemberExpr* expression) {
    const clang::ValueDecl* declaration = expression->getMemberDecl();
    const auto* record = llvm::dyn_cast<clang::CXXRecordDecl>(declaration->getDeclContext());
    if (!record) return true;
    // Named after the object's type: `std::string::c_str`.
    clang::QualType object = expression->getBase()->IgnoreImpCasts()->getType();
    if (expression->isArrow() && object->isPointerType()) object = object->getPointeeType();
    std::string type = typeName(object.getUnqualifiedType().getNonReferenceType());
    member(*record, declaration->getNameAsString(), declaration->getLocation(),
           expression->getMemberLoc(), type);
    return true;
  }
  bool VisitCXXConstructExpr(clang::CXXConstructExpr* expression) {
    typeUse(expression->getType(), expression->getBeginLoc());
    return true;
  }
  bool VisitVarDecl(clang::VarDecl* variable) {
    typeUse(variable->getType(), variable->getLocation());
    return true;
  }

 private:
  void feature(const char* what, clang::SourceLocation at) {
    add({LibraryUse::Kind::Expression, what, "", "", locate_(at)});
  }

  void member(const clang::CXXRecordDecl& record, const std::string& name,
              clang::SourceLocation declared, clang::SourceLocation at, std::string type = "") {
    std::string header = headers_.of(declared);
    if (header.empty()) return;
    if (type.empty() || type.find("(lambda") != std::string::npos)
      type = record.getQualifiedNameAsString();
    add({LibraryUse::Kind::Declaration, type + "::" + name, templateName(record), header,
         locate_(at)});
  }

  // A class type from a system header, and the standard types it is made of.
  void typeUse(clang::QualType type, clang::SourceLocation at, unsigned depth = 0) {
    if (depth > 4) return;
    type = type.getNonReferenceType();
    while (type->isPointerType() || type->isArrayType())
      type = type->isPointerType() ? type->getPointeeType()
                                   : clang::QualType(type->getPointeeOrArrayElementType(), 0);
    const clang::CXXRecordDecl* record = type->getAsCXXRecordDecl();
    if (!record || record->isLambda()) return;
    std::string header = headers_.of(record->getLocation());
    if (header.empty()) return;
    add({LibraryUse::Kind::Declaration, typeName(type.getUnqualifiedType()),
         templateName(*record), header, locate_(at)});
    if (const auto* specialization = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(record))
      for (const clang::TemplateArgument& argument : specialization->getTemplateArgs().asArray())
        if (argument.getKind() == clang::TemplateArgument::Type)
          typeUse(argument.getAsType(), at, depth + 1);
  }

  // Fully qualified, however the program spelled it: Clang 14 and 19 print spellings differently
  // (`string` under `using namespace std` is `std::string` on 14, `string` on 19).
  std::string typeName(clang::QualType type) const {
    return clang::TypeName::getFullyQualifiedName(type, context_, policy_);
  }

  // Once per thing, header and line: the profile reports per line anyway.
  void add(LibraryUse use) {
    if (!seen_.emplace(use.what, use.header, use.location.line).second) return;
    uses.push_back(std::move(use));
  }

  clang::ASTContext& context_;
  HeaderNames headers_;
  const std::function<SourceLocation(clang::SourceLocation)>& locate_;
  clang::PrintingPolicy policy_{clang::LangOptions()};
  std::set<std::tuple<std::string, std::string, unsigned>> seen_;
};

}  // namespace

std::vector<LibraryUse> collectLibraryUses(
    const clang::FunctionDecl& definition, clang::ASTContext& context,
    const std::function<SourceLocation(clang::SourceLocation)>& locate) {
  LibraryUseVisitor visitor(context, locate);
  for (const clang::ParmVarDecl* parameter : definition.parameters())
    visitor.TraverseDecl(const_cast<clang::ParmVarDecl*>(parameter));
  visitor.TraverseStmt(definition.getBody());
  return std::move(visitor.uses);
}

}  // namespace edgecut::compiler
