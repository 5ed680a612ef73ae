#include "labelled_output.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "edgecut/runtime/mote.hpp"

namespace edgecut::mote::detail {

LabelledOutput* activeOutput = nullptr;

namespace {

[[noreturn]] void fail(const char* what) { throw std::system_error(errno, std::generic_category(), what); }

void writeAll(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // the real stderr is gone: nobody can read the output anyway
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

void flushStreams() {
  std::cout.flush();
  std::cerr.flush();
  std::clog.flush();
  std::fflush(nullptr);
}

std::FILE* openStream(void* output, cookie_write_function_t* write) {
  const cookie_io_functions_t functions{nullptr, write, nullptr, nullptr};
  std::FILE* stream = ::fopencookie(output, "w", functions);
  if (stream == nullptr) fail("cannot make a stream for the motes' output");
  // Unbuffered: each printf or puts reaches take() whole and at once, in order with the other
  // stream's, and there is nothing to flush at a change of mote.
  std::setvbuf(stream, nullptr, _IONBF, 0);
  return stream;
}

}  // namespace

LabelledOutput::LabelledOutput() : printer_(kNoNode) {
  if (activeOutput != nullptr) throw std::logic_error("edgecut: the output is labelled already");
  flushStreams();
  int ends[2];
  if (::pipe2(ends, O_CLOEXEC) != 0) fail("cannot make a pipe for the motes' output");
  pipe_ = ends[0];
  ::fcntl(pipe_, F_SETFL, ::fcntl(pipe_, F_GETFL) | O_NONBLOCK);
  destination_ = ::fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
  savedStdout_ = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  ::dup2(ends[1], STDOUT_FILENO);
  ::dup2(ends[1], STDERR_FILENO);
  ::close(ends[1]);
  // Line by line, so that a mote's lines on stdout and stderr keep their order.
  std::setvbuf(stdout, nullptr, _IOLBF, BUFSIZ);
  // Signals are for the serving thread (a mote program that hosts one mote stops on SIGTERM there).
  sigset_t all;
  sigset_t before;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &before);
  pump_ = std::thread([this] { pump(); });
  pthread_sigmask(SIG_SETMASK, &before, nullptr);
  takeStreams();
  activeOutput = this;
}

LabelledOutput::~LabelledOutput() {
  activeOutput = nullptr;
  giveStreamsBack();
  flush();
  // Without fds 1 and 2 nobody writes to the pipe any more: the pump sees its end and stops.
  ::dup2(savedStdout_, STDOUT_FILENO);
  ::dup2(destination_, STDERR_FILENO);
  pump_.join();
  {
    const std::lock_guard lock(mutex_);
    printer_ = kNoNode;  // written since the flush above: by no mote
    drain();
    writeOut();
    if (!partial_.empty()) writeAll(destination_, partial_ + "\n");
  }
  ::close(savedStdout_);
  ::close(destination_);
  ::close(pipe_);
}

LabelledOutput* LabelledOutput::active() { return activeOutput; }

void LabelledOutput::takeStreams() {
  moteStdout_ = openStream(this, &LabelledOutput::writeToStreams);
  moteStderr_ = openStream(this, &LabelledOutput::writeToStreams);
  realStdout_ = std::exchange(stdout, moteStdout_);
  realStderr_ = std::exchange(stderr, moteStderr_);
  realCout_ = std::cout.rdbuf(&streamBuffer_);
  realCerr_ = std::cerr.rdbuf(&streamBuffer_);
  realClog_ = std::clog.rdbuf(&streamBuffer_);
}

void LabelledOutput::giveStreamsBack() {
  std::cout.rdbuf(realCout_);
  std::cerr.rdbuf(realCerr_);
  std::clog.rdbuf(realClog_);
  stdout = realStdout_;
  stderr = realStderr_;
  std::fclose(moteStdout_);  // unbuffered: nothing is left in them
  std::fclose(moteStderr_);
}

ssize_t LabelledOutput::writeToStreams(void* output, const char* text, std::size_t count) {
  static_cast<LabelledOutput*>(output)->take({text, count});
  return static_cast<ssize_t>(count);
}

LabelledOutput::StreamBuffer::int_type LabelledOutput::StreamBuffer::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  const char character = traits_type::to_char_type(c);
  output_.take({&character, 1});
  return c;
}

