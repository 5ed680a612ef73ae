// The output of mote code, labelled by the mote that printed it. A mote program's stdout and
// stderr are not the program's: one process may serve every mote, with the base program's stdout
// and stderr, and the base's stdout is main's alone. So while a LabelledOutput lives, this process's fds 1 and 2 write into a pipe, and
// where the mote being served changes (printingFor), the C and C++ streams are flushed and what
// they printed goes to the real stderr, each line as "[mote 3] …" for the mote served while it was
// printed. A partial line is completed at the next change, or at the end. Output while no mote is
// served (the runtime's own messages) goes through unlabelled, at once.
//
// A thread keeps the pipe drained, so that mote code printing more than a pipe holds never blocks;
// what it takes waits for the next change to be labelled.
#ifndef EDGECUT_RUNTIME_SRC_MOTE_LABELLED_OUTPUT_HPP
#define EDGECUT_RUNTIME_SRC_MOTE_LABELLED_OUTPUT_HPP

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "edgecut/edgecut.hpp"

namespace edgecut::mote::detail {

class LabelledOutput {
 public:
  // Takes over fds 1 and 2 (one at a time: a second one is a logic error). Throws
  // std::system_error if there is no pipe or thread to be had.
  LabelledOutput();
  // Labels what is left, completes a partial line, and gives fds 1 and 2 back.
  ~LabelledOutput();
  LabelledOutput(const LabelledOutput&) = delete;
  LabelledOutput& operator=(const LabelledOutput&) = delete;

  // What was printed until now was `printer_`'s; from now on it is `node`'s (kNoNode: nobody's).
  void printingFor(NodeId node);
  // Writes `text` unlabelled, after what was printed before it.
  void diagnostic(std::string_view text);

  // The one that lives, or nullptr.
  static LabelledOutput* active();

 private:
  // Reads what the pipe holds into taken_ (with mutex_ held); false once no one can write to it.
  bool drain();
  // Flushes the streams, then labels and writes out what they printed and `then`, and makes
  // `next` the printer (takes mutex_).
  void flush(std::string_view then = {}, std::optional<NodeId> next = std::nullopt);
  enum class Lines {
    all,    // a partial line at the end waits in partial_, labelled, to be completed next time
    whole,  // a partial line at the end stays in taken_, for more of it to come
  };
  // Labels what printer_ printed and writes it out, `then` after it (with mutex_ held).
  void writeOut(std::string_view then = {}, Lines lines = Lines::all);
  void pump();

  int pipe_ = -1;         // the read end
  int destination_ = -1;  // the real stderr
  int savedStdout_ = -1;
  std::mutex mutex_;
  std::string taken_;    // read from the pipe, not yet written out
  std::string partial_;  // a labelled line without its newline, completed by the next writeOut
  NodeId printer_;
  std::thread pump_;
};

// What is printed from now on is `node`'s (kNoNode: nobody's): the mote host calls it wherever the
// mote it serves changes. Nothing without a LabelledOutput.
void printingFor(NodeId node);
// The runtime's own message: unlabelled, on stderr, after what mote code printed before it.
void printDiagnostic(std::string_view text);

}  // namespace edgecut::mote::detail

#endif  // EDGECUT_RUNTIME_SRC_MOTE_LABELLED_OUTPUT_HPP
