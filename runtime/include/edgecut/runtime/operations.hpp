// Measured O (DESIGN §4): the integer operations mote code executes.
//
// edgecut puts `EDGECUT_OPERATIONS(n);` at the top of every block of the code it compiles into the
// mote unit, n being the operations written directly in that block (the counting rules are in
// compiler/src/collect_operations.hpp). In simulation builds the macro adds n to the counter of
// the mote being served; the mote host reports every mote's count to the base at shutdown, and
// the base's report turns it into energy: energy.instructions = energy.instruction · O.
//
// Deployment builds that want no counting compile the mote program with
// -DEDGECUT_COUNT_OPERATIONS=0: the macro then expands to nothing, and the program neither
// counts nor references the counter.
#ifndef EDGECUT_RUNTIME_OPERATIONS_HPP
#define EDGECUT_RUNTIME_OPERATIONS_HPP

#ifndef EDGECUT_COUNT_OPERATIONS
#define EDGECUT_COUNT_OPERATIONS 1
#endif

#if EDGECUT_COUNT_OPERATIONS

#include <cstdint>
#include <type_traits>

namespace edgecut::mote {

namespace detail {
// The count of the mote being served, or null outside a request (the host points it at the mote
// it serves, and restores the outer mote's when a nested request ends). Constant-initialised, so
// that reading it is a plain thread-local load: no guard, no lock, no call.
extern constinit thread_local std::uint64_t* operationCounter;
}  // namespace detail

// Adds `operations` to the mote being served. Outside any request (nothing is being served) the
// operations belong to no mote and are not counted. constexpr, so that a constexpr function of the
// program still works at compile time, where the compiler does its work and nothing is counted.
constexpr void countOperations(std::uint64_t operations) {
  if (std::is_constant_evaluated()) return;
  if (std::uint64_t* counter = detail::operationCounter) *counter += operations;
}

}  // namespace edgecut::mote

#define EDGECUT_OPERATIONS(n) ::edgecut::mote::countOperations(n)

#else

#define EDGECUT_OPERATIONS(n)

#endif  // EDGECUT_COUNT_OPERATIONS

#endif  // EDGECUT_RUNTIME_OPERATIONS_HPP