std::streamsize LabelledOutput::StreamBuffer::xsputn(const char* text, std::streamsize count) {
  output_.take({text, static_cast<std::size_t>(count)});
  return count;
}

void LabelledOutput::take(std::string_view text) {
  const std::lock_guard lock(mutex_);
  taken_ += text;
  // Between requests, what is printed is the runtime's own: out at once, by whole lines.
  if (printer_ == kNoNode && text.find('\n') != std::string_view::npos) writeOut({}, Lines::whole);
  notePending();
}

bool LabelledOutput::drain() {
  char chunk[16 * 1024];
  for (;;) {
    const ssize_t n = ::read(pipe_, chunk, sizeof chunk);
    if (n > 0) {
      taken_.append(chunk, static_cast<std::size_t>(n));
    } else if (n == 0) {
      return false;
    } else {
      return errno == EINTR || errno == EAGAIN;
    }
  }
}

void LabelledOutput::pump() {
  for (;;) {
    pollfd readable{pipe_, POLLIN, 0};
    if (::poll(&readable, 1, -1) < 0 && errno != EINTR) return;
    const std::lock_guard lock(mutex_);
    const bool open = drain();
    // Between requests, what is printed is the runtime's own (a lost broker, …): out at once, by
    // whole lines, rather than at the next request.
    if (open && printer_ == kNoNode) writeOut({}, Lines::whole);
    notePending();
    if (!open) return;
  }
}

void LabelledOutput::writeOut(std::string_view then, Lines lines) {
  const std::size_t lastEnd = taken_.rfind('\n');
  if (lines == Lines::whole && lastEnd == std::string::npos) return;
  std::string out;
  if (!partial_.empty()) out = std::exchange(partial_, {}) + "\n";
  const NodeId printer = printer_;
  const std::string label = printer == kNoNode ? std::string() : fmt::format("[mote {}] ", printer);
  std::string_view rest = taken_;
  while (!rest.empty()) {
    const std::size_t end = rest.find('\n');
    if (end == std::string_view::npos) break;
    out += label;
    out += rest.substr(0, end + 1);
    rest.remove_prefix(end + 1);
  }
  if (lines == Lines::whole) {
    taken_ = std::string(rest);
  } else {
    if (!rest.empty()) partial_ = label + std::string(rest);
    taken_.clear();
  }
  // A message of the runtime's own starts a line of its own.
  if (!then.empty() && !partial_.empty()) out += std::exchange(partial_, {}) + "\n";
  out += then;
  writeAll(destination_, out);
}

void LabelledOutput::flush(std::string_view then, std::optional<NodeId> next) {
  if (then.empty() && !pending_.load(std::memory_order_acquire)) {
    // Nothing printed since the last change (the streams' output is in taken_ already, and the
    // pump puts there what it took from the pipe): no system call and no lock. The common case,
    // by far: each request served changes the printer twice. What the pump takes meanwhile is
    // as if it came after the change, as it is when the pump takes it after the lock below.
    if (next) printer_.store(*next, std::memory_order_relaxed);  // the pump reads it with the lock
    return;
  }
  flushStreams();  // before the lock: a full pipe needs the pump to take it
  const std::lock_guard lock(mutex_);
  drain();
  writeOut(then);
  if (next) printer_ = *next;
  notePending();
}

void LabelledOutput::notePending() { pending_.store(!taken_.empty() || !partial_.empty(), std::memory_order_release); }

void LabelledOutput::diagnostic(std::string_view text) { flush(text); }

void printDiagnostic(std::string_view text) {
  if (activeOutput != nullptr) {
    activeOutput->diagnostic(text);
  } else {
    std::fwrite(text.data(), 1, text.size(), stderr);
  }
}

}  // namespace edgecut::mote::detail
