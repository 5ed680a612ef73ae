// Collect, part: the integer operations a function body executes (docs/design.md §4's O), per block, and
// the static estimate of O per call that the placer uses when there is no profile.
//
// ---- The counting rules (the one definition; docs and tests refer here) ----
//
// One operation each:
//  - arithmetic: binary + - * / % & | ^ << >>, unary - ~ !, ++ and -- (prefix or postfix);
//  - comparisons: == != < <= > >= <=>;
//  - assignments: = and every compound assignment (+= is one operation, like ++), and a variable
//    declared with an initializer written in the source (`int s = 0;`, `T x(a);`, `T x{a};`);
//  - calls: every call of a function, method or overloaded operator, sensor reads and actuator
//    writes included, and new and delete; a call counts once where it is made, whatever the callee
//    does (a program function compiled into the mote counts its own blocks);
//  - branches: an if (and each else-if) test, a switch, each evaluation of a loop condition, ?:,
//    && and ||.
// A range-based for counts, per iteration, its end test (a comparison and a branch), its step and
// the binding of its element (4), and once more the final end test (2) around the loop.
//
// Nothing else counts: reading variables, literals, member access, subscripts, * and &, casts and
// conversions, the comma operator, sizeof and other unevaluated operands, return, break, continue,
// goto, and constructing or destroying objects (a written initializer counts as above). Work the
// compiler does counts 0: an expression it folds to a constant (`kSamples * 2`), a constexpr or
// static local variable, a condition that is constant (no branch: `if constexpr`, `while (true)`).
// Work inside library functions is not counted: the library is not the program.
//
// ---- Where the counts go, so that the counters are exact at run time ----
//
// A counter sits at the top of each block and adds, each time the block is entered, the operations
// written directly in it (nested blocks have their own). So:
//  - a body that is no block (`for (...) s;`, `if (c) s;`) gets braces in the mote unit, to have a
//    counter of its own;
//  - a loop condition is evaluated once more than the body runs: the body's block counts one test
//    (with a for's increment), and the block around the loop counts the final, failing test; a
//    do-while's body counts its test, which runs once per iteration;
//  - in an else-if chain, a test runs only when the tests before it failed: it is counted in the
//    blocks it leads to (its then-block and everything after its else), and a chain without a
//    final else gets `else { counter }`, which counts the tests when they all fail;
//  - the statements after a `case`/`default` label count at the label (the counter runs on fall-
//    through too); a switch body's `{` is never entered from its top and has no counter.
// What the counters cannot see, and so count as written: an early return, break, continue or goto
// skips the rest of its block (and a break skips the loop's final test), the right operand of &&
// and || may not run, and ?: runs one of its arms; all are counted as if they ran. A lambda's body
// is a block of its own, counted when the lambda is called. Constructors, destructors and function
// templates are not instrumented, and neither is code a macro expands to a block of its own.
//
// ---- The static estimate ----
//
// A block runs once per call, times the trip count of each loop around it; a loop's test runs once
// more. The trip count is constant when the loop is `for (int i = A; i < B; ++i)`-like (A and B
// constants, a step of ++, --, += or -= a constant, any comparison, i not modified in the body) or a
// range-based for over an array or std::array, and kUnknownTripCount otherwise. Both branches of an
// if and every case count as running once, but for a window counter's test (`++n == C`, `n++ == C`,
// `++n >= C`, `i % C == 0`, C a constant of at least 2): its then-branch counts 1/C times, its
// else-branch 1 - 1/C times, so a summary sent every C samples costs what it does. Function::operationsPerCall is the sum of the blocks'
// operations times their BlockOperations::timesPerCall.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "edgecut/compiler/model.hpp"

namespace edgecut::compiler {

struct OperationCounts {
  std::vector<BlockOperations> blocks;  // in body order
  double operationsPerCall = 0;
  // For each reference to a declaration in the body (DeclRefExpr, MemberExpr): how many times one
  // call of the function evaluates it, for CallSite::timesPerCall (0 in unevaluated operands).
  std::map<const clang::Expr*, double> timesPerCall;
  // For references inside range-based for loops over motes: those loops' [[mote]] classes,
  // outermost first, for CallSite::moteLoops.
  std::map<const clang::Expr*, std::vector<std::string>> moteLoops;
};

// Counts the operations of a function defined in a program file; offsets are in that file.
OperationCounts countOperations(const clang::FunctionDecl& definition, clang::ASTContext& context);

}  // namespace edgecut::compiler
