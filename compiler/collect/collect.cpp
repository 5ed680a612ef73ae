// Collect, part: one source's AST into the ProgramModel (collect_state.hpp), by ProgramCollector
// and the visitors below; collect_program.cpp runs it over every source.
#include <map>
#include <memory>
#include <set>
#include <string_view>

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Mangle.h"
#include "clang/AST/QualTypeNames.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/Utils.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/Path.h"

#include "annotations.hpp"
#include "edgecut/attribute_names.hpp"
#include "edgecut/compiler/duration.hpp"
#include "collect_library.hpp"
#include "collect_operations.hpp"
#include "collect_state.hpp"
#include "collect_types.hpp"

namespace edgecut::compiler {

namespace {

const clang::CXXRecordDecl* moteClassOf(clang::QualType type) {
  const auto* record = type.getNonReferenceType()->getAsCXXRecordDecl();
  return record && hasMoteAnnotation(record->getDefinition()) ? record : nullptr;
}

class ProgramCollector {
 public:
  ProgramCollector(clang::ASTContext& context, CollectState& state, ProgramModel& model,
                   DiagnosticSink& diagnostics)
      : context_(context),
        sources_(context.getSourceManager()),
        state_(state),
        model_(model),
        diagnostics_(diagnostics),
        names_(context),
        crossing_(context, model, [this](clang::SourceLocation at) { return programFile(at); }) {
    policy_ = context.getPrintingPolicy();
    policy_.SuppressTagKeyword = true;
  }

  // A program file names itself as ProgramModel::files does: a source as the user gave it.
  SourceLocation locate(clang::SourceLocation location) const {
    clang::PresumedLoc presumed = sources_.getPresumedLoc(sources_.getExpansionLoc(location));
    if (presumed.isInvalid()) return {};
    const std::optional<unsigned> file = programFile(location);
    return {file ? model_.files[*file].path : presumed.getFilename(), presumed.getLine(), presumed.getColumn()};
  }

  // The program file (ProgramModel::files) that holds `location`'s expansion, if any.
  std::optional<unsigned> programFile(clang::SourceLocation location) const {
    if (location.isInvalid()) return std::nullopt;
    const clang::SourceLocation expansion = sources_.getExpansionLoc(location);
    const clang::FileID id = sources_.getFileID(expansion);
    if (auto known = fileIndices_.find(id); known != fileIndices_.end()) return known->second;
    std::optional<unsigned> index;
    if (const auto entry = sources_.getFileEntryRefForID(id)) {
      llvm::SmallString<256> path(entry->getName());
      sources_.getFileManager().makeAbsolutePath(path);
      llvm::SmallString<256> shown(entry->getName());
      llvm::sys::path::remove_dots(shown);
      index = state_.files.indexOf(std::string(path), sources_.isInSystemHeader(expansion), std::string(shown));
    }
    fileIndices_[id] = index;
    return index;
  }

  bool inProgramFile(clang::SourceLocation location) const { return programFile(location).has_value(); }

  unsigned offset(clang::SourceLocation location) const {
    return sources_.getFileOffset(sources_.getExpansionLoc(location));
  }

  unsigned endOfToken(clang::SourceLocation location) const {
    clang::SourceLocation expansion = sources_.getExpansionLoc(location);
    return offset(expansion) +
           clang::Lexer::MeasureTokenLength(expansion, sources_, context_.getLangOpts());
  }

  // Fully qualified, however the source spelled the type. Clang's plain printing follows the
  // spelling in different ways from version to version (14 scopes `Probe` as `farm::Probe`, 16 and
  // later keep `Probe`), and keys and messages must read the same with every Clang.
  std::string printType(clang::QualType type) const {
    return clang::TypeName::getFullyQualifiedName(type, context_, policy_);
  }

  // A program function: declared by the user in a program file.
  bool isProgramFunction(const clang::FunctionDecl* function) const {
    return function && !function->isImplicit() && inProgramFile(function->getLocation()) &&
           !function->isTemplateInstantiation() && !function->getDescribedFunctionTemplate() &&
           !llvm::isa<clang::CXXConstructorDecl>(function) &&
           !llvm::isa<clang::CXXDestructorDecl>(function) &&
           !(llvm::isa<clang::CXXMethodDecl>(function) &&
             llvm::cast<clang::CXXMethodDecl>(function)->getParent()->isLambda());
  }

