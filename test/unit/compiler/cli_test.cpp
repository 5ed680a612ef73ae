#include <gtest/gtest.h>

#include "edgecut/compiler/driver.hpp"

namespace edgecut::compiler {
namespace {
namespace cli_test_cpp {

std::optional<ToolOptions> parse(std::vector<std::string> words, std::string& error) {
  return parseToolOptions(words, error);
}

TEST(Cli, PartitionWithExplicitCompilerArguments) {
  std::string error;
  auto options = parse({"partition", "--plan", "p.json", "-o", "out", "prog.cpp", "--", "-std=c++20",
                        "-Iinclude"},
                       error);
  ASSERT_TRUE(options) << error;
  EXPECT_EQ(options->command, "partition");
  EXPECT_EQ(options->plan, "p.json");
  EXPECT_EQ(options->outputDirectory, "out");
  EXPECT_EQ(options->programs, std::vector<std::string>{"prog.cpp"});
  EXPECT_TRUE(options->compile.hasExplicitArguments);
  EXPECT_EQ(options->compile.explicitArguments,
            (std::vector<std::string>{"-std=c++20", "-Iinclude"}));
}

TEST(Cli, OptionsWithEqualsAndBuildDirectory) {
  std::string error;
  auto options = parse({"check", "--plan=p.json", "-p", "build", "prog.cpp"}, error);
  ASSERT_TRUE(options) << error;
  EXPECT_EQ(options->plan, "p.json");
  EXPECT_EQ(options->compile.buildDirectory, "build");
  EXPECT_FALSE(options->compile.hasExplicitArguments);
}

TEST(Cli, SeveralSourcesAndExtraArgumentsAsClangTidyTakesThem) {
  std::string error;
  auto options = parse({"partition", "--plan", "p.json", "-o", "out", "main.cpp", "store.cpp", "--extra-arg=-DA",
                        "--extra-arg", "-DB", "--extra-arg-before=-Wno-x", "-p", "build"},
                       error);
  ASSERT_TRUE(options) << error;
  EXPECT_EQ(options->programs, (std::vector<std::string>{"main.cpp", "store.cpp"}));
  EXPECT_EQ(options->compile.extraArguments, (std::vector<std::string>{"-DA", "-DB"}));
  EXPECT_EQ(options->compile.extraArgumentsBefore, std::vector<std::string>{"-Wno-x"});
  EXPECT_EQ(options->compile.buildDirectory, "build");
  EXPECT_FALSE(parse({"compare", "--extra-arg=-DA"}, error));
  EXPECT_EQ(error, "'compare' builds with the project's own flags; drop '--extra-arg' and '--extra-arg-before'");
  EXPECT_FALSE(parse({"check", "--plan", "p.json"}, error));
  EXPECT_EQ(error, "give the program's source files");
}

TEST(Cli, UsageErrorsSayWhatIsWrong) {
  std::string error;
  EXPECT_FALSE(parse({"partition", "--plan", "p.json", "prog.cpp"}, error));
  EXPECT_EQ(error, "'partition' needs '-o DIR', the directory for the generated files");
  EXPECT_FALSE(parse({"check", "prog.cpp"}, error));
  EXPECT_EQ(error, "'--plan FILE' is required");
  EXPECT_FALSE(parse({"split", "--plan", "p.json", "prog.cpp"}, error));
  EXPECT_EQ(error, "unknown command 'split'");
  EXPECT_FALSE(parse({"check", "--plan"}, error));
  EXPECT_EQ(error, "option '--plan' needs a value (FILE)");
  EXPECT_FALSE(parse({"check", "--plam", "x"}, error));
  EXPECT_EQ(error, "unknown option '--plam'");
}

TEST(Cli, CompareTakesPlansAndAProgram) {
  std::string error;
  auto options = parse({"compare", "plans/a.json", "plans/b.json", "--program", "soil", "-p", "build", "--no-build"},
                       error);
  ASSERT_TRUE(options) << error;
  EXPECT_EQ(options->programs, (std::vector<std::string>{"plans/a.json", "plans/b.json"}));
  EXPECT_EQ(options->program, "soil");
  EXPECT_EQ(options->buildDirectory, "build");
  EXPECT_TRUE(options->noBuild);
  ASSERT_TRUE(parse({"compare", "--program", "soil"}, error)) << "every plan of soil: " << error;
  EXPECT_FALSE(parse({"compare", "--plan", "a.json"}, error));
  EXPECT_EQ(error, "'compare' takes plan files as arguments, not '--plan'");
  EXPECT_FALSE(parse({"compare", "a.json", "--", "-DX"}, error));
  EXPECT_EQ(error, "'compare' builds with the project's own flags; drop '--'");
  EXPECT_FALSE(parse({"compare", "a.json", "--profile", "run.json"}, error));
  EXPECT_EQ(error, "'--profile' is for partition, check and explain");
}

TEST(Cli, ProfileGivesTheReportOfAnEarlierRun) {
  std::string error;
  auto options = parse({"explain", "--plan", "p.json", "--profile", "run.json", "prog.cpp"}, error);
  ASSERT_TRUE(options) << error;
  EXPECT_EQ(options->profile, "run.json");
}

TEST(Cli, UsageListsEveryCommandAndOption) {
  std::string usage = usageText();
  for (const char* word : {"partition", "check", "explain", "compare", "--plan FILE", "-p DIR", "-o DIR",
                           "--program NAME", "--no-build", "--help", "--profile FILE"})
    EXPECT_NE(usage.find(word), std::string::npos) << word;
}

}  // namespace cli_test_cpp
}  // namespace
}  // namespace edgecut::compiler
