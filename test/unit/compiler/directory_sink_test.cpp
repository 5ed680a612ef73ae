// DirectorySink on the real file system, in a directory of its own under the system's temporary
// directory: the outputs are one transaction, never written through a symbolic link.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "edgecut/compiler/emit.hpp"

namespace edgecut::compiler {
namespace {
namespace directory_sink_test_cpp {

namespace fs = std::filesystem;

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void writeFile(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::set<std::string> namesIn(const fs::path& directory) {
  std::set<std::string> names;
  for (const fs::directory_entry& entry : fs::directory_iterator(directory))
    names.insert(entry.path().filename().string());
  return names;
}

// An old output as a later run must leave it when it fails: the same file (inode), text and time.
struct Snapshot {
  ino_t inode = 0;
  std::string text;
  fs::file_time_type time;
  explicit Snapshot(const fs::path& path) : text(readFile(path)), time(fs::last_write_time(path)) {
    struct stat status {};
    EXPECT_EQ(::stat(path.c_str(), &status), 0) << path;
    inode = status.st_ino;
  }
  bool operator==(const Snapshot&) const = default;
};

struct TemporaryDirectory {
  fs::path root = fs::temp_directory_path() / ("edgecut-sink-" + std::to_string(::getpid()) + "-" +
                                               ::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::path path = root / "out";
  TemporaryDirectory() {
    fs::remove_all(root);
    fs::create_directories(path);
  }
  ~TemporaryDirectory() {
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::add);
    fs::remove_all(root);
  }
};

TEST(DirectorySink, WritesEveryFileAndLeavesNoTemporaries) {
  TemporaryDirectory directory;
  DiagnosticSink diagnostics;
  DirectorySink sink(directory.path.string());
  ASSERT_TRUE(sink.write({{"a.cpp", "one"}, {"b.hpp", "two"}}, diagnostics)) << diagnostics.render();
  EXPECT_EQ(readFile(directory.path / "a.cpp"), "one");
  EXPECT_EQ(readFile(directory.path / "b.hpp"), "two");
  EXPECT_EQ(namesIn(directory.path), (std::set<std::string>{"a.cpp", "b.hpp"}));
}

// Outputs get the mode a newly created file gets, as when they were written with an ofstream.
TEST(DirectorySink, OutputsHaveTheModeOfANewFile) {
  TemporaryDirectory directory;
  DiagnosticSink diagnostics;
  const mode_t mask = ::umask(022);
  ASSERT_TRUE(DirectorySink(directory.path.string()).write({{"a.cpp", "one"}}, diagnostics));
  ::umask(mask);
  EXPECT_EQ(fs::status(directory.path / "a.cpp").permissions(),
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
}

TEST(DirectorySink, UnchangedFilesKeepTheirTimestamps) {
  TemporaryDirectory directory;
  DiagnosticSink diagnostics;
  DirectorySink sink(directory.path.string());
  ASSERT_TRUE(sink.write({{"a.cpp", "same"}, {"b.hpp", "old"}}, diagnostics));
  const auto before = fs::last_write_time(directory.path / "a.cpp") - std::chrono::hours(1);
  fs::last_write_time(directory.path / "a.cpp", before);
  ASSERT_TRUE(sink.write({{"a.cpp", "same"}, {"b.hpp", "new"}}, diagnostics));
  EXPECT_EQ(fs::last_write_time(directory.path / "a.cpp"), before);
  EXPECT_EQ(readFile(directory.path / "b.hpp"), "new");
}

// The third output's name is a directory: the rename that would replace it fails after the first
// two were replaced, and they are put back, the very files they were; the fourth, which did not
// exist, does not now; no temporary file or backup is left.
TEST(DirectorySink, ADirectoryInTheWayLeavesEveryOldOutputAsItWas) {
  TemporaryDirectory directory;
  DiagnosticSink diagnostics;
  DirectorySink sink(directory.path.string());
  ASSERT_TRUE(sink.write({{"glue.hpp", "old glue"}, {"base.cpp", "old base"}}, diagnostics));
  fs::create_directories(directory.path / "mote.cpp" / "inside");
  const Snapshot glue(directory.path / "glue.hpp"), base(directory.path / "base.cpp");
  EXPECT_FALSE(sink.write({{"glue.hpp", "new glue"}, {"base.cpp", "new base"}, {"mote.cpp", "new mote"},
                           {"edgecut.d", "new depfile"}},
                          diagnostics));
  const std::string out = directory.path.string();
  EXPECT_EQ(diagnostics.render(),
            "edgecut: error: cannot write '" + out + "/mote.cpp': Is a directory\n"
            "edgecut: note: nothing in '" + out + "' was changed; remove or rename the directory '" + out +
                "/mote.cpp', which is in the way of that output\n"
                "1 error generated.\n");
  EXPECT_EQ(Snapshot(directory.path / "glue.hpp"), glue);
  EXPECT_EQ(Snapshot(directory.path / "base.cpp"), base);
  EXPECT_EQ(namesIn(directory.path), (std::set<std::string>{"glue.hpp", "base.cpp", "mote.cpp"}));
  EXPECT_EQ(namesIn(directory.path / "mote.cpp"), std::set<std::string>{"inside"});
}

// Replacing a file needs the directory's permission, not the file's: a read-only output is
// replaced, as `mv` and the rename(2) that edgecut always did replace one.
TEST(DirectorySink, AReadOnlyOutputIsReplaced) {
  TemporaryDirectory directory;
  DiagnosticSink diagnostics;
  DirectorySink sink(directory.path.string());
  ASSERT_TRUE(sink.write({{"a.cpp", "old"}}, diagnostics));
  fs::permissions(directory.path / "a.cpp", fs::perms::owner_read);
  ASSERT_TRUE(sink.write({{"a.cpp", "new"}}, diagnostics)) << diagnostics.render();
  EXPECT_EQ(readFile(directory.path / "a.cpp"), "new");
  EXPECT_EQ(namesIn(directory.path), std::set<std::string>{"a.cpp"});
}

// A directory nobody may write to changes nothing. Root may write to any: then the output
// directory's path runs through a file instead.
TEST(DirectorySink, AnOutputDirectoryThatCannotBeWrittenChangesNothing) {
  TemporaryDirectory directory;
  DiagnosticSink diagnostics;
  ASSERT_TRUE(DirectorySink(directory.path.string()).write({{"a.cpp", "old a"}, {"b.hpp", "old b"}}, diagnostics));
  const Snapshot a(directory.path / "a.cpp"), b(directory.path / "b.hpp");
  fs::permissions(directory.path, fs::perms::owner_read | fs::perms::owner_exec);
  const std::string out = directory.path.string();
  if (::access(directory.path.c_str(), W_OK) == 0) {  // root
    fs::permissions(directory.path, fs::perms::owner_all);
    const std::string through = out + "/a.cpp/out";
    EXPECT_FALSE(DirectorySink(through).write({{"a.cpp", "new a"}}, diagnostics));
    EXPECT_EQ(diagnostics.render(),
              "edgecut: error: cannot create output directory '" + through + "': Not a directory\n"
              "edgecut: note: nothing was written; '" + through + "' or a directory above it is a file: "
              "remove it, or give another output directory with -o\n1 error generated.\n");
  } else {
    EXPECT_FALSE(DirectorySink(out).write({{"a.cpp", "new a"}, {"b.hpp", "new b"}}, diagnostics));
    EXPECT_EQ(diagnostics.render(),
              "edgecut: error: cannot write '" + out + "/a.cpp': Permission denied\n"
              "edgecut: note: nothing in '" + out + "' was changed; make '" + out +
                  "' writable, or give another output directory with -o\n1 error generated.\n");
  }
  EXPECT_EQ(Snapshot(directory.path / "a.cpp"), a);
  EXPECT_EQ(Snapshot(directory.path / "b.hpp"), b);
  EXPECT_EQ(namesIn(directory.path), (std::set<std::string>{"a.cpp", "b.hpp"}));
}

// A symbolic link at an output's name is replaced by a regular file; what it points to, outside
// the directory, is never written, even when it already holds the new text.
TEST(DirectorySink, ASymbolicLinkAtAnOutputsNameIsReplacedNeverWrittenThrough) {
  TemporaryDirectory directory;
  writeFile(directory.root / "precious.txt", "precious");
  writeFile(directory.root / "same.txt", "new b");
  fs::create_symlink(directory.root / "precious.txt", directory.path / "a.cpp");
  fs::create_symlink(directory.root / "same.txt", directory.path / "b.hpp");
  DiagnosticSink diagnostics;
  ASSERT_TRUE(DirectorySink(directory.path.string()).write({{"a.cpp", "new a"}, {"b.hpp", "new b"}}, diagnostics))
      << diagnostics.render();
  EXPECT_EQ(readFile(directory.root / "precious.txt"), "precious");
  for (const char* name : {"a.cpp", "b.hpp"})
    EXPECT_EQ(fs::symlink_status(directory.path / name).type(), fs::file_type::regular) << name;
  EXPECT_EQ(readFile(directory.path / "a.cpp"), "new a");
  EXPECT_EQ(readFile(directory.path / "b.hpp"), "new b");
}

// Temporary names cannot be predicted, so links planted where a temporary file could be expected
// (the names edgecut once used, and its own pattern spelled out) are never opened.
TEST(DirectorySink, LinksPlantedAtTemporaryNamesAreNeverWrittenThrough) {
  TemporaryDirectory directory;
  writeFile(directory.root / "precious.txt", "precious");
  const std::set<std::string> planted{"a.cpp.edgecut-tmp", "a.cpp.edgecut-new-XXXXXX", "a.cpp.edgecut-old-XXXXXXXX"};
  for (const std::string& name : planted) fs::create_symlink(directory.root / "precious.txt", directory.path / name);
  DiagnosticSink diagnostics;
  DirectorySink sink(directory.path.string());
  ASSERT_TRUE(sink.write({{"a.cpp", "old"}}, diagnostics));
  ASSERT_TRUE(sink.write({{"a.cpp", "new"}}, diagnostics)) << diagnostics.render();
  EXPECT_EQ(readFile(directory.root / "precious.txt"), "precious");
  EXPECT_EQ(readFile(directory.path / "a.cpp"), "new");
  std::set<std::string> expected = planted;
  expected.insert("a.cpp");
  EXPECT_EQ(namesIn(directory.path), expected);
}

}  // namespace directory_sink_test_cpp
}  // namespace
}  // namespace edgecut::compiler