  std::string keyOf(const clang::FunctionDecl* function) const {
    std::string key = function->getQualifiedNameAsString() + "(";
    for (unsigned i = 0; i < function->getNumParams(); ++i) {
      if (i) key += ", ";
      key += printType(function->getParamDecl(i)->getType());
    }
    return key + ")";
  }

  void collectAttributeRanges(const clang::Decl* decl) {
    if (!inProgramFile(decl->getLocation())) return;
    for (const auto* attr : edgecutAnnotations(decl)) {
      clang::SourceRange range = attr->getRange();
      const std::optional<unsigned> file = range.isValid() ? programFile(range.getBegin()) : std::nullopt;
      // A header's attributes are seen from every source that includes it: recorded once.
      if (!file || !state_.attributes.insert({*file, offset(range.getBegin())}).second) continue;
      model_.attributeRanges.push_back({offset(range.getBegin()), endOfToken(range.getEnd()), *file});
    }
  }

  void collectMoteClass(const clang::CXXRecordDecl* record) {
    const std::optional<unsigned> file = programFile(record->getLocation());
    if (!record->isThisDeclarationADefinition() || !file) return;
    if (!hasMoteAnnotation(record)) return;
    MoteClass moteClass;
    moteClass.name = record->getQualifiedNameAsString();
    moteClass.location = locate(record->getLocation());
    moteClass.file = *file;
    const TextRange definition{offset(record->getBeginLoc()), endOfToken(record->getEndLoc()), *file};
    if (auto seen = state_.moteClassByName.find(moteClass.name); seen != state_.moteClassByName.end()) {
      sameMoteClass(seen->second, definition, moteClass.location);
      return;
    }
    moteClass.bodyOpen = offset(record->getBraceRange().getBegin()) + 1;
    moteClass.isClassKeyword = record->isClass();
    for (const clang::FieldDecl* field : record->fields()) {
      moteClass.dataMembers.push_back(field->getNameAsString());
      // The whole member declaration, through its `;`, so the base can drop it.
      unsigned begin = offset(field->getBeginLoc());
      std::size_t semicolon = model_.files[*file].text.find(';', endOfToken(field->getEndLoc()));
      if (semicolon != std::string::npos)
        moteClass.dataMemberDeclarations.push_back({begin, static_cast<unsigned>(semicolon + 1), *file});
    }
    if (record->getDescribedClassTemplate())
      diagnostics_.error(moteClass.location, "a [[mote]] class cannot be a template");
    state_.moteClassByName[moteClass.name] = {model_.moteClasses.size(), definition};
    model_.moteClasses.push_back(std::move(moteClass));
  }

  // A [[mote]] class met again: the same definition (a header seen from another source), or an
  // ODR break, which edgecut cannot partition: it edits one definition of each class.
  void sameMoteClass(const MoteClassDefinition& first, const TextRange& definition, const SourceLocation& at) {
    if (first.text.file == definition.file && first.text.begin == definition.begin) return;
    const MoteClass& earlier = model_.moteClasses[first.index];
    auto textOf = [&](const TextRange& range) {
      return model_.files[range.file].text.substr(range.begin, range.end - range.begin);
    };
    const bool differs = textOf(first.text) != textOf(definition);
    diagnostics_.error(at,
                       "[[mote]] class '" + earlier.name + "' is defined " +
                           (differs ? "differently here than in " : "again here, as in ") +
                           model_.files[first.text.file].path +
                           (differs ? " (an ODR break)" : "") +
                           "; define it once, in a header that every source using it includes",
                       {note(earlier.location, "first definition here")});
  }

