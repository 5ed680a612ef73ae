// The counting rules of measured O (compiler/collect/collect_operations.hpp), through collect on real
// programs: the operations of every block, where its counter goes, and the static estimate. Each
// expected figure is counted by hand in the comments.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "edgecut/compiler/collect.hpp"

namespace edgecut::compiler {
namespace {
namespace operations_test_cpp {

using Kind = BlockOperations::Kind;

const char* kindName(Kind kind) {
  switch (kind) {
    case Kind::Block: return "block";
    case Kind::Unbraced: return "unbraced";
    case Kind::MissingElse: return "missing-else";
    case Kind::CaseLabel: return "case";
  }
  return "?";
}

class Collected {
 public:
  explicit Collected(const std::string& text) {
    const std::filesystem::path file =
        std::filesystem::temp_directory_path() /
        fmt::format("edgecut-operations-{}-{}.cpp", ::getpid(),
                    ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::ofstream(file) << text;
    CompileSettings settings;
    settings.hasExplicitArguments = true;
    settings.explicitArguments = {"-std=c++20"};
    DiagnosticSink diagnostics;
    model_ = collectProgram({file.string()}, settings, diagnostics);
    std::filesystem::remove(file);
    EXPECT_TRUE(model_) << diagnostics.render();
  }

  const Function& function(const std::string& key) const {
    const Function* found = model_ ? model_->findFunction(key) : nullptr;
    if (!found) {
      ADD_FAILURE() << "no function " << key;
      static const Function none;
      return none;
    }
    return *found;
  }

  // Each block as "kind `what follows its counter` operations ×times", in body order.
  std::vector<std::string> blocks(const std::string& key) const {
    std::vector<std::string> out;
    for (const BlockOperations& block : function(key).blockOperations) {
      std::string after = model_->files.front().text.substr(block.insertAt, 14);
      after = after.substr(0, after.find('\n'));
      out.push_back(fmt::format("{} `{}` {} x{}", kindName(block.kind), after, block.operations, block.timesPerCall));
    }
    return out;
  }

  // The text an unbraced block wraps.
  std::vector<std::string> wrapped(const std::string& key) const {
    std::vector<std::string> out;
    for (const BlockOperations& block : function(key).blockOperations)
      if (block.kind == Kind::Unbraced) out.push_back(model_->files.front().text.substr(block.insertAt, block.end - block.insertAt));
    return out;
  }

 private:
  std::optional<ProgramModel> model_;
};

constexpr const char* kPrelude = R"(
int sensor();
int helper(int x) { return x + 1; }
constexpr int kTwice = 2;
)";

TEST(CountOperations, ArithmeticComparisonsAssignmentsCallsAndBranches) {
  Collected program(std::string(kPrelude) + R"(
int rules(int n) {
  int a = 0;                  // 1: an initialised declaration
  int b;                      // 0
  a = n * kTwice + 3;         // 3: * + =
  a += -n;                    // 2: += and unary -
  b = a < n && sensor() > 0;  // 5: = < && call >
  int c = kTwice * 8 + 1;     // 1: the declaration; the compiler folds kTwice * 8 + 1
  a = b ? helper(a) : c;      // 3: = ?: call
  a++;                        // 1
  return a;                   // 0
}
)");
  EXPECT_EQ(program.blocks("rules(int)"), (std::vector<std::string>{"block `` 16 x1"}));
  EXPECT_EQ(program.function("rules(int)").operationsPerCall, 16);
  EXPECT_EQ(program.blocks("helper(int)"), (std::vector<std::string>{"block ` return x + 1;` 1 x1"}));
}

TEST(CountOperations, LoopsCountTheirTestInTheBodyAndTheFinalTestAround) {
  Collected program(std::string(kPrelude) + R"(
int loops(int n) {
  int s = 0;
  for (int i = 0; i < 8; ++i) s += helper(i);
  for (int j = n; j > 0; j -= 2) {
    s = s + j;
  }
  while (s > 100) s /= 2;
  do { s--; } while (s > 50);
  int values[4] = {1, 2, 3, 4};
  for (int v : values) s += v;
  return s;
}
)");
  // The body: s = 0 (1); the first for's init (1) and final test (2); the second's too (3); the
  // while's final test (2); values (1); the range-for's final test (2): 12.
  // Per iteration: for 1: += call, test (2), ++i: 5, 8 times. for 2: = +, test, -=: 5, 10 (not
  // constant). while: /=, test: 3. do: --, test: 3. range-for: +=, and 4 of its own: 5, 4 times.
  EXPECT_EQ(program.blocks("loops(int)"), (std::vector<std::string>{
                                              "block `` 12 x1",
                                              "unbraced `s += helper(i)` 5 x8",
                                              "block `` 5 x10",
                                              "unbraced `s /= 2;` 3 x10",
                                              "block ` s--; } while ` 3 x10",
                                              "unbraced `s += v;` 5 x4",
                                          }));
  EXPECT_EQ(program.wrapped("loops(int)"), (std::vector<std::string>{"s += helper(i);", "s /= 2;", "s += v;"}));
  // 12 + 8·5 + 10·5 + 10·3 + 10·3 + 4·5
  EXPECT_EQ(program.function("loops(int)").operationsPerCall, 182);
  ASSERT_EQ(program.function("loops(int)").calls.size(), 1u);
  EXPECT_EQ(program.function("loops(int)").calls[0].timesPerCall, 8) << "helper, once per iteration";
}

TEST(CountOperations, ElseIfTestsCountInTheBlocksTheyLeadToAndCaseLabelsCountTheirStatements) {
  Collected program(std::string(kPrelude) + R"(
int branches(int n) {
  int r = 0;
  if (n > 10) {
    r = 1;
  } else if (n > 5) {
    r = 2;
  } else if (n > 0)
    r = 3;
  switch (n) {
    case 1:
    case 2:
      r = 4;
      break;
    default:
      r *= helper(n);
  }
  if constexpr (kTwice > 1) r++;
  return r;
}
)");
  // The body: r = 0 (1), the first test (2), the switch (1); `if constexpr` costs nothing: 4.
  // The second test (2) runs only when the first failed: in its then-block (2 + 1) and in the rest
  // of the chain, whose test (2) adds up: its then-branch 2 + 2 + 1, and the added else 2 + 2.
  EXPECT_EQ(program.blocks("branches(int)"), (std::vector<std::string>{
                                                  "block `` 4 x1",
                                                  "block `` 1 x1",
                                                  "block `` 3 x1",
                                                  "unbraced `r = 3;` 5 x1",
                                                  "missing-else `` 4 x1",
                                                  "case `` 1 x1",
                                                  "case `` 2 x1",
                                                  "unbraced `r++;` 1 x1",
                                              }));
  EXPECT_EQ(program.function("branches(int)").operationsPerCall, 4 + 1 + 3 + 5 + 4 + 1 + 2 + 1);
}

TEST(CountOperations, CallsInLoopTestsRunOnceMoreAndUnevaluatedOnesNever) {
  Collected program(std::string(kPrelude) + R"(
int calls(int n) {
  int total = 0;
  while (helper(total) < n) total += sizeof(helper(1));
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j) total += helper(j);
  return total;
}
)");
  const std::vector<CallSite>& calls = program.function("calls(int)").calls;
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].timesPerCall, kUnknownTripCount + 1) << "the while's test";
  EXPECT_EQ(calls[1].timesPerCall, 0) << "inside sizeof";
  EXPECT_EQ(calls[2].timesPerCall, 3 * 4) << "two loops around it";
}

