#include "collect_operations.hpp"

#include <cstdint>
#include <limits>
#include <optional>

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

#include "annotations.hpp"

namespace edgecut::compiler {

namespace {

using Kind = BlockOperations::Kind;

// The value of an integer constant expression, if `expression` is one.
std::optional<std::int64_t> integerConstant(const clang::Expr* expression, const clang::ASTContext& context) {
  if (!expression || expression->isValueDependent()) return std::nullopt;
  clang::Expr::EvalResult result;
  if (!expression->EvaluateAsInt(result, context)) return std::nullopt;
  const llvm::APSInt& value = result.Val.getInt();
  // isIntN/isSignedIntN, rather than bit counts: LLVM 17 renamed getMinSignedBits.
  if (value.isUnsigned() ? !value.isIntN(63) : !value.isSignedIntN(64)) return std::nullopt;
  return value.isUnsigned() ? static_cast<std::int64_t>(value.getZExtValue()) : value.getSExtValue();
}

// A window counter's test, `++n == C`, `n++ == C`, `++n >= C` or `i % C == 0` (C a constant of at
// least 2), holds once every C runs: the estimate weighs its then-branch by 1/C (collect_operations.hpp).
std::optional<double> counterPeriod(const clang::Expr* condition, const clang::ASTContext& context) {
  const auto* test = llvm::dyn_cast_or_null<clang::BinaryOperator>(condition ? condition->IgnoreParenImpCasts() : nullptr);
  if (!test || (test->getOpcode() != clang::BO_EQ && test->getOpcode() != clang::BO_GE)) return std::nullopt;
  const clang::Expr* left = test->getLHS()->IgnoreParenImpCasts();
  const std::optional<std::int64_t> right = integerConstant(test->getRHS(), context);
  if (const auto* step = llvm::dyn_cast<clang::UnaryOperator>(left); step && step->isIncrementOp() && right &&
                                                                      *right >= 2)
    return static_cast<double>(*right);
  if (const auto* remainder = llvm::dyn_cast<clang::BinaryOperator>(left);
      remainder && remainder->getOpcode() == clang::BO_Rem && test->getOpcode() == clang::BO_EQ && right &&
      *right == 0) {
    const std::optional<std::int64_t> period = integerConstant(remainder->getRHS(), context);
    if (period && *period >= 2) return static_cast<double>(*period);
  }
  return std::nullopt;
}

bool refersTo(const clang::Expr* expression, const clang::VarDecl* variable) {
  const auto* reference = llvm::dyn_cast_or_null<clang::DeclRefExpr>(expression ? expression->IgnoreParenImpCasts() : nullptr);
  return reference && reference->getDecl() == variable;
}

// Whether `statement` may change `variable`: any use of it other than reading its value (an
// assignment, ++, &, a reference bound to it) counts as a change.
bool mayModify(const clang::Stmt* statement, const clang::VarDecl* variable) {
  if (!statement) return false;
  if (const auto* cast = llvm::dyn_cast<clang::ImplicitCastExpr>(statement);
      cast && cast->getCastKind() == clang::CK_LValueToRValue && refersTo(cast->getSubExpr(), variable))
    return false;
  if (const auto* reference = llvm::dyn_cast<clang::DeclRefExpr>(statement); reference && reference->getDecl() == variable)
    return true;
  for (const clang::Stmt* child : statement->children())
    if (mayModify(child, variable)) return true;
  return false;
}

class OperationCounter {
 public:
  explicit OperationCounter(clang::ASTContext& context)
      : context_(context), sources_(context.getSourceManager()) {}

  OperationCounts count(const clang::FunctionDecl& definition) {
    const clang::Stmt* body = definition.getBody();
    if (body) file_ = sources_.getFileID(sources_.getExpansionLoc(body->getBeginLoc()));
    if (const auto* compound = llvm::dyn_cast_or_null<clang::CompoundStmt>(body))
      block(*compound, 0);
    else
      statement(body);  // a function-try-block: its try block and handlers are blocks
    OperationCounts counts;
    counts.blocks = std::move(blocks_);
    for (const BlockOperations& counted : counts.blocks)
      counts.operationsPerCall += static_cast<double>(counted.operations) * counted.timesPerCall;
    counts.timesPerCall = std::move(timesPerCall_);
    counts.moteLoops = std::move(moteLoops_);
    return counts;
  }

