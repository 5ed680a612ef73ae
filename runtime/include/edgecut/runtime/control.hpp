// Control messages: what the base's runtime and the motes' side say to each other beside the
// radio's frames, on each transport's control path (transport.hpp). They are not radio traffic:
// the medium never carries them and the report counts none of them.
//
// Network time (docs/design.md §9) lives in the base's runtime, which keeps the clock and the
// schedule of periodic tasks. It tells the motes' side the time, and asks a mote to run a task
// placed there: that request stands for the mote's own timer, which costs no radio.
//
//   CLOCK      time                        network time is now `time` ms (edgecut::now() on motes)
//   RUN_TASK   seq, mote, task, time       mote `mote` runs its periodic task `task`; the time is
//                                          network time as it starts
//   TASK_DONE  seq, mote, task, error,     the run of RUN_TASK `seq` ended: error 0, or the
//              message                     ErrorCode of the fault that failed it and its message
//
// Each is one CBOR array [kind, seq, mote, task, time, error, message]. Like frame.hpp, this is
// heap-free and exception-free.
#ifndef EDGECUT_RUNTIME_CONTROL_HPP
#define EDGECUT_RUNTIME_CONTROL_HPP

#include <cstdint>
#include <span>
#include <string_view>

#include "edgecut/edgecut.hpp"
#include "edgecut/runtime/abi.hpp"
#include "edgecut/runtime/cbor.hpp"

namespace edgecut::wire {

enum class ControlKind : std::uint8_t {
  clock = 1,
  runTask = 2,
  taskDone = 3,
};

struct Control {
  ControlKind kind = ControlKind::clock;
  std::uint32_t seq = 0;     // RUN_TASK, TASK_DONE: which run the answer is for
  NodeId mote = 0;           // RUN_TASK, TASK_DONE
  FunctionId task = 0;       // RUN_TASK, TASK_DONE
  std::uint64_t timeMs = 0;  // CLOCK, RUN_TASK
  std::uint32_t error = 0;   // TASK_DONE: 0, or an ErrorCode
  std::string_view message;  // TASK_DONE: why it failed; a view into the decoded bytes
};

// A control message with a message of up to 200 bytes fits; a longer message is cut.
inline constexpr std::size_t kMaxControlBytes = 256;

// Writes `control` into `out` (check out.ok()); a TASK_DONE's message is cut to fit
// kMaxControlBytes.
void encodeControl(Writer& out, const Control& control);
// Reads a control message; anything else (a frame, a short or unknown message) is not ok.
Status decodeControl(std::span<const std::uint8_t> bytes, Control& control);

}  // namespace edgecut::wire

#endif  // EDGECUT_RUNTIME_CONTROL_HPP
