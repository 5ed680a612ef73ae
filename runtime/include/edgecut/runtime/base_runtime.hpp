// The machinery behind base.hpp: the Runtime that owns the network model, the medium
// (accounting), mote bindings and the request/reply protocol, over a transport (transport.hpp).
// Generated code does not include this; base::run and tests do.
#ifndef EDGECUT_RUNTIME_BASE_RUNTIME_HPP
#define EDGECUT_RUNTIME_BASE_RUNTIME_HPP

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgecut/runtime/base.hpp"
#include "edgecut/runtime/control.hpp"
#include "edgecut/runtime/faults.hpp"
#include "edgecut/runtime/per_node.hpp"
#include "edgecut/runtime/reliability.hpp"
#include "edgecut/runtime/schedule.hpp"
#include "edgecut/runtime/sim/air.hpp"
#include "edgecut/runtime/sim/host_stats.hpp"
#include "edgecut/runtime/sim/medium.hpp"
#include "edgecut/runtime/sim/network.hpp"
#include "edgecut/runtime/transport.hpp"

namespace edgecut::base {

using Clock = Transport::Clock;

// The base's side of the protocol. Every request goes out with a fresh sequence number and is
// resent by `retry` until its reply comes or its deadline passes (RemoteTimeout then); the first
// request to a mote is preceded by a HELLO within the same deadline. A mote that answers
// NOT_INTRODUCED has restarted and forgotten the base: the base says HELLO again and resends the
// request once, as a new request.
//
// Every frame crosses the medium: it is accounted there (retransmissions and lost frames too:
// they were transmitted), then goes through the medium's faults (`faults`, none by default).
//
// While it waits for a reply, the runtime also serves the motes' own requests to the base: a mote
// running code for the base may call a helper placed on the base (approach 2). The base's HELLO
// to the mote introduced both (the mote's answer carries its fingerprint and boot epoch), so a mote
// never says HELLO to the base; each mote has a duplicate window, reset when its epoch changes, so
// a resent CALL runs once and gets the same reply. The base's replies are accounted like every
// frame.
//
// Network time (docs/design.md §9) lives here, in the one process that sees every node: the
// runtime keeps the clock and the schedule of periodic tasks, and runs their runs one at a time,
// in the schedule's order, each to its end (what it caused included) before the next. A task the
// base runs for a mote runs here (the generated TaskRunner); one placed on the mote runs there,
// asked by a RUN_TASK control message, which stands for the mote's own timer and is no radio
// traffic (control.hpp). Running them one at a time makes a run deterministic; a clock per mote
// host, for many motes per host at once, would keep the same interface (runFor, now).
//
// Where the transport batches tasks (Transport::batchesTasks) and no faults are simulated, the
// runs on motes that follow each other in that order go to the host in one RUN_TASKS (batch.cpp),
// the HELLOs and window requests before them too, all sent before any answer is awaited: the host
// runs them in the same order, and the base sends and counts every frame in the order it would
// one at a time, so that nothing a run prints or reports changes. The runs wait until base code
// would run next: a task the base runs for a mote (base.hpp's proxyOf, the runner's first act,
// sends them first), the next network time, or runFor's end. There, too, where no mote code can
// call the base, the runs the base runs for motes at one time wait for their motes together, each
// on a fiber (concurrent_runs.hpp), and what they print is printed in their order.
class Runtime {
 public:
  // Throws sim::NetworkError if the program's network is invalid.
  Runtime(const ProgramInfo& program, std::unique_ptr<Transport> transport, const wire::RetryPolicy& retry,
          const sim::FaultSpec& faults = {});
  // With the default retries and a deadline of `timeout`.
  Runtime(const ProgramInfo& program, std::unique_ptr<Transport> transport, std::chrono::milliseconds timeout);
  // Runs on `network` instead of the program's own (--network FILE, see sim::loadNetwork).
  Runtime(const ProgramInfo& program, sim::Network network, std::unique_ptr<Transport> transport,
          const wire::RetryPolicy& retry, const sim::FaultSpec& faults = {});
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  // The runtime that base code (read/write/call, bindings) uses: the last one constructed that
  // still lives. Throws std::logic_error if there is none.
  static Runtime& current();

