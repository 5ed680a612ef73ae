// The placement plan (docs/design.md §2): network, mote profile, energy constants and placements.
// Parsed from JSON with a source location on every entry, so that every later check can point into
// the plan file the way clang points into a source file.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgecut/compiler/diagnostics.hpp"
#include "edgecut/runtime/network/network.hpp"

namespace edgecut::compiler {

enum class Side { Mote, Base, Auto };
const char* sideName(Side side);  // "mote", "base", "auto"

// The network, read by the runtime's network reader (one schema for the compiler and the programs'
// --network FILE): see edgecut/runtime/network/network.hpp.
using Position = network::Position;
using SensorSource = network::SensorSource;
using PlanMote = network::Mote;
using PlanCluster = network::Cluster;
using Network = network::Network;

// One entry of a per-group placement: the motes it selects and the side the function runs on for
// them. The plan checks that ids, clusters and paths exist in the network; place checks the groups
// against the function (its mote class, overlaps, what is left for the default).
struct PlacementGroup {
  enum class Selector {
    Motes,    // "motes": [1, 2]
    Cluster,  // "cluster": "field": the plan cluster's members (for a cluster method, its head)
    Path,     // "path": "/greenhouse": the motes whose naming path is that or below it
    Rest,     // no selector: every mote the entries before it leave (the default)
  };
  Selector selector = Selector::Rest;
  std::vector<std::uint32_t> motes;  // Motes
  std::string name;                  // Cluster: the cluster's name; Path: the path, normalized
  Side side = Side::Auto;
  SourceLocation location;           // of the entry's `{`
  SourceLocation selectorLocation;   // of the selector's value (the entry's `{` for Rest)
  SourceLocation sideLocation;       // of "side"'s value

  // For people: "motes 1, 2", "cluster 'field'", "path '/greenhouse'", "the other motes". A
  // cluster's name or a path is the network's text, written by `quote`: in generated code,
  // cppStringLiteral (string_literal.hpp), so that no name can end the comment that holds it.
  std::string label(std::string (*quote)(std::string_view) = singleQuoted) const;
  static std::string singleQuoted(std::string_view name) { return "'" + std::string(name) + "'"; }
};

struct PlacementEntry {
  std::string key;     // as written: "Soil::avgMoisture" or "scale(int)"
  Side side = Side::Auto;  // for every mote; unused when `groups` is not empty
  SourceLocation keyLocation;
  SourceLocation valueLocation;
  // A per-group placement, in file order (first match wins); empty when the value is one side.
  std::vector<PlacementGroup> groups;
};

// An entry of the plan's "periods" (docs/design.md §9): a periodic task's period, overriding its
// [[every]]. The plan checks the period; place checks the key against the program's tasks.
struct PeriodEntry {
  std::string key;                // as written: "Meter::sample"
  std::string written;            // "30s"
  std::uint64_t milliseconds = 0;  // at least 1
  SourceLocation keyLocation;
  SourceLocation valueLocation;
};

// A mote's hardware, for the report's joules (energy.radio): a preset built into edgecut
// (compiler/radios/<name>.json), a radio file, or an object in the plan, all with the same keys.
// The report then charges, per mote, Contiki Energest's three states:
//   cpu       operations · cyclesPerOperation / cpuHertz · cpuMilliamps · volts
//   transmit  bytes sent · 8 / bitsPerSecond · transmitMilliamps · volts
//   listen    (bytes received · 8 / bitsPerSecond + listenDutyCycle · duration) · listenMilliamps
//             · volts, duration being the run's network time in seconds (docs/design.md §4)
struct RadioModel {
  std::string name;  // the preset's name, the radio file as the plan writes it, or "inline"
  double volts = 0;
  double cpuMilliamps = 0;
  double transmitMilliamps = 0;
  double listenMilliamps = 0;
  double bitsPerSecond = 0;       // > 0
  double cpuHertz = 0;            // > 0
  double cyclesPerOperation = 0;
  double listenDutyCycle = 0;     // in [0, 1]
  SourceLocation location;  // of the plan's "radio" value
};

// energy.battery: the charge and voltage each mote starts with, for the report's lifetime
// (docs/design.md §4). It needs a radio, which says what the mote spends.
struct Battery {
  double milliampHours = 0;  // > 0
  double volts = 0;          // > 0
  SourceLocation location;   // of the plan's "battery" value
};

struct EnergyConstants {
  double instruction = 1.0;
  double transmit = 100.0;
  // "budget": what one mote can hold and run; the placer keeps [[auto]] code within it.
  std::optional<double> flashBytes;  // code compiled into the mote, estimated (energy.hpp)
  std::optional<double> ramBytes;    // a firmware's measured RAM (firmware/size.cmake)
  std::optional<double> opsPerCall;  // operations one call from the base may run on a mote
  SourceLocation budgetLocation;
  std::optional<RadioModel> radio;  // no joules in the report without one
  std::optional<Battery> battery;   // no lifetime in the report without one
};

struct PlacementPlan {
  std::string file;  // the plan file as given
  Network network;
  std::string profile = "linux";  // "linux" or "mcu"
  SourceLocation profileLocation;
  EnergyConstants energy;
  std::vector<PlacementEntry> placements;  // in file order
  std::vector<PeriodEntry> periods;        // in file order
  // security.key_file, resolved relative to the plan; empty without one. The file holds the network
  // key that authenticates every frame; only its path goes into the glue (and so the fingerprint).
  std::string keyFile;
  SourceLocation keyFileLocation;
  std::vector<std::string> inputFiles;     // every file read (plan, network, CSV traces, radio), for the depfile
  std::string text;                        // the plan file's bytes, for the program fingerprint
};

// Reads and validates a plan file. On any error, reports it (file:line:col) and returns nothing.
// Checks here need only the plan: JSON syntax, types and required fields, unknown keys, the network
// (network.hpp: unique mote ids, routes and clusters naming existing motes, sensor sources) and
// placement values.
// Checks against the program (placement keys, mote classes) belong to place and check.
std::optional<PlacementPlan> loadPlan(const std::string& file, DiagnosticSink& diagnostics);

// The same, from text already in memory (tests). `file` names it in diagnostics and anchors
// relative paths.
std::optional<PlacementPlan> parsePlan(const std::string& file, const std::string& text,
                                       DiagnosticSink& diagnostics);

// The radio presets built into edgecut (compiler/radios/*.json), by name, sorted.
std::vector<std::string> radioPresetNames();
// A preset's JSON text, or nothing when there is no preset of that name.
std::optional<std::string_view> radioPresetText(std::string_view name);

}  // namespace edgecut::compiler
