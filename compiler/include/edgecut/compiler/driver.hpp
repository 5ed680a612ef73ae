// The edgecut command line: parsing (options.def) and the pipeline behind each command.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "edgecut/compiler/collect.hpp"

namespace edgecut::compiler {

struct ToolOptions {
  std::string command;
#define EDGECUT_OPTION(FIELD, SPELLING, VALUE_NAME, SUMMARY) std::string FIELD;
#define EDGECUT_FLAG(FIELD, SPELLING, SUMMARY) bool FIELD = false;
#define EDGECUT_LIST(FIELD, SPELLING, VALUE_NAME, SUMMARY) std::vector<std::string> FIELD;
#include "edgecut/compiler/options.def"
  std::vector<std::string> programs;  // the sources (the plans, for compare)
  CompileSettings compile;
};

// Parses argv (without argv[0]). On a usage error returns nothing and sets `error`.
std::optional<ToolOptions> parseToolOptions(const std::vector<std::string>& arguments,
                                            std::string& error);

std::string usageText();

// Runs a parsed command; returns the process exit code (0 ok, 1 diagnosed errors, 2 usage).
int runTool(const ToolOptions& options);

}  // namespace edgecut::compiler