  // A subclass of edgecut::Cluster<M>: its [[onboard]] methods run on the cluster head.
  void collectClusterClass(const clang::CXXRecordDecl* record) {
    if (!record->isThisDeclarationADefinition() || !inProgramFile(record->getLocation())) return;
    for (const clang::CXXBaseSpecifier& base : record->bases()) {
      const auto* cluster = llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(
          base.getType()->getAsCXXRecordDecl());
      if (!cluster || cluster->getName() != "Cluster" ||
          cluster->getQualifiedNameAsString() != "edgecut::Cluster")
        continue;
      const clang::TemplateArgumentList& arguments = cluster->getTemplateArgs();
      const clang::CXXRecordDecl* member =
          arguments.size() > 0 && arguments[0].getKind() == clang::TemplateArgument::Type
              ? arguments[0].getAsType()->getAsCXXRecordDecl()
              : nullptr;
      ClusterClass clusterClass;
      clusterClass.name = record->getQualifiedNameAsString();
      clusterClass.location = locate(record->getLocation());
      if (auto seen = state_.clusterClassByName.find(clusterClass.name); seen != state_.clusterClassByName.end()) {
        clusterClasses_[record] = seen->second;  // a header's, seen from another source
        return;
      }
      if (!member || !hasMoteAnnotation(member->getDefinition())) {
        diagnostics_.error(clusterClass.location,
                           "cluster '" + clusterClass.name +
                               "' must group motes of a [[mote]] class: edgecut::Cluster<M> needs "
                               "a class M marked [[mote]]");
        return;
      }
      clusterClass.memberClass = member->getQualifiedNameAsString();
      for (const clang::FieldDecl* field : record->fields())
        diagnostics_.error(locate(field->getLocation()),
                           "cluster '" + clusterClass.name + "' cannot have the data member '" +
                               field->getNameAsString() +
                               "': a cluster carries only its members to the head; keep state in "
                               "the [[mote]] class '" + clusterClass.memberClass +
                               "', or pass it as an argument");
      clusterClasses_[record] = model_.clusterClasses.size();
      state_.clusterClassByName[clusterClass.name] = model_.clusterClasses.size();
      model_.clusterClasses.push_back(std::move(clusterClass));
      return;
    }
  }