TEST(CountOperations, ConstantTripCounts) {
  Collected program(R"(
constexpr int kEnd = 12;
int trips(int n) {
  int s = 0;
  for (int a = 0; a <= 10; a += 5) s++;      // 0 5 10: 3
  for (int b = kEnd; b > 0; --b) s++;        // 12
  for (unsigned c = 0; c != 6; c++) s++;     // 6
  for (int d = 5; d < 5; ++d) s++;           // 0
  for (int e = 0; e < 4; ++e) { e += 0; }    // changed in the body: unknown
  for (int f = 0; f < n; ++f) s++;           // not constant: unknown
  return s;
}
)");
  std::vector<double> times;
  for (const BlockOperations& block : program.function("trips(int)").blockOperations) times.push_back(block.timesPerCall);
  EXPECT_EQ(times, (std::vector<double>{1, 3, 12, 6, 0, kUnknownTripCount, kUnknownTripCount}));
}

TEST(CountOperations, AWindowCountersThenBranchRunsOnceEveryPeriod) {
  Collected program(std::string(kPrelude) + R"(
int n = 0, m = 0, k = 0;
constexpr int kWindow = 15;
void windows(int i) {
  if (++n == kWindow) { helper(1); n = 0; }
  if (m++ == 4) helper(2); else helper(3);
  if (i % 10 == 0) helper(4);
  if (++k >= 3) helper(5);
  if (++k == 1) helper(6);   // a period of 1: every time
  if (i == 15) helper(7);    // not a counter
}
)");
  const std::vector<CallSite>& calls = program.function("windows(int)").calls;
  ASSERT_EQ(calls.size(), 7u);
  std::vector<double> times;
  for (const CallSite& call : calls) times.push_back(call.timesPerCall);
  EXPECT_EQ(times, (std::vector<double>{1.0 / 15, 1.0 / 4, 1 - 1.0 / 4, 1.0 / 10, 1.0 / 3, 1, 1}));
}

}  // namespace operations_test_cpp
}  // namespace
}  // namespace edgecut::compiler
