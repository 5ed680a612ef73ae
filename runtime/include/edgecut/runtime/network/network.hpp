// The network a program runs on (docs/design.md §2): where the base and the motes are, what each
// mote senses and drives, clusters and routes. ONE reader validates and normalises it, for the
// compiler (a plan's "network", inline or a file) and for the runtime (--network FILE, and the
// normalised network built into the programs), so that both accept the same files with the same errors
// (file:line:col, as clang prints them). The keys of each object: keys.def. No LLVM.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgecut/runtime/network/diagnostics.hpp"
#include "edgecut/runtime/network/json_reader.hpp"
#include "edgecut/runtime/network/located_json.hpp"
#include "edgecut/runtime/sim/geometry.hpp"

namespace edgecut::network {

using diag::SourceLocation;
// [x, y] or [x, y, z]; a missing z is 0.
using Position = sim::Position;

// A sensor's samples: numbers, or a CSV cell's text.
using Samples = std::vector<nlohmann::json>;

// Where simulated sensor values come from, every form normalised. Runs are deterministic.
struct SensorSource {
  // A bare number in the file is a Constant.
  enum class Kind { Constant, Values, Random, Csv } kind = Kind::Constant;
  // The samples, cycled in order: Constant, one; Values, the list; Csv, the column's cells (numbers
  // as written, integers kept as integers, else text). Not used by Random. Shared and never
  // changed: the motes that name the same column of a trace hold one copy of it.
  std::shared_ptr<const Samples> values;
  std::int64_t min = 0, max = 0;  // Random: integers uniformly in [min, max] (splitmix64)
  std::uint64_t seed = 0;         // Random
  std::string csvPath;            // Csv: resolved relative to the file that names it
  // Csv: the column by its header name (the sensor's name when the file gives none), or by its
  // 0-based index, for a trace without a header line.
  std::string csvColumn;
  std::optional<std::size_t> csvColumnIndex;
  SourceLocation location;
};

struct Mote {
  std::uint32_t id = 0;
  std::string className;  // "class"; may be empty
  Position position;
  std::string path;       // naming path, e.g. "/floors/3/312"; may be empty
  std::map<std::string, SensorSource> sensors;  // by sensor name
  std::vector<std::string> actuators;
  std::string address;    // "host:port" for real transports (sim/address.hpp); may be empty
  SourceLocation location;  // of the mote's object

  bool hasSensor(std::string_view name) const;
  bool hasActuator(std::string_view name) const;
};

struct Cluster {
  std::string name;
  std::vector<std::uint32_t> members;
  std::optional<std::uint32_t> head;  // after reading, always set: given by the file or chosen
  bool headChosen = false;              // chosen by sim/cluster_head.hpp because the file gave none
  SourceLocation location;
};

struct Network {
  Position basePosition;
  std::string baseAddress;   // "host:port" for real transports; may be empty
  std::vector<Mote> motes;   // in file order
  std::vector<Cluster> clusters;
  std::map<std::uint32_t, std::uint32_t> routes;  // mote -> next hop (0 is the base)
  // The normalised network: the object as read, with every sensor source in its long form, CSV
  // paths absolute and cluster heads filled in. What the programs carry (encodeForGlue: their
  // edgecut_network.cbor) and --print-network prints; reading it again gives the same network.
  nlohmann::json json;
  std::string file;          // where it came from: a plan, a network file, or the glue
  SourceLocation location;   // of the network object
  std::vector<std::string> traceFiles;  // every CSV trace read (resolved paths), for the compiler's depfile

  // The mote with that id, in constant time: callers look up every mote of a large network.
  const Mote* findMote(std::uint32_t id) const;

  // findMote's index of `motes` by id, built on first use and again whenever `motes` has another
  // size or an entry moved (a test builds a network mote by mote); so not for several threads.
  mutable std::unordered_map<std::uint32_t, std::size_t> moteIndex;
};

// The ids a mote may have (keys.def): cluster members, heads, routes and plans name motes by them.
const json::NumberRange& moteIdRange();

// Reads the network object `value` of `file`, reporting every error into `diagnostics`; nothing
// when there was one. `relativeTo` says in messages what relative paths (CSV traces) are relative
// to: "the plan" or "the network file".
std::optional<Network> readNetwork(const json::Value& value, const std::string& file, const char* relativeTo,
                                   diag::DiagnosticSink& diagnostics);

// The same for `text`, the contents of the network file `file`, which must hold one JSON object.
std::optional<Network> parseNetworkFile(const std::string& file, const std::string& text,
                                        diag::DiagnosticSink& diagnostics);

// The glue's form of a read network, which edgecut writes as edgecut_network.cbor and the programs
// carry: its normalised JSON as CBOR.
std::string encodeForGlue(const Network& network);
// Reads the glue's form back through the same checks; `name` stands for it in messages. Without
// keepJson the network's `json` stays empty.
std::optional<Network> decodeFromGlue(std::string_view cbor, const std::string& name,
                                      diag::DiagnosticSink& diagnostics, bool keepJson = true);

}  // namespace edgecut::network