  void collectFunction(const clang::FunctionDecl* declaration) {
    bool annotated = false;
    for (const auto* redecl : declaration->redecls()) annotated |= !edgecutAnnotations(redecl).empty();
    if (annotated && inProgramFile(declaration->getLocation()) &&
        (declaration->getDescribedFunctionTemplate() || declaration->isTemplateInstantiation())) {
      diagnostics_.error(locate(declaration->getLocation()),
                         "edgecut cannot place a function template yet; place a non-template "
                         "function that calls it");
      return;
    }
    if (!isProgramFunction(declaration)) return;
    const clang::FunctionDecl* canonical = declaration->getCanonicalDecl();
    if (!functions_.insert(canonical).second) return;

    const clang::FunctionDecl* definition = nullptr;
    declaration->isDefined(definition);
    const clang::FunctionDecl* main = definition ? definition : declaration;

    // One entry per function of the program, whichever sources declare it: the one that defines
    // it, else the first to declare it (finishProgram reports a placed one no source defines).
    const std::string key = keyOf(canonical);
    state_.declaredIn[key].insert(state_.source);
    const auto seen = state_.functionByKey.find(key);
    if (seen != state_.functionByKey.end() && (model_.functions[seen->second].hasBody || !definition))
      return;

    Function function;
    function.key = key;
    function.qualifiedName = main->getQualifiedNameAsString();
    function.mangledName = names_.getName(main);
    function.id = fnv1a32(function.mangledName);
    function.isMain = main->isMain();
    function.hasBody = definition && definition->hasBody();
    function.location = locate(main->getLocation());
    function.returnType = printType(main->getReturnType());
    if (!main->getReturnType()->isVoidType()) {
      function.returnProblem = crossing_.problem(main->getReturnType());
      if (!function.returnProblem) function.returnDataValues = crossing_.dataValues(main->getReturnType());
    }
    function.name = {offset(main->getLocation()), endOfToken(main->getLocation())};
    for (const auto* redecl : declaration->redecls()) {
      for (const auto* attr : edgecutAnnotations(redecl)) {
        const std::optional<Attribute> placement = placementOf(*attr);
        if (!placement) continue;  // an attribute that is no placement
        const Attribute attribute = *placement;
        if (function.attribute != Attribute::None && function.attribute != attribute) {
          diagnostics_.error(locate(attr->getLocation()),
                             std::string("'") + function.qualifiedName + "' is marked both [[" +
                                 attributeSpelling(function.attribute) + "]] and [[" +
                                 attributeSpelling(attribute) + "]]; keep one",
                             {note(function.attributeLocation, "first attribute here")});
          continue;
        }
        if (function.attribute == Attribute::None) function.attributeLocation = locate(attr->getLocation());
        function.attribute = attribute;
      }
    }
    if (function.isMain && function.attribute != Attribute::None &&
        function.attribute != Attribute::Onbase)
      diagnostics_.error(function.attributeLocation,
                         "main always runs on the base; remove its placement attribute");
    function.mainTakesArguments = function.isMain && main->getNumParams() > 0;
    function.isConstexpr = main->isConstexpr();

    for (const clang::ParmVarDecl* parameter : main->parameters()) {
      Parameter out;
      out.name = parameter->getNameAsString();
      out.qualifiedType = printType(parameter->getType());
      out.type = out.qualifiedType;
      out.valueType = printType(parameter->getType().getNonReferenceType().getUnqualifiedType());
      out.location = locate(parameter->getLocation());
      if (const clang::CXXRecordDecl* moteClass = moteClassOf(parameter->getType());
          moteClass && parameter->getType()->isReferenceType())
        out.moteClass = moteClass->getQualifiedNameAsString();
      else
        out.problem = crossing_.problem(parameter->getType());
      out.dataValues = out.moteClass.empty() && !out.problem ? crossing_.dataValues(parameter->getType()) : 0;
      function.parameters.push_back(std::move(out));
    }

    const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(main);
    if (method) {
      function.isConstMethod = method->isConst();
      function.isOutOfLineMethod = method->isOutOfLine();
    }
    function.runsOn = runsOn(method, function);
    collectPeriodicTask(*declaration, method, function);

    const std::optional<unsigned> file = definition ? programFile(definition->getLocation()) : std::nullopt;
    if (function.hasBody && file) {
      const clang::Stmt* body = definition->getBody();
      function.name.file = *file;
      function.body = {offset(body->getBeginLoc()), endOfToken(body->getEndLoc()), *file};
      function.definition = {offset(definition->getSourceRange().getBegin()), function.body.end, *file};
      if (const auto* compound = llvm::dyn_cast<clang::CompoundStmt>(body))
        function.bodyEndsWithReturn =
            !compound->body_empty() && llvm::isa<clang::ReturnStmt>(compound->body_back());
      OperationCounts operations = countOperations(*definition, context_);
      function.blockOperations = std::move(operations.blocks);
      function.operationsPerCall = operations.operationsPerCall;
      collectUses(*definition, function, operations);
      function.libraryUses = collectLibraryUses(
          *definition, context_, [this](clang::SourceLocation at) { return locate(at); });
    }
    if (seen != state_.functionByKey.end()) {
      model_.functions[seen->second] = std::move(function);
      return;
    }
    state_.functionByKey[key] = model_.functions.size();
    model_.functions.push_back(std::move(function));
  }

  // What a call of `function` runs on (docs/design.md §1, "Where a call runs"): the one place that
  // reads it off the declaration. `method` is null for a free function.
  RunsOn runsOn(const clang::CXXMethodDecl* method, const Function& function) const {
    if (method) {
      if (auto cluster = clusterClasses_.find(method->getParent()); cluster != clusterClasses_.end()) {
        const ClusterClass& found = model_.clusterClasses[cluster->second];
        return OnClusterHead{found.name, found.memberClass};
      }
      if (hasMoteAnnotation(method->getParent()))
        return OnMoteInstance{method->getParent()->getQualifiedNameAsString()};
    }
    for (std::size_t i = 0; i < function.parameters.size(); ++i)
      if (!function.parameters[i].moteClass.empty()) return OnMoteParameter{i, function.parameters[i].moteClass};
    if (function.isMain || function.attribute == Attribute::Onbase) return OnBase{};
    return OnCallingMote{};
  }

