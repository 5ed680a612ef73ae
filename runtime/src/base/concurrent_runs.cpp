// The base's periodic runs of one network time, concurrently (concurrent_runs.hpp says how, and why
// what a program prints does not change).
#include "concurrent_runs.hpp"

#include <iostream>
#include <string_view>
#include <system_error>

#include "edgecut/runtime/operations.hpp"

namespace edgecut::base {

struct Runtime::ConcurrentRuns::Run {
  Schedule::Run scheduled;
  std::unique_ptr<detail::Fiber> fiber;
  profile::Running profile{};  // the profile's state of its base code, while another runs
  std::vector<std::pair<bool, std::string>> output;  // what it printed: (on stderr, text), in order
  std::exception_ptr failure;
  bool ended = false;
  // What it waits for: the reply to a request of its own (awaitingReplies_), or what the
  // predicates want (awaitingOther_); then what came, or nothing after a silence.
  wire::Op replyOp{};
  wire::Address replyAddress{};
  const FrameWanted* frame = nullptr;
  const ControlWanted* control = nullptr;
  std::optional<Arrival> arrival;
};

// While a run's base code runs, the streams print into that run's output: `stdout` and `stderr`
// are unbuffered streams of this capture's (glibc lets a program set them), and the C++ streams
// write into its buffers. Swapping five pointers at each switch costs nothing beside a READ.
class Runtime::ConcurrentRuns::Capture {
 public:
  Capture() : out_(open(&outCookie_)), err_(open(&errCookie_)) {}
  ~Capture() {
    std::fclose(out_);
    std::fclose(err_);
  }
  Capture(const Capture&) = delete;
  Capture& operator=(const Capture&) = delete;

  void install(Run& run) {
    target_ = &run;
    realStdout_ = std::exchange(stdout, out_);
    realStderr_ = std::exchange(stderr, err_);
    realCout_ = std::cout.rdbuf(&outBuffer_);
    realCerr_ = std::cerr.rdbuf(&errBuffer_);
    realClog_ = std::clog.rdbuf(&errBuffer_);
  }
  void remove() {
    std::cout.rdbuf(realCout_);
    std::cerr.rdbuf(realCerr_);
    std::clog.rdbuf(realClog_);
    stdout = realStdout_;
    stderr = realStderr_;
    target_ = nullptr;
  }

 private:
  struct Cookie {
    Capture* capture;
    bool toStderr;
  };
  class Buffer : public std::streambuf {
   public:
    explicit Buffer(Cookie cookie) : cookie_(cookie) {}

   protected:
    int_type overflow(int_type c) override {
      if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
      const char character = traits_type::to_char_type(c);
      cookie_.capture->take(cookie_.toStderr, {&character, 1});
      return c;
    }
    std::streamsize xsputn(const char* text, std::streamsize count) override {
      cookie_.capture->take(cookie_.toStderr, {text, static_cast<std::size_t>(count)});
      return count;
    }

   private:
    Cookie cookie_;
  };

  static std::FILE* open(Cookie* cookie) {
    const cookie_io_functions_t functions{nullptr, &Capture::write, nullptr, nullptr};
    std::FILE* stream = ::fopencookie(cookie, "w", functions);
    if (stream == nullptr) throw std::system_error(errno, std::generic_category(), "no stream for a run's output");
    std::setvbuf(stream, nullptr, _IONBF, 0);  // each print reaches take() at once, in order
    return stream;
  }
  static ssize_t write(void* cookie, const char* text, std::size_t count) {
    const auto* to = static_cast<Cookie*>(cookie);
    to->capture->take(to->toStderr, {text, count});
    return static_cast<ssize_t>(count);
  }
  void take(bool toStderr, std::string_view text) {
    if (target_ == nullptr) {  // not within a run: cannot happen while installed, but never lose it
      std::fwrite(text.data(), 1, text.size(), toStderr ? realStderr_ : realStdout_);
      return;
    }
    auto& output = target_->output;
    if (output.empty() || output.back().first != toStderr) output.emplace_back(toStderr, std::string());
    output.back().second += text;
  }

