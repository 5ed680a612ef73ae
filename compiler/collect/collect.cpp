#include "edgecut/compiler/collect.hpp"

#include <fstream>
#include <map>
#include <memory>
#include <sstream>
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
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/Path.h"

#include "annotations.hpp"
#include "edgecut/attribute_names.hpp"
#include "edgecut/compiler/duration.hpp"
#include "collect_library.hpp"
#include "collect_operations.hpp"
#include "collect_types.hpp"

namespace edgecut::compiler {

namespace {

const clang::CXXRecordDecl* moteClassOf(clang::QualType type) {
  const auto* record = type.getNonReferenceType()->getAsCXXRecordDecl();
  return record && hasMoteAnnotation(record->getDefinition()) ? record : nullptr;
}

class ProgramCollector {
 public:
  ProgramCollector(clang::ASTContext& context, ProgramModel& model, DiagnosticSink& diagnostics,
                   std::string absoluteMainFile)
      : context_(context),
        sources_(context.getSourceManager()),
        model_(model),
        diagnostics_(diagnostics),
        names_(context),
        absoluteMainFile_(std::move(absoluteMainFile)),
        crossing_(context, model) {
    policy_ = context.getPrintingPolicy();
    policy_.SuppressTagKeyword = true;
  }

  SourceLocation locate(clang::SourceLocation location) const {
    clang::PresumedLoc presumed = sources_.getPresumedLoc(sources_.getExpansionLoc(location));
    if (presumed.isInvalid()) return {};
    std::string file = presumed.getFilename();
    if (file == absoluteMainFile_) file = model_.mainFile;
    return {file, presumed.getLine(), presumed.getColumn()};
  }

  bool inMainFile(clang::SourceLocation location) const {
    return location.isValid() && sources_.isInMainFile(sources_.getExpansionLoc(location));
  }

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

  // A program function: declared by the user in the main file.
  bool isProgramFunction(const clang::FunctionDecl* function) const {
    return function && !function->isImplicit() && inMainFile(function->getLocation()) &&
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
    if (!inMainFile(decl->getLocation())) return;
    for (const auto* attr : edgecutAnnotations(decl)) {
      clang::SourceRange range = attr->getRange();
      if (range.isInvalid() || !inMainFile(range.getBegin())) continue;
      model_.attributeRanges.push_back({offset(range.getBegin()), endOfToken(range.getEnd())});
    }
  }

  void collectMoteClass(const clang::CXXRecordDecl* record) {
    if (!record->isThisDeclarationADefinition() || !inMainFile(record->getLocation())) return;
    if (!hasMoteAnnotation(record)) return;
    MoteClass moteClass;
    moteClass.name = record->getQualifiedNameAsString();
    moteClass.location = locate(record->getLocation());
    moteClass.bodyOpen = offset(record->getBraceRange().getBegin()) + 1;
    moteClass.isClassKeyword = record->isClass();
    for (const clang::FieldDecl* field : record->fields()) {
      moteClass.dataMembers.push_back(field->getNameAsString());
      // The whole member declaration, through its `;`, so the base can drop it.
      unsigned begin = offset(field->getBeginLoc());
      std::size_t semicolon = model_.mainFileText.find(';', endOfToken(field->getEndLoc()));
      if (semicolon != std::string::npos)
        moteClass.dataMemberDeclarations.push_back({begin, static_cast<unsigned>(semicolon + 1)});
    }
    if (record->getDescribedClassTemplate())
      diagnostics_.error(moteClass.location, "a [[mote]] class cannot be a template");
    moteClasses_[record] = model_.moteClasses.size();
    model_.moteClasses.push_back(std::move(moteClass));
  }

  // A subclass of edgecut::Cluster<M>: its [[onboard]] methods run on the cluster head.
  void collectClusterClass(const clang::CXXRecordDecl* record) {
    if (!record->isThisDeclarationADefinition() || !inMainFile(record->getLocation())) return;
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
      model_.clusterClasses.push_back(std::move(clusterClass));
      return;
    }
  }

