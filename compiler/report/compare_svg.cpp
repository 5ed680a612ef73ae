// compare.svg, written by hand: a few rectangles and texts, deterministic (fixed layout, numbers
// printed the same way every time), so that the file can be diffed and tested.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "edgecut/compiler/compare.hpp"
#include "edgecut/runtime/report_keys.hpp"

#include "json_numbers.hpp"
#include "markup.hpp"

namespace edgecut::compiler {

namespace {

namespace keys = report_keys;

constexpr int kWidth = 960;
constexpr int kRowHeight = 44;
constexpr const char* kInstructionsColour = "#4c78a8";
constexpr const char* kTransmitColour = "#f58518";
constexpr const char* kMessagesColour = "#54a24b";
constexpr const char* kBytesColour = "#b279a2";
constexpr const char* kBestColour = "#4c78a8";
constexpr const char* kWorstColour = "#e45756";

std::string number(double value) { return fmt::format("{:.6g}", value); }

// Width in pixels of `value` on a scale where `max` fills `span`.
double scaled(double value, double max, double span) { return max > 0 ? value / max * span : 0; }

std::string rect(double x, double y, double width, double height, const char* fill, const std::string& title,
                 const char* cls) {
  return fmt::format("    <rect class=\"{}\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">"
                     "<title>{}</title></rect>\n",
                     cls, x, y, width, height, fill, escapeMarkup(title));
}

std::string text(double x, double y, const std::string& content, const char* anchor = "start", int size = 12) {
  return fmt::format("    <text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"{}\" text-anchor=\"{}\">{}</text>\n", x, y, size,
                     anchor, escapeMarkup(content));
}

// Per mote: E = energy.instruction · operations + transmit, from the report's nodes. The constant
// is the report's instructions over its operations (0 when nothing ran on the motes).
std::map<std::uint64_t, double> moteEnergy(const nlohmann::json& report) {
  const double operations = numberAt(report, keys::kOperations);
  const double instructionCost =
      operations > 0 ? numberAt(report[keys::kEnergy], keys::energy::kInstructions) / operations : 0;
  std::map<std::uint64_t, double> energy;
  for (const nlohmann::json& node : report[keys::kNodes]) {
    const auto id = node[keys::node::kId].get<std::uint64_t>();
    if (id == 0) continue;  // the base: mains power, free
    energy[id] = instructionCost * numberAt(node, keys::node::kOperations) + numberAt(node, keys::node::kTransmit);
  }
  return energy;
}

}  // namespace

std::string compareSvg(const std::string& program, const std::vector<PlanOutcome>& ranked) {
  std::vector<const PlanOutcome*> ran;
  std::vector<const PlanOutcome*> failed;
  for (const PlanOutcome& outcome : ranked)
    (outcome.status == PlanOutcome::Status::Ran ? ran : failed).push_back(&outcome);

  double maxEnergy = 0, maxMessages = 0, maxBytes = 0;
  for (const PlanOutcome* outcome : ran) {
    const nlohmann::json& energy = outcome->report[keys::kEnergy];
    maxEnergy = std::max(maxEnergy,
                         numberAt(energy, keys::energy::kInstructions) + numberAt(energy, keys::energy::kTransmit));
    maxMessages = std::max(maxMessages, numberAt(outcome->report, keys::kMessages));
    maxBytes = std::max(maxBytes, numberAt(outcome->report, keys::kBytes));
  }

  // Per-mote panel: the best and the worst plan (one plan: just it).
  std::map<std::uint64_t, double> best, worst;
  if (!ran.empty()) {
    best = moteEnergy(ran.front()->report);
    worst = moteEnergy(ran.back()->report);
  }
  std::set<std::uint64_t> motes;
  for (const auto& [id, energy] : best) motes.insert(id);
  for (const auto& [id, energy] : worst) motes.insert(id);
  double maxMote = 0;
  for (const auto& [id, energy] : best) maxMote = std::max(maxMote, energy);
  for (const auto& [id, energy] : worst) maxMote = std::max(maxMote, energy);

  const int rowsTop = 96;
  const int rowsBottom = rowsTop + static_cast<int>(ran.size()) * kRowHeight;
  const int failedBottom = rowsBottom + static_cast<int>(failed.size()) * 18;
  const int moteTop = failedBottom + 40;
  const int moteChart = 160;
  const int height = ran.empty() ? failedBottom + 20 : moteTop + moteChart + 60;

  std::string svg = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"sans-serif\">\n"
      "  <rect x=\"0\" y=\"0\" width=\"{0}\" height=\"{1}\" fill=\"white\"/>\n",
      kWidth, height);
  svg += "  <g class=\"header\">\n";
  svg += text(20, 28, "edgecut compare: " + program + " under " + std::to_string(ranked.size()) +
                          (ranked.size() == 1 ? " plan" : " plans") + ", best (lowest E) first",
              "start", 16);
  svg += rect(20, 44, 12, 12, kInstructionsColour, "instructions", "legend");
  svg += text(36, 54, "instructions (energy.instruction x operations)", "start", 11);
  svg += rect(300, 44, 12, 12, kTransmitColour, "transmit", "legend");
  svg += text(316, 54, "transmit (energy.transmit x sum of integers x d^2)", "start", 11);
  svg += text(170, 84, "energy E", "start", 11);
  svg += text(660, 84, "messages", "start", 11);
  svg += text(810, 84, "bytes", "start", 11);
  svg += "  </g>\n";

