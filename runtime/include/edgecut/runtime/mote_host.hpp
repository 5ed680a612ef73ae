// The mote host: one process that hosts every mote of the network (many-to-one), or the one mote
// of a device, each with its own sensors, actuators, HELLO state and instances of the [[mote]]
// classes.
//
// Mote code that uses another mote's sensor or actuator (a cluster head and its members) sends a
// READ or WRITE from the mote being served to that mote, through the transport (transport.hpp),
// and waits for the reply. The host is single-threaded, so while one
// mote waits it keeps serving the frames that arrive, the awaited member's request among them;
// the request is resent by the peer retry policy and the wait is bounded by its deadline, after
// which the request being served fails with a TIMEOUT error.
//
// Every hosted mote keeps a duplicate window per peer that introduced itself (reliability.hpp),
// so that a request that arrives twice (resent, or duplicated by the radio) runs once; a peer's
// HELLO with a new boot epoch (it restarted, its sequence numbers start again) clears its window;
// with authenticated sessions, the peer's first request in a new session does (Transport::session).
// The peers are a bounded table (peer_table.hpp); frames from a node that is not in the network
// are dropped and counted with the malformed ones, so that no forged source costs memory.
// A peer that answers NOT_INTRODUCED restarted and forgot this mote: the mote says HELLO again and
// resends its request once, as a new request.
//
// A helper placed on the base (approach 2) is a CALL from the mote being served to the base, sent
// and waited for in the same way: the base serves it while it waits for that mote's reply.
// [[auto]] code's call of a void base function is a push (pushes.cpp): the CALL goes out and mote
// code goes on. The host keeps it in an outbox, resends it by the peer retry policy with the same
// sequence number until the base's RESULT (its acknowledgement) comes, and ends the request that
// made it (its reply, or a task's TASK_DONE) only once every push of that mote is acknowledged or
// dropped: one past its deadline is dropped and counted (HostStats::pushesDropped), never waited
// for longer. At most kDuplicateWindowSlots pushes of a mote are unacknowledged at once, so that
// a resend is still in the base's duplicate window and runs nothing again.
//
// The operations mote code counts (EDGECUT_OPERATIONS) go to the mote being served, the innermost
// one while requests nest, and travel to the base with the host's stats.
//
// Network time (docs/design.md §9) is the base's: its control messages (control.hpp) tell the host
// the time (edgecut::now() in mote code) and ask a hosted mote to run a periodic task placed on
// it, which the host runs as that mote, like a CALL from no one, and answers with TASK_DONE. A
// RUN_TASKS carries the runs of one network time for many motes: the host runs them in its order,
// each as a RUN_TASK would run, stops at the first that fails, and answers once with TASKS_DONE.
// The pushes of those runs go out as they are made, and the batch is answered once every one of
// them is settled, rather than each run waiting for its own: the base handles them in the order
// they were sent, as it would run after run, so nothing it does or counts changes. A batch that
// continues one whose runs all ran does not wait for that one's pushes: it runs meanwhile, and
// the answers follow in order (pushes.cpp, answerBatches).
#ifndef EDGECUT_RUNTIME_MOTE_HOST_HPP
#define EDGECUT_RUNTIME_MOTE_HOST_HPP

#include <array>
#include <deque>
#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "edgecut/runtime/control.hpp"
#include "edgecut/runtime/mote.hpp"
#include "edgecut/runtime/peer_table.hpp"
#include "edgecut/runtime/reliability.hpp"
#include "edgecut/runtime/sim/host_stats.hpp"
#include "edgecut/runtime/sim/network.hpp"
#include "edgecut/runtime/sim/sensors.hpp"
#include "edgecut/runtime/transport.hpp"

namespace edgecut::mote {

class MoteHost final : public detail::Host {
 public:
  // Hosts every mote of the program's network. Throws sim::NetworkError if the network or one of
  // its sensor sources is invalid.
  MoteHost(const ProgramInfo& program, Dispatch dispatch);
  // Hosts the motes of `network` (sim::loadNetwork), or only mote `only` of it.
  MoteHost(const ProgramInfo& program, Dispatch dispatch, sim::Network network,
           std::optional<NodeId> only = std::nullopt);
  ~MoteHost();
  MoteHost(const MoteHost&) = delete;
  MoteHost& operator=(const MoteHost&) = delete;

  // Handles one received frame and returns the reply to send (empty: none). Malformed frames,
  // and frames for motes this host does not host, are dropped and counted; replies that nobody
  // waits for (late ones) are dropped. Mote-to-mote requests need a transport (serve()); without
  // one they fail.
  std::span<const std::uint8_t> handle(std::span<const std::uint8_t> frame);