  void collectFunction(const clang::FunctionDecl* declaration) {
    bool annotated = false;
    for (const auto* redecl : declaration->redecls()) annotated |= !edgecutAnnotations(redecl).empty();
    if (annotated && inMainFile(declaration->getLocation()) &&
        (declaration->getDescribedFunctionTemplate() || declaration->isTemplateInstantiation())) {
      diagnostics_.error(locate(declaration->getLocation()),
                         "edgecut cannot place a function template yet; place a non-template "
                         "function that calls it");
      return;
    }
    if (!isProgramFunction(declaration)) return;
    const clang::FunctionDecl* canonical = declaration->getCanonicalDecl();
    if (functions_.count(canonical)) return;
    functions_[canonical] = model_.functions.size();

    const clang::FunctionDecl* definition = nullptr;
    declaration->isDefined(definition);
    const clang::FunctionDecl* main = definition ? definition : declaration;

    Function function;
    function.key = keyOf(canonical);
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
    if (method && hasMoteAnnotation(method->getParent()) && !function.hasBody) classifyMoteIo(*method, function);
    collectPeriodicTask(*declaration, method, function);

    if (function.hasBody && inMainFile(definition->getLocation())) {
      const clang::Stmt* body = definition->getBody();
      function.body = {offset(body->getBeginLoc()), endOfToken(body->getEndLoc())};
      function.definition = {offset(definition->getSourceRange().getBegin()), function.body.end};
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
    } else if (function.isSensorOrActuator()) {
      diagnostics_.error(at, task + " is a sensor or an actuator, which has no body to run; give the period to "
                                    "a method that uses it");
    }
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
  // A bodiless method of a [[mote]] class is a sensor (`T getX()`) or an actuator (`void setX(T)`).
  void classifyMoteIo(const clang::CXXMethodDecl& method, Function& function) {
    std::string name = method.getNameAsString();
    auto ioName = [&](std::size_t prefix) {
      std::string io = name.substr(prefix);
      io[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(io[0])));
      return io;
    };
    bool looksLikeGetter = name.size() > 3 && name.rfind("get", 0) == 0 && std::isupper(name[3]);
    bool looksLikeSetter = name.size() > 3 && name.rfind("set", 0) == 0 && std::isupper(name[3]);
    auto moteClassIt = moteClasses_.find(method.getParent());
    MoteClass* moteClass =
        moteClassIt == moteClasses_.end() ? nullptr : &model_.moteClasses[moteClassIt->second];
    const std::string where = "'" + function.qualifiedName + "'";
    if (looksLikeGetter) {
      if (method.getNumParams() != 0) {
        diagnostics_.error(function.location,
                           "sensor getter " + where + " must take no parameters; a bodiless "
                           "getX() of a [[mote]] class reads sensor 'x'",
                           {note(function.parameters.front().location, "parameter declared here")});
      } else if (method.getReturnType()->isVoidType()) {
        diagnostics_.error(function.location,
                           "sensor getter " + where + " must return the value it reads");
      }
      function.kind = FunctionKind::Sensor;
      function.ioName = ioName(3);
      if (moteClass) moteClass->sensors.push_back(function.ioName);
    } else if (looksLikeSetter) {
      if (method.getNumParams() != 1 || !method.getReturnType()->isVoidType())
        diagnostics_.error(function.location,
                           "actuator setter " + where + " must take exactly one value and return "
                           "void; a bodiless setX(v) of a [[mote]] class writes actuator 'x'");
      function.kind = FunctionKind::Actuator;
      function.ioName = ioName(3);
      if (moteClass) moteClass->actuators.push_back(function.ioName);
    } else {
      diagnostics_.error(function.location,
                         where + " has no body; in a [[mote]] class only sensor getters getX() and "
                         "actuator setters setX(v) may be bodiless: give it a body or rename it");
    }
  }