  const ProgramInfo& program() const { return program_; }
  const sim::Network& network() const { return network_; }
  const sim::Medium& medium() const { return medium_; }
  std::chrono::milliseconds timeout() const { return retry_.deadline; }
  const wire::RetryPolicy& retryPolicy() const { return retry_; }
  std::uint64_t malformedFrames() const { return malformedFrames_ + transport_->dropped(); }
  // Frames the base rejected: forged and replayed (its transport's authentication) and
  // unsolicited (replies no request waited for).
  sim::RejectedFrames rejectedFrames() const {
    sim::RejectedFrames rejected = transport_->rejected();
    rejected.unsolicited += unsolicited_;
    return rejected;
  }
  // Requests the base sent again because their reply did not come in time.
  std::uint64_t retransmissions() const { return retransmissions_; }
  // Motes that restarted (noticed when they no longer knew the base).
  std::uint64_t moteRestarts() const { return moteRestarts_; }
  // What the medium's faults did.
  const sim::FaultyQueue& faults() const { return air_; }
  // The base's boot epoch, which its HELLOs carry.
  std::uint32_t epoch() const { return epoch_; }

  // The next unused mote that fits `moteClass`; throws NoMoteAvailable when none is left.
  NodeId bind(const char* moteClass);
  std::vector<NodeId> fitting(const char* moteClass) const;

  detail::Reply request(NodeId node, wire::Op op, std::uint32_t id, detail::RequestEncoder encoder);

  // The base's side of the run's profile (sim/profile.hpp): recorded on the thread that made this
  // runtime, where the program's main runs.
  const sim::CallProfile& profile() const { return profile_; }

  // Stops the motes' side and returns what it reports (Transport::collectStats): the motes whose
  // stats did not come are in lostMotes, with why in whyLost; all of them if nothing came (whyLost
  // is empty if the link broke during the run: its error was thrown then).
  sim::HostStats shutdown();

  // The generated dispatcher of base functions that motes call (null: none).
  void serveCalls(Dispatch dispatch) { dispatch_ = dispatch; }
  // Motes' CALLs of base functions that ran (duplicates not counted).
  std::uint64_t callsServed() const { return callsServed_; }

  // ---- network time (docs/design.md §9; time.cpp) ----
  // The generated runner of the periodic tasks the base runs (null: the motes run them all).
  void runTasks(TaskRunner tasks) { taskRunner_ = tasks; }
  // Network time follows the wall clock, `scale` times faster (a transport of real nodes, where
  // other processes cannot be made to wait); without it, time is simulated and jumps from one run
  // to the next. Throws std::invalid_argument unless scale > 0.
  void keepWallTime(double scale);
  // edgecut::runFor: runs every task due by now() + duration, then now() is that time.
  void runFor(std::chrono::milliseconds duration);
  // edgecut::now: the time of the run being run, else the end of the last runFor.
  std::chrono::milliseconds now() const { return std::chrono::milliseconds(nowMs_); }
  // The simulated radio's clock (sim/air.hpp): frames take air time, runs start at their time.
  // Kept on every transport (a model of the radio, like the joules); on udp and mqtt the runs
  // follow the wall clock all the same.
  const sim::Air& air() const { return radioClock_; }
  // Runs of periodic tasks so far: those the base ran for motes, and those motes ran.
  std::uint64_t taskRunsOnBase() const { return taskRunsOnBase_; }
  std::uint64_t taskRunsOnMotes() const { return taskRunsOnMotes_; }

  // Base code of a periodic run is about to run (base.hpp's proxyOf): the runs on motes before
  // it go first (batch.cpp).
  void beforeBaseCode();

  // "READ moisture", "CALL Soil::avgMoisture", … for messages.
  std::string describe(wire::Op op, std::uint32_t id) const;

  // Prints "edgecut: warning: MESSAGE" to stderr, the first time this runtime is given MESSAGE.
  void warnOnce(const std::string& message);

 private:
  // How one exchange of a request ended.
  struct Exchange {
    std::optional<std::vector<std::uint8_t>> bytes;  // the reply (decoded into `reply`); none: timed out
    unsigned sends = 0;                              // how often the request went out
  };

