// compare.html: one self-contained page (docs/compare-page.md). The C++ side gathers, per plan, the
// table row and a compact network (positions, energy, traffic); the page's own script draws the maps
// and the table from that data. Nothing is loaded from the network, so the page works from file://.
#include <algorithm>
#include <cmath>
#include <map>

#include "edgecut/compiler/compare.hpp"
#include "edgecut/compiler/plan.hpp"
#include "edgecut/runtime/report_keys.hpp"

#include "compare_charts.hpp"
#include "compare_page.hpp"
#include "json_numbers.hpp"
#include "markup.hpp"

namespace edgecut::compiler {

namespace {

namespace keys = report_keys;

nlohmann::json numberOrNull(const nlohmann::json& json, const char* key) {
  auto found = json.find(key);
  return found != json.end() && found->is_number() ? *found : nlohmann::json();
}

// Coordinates are rounded to what a map can show: at 10,000 motes every byte counts.
double rounded(double value) { return std::round(value * 100) / 100; }

// The network the plan ran on, or nothing when its plan no longer reads (the page still shows the
// plan's row; its map says why it is missing).
std::optional<Network> networkOf(const std::string& planFile, std::string& why) {
  DiagnosticSink sink;
  std::optional<PlacementPlan> plan = loadPlan(planFile, sink);
  if (!plan) {
    why = "its plan " + planFile + " no longer reads";
    return std::nullopt;
  }
  return std::move(plan->network);
}

// The run over network time, as the charts read it (the report's timeline, keyed by
// report_keys.hpp, with the run's length), or why a plan has none: a report of an older edgecut
// has no such key, a run that passed no network time has it null.
void addTimeline(const nlohmann::json& report, nlohmann::json& plan) {
  namespace series = keys::timeline;
  const auto found = report.find(keys::kTimeline);
  if (found == report.end() || (!found->is_null() && !found->is_object())) {
    plan["timeline_missing"] = "the report has no timeline (an older edgecut wrote it)";
    return;
  }
  if (found->is_null()) {
    plan["timeline_missing"] = "no network time passed (no runFor)";
    return;
  }
  const nlohmann::json& timeline = *found;
  auto numbers = [&](const char* key) {
    const auto list = timeline.find(key);
    return list != timeline.end() && list->is_array() ? *list : nlohmann::json();
  };
  const nlohmann::json messages = numbers(series::kMessages), energy = numbers(series::kEnergy),
                       joules = numbers(series::kJoules);
  auto fits = [&](const nlohmann::json& list) { return list.is_null() || list.size() == messages.size(); };
  if (numberAt(timeline, series::kBucketS) <= 0 || messages.is_null() || !fits(energy) || !fits(joules)) {
    plan["timeline_missing"] = "the report's timeline is malformed";
    return;
  }
  plan["timeline"] = {{"bucket_s", numberAt(timeline, series::kBucketS)},
                      {"duration_s", numberAt(report, keys::kDurationS)},
                      {"messages", messages},
                      {"energy", energy},
                      {"joules", joules}};
}

// One plan, as the page's script reads it: "motes" are [id, x, y, energy, joules, bytes sent, ran
// code, head] rows, so that 10,000 of them stay well under the page's 2 MB.
nlohmann::json planData(const PlanOutcome& outcome) {
  nlohmann::json plan = {{"name", outcome.name}, {"file", outcome.planFile}};
  switch (outcome.status) {
    case PlanOutcome::Status::Ran: plan["status"] = "ran"; break;
    case PlanOutcome::Status::BuildFailed: plan["status"] = "build failed"; break;
    case PlanOutcome::Status::RunFailed: plan["status"] = "run failed"; break;
  }
  if (outcome.status != PlanOutcome::Status::Ran) {
    plan["failure"] = outcome.failure;
    return plan;
  }
  const nlohmann::json& report = outcome.report;
  const nlohmann::json& energy = report[keys::kEnergy];
  const bool hasRadio = report.contains(keys::kJoules) && report[keys::kJoules].is_object();
  plan["row"] = {{"energy", numberOrNull(energy, keys::energy::kTotal)},
                 {"instructions", numberOrNull(energy, keys::energy::kInstructions)},
                 {"transmit", numberAt(energy, keys::energy::kTransmit)},
                 {"messages", numberAt(report, keys::kMessages)},
                 {"integers", numberAt(report, keys::kIntegers)},
                 {"bytes", numberAt(report, keys::kBytes)},
                 {"operations", numberOrNull(report, keys::kOperations)},
                 {"joules", hasRadio ? numberOrNull(report[keys::kJoules], keys::joules::kTotal) : nlohmann::json()},
                 {"has_radio", hasRadio},
                 {"energy_per_hour", nlohmann::json()},
                 {"lifetime_days", nlohmann::json()},
                 {"first_out", nlohmann::json()},
                 {"same_output", outcome.sameOutput ? nlohmann::json(*outcome.sameOutput) : nlohmann::json()}};
  if (auto perHour = report.find(keys::kPerHour); perHour != report.end() && perHour->is_object())
    plan["row"]["energy_per_hour"] = numberOrNull(*perHour, keys::per_hour::kEnergy);
  if (auto lifetime = report.find(keys::kLifetime); lifetime != report.end() && lifetime->is_object()) {
    plan["row"]["lifetime_days"] = numberOrNull(*lifetime, keys::lifetime::kDays);
    plan["row"]["first_out"] = numberOrNull(*lifetime, keys::lifetime::kMote);
  }
  addTimeline(report, plan);

  std::string why;
  std::optional<Network> network = networkOf(outcome.planFile, why);
  if (!network) {
    plan["map_missing"] = why;
    return plan;
  }
  // A mote's E as the chart counts it: energy.instruction · its operations + its transmit term.
  const double operations = numberAt(report, keys::kOperations);
  const double instructionCost = operations > 0 ? numberAt(energy, keys::energy::kInstructions) / operations : 0;
  std::map<std::uint32_t, const nlohmann::json*> nodes;
  for (const nlohmann::json& node : report[keys::kNodes]) nodes[node[keys::node::kId].get<std::uint32_t>()] = &node;
  std::map<std::uint32_t, bool> heads;
  for (const PlanCluster& cluster : network->clusters)
    if (cluster.head) heads[*cluster.head] = true;

  nlohmann::json motes = nlohmann::json::array();
  for (const PlanMote& mote : network->motes) {
    auto found = nodes.find(mote.id);
    const nlohmann::json empty = nlohmann::json::object();
    const nlohmann::json& node = found == nodes.end() ? empty : *found->second;
    const double moteOperations = numberAt(node, keys::node::kOperations);
    nlohmann::json joules;
    if (auto j = node.find(keys::node::kJoules); j != node.end() && j->is_object())
      joules = numberOrNull(*j, keys::joules::kTotal);
    motes.push_back({mote.id, rounded(mote.position.x), rounded(mote.position.y),
                     rounded(instructionCost * moteOperations + numberAt(node, keys::node::kTransmit)), joules,
                     numberAt(node, keys::node::kBytesSent), moteOperations > 0 ? 1 : 0, heads.count(mote.id) ? 1 : 0});
  }
  plan["base"] = {rounded(network->basePosition.x), rounded(network->basePosition.y)};
  plan["motes"] = std::move(motes);
  nlohmann::json routes = nlohmann::json::array();
  for (const auto& [from, to] : network->routes) routes.push_back({from, to});
  plan["routes"] = std::move(routes);
  return plan;
}

// JSON inside <script>: "</" would end the element early.
std::string scriptSafe(std::string json) {
  for (std::size_t at = json.find("</"); at != std::string::npos; at = json.find("</", at + 3))
    json.replace(at, 2, "<\\/");
  return json;
}

}  // namespace

std::string compareHtml(const std::string& program, const std::vector<PlanOutcome>& ranked) {
  nlohmann::json data = {{"program", program}, {"plans", nlohmann::json::array()}};
  for (const PlanOutcome& outcome : ranked) data["plans"].push_back(planData(outcome));
  // Plain concatenation: the style and the script are full of braces.
  return std::string(page::kHead) + "<title>" + escapeMarkup("edgecut compare: " + program) + "</title>\n<style>" +
         page::kStyle + "</style>\n</head>\n<body>\n" + page::kBody +
         "<script type=\"application/json\" id=\"compare-data\">" + scriptSafe(data.dump()) +
         "</script>\n<script>" + page::kScript + page::kChartsScript + "</script>\n</body>\n</html>\n";
}

}  // namespace edgecut::compiler
