// The keys of a run's report: the JSON a base program writes with --report FILE
// (runtime/src/base/report.cpp writes it; runtime/README.md says what each figure means). Its
// readers name the keys through here too: the compiler's run-profile reader
// (compiler/plan/run_profile.cpp), `edgecut compare` (compiler/report/) and edgecut-report
// (tools/report/). Header only, without dependencies, so that the compiler and the tools can use it.
#pragma once

namespace edgecut::report_keys {

// The report: one object.
inline constexpr const char* kProgram = "program";  // the program file
inline constexpr const char* kPlan = "plan";        // the plan file
inline constexpr const char* kFingerprint = "fingerprint";
inline constexpr const char* kEnergy = "energy";          // an object of energy::
inline constexpr const char* kOperations = "operations";  // the motes' measured O; null if unknown
inline constexpr const char* kMessages = "messages";
inline constexpr const char* kIntegers = "integers";
inline constexpr const char* kBytes = "bytes";
inline constexpr const char* kMalformedFrames = "malformed_frames";
// Frames dropped as forged, replayed or unsolicited (docs/threat-model.md), by the base and the
// motes: an object of rejected::. Malformed ones are kMalformedFrames.
inline constexpr const char* kRejectedFrames = "rejected_frames";
inline constexpr const char* kRetransmissions = "retransmissions";
inline constexpr const char* kDuplicateRequests = "duplicate_requests";
inline constexpr const char* kMoteRestarts = "mote_restarts";
inline constexpr const char* kEvictedPeers = "evicted_peers";     // null if a mote is lost
inline constexpr const char* kPushesDropped = "pushes_dropped";   // null if a mote is lost
inline constexpr const char* kFaults = "faults";                   // an object of faults::, or null
inline constexpr const char* kActuatorWrites = "actuator_writes";  // a list of actuator_write::
inline constexpr const char* kNodes = "nodes";                     // a list of node::
inline constexpr const char* kProfile = "profile";                 // an object of profile::, or null
inline constexpr const char* kJoules = "joules";  // under a radio only: an object of joules::
inline constexpr const char* kNetworkTimeMs = "network_time_ms";  // edgecut::now() at the end
inline constexpr const char* kTaskRuns = "task_runs";             // an object of task_runs::
inline constexpr const char* kAir = "air";  // the simulated radio's clock (sim/air.hpp): an object of air::
inline constexpr const char* kDurationS = "duration_s";  // network time at the end, in seconds
// The figures beside it divided by the hours of duration_s: an object of per_hour::, and in each
// node one of node::'s counts and joules. Null when no network time passed.
inline constexpr const char* kPerHour = "per_hour";
// With the plan's energy.battery and a radio: an object of lifetime::, null when no network time
// passed or a mote's stats are lost.
inline constexpr const char* kLifetime = "lifetime";
// The run over network time (sim/timeline.hpp): an object of timeline::, null when no network time
// passed.
inline constexpr const char* kTimeline = "timeline";

namespace energy {
inline constexpr const char* kInstructions = "instructions";
inline constexpr const char* kTransmit = "transmit";
inline constexpr const char* kTotal = "total";
}  // namespace energy

// The report's figures per hour: kMessages, kIntegers and kBytes under their own names, and these.
namespace per_hour {
inline constexpr const char* kEnergy = "energy";      // energy::kTotal's; null if unknown
inline constexpr const char* kTransmit = "transmit";  // energy::kTransmit's
inline constexpr const char* kJoules = "joules";      // under a radio: the motes' joules::kTotal
}  // namespace per_hour

// The network's lifetime on the plan's battery (docs/design.md §4): the days until the first mote's
// battery is empty, spending what it spent per second of this run, and which mote that is.
namespace lifetime {
inline constexpr const char* kDays = "days";
inline constexpr const char* kMote = "mote";
}  // namespace lifetime

// Equal buckets of network time, the first ending kBucketS seconds in; bucket i holds what happened
// in (i·kBucketS, (i+1)·kBucketS] seconds (time 0 in the first), the last ending at duration_s or
// later. Each series has a number per bucket and sums to the report's total of the same name.
namespace timeline {
inline constexpr const char* kBucketS = "bucket_s";
inline constexpr const char* kMessages = "messages";
inline constexpr const char* kBytes = "bytes";
inline constexpr const char* kTransmit = "transmit";  // energy::kTransmit's
inline constexpr const char* kEnergy = "energy";      // energy::kTotal's; null if unknown
inline constexpr const char* kJoules = "joules";      // under a radio: the motes' joules::kTotal; null if unknown
}  // namespace timeline

namespace faults {
inline constexpr const char* kSpec = "spec";
inline constexpr const char* kDropped = "dropped";
inline constexpr const char* kDuplicated = "duplicated";
inline constexpr const char* kReordered = "reordered";
}  // namespace faults

namespace rejected {
inline constexpr const char* kForged = "forged";
inline constexpr const char* kReplayed = "replayed";
inline constexpr const char* kUnsolicited = "unsolicited";
}  // namespace rejected

// Runs of periodic tasks (docs/design.md §9): those the base ran for motes, and those motes ran
// (each asked by a control message, which is no radio traffic).
namespace task_runs {
inline constexpr const char* kOnBase = "on_base";
inline constexpr const char* kOnMotes = "on_motes";
}  // namespace task_runs

namespace air {
inline constexpr const char* kBitsPerSecond = "bits_per_second";  // the plan's radio's, else 802.15.4's
inline constexpr const char* kBusyNs = "busy_ns";                  // Σ air time of every hop
inline constexpr const char* kNetworkTimeNs = "network_time_ns";  // the last arrival or runFor's end
}  // namespace air

namespace actuator_write {
inline constexpr const char* kNode = "node";
inline constexpr const char* kActuator = "actuator";
inline constexpr const char* kValue = "value";
}  // namespace actuator_write

namespace node {
inline constexpr const char* kId = "id";
inline constexpr const char* kOperations = "operations";
inline constexpr const char* kMessagesSent = "messages_sent";
inline constexpr const char* kIntegersSent = "integers_sent";
inline constexpr const char* kBytesSent = "bytes_sent";
inline constexpr const char* kBytesReceived = "bytes_received";
inline constexpr const char* kTransmit = "transmit";
inline constexpr const char* kJoules = "joules";  // a mote's, under a radio: an object of joules::
inline constexpr const char* kLost = "lost";      // its stats never came (its program died): true
}  // namespace node

namespace joules {
inline constexpr const char* kCpu = "cpu";
inline constexpr const char* kTransmit = "transmit";
inline constexpr const char* kListen = "listen";
inline constexpr const char* kTotal = "total";
inline constexpr const char* kRadio = "radio";  // the report's total only: the radio's name
}  // namespace joules

namespace profile {
inline constexpr const char* kFunctions = "functions";  // a list of function::
}  // namespace profile

namespace function {
inline constexpr const char* kKey = "key";
inline constexpr const char* kId = "id";
inline constexpr const char* kRunsOnBase = "runs_on_base";
inline constexpr const char* kRunsOnMotes = "runs_on_motes";
inline constexpr const char* kOperations = "operations";
inline constexpr const char* kCalls = "calls";  // a list of call::
}  // namespace function

// A call a function made. Its callee is under one of three keys, by kind: kFunction (with kId),
// kSensor or kActuator.
namespace call {
inline constexpr const char* kFunction = "function";
inline constexpr const char* kSensor = "sensor";
inline constexpr const char* kActuator = "actuator";
inline constexpr const char* kId = "id";
inline constexpr const char* kCalls = "calls";
inline constexpr const char* kOverRadio = "over_radio";
inline constexpr const char* kIntegersToCallee = "integers_to_callee";
inline constexpr const char* kIntegersToCaller = "integers_to_caller";
}  // namespace call

}  // namespace edgecut::report_keys
