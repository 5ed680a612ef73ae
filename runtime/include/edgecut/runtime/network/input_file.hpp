// The one way edgecut and its programs read a file that a user, a plan or a network names: plans,
// networks, CSV traces, radio files, run profiles, key files and the source lines diagnostics
// show. A file named by someone else may be anything, so the reader takes regular files only (a
// FIFO would block forever, /dev/zero never ends, a directory has no text) and none larger than
// its kind's limit (input_files.def), and it never blocks: it opens with O_NONBLOCK and looks at
// what it opened (fstat) before reading a byte. No LLVM.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace edgecut::input {

enum class FileKind : std::uint8_t {
#define EDGECUT_INPUT_FILE(kind, noun, maxBytes, why) kind,
#include "edgecut/runtime/network/input_files.def"
};

struct FileKindInfo {
  std::string_view noun;   // "network file"
  std::uint64_t maxBytes;  // the largest file of this kind that is read
  std::string_view why;    // what the limit leaves room for
};
const FileKindInfo& infoOf(FileKind kind);

// "16 MiB", "4 KiB", "100 bytes": a size as the messages and the README give it.
std::string sizeText(std::uint64_t bytes);

// The whole of the regular file at `path`, or nothing, with `problem` saying what is wrong and how
// to fix it, naming the file as `shown` (how the user wrote it; `path` when empty), e.g.
//   cannot open network file 'net.json': No such file or directory
//   network file 'fifo.json' is a FIFO, not a regular file; name a regular file
//   network file 'big.json' is 50 MiB; network files are limited to 16 MiB, enough for …
std::optional<std::string> readInputFile(const std::string& path, FileKind kind, std::string& problem,
                                         std::string_view shown = {});

// Whether `path` could be read as `kind` (the same checks, without reading): for a file that
// another program reads later. False with `problem` set when it could not; `unopened` then says
// whether only the system refused to open it (it does not exist, or this user may not read it),
// which need not matter where another program, on another machine or as another user, reads it.
bool checkInputFile(const std::string& path, FileKind kind, std::string& problem, bool& unopened,
                    std::string_view shown = {});

}  // namespace edgecut::input
