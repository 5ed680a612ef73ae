// libFuzzer target: the plan parser (compiler/plan/, with the network reader it shares with the
// runtime, runtime/src/network/) on arbitrary text, rendering every diagnostic as the tool prints it.
//
// Properties: no crash, leak or undefined behaviour; a plan is returned exactly when no error was
// reported; every error has a message. The input is read as if it were the file
// EDGECUT_FUZZ_PLAN_FILE (test/fuzz/plan_inputs/fuzz.json), so a "network": "network.json" seed
// reaches the network-file and CSV readers with real files (plan_inputs/network.json, trace.csv).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "edgecut/compiler/plan.hpp"

namespace {

void require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "plan_fuzzer: property violated: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  edgecut::compiler::DiagnosticSink diagnostics;
  const auto plan = edgecut::compiler::parsePlan(EDGECUT_FUZZ_PLAN_FILE, text, diagnostics);
  require(plan.has_value() == !diagnostics.hasErrors(), "a plan came back with errors, or none without");
  for (const edgecut::compiler::Diagnostic& diagnostic : diagnostics.diagnostics())
    require(!diagnostic.message.empty(), "a diagnostic without a message");
  const std::string rendered = diagnostics.render();
  require(diagnostics.hasErrors() == (rendered.find("error: ") != std::string::npos),
          "the rendered diagnostics do not show the errors");
  return 0;
}
