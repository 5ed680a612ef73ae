// The run's profile: per placed function, how often it ran and the operations it
// executed on motes, and per call edge (caller → callee function, sensor or actuator) how often it
// was taken and the data values that crossed the radio each way when it was a request. edgecut
// partition --profile reads it back from the report, so that the placer uses measured costs.
//
// Recorded where it happens, each fact once (operations.hpp says how the running function is
// known):
//   - a placed function's marker counts its run, and the call from the function running before it
//     on the same thread (a local call);
//   - the base runtime counts each READ, WRITE and CALL it sends against the base function
//     running, with the data values of the request and of its RESULT;
//   - the mote host counts each sensor read and actuator write of mote code against the mote
//     function running, with the values of the request and reply when it went over the radio.
// The base and the mote host each keep one CallProfile; the report adds them up.
#ifndef EDGECUT_RUNTIME_SIM_PROFILE_HPP
#define EDGECUT_RUNTIME_SIM_PROFILE_HPP

#include <array>
#include <compare>
#include <cstdint>
#include <limits>
#include <map>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "edgecut/runtime/abi.hpp"
#include "edgecut/runtime/operations.hpp"

namespace edgecut::sim {

enum class CalleeKind : std::uint8_t { function, sensor, actuator };

struct CallEdge {
  FunctionId caller = 0;
  CalleeKind kind = CalleeKind::function;
  std::uint32_t callee = 0;  // a FunctionId, SensorId or ActuatorId, by kind
  auto operator<=>(const CallEdge&) const = default;
};

struct CallCounts {
  std::uint64_t calls = 0;
  std::uint64_t overRadio = 0;         // of those, requests over the radio
  std::uint64_t integersToCallee = 0;  // data values in those requests (arguments, written values)
  std::uint64_t integersToCaller = 0;  // data values in their RESULTs
  CallCounts& operator+=(const CallCounts& other);
};

struct FunctionCounts {
  std::uint64_t runs = 0;
  std::uint64_t operations = 0;  // executed while it ran on a mote (measured O), helpers included
  FunctionCounts& operator+=(const FunctionCounts& other);
};

class CallProfile {
 public:
  // An unordered_map's elements stay where they are, so a running function's operation count can
  // be a pointer into it.
  std::unordered_map<FunctionId, FunctionCounts> functions;
  std::map<CallEdge, CallCounts> calls;

  CallProfile& operator+=(const CallProfile& other);
  // Zeroes every count, keeping the entries (a running function may point into them).
  void zero();

  // The counts of `function`, and of `edge`, made on first use: what recording uses, looking in
  // the few entries found last before the maps, as a run of a task on each of 10,000 motes
  // counts the same few functions and calls again and again.
  FunctionCounts& countsOf(FunctionId function) {
    auto& slot = recent_.functions[(function * 0x9e3779b1u) >> 29 & (Recent::kSlots - 1)];
    if (slot.second == nullptr || slot.first != function) [[unlikely]]
      return remember(slot, function);
    return *slot.second;
  }
  CallCounts& countsOf(const CallEdge& edge) {
    const std::uint32_t hash =
        (edge.caller * 0x9e3779b1u) ^ (edge.callee * 0x85ebca6bu) ^ static_cast<std::uint32_t>(edge.kind);
    auto& slot = recent_.calls[hash >> 29 & (Recent::kSlots - 1)];
    if (slot.second == nullptr || slot.first != edge) [[unlikely]]
      return remember(slot, edge);
    return *slot.second;
  }
  // The slots where placed functions' markers find their counts (operations.hpp, FunctionScope),
  // profile::kRecentRuns of them, each for the (function, caller) pair met last there: a marker's
  // counts are found with one lookup rather than two, twice a task run of the meters of
  // test/bench/sim_scale/README.md.
  profile::RecentRun* recentRuns() { return recent_.runs.data(); }
  // `slot` made to hold `function` called by `caller` (0: by no placed function).
  void rememberRun(profile::RecentRun& slot, FunctionId function, FunctionId caller);

 private:
  // countsOf's misses: the entry made or found in the map, and put in `slot`. Out of line, so that
  // countsOf stays small enough to be inlined wherever it is used.
  FunctionCounts& remember(std::pair<FunctionId, FunctionCounts*>& slot, FunctionId function);
  CallCounts& remember(std::pair<CallEdge, CallCounts*>& slot, CallEdge edge);

  // Pointers into the maps by a hash of their key (the maps' elements stay where they are, and
  // nothing erases them). A copy starts without any: its pointers would be the original's.
  struct Recent {
    static constexpr std::size_t kSlots = 8;
    std::array<std::pair<FunctionId, FunctionCounts*>, kSlots> functions{};
    std::array<std::pair<CallEdge, CallCounts*>, kSlots> calls{};
    std::array<profile::RecentRun, profile::kRecentRuns> runs{};
    Recent() = default;
    Recent(const Recent&) {}
    Recent& operator=(const Recent&) {
      functions = {};
      calls = {};
      runs = {};
      return *this;
    }
  };
  Recent recent_;
};

// Records a call, READ or WRITE made by the function running on this thread (nothing when none
// runs, or nothing is recorded). `counts` holds this one call: calls = 1.
void recordCall(CalleeKind kind, std::uint32_t callee, const CallCounts& counts);
// The same with counts {.calls = 1}: a local sensor read or actuator write, one of each task run
// of the meters of test/bench/sim_scale/README.md, adds to calls alone, inline.
inline void recordCall(CalleeKind kind, std::uint32_t callee) {
  const profile::Running& running = profile::detail::running;
  if (running.profile == nullptr || running.function == 0) return;
  ++running.profile->countsOf({running.function, kind, callee}).calls;
}

// Makes `profile` (or null: none) the one this thread records into while it exists, with no
// function running; the previous state comes back afterwards.
class Recording {
 public:
  explicit Recording(CallProfile* profile);
  ~Recording();
  Recording(const Recording&) = delete;
  Recording& operator=(const Recording&) = delete;

 private:
  profile::Running outer_;
};

// The ids' form, as the mote host's stats carry it: {"functions": [{"id", "runs", "operations"}],
// "calls": [{"caller", "kind", "callee", "calls", "over_radio", "integers_to_callee",
// "integers_to_caller"}]}, ordered by id. fromJson throws nlohmann::json::exception if `json` is
// not what toJson writes.
nlohmann::json toJson(const CallProfile& profile);
CallProfile callProfileFromJson(const nlohmann::json& json);

// A count or an id in the stats' JSON: an unsigned integer that fits T, else a
// nlohmann::json::exception (get<T>() would convert a float or a larger number with undefined
// behaviour).
template <class T>
T wholeNumber(const nlohmann::json& value) {
  const bool whole = value.is_number_unsigned() || (value.is_number_integer() && value.get<std::int64_t>() >= 0);
  if (!whole || value.get<std::uint64_t>() > std::numeric_limits<T>::max()) {
    throw nlohmann::json::type_error::create(302, "expected a whole number within its type's range", &value);
  }
  return static_cast<T>(value.get<std::uint64_t>());
}

const char* calleeKindName(CalleeKind kind);  // "function", "sensor", "actuator"

}  // namespace edgecut::sim

#endif  // EDGECUT_RUNTIME_SIM_PROFILE_HPP
