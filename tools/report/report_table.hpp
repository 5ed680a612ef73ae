// The comparison table of edgecut reports (what base programs write with --report FILE): one row
// per run, best (lowest E) first. edgecut-report prints it from report files; `edgecut compare`
// from the runs it makes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace edgecut::report {

struct Row {
  std::string plan;
  std::optional<double> energy;        // E = instructions + transmit; unknown without the host's stats
  std::optional<double> instructions;  // energy.instruction · O
  double transmit = 0;
  std::uint64_t messages = 0;
  std::uint64_t integers = 0;
  std::uint64_t bytes = 0;
  std::optional<std::uint64_t> operations;  // O
  std::optional<double> joules;             // under the plan's radio; none without one (or unknown)
  bool hasRadio = false;
  // Per hour of network time (the report's per_hour); none when no network time passed.
  std::optional<double> energyPerHour;
  bool overTime = false;
  // The network's lifetime on the plan's battery: days, and the first mote to run out.
  std::optional<double> lifetimeDays;
  std::optional<std::uint64_t> firstMoteOut;
  bool hasBattery = false;
};

// The row of one report. Throws std::runtime_error naming what is missing when `report` is not an
// edgecut report.
Row rowFromReport(const std::string& plan, const nlohmann::json& report);

// Best first: ascending E, unknown E last, ties in the given order.
void rank(std::vector<Row>& rows);

// The aligned table of `rows` in their order: plan, E, its two terms, messages, integers, bytes,
// operations, when any run had a radio joules, when any ran over network time E per hour, and
// when any had a battery its lifetime in days and the first mote to run out. Unknown values print
// as "?", runs without a radio (without network time, without a battery) as "-".
std::string formatTable(const std::vector<Row>& rows);

}  // namespace edgecut::report
