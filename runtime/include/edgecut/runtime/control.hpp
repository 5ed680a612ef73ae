// Control messages: what the base's runtime and the motes' side say to each other beside the
// radio's frames, on each transport's control path (transport.hpp). They are not radio traffic:
// the medium never carries them and the report counts none of them.
//
// Network time (docs/design.md §9) lives in the base's runtime, which keeps the clock and the
// schedule of periodic tasks. It tells the motes' side the time, and asks a mote to run a task
// placed there: that request stands for the mote's own timer, which costs no radio.
//
//   GENERATION_REQUEST  seq, mote         what is mote `mote`'s window? `seq` is a random number the
//                                         answer must carry
//   GENERATION          seq, mote,        the mote's window: the generation it drew at its start,
//                       generation, last  and the last seq it took in it (0: none)
//   CLOCK               seq, mote, time,  network time is now `time` ms (edgecut::now() on motes)
//                       generation
//   RUN_TASK            seq, mote, task,  mote `mote` runs its periodic task `task`; the time is
//                       time, generation  network time as it starts
//   TASK_DONE           seq, mote, task,  the run of RUN_TASK `seq` ended: error 0, or the
//                       generation,       ErrorCode of the fault that failed it and its message
//                       error, message
//
// What the base sends to change a mote's state (CLOCK, RUN_TASK) must be fresh, so that a recorded
// one sent again changes nothing (docs/threat-model.md, "Control messages"): it names the mote's
// generation and a seq above the last the mote took in it. The mote takes each seq once; a resend
// of its last RUN_TASK gets the kept TASK_DONE, and anything older, or of another generation (from
// before the mote restarted), is dropped as replayed. A RUN_TASK of another generation is answered
// with GENERATION, bound to its seq, so that the base learns the window after a restart. The base
// asks for the window once per run; its seqs then go on above the mote's last, and a GENERATION
// must carry the random seq the base asked with. On udp and mqtt every control message is sealed
// with the network key (src/transport/control_seal.hpp), so that nothing unauthenticated passes
// either.
//
// Each is one CBOR array [kind, seq, mote, task, time, generation, last, error, message]. Like
// frame.hpp, this is heap-free and exception-free.
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
  generationRequest = 4,
  generation = 5,
};

struct Control {
  ControlKind kind = ControlKind::clock;
  std::uint64_t seq = 0;         // the base's: its place in the mote's window; answers: what they answer
  NodeId mote = 0;
  FunctionId task = 0;           // RUN_TASK, TASK_DONE
  std::uint64_t timeMs = 0;      // CLOCK, RUN_TASK
  std::uint64_t generation = 0;  // the mote's: CLOCK, RUN_TASK, TASK_DONE, GENERATION
  std::uint64_t last = 0;        // GENERATION: the last seq the mote took in its generation
  std::uint32_t error = 0;       // TASK_DONE: 0, or an ErrorCode
  std::string_view message;      // TASK_DONE: why it failed; a view into the decoded bytes
};

// A control message with a message of up to 200 bytes fits (every number at its longest: 55 bytes
// before the message); a longer message is cut.
inline constexpr std::size_t kMaxControlBytes = 256;

// Writes `control` into `out` (check out.ok()); a TASK_DONE's message is cut to fit
// kMaxControlBytes.
void encodeControl(Writer& out, const Control& control);
// Reads a control message; anything else (a frame, a short or unknown message) is not ok.
Status decodeControl(std::span<const std::uint8_t> bytes, Control& control);

}  // namespace edgecut::wire

#endif  // EDGECUT_RUNTIME_CONTROL_HPP