  // [[every("…")]] (docs/design.md §9): a periodic task. Its timer gives no arguments and runs it
  // on each mote of its class, so it must be a parameterless method of a [[mote]] class, and its
  // side is written down as for any placed function.
  void collectPeriodicTask(const clang::FunctionDecl& declaration, const clang::CXXMethodDecl* method,
                           Function& function) {
    const clang::AnnotateAttr* every = nullptr;
    for (const auto* redecl : declaration.redecls()) {
      for (const auto* attr : edgecutAnnotations(redecl)) {
        if (attr->getAnnotation() != kAnnotation_every) continue;
        if (every)
          diagnostics_.error(locate(attr->getLocation()),
                             "'" + function.qualifiedName + "' has two periods; keep one [[every]]",
                             {note(locate(every->getLocation()), "first period here")});
        else
          every = attr;
      }
    }
    if (!every) return;
    const unsigned errorsBefore = diagnostics_.errorCount();
    const SourceLocation at = locate(every->getLocation());
    const std::string name = "'" + function.qualifiedName + "'";
    const std::string task = "[[every]] makes a method of a [[mote]] class a periodic task, but " + name;
    if (!method) {
      diagnostics_.error(at, task + " is not a method; make it a method of the [[mote]] class whose motes run it");
    } else if (!hasMoteAnnotation(method->getParent())) {
      const std::string owner = method->getParent()->getQualifiedNameAsString();
      diagnostics_.error(at, task + " is a method of '" + owner + "', which is not a [[mote]] class; move it into "
                                    "the [[mote]] class whose motes run it",
                         {note(locate(method->getParent()->getLocation()), "'" + owner + "' declared here")});
    } else if (method->isStatic()) {
      diagnostics_.error(at, task + " is static, so no mote's instance runs it; make it a non-static method");
    }  // a sensor or actuator: finishProgram, once every source has said whether it has a body
    if (!function.parameters.empty())
      diagnostics_.error(function.location,
                         "periodic task " + name + " must take no parameters: its timer has none to give; keep "
                         "what it needs in the mote's data members",
                         {note(function.parameters.front().location, "parameter declared here")});
    if (function.attribute == Attribute::None)
      diagnostics_.error(at, "periodic task " + name + " has no placement attribute; mark it [[onboard]], "
                             "[[onbase]] or [[auto]] to say where it runs");
    const clang::StringLiteral* literal = stringArgument(*every);
    if (!literal) return;  // the registration reported it
    if (literal->getCharByteWidth() != 1) {
      diagnostics_.error(locate(literal->getBeginLoc()), "the period of " + name + " must be a plain string "
                                                         "literal, as in [[every(\"1min\")]]");
      return;
    }
    const std::string written = literal->getString().str();
    const ParsedDuration period = parseDuration(written);
    if (!period.ok()) diagnostics_.error(locate(literal->getBeginLoc()), period.problem);
    if (diagnostics_.errorCount() != errorsBefore) return;
    function.every = PeriodicTask{period.milliseconds, written, at};
  }

  // `operations`: countOperations' counts of each reference, for CallSite::timesPerCall and moteLoops.
  void collectUses(const clang::FunctionDecl& definition, Function& function,
                   const OperationCounts& operations);

 private:
  clang::ASTContext& context_;
  clang::SourceManager& sources_;
  CollectState& state_;
  ProgramModel& model_;
  DiagnosticSink& diagnostics_;
  clang::ASTNameGenerator names_;
  clang::PrintingPolicy policy_{clang::LangOptions()};
  mutable std::map<clang::FileID, std::optional<unsigned>> fileIndices_;  // programFile's answers
  std::set<const clang::FunctionDecl*> functions_;  // canonical declarations met in this source
  std::map<const clang::CXXRecordDecl*, std::size_t> clusterClasses_;  // into model_.clusterClasses
  CrossingTypes crossing_;
};

// Records the program functions and globals a function body uses.
class BodyUses : public clang::RecursiveASTVisitor<BodyUses> {
 public:
  BodyUses(const ProgramCollector& collector, clang::SourceManager& sources, Function& function,
           const OperationCounts& operations)
      : collector_(collector), sources_(sources), function_(function), operations_(operations) {}

