// The motes' output, labelled by the mote that printed it (runtime/src/mote/labelled_output.hpp),
// with this process's real stderr sent to a file for the test.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "edgecut/runtime/mote.hpp"
#include "mote/labelled_output.hpp"

namespace edgecut::mote::detail {
namespace {
namespace labelled_output_test_cpp {

// Runs `body` while a LabelledOutput lives, and returns what reached the real stderr.
std::string labelled(const std::function<void()>& body) {
  std::fflush(nullptr);
  // A name of its own: CTest runs each test of this file as a process, several at once.
  std::string path = ::testing::TempDir() + "edgecut_labelled_output_XXXXXX";
  const int file = ::mkstemp(path.data());
  const int realStderr = ::dup(STDERR_FILENO);
  ::dup2(file, STDERR_FILENO);
  ::close(file);
  {
    LabelledOutput output;
    body();
  }
  ::dup2(realStderr, STDERR_FILENO);
  ::close(realStderr);
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  ::unlink(path.c_str());
  return text.str();
}

TEST(LabelledOutput, LinesGoToStderrLabelledByTheMoteServed) {
  EXPECT_EQ(labelled([] {
              printingFor(3);
              std::printf("printf\n");
              std::cout << "cout" << std::endl;
              std::fprintf(stderr, "stderr\n");
              std::cerr << "cerr\n";
              std::puts("puts");
              printingFor(kNoNode);
            }),
            "[mote 3] printf\n[mote 3] cout\n[mote 3] stderr\n[mote 3] cerr\n[mote 3] puts\n");
}

TEST(LabelledOutput, ANestedMoteGetsItsOwnLinesAndAPartialLineIsCompletedAtTheNextChange) {
  EXPECT_EQ(labelled([] {
              printingFor(3);
              std::printf("the head starts");
              printingFor(4);  // the head waits for member 4, which is served meanwhile
              std::printf("the member answers\n");
              printingFor(3);
              std::printf("the head ends\n");
              printingFor(kNoNode);
            }),
            "[mote 3] the head starts\n[mote 4] the member answers\n[mote 3] the head ends\n");
}

TEST(LabelledOutput, TheRuntimesOwnMessagesAndOutputBetweenRequestsAreNotLabelled) {
  EXPECT_EQ(labelled([] {
              std::printf("between requests\n");
              printingFor(2);
              std::printf("half a line");
              printDiagnostic("edgecut: error: something the runtime says\n");
              std::printf("the rest\n");
              printingFor(kNoNode);
            }),
            "between requests\n[mote 2] half a line\nedgecut: error: something the runtime says\n"
            "[mote 2] the rest\n");
}

TEST(LabelledOutput, TheEndCompletesAPartialLineAndGivesStdoutBack) {
  struct stat before {};
  ASSERT_EQ(::fstat(STDOUT_FILENO, &before), 0);
  EXPECT_EQ(labelled([] {
              printingFor(5);
              std::printf("no newline");
            }),
            "[mote 5] no newline\n");
  struct stat after {};
  ASSERT_EQ(::fstat(STDOUT_FILENO, &after), 0);
  EXPECT_EQ(after.st_ino, before.st_ino);
  EXPECT_EQ(after.st_dev, before.st_dev);
  EXPECT_EQ(LabelledOutput::active(), nullptr);
}

// The streams print into the output itself while it lives (no pipe, no flush at a change of
// mote), and are the program's own again after it.
TEST(LabelledOutput, TheStreamsAreTakenInWhileItLivesAndGivenBackAfter) {
  std::FILE* const programStdout = stdout;
  std::FILE* const programStderr = stderr;
  std::streambuf* const programCout = std::cout.rdbuf();
  std::streambuf* const programCerr = std::cerr.rdbuf();
  EXPECT_EQ(labelled([&] {
              EXPECT_NE(stdout, programStdout);
              EXPECT_NE(stderr, programStderr);
              EXPECT_NE(std::cout.rdbuf(), programCout);
              printingFor(6);
              std::cerr << "cerr, ";
              std::fprintf(stderr, "stderr, ");
              std::cout << "cout: one line in order" << '\n';
              printingFor(kNoNode);
            }),
            "[mote 6] cerr, stderr, cout: one line in order\n");
  EXPECT_EQ(stdout, programStdout);
  EXPECT_EQ(stderr, programStderr);
  EXPECT_EQ(std::cout.rdbuf(), programCout);
  EXPECT_EQ(std::cerr.rdbuf(), programCerr);
}

// Past the streams, on fd 1 itself: still never lost, though its label is the mote served when
// the pump took it (this one, or none by the end).
TEST(LabelledOutput, WhatIsWrittenToTheFdPastTheStreamsStillGetsOut) {
  const std::string text = labelled([] {
    printingFor(7);
    ASSERT_EQ(::write(STDOUT_FILENO, "straight to fd 1\n", 17), 17);
    printingFor(kNoNode);
  });
  EXPECT_TRUE(text == "[mote 7] straight to fd 1\n" || text == "straight to fd 1\n") << text;
}

// Far more than a pipe holds (64 KiB) within one request: mote code never blocks on it.
TEST(LabelledOutput, AMoteThatPrintsMoreThanAPipeHoldsGoesOn) {
  constexpr int kLines = 40'000;
  const std::string text = labelled([] {
    printingFor(1);
    for (int i = 0; i < kLines; ++i) std::printf("line %06d of a long report\n", i);
    printingFor(kNoNode);
  });
  std::istringstream lines(text);
  int count = 0;
  for (std::string line; std::getline(lines, line); ++count) {
    ASSERT_EQ(line, fmt::format("[mote 1] line {:06d} of a long report", count));
  }
  EXPECT_EQ(count, kLines);
}

}  // namespace labelled_output_test_cpp
}  // namespace
}  // namespace edgecut::mote::detail
