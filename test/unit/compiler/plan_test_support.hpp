// What the plan parser's tests share (plan_test.cpp, plan_syntax_test.cpp, plan_network_test.cpp,
// plan_files_test.cpp): parsing a text, its rejected diagnostics, plans around motes, a scratch
// directory and a full plan.
#pragma once
#include "edgecut/compiler/plan.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace edgecut::compiler::plan_test {

namespace fs = std::filesystem;

struct Parsed {
  std::optional<PlacementPlan> plan;
  std::string diagnostics;
};

inline Parsed parse(const std::string& text, const std::string& file = "plan.json") {
  DiagnosticSink sink;
  sink.setFileText(file, text);
  Parsed parsed;
  parsed.plan = parsePlan(file, text, sink);
  parsed.diagnostics = sink.render();
  return parsed;
}

// Parses text that must be rejected and returns the rendered diagnostics.
inline std::string errors(const std::string& text) {
  Parsed parsed = parse(text);
  EXPECT_FALSE(parsed.plan.has_value()) << "accepted:\n" << text;
  // DUMP=1 prints the diagnostics as a terminal shows them, to check carets by eye.
  if (std::getenv("DUMP")) std::fprintf(stderr, "%s", parsed.diagnostics.c_str());
  return parsed.diagnostics;
}

// A plan around an inline network whose motes are `motes` (the text of the array's elements).
inline std::string withMotes(const std::string& motes, const std::string& rest = "") {
  return "{\"network\": {\"motes\": [\n" + motes + "\n]" + rest + "}}\n";
}

inline std::string loc(const SourceLocation& location) {
  return location.file + ":" + std::to_string(location.line) + ":" + std::to_string(location.column);
}

// A scratch directory, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::random_device random;
    path_ = fs::temp_directory_path() / ("edgecut_plan_test_" + std::to_string(random()) + std::to_string(random()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string write(const std::string& relative, const std::string& text) const {
    fs::path file = path_ / relative;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file.string();
  }
  std::string path(const std::string& relative) const { return (path_ / relative).string(); }

 private:
  fs::path path_;
};

// ---- a valid plan -------------------------------------------------------------------------------

inline const char* const kFullPlan = R"json({
  "network": {
    "base": { "position": [0, -2.5] },
    "motes": [
      { "id": 1, "class": "Thermo", "position": [30, 40], "path": "/floors/3/312",
        "sensors": { "temperature": { "values": [21, 22, 23] }, "humidity": 55 },
        "actuators": ["led", "buzzer"], "address": "10.0.0.1:5683" },
      { "id": 2, "class": "Thermo", "position": [31.5, 40],
        "sensors": { "temperature": { "random": { "min": 10, "max": 30, "seed": 7 } },
                     "light": { "constant": 0.5 } } },
      { "id": 3, "position": [32, 41] }
    ],
    "clusters": [ { "name": "room312", "members": [1, 2, 3], "head": 3 } ],
    "routes": { "1": 3, "2": 3, "3": 0 }
  },
  "profile": "mcu",
  "energy": { "instruction": 2, "transmit": 50.5, "radio": "tmote-sky",
              "budget": { "flash_bytes": 1000, "ram_bytes": 2048, "ops_per_call": 500 } },
  "placement": { "Room::average": "mote", "to_fahrenheit": "base", "scale(int)": "auto" }
}
)json";

// A plan whose energy.radio is `radio` (JSON text), all on line 2.
inline std::string withRadio(const std::string& radio) {
  return "{\"network\": {\"motes\": []},\n \"energy\": {\"radio\": " + radio + "}}";
}

// An inline radio with every figure; `extra` goes first, `without` is left out.
inline std::string radioObject(const std::string& extra = "", const std::string& without = "") {
  std::string figures;
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"volts", "3"}, {"cpu_ma", "2"}, {"transmit_ma", "20"}, {"listen_ma", "25"},
           {"bitrate_bps", "1000"}, {"cpu_hz", "1e6"}, {"cycles_per_operation", "5"},
           {"listen_duty_cycle", "0.01"}})
    if (key != without) figures += ", \"" + key + "\": " + value;
  return "{" + (extra.empty() ? figures.substr(2) : extra + figures) + "}";
}

}  // namespace edgecut::compiler::plan_test
