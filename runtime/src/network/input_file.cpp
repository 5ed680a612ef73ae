#include "edgecut/runtime/network/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace edgecut::input {

namespace {

const FileKindInfo kKinds[] = {
#define EDGECUT_INPUT_FILE(kind, noun, maxBytes, why) {noun, maxBytes, why},
#include "edgecut/runtime/network/input_files.def"
};

// What a file that is not regular is, for "… is a FIFO, not a regular file".
const char* typeName(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a file";
}

class Check {
 public:
  Check(const std::string& path, FileKind kind, std::string& problem, std::string_view shown)
      : path_(path), info_(infoOf(kind)), problem_(problem),
        shown_("'" + std::string(shown.empty() ? std::string_view(path) : shown) + "'") {}

  // Whether `status` is a regular file within the limit; else says why.
  bool acceptable(const struct stat& status) {
    if (!S_ISREG(status.st_mode)) {
      problem_ = std::string(info_.noun) + " " + shown_ + " is " + typeName(status.st_mode) +
                 ", not a regular file; name a regular file";
      return false;
    }
    return withinLimit(static_cast<std::uint64_t>(status.st_size), true);
  }

  // `size`: the file's size when `exact`, else as much as was read of it so far.
  bool withinLimit(std::uint64_t size, bool exact) {
    if (size <= info_.maxBytes) return true;
    problem_ = std::string(info_.noun) + " " + shown_ + " is " + (exact ? "" : "more than ") +
               std::to_string(exact ? size : info_.maxBytes) + " bytes; " + std::string(info_.noun) +
               "s are limited to " + sizeText(info_.maxBytes) + ", " + std::string(info_.why) +
               "; give a smaller file";
    return false;
  }

  void systemError(const char* verb, int code) {
    problem_ = std::string("cannot ") + verb + " " + std::string(info_.noun) + " " + shown_ + ": " +
               std::strerror(code);
  }

  void nameProblem(const char* what) {
    problem_ = "the name of " + std::string(info_.noun) + " " + shown_ + " " + what;
  }

  const std::string& path() const { return path_; }
  std::uint64_t limit() const { return info_.maxBytes; }

 private:
  const std::string& path_;
  const FileKindInfo& info_;
  std::string& problem_;
  std::string shown_;
};

// Opens a regular file for reading without ever blocking; -1 with the problem said otherwise.
int openRegular(Check& check, bool& unopened) {
  unopened = false;
  // A JSON string may hold "\u0000", which would cut the name short at the system's call.
  if (check.path().find('\0') != std::string::npos) {
    check.nameProblem("has a NUL character, which no file name can hold");
    return -1;
  }
  // stat first, so that a device is not even opened (opening some has effects); fstat after
  // opening, so that a file swapped in between is caught too.
  struct stat status {};
  if (::stat(check.path().c_str(), &status) != 0) {
    unopened = true;
    check.systemError("open", errno);
    return -1;
  }
  if (!check.acceptable(status)) return -1;
  int fd = ::open(check.path().c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    unopened = true;
    check.systemError("open", errno);
    return -1;
  }
  if (::fstat(fd, &status) != 0) {
    check.systemError("read", errno);
    ::close(fd);
    return -1;
  }
  if (!check.acceptable(status)) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

const FileKindInfo& infoOf(FileKind kind) { return kKinds[static_cast<std::size_t>(kind)]; }

std::string sizeText(std::uint64_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= (1u << 10) && bytes % (1u << 10) == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

std::optional<std::string> readInputFile(const std::string& path, FileKind kind, std::string& problem,
                                         std::string_view shown) {
  Check check(path, kind, problem, shown);
  bool unopened = false;
  const int fd = openRegular(check, unopened);
  if (fd < 0) return std::nullopt;
  // Read to the end, but never past the limit: the file may grow while it is read (a log), and
  // its size said nothing for files such as those of /proc.
  std::string text;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      check.systemError("read", errno);
      ::close(fd);
      return std::nullopt;
    }
    if (got == 0) break;
    text.append(buffer, static_cast<std::size_t>(got));
    if (!check.withinLimit(text.size(), false)) {
      ::close(fd);
      return std::nullopt;
    }
  }
  ::close(fd);
  return text;
}

bool checkInputFile(const std::string& path, FileKind kind, std::string& problem, bool& unopened,
                    std::string_view shown) {
  Check check(path, kind, problem, shown);
  const int fd = openRegular(check, unopened);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

}  // namespace edgecut::input
