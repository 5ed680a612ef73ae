// A stack of its own for a piece of base code that waits (concurrent_runs.cpp): the periodic runs
// the base runs for its motes at one network time wait for their motes' answers together, each on
// its fiber, rather than one after another. Cooperative and on one thread: a fiber runs only
// between resume() and its suspend() or end, so nothing in it races.
//
// On x86-64 a switch saves and loads the registers a call must keep, and nothing else: ucontext's
// swapcontext also saves the signal mask, a system call each time, which took half of a simulated
// day of the raw plan once its READs went together (test/bench/sim_scale/README.md). Elsewhere,
// and under a sanitizer (which follows ucontext's switches, not ours), it is ucontext.
#ifndef EDGECUT_RUNTIME_SRC_BASE_FIBER_HPP
#define EDGECUT_RUNTIME_SRC_BASE_FIBER_HPP

#include <cstddef>
#include <functional>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define EDGECUT_FIBER_UCONTEXT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define EDGECUT_FIBER_UCONTEXT 1
#endif
#endif
#if !defined(EDGECUT_FIBER_UCONTEXT) && !defined(__x86_64__)
#define EDGECUT_FIBER_UCONTEXT 1
#endif

#ifdef EDGECUT_FIBER_UCONTEXT
#include <ucontext.h>
#endif

namespace edgecut::base::detail {

class Fiber {
 public:
  // Base code of a periodic run gets what a thread's stack would commonly give it: pages are
  // taken only as they are touched, and a guard page below turns an overflow into a crash at
  // once rather than a write into another fiber's stack. Throws std::system_error without memory.
  static constexpr std::size_t kStackBytes = 1024 * 1024;

  Fiber();
  ~Fiber();
  Fiber(const Fiber&) = delete;
  Fiber& operator=(const Fiber&) = delete;

  // Runs `body` on this fiber until it suspends or returns. `body` must not throw: an exception
  // cannot leave a fiber's stack (catch it inside). A fiber that finished may start again.
  void start(std::function<void()> body);
  // Continues a suspended fiber until it suspends again or returns.
  void resume();
  // From inside the fiber: back to whoever resumed it.
  void suspend();
  bool finished() const { return finished_; }

 private:
  // Runs the body on the fiber's stack, then goes back to the resumer for good.
  static void runBody(Fiber* fiber);
  void* stackTop() const;
#ifdef EDGECUT_FIBER_UCONTEXT
  static void entry(unsigned high, unsigned low);
  ucontext_t context_{};
  ucontext_t resumer_{};
#else
  void* stackPointer_ = nullptr;    // the fiber's, while it does not run
  void* resumerPointer_ = nullptr;  // the resumer's, while the fiber runs
#endif
  void* mapping_ = nullptr;
  std::size_t mappingBytes_ = 0;
  std::function<void()> body_;
  bool finished_ = true;
};

}  // namespace edgecut::base::detail

#endif  // EDGECUT_RUNTIME_SRC_BASE_FIBER_HPP
