// The output of mote code, labelled by the mote that printed it. A mote program's stdout and
// stderr are not the program's: one process may serve every mote, with the base program's stdout
// and stderr, and the base's stdout is main's alone. So while a LabelledOutput lives, what mote
// code prints is taken in, and where the mote being served changes (printingFor), what it printed
// goes to the real stderr, each line as "[mote 3] …" for the mote served while it was printed. A
// partial line is completed at the next change, or at the end. Output while no mote is served (the
// runtime's own messages) goes through unlabelled, at once.
//
// The C and C++ streams (stdout, stderr, std::cout, std::cerr, std::clog) are taken in within the
// process: `stdout` and `stderr` are unbuffered streams of its own (glibc lets a program set them),
// and the C++ streams write into a buffer of its own. So a change of mote where nothing was
// printed costs no system call: it was two reads of a pipe and a flush of every stream per run,
// most of a simulated day's time on the motes' side (test/bench/sim_scale/README.md). What
// reaches fds 1 and 2 by other ways (write(2), a FILE opened on them) still goes through a pipe
// that a thread keeps drained; it is labelled at the first change after the thread took it, by
// the mote served until then: as a rule the one that printed it, but a change that comes before
// the thread woke up gives it to the next one.
#ifndef EDGECUT_RUNTIME_SRC_MOTE_LABELLED_OUTPUT_HPP
#define EDGECUT_RUNTIME_SRC_MOTE_LABELLED_OUTPUT_HPP

#include <atomic>
#include <cstdio>
#include <mutex>
#include <optional>
#include <streambuf>
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
  // Nothing printed since the last change (the common case by far: each request served changes
  // the printer twice) costs a load and a store, without a lock (flush()).
  void printingFor(NodeId node) {
    if (!pending_.load(std::memory_order_acquire)) {
      printer_.store(node, std::memory_order_relaxed);  // the pump reads it with the lock
      return;
    }
    flush({}, node);
  }
  // Writes `text` unlabelled, after what was printed before it.
  void diagnostic(std::string_view text);

  // The one that lives, or nullptr.
  static LabelledOutput* active();

 private:
  // The C++ streams' buffer: every character goes to take() at once, so that their lines keep
  // their order with those of the C streams.
  class StreamBuffer : public std::streambuf {
   public:
    explicit StreamBuffer(LabelledOutput& output) : output_(output) {}

   protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* text, std::streamsize count) override;

   private:
    LabelledOutput& output_;
  };
  // What the C or C++ streams printed: taken in, for printer_ (a whole line at once when no mote
  // is served).
  void take(std::string_view text);
  // The C streams' write function (fopencookie).
  static ssize_t writeToStreams(void* output, const char* text, std::size_t count);
  // Makes `stdout` and `stderr` streams of this output, and the C++ streams write into it.
  void takeStreams();
  void giveStreamsBack();
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
  // Whether taken_ or partial_ holds anything, for flush() to see without the lock.
  std::atomic<bool> pending_ = false;
  // Sets pending_ (with mutex_ held).
  void notePending();
  std::atomic<NodeId> printer_;
  std::thread pump_;
  // The streams before this output took them, given back at its end.
  std::FILE* realStdout_ = nullptr;
  std::FILE* realStderr_ = nullptr;
  std::FILE* moteStdout_ = nullptr;
  std::FILE* moteStderr_ = nullptr;
  StreamBuffer streamBuffer_{*this};
  std::streambuf* realCout_ = nullptr;
  std::streambuf* realCerr_ = nullptr;
  std::streambuf* realClog_ = nullptr;
};

// The one that lives (LabelledOutput::active()), here for printingFor.
extern LabelledOutput* activeOutput;

// What is printed from now on is `node`'s (kNoNode: nobody's): the mote host calls it wherever the
// mote it serves changes, twice a request or task run, so it is inline. Nothing without a
// LabelledOutput.
inline void printingFor(NodeId node) {
  if (activeOutput != nullptr) activeOutput->printingFor(node);
}
// The runtime's own message: unlabelled, on stderr, after what mote code printed before it.
void printDiagnostic(std::string_view text);

}  // namespace edgecut::mote::detail

#endif  // EDGECUT_RUNTIME_SRC_MOTE_LABELLED_OUTPUT_HPP