 private:
  static constexpr std::size_t kNoBlock = std::numeric_limits<std::size_t>::max();

  // ---- places in the text of the body's file ----

  std::optional<unsigned> offset(clang::SourceLocation location) const {
    if (location.isInvalid() || location.isMacroID() || sources_.getFileID(location) != file_) return std::nullopt;
    return sources_.getFileOffset(location);
  }

  // Where `body` begins and ends (after its `;`), as the text shows it: a statement a macro wrote
  // counts from the macro's name to the end of its arguments.
  std::optional<TextRange> statementRange(const clang::Stmt& body) const {
    clang::SourceLocation begin = sources_.getExpansionLoc(body.getBeginLoc());
    clang::SourceLocation last = body.getEndLoc();
    if (last.isMacroID()) last = sources_.getExpansionRange(last).getEnd();
    const auto from = offset(begin);
    const auto to = offset(last);
    if (!from || !to) return std::nullopt;
    unsigned end = *to + clang::Lexer::MeasureTokenLength(last, sources_, context_.getLangOpts());
    // An expression statement, a return, a do-while end before their `;`.
    const auto next = clang::Lexer::findNextToken(last, sources_, context_.getLangOpts());
    if (!llvm::isa<clang::CompoundStmt>(body) && next && next->is(clang::tok::semi)) {
      if (const auto semicolon = offset(next->getLocation())) end = *semicolon + 1;
    }
    return TextRange{*from, end};
  }

  // ---- blocks ----

  void add(std::uint64_t operations) {
    if (current_ != kNoBlock) blocks_[current_].operations += operations;
  }

  // Opens a block that counts `operations` to begin with and makes it the current one; returns the
  // block that was current. `depth` orders closing texts that meet at one offset (deepest first).
  std::size_t open(Kind kind, unsigned insertAt, unsigned end, unsigned depth, std::uint64_t operations) {
    BlockOperations opened;
    opened.kind = kind;
    opened.insertAt = insertAt;
    opened.end = end;
    opened.depth = depth;
    opened.operations = operations;
    opened.timesPerCall = weight_;
    blocks_.push_back(opened);
    return std::exchange(current_, blocks_.size() - 1);
  }

  // A `{...}` entered from its top, counting `carried` operations besides its own.
  void block(const clang::CompoundStmt& compound, std::uint64_t carried) {
    const std::size_t outer = current_;
    if (const auto brace = offset(compound.getLBracLoc()))
      open(Kind::Block, *brace + 1, 0, 2 * depth_, carried);
    else
      add(carried);  // a block a macro wrote: counted with the block around it
    statements(compound);
    current_ = outer;
  }

  // The statements of a compound, in order; each case label starts a block of its own.
  void statements(const clang::CompoundStmt& compound) {
    for (const clang::Stmt* child : compound.body()) {
      if (const auto* label = llvm::dyn_cast<clang::SwitchCase>(child))
        caseLabel(*label);
      else
        statement(child);
    }
  }

  // `case X:` (or several labels in a row): the statements after the last label, up to the next
  // label, count at that label, whether entered by the switch or by falling through.
  void caseLabel(const clang::SwitchCase& label) {
    const clang::SwitchCase* innermost = &label;
    while (const auto* inner = llvm::dyn_cast_or_null<clang::SwitchCase>(innermost->getSubStmt())) innermost = inner;
    if (const auto colon = offset(innermost->getColonLoc())) open(Kind::CaseLabel, *colon + 1, 0, 2 * depth_, 0);
    statement(innermost->getSubStmt());
  }