  const MoteClassInfo& moteClass(const char* name) const;
  std::string describeAnew(wire::Op op, std::uint32_t id) const;  // describe(), not yet made
  // Says HELLO to `node` by `deadline`; throws RemoteTimeout naming `what` (the request waiting
  // for it) or RemoteError if the mote refuses.
  void introduce(NodeId node, const std::string& what, Clock::time_point deadline);
  // "sent once", "sent 3 times" (for timeout messages).
  static std::string sendCount(unsigned sends);
  // "; " and the transport's word on why `node` is silent, or "" (for timeout messages).
  std::string silence(NodeId node) const;
  // The largest frame the base sends: the protocol's, or less if its transport carries less.
  std::size_t frameLimit() const;
  // The request `what` (e.g. "WRITE valve") with `address`; throws std::length_error if it does not
  // fit in a frame.
  std::vector<std::uint8_t> encode(detail::RequestEncoder encoder, const wire::Address& address,
                                   const std::string& what) const;
  // Sends `request` (a request from the base with `address`) and waits for its reply, resending
  // it by the retry policy, until `deadline`.
  Exchange exchange(std::span<const std::uint8_t> request, const wire::Address& address,
                    Clock::time_point deadline, wire::Frame& reply);
  // Whether `frame` is the reply to the request `op` sent with `address`.
  static bool awaited(const wire::Frame& frame, wire::Op op, const wire::Address& address);
  // Puts a frame on the medium: accounts it, then hands it to the faults.
  void transmit(std::vector<std::uint8_t> frame, const wire::Frame& decoded);
  // The same, with its dataValues known (wire::decodeFrameCounting).
  void transmit(std::vector<std::uint8_t> frame, const wire::Frame& decoded, std::size_t dataValues);
  // Keeps the buffer of a frame passed on, for serveMoteRequest's next reply.
  void spare(std::vector<std::uint8_t>&& frame);
  static constexpr std::size_t kSpareFrames = 8;
  static constexpr std::size_t kSpareFrameBytes = 256;
  std::vector<std::vector<std::uint8_t>> spareFrames_;
  // Without faults, frames leave air_ in the order they entered it: each keeps the decoding it was
  // transmitted with, so that it is not decoded again when it arrives (a simulated day of 10,000
  // meters decoded each of its 960,000 pushes and their acknowledgements twice on the base).
  // arrivedDecoded: the frame air_ gave up, decoded; false if it is malformed.
  void keepDecoded(const std::vector<std::uint8_t>& frame, const wire::Frame& decoded);
  bool arrivedDecoded(const std::vector<std::uint8_t>& frame, wire::Frame& decoded);
  // What a wait took: a frame for the base that it waited for, or a control message.
  struct Arrival {
    std::vector<std::uint8_t> bytes;
    bool control = false;
  };
  using FrameWanted = std::function<bool(const wire::Frame&)>;
  using ControlWanted = std::function<bool(const wire::Control&)>;
  // Moves frames until a frame for the base that `frame` wants, or a control message that
  // `control` wants, arrives (returned), or `until` passes (nothing). Relays and accounts any
  // other traffic meanwhile, and serves the motes' requests to the base. Either may be empty.
  std::optional<Arrival> pump(Clock::time_point until, const FrameWanted& frame, const ControlWanted& control);
  // pump() until the reply to the request `op` sent with `address` arrives (returned, decoded
  // into `reply`) or `until` passes (nothing).
  std::optional<std::vector<std::uint8_t>> awaitReply(wire::Op op, const wire::Address& address,
                                                      Clock::time_point until, wire::Frame& reply);
  template <class F>
  auto guardLink(F&& action) -> decltype(action());
  // The transport's send and next, with a link that is gone thrown as LinkError.
  void send(NodeId to, std::span<const std::uint8_t> frame);
  Transport::Event receive(std::vector<std::uint8_t>& frame, Clock::time_point deadline);
  // Adds a request that got its RESULT to the profile, against the base function running.
  void recordRequest(wire::Op op, std::uint32_t id, std::span<const std::uint8_t> request,
                     const wire::Frame& result);
  // Answers a request a mote sent to the base (a CALL; other ops are refused) and transmits the
  // reply.
  void serveMoteRequest(const wire::Frame& request);
  void answerMoteRequest(const wire::Frame& request, wire::Writer& reply);
  // time.cpp: one run of a periodic task, here or on its mote; the control path's sends; the
  // time a mote's side was told last, told again when it is behind (before a request to it).
  static Schedule scheduleOf(const ProgramInfo& program, const sim::Network& network);
  void runTask(const Schedule::Run& run);
  // The run itself: the base's runner, or the run on its mote (batched, or asked for at once).
  void runTaskNow(const Schedule::Run& run);
  void runTaskOnMote(NodeId mote, FunctionId task);
  void sendControl(NodeId to, const wire::Control& control);
  void sendControl(NodeId to, std::span<const std::uint8_t> message);
  // batch.cpp: whether runs on motes wait to go in one RUN_TASKS; sends those waiting, after the
  // HELLOs and window requests their motes need (all sent first, then their answers awaited); a
  // failed run throws as runTaskOnMote does.
  bool batching() const;
  void runWaitingOnMotes();
  void introduceAll(const std::vector<NodeId>& motes);
  void askWindows(const std::vector<NodeId>& motes);
  // pump() until what `frame` or `control` wants arrives, for as long as the motes' side sends
  // something at least once a deadline; nothing if it fell silent for a whole deadline first.
  std::optional<Arrival> pumpWhileHeard(const FrameWanted& frame, const ControlWanted& control);
  // concurrent_runs.hpp: the runs the base runs for motes at one time, each on a fiber, waiting
  // for the radio together. Whether they may (nothing else can run on the base while they wait);
  // waits until the time's runs have ended and prints what they printed.
  class ConcurrentRuns;
  bool runsConcurrently() const;
  void finishConcurrentRuns();
  // The rest of introduce(), once the mote answered the base's HELLO with `reply`.
  void introduced(NodeId node, const wire::Frame& reply);
  // Sends `control` and waits for the answer `wanted` takes, resending it by the retry policy
  // until `deadline`; nothing if none came. `sends` counts the sends.
  std::optional<std::vector<std::uint8_t>> askMote(const wire::Control& control, const ControlWanted& wanted,
                                                   Clock::time_point deadline, unsigned& sends);
  // The generation of `mote`'s window, asked for if this run does not know it; throws
  // RemoteTimeout naming `what` when the mote does not answer by `deadline`.
  std::uint64_t generationOf(NodeId mote, const std::string& what, Clock::time_point deadline);
  // Takes a GENERATION: the mote's generation, and seqs above its last from now on.
  void learnWindow(const wire::Control& window);
  // A mote that restarted drew a new generation and starts again at network time 0.
  void forgetWindow(NodeId mote);
  void tellTime(NodeId mote, const std::string& what, Clock::time_point deadline);
  // "Meter::sample", or the id, for messages.
  std::string functionName(FunctionId function) const;
  // The wall-clock time for air_: read only when its faults delay frames (clock reads were about
  // 7 % of the base's profile of a simulated day of READs, two per frame among them).
  Clock::time_point airTime() const { return air_.delays() ? Clock::now() : Clock::time_point(); }

