// DirectorySink (emit.hpp): the outputs as one transaction (docs/design.md §3). Every new text is
// written in full to a file of its own under a name nobody can predict, then all are renamed into
// place; the old outputs keep a second name meanwhile, so that when any step fails every one of them
// is put back and every new file removed. POSIX calls, for what std::filesystem cannot say: create
// a file that did not exist, and never follow a symbolic link.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

#include "edgecut/compiler/emit.hpp"

namespace edgecut::compiler {

namespace {

// Beside an output's name while a run writes it: `mote.cpp.edgecut-new-Xq3v9A`.
constexpr const char kNewInfix[] = ".edgecut-new-";
constexpr const char kOldInfix[] = ".edgecut-old-";

// What is at an output's name when the run starts.
enum class Existing { Nothing, SameText, Other, Directory };

struct Output {
  const GeneratedFile* file = nullptr;
  Existing existing = Existing::Nothing;
  std::string temporary;    // the new text, until it is renamed to the output's name
  std::string backup;       // the old output's second name while outputs are replaced
  bool linked = false;      // the backup is a hard link: the old output is at its name too
  bool movedAside = false;  // the old output was renamed to the backup
  bool replaced = false;    // the new text is at the output's name
};

int readAll(int fd, std::string& text, std::size_t limit) {
  char buffer[65536];
  while (text.size() < limit) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return errno;
    if (got == 0) break;
    text.append(buffer, static_cast<std::size_t>(got));
  }
  return 0;
}

int writeAll(int fd, const std::string& text) {
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t put = ::write(fd, text.data() + written, text.size() - written);
    if (put < 0 && errno == EINTR) continue;
    if (put < 0) return errno;
    written += static_cast<std::size_t>(put);
  }
  return 0;
}

// What is at the output's name. Only a regular file is read, and never through a symbolic link: a
// link at an output's name is replaced by a regular file, and what it points to is never written.
int inspect(int directory, Output& output) {
  const std::string& name = output.file->name;
  struct stat status {};
  if (::fstatat(directory, name.c_str(), &status, AT_SYMLINK_NOFOLLOW) != 0) {
    output.existing = Existing::Nothing;
    return errno == ENOENT ? 0 : errno;
  }
  // A directory cannot be renamed over; the rename says so, after the outputs before it were
  // replaced, and they are put back.
  output.existing = S_ISDIR(status.st_mode) ? Existing::Directory : Existing::Other;
  const std::string& text = output.file->text;
  if (!S_ISREG(status.st_mode) || static_cast<std::size_t>(status.st_size) != text.size()) return 0;
  const int fd = ::openat(directory, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return 0;  // unreadable: replaced, as any other old output
  std::string current;
  const int failure = readAll(fd, current, text.size() + 1);
  ::close(fd);
  if (failure == 0 && current == text) output.existing = Existing::SameText;
  return 0;
}

// Mode bits as a file created with open(…, 0666) gets them: what the outputs had before.
mode_t newFileMode() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

// The new text in a file of its own: mkostemp creates it (O_EXCL, so nothing planted at its
// name, a symbolic link included, is ever opened), under a name nobody can predict.
int stage(const std::string& directoryPath, Output& output, mode_t mode) {
  std::string path = (std::filesystem::path(directoryPath) / (output.file->name + kNewInfix + "XXXXXX")).string();
  const int fd = ::mkostemp(path.data(), O_CLOEXEC);
  if (fd < 0) return errno;
  output.temporary = std::filesystem::path(path).filename().string();
  int failure = writeAll(fd, output.file->text);
  if (failure == 0 && ::fchmod(fd, mode) != 0) failure = errno;
  if (failure == 0 && ::fsync(fd) != 0) failure = errno;
  if (::close(fd) != 0 && failure == 0) failure = errno;
  return failure;
}

std::string unpredictableSuffix() {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device random;
  std::string out;
  for (int i = 0; i < 8; ++i) out += kAlphabet[random() % (sizeof kAlphabet - 1)];
  return out;
}

// A second name for the old output, a hard link, so that it stays at its own name until its
// replacement takes it. Where no link can be made (FAT has none; under protected_hardlinks,
// another user's file) it is moved aside instead, just before it is replaced.
int keepBackup(int directory, Output& output) {
  if (output.existing != Existing::Other) return 0;
  for (int attempt = 0; attempt < 100; ++attempt) {
    output.backup = output.file->name + kOldInfix + unpredictableSuffix();
    // linkat never follows a symbolic link, nor replaces what is at the new name.
    if (::linkat(directory, output.file->name.c_str(), directory, output.backup.c_str(), 0) == 0) {
      output.linked = true;
      return 0;
    }
    if (errno == EPERM || errno == EOPNOTSUPP || errno == EMLINK) return 0;
    if (errno != EEXIST) {
      output.backup.clear();
      return errno;
    }
  }
  output.backup.clear();
  return EEXIST;
}

int replace(int directory, Output& output) {
  const char* name = output.file->name.c_str();
  if (!output.backup.empty() && !output.linked) {
    if (::renameat2(directory, name, directory, output.backup.c_str(), RENAME_NOREPLACE) != 0) return errno;
    output.movedAside = true;
  }
  if (::renameat(directory, output.temporary.c_str(), directory, name) != 0) return errno;
  output.replaced = true;
  return 0;
}

// Puts every old output back and removes every new file, last first. Returns what could not be
// undone, as notes.
std::vector<Diagnostic> rollBack(int directory, const std::string& directoryPath, std::vector<Output>& outputs) {
  namespace fs = std::filesystem;
  std::vector<Diagnostic> left;
  for (auto output = outputs.rbegin(); output != outputs.rend(); ++output) {
    const char* name = output->file->name.c_str();
    const bool oldAside = output->movedAside || (output->linked && output->replaced);
    if (oldAside) {
      if (::renameat(directory, output->backup.c_str(), directory, name) == 0) {
        output->backup.clear();
      } else {
        left.push_back(note({}, "the previous '" + (fs::path(directoryPath) / name).string() + "' is '" +
                                    (fs::path(directoryPath) / output->backup).string() + "' now (" +
                                    std::strerror(errno) + "); rename it back"));
        continue;
      }
    } else if (output->replaced) {
      ::unlinkat(directory, name, 0);
    }
    if (!output->replaced && !output->temporary.empty()) ::unlinkat(directory, output->temporary.c_str(), 0);
    if (output->linked && !output->backup.empty()) ::unlinkat(directory, output->backup.c_str(), 0);
  }
  return left;
}

// How to get past what stopped the run, in the note after its error.
std::string remedy(int failure, const std::string& path, const std::string& directory) {
  switch (failure) {
    case EISDIR: return "remove or rename the directory '" + path + "', which is in the way of that output";
    case EACCES:
    case EPERM:
    case EROFS: return "make '" + directory + "' writable, or give another output directory with -o";
    case ENOSPC:
    case EDQUOT: return "free some space on the file system of '" + directory + "'";
    default: return "remove the cause, or give another output directory with -o";
  }
}

}  // namespace

