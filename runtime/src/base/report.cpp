#include <algorithm>

#include <fmt/format.h>

#include "edgecut/runtime/base_runtime.hpp"
#include "edgecut/runtime/network/per_mote.hpp"
#include "edgecut/runtime/report_keys.hpp"

namespace edgecut::base {

namespace {

namespace keys = report_keys;

// Measured O (docs/design.md §4): the operations the motes executed. The base's own work is free, like its
// transmissions, and is not counted.
std::uint64_t totalOperations(const sim::HostStats& host) {
  std::uint64_t total = 0;
  for (const auto& [node, operations] : host.operations) total += operations;
  return total;
}

// A mote's operations; unknown if its stats are lost. The base's work is free: 0.
std::optional<std::uint64_t> operationsOf(const sim::HostStats& host, NodeId node) {
  if (host.lostMotes.count(node)) return std::nullopt;
  const auto found = host.operations.find(node);
  return found == host.operations.end() ? 0 : found->second;
}

// Whether every mote reported its stats: the motes' totals are known.
bool complete(const sim::HostStats& host) { return host.lostMotes.empty(); }

template <class T>
nlohmann::json orNull(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

// The medium's faults: the spec and what it did; null without faults.
nlohmann::json faultsJson(const sim::FaultyQueue& faults) {
  if (!faults.spec().any()) return nullptr;
  return {{keys::faults::kSpec, sim::toString(faults.spec())},
          {keys::faults::kDropped, faults.counts().dropped},
          {keys::faults::kDuplicated, faults.counts().duplicated},
          {keys::faults::kReordered, faults.counts().reordered}};
}

// What the base rejected, and what the motes that reported did (like the malformed frames).
sim::RejectedFrames allRejected(const Runtime& runtime, const sim::HostStats& host) {
  sim::RejectedFrames rejected = runtime.rejectedFrames();
  rejected += host.rejected;
  return rejected;
}

// A mote's energy in joules under the plan's radio, in Contiki Energest's states (docs/design.md §4).
// Listening is the duty-cycle model: the radio samples the channel listenDutyCycle of the run's
// network time, and is on for the whole air time of every frame it hears (a hop that ends at it).
// Without the mote's stats its operations, and so `cpu`, are unknown.
struct Joules {
  std::optional<double> cpu = 0.0;
  double transmit = 0;
  double listen = 0;
  std::optional<double> total() const {
    return cpu ? std::optional<double>(*cpu + transmit + listen) : std::nullopt;
  }

  Joules& operator+=(const Joules& other) {
    cpu = cpu && other.cpu ? std::optional<double>(*cpu + *other.cpu) : std::nullopt;
    transmit += other.transmit;
    listen += other.listen;
    return *this;
  }
};

// The run's network time in seconds: what the rates and the idle listening are over.
double durationSeconds(const Runtime& runtime) { return static_cast<double>(runtime.now().count()) / 1000; }

Joules joulesOf(const RadioInfo& radio, double seconds, std::optional<std::uint64_t> operations,
                const sim::NodeTraffic& traffic) {
  auto watts = [&](double milliamps) { return milliamps / 1000 * radio.volts; };
  auto airtime = [&](std::uint64_t bytes) { return static_cast<double>(bytes) * 8 / radio.bitsPerSecond; };
  Joules joules;
  joules.cpu = operations ? std::optional<double>(static_cast<double>(*operations) * radio.cyclesPerOperation /
                                                  radio.cpuHertz * watts(radio.cpuMilliamps))
                          : std::nullopt;
  joules.transmit = airtime(traffic.bytesSent) * watts(radio.transmitMilliamps);
  joules.listen = (airtime(traffic.bytesReceived) + radio.listenDutyCycle * seconds) * watts(radio.listenMilliamps);
  return joules;
}

nlohmann::json toJson(const Joules& joules) {
  return {{keys::joules::kCpu, orNull(joules.cpu)},
          {keys::joules::kTransmit, joules.transmit},
          {keys::joules::kListen, joules.listen},
          {keys::joules::kTotal, orNull(joules.total())}};
}

// The motes' joules, summed; the base is on mains power and, as in E, free.
Joules moteJoules(const Runtime& runtime, const RadioInfo& radio, const sim::HostStats& host) {
  Joules sum;
  for (const auto& [id, traffic] : runtime.medium().traffic())
    if (id != sim::Network::kBase) sum += joulesOf(radio, durationSeconds(runtime), operationsOf(host, id), traffic);
  return sum;
}

// `figure` per hour of the run's network time; null when none passed (or the figure is unknown).
nlohmann::json perHour(const Runtime& runtime, std::optional<double> figure) {
  const double hours = durationSeconds(runtime) / 3600;
  return hours > 0 && figure ? nlohmann::json(*figure / hours) : nlohmann::json(nullptr);
}

// A node's counts (and a mote's joules) per hour; null when no network time passed.
nlohmann::json nodePerHour(const Runtime& runtime, const sim::NodeTraffic& traffic,
                           std::optional<std::uint64_t> operations, const std::optional<Joules>& joules) {
  if (runtime.now().count() <= 0) return nullptr;
  auto rate = [&](std::uint64_t count) { return perHour(runtime, static_cast<double>(count)); };
  nlohmann::json rates = {
      {keys::node::kOperations, perHour(runtime, operations ? std::optional<double>(*operations) : std::nullopt)},
      {keys::node::kMessagesSent, rate(traffic.messagesSent)},
      {keys::node::kIntegersSent, rate(traffic.dataValuesSent)},
      {keys::node::kBytesSent, rate(traffic.bytesSent)},
      {keys::node::kBytesReceived, rate(traffic.bytesReceived)},
      {keys::node::kTransmit, perHour(runtime, traffic.transmit)}};
  if (joules) rates[keys::node::kJoules] = perHour(runtime, joules->total());
  return rates;
}

// The days until the first mote's battery is empty, each mote spending at the rate it spent in this
// run, and which mote that is (the lowest id among equals). Null when no network time passed or a
// mote's stats, and so its operations, are lost.
nlohmann::json lifetimeJson(const Runtime& runtime, const RadioInfo& radio, const BatteryInfo& battery,
                            const sim::HostStats& host) {
  const double seconds = durationSeconds(runtime);
  if (seconds <= 0 || !complete(host)) return nullptr;
  const double batteryJoules = battery.milliampHours * 3.6 * battery.volts;  // mAh · 3600 s/h / 1000 mA/A
  std::optional<double> firstDays;
  NodeId first = 0;
  for (const auto& [id, traffic] : runtime.medium().traffic()) {
    if (id == sim::Network::kBase) continue;
    const double watts = *joulesOf(radio, seconds, operationsOf(host, id), traffic).total() / seconds;
    if (watts <= 0) continue;  // a mote that spends nothing never runs out
    const double days = batteryJoules / watts / 86400;
    if (!firstDays || days < *firstDays) firstDays = days, first = id;
  }
  if (!firstDays) return nullptr;
  return {{keys::lifetime::kDays, *firstDays}, {keys::lifetime::kMote, first}};
}

// The run over network time (sim/timeline.hpp): per bucket the messages, bytes and E's transmit term
// the medium counted, E (energy.instruction times the operations the motes counted then, plus the
// transmit term) and, under a radio, the motes' joules, by joulesOf for all motes together over the
// bucket's part of the run (the last bucket may end early), so every series sums to the report's
// total. E and joules are null when a mote's stats, or its operations over time, are unknown.
// Null when no network time passed.
nlohmann::json timelineJson(const Runtime& runtime, const sim::HostStats& host) {
  const auto durationMs = static_cast<std::uint64_t>(runtime.now().count());
  if (durationMs == 0) return nullptr;
  sim::Timeline timeline = runtime.medium().timeline();
  timeline.cover(durationMs);
  const bool operationsKnown = complete(host) && host.operationsOverTime;
  if (operationsKnown) timeline.merge(*host.operationsOverTime);
  const ProgramInfo& program = runtime.program();
  const double motes = static_cast<double>(runtime.network().motes().size());
  nlohmann::json messages = nlohmann::json::array(), bytes = nlohmann::json::array(),
                 transmit = nlohmann::json::array(), energy = nlohmann::json::array(),
                 joules = nlohmann::json::array();
  const std::vector<sim::Interval>& buckets = timeline.buckets();
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    const sim::Interval& bucket = buckets[i];
    messages.push_back(bucket.messages);
    bytes.push_back(bucket.bytes);
    transmit.push_back(bucket.transmit);
    if (!operationsKnown) continue;
    energy.push_back(program.instructionCost * static_cast<double>(bucket.operations) + bucket.transmit);
    if (!program.radio) continue;
    const std::uint64_t start = i * timeline.widthMs();
    const std::uint64_t end = std::min(durationMs, start + timeline.widthMs());
    const double seconds = end > start ? static_cast<double>(end - start) / 1000 : 0.0;
    sim::NodeTraffic traffic;
    traffic.bytesSent = bucket.moteBytesSent;
    traffic.bytesReceived = bucket.moteBytesReceived;
    joules.push_back(*joulesOf(*program.radio, seconds * motes, bucket.operations, traffic).total());
  }
  nlohmann::json json = {{keys::timeline::kBucketS, static_cast<double>(timeline.widthMs()) / 1000},
                         {keys::timeline::kMessages, std::move(messages)},
                         {keys::timeline::kBytes, std::move(bytes)},
                         {keys::timeline::kTransmit, std::move(transmit)},
                         {keys::timeline::kEnergy, operationsKnown ? std::move(energy) : nlohmann::json(nullptr)}};
  if (program.radio) json[keys::timeline::kJoules] = operationsKnown ? std::move(joules) : nlohmann::json(nullptr);
  return json;
}

// The callee of a call edge, named as the program names it: {"function": key, "id": id},
// {"sensor": name} or {"actuator": name}.
nlohmann::json calleeJson(const ProgramInfo& program, sim::CalleeKind kind, std::uint32_t id) {
  const char* name = kind == sim::CalleeKind::sensor     ? sim::nameOf(program.sensors, id)
                     : kind == sim::CalleeKind::actuator ? sim::nameOf(program.actuators, id)
                                                         : sim::nameOf(program.functionKeys, id);
  nlohmann::json callee = {{sim::calleeKindName(kind), name ? nlohmann::json(name) : nlohmann::json(nullptr)}};
  if (kind == sim::CalleeKind::function || !name) callee[keys::call::kId] = id;
  return callee;
}

// The run's profile (sim/profile.hpp), per placed function of the program (those that never ran
// too, with zeros), in the program's order, each with the calls it made. Null when the motes' part
// is unknown (the host died, or the transport does not carry it).
nlohmann::json profileJson(const ProgramInfo& program, const sim::CallProfile& base, const sim::HostStats& host) {
  if (!complete(host) || !host.profile) return nullptr;
  const sim::CallProfile& motes = *host.profile;
  std::vector<FunctionId> order;
  for (const NamedId& function : program.functionKeys) order.push_back(function.id);
  for (const sim::CallProfile* side : {&base, &motes})  // ids the glue does not name, if any
    for (const auto& [id, counts] : side->functions)
      if (std::find(order.begin(), order.end(), id) == order.end()) order.push_back(id);
  sim::CallProfile calls = base;
  calls += motes;
  nlohmann::json functions = nlohmann::json::array();
  for (std::size_t i = 0; i < order.size(); ++i) {
    const FunctionId id = order[i];
    auto countsIn = [&](const sim::CallProfile& side) {
      const auto found = side.functions.find(id);
      return found == side.functions.end() ? sim::FunctionCounts{} : found->second;
    };
    nlohmann::json made = nlohmann::json::array();
    for (auto edge = calls.calls.lower_bound({id, sim::CalleeKind::function, 0});
         edge != calls.calls.end() && edge->first.caller == id; ++edge) {
      nlohmann::json call = calleeJson(program, edge->first.kind, edge->first.callee);
      call[keys::call::kCalls] = edge->second.calls;
      call[keys::call::kOverRadio] = edge->second.overRadio;
      call[keys::call::kIntegersToCallee] = edge->second.integersToCallee;
      call[keys::call::kIntegersToCaller] = edge->second.integersToCaller;
      made.push_back(std::move(call));
    }
    const char* key = sim::nameOf(program.functionKeys, id);
    functions.push_back({{keys::function::kKey, key ? nlohmann::json(key) : nlohmann::json(nullptr)},
                         {keys::function::kId, id},
                         {keys::function::kRunsOnBase, countsIn(base).runs},
                         {keys::function::kRunsOnMotes, countsIn(motes).runs},
                         {keys::function::kOperations, countsIn(motes).operations},
                         {keys::function::kCalls, std::move(made)}});
  }
  return {{keys::profile::kFunctions, std::move(functions)}};
}

}  // namespace

nlohmann::json makeReport(const Runtime& runtime, const sim::HostStats& host) {
  const sim::NodeTraffic total = runtime.medium().total();
  const ProgramInfo& program = runtime.program();
  const RadioInfo* radio = program.radio;
  nlohmann::json nodes = nlohmann::json::array();
  for (const auto& [id, traffic] : runtime.medium().traffic()) {
    nlohmann::json node = {
        {keys::node::kId, id},
        {keys::node::kOperations, orNull(operationsOf(host, id))},
        {keys::node::kLost, host.lostMotes.count(id) > 0},
        {keys::node::kMessagesSent, traffic.messagesSent},
        {keys::node::kIntegersSent, traffic.dataValuesSent},
        {keys::node::kBytesSent, traffic.bytesSent},
        {keys::node::kBytesReceived, traffic.bytesReceived},
        {keys::node::kTransmit, traffic.transmit}};
    std::optional<Joules> joules;
    if (radio && id != sim::Network::kBase) {
      joules = joulesOf(*radio, durationSeconds(runtime), operationsOf(host, id), traffic);
      node[keys::node::kJoules] = toJson(*joules);
    }
    node[keys::kPerHour] = nodePerHour(runtime, traffic, operationsOf(host, id), joules);
    nodes.push_back(std::move(node));
  }
  // What the motes that reported sent, whatever happened to the others.
  nlohmann::json writes = nlohmann::json::array();
  for (const sim::ActuatorWrite& write : host.actuatorWrites)
    writes.push_back({{keys::actuator_write::kNode, write.node},
                      {keys::actuator_write::kActuator, write.actuator},
                      {keys::actuator_write::kValue, write.value}});
  // Without every mote's stats the totals of the motes' figures are unknown, which zero or a
  // partial sum would hide.
  nlohmann::json operations(nullptr);
  std::optional<double> energyTotal;
  nlohmann::json energy = {{keys::energy::kInstructions, nullptr},
                           {keys::energy::kTransmit, total.transmit},
                           {keys::energy::kTotal, nullptr}};
  if (complete(host)) {
    const std::uint64_t measured = totalOperations(host);
    const double instructions = program.instructionCost * static_cast<double>(measured);
    operations = measured;
    energy[keys::energy::kInstructions] = instructions;
    energyTotal = instructions + total.transmit;
    energy[keys::energy::kTotal] = *energyTotal;
  }
  const sim::RejectedFrames rejected = allRejected(runtime, host);
  nlohmann::json report = {
      {keys::kProgram, program.programFile},
      {keys::kPlan, program.planFile},
      {keys::kFingerprint, fmt::format("{:#018x}", program.fingerprint)},
      {keys::kEnergy, std::move(energy)},
      {keys::kOperations, std::move(operations)},
      {keys::kMessages, total.messagesSent},
      {keys::kIntegers, total.dataValuesSent},
      {keys::kBytes, total.bytesSent},
      {keys::kMalformedFrames, runtime.malformedFrames() + host.malformedFrames},
      {keys::kRejectedFrames,
       {{keys::rejected::kForged, rejected.forged},
        {keys::rejected::kReplayed, rejected.replayed},
        {keys::rejected::kUnsolicited, rejected.unsolicited}}},
      // Reliability: requests resent (by the base and by motes; their frames are in the counts
      // above, as they were transmitted), requests that arrived again and did not run again, and
      // motes that restarted.
      {keys::kRetransmissions, runtime.retransmissions() + host.retransmissions},
      {keys::kDuplicateRequests, complete(host) ? nlohmann::json(host.duplicateRequests) : nlohmann::json(nullptr)},
      {keys::kMoteRestarts, runtime.moteRestarts()},
      {keys::kEvictedPeers, complete(host) ? nlohmann::json(host.evictedPeers) : nlohmann::json(nullptr)},
      {keys::kPushesDropped, complete(host) ? nlohmann::json(host.pushesDropped) : nlohmann::json(nullptr)},
      {keys::kFaults, faultsJson(runtime.faults())},
      {keys::kActuatorWrites, std::move(writes)},
      {keys::kNodes, std::move(nodes)},
      {keys::kProfile, profileJson(program, runtime.profile(), host)},
      {keys::kNetworkTimeMs, runtime.now().count()},
      {keys::kTaskRuns,
       {{keys::task_runs::kOnBase, runtime.taskRunsOnBase()}, {keys::task_runs::kOnMotes, runtime.taskRunsOnMotes()}}},
      {keys::kAir,
       {{keys::air::kBitsPerSecond, runtime.air().bitsPerSecond()},
        {keys::air::kBusyNs, runtime.air().busyNs()},
        {keys::air::kNetworkTimeNs, runtime.air().nowNs()}}},
  };
  report[keys::kDurationS] = durationSeconds(runtime);
  nlohmann::json perHourTotal(nullptr);
  if (runtime.now().count() > 0)
    perHourTotal = {{keys::kMessages, perHour(runtime, static_cast<double>(total.messagesSent))},
                    {keys::kIntegers, perHour(runtime, static_cast<double>(total.dataValuesSent))},
                    {keys::kBytes, perHour(runtime, static_cast<double>(total.bytesSent))},
                    {keys::per_hour::kTransmit, perHour(runtime, total.transmit)},
                    {keys::per_hour::kEnergy, perHour(runtime, energyTotal)}};
  if (radio) {
    const Joules joules = moteJoules(runtime, *radio, host);
    report[keys::kJoules] = toJson(joules);
    report[keys::kJoules][keys::joules::kRadio] = radio->name;
    if (!perHourTotal.is_null()) perHourTotal[keys::per_hour::kJoules] = perHour(runtime, joules.total());
    if (program.battery) report[keys::kLifetime] = lifetimeJson(runtime, *radio, *program.battery, host);
  }
  report[keys::kPerHour] = std::move(perHourTotal);
  report[keys::kTimeline] = timelineJson(runtime, host);
  return report;
}

std::string summarize(const Runtime& runtime, const sim::HostStats& host) {
  const sim::NodeTraffic total = runtime.medium().total();
  const ProgramInfo& program = runtime.program();
  std::string text = fmt::format(
      "edgecut: {} with plan {} on {} mote{}: {} messages, {} integers, {} bytes; transmit energy {}",
      program.programFile, program.planFile, runtime.network().motes().size(),
      runtime.network().motes().size() == 1 ? "" : "s", total.messagesSent,
      total.dataValuesSent, total.bytesSent, total.transmit);
  if (complete(host)) {
    const std::uint64_t operations = totalOperations(host);
    const double instructions = program.instructionCost * static_cast<double>(operations);
    text += fmt::format("; {} operations, instruction energy {}; energy {}", operations, instructions,
                        instructions + total.transmit);
  } else {
    const std::vector<NodeId> lost(host.lostMotes.begin(), host.lostMotes.end());
    text += fmt::format("; operations unknown: mote{} {} lost (no stats)", lost.size() == 1 ? "" : "s",
                        diag::idRanges(lost));
  }
  const std::uint64_t malformed = runtime.malformedFrames() + host.malformedFrames;
  if (malformed > 0) text += fmt::format("; {} malformed frames dropped", malformed);
  if (const sim::RejectedFrames rejected = allRejected(runtime, host); rejected.total() > 0) {
    text += fmt::format("; {} frames rejected ({} forged, {} replayed, {} unsolicited)", rejected.total(),
                        rejected.forged, rejected.replayed, rejected.unsolicited);
  }
  if (runtime.faults().spec().any()) {
    const sim::FaultCounts& faults = runtime.faults().counts();
    text += fmt::format("; faults {}: {} frames lost, {} duplicated, {} reordered", sim::toString(runtime.faults().spec()),
                        faults.dropped, faults.duplicated, faults.reordered);
  }
  const std::uint64_t resent = runtime.retransmissions() + host.retransmissions;
  if (resent > 0) text += fmt::format("; {} requests resent", resent);
  if (host.duplicateRequests > 0) text += fmt::format("; {} duplicate requests not run again", host.duplicateRequests);
  if (runtime.moteRestarts() > 0) text += fmt::format("; {} mote restarts", runtime.moteRestarts());
  if (host.evictedPeers > 0) text += fmt::format("; {} peers evicted from full peer tables", host.evictedPeers);
  if (host.pushesDropped > 0) text += fmt::format("; {} pushes to the base dropped unacknowledged", host.pushesDropped);
  text += fmt::format("; {} actuator writes", host.actuatorWrites.size());
  const std::uint64_t runs = runtime.taskRunsOnBase() + runtime.taskRunsOnMotes();
  if (runs > 0)
    text += fmt::format("; {} periodic task runs ({} on the base, {} on motes) in {} ms of network time", runs,
                        runtime.taskRunsOnBase(), runtime.taskRunsOnMotes(), runtime.now().count());
  if (const RadioInfo* radio = program.radio) {
    const Joules joules = moteJoules(runtime, *radio, host);
    if (joules.cpu)
      text += fmt::format("; motes' energy under radio {}: {:.6g} J (cpu {:.6g}, transmit {:.6g}, listen {:.6g})",
                          radio->name, *joules.total(), *joules.cpu, joules.transmit, joules.listen);
    else
      text += fmt::format("; motes' radio energy under radio {}: transmit {:.6g} J, listen {:.6g} J (cpu unknown)",
                          radio->name, joules.transmit, joules.listen);
  }
  if (const double hours = durationSeconds(runtime) / 3600; hours > 0)
    text += fmt::format("; per hour of network time: {:.6g} messages, {:.6g} bytes, transmit energy {:.6g}",
                        static_cast<double>(total.messagesSent) / hours, static_cast<double>(total.bytesSent) / hours,
                        total.transmit / hours);
  if (program.radio && program.battery) {
    const nlohmann::json lifetime = lifetimeJson(runtime, *program.radio, *program.battery, host);
    if (!lifetime.is_null())
      text += fmt::format("; on its battery the first mote to run out is mote {}, after {:.6g} days",
                          lifetime[keys::lifetime::kMote].get<NodeId>(), lifetime[keys::lifetime::kDays].get<double>());
  }
  return text + "\n";
}

}  // namespace edgecut::base
