// cppStringLiteral against a real compiler: every byte, alone and together, and the neighbours
// that would extend an escape, written into a C++ file as literals, compiled with the system's
// C++ compiler (EDGECUT_TEST_CXX) and run, must come back exactly.
#include "edgecut/compiler/string_literal.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace edgecut::compiler {
namespace {
namespace string_literal_test_cpp {

TEST(CppStringLiteral, KeepsPrintableAsciiAndEscapesTheRestInThreeOctalDigits) {
  EXPECT_EQ(cppStringLiteral(""), R"("")");
  EXPECT_EQ(cppStringLiteral("soil.cpp"), R"("soil.cpp")");
  EXPECT_EQ(cppStringLiteral("a\"b\\c?d"), R"("a\"b\\c\?d")");
  EXPECT_EQ(cppStringLiteral("?\?/"), R"("\?\?/")");
  EXPECT_EQ(cppStringLiteral(std::string("\x01" "7\n\0" "0", 5)), R"("\0017\012\0000")");
  EXPECT_EQ(cppStringLiteral("\xff\x80\x7f "), R"("\377\200\177 ")");
  EXPECT_EQ(cppStringLiteral("*/ //"), R"("*/ //")");
}

std::string everyByte() {
  std::string out;
  for (int byte = 0; byte < 256; ++byte) out += static_cast<char>(byte);
  return out;
}

// Each byte alone; all 256 in one string; every byte followed by each character that could
// extend an escape (octal and hex digits), or start a trigraph or an escape of its own.
std::vector<std::string> cases() {
  std::vector<std::string> out;
  const std::string all = everyByte();
  for (char byte : all) out.emplace_back(1, byte);
  out.push_back(all);
  out.emplace_back(all.rbegin(), all.rend());
  for (char byte : all)
    for (char next : std::string("01789aAfFxX?\\\"/*"))
      out.push_back(std::string(1, byte) + next);
  out.push_back("?\?=?\?/?\?'?\?(?\?)?\?!?\?<?\?>?\?-");  // every trigraph
  out.push_back("");
  return out;
}

// Runs `command` with its output in `log`; what it printed when it failed, else "".
std::string run(const std::string& command, const std::filesystem::path& log) {
  const int status = std::system((command + " > '" + log.string() + "' 2>&1").c_str());
  std::ifstream in(log, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return status == 0 ? "" : "`" + command + "` failed:\n" + text.str().substr(0, 4000);
}

TEST(CppStringLiteral, EveryByteComesBackFromACompiledProgram) {
  const std::filesystem::path directory =
      std::filesystem::temp_directory_path() / ("edgecut-literal-" + std::to_string(::getpid()));
  std::filesystem::remove_all(directory);
  std::filesystem::create_directories(directory);
  const std::vector<std::string> strings = cases();
  // The program writes each literal's length and bytes; -trigraphs, so that a `??/` left
  // unescaped would change the bytes, and -Werror, so that one left in would fail the build.
  std::string program = "#include <cstdio>\nstruct Case { const char* bytes; unsigned long size; };\n";
  program += "#define CASE(literal) {literal, sizeof literal - 1}\nconst Case kCases[] = {\n";
  for (const std::string& bytes : strings) program += "    CASE(" + cppStringLiteral(bytes) + "),\n";
  program += "};\nint main(int, char** argv) {\n  std::FILE* out = std::fopen(argv[1], \"wb\");\n"
             "  for (const Case& c : kCases) {\n    std::fprintf(out, \"%lu:\", c.size);\n"
             "    std::fwrite(c.bytes, 1, c.size, out);\n  }\n  return std::fclose(out);\n}\n";
  std::ofstream(directory / "literals.cpp", std::ios::binary) << program;
  const std::string source = (directory / "literals.cpp").string(), binary = (directory / "literals").string();
  ASSERT_EQ(run(std::string(EDGECUT_TEST_CXX) + " -std=c++20 -trigraphs -Wall -Wextra -Werror '" + source +
                "' -o '" + binary + "'",
                directory / "compiler.log"),
            "");
  const std::string printed = (directory / "printed.bin").string();
  ASSERT_EQ(run("'" + binary + "' '" + printed + "'", directory / "run.log"), "");
  std::ifstream in(printed, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  const std::string back = text.str();
  std::size_t at = 0;
  for (const std::string& bytes : strings) {
    const std::string expected = std::to_string(bytes.size()) + ":" + bytes;
    ASSERT_EQ(back.compare(at, expected.size(), expected), 0)
        << "the literal " << cppStringLiteral(bytes) << " did not come back as its bytes";
    at += expected.size();
  }
  EXPECT_EQ(at, back.size());
  std::filesystem::remove_all(directory);
}

}  // namespace string_literal_test_cpp
}  // namespace
}  // namespace edgecut::compiler