  bool VisitDeclRefExpr(clang::DeclRefExpr* reference) {
    use(reference->getDecl(), reference->getLocation(), reference);
    return true;
  }
  bool VisitMemberExpr(clang::MemberExpr* member) {
    use(member->getMemberDecl(), member->getMemberLoc(), member);
    return true;
  }

 private:
  // A member's name at a use that emit can rewrite: written in a program file, by no macro.
  TextRange nameAt(clang::SourceLocation at) const {
    const std::optional<unsigned> file = collector_.programFile(at);
    if (!file || at.isMacroID()) return {};
    return {collector_.offset(at), collector_.endOfToken(at), *file};
  }

  void use(const clang::ValueDecl* declaration, clang::SourceLocation at, const clang::Expr* reference) {
    if (const auto* field = llvm::dyn_cast<clang::FieldDecl>(declaration)) {
      if (hasMoteAnnotation(llvm::dyn_cast<clang::CXXRecordDecl>(field->getParent())))
        function_.fieldUses.push_back({field->getParent()->getQualifiedNameAsString(),
                                       field->getNameAsString(), collector_.locate(at),
                                       collector_.locate(field->getLocation()),
                                       nameAt(at)});
      return;
    }
    if (const auto* callee = llvm::dyn_cast<clang::FunctionDecl>(declaration)) {
      const clang::FunctionDecl* pattern = callee;
      if (collector_.isProgramFunction(pattern)) {
        // A reference countOperations did not walk (implicit code) counts as made once per call.
        const auto counted = operations_.timesPerCall.find(reference);
        const auto loops = operations_.moteLoops.find(reference);
        function_.calls.push_back(
            {collector_.keyOf(pattern->getCanonicalDecl()), collector_.locate(at),
             counted == operations_.timesPerCall.end() ? 1.0 : counted->second,
             loops == operations_.moteLoops.end() ? std::vector<std::string>{} : loops->second});
      }
      return;
    }
    const auto* variable = llvm::dyn_cast<clang::VarDecl>(declaration);
    if (!variable || !variable->hasGlobalStorage() || variable->isStaticLocal()) return;
    if (sources_.isInSystemHeader(sources_.getExpansionLoc(variable->getLocation()))) return;
    GlobalUse global;
    global.name = variable->getQualifiedNameAsString();
    global.isMutable = !variable->getType().isConstQualified() && !variable->isConstexpr();
    global.location = collector_.locate(at);
    global.declaration = collector_.locate(variable->getLocation());
    function_.globals.push_back(std::move(global));
  }

  const ProgramCollector& collector_;
  clang::SourceManager& sources_;
  Function& function_;
  const OperationCounts& operations_;
};

void ProgramCollector::collectUses(const clang::FunctionDecl& definition, Function& function,
                                   const OperationCounts& operations) {
  BodyUses uses(*this, sources_, function, operations);
  uses.TraverseStmt(definition.getBody());
}

class DeclarationWalker : public clang::RecursiveASTVisitor<DeclarationWalker> {
 public:
  explicit DeclarationWalker(ProgramCollector& collector) : collector_(collector) {}
  bool shouldVisitTemplateInstantiations() const { return false; }

  bool VisitDecl(clang::Decl* declaration) {
    collector_.collectAttributeRanges(declaration);
    return true;
  }
  bool VisitCXXRecordDecl(clang::CXXRecordDecl* record) {
    collector_.collectMoteClass(record);
    collector_.collectClusterClass(record);
    return true;
  }
  bool VisitFunctionDecl(clang::FunctionDecl* function) {
    collector_.collectFunction(function);
    return true;
  }

 private:
  ProgramCollector& collector_;
};

// Each `#include` directive of the source and its headers, as written, for ProgramFile::includes.
struct IncludeDirective {
  clang::CharSourceRange name;  // the header's name with its quotes or angle brackets
  std::string path;             // the file it found
  bool system = false;
};

class IncludeRecorder : public clang::PPCallbacks {
 public:
  explicit IncludeRecorder(std::vector<IncludeDirective>& directives) : directives_(directives) {}