  // The body of an if, else or loop, counting `carried` besides its own operations: a block, or a
  // statement that gets braces (and a counter) in the mote unit.
  void body(const clang::Stmt* body, std::uint64_t carried) {
    if (!body) return;
    if (const auto* compound = llvm::dyn_cast<clang::CompoundStmt>(body); compound && offset(compound->getLBracLoc())) {
      ++depth_;
      block(*compound, carried);
      --depth_;
      return;
    }
    const std::size_t outer = current_;
    if (const auto range = statementRange(*body))
      open(Kind::Unbraced, range->begin, range->end, 2 * (depth_ + 1), carried);
    else
      add(carried);  // a body inside a macro: counted with the block around it
    statement(body);
    current_ = outer;
  }

  // ---- statements ----

  void statement(const clang::Stmt* statement) {
    if (!statement) return;
    ++depth_;
    dispatch(*statement);
    --depth_;
  }

  void dispatch(const clang::Stmt& statement) {
    if (const auto* compound = llvm::dyn_cast<clang::CompoundStmt>(&statement)) {
      block(*compound, 0);
    } else if (const auto* ifStatement = llvm::dyn_cast<clang::IfStmt>(&statement)) {
      add(simpleOperations(ifStatement->getInit()));
      add(conditionOperations(ifStatement->getConditionVariableDeclStmt(), ifStatement->getCond()));
      branches(*ifStatement, 0);
    } else if (const auto* loop = llvm::dyn_cast<clang::ForStmt>(&statement)) {
      forLoop(*loop);
    } else if (const auto* loop = llvm::dyn_cast<clang::WhileStmt>(&statement)) {
      const double outer = weight_;
      const double trips = kUnknownTripCount;
      weight_ = outer * (trips + 1);
      const std::uint64_t test = conditionOperations(loop->getConditionVariableDeclStmt(), loop->getCond());
      add(test);  // the final test
      weight_ = outer * trips;
      body(loop->getBody(), test);
      weight_ = outer;
    } else if (const auto* loop = llvm::dyn_cast<clang::DoStmt>(&statement)) {
      const double outer = weight_;
      weight_ = outer * kUnknownTripCount;
      const std::uint64_t test = conditionOperations(nullptr, loop->getCond());
      body(loop->getBody(), test);
      weight_ = outer;
    } else if (const auto* loop = llvm::dyn_cast<clang::CXXForRangeStmt>(&statement)) {
      rangeLoop(*loop);
    } else if (const auto* choice = llvm::dyn_cast<clang::SwitchStmt>(&statement)) {
      switchStatement(*choice);
    } else if (const auto* label = llvm::dyn_cast<clang::SwitchCase>(&statement)) {
      caseLabel(*label);  // a label that is not directly in the switch's block
    } else if (const auto* declarations = llvm::dyn_cast<clang::DeclStmt>(&statement)) {
      add(declarationOperations(declarations));
    } else if (const auto* result = llvm::dyn_cast<clang::ReturnStmt>(&statement)) {
      add(expression(result->getRetValue()));
    } else if (const auto* attempt = llvm::dyn_cast<clang::CXXTryStmt>(&statement)) {
      this->statement(attempt->getTryBlock());
      for (unsigned i = 0; i < attempt->getNumHandlers(); ++i)
        this->statement(attempt->getHandler(i)->getHandlerBlock());
    } else if (const auto* labeled = llvm::dyn_cast<clang::LabelStmt>(&statement)) {
      this->statement(labeled->getSubStmt());
    } else if (const auto* attributed = llvm::dyn_cast<clang::AttributedStmt>(&statement)) {
      this->statement(attributed->getSubStmt());
    } else if (const auto* value = llvm::dyn_cast<clang::Expr>(&statement)) {
      add(expression(value));
    } else if (llvm::isa<clang::NullStmt, clang::BreakStmt, clang::ContinueStmt, clang::GotoStmt,
                         clang::IndirectGotoStmt>(&statement)) {
      // jumps count nothing
    } else {
      for (const clang::Stmt* child : statement.children()) this->statement(child);
    }
  }