  Cookie outCookie_{this, false};
  Cookie errCookie_{this, true};
  std::FILE* out_;
  std::FILE* err_;
  Buffer outBuffer_{outCookie_};
  Buffer errBuffer_{errCookie_};
  Run* target_ = nullptr;
  std::FILE* realStdout_ = nullptr;
  std::FILE* realStderr_ = nullptr;
  std::streambuf* realCout_ = nullptr;
  std::streambuf* realCerr_ = nullptr;
  std::streambuf* realClog_ = nullptr;
};

bool Runtime::runsConcurrently() const {
  // batching(): one host behind a link that loses nothing, no faults, simulated time. No
  // dispatcher: no mote code can call the base, so nothing but the runs runs here while they wait.
  return taskRunner_ != nullptr && dispatch_ == nullptr && batching();
}

void Runtime::finishConcurrentRuns() {
  if (concurrent_) concurrent_->finish();
}

Runtime::ConcurrentRuns::ConcurrentRuns(Runtime& runtime) : runtime_(runtime), capture_(std::make_unique<Capture>()) {
  awaitingReplies_.reserve(kMostInFlight);
}

Runtime::ConcurrentRuns::~ConcurrentRuns() = default;

template <class Go>
void Runtime::ConcurrentRuns::enter(Run& run, Go&& go) {
  const profile::Running outside = std::exchange(profile::detail::running, run.profile);
  current_ = &run;
  capture_->install(run);
  go();
  capture_->remove();
  current_ = nullptr;
  run.profile = std::exchange(profile::detail::running, outside);
  if (!run.fiber->finished()) return;
  run.ended = true;
  --inFlight_;
  idleFibers_.push_back(std::move(run.fiber));
  if (run.failure) failed_ = true;
}

void Runtime::ConcurrentRuns::start(const Schedule::Run& scheduled) {
  while (awaitingAlone_ != nullptr) step();
  if (inFlight_ >= kMostInFlight) settle(kMostInFlight - 1);
  // One mote's runs at one time go one after another, in the glue's order (the schedule gives
  // them together): they share the mote's sensors, actuators and state, whose order must not
  // depend on the plan. Only different motes' runs overlap.
  if (!runs_.empty() && runs_.back()->scheduled.mote == scheduled.mote) {
    const Run& previous = *runs_.back();
    while (!previous.ended) step();
  }
  std::unique_ptr<Run> fresh;
  if (spareRuns_.empty()) {
    fresh = std::make_unique<Run>();
  } else {
    fresh = std::move(spareRuns_.back());
    spareRuns_.pop_back();
    fresh->output.clear();  // what its last run printed was printed; the rest was reset then
  }
  fresh->scheduled = scheduled;
  if (idleFibers_.empty()) {
    fresh->fiber = std::make_unique<detail::Fiber>();
  } else {
    fresh->fiber = std::move(idleFibers_.back());
    idleFibers_.pop_back();
  }
  fresh->profile = profile::detail::running;  // runFor's, as a run one at a time starts with
  Run& run = *runs_.emplace_back(std::move(fresh));
  ++inFlight_;
  enter(run, [&] {
    run.fiber->start([this, &run] {
      try {
        runtime_.runTaskNow(run.scheduled);
      } catch (...) {
        run.failure = std::current_exception();  // an exception cannot leave the fiber
      }
    });
  });
}

std::optional<Runtime::Arrival> Runtime::ConcurrentRuns::awaitReply(wire::Op op, const wire::Address& address) {
  Run& run = *current_;
  run.replyOp = op;
  run.replyAddress = address;
  awaitingReplies_[{address.dst, address.seq}] = &run;
  run.fiber->suspend();
  return std::exchange(run.arrival, std::nullopt);
}

std::optional<Runtime::Arrival> Runtime::ConcurrentRuns::await(const FrameWanted& frame,
                                                               const ControlWanted& control) {
  Run& run = *current_;
  run.frame = &frame;
  run.control = &control;
  awaitingOther_.push_back(&run);
  run.fiber->suspend();
  run.frame = nullptr;
  run.control = nullptr;
  return std::exchange(run.arrival, std::nullopt);
}

void Runtime::ConcurrentRuns::awaitAlone() {
  Run& run = *current_;
  awaitingAlone_ = &run;
  run.fiber->suspend();
}

void Runtime::ConcurrentRuns::step() {
  if (awaitingAlone_ != nullptr && inFlight_ == 1) {
    Run* alone = std::exchange(awaitingAlone_, nullptr);
    enter(*alone, [&] { alone->fiber->resume(); });
    return;
  }
  // The wait returns as soon as a predicate says yes, so the last run named is the arrival's.
  Run* matched = nullptr;
  const FrameWanted frame = [&](const wire::Frame& arrived) {
    matched = nullptr;
    const auto reply = awaitingReplies_.find({arrived.address.src, arrived.address.seq});
    if (reply != awaitingReplies_.end() && awaited(arrived, reply->second->replyOp, reply->second->replyAddress)) {
      matched = reply->second;
      return true;
    }
    for (Run* run : awaitingOther_) {
      if (run->frame != nullptr && *run->frame && (*run->frame)(arrived)) {
        matched = run;
        return true;
      }
    }
    return false;
  };
  const ControlWanted control = [&](const wire::Control& arrived) {
    matched = nullptr;
    for (Run* run : awaitingOther_) {
      if (run->control != nullptr && *run->control && (*run->control)(arrived)) {
        matched = run;
        return true;
      }
    }
    return false;
  };
  std::optional<Arrival> arrival = runtime_.pumpWhileHeard(frame, control);
  if (!arrival) {
    // The motes' side was silent for a whole deadline: every run that waits learns it, in the
    // order of the runs, and resends or fails as one at a time would.
    std::vector<Run*> waiting;
    for (const auto& run : runs_) {
      if (!run->ended && run.get() != awaitingAlone_) waiting.push_back(run.get());
    }
    awaitingReplies_.clear();
    awaitingOther_.clear();
    for (Run* run : waiting) {
      if (run->ended) continue;
      run->arrival.reset();
      enter(*run, [&] { run->fiber->resume(); });
    }
    return;
  }
  if (matched == nullptr) return;  // cannot be: pump returns only what a predicate wanted
  if (matched->frame != nullptr || matched->control != nullptr) {
    std::erase(awaitingOther_, matched);
  } else {
    awaitingReplies_.erase({matched->replyAddress.dst, matched->replyAddress.seq});
  }
  matched->arrival = std::move(arrival);
  enter(*matched, [&] { matched->fiber->resume(); });
}

void Runtime::ConcurrentRuns::settle(std::size_t inFlight) {
  while (inFlight_ > inFlight) step();
}

void Runtime::ConcurrentRuns::finish() {
  settle(0);
  std::exception_ptr failure;
  for (const auto& run : runs_) {
    for (const auto& [toStderr, text] : run->output) std::fwrite(text.data(), 1, text.size(), toStderr ? stderr : stdout);
    if (run->failure) {
      failure = run->failure;  // one at a time, no run after it would have run
      break;
    }
  }
  for (std::unique_ptr<Run>& run : runs_) {  // as a fresh one, but for the output's buffers
    run->failure = nullptr;
    run->ended = false;
    run->arrival.reset();
    run->frame = nullptr;
    run->control = nullptr;
    spareRuns_.push_back(std::move(run));
  }
  runs_.clear();
  failed_ = false;
  if (failure) std::rethrow_exception(failure);
}

void Runtime::ConcurrentRuns::abandon() {
  awaitingAlone_ = nullptr;
  awaitingReplies_.clear();
  awaitingOther_.clear();
  runs_.clear();
  inFlight_ = 0;
  failed_ = false;
}

}  // namespace edgecut::base