  // One group per plan: its name, E split into its two terms, messages and bytes.
  constexpr double kEnergySpan = 400, kTrafficSpan = 120;
  for (std::size_t i = 0; i < ran.size(); ++i) {
    const PlanOutcome& outcome = *ran[i];
    const nlohmann::json& energy = outcome.report[keys::kEnergy];
    const double instructions = numberAt(energy, keys::energy::kInstructions);
    const double transmit = numberAt(energy, keys::energy::kTransmit);
    const double messages = numberAt(outcome.report, keys::kMessages);
    const double bytes = numberAt(outcome.report, keys::kBytes);
    const double y = rowsTop + static_cast<double>(i) * kRowHeight;
    svg += fmt::format("  <g class=\"plan\" data-plan=\"{}\" data-rank=\"{}\">\n", escapeMarkup(outcome.name), i + 1);
    svg += text(20, y + 13, fmt::format("{}. {}", i + 1, outcome.name), "start", 13);
    const double instructionsWidth = scaled(instructions, maxEnergy, kEnergySpan);
    svg += rect(170, y, instructionsWidth, 18, kInstructionsColour, "instructions " + number(instructions),
                "instructions");
    svg += rect(170 + instructionsWidth, y, scaled(transmit, maxEnergy, kEnergySpan), 18, kTransmitColour,
                "transmit " + number(transmit), "transmit");
    svg += text(170, y + 32,
                fmt::format("E {} = {} + {}", number(instructions + transmit), number(instructions), number(transmit)),
                "start", 11);
    svg += rect(660, y, scaled(messages, maxMessages, kTrafficSpan), 18, kMessagesColour,
                "messages " + number(messages), "messages");
    svg += text(660, y + 32, number(messages), "start", 11);
    svg += rect(810, y, scaled(bytes, maxBytes, kTrafficSpan), 18, kBytesColour, "bytes " + number(bytes), "bytes");
    svg += text(810, y + 32, number(bytes), "start", 11);
    svg += "  </g>\n";
  }
  for (std::size_t i = 0; i < failed.size(); ++i) {
    const PlanOutcome& outcome = *failed[i];
    svg += fmt::format("  <g class=\"failed\" data-plan=\"{}\">\n", escapeMarkup(outcome.name));
    svg += text(20, rowsBottom + 14 + static_cast<double>(i) * 18,
                outcome.name + ": " +
                    (outcome.status == PlanOutcome::Status::BuildFailed ? "did not build" : "did not run") +
                    ", not compared",
                "start", 12);
    svg += "  </g>\n";
  }

  if (!ran.empty()) {
    const bool one = ran.size() == 1;
    svg += "  <g class=\"motes\">\n";
    svg += text(20, moteTop - 12,
                one ? "E per mote under " + ran.front()->name
                    : "E per mote: best plan " + ran.front()->name + " beside worst plan " + ran.back()->name,
                "start", 13);
    svg += rect(560, moteTop - 24, 12, 12, kBestColour, "best", "legend");
    svg += text(576, moteTop - 14, ran.front()->name, "start", 11);
    if (!one) {
      svg += rect(720, moteTop - 24, 12, 12, kWorstColour, "worst", "legend");
      svg += text(736, moteTop - 14, ran.back()->name, "start", 11);
    }
    const double slot = motes.empty() ? 0 : std::min(80.0, 900.0 / static_cast<double>(motes.size()));
    const double bar = one ? slot * 0.6 : slot * 0.35;
    const double baseline = moteTop + moteChart;
    std::size_t index = 0;
    for (std::uint64_t id : motes) {
      const double x = 30 + static_cast<double>(index++) * slot;
      auto column = [&](const std::map<std::uint64_t, double>& energy, double at, const char* colour,
                        const std::string& plan, const char* cls) {
        auto found = energy.find(id);
        const double value = found == energy.end() ? 0 : found->second;
        const double h = scaled(value, maxMote, moteChart);
        svg += rect(at, baseline - h, bar, h, colour, fmt::format("mote {} under {}: E {}", id, plan, number(value)),
                    cls);
      };
      column(best, x, kBestColour, ran.front()->name, "best");
      if (!one) column(worst, x + bar, kWorstColour, ran.back()->name, "worst");
      svg += text(x + (one ? bar : 2 * bar) / 2, baseline + 14, std::to_string(id), "middle", 10);
    }
    svg += fmt::format("    <line x1=\"20\" y1=\"{0:.1f}\" x2=\"{1}\" y2=\"{0:.1f}\" stroke=\"#888\"/>\n", baseline,
                       kWidth - 20);
    svg += text(20, baseline + 32, "mote id; bar height: E of the mote (max " + number(maxMote) + ")", "start", 11);
    svg += "  </g>\n";
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace edgecut::compiler
