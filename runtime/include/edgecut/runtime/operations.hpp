// What a simulated run measures about the code it runs (docs/design.md §4), for its report:
//
//   - measured O: the integer operations mote code executes. edgecut puts
//     `EDGECUT_OPERATIONS(n);` at the top of every block of the code it compiles into the mote
//     unit, n being the operations written directly in that block (the counting rules are in
//     compiler/collect/collect_operations.hpp). The macro adds n to the counter of the mote being
//     served; the mote host reports every mote's count to the base at shutdown, and the base's
//     report turns it into energy: energy.instructions = energy.instruction · O.
//   - the run's profile: edgecut puts `EDGECUT_FUNCTION(id);` first in the body of every placed
//     function ([[onboard]], [[onbase]], [[auto]] and main) in the unit that runs it. It makes that
//     function the one running on this thread until it returns, so that the operations counted
//     meanwhile, the calls it makes and the sensor reads and actuator writes it does are its own:
//     its callees' markers and the runtime's requests record them against it (sim/profile.hpp).
//     Unannotated helpers have no marker: their work belongs to the placed function that called
//     them, as the placer's estimate counts it. A request that arrives over the radio starts with
//     no function running: its caller, on the other side, recorded the call.
//
// Deployment builds compile both programs with -DEDGECUT_COUNT_OPERATIONS=0: the macros then
// expand to nothing, and the programs neither count nor reference the counters.
#ifndef EDGECUT_RUNTIME_OPERATIONS_HPP
#define EDGECUT_RUNTIME_OPERATIONS_HPP

#ifndef EDGECUT_COUNT_OPERATIONS
#define EDGECUT_COUNT_OPERATIONS 1
#endif

#if EDGECUT_COUNT_OPERATIONS

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "edgecut/runtime/abi.hpp"

namespace edgecut::sim {
class CallProfile;
}  // namespace edgecut::sim

namespace edgecut::profile {

// Where a placed function's marker counts its run: the function's runs and operations and the
// calls from `caller`, the running function when it began (the counts live in a CallProfile,
// which keeps a few of these for the pairs met last: sim/profile.hpp).
struct RecentRun {
  FunctionId function = 0;
  FunctionId caller = 0;
  std::uint64_t* runs = nullptr;  // null: the slot holds no pair yet
  std::uint64_t* operations = nullptr;
  std::uint64_t* calls = nullptr;  // null when caller is 0
};
inline constexpr std::size_t kRecentRuns = 8;

// The placed function running on this thread, and where the run's profile is recorded.
struct Running {
  FunctionId function = 0;              // none: outside any placed function (0 is no function's id)
  std::uint64_t* operations = nullptr;  // the running function's operations, while one runs
  sim::CallProfile* profile = nullptr;  // null: nothing is recorded (no run, or a deployment host)
  RecentRun* recent = nullptr;          // the profile's kRecentRuns slots, while it records
};

// Fills `slot` with the counts of `function` called by the running function (sim/profile.cpp).
void rememberRun(RecentRun& slot, FunctionId function, const Running& running);

namespace detail {
// Constant-initialised, so that reading it is a plain thread-local load.
extern constinit thread_local Running running;
}  // namespace detail

// EDGECUT_FUNCTION's object: `function` runs from its construction to its destruction. constexpr,
// so that a constexpr function of the program still works at compile time, where nothing runs.
class FunctionScope {
 public:
  // Inline: each task run of test/bench/sim_scale/README.md's meters enters two placed functions,
  // and a call to count each cost about a tenth more than the counting. Built for size (the
  // firmware, which keeps no profile), a call, whose code is small.
  constexpr explicit FunctionScope(FunctionId function) {
    if (std::is_constant_evaluated()) return;
#if defined(__OPTIMIZE_SIZE__)
    enter(function);
#else
    outer_ = detail::running;
    count(detail::running, function);
#endif
  }
  constexpr ~FunctionScope() {
    if (!std::is_constant_evaluated()) detail::running = outer_;
  }
  FunctionScope(const FunctionScope&) = delete;
  FunctionScope& operator=(const FunctionScope&) = delete;

 private:
  // Counts the run of `function` into the profile `running` records into, if any, and makes it
  // the one running.
  static void count(Running& running, FunctionId function) {
    if (running.recent == nullptr) return;
    RecentRun& slot = running.recent[(function * 0x9e3779b1u) >> 29 & (kRecentRuns - 1)];
    if (slot.runs == nullptr || slot.function != function || slot.caller != running.function) [[unlikely]]
      rememberRun(slot, function, running);
    ++*slot.runs;
    if (slot.calls != nullptr) ++*slot.calls;
    running.operations = slot.operations;
    running.function = function;
  }
  // The constructor's work, out of line (builds for size): firmware_host.cpp, sim/profile.cpp.
  void enter(FunctionId function);
  Running outer_{};
};

}  // namespace edgecut::profile

namespace edgecut::mote {

namespace detail {
// The count of the mote being served, or null outside a request (the host points it at the mote
// it serves, and restores the outer mote's when a nested request ends).
extern constinit thread_local std::uint64_t* operationCounter;
}  // namespace detail

// Adds `operations` to the mote being served and to the function running on it. Outside any
// request (nothing is being served) the operations belong to no mote and are not counted.
constexpr void countOperations(std::uint64_t operations) {
  if (std::is_constant_evaluated()) return;
  if (std::uint64_t* counter = detail::operationCounter) {
    *counter += operations;
    if (std::uint64_t* function = profile::detail::running.operations) *function += operations;
  }
}

}  // namespace edgecut::mote

#define EDGECUT_OPERATIONS(n) ::edgecut::mote::countOperations(n)
#define EDGECUT_FUNCTION(id) ::edgecut::profile::FunctionScope edgecut_function_scope_(id)

#else

#define EDGECUT_OPERATIONS(n)
#define EDGECUT_FUNCTION(id)

#endif  // EDGECUT_COUNT_OPERATIONS

#endif  // EDGECUT_RUNTIME_OPERATIONS_HPP