bool DirectorySink::write(const std::vector<GeneratedFile>& files, DiagnosticSink& diagnostics) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::create_directories(directory_, error);
  if (error) {
    const bool fileInTheWay = error == std::errc::not_a_directory || error == std::errc::file_exists;
    diagnostics.error({}, "cannot create output directory '" + directory_ + "': " + error.message(),
                      {note({}, "nothing was written; " +
                                    (fileInTheWay ? "'" + directory_ + "' or a directory above it is a file: " +
                                                        "remove it, or give another output directory with -o"
                                                  : remedy(error.value(), directory_, directory_)))});
    return false;
  }
  const int directory = ::open(directory_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (directory < 0) {
    const int failure = errno;
    diagnostics.error({}, "cannot open output directory '" + directory_ + "': " + std::strerror(failure),
                      {note({}, "nothing was written; " + remedy(failure, directory_, directory_))});
    return false;
  }
  std::vector<Output> outputs;
  for (const GeneratedFile& file : files) outputs.emplace_back().file = &file;
  const mode_t mode = newFileMode();
  // Each step on every output, then the next: nothing is replaced until every new text is on disk.
  auto failed = [&](const Output& output, int failure, bool keepingOld = false) {
    const std::string path = (fs::path(directory_) / output.file->name).string();
    std::vector<Diagnostic> notes = rollBack(directory, directory_, outputs);
    if (notes.empty()) notes.push_back(note({}, "nothing in '" + directory_ + "' was changed; " +
                                                    remedy(failure, path, directory_)));
    diagnostics.error({}, (keepingOld ? "cannot keep the previous '" + path + "' while replacing it: "
                                      : "cannot write '" + path + "': ") + std::strerror(failure),
                      std::move(notes));
    ::close(directory);
    return false;
  };
  for (Output& output : outputs)
    if (int failure = inspect(directory, output)) return failed(output, failure);
  std::erase_if(outputs, [](const Output& output) { return output.existing == Existing::SameText; });
  for (Output& output : outputs)
    if (int failure = stage(directory_, output, mode)) return failed(output, failure);
  for (Output& output : outputs)
    if (int failure = keepBackup(directory, output)) return failed(output, failure, true);
  for (Output& output : outputs)
    if (int failure = replace(directory, output)) return failed(output, failure);
  for (const Output& output : outputs)
    if (!output.backup.empty() && ::unlinkat(directory, output.backup.c_str(), 0) != 0)
      diagnostics.warning({}, "cannot remove '" + (fs::path(directory_) / output.backup).string() +
                                  "', the previous output: " + std::strerror(errno));
  // The renames reach the disk with the directory; a file system that cannot say when is no error.
  ::fsync(directory);
  ::close(directory);
  return true;
}

}  // namespace edgecut::compiler