  // Serves frames from `transport` until it says shut down (returns 0, after reporting stats) or
  // goes away (returns 1).
  int serve(Transport& transport);

  // Handles one control message from the base and returns the answer to send back (empty: none):
  // GENERATION_REQUEST is answered with the mote's window, CLOCK sets the time, RUN_TASK runs the
  // task and is answered by TASK_DONE (once per run: a resent RUN_TASK gets the same answer).
  // CLOCK and RUN_TASK must be fresh in the mote's window (control.hpp): others change nothing
  // and are counted as replayed. Something that is no control message is counted as malformed.
  // (tasks.cpp)
  std::span<const std::uint8_t> control(std::span<const std::uint8_t> message);

  // How a mote resends a request to another mote, and how long it waits for the reply (by default
  // RetryPolicy's, with a deadline of wire::kMoteDeadline).
  void setPeerRetry(const wire::RetryPolicy& retry) { peerRetry_ = retry; }
  void setPeerTimeout(std::chrono::milliseconds timeout) { peerRetry_.deadline = timeout; }
  // The actuators' value types (generated mote.cpp's): a WRITE whose value does not fit its
  // actuator's type is refused and not applied. Without them any value is applied.
  void setActuatorTypes(std::span<const ActuatorType> types) { actuatorTypes_ = types; }
  // The boot epoch its HELLOs carry (a new one by default).
  void setEpoch(std::uint32_t epoch);
  // Reboots mote `node` as a real one would: it forgets its peers, their windows and its state.
  void restart(NodeId node);

  const sim::HostStats& stats() const {
    syncOperations();
    return stats_;
  }

  // detail::Host
  bool readSensor(NodeId node, SensorId sensor, wire::Writer& sample) override;
  Sample readSample(NodeId node, SensorId sensor, wire::Writer& sample) override;
  void writeActuator(NodeId node, ActuatorId actuator, std::span<const std::uint8_t> value) override;
  void* instance(const char* moteClass, void* (*create)(), void (*destroy)(void*)) override;
  void fault(wire::ErrorCode code, std::string_view message) override;
  bool callBase(FunctionId function, const BaseCall& call) override;
  void pushBase(FunctionId function, const BaseCall& call) override;
  std::chrono::milliseconds now() const override { return std::chrono::milliseconds(networkTimeMs_); }

 private:
  struct Instance {
    void* object;
    void (*destroy)(void*);
  };
  // What a periodic run of a mote reads and writes on the host's side, every hosted mote's in one
  // array in id order, a cache line each: a batch's runs, in id order too, go through it front to
  // back. Spread over each mote's tree node, its counter's node and its sensors' map, these were
  // most of a run's cache misses at 10,000 motes (test/bench/sim_scale/README.md).
  struct alignas(64) MoteState {
    // Its window for the base's control messages (control.hpp): drawn at its start, and the last
    // seq it took in it.
    std::uint64_t generation = 0;
    std::uint64_t lastControl = 0;
    // The instance instance() found last, by the address of its class's name (each class's one
    // string): a mote of one class finds its object without comparing names.
    const char* lastClass = nullptr;
    void* lastObject = nullptr;
    // The operations its code counted (operations.hpp), and how many of them stats_.operations
    // has (syncOperations).
    std::uint64_t operations = 0;
    std::uint64_t operationsInStats = 0;
    NodeId id = 0;
    // Its sensors that the program knows: sensors_[firstSensor, firstSensor + sensorCount).
    std::uint32_t firstSensor = 0;
    std::uint32_t sensorCount = 0;
  };
  struct HostedMote {
    const sim::MoteSpec* spec;
    MoteState* state;  // in states_
    std::uint32_t epoch = 0;
    std::uint32_t nextSeq = 1;      // of this mote's own requests
    PeerTable peers;                // made at HELLO, so no request allocates one
    std::set<NodeId> greeted;       // nodes that answered this mote's HELLO
    std::map<std::string, Instance, std::less<>> instances;
  };
  std::vector<MoteState> states_;  // never resized after the constructor: motes point into it
  // Adds what each mote counted since the last call to stats_.operations (which a transport may
  // zero once it has reported them).
  void syncOperations() const;
  // Every hosted mote's sensors, in the motes' id order, by sensor id: the runs of a batch, in id
  // order too, read them one after the other instead of from a map of each mote's own (a read
  // was a cache miss or two at 10,000 motes).
  struct HostedSensor {
    SensorId id;
    sim::SensorSource source;
  };
  std::vector<HostedSensor> sensors_;
  // Puts the operations counted since the last call into stats_.operationsOverTime, at the network
  // time the host was told last (when they ran: requests at a time come after the time).
  void countOperationsOverTime();
  // stats_, its operations over time up to date: what reportStats gets.
  sim::HostStats& statsToReport();
  struct Fault {
    wire::ErrorCode code;
    std::string message;
  };