  // An if's then- and else-branches. `carried`: the tests of an else-if chain that ran to get here
  // (0 for the first if, whose test counts in the block around it).
  void branches(const clang::IfStmt& chosen, std::uint64_t carried) {
    const double outer = weight_;
    // `if constexpr`: the discarded branch never runs.
    std::optional<std::int64_t> constant =
        chosen.isConstexpr() ? integerConstant(chosen.getCond(), context_) : std::nullopt;
    // A window counter's then-branch runs once every C runs, its else-branch the other times.
    const std::optional<double> period = chosen.isConstexpr() ? std::nullopt : counterPeriod(chosen.getCond(), context_);
    weight_ = constant && *constant == 0 ? 0 : period ? outer / *period : outer;
    body(chosen.getThen(), carried);
    weight_ = constant && *constant != 0 ? 0 : period ? outer - outer / *period : outer;
    const clang::Stmt* otherwise = chosen.getElse();
    const auto* next = llvm::dyn_cast_or_null<clang::IfStmt>(otherwise);
    if (next && !next->isConstexpr() && !chosen.isConstexpr()) {
      ++depth_;
      const std::uint64_t tests = carried + simpleOperations(next->getInit()) +
                                  conditionOperations(next->getConditionVariableDeclStmt(), next->getCond());
      branches(*next, tests);
      --depth_;
    } else if (otherwise) {
      body(otherwise, carried);
    } else if (carried > 0) {
      // All tests of the chain failed: `else { counter }` after the last then-branch counts them.
      const clang::Stmt* then = chosen.getThen();
      std::optional<unsigned> end;
      if (const auto* compound = llvm::dyn_cast<clang::CompoundStmt>(then)) {
        if (const auto brace = offset(compound->getRBracLoc())) end = *brace + 1;
      } else if (const auto range = statementRange(*then)) {
        end = range->end;
      }
      if (end) {
        const std::size_t outerBlock = open(Kind::MissingElse, *end, 0, 2 * depth_ + 1, carried);
        current_ = outerBlock;
      }
    }
    weight_ = outer;
  }

  void forLoop(const clang::ForStmt& loop) {
    add(simpleOperations(loop.getInit()));
    const double outer = weight_;
    const double trips = tripCount(loop).value_or(kUnknownTripCount);
    weight_ = outer * (trips + 1);
    const std::uint64_t test = conditionOperations(loop.getConditionVariableDeclStmt(), loop.getCond());
    weight_ = outer * trips;
    const std::uint64_t step = expression(loop.getInc());
    weight_ = outer;
    add(test);  // the final test
    weight_ = outer * trips;
    body(loop.getBody(), test + step);
    weight_ = outer;
  }

  // Per iteration: the end test (a comparison and a branch), the step and the element's binding.
  static constexpr std::uint64_t kRangeIteration = 4;
  static constexpr std::uint64_t kRangeFinalTest = 2;

  void rangeLoop(const clang::CXXForRangeStmt& loop) {
    add(simpleOperations(loop.getInit()));
    add(expression(loop.getRangeInit()) + kRangeFinalTest);
    const double outer = weight_;
    weight_ = outer * rangeTripCount(loop).value_or(kUnknownTripCount);
    // Over motes, the trip count is the network's: the placer resolves it from the plan.
    const std::optional<std::string> motes = moteClassOfElements(loop);
    if (motes) moteLoopStack_.push_back(*motes);
    body(loop.getBody(), kRangeIteration);
    if (motes) moteLoopStack_.pop_back();
    weight_ = outer;
  }

  void switchStatement(const clang::SwitchStmt& choice) {
    add(simpleOperations(choice.getInit()));
    add(conditionOperations(choice.getConditionVariableDeclStmt(), choice.getCond()));
    const std::size_t outer = current_;
    ++depth_;
    // Its block is entered only at its labels: what comes before the first label never runs.
    current_ = kNoBlock;
    if (const auto* compound = llvm::dyn_cast_or_null<clang::CompoundStmt>(choice.getBody()))
      statements(*compound);
    else
      statement(choice.getBody());
    --depth_;
    current_ = outer;
  }

