// Writes compare.html and compare.json for a synthetic comparison of two plans on N motes, the way
// `edgecut compare` writes them, so that the page can be checked in a browser at a scale no sample
// reaches (compare_page.cmake). Usage: write_page N OUT_DIR
// The network is a square grid around the base; the plans' reports give each mote traffic and
// operations that grow with its distance, so the maps and the table have something to show, and a
// day's timeline (report_keys.hpp's) whose series sum to the totals, busier by day than by night,
// with a first mote out within the day under one plan and long after it under the other.
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <numbers>
#include <string>

#include <nlohmann/json.hpp>

#include "edgecut/compiler/compare.hpp"

namespace {

using edgecut::compiler::PlanOutcome;

// The share of a day's traffic done by bucket i of n: a day's wave on an even spread, rising from 0
// to 1.
double doneBy(int i, int n) {
  const double turn = 2 * std::numbers::pi * i / n;
  return (i + 0.3 * n / (2 * std::numbers::pi) * (1 - std::cos(turn))) / n;
}

nlohmann::json timelineFor(double messages, double energy) {
  constexpr int kBuckets = 720;  // a day of 2 minutes, as the runtime buckets it
  nlohmann::json counts = nlohmann::json::array(), energies = nlohmann::json::array();
  for (int i = 0; i < kBuckets; ++i) {
    counts.push_back(std::floor(messages * doneBy(i + 1, kBuckets)) - std::floor(messages * doneBy(i, kBuckets)));
    energies.push_back(energy * (doneBy(i + 1, kBuckets) - doneBy(i, kBuckets)));
  }
  return {{"bucket_s", 120}, {"messages", std::move(counts)}, {"energy", std::move(energies)}};
}

nlohmann::json reportFor(int motes, int side, double perByte, double perOperation, double lifetimeDays) {
  nlohmann::json nodes = nlohmann::json::array();
  nodes.push_back({{"id", 0}, {"operations", 0}, {"transmit", 0.0}, {"bytes_sent", 0}});
  double transmit = 0, operations = 0, bytes = 0;
  const double messages = std::round(motes * (1 + perByte));
  for (int id = 1; id <= motes; ++id) {
    const int x = (id - 1) % side, y = (id - 1) / side;
    const double distance2 = x * x + y * y;
    const double sent = 10 + (x + y) * perByte;
    const double ran = perOperation * (id % 7);
    nodes.push_back({{"id", id}, {"operations", ran}, {"transmit", 100 * sent * distance2 / 100},
                     {"bytes_sent", sent}});
    transmit += 100 * sent * distance2 / 100;
    operations += ran;
    bytes += sent;
  }
  return {{"energy", {{"instructions", operations}, {"transmit", transmit}, {"total", operations + transmit}}},
          {"operations", operations}, {"messages", messages}, {"integers", motes}, {"bytes", bytes},
          {"nodes", std::move(nodes)}, {"duration_s", 86400},
          {"timeline", timelineFor(messages, operations + transmit)},
          {"lifetime", {{"days", lifetimeDays}, {"mote", motes}}}};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: write_page N OUT_DIR\n";
    return 2;
  }
  const int motes = std::atoi(argv[1]);
  const std::filesystem::path out = argv[2];
  std::filesystem::create_directories(out);
  const int side = static_cast<int>(std::ceil(std::sqrt(motes)));
  nlohmann::json network = {{"base", {{"position", {0, 0}}}}, {"motes", nlohmann::json::array()}};
  for (int id = 1; id <= motes; ++id)
    network["motes"].push_back({{"id", id}, {"class", "Meter"}, {"position", {(id - 1) % side, (id - 1) / side}}});
  const std::filesystem::path networkFile = out / "network.json";
  std::ofstream(networkFile) << network.dump(1) << "\n";
  std::vector<PlanOutcome> outcomes;
  for (const auto& [name, perByte, perOperation, lifetimeDays] :
       {std::tuple{"edge", 0.1, 40.0, 412.5}, std::tuple{"raw", 2.0, 0.0, 0.75}}) {
    const std::filesystem::path plan = out / (std::string(name) + ".json");
    std::ofstream(plan) << R"({ "network": "network.json" })" << "\n";
    PlanOutcome outcome;
    outcome.name = name;
    outcome.planFile = plan.string();
    outcome.report = reportFor(motes, side, perByte, perOperation, lifetimeDays);
    outcomes.push_back(std::move(outcome));
  }
  edgecut::compiler::rankOutcomes(outcomes);
  std::ofstream(out / "compare.json") << edgecut::compiler::compareJson("synthetic", outcomes).dump(1) << "\n";
  std::ofstream(out / "compare.html") << edgecut::compiler::compareHtml("synthetic", outcomes);
  return 0;
}