  const ProgramInfo& program_;
  sim::Network network_;
  sim::Medium medium_;
  std::unique_ptr<Transport> transport_;
  wire::RetryPolicy retry_;
  sim::FaultyQueue air_;  // frames between being transmitted and arriving
  // keepDecoded's, in air_'s order: where each frame's buffer is, and the frame decoded.
  struct InAir {
    const std::uint8_t* data;
    std::size_t size;
    wire::Frame frame;
  };
  std::deque<InAir> inAir_;
  sim::Air radioClock_;   // when they arrive in network time
  std::uint32_t epoch_;
  Runtime* previous_;  // the runtime that was current before this one
  std::uint32_t nextSeq_ = 1;
  // Looked up for every run and request: by slot (per_node.hpp), as a tree of 10,000 motes cost a
  // batch of runs more than the batch itself, and a hash table half as much
  // (test/bench/sim_scale/README.md).
  PerNode<std::uint32_t> introduced_{network_};  // motes that answered our HELLO, with their epoch
  std::map<NodeId, std::uint32_t> forgotten_;   // motes that forgot us, with the epoch they had
  std::set<NodeId> silent_;                     // motes whose last request timed out
  std::uint64_t retransmissions_ = 0;
  std::uint64_t moteRestarts_ = 0;
  std::map<std::string, std::size_t, std::less<>> boundSoFar_;  // per mote class
  std::set<std::string, std::less<>> warned_;
  mutable std::unordered_map<std::uint64_t, std::string> described_;  // describe()'s, by op and id
  std::uint64_t malformedFrames_ = 0;
  std::uint64_t unsolicited_ = 0;
  bool linkBroken_ = false;
  sim::CallProfile profile_;
  sim::Recording recording_;  // into profile_, while this runtime lives
  // A mote the base introduced itself to, which may call base functions.
  struct Caller {
    std::uint32_t epoch = 0;
    wire::DuplicateWindow window;
  };
  Dispatch dispatch_ = nullptr;
  // Looked up for every request a mote sends (a simulated day of 10,000 meters pushes 960,000):
  // by slot, as a tree of 10,000 windows of 2 KB each made every lookup a walk through memory;
  // each made when its mote is introduced, as most programs' motes never call the base.
  PerNode<std::unique_ptr<Caller>> callers_{network_};
  std::deque<std::vector<std::uint8_t>> replyRoom_;  // serveMoteRequest's, one per nesting level
  std::size_t serving_ = 0;
  std::uint64_t callsServed_ = 0;
  // Network time.
  Schedule schedule_;
  std::uint64_t nowMs_ = 0;
  std::optional<double> timeScale_;   // wall-clock time, this many times faster; none: simulated
  TaskRunner taskRunner_ = nullptr;
  // The motes' windows for control messages (control.hpp): each mote's generation, asked for once
  // per run, and the next seq, above every mote's last.
  PerNode<std::uint64_t> generations_{network_};
  std::uint64_t nextControlSeq_ = 1;
  PerNode<std::uint64_t> toldTime_{network_};  // what each mote's side was told network time is
  std::uint64_t taskRunsOnBase_ = 0;
  std::uint64_t taskRunsOnMotes_ = 0;
  // Runs on motes waiting to go in one batch, in their order, and what the runner is doing: about
  // to run a task (then base code sends them first), with the profile's state outside the run.
  struct WaitingRun {
    NodeId mote;
    FunctionId task;
  };
  std::vector<WaitingRun> waitingRuns_;
  // batch.cpp: runs [from, to) of `runs` sent in one RUN_TASKS that continues batch `after` (0:
  // none); its answers awaited in order, which returns the first run that did not run, its mote's
  // window having moved (`to` of the last if all ran), and throws as runTaskOnMote for a failed one.
  struct SentBatch {
    std::uint64_t seq;
    std::size_t from;
    std::size_t to;
  };
  SentBatch sendBatch(const std::vector<WaitingRun>& runs, const std::vector<const std::uint64_t*>& windows,
                      std::size_t from, std::size_t to, std::uint64_t after);
  std::size_t awaitBatches(const std::vector<WaitingRun>& runs, const std::vector<NodeSlot>& slots,
                           std::span<const SentBatch> sent);
  bool runStarting_ = false;
  profile::Running outsideRun_{};
  std::uint64_t heard_ = 0;  // frames and control messages received, for pumpWhileHeard
  std::unique_ptr<ConcurrentRuns> concurrent_;  // made at the first run it takes
};

// The report of a run (see base::run): totals, per-node traffic and operations, the energy
// (docs/design.md §4: instructions = energy.instruction · O, transmit = energy.transmit · Σ Bᵢ·dᵢ², total =
// their sum) and the actuator trace. A mote whose stats did not come (host.lostMotes) is marked
// lost, its operations null; the trace holds what the other motes reported, and the totals of the
// motes' own figures (operations, the instruction and total energies, duplicate requests, the
// profile) are null: unknown, not zero.
nlohmann::json makeReport(const Runtime& runtime, const sim::HostStats& host);
// The one-paragraph summary printed to stderr.
std::string summarize(const Runtime& runtime, const sim::HostStats& host);

}  // namespace edgecut::base

#endif  // EDGECUT_RUNTIME_BASE_RUNTIME_HPP