  using Encode = std::function<void(wire::Writer&, const wire::Address&)>;
  // A reply and the node it goes to (its request's source).
  struct Reply {
    NodeId to = 0;
    std::span<const std::uint8_t> frame;
  };

  // handle(), with where its reply goes.
  Reply serveFrame(std::span<const std::uint8_t> frame);
  // Runs `body(reply)` as `mote`, whose state is `state`, being served (its operations, profile,
  // output and faults), writing into the reply buffer of its nesting level; returns what it
  // wrote. Nests inside another request. (src/mote/serving.hpp)
  template <class Body>
  std::span<const std::uint8_t> asServed(std::map<NodeId, HostedMote>::iterator mote, MoteState& state, Body&& body);
  // A RUN_TASK: the task's CALL, dispatched here as its mote; its TASK_DONE into `done`, whose
  // message, if any, goes to `message`.
  void runTask(const wire::Control& trigger, wire::Control& done, std::string& message);
  // Runs task `task` on hosted mote `mote` for the run with `seq`; its error (0: none), whose
  // message goes to `message`. notHosted: the error of a run on a mote not hosted here.
  std::uint32_t runTaskOn(std::map<NodeId, HostedMote>::iterator mote, MoteState& state, std::uint64_t seq,
                          FunctionId task, std::string& message);
  static std::uint32_t notHosted(NodeId mote, std::string& message);
  // A CLOCK or RUN_TASK for `mote` (motes_.end(): one not hosted here, whose RUN_TASK fails), taken
  // if it is fresh in the mote's window; returns the answer (control.hpp).
  std::span<const std::uint8_t> takeControl(const wire::Control& received, std::map<NodeId, HostedMote>::iterator mote);
  // A RUN_TASKS (tasks.cpp): runs its runs in order; returns the TASKS_DONE to send (empty: none,
  // a resend of the batch still running, or one that continues it, queued). `queued`: it was
  // queued, and its turn has come.
  std::span<const std::uint8_t> runBatch(std::span<const std::uint8_t> message, bool queued);
  // `done` encoded, kept as lastBatch_ for a resend of its batch.
  std::span<const std::uint8_t> finishedBatch(const wire::TasksDone& done);
  // The answers of the batches whose runs have run and whose pushes are all settled, from the
  // oldest, in order (pushes.cpp): each TASKS_DONE names the first run whose push the base failed.
  // With `all`, serves frames until every one is settled first (pushes left when the link goes
  // away or the network shuts down are dropped and counted), unless `unlessQueued` and another
  // batch comes meanwhile (or has come), which then runs first. Sent on the transport, but for
  // the last when it is the batch `seq` that `control` answers: returned.
  std::span<const std::uint8_t> answerBatches(bool all, bool unlessQueued, std::uint64_t seq);
  // GENERATION: `mote`'s window, bound to the seq of `asking`.
  static wire::Control windowOf(const wire::Control& asking, const HostedMote& mote);
  // `answer` encoded into controlAnswer_.
  std::span<const std::uint8_t> encodedAnswer(const wire::Control& answer);
  // A control message that arrived while serving (serve() or a wait in exchange()); false if the
  // link went away when answering it.
  bool answerControl(std::span<const std::uint8_t> message);