  clang::ASTContext& context_;
  clang::SourceManager& sources_;
  ProgramModel& model_;
  DiagnosticSink& diagnostics_;
  clang::ASTNameGenerator names_;
  std::string absoluteMainFile_;
  clang::PrintingPolicy policy_{clang::LangOptions()};
  std::map<const clang::FunctionDecl*, std::size_t> functions_;
  std::map<const clang::CXXRecordDecl*, std::size_t> moteClasses_;
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
  void use(const clang::ValueDecl* declaration, clang::SourceLocation at, const clang::Expr* reference) {
    if (const auto* field = llvm::dyn_cast<clang::FieldDecl>(declaration)) {
      if (hasMoteAnnotation(llvm::dyn_cast<clang::CXXRecordDecl>(field->getParent())))
        function_.fieldUses.push_back({field->getParent()->getQualifiedNameAsString(),
                                       field->getNameAsString(), collector_.locate(at),
                                       collector_.locate(field->getLocation()),
                                       collector_.inMainFile(at) && !at.isMacroID()
                                           ? TextRange{collector_.offset(at), collector_.endOfToken(at)}
                                           : TextRange{}});
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

class CollectConsumer : public clang::ASTConsumer {
 public:
  CollectConsumer(ProgramModel& model, DiagnosticSink& diagnostics, std::string absoluteMainFile)
      : model_(model), diagnostics_(diagnostics), absoluteMainFile_(std::move(absoluteMainFile)) {}

  void HandleTranslationUnit(clang::ASTContext& context) override {
    if (context.getDiagnostics().hasErrorOccurred()) return;
    ProgramCollector collector(context, model_, diagnostics_, absoluteMainFile_);
    DeclarationWalker(collector).TraverseDecl(context.getTranslationUnitDecl());
  }

 private:
  ProgramModel& model_;
  DiagnosticSink& diagnostics_;
  std::string absoluteMainFile_;
};

class CollectAction : public clang::ASTFrontendAction {
 public:
  CollectAction(ProgramModel& model, DiagnosticSink& diagnostics, std::string absoluteMainFile)
      : model_(model), diagnostics_(diagnostics), absoluteMainFile_(std::move(absoluteMainFile)) {}

  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance& compiler,
                                                        llvm::StringRef) override {
    dependencies_ = std::make_shared<clang::DependencyCollector>();
    dependencies_->attachToPreprocessor(compiler.getPreprocessor());
    return std::make_unique<CollectConsumer>(model_, diagnostics_, absoluteMainFile_);
  }

  void EndSourceFileAction() override {
    for (const std::string& file : dependencies_->getDependencies())
      model_.dependencies.push_back(file);
  }

 private:
  ProgramModel& model_;
  DiagnosticSink& diagnostics_;
  std::string absoluteMainFile_;
  std::shared_ptr<clang::DependencyCollector> dependencies_;
};


std::unique_ptr<clang::tooling::CompilationDatabase> compilationDatabase(
    const std::string& mainFile, const CompileSettings& settings, DiagnosticSink& diagnostics) {
  std::string error;
  if (settings.hasExplicitArguments) {
    std::vector<std::string> arguments = settings.explicitArguments;
    return std::make_unique<clang::tooling::FixedCompilationDatabase>(".", arguments);
  }
  if (!settings.buildDirectory.empty()) {
    auto database = clang::tooling::CompilationDatabase::loadFromDirectory(settings.buildDirectory, error);
    if (!database) diagnostics.error({}, "cannot load compile_commands.json from '" +
                                             settings.buildDirectory + "': " + error);
    return database;
  }
  if (auto database = clang::tooling::CompilationDatabase::autoDetectFromSource(mainFile, error))
    return database;
  return std::make_unique<clang::tooling::FixedCompilationDatabase>(
      ".", std::vector<std::string>{"-std=c++20"});
}

// The program-facing headers (edgecut/edgecut.hpp): an installed tool's are in <prefix>/include, beside
// its bin/, wherever the prefix was moved (a .deb extracted into a scratch root too); a tool in
// the build tree uses the source tree's.
std::string apiIncludeDirectory() {
  static int anchor;
  const std::string executable = llvm::sys::fs::getMainExecutable("edgecut", &anchor);
  llvm::SmallString<256> installed(llvm::sys::path::parent_path(llvm::sys::path::parent_path(executable)));
  llvm::sys::path::append(installed, "include");
  llvm::SmallString<256> header(installed);
  llvm::sys::path::append(header, "edgecut", "edgecut.hpp");
  if (!executable.empty() && llvm::sys::fs::exists(header)) return std::string(installed);
  return EDGECUT_API_INCLUDE_DIR;
}

}  // namespace

std::optional<ProgramModel> collectProgram(const std::string& mainFile,
                                           const CompileSettings& settings,
                                           DiagnosticSink& diagnostics) {
  ProgramModel model;
  model.mainFile = mainFile;
  {
    std::ifstream in(mainFile, std::ios::binary);
    if (!in) {
      diagnostics.error({}, "cannot open program '" + mainFile + "'");
      return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    model.mainFileText = text.str();
  }
  auto database = compilationDatabase(mainFile, settings, diagnostics);
  if (!database) return std::nullopt;

  llvm::SmallString<256> absolute(mainFile);
  llvm::sys::fs::make_absolute(absolute);
  llvm::sys::path::remove_dots(absolute, /*remove_dot_dot=*/true);
  // A compile_commands.json knows files by absolute path; explicit arguments take the path as given,
  // so that Clang's diagnostics name the file as the user did, like edgecut's own.
  std::vector<clang::tooling::CompileCommand> commands = database->getCompileCommands(
      settings.hasExplicitArguments ? llvm::StringRef(mainFile) : llvm::StringRef(absolute));
  if (commands.empty()) {
    diagnostics.error({}, "no compile command for '" + mainFile + "' in the compilation database; "
                          "give the compiler arguments after `--`");
    return std::nullopt;
  }
  const clang::tooling::CompileCommand& command = commands.front();
  std::vector<std::string> arguments = command.CommandLine;
  for (const clang::tooling::ArgumentsAdjuster& adjust :
       {clang::tooling::getClangStripOutputAdjuster(), clang::tooling::getClangSyntaxOnlyAdjuster(),
        clang::tooling::getClangStripDependencyFileAdjuster(),
        clang::tooling::getInsertArgumentAdjuster({"-resource-dir", EDGECUT_CLANG_RESOURCE_DIR},
                                                  clang::tooling::ArgumentInsertPosition::BEGIN),
#if LLVM_VERSION_MAJOR >= 17
        // Clang 17 put a line-number gutter before code snippets; without it, Clang's errors read
        // as with 14. First, so that a -fdiagnostics-show-line-numbers of the user's still wins.
        clang::tooling::getInsertArgumentAdjuster("-fno-diagnostics-show-line-numbers",
                                                  clang::tooling::ArgumentInsertPosition::BEGIN),
#endif
        // The program-facing header, last so that the user's own -I flags win.
        clang::tooling::getInsertArgumentAdjuster({"-I" + apiIncludeDirectory()},
                                                  clang::tooling::ArgumentInsertPosition::END)})
    arguments = adjust(arguments, command.Filename);

  // What ClangTool does, without making the file name absolute: run in the command's directory.
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fileSystem(
      llvm::vfs::createPhysicalFileSystem().release());
  fileSystem->setCurrentWorkingDirectory(command.Directory);
  llvm::IntrusiveRefCntPtr<clang::FileManager> files(
      new clang::FileManager(clang::FileSystemOptions(), fileSystem));
  clang::tooling::ToolInvocation invocation(
      arguments, std::make_unique<CollectAction>(model, diagnostics, std::string(absolute)),
      files.get());
  // Clang has printed its errors and their count; edgecut adds nothing to them.
  if (!invocation.run()) return std::nullopt;
  if (diagnostics.hasErrors()) return std::nullopt;
  return model;
}

}  // namespace edgecut::compiler