  // An init-statement of an if, for or switch: a declaration or an expression.
  std::uint64_t simpleOperations(const clang::Stmt* statement) {
    if (!statement) return 0;
    if (const auto* declarations = llvm::dyn_cast<clang::DeclStmt>(statement))
      return declarationOperations(declarations);
    if (const auto* value = llvm::dyn_cast<clang::Expr>(statement)) return expression(value);
    return 0;
  }

  // One evaluation of a condition: its declaration, its expression and the branch; nothing when
  // the compiler knows its value.
  std::uint64_t conditionOperations(const clang::DeclStmt* variable, const clang::Expr* condition) {
    if (!condition) return 0;
    if (!variable && foldsToConstant(condition)) {
      unevaluated(condition);
      return 0;
    }
    return (variable ? declarationOperations(variable) : 0) + expression(condition) + 1;
  }

  std::uint64_t declarationOperations(const clang::DeclStmt* declarations) {
    std::uint64_t operations = 0;
    for (const clang::Decl* declaration : declarations->decls()) {
      const auto* variable = llvm::dyn_cast<clang::VarDecl>(declaration);
      if (!variable || !variable->getInit()) continue;
      // The compiler initialises a constexpr variable; a static one is initialised once per program.
      if (variable->isConstexpr() || variable->hasGlobalStorage()) {
        unevaluated(variable->getInit());
        continue;
      }
      operations += expression(variable->getInit()) + (initializerIsWritten(*variable->getInit()) ? 1 : 0);
    }
    return operations;
  }

  // `T x;` of a class type has an initializer too: the default constructor, which is not written.
  static bool initializerIsWritten(const clang::Expr& initializer) {
    const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(initializer.IgnoreImplicit());
    return !construct || construct->getNumArgs() > 0 || construct->getParenOrBraceRange().isValid() ||
           construct->isListInitialization();
  }

  // ---- expressions ----

  bool foldsToConstant(const clang::Expr* expression) const {
    if (expression->isValueDependent() || expression->isTypeDependent()) return false;
    const clang::QualType type = expression->getType();
    if (!type->isIntegralOrEnumerationType() && !type->isRealFloatingType()) return false;
    return expression->isEvaluatable(context_);
  }

  // The operations of one evaluation of `expression`; records how often its references run.
  std::uint64_t expression(const clang::Expr* expression) {
    if (!expression) return 0;
    if (llvm::isa<clang::DeclRefExpr, clang::MemberExpr>(expression)) {
      timesPerCall_[expression] = weight_;
      if (!moteLoopStack_.empty()) moteLoops_[expression] = moteLoopStack_;
    }

    if (llvm::isa<clang::ConstantExpr, clang::UnaryExprOrTypeTraitExpr, clang::CXXTypeidExpr,
                  clang::CXXNoexceptExpr, clang::RequiresExpr>(expression)) {
      unevaluated(expression);  // the compiler's work, or never evaluated
      return 0;
    }
    if (const auto* lambda = llvm::dyn_cast<clang::LambdaExpr>(expression)) {
      // Its body runs when the lambda is called: a block of its own, estimated to run once here.
      if (const auto* compound = llvm::dyn_cast_or_null<clang::CompoundStmt>(lambda->getBody())) {
        ++depth_;
        block(*compound, 0);
        --depth_;
      }
      return 0;
    }
    if (const auto* statements = llvm::dyn_cast<clang::StmtExpr>(expression)) {
      ++depth_;
      block(*statements->getSubStmt(), 0);
      --depth_;
      return 0;
    }
    if (const auto* defaulted = llvm::dyn_cast<clang::CXXDefaultArgExpr>(expression))
      return this->expression(defaulted->getExpr());
    if (const auto* defaulted = llvm::dyn_cast<clang::CXXDefaultInitExpr>(expression))
      return this->expression(defaulted->getExpr());

    std::uint64_t own = 0;
    if (const auto* binary = llvm::dyn_cast<clang::BinaryOperator>(expression)) {
      const clang::BinaryOperatorKind op = binary->getOpcode();
      if (op == clang::BO_Comma || op == clang::BO_PtrMemD || op == clang::BO_PtrMemI) {
        own = 0;
      } else if (!binary->isAssignmentOp() && foldsToConstant(binary)) {
        unevaluated(binary);
        return 0;
      } else {
        own = 1;  // arithmetic, comparison, assignment, or the branch of && and ||
      }
    } else if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(expression)) {
      switch (unary->getOpcode()) {
        case clang::UO_PreInc:
        case clang::UO_PreDec:
        case clang::UO_PostInc:
        case clang::UO_PostDec:
          own = 1;
          break;
        case clang::UO_Minus:
        case clang::UO_Not:
        case clang::UO_LNot:
          if (foldsToConstant(unary)) {
            unevaluated(unary);
            return 0;
          }
          own = 1;
          break;
        default:
          own = 0;  // & * + and the like
          break;
      }
    } else if (llvm::isa<clang::AbstractConditionalOperator>(expression)) {
      if (foldsToConstant(expression)) {
        unevaluated(expression);
        return 0;
      }
      own = 1;  // the branch
    } else if (llvm::isa<clang::CallExpr, clang::CXXNewExpr, clang::CXXDeleteExpr>(expression)) {
      own = 1;
    }
    for (const clang::Stmt* child : expression->children()) {
      if (const auto* operand = llvm::dyn_cast_or_null<clang::Expr>(child))
        own += this->expression(operand);
      else
        statement(child);
    }
    return own;
  }

