// The one reader of named files (network/input_file.hpp): regular files only, each kind within its
// limit, never blocking; and what the located JSON reader and the diagnostics do with hostile text.
#include "edgecut/runtime/network/input_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>

#include "edgecut/runtime/network/diagnostics.hpp"
#include "edgecut/runtime/network/located_json.hpp"

namespace edgecut::input {
namespace {
namespace input_file_test_cpp {

namespace fs = std::filesystem;

class InputFile : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = fs::temp_directory_path() / ("edgecut_input_file_" + std::to_string(random()) + std::to_string(random()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path(name), std::ios::binary) << text;
    return path(name);
  }
  // The problem reading `file` as `kind`, or "read: <text>".
  static std::string read(const std::string& file, FileKind kind = FileKind::Network) {
    std::string problem;
    std::optional<std::string> text = readInputFile(file, kind, problem);
    return text ? "read: " + *text : problem;
  }

  fs::path dir_;
};

TEST_F(InputFile, ReadsARegularFileWhole) {
  std::string big(300'000, 'x');  // more than one buffer
  big += "end";
  EXPECT_EQ(read(write("net.json", big)), "read: " + big);
  EXPECT_EQ(read(write("empty.json", "")), "read: ");
}

TEST_F(InputFile, SaysWhatIsWrongWithAFileThatIsNotRegular) {
  EXPECT_EQ(read("/dev/zero"), "network file '/dev/zero' is a character device, not a regular file; name a "
                               "regular file");
  fs::create_directory(path("dir.json"));
  EXPECT_EQ(read(path("dir.json"), FileKind::Plan),
            "plan file '" + path("dir.json") + "' is a directory, not a regular file; name a regular file");
  fs::create_symlink("loop2", path("loop1"));
  fs::create_symlink("loop1", path("loop2"));
  EXPECT_EQ(read(path("loop1"), FileKind::CsvTrace),
            "cannot open CSV file '" + path("loop1") + "': Too many levels of symbolic links");
  EXPECT_EQ(read(path("missing.json"), FileKind::Radio),
            "cannot open radio file '" + path("missing.json") + "': No such file or directory");
}

// A FIFO nobody writes to would block an open or a read forever: it is refused at once.
TEST_F(InputFile, NeverWaitsForAFifo) {
  ASSERT_EQ(::mkfifo(path("fifo.json").c_str(), 0600), 0);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(read(path("fifo.json"), FileKind::RunProfile),
            "profile '" + path("fifo.json") + "' is a FIFO, not a regular file; name a regular file");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST_F(InputFile, RefusesAFileOverItsKindsLimit) {
  const std::uint64_t limit = infoOf(FileKind::KeyFile).maxBytes;
  EXPECT_EQ(limit, 4096u);
  EXPECT_EQ(read(write("key", std::string(limit, '0')), FileKind::KeyFile), "read: " + std::string(limit, '0'));
  EXPECT_EQ(read(write("key", std::string(limit + 1, '0')), FileKind::KeyFile),
            "key file '" + path("key") + "' is 4097 bytes; key files are limited to 4 KiB, enough for the 64 "
            "hexadecimal digits of a key; give a smaller file");
}

TEST_F(InputFile, NamesTheFileAsTheUserWroteIt) {
  std::string problem;
  EXPECT_FALSE(readInputFile(path("none.csv"), FileKind::CsvTrace, problem, "traces/none.csv"));
  EXPECT_EQ(problem, "cannot open CSV file 'traces/none.csv': No such file or directory");
}

// "\u0000" in a JSON string would cut the name short where the system reads it.
TEST_F(InputFile, RefusesANameWithANulCharacter) {
  write("net.json", "{}");
  EXPECT_EQ(read(path("net.json") + std::string(1, '\0') + "ignored"),
            "the name of network file '" + path("net.json") + std::string(1, '\0') +
                "ignored' has a NUL character, which no file name can hold");
}

TEST_F(InputFile, ChecksAFileWithoutReadingIt) {
  std::string problem;
  bool unopened = false;
  EXPECT_TRUE(checkInputFile(write("network.key", "00"), FileKind::KeyFile, problem, unopened));
  EXPECT_FALSE(checkInputFile(path("none.key"), FileKind::KeyFile, problem, unopened));
  EXPECT_TRUE(unopened);
  EXPECT_FALSE(checkInputFile("/dev/zero", FileKind::KeyFile, problem, unopened));
  EXPECT_FALSE(unopened);
  EXPECT_EQ(problem, "key file '/dev/zero' is a character device, not a regular file; name a regular file");
}

// Root reads any file, so the unreadable file is read by a child that is not root.
TEST_F(InputFile, SaysAFileCannotBeRead) {
  const std::string secret = write("secret.json", "{}");
  ASSERT_EQ(::chmod(secret.c_str(), 0), 0);
  ASSERT_EQ(::chmod(dir_.c_str(), 0755), 0);
  int pipeEnds[2];
  ASSERT_EQ(::pipe(pipeEnds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(pipeEnds[0]);
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(2);
    const std::string problem = read(secret);
    const bool written = ::write(pipeEnds[1], problem.data(), problem.size()) == static_cast<ssize_t>(problem.size());
    ::_exit(written ? 0 : 3);
  }
  ::close(pipeEnds[1]);
  std::string problem;
  char buffer[512];
  for (ssize_t got; (got = ::read(pipeEnds[0], buffer, sizeof buffer)) > 0;) problem.append(buffer, got);
  ::close(pipeEnds[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_EQ(problem, "cannot open network file '" + secret + "': Permission denied");
}

TEST(SizeText, SaysSizesAsTheReadmeDoes) {
  EXPECT_EQ(sizeText(16u << 20), "16 MiB");
  EXPECT_EQ(sizeText(64u << 10), "64 KiB");
  EXPECT_EQ(sizeText(1), "1 byte");
  EXPECT_EQ(sizeText(1500), "1500 bytes");
}

// ---- hostile JSON ----

TEST(LocatedJson, RefusesNestingDeeperThanTheStackAllows) {
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  json::ParseResult parsed = json::parse(deep);
  ASSERT_TRUE(parsed.syntaxError);
  EXPECT_EQ(parsed.errors.at(0).message, "JSON nesting is too deep (more than 512 levels)");
  EXPECT_EQ(parsed.errors.at(0).position.column, 513u);
}

TEST(LocatedJson, RefusesMoreValuesThanItsLimit) {
  EXPECT_TRUE(json::parse("[0, 0, 0]", 512, 4).ok());
  json::ParseResult parsed = json::parse("[0, 0, 0, 0]", 512, 4);
  ASSERT_TRUE(parsed.syntaxError);
  EXPECT_EQ(parsed.errors.at(0).message,
            "the file holds more than 4 JSON values; a JSON file edgecut reads is limited to that many, about 120 "
            "bytes of memory each; give a smaller file");
  EXPECT_EQ(parsed.errors.at(0).position.column, 11u) << "at the value over the limit";
}

// ---- what diagnostics print of a hostile file ----

std::string render(const std::string& text, diag::SourceLocation at, const std::string& message) {
  diag::DiagnosticSink sink;
  sink.setFileText("net.json", text);
  sink.error(std::move(at), message);
  return sink.render();
}

TEST(Diagnostics, ShowControlCharactersAndBrokenUtf8AsClangDoes) {
  // A name read from a file (an escape in JSON) must not start a line of its own, clear the screen
  // or move the cursor; the caret still points under the column.
  EXPECT_EQ(render("{\"a\x1b[2J\": \xff 1}", {"net.json", 1, 11}, "unknown key 'a\n\x1b[2J'"),
            "net.json:1:11: error: unknown key 'a<U+000A><U+001B>[2J'\n"
            "{\"a<U+001B>[2J\": <FF> 1}\n"
            "                 ^\n"
            "1 error generated.\n");
  EXPECT_EQ(render("{\"caf\xc3\xa9\": 1, \"\xc2\x9b\"}", {"net.json", 1, 14}, "x"),
            "net.json:1:14: error: x\n"
            "{\"caf\xc3\xa9\": 1, \"<U+009B>\"}\n"
            "            ^\n"
            "1 error generated.\n");
}

TEST(Diagnostics, ShowNoSourceLineLongerThanClangWould) {
  const std::string line = "[" + std::string(5000, ' ') + "x]";
  EXPECT_EQ(render(line, {"net.json", 1, 5002}, "expected a JSON value"),
            "net.json:1:5002: error: expected a JSON value\n1 error generated.\n");
}

// A file may hold a million names and a name a megabyte long: a suggestion and a list stay cheap.
TEST(Diagnostics, SuggestAndListFromHugeInputsInShortTime) {
  std::vector<std::string> columns;
  for (int i = 0; i < 1'000'000; ++i) columns.push_back("column" + std::to_string(i));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(diag::closestMatch("colum7", columns), "column7");
  EXPECT_EQ(diag::closestMatch(std::string(1'000'000, 'c'), {std::string(1'000'000, 'c') + "x"}), "");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(diag::quotedList(columns, " and "),
            "'column0', 'column1', 'column2', 'column3', 'column4', 'column5', 'column6', 'column7', 'column8', "
            "'column9' and 999990 more");
  columns.resize(11);
  EXPECT_EQ(diag::quotedList(columns).substr(0, 10), "'column0',");
  EXPECT_TRUE(diag::quotedList(columns).ends_with("'column9' or 'column10'")) << "eleven are all shown";
}

TEST(Diagnostics, StopAfterTwentyErrorsAndCountThemAll) {
  diag::DiagnosticSink sink;
  for (int i = 0; i < 25; ++i) sink.error({}, "mistake " + std::to_string(i));
  std::string expected;
  for (int i = 0; i < 20; ++i) expected += "edgecut: error: mistake " + std::to_string(i) + "\n";
  expected += "edgecut: fatal error: too many errors emitted, stopping now; fix these first\n25 errors generated.\n";
  EXPECT_EQ(sink.render(), expected);
}

}  // namespace input_file_test_cpp
}  // namespace
}  // namespace edgecut::input