  void answer(const wire::Frame& request, HostedMote& mote, wire::Writer& reply);
  void answerHello(const wire::Frame& request, HostedMote& mote, wire::Writer& reply);
  // Runs a READ, WRITE or CALL (never twice, see answer()).
  void perform(const wire::Frame& request, HostedMote& mote, wire::Writer& reply);
  // Dispatches a CALL; true if the dispatcher answered it with an ERROR. Without `resultWanted`
  // (a task's run) a RESULT is not written.
  bool answerCall(const wire::Frame& request, wire::Writer& reply, bool resultWanted = true);
  // The largest frame this host sends: the protocol's, or less if its transport carries less.
  std::size_t frameLimit() const;
  // The mote being served, if `node` is it.
  HostedMote* servedMote(NodeId node);
  // The source of `mote`'s sensor `sensor`, or null after recording a fault. Inline: a task run
  // of test/bench/sim_scale/README.md's meters reads one, and a mote has a sensor or two, which a
  // plain loop finds sooner than find_if's unrolled one.
  sim::SensorSource* sourceOf(const HostedMote& mote, SensorId sensor) {
    HostedSensor* hosted = sensors_.data() + mote.state->firstSensor;
    for (HostedSensor* const end = hosted + mote.state->sensorCount; hosted != end; ++hosted) {
      if (hosted->id == sensor) [[likely]] return &hosted->source;
    }
    noSuchSensor(mote.state->id, sensor);
    return nullptr;
  }
  [[gnu::cold]] void noSuchSensor(NodeId node, SensorId sensor);
  // "the base" or "mote 3", for messages about a peer.
  static std::string nodeName(NodeId node);
  // "READ temperature", "WRITE led", "CALL log_event" for messages.
  std::string describe(wire::Op op, std::uint32_t id) const;
  // Sends a request (`op` `id`, encoded by `encode`) from the mote being served to `peer` (a mote,
  // or the base),
  // introducing it with a HELLO first, and waits for a RESULT, which it puts in `reply` (pointing
  // into `bytes`). Anything else is recorded as a fault and gives false; so does any request made
  // after the request being served has already failed, without sending anything.
  bool askPeer(NodeId peer, wire::Op op, std::uint32_t id, const Encode& encode, std::vector<std::uint8_t>& bytes,
               wire::Frame& reply);
  // Says HELLO to `peer` from the mote being served; false (with a fault) if it does not work.
  bool greet(NodeId peer, std::vector<std::uint8_t>& bytes, wire::Frame& reply);
  // pushes.cpp. Settles the pushes the base's frame `reply` answers; false if it answers none.
  bool acknowledge(const wire::Frame& reply);
  // Resends the pushes whose time has come and drops those past their deadline; returns when the
  // next one falls due (time_point::max() when none is waiting).
  Transport::Clock::time_point resendDuePushes();
  // Serves frames until at most `atMost` pushes of `mote` wait for their acknowledgement; settled
  // ones leave the outbox, and one the base failed fails the request being served. False if the
  // link went away or the network shut down meanwhile.
  bool awaitPushes(NodeId mote, std::size_t atMost);
  // Serves what has arrived, without waiting (a batch's acknowledgements while it runs).
  void serveArrived();
  // What serving does with one event from the transport while mote code waits for pushes.
  void serveEvent(Transport::Event event, std::vector<std::uint8_t>& incoming);

  // One request and its reply (any op), resending the request by the retry policy and serving
  // other frames while waiting.
  bool exchange(NodeId peer, const std::string& what, bool hello, const Encode& encode,
                std::vector<std::uint8_t>& bytes, wire::Frame& reply);