  // Records that the references in `expression` never run.
  void unevaluated(const clang::Stmt* statement) {
    if (!statement) return;
    if (const auto* reference = llvm::dyn_cast<clang::Expr>(statement);
        reference && llvm::isa<clang::DeclRefExpr, clang::MemberExpr>(reference))
      timesPerCall_[reference] = 0;
    for (const clang::Stmt* child : statement->children()) unevaluated(child);
  }

  // ---- trip counts ----

  // For `for (i = A; i OP B; STEP)` with constants A and B, a constant step and i left alone by
  // the body: how many times the body runs.
  std::optional<double> tripCount(const clang::ForStmt& loop) const {
    const clang::VarDecl* counter = nullptr;
    std::optional<std::int64_t> start;
    if (const auto* declarations = llvm::dyn_cast_or_null<clang::DeclStmt>(loop.getInit());
        declarations && declarations->isSingleDecl()) {
      counter = llvm::dyn_cast<clang::VarDecl>(declarations->getSingleDecl());
      if (counter) start = integerConstant(counter->getInit(), context_);
    } else if (const auto* assignment = llvm::dyn_cast_or_null<clang::BinaryOperator>(loop.getInit());
               assignment && assignment->getOpcode() == clang::BO_Assign) {
      if (const auto* reference = llvm::dyn_cast<clang::DeclRefExpr>(assignment->getLHS()->IgnoreParenImpCasts())) {
        counter = llvm::dyn_cast<clang::VarDecl>(reference->getDecl());
        start = integerConstant(assignment->getRHS(), context_);
      }
    }
    if (!counter || !start) return std::nullopt;

    const auto* test = llvm::dyn_cast_or_null<clang::BinaryOperator>(
        loop.getCond() ? loop.getCond()->IgnoreParenImpCasts() : nullptr);
    if (!test || !test->isComparisonOp()) return std::nullopt;
    clang::BinaryOperatorKind comparison = test->getOpcode();
    std::optional<std::int64_t> bound;
    if (refersTo(test->getLHS(), counter)) {
      bound = integerConstant(test->getRHS(), context_);
    } else if (refersTo(test->getRHS(), counter)) {
      bound = integerConstant(test->getLHS(), context_);
      comparison = clang::BinaryOperator::reverseComparisonOp(comparison);
    }
    if (!bound) return std::nullopt;

    std::int64_t step = 0;
    const clang::Expr* increment = loop.getInc() ? loop.getInc()->IgnoreParenImpCasts() : nullptr;
    if (const auto* unary = llvm::dyn_cast_or_null<clang::UnaryOperator>(increment);
        unary && unary->isIncrementDecrementOp() && refersTo(unary->getSubExpr(), counter)) {
      step = unary->isIncrementOp() ? 1 : -1;
    } else if (const auto* compound = llvm::dyn_cast_or_null<clang::CompoundAssignOperator>(increment);
               compound && refersTo(compound->getLHS(), counter)) {
      const auto amount = integerConstant(compound->getRHS(), context_);
      if (amount && compound->getOpcode() == clang::BO_AddAssign) step = *amount;
      if (amount && compound->getOpcode() == clang::BO_SubAssign) step = -*amount;
    }
    if (step == 0 || mayModify(loop.getBody(), counter)) return std::nullopt;

    const __int128 distance = static_cast<__int128>(*bound) - *start;  // bound - start
    const __int128 stride = step;
    auto runs = [&](__int128 span, bool inclusive) -> std::optional<double> {
      // The counter moves towards the bound by |stride|, `span` away from it (span >= 0).
      const __int128 magnitude = stride < 0 ? -stride : stride;
      const __int128 count = inclusive ? span / magnitude + 1 : (span + magnitude - 1) / magnitude;
      return static_cast<double>(count);
    };
    switch (comparison) {
      case clang::BO_LT:
        if (distance <= 0) return 0.0;
        return stride > 0 ? runs(distance, false) : std::nullopt;
      case clang::BO_LE:
        if (distance < 0) return 0.0;
        return stride > 0 ? runs(distance, true) : std::nullopt;
      case clang::BO_GT:
        if (distance >= 0) return 0.0;
        return stride < 0 ? runs(-distance, false) : std::nullopt;
      case clang::BO_GE:
        if (distance > 0) return 0.0;
        return stride < 0 ? runs(-distance, true) : std::nullopt;
      case clang::BO_NE:
        if (distance % stride != 0 || distance / stride < 0) return std::nullopt;
        return static_cast<double>(distance / stride);
      default:
        return std::nullopt;
    }
  }

