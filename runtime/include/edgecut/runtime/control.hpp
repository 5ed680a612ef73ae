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
// Each is one CBOR array [kind, seq, mote, task, time, generation, last, error, message].
//
// Where one host serves every mote behind the base's link (Transport::batchesTasks: the sim), the
// runs due at one network time travel together, so that 10,000 motes' runs cost one exchange
// rather than 10,000 (docs/design.md §4, 10,000 motes on one machine):
//
//   RUN_TASKS           seq, time, after, the runs due at network time `time`, in their order (by
//                       runs: mote, task, mote id, then the glue's order of tasks), each a RUN_TASK
//                       generation, seq…  of its own: its mote's generation and a seq in its
//                                         mote's window; `after`: 0, or the seq of the batch this
//                                         one continues
//   TASKS_DONE          seq, ran, error,  the batch `seq` ended after `ran` runs: all of them, or
//                       message,          it stopped at run `ran`, which failed (error, message, as
//                       generation, last  TASK_DONE's) or was not fresh in its mote's window (error
//                                         0, and that mote's window, as GENERATION's)
//
// The base may send the batches of one time one after another without awaiting their answers
// (base_runtime.hpp says when), each continuing the one before: a host takes a batch that comes
// while another runs after that one, in order, and runs nothing of
// a batch that continues one that did not run to its end (ran 0, error 0, generation 0, last 0),
// since the base sends those runs again after it has heard why. Its answers go in the order the
// batches came; a batch whose runs all ran may be answered after the ones that continue it have
// run (its answer waits for its runs' pushes: mote_host.hpp).
//
// A batch is [kind, seq, time, after, runs], its answer [kind, seq, ran, error, message,
// generation, last].
// `runs` is one CBOR byte string of fixed-width records, 24 bytes a run, little-endian:
//
//   u32 mote   u32 task   u64 generation   u64 seq
//
// rather than an array of arrays: 10,000 runs are then copied in one go where each CBOR head was
// read and written on its own, which cost each side about 200 instructions a run in a simulated
// day of meters (test/bench/sim_scale/README.md). Like frame.hpp, this is heap-free and
// exception-free, but for TaskBatch, which keeps the runs it read.
#ifndef EDGECUT_RUNTIME_CONTROL_HPP
#define EDGECUT_RUNTIME_CONTROL_HPP

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

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
  runTasks = 6,
  tasksDone = 7,
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
// Reads a control message; anything else (a frame, a short or unknown message, a batch) is not ok.
Status decodeControl(std::span<const std::uint8_t> bytes, Control& control);

// What kind of control message `bytes` is, read from its start only (then decode it by its kind).
Status controlKindOf(std::span<const std::uint8_t> bytes, ControlKind& kind);

// One run of a RUN_TASKS; its record on the wire is these fields in this order, little-endian.
struct BatchedRun {
  NodeId mote = 0;
  FunctionId task = 0;
  std::uint64_t generation = 0;
  std::uint64_t seq = 0;
};
inline constexpr std::size_t kBatchedRunBytes = 24;

// A RUN_TASKS's fields but its runs.
struct TaskBatchHead {
  std::uint64_t seq = 0;
  std::uint64_t timeMs = 0;
  std::uint64_t after = 0;  // 0, or the seq of the batch this one continues
};
// Writes a RUN_TASKS of `runs` (check out.ok()).
void encodeTaskBatch(Writer& out, const TaskBatchHead& head, std::span<const BatchedRun> runs);
// The bytes a RUN_TASKS of `count` runs takes at most.
constexpr std::size_t taskBatchBytes(std::size_t count) {
  return 2 + 4 * 9 + count * kBatchedRunBytes;  // array and kind heads; seq, time, after, the runs' head
}

// A RUN_TASKS read: its header, and its runs, read all at once by decode(), which checks the
// whole message before a host runs any of it.
class TaskBatch {
 public:
  // Reads the whole message, every run included; anything else is not ok, with no runs.
  Status decode(std::span<const std::uint8_t> bytes);
  std::uint64_t seq() const { return head_.seq; }
  std::uint64_t timeMs() const { return head_.timeMs; }
  std::uint64_t after() const { return head_.after; }
  const TaskBatchHead& head() const { return head_; }
  std::size_t count() const { return runs_.size(); }
  std::span<const BatchedRun> runs() const { return runs_; }

 private:
  TaskBatchHead head_;
  std::vector<BatchedRun> runs_;
};

// A TASKS_DONE.
struct TasksDone {
  std::uint64_t seq = 0;         // the batch's
  std::uint64_t ran = 0;         // runs that ended well, from the first
  std::uint32_t error = 0;       // run `ran` failed: an ErrorCode; 0 with ran < count: not fresh
  std::string_view message;      // why it failed; cut as TASK_DONE's
  std::uint64_t generation = 0;  // not fresh: the window of run `ran`'s mote
  std::uint64_t last = 0;
};
void encodeTasksDone(Writer& out, const TasksDone& done);
Status decodeTasksDone(std::span<const std::uint8_t> bytes, TasksDone& done);

}  // namespace edgecut::wire

#endif  // EDGECUT_RUNTIME_CONTROL_HPP