  const ProgramInfo& program_;
  Dispatch dispatch_;
  sim::Network network_;
  std::map<NodeId, HostedMote> motes_;
  // motes_'s ids and elements, by id: a task batch finds each of thousands of motes in a compact
  // array the size of a few pages instead of walking the tree's scattered nodes.
  std::vector<std::pair<NodeId, std::map<NodeId, HostedMote>::iterator>> byId_;
  // motes_.find(node), through byId_; tries the entry after the last one found first, as a
  // batch names its motes in id order.
  std::map<NodeId, HostedMote>::iterator findMote(NodeId node);
  std::size_t nextFound_ = 0;
  // The running batch's runs, with their motes (motes_.end(): not hosted here).
  struct BatchRun {
    wire::BatchedRun run;
    std::map<NodeId, HostedMote>::iterator mote;
    MoteState* state;  // null when not hosted here
  };
  std::vector<BatchRun> batchRuns_;
  // Asks the CPU for a batch's mote's state (object false) or its object (true) ahead of its run.
  static void prefetch(const MoteState* state, bool object);
  std::vector<std::vector<std::uint8_t>> replyBuffers_;  // one per nesting level of handle()
  std::size_t depth_ = 0;
  Transport* transport_ = nullptr;  // while serve() runs
  wire::RetryPolicy peerRetry_{.deadline = wire::kMoteDeadline};
  std::span<const ActuatorType> actuatorTypes_;
  std::uint32_t epoch_ = wire::newBootEpoch();
  bool stopping_ = false;  // a shutdown arrived while a mote waited
  bool closed_ = false;    // the transport went away while a mote waited
  HostedMote* serving_ = nullptr;
  std::optional<Fault> fault_;
  mutable sim::HostStats stats_;  // its operations are brought up to date when it is read
  // The last RUN_TASK and its TASK_DONE (encoded), for a resend of it; its message lives here.
  struct LastRun {
    wire::Control trigger;
    std::string message;
    std::vector<std::uint8_t> answer;
  };
  std::optional<LastRun> lastRun_;
  std::vector<wire::Control> runningTasks_;  // RUN_TASKs whose task is running, innermost last
  // The last RUN_TASKS answered and its TASKS_DONE, for a resend of it; the last that ran, and
  // whether every run of it ran (a batch that continues it may run: control.hpp); the one
  // running, and its run's index and nesting level (pushes made there wait for the batch's end,
  // not the run's).
  struct FinishedBatch {
    std::uint64_t seq = 0;
    std::vector<std::uint8_t> answer;
  };
  std::optional<FinishedBatch> lastBatch_;
  struct RanBatch {
    std::uint64_t seq = 0;
    bool ranAll = false;
  };
  std::optional<RanBatch> lastRan_;
  std::optional<std::uint64_t> runningBatch_;
  // Batches that came while one ran, in order: they run once it has ended (answerControl).
  std::deque<std::vector<std::uint8_t>> queuedBatches_;
  // The batches whose answers wait for their runs' pushes, oldest first; the one running is the
  // last. A batch that ran to its end with pushes unsettled is answered once they are, and a
  // batch that continues it runs meanwhile: the host otherwise sat idle while the base took a
  // batch's pushes, and the base while the host ran the next (test/bench/sim_scale/README.md).
  struct AnsweringBatch {
    std::uint64_t seq = 0;
    bool ran = false;  // its runs have run: `done` and `why` say how
    wire::TasksDone done;
    std::string why;
    std::size_t unsettled = 0;  // its runs' pushes not yet settled
  };
  std::deque<AnsweringBatch> answering_;
  AnsweringBatch* answeringOf(std::uint64_t batch);
  bool batchPushesUnsettled() const;  // of any batch in answering_
  std::size_t batchRun_ = 0;
  std::size_t batchDepth_ = 0;  // 0: no batch runs
  // Pushes sent and not yet settled (pushes.cpp).
  struct Push {
    NodeId mote = 0;
    std::uint32_t seq = 0;
    FunctionId function = 0;  // what it calls
    std::vector<std::uint8_t> frame;
    Transport::Clock::time_point start, resendAt;
    unsigned sends = 1;
    bool acknowledged = false;
    std::optional<Fault> failed;  // the base's ERROR instead of its acknowledgement
    std::optional<std::size_t> batchRun;  // made by this run of batch `batch`
    std::uint64_t batch = 0;
    bool settled() const { return acknowledged || failed.has_value(); }
  };
  // The pushes not yet settled or not yet gone, in the order they were made; found by (mote, seq)
  // and counted per mote and per batch, so that each of a batch's thousands of pushes costs the
  // same: a scan of them all per push, acknowledgement and wake-up was most of an hour of 10,000
  // meters' pushes (test/bench/sim_scale/README.md).
  using Outbox = std::list<Push>;
  Outbox outbox_;
  Outbox spareOutbox_;  // nodes of erased pushes, for the next ones (pushBase)
  std::unordered_map<std::uint64_t, Outbox::iterator> outboxIndex_;  // by pushKey
  std::vector<decltype(outboxIndex_)::node_type> spareIndexNodes_;   // erased entries, for the next pushes
  std::unordered_map<NodeId, std::size_t> unsettledPushes_;          // per mote, those it has
  std::size_t settledOutsideBatches_ = 0;  // settled, leaving at the end of their request
  // The earliest resend or deadline of an unsettled push (resendDuePushes), or earlier.
  Transport::Clock::time_point nextPushTimer_ = Transport::Clock::time_point::max();
  static std::uint64_t pushKey(NodeId mote, std::uint32_t seq) { return (std::uint64_t{mote} << 32) | seq; }
  // Counts `push` settled (acknowledged or failed just now).
  void countSettled(const Push& push);
  Outbox::iterator erasePush(Outbox::iterator push);
  std::size_t unsettledPushesOf(NodeId mote) const;
  // resendDuePushes() if a push's time may have come; the next time one comes.
  Transport::Clock::time_point pushTimer();
  std::vector<std::uint8_t> pushScratch_;  // where a push is encoded
  std::uint64_t networkTimeMs_ = 0;
  // The operations counted since countOperationsOverTime last ran, and the served mote's count
  // when asServed last added to them (asServed).
  std::uint64_t uncountedOperations_ = 0;
  std::uint64_t countedFrom_ = 0;
  std::array<std::uint8_t, wire::kMaxControlBytes> controlAnswer_{};
};

}  // namespace edgecut::mote

#endif  // EDGECUT_RUNTIME_MOTE_HOST_HPP