  // The [[mote]] class whose motes a range-based for walks (`for (Thermo& t : motes())`), if any.
  static std::optional<std::string> moteClassOfElements(const clang::CXXForRangeStmt& loop) {
    const clang::VarDecl* element = loop.getLoopVariable();
    const clang::CXXRecordDecl* record =
        element ? element->getType().getNonReferenceType()->getAsCXXRecordDecl() : nullptr;
    if (!record || !hasMoteAnnotation(record->getDefinition())) return std::nullopt;
    return record->getDefinition()->getQualifiedNameAsString();
  }

  // A range-based for over an array or a std::array runs once per element.
  std::optional<double> rangeTripCount(const clang::CXXForRangeStmt& loop) const {
    const clang::Expr* range = loop.getRangeInit();
    if (!range) return std::nullopt;
    const clang::QualType type = range->getType().getNonReferenceType();
    if (const auto* array = context_.getAsConstantArrayType(type))
      return static_cast<double>(array->getSize().getZExtValue());
    const auto* specialization =
        llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(type->getAsCXXRecordDecl());
    if (specialization && specialization->getQualifiedNameAsString() == "std::array") {
      const clang::TemplateArgumentList& arguments = specialization->getTemplateArgs();
      if (arguments.size() == 2 && arguments[1].getKind() == clang::TemplateArgument::Integral)
        return static_cast<double>(arguments[1].getAsIntegral().getZExtValue());
    }
    return std::nullopt;
  }

  clang::ASTContext& context_;
  const clang::SourceManager& sources_;
  clang::FileID file_;  // the body's: BlockOperations' offsets are in its text
  std::vector<BlockOperations> blocks_;
  std::map<const clang::Expr*, double> timesPerCall_;
  std::map<const clang::Expr*, std::vector<std::string>> moteLoops_;
  std::vector<std::string> moteLoopStack_;  // the loops over motes around the code being counted
  std::size_t current_ = kNoBlock;
  double weight_ = 1;     // how many times one call runs the code being counted
  unsigned depth_ = 0;    // statement nesting
};

}  // namespace

OperationCounts countOperations(const clang::FunctionDecl& definition, clang::ASTContext& context) {
  return OperationCounter(context).count(definition);
}

}  // namespace edgecut::compiler
