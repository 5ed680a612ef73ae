#include "edgecut/runtime/sim/profile.hpp"

#include <algorithm>
#include <vector>

#include "edgecut/runtime/report_keys.hpp"

namespace edgecut {

namespace profile {

namespace detail {
constinit thread_local Running running;
}  // namespace detail

void rememberRun(RecentRun& slot, FunctionId function, const Running& running) {
  running.profile->rememberRun(slot, function, running.function);
}

void FunctionScope::enter(FunctionId function) {
  outer_ = detail::running;
  count(detail::running, function);
}

}  // namespace profile

namespace sim {

CallCounts& CallCounts::operator+=(const CallCounts& other) {
  calls += other.calls;
  overRadio += other.overRadio;
  integersToCallee += other.integersToCallee;
  integersToCaller += other.integersToCaller;
  return *this;
}

FunctionCounts& FunctionCounts::operator+=(const FunctionCounts& other) {
  runs += other.runs;
  operations += other.operations;
  return *this;
}

CallProfile& CallProfile::operator+=(const CallProfile& other) {
  for (const auto& [id, counts] : other.functions) functions[id] += counts;
  for (const auto& [edge, counts] : other.calls) calls[edge] += counts;
  return *this;
}

FunctionCounts& CallProfile::remember(std::pair<FunctionId, FunctionCounts*>& slot, FunctionId function) {
  slot = {function, &functions[function]};
  return *slot.second;
}

CallCounts& CallProfile::remember(std::pair<CallEdge, CallCounts*>& slot, CallEdge edge) {
  slot = {edge, &calls[edge]};
  return *slot.second;
}

void CallProfile::rememberRun(profile::RecentRun& slot, FunctionId function, FunctionId caller) {
  FunctionCounts& counts = countsOf(function);
  slot = {.function = function,
          .caller = caller,
          .runs = &counts.runs,
          .operations = &counts.operations,
          .calls = caller != 0 ? &countsOf({caller, CalleeKind::function, function}).calls : nullptr};
}

void CallProfile::zero() {
  for (auto& [id, counts] : functions) counts = {};
  for (auto& [edge, counts] : calls) counts = {};
}

void recordCall(CalleeKind kind, std::uint32_t callee, const CallCounts& counts) {
  const profile::Running& running = profile::detail::running;
  if (running.profile == nullptr || running.function == 0) return;
  running.profile->countsOf({running.function, kind, callee}) += counts;
}

Recording::Recording(CallProfile* profile) : outer_(profile::detail::running) {
  profile::detail::running = {.profile = profile, .recent = profile != nullptr ? profile->recentRuns() : nullptr};
}

Recording::~Recording() { profile::detail::running = outer_; }

const char* calleeKindName(CalleeKind kind) {
  switch (kind) {
    // The report names a call's callee by its kind (report_keys.hpp).
    case CalleeKind::function: return report_keys::call::kFunction;
    case CalleeKind::sensor: return report_keys::call::kSensor;
    case CalleeKind::actuator: return report_keys::call::kActuator;
  }
  return report_keys::call::kFunction;
}

namespace {

CalleeKind calleeKindFromName(const std::string& name) {
  for (CalleeKind kind : {CalleeKind::function, CalleeKind::sensor, CalleeKind::actuator})
    if (name == calleeKindName(kind)) return kind;
  throw nlohmann::json::other_error::create(501, "unknown callee kind \"" + name + "\"", nullptr);
}

}  // namespace

nlohmann::json toJson(const CallProfile& profile) {
  std::vector<std::pair<FunctionId, FunctionCounts>> functions(profile.functions.begin(), profile.functions.end());
  std::sort(functions.begin(), functions.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  nlohmann::json functionsJson = nlohmann::json::array();
  for (const auto& [id, counts] : functions)
    functionsJson.push_back({{"id", id}, {"runs", counts.runs}, {"operations", counts.operations}});
  nlohmann::json callsJson = nlohmann::json::array();
  for (const auto& [edge, counts] : profile.calls)
    callsJson.push_back({{"caller", edge.caller},
                         {"kind", calleeKindName(edge.kind)},
                         {"callee", edge.callee},
                         {"calls", counts.calls},
                         {"over_radio", counts.overRadio},
                         {"integers_to_callee", counts.integersToCallee},
                         {"integers_to_caller", counts.integersToCaller}});
  return {{"functions", std::move(functionsJson)}, {"calls", std::move(callsJson)}};
}

CallProfile callProfileFromJson(const nlohmann::json& json) {
  CallProfile profile;
  for (const nlohmann::json& function : json.at("functions"))
    profile.functions[wholeNumber<FunctionId>(function.at("id"))] = {
        wholeNumber<std::uint64_t>(function.at("runs")), wholeNumber<std::uint64_t>(function.at("operations"))};
  for (const nlohmann::json& call : json.at("calls")) {
    const CallEdge edge{wholeNumber<FunctionId>(call.at("caller")),
                        calleeKindFromName(call.at("kind").get<std::string>()),
                        wholeNumber<std::uint32_t>(call.at("callee"))};
    profile.calls[edge] = {wholeNumber<std::uint64_t>(call.at("calls")),
                           wholeNumber<std::uint64_t>(call.at("over_radio")),
                           wholeNumber<std::uint64_t>(call.at("integers_to_callee")),
                           wholeNumber<std::uint64_t>(call.at("integers_to_caller"))};
  }
  return profile;
}

}  // namespace sim

}  // namespace edgecut