  // Called for every directive, a header that its guard skips included (the includer's variant
  // must name the variant even so).
  void InclusionDirective(clang::SourceLocation, const clang::Token&, llvm::StringRef, bool,
                          clang::CharSourceRange name,
#if LLVM_VERSION_MAJOR >= 19
                          clang::OptionalFileEntryRef file, llvm::StringRef, llvm::StringRef,
                          const clang::Module*, bool,
#else
                          const clang::FileEntry* file, llvm::StringRef, llvm::StringRef,
                          const clang::Module*,
#endif
                          clang::SrcMgr::CharacteristicKind kind) override {
    if (!file || name.getBegin().isMacroID()) return;
    directives_.push_back({name, file->getName().str(), kind != clang::SrcMgr::C_User});
  }

 private:
  std::vector<IncludeDirective>& directives_;
};

class CollectConsumer : public clang::ASTConsumer {
 public:
  CollectConsumer(CollectState& state, ProgramModel& model, DiagnosticSink& diagnostics,
                  const std::vector<IncludeDirective>& includes)
      : state_(state), model_(model), diagnostics_(diagnostics), includes_(includes) {}

  void HandleTranslationUnit(clang::ASTContext& context) override {
    if (context.getDiagnostics().hasErrorOccurred()) return;
    ProgramCollector collector(context, state_, model_, diagnostics_);
    DeclarationWalker(collector).TraverseDecl(context.getTranslationUnitDecl());
    clang::SourceManager& sources = context.getSourceManager();
    for (const IncludeDirective& include : includes_) {
      const std::optional<unsigned> includer = collector.programFile(include.name.getBegin());
      llvm::SmallString<256> path(include.path);
      sources.getFileManager().makeAbsolutePath(path);
      llvm::SmallString<256> shown(include.path);
      llvm::sys::path::remove_dots(shown);
      const std::optional<unsigned> header =
          state_.files.indexOf(std::string(path), include.system, std::string(shown));
      if (!includer || !header) continue;
      const TextRange name{collector.offset(include.name.getBegin()),
                           sources.getFileOffset(sources.getExpansionLoc(include.name.getEnd())), *includer};
      auto& recorded = model_.files[*includer].includes;
      bool known = false;  // a header's directives, seen from every source that includes it
      for (const auto& [range, index] : recorded) known = known || range.begin == name.begin;
      if (!known) recorded.push_back({name, *header});
    }
  }

 private:
  CollectState& state_;
  ProgramModel& model_;
  DiagnosticSink& diagnostics_;
  const std::vector<IncludeDirective>& includes_;
};

class CollectAction : public clang::ASTFrontendAction {
 public:
  CollectAction(CollectState& state, ProgramModel& model, DiagnosticSink& diagnostics)
      : state_(state), model_(model), diagnostics_(diagnostics) {}

  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance& compiler,
                                                        llvm::StringRef) override {
    dependencies_ = std::make_shared<clang::DependencyCollector>();
    dependencies_->attachToPreprocessor(compiler.getPreprocessor());
    compiler.getPreprocessor().addPPCallbacks(std::make_unique<IncludeRecorder>(includes_));
    return std::make_unique<CollectConsumer>(state_, model_, diagnostics_, includes_);
  }

  void EndSourceFileAction() override {
    for (const std::string& file : dependencies_->getDependencies())
      model_.dependencies.push_back(file);
  }

 private:
  CollectState& state_;
  ProgramModel& model_;
  DiagnosticSink& diagnostics_;
  std::vector<IncludeDirective> includes_;
  std::shared_ptr<clang::DependencyCollector> dependencies_;
};

}  // namespace

std::unique_ptr<clang::FrontendAction> makeCollectAction(CollectState& state, ProgramModel& model,
                                                         DiagnosticSink& diagnostics) {
  return std::make_unique<CollectAction>(state, model, diagnostics);
}

}  // namespace edgecut::compiler
