// The network reader (network.hpp), shared by network.cpp (the network, its motes, clusters and
// routes) and sources.cpp (sensor sources and CSV traces).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "edgecut/runtime/network/json_reader.hpp"
#include "edgecut/runtime/network/network.hpp"
#include "edgecut/runtime/network/per_mote.hpp"

namespace edgecut::network {

class NetworkReader : public json::Reader {
 public:
  // keepJson: also keep the normalised JSON (Network::json); a program reading the network it
  // carries has no use for it.
  NetworkReader(diag::DiagnosticSink& diagnostics, const std::string& file, const char* relativeTo,
                bool keepJson = true);

  std::optional<Network> read(const json::Value& value);

 private:
  // While a mote, a cluster's members or the routes are read, their errors wait in perMote_ (about
  // the mote in aboutMote_, if any), so that the same mistake on many motes is one error.
  void deliver(diag::Diagnostic diagnostic) override;
  void startGrouping() { grouping_ = true; }
  void stopGrouping() {
    perMote_.flush();
    grouping_ = false;
    aboutMote_.reset();
  }

  // "{mote} {has}" for a mote with an id, else "a mote has" (per_mote.hpp's tokens).
  std::string subject(std::string_view verb) const;

  void readBase(const json::Value& value);
  void readMotes(const json::Value& motes);
  void readMote(const json::Value& value);
  bool readPosition(const json::Value& value, std::string_view object, Position& out);
  std::optional<std::uint32_t> moteId(const json::Value& value, const std::string& what);
  void readAddress(const json::Value& value, std::string_view object, std::string& address);
  void readActuators(const json::Value& value, Mote& mote);
  void readClusters(const json::Value& value);
  void readRoutes(const json::Value& value);
  void checkRouteCycles(const json::Value& value, const std::map<std::uint32_t, const json::Member*>& entries);
  void chooseHeads();
  void normalizeSources();

  // sources.cpp
  void readSensors(const json::Value& value, Mote& mote);
  bool readSource(const std::string& sensor, const json::Value& value, SensorSource& source);
  bool readRandom(const json::Value& body, SensorSource& source);
  bool readCsv(const std::string& sensor, const json::Value& body, SensorSource& source);
  const std::string* traceText(const std::string& path, const std::string& shownPath, json::Position fileAt);
  // A column of a trace: its samples, or what is wrong with it (said at the source's "column" when
  // problemAtColumn, else at its "file").
  struct TraceColumn {
    std::shared_ptr<const Samples> samples;
    std::string problem;
    bool problemAtColumn = false;
  };
  TraceColumn readTrace(std::string_view text, const std::string& shownPath, const SensorSource& source);

  const char* relativeTo_;
  Network network_;
  diag::PerMoteDiagnostics perMote_;
  bool keepJson_;
  bool grouping_ = false;
  std::optional<std::uint32_t> aboutMote_;
  std::unordered_map<std::uint32_t, json::Position> moteIdAt_;  // every well-formed id, at its first "id"
  std::unordered_map<std::string, std::string> traceTexts_;  // every CSV file read, by resolved path
  std::uint64_t traceBytes_ = 0;                               // their sizes together
  std::unordered_map<std::string, TraceColumn> traceColumns_;  // by path, path as written and column
};

// Sensor and actuator names must be the identifiers their getters and setters spell.
bool isIdentifier(std::string_view name);

// The key table of networks (keys.def).
extern const json::KeySpec kNetworkKeys[];
extern const std::size_t kNetworkKeyCount;

}  // namespace edgecut::network
