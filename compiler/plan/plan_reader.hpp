// The plan reader (plan.hpp's loadPlan), shared by plan.cpp (the plan's own keys, placement and
// groups), radio.cpp (energy.radio) and network.cpp ("network", read by the runtime's shared
// network reader). Every object's keys come from plan_keys.def.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "edgecut/compiler/plan.hpp"
#include "edgecut/runtime/network/json_reader.hpp"

namespace edgecut::compiler {

class PlanReader : public json::Reader {
 public:
  explicit PlanReader(DiagnosticSink& diagnostics);

  std::optional<PlacementPlan> read(const std::string& file, const std::string& text);

 private:
  void readPlan(const json::Value& root, PlacementPlan& plan);
  void readSecurity(const json::Value& value, PlacementPlan& plan);
  void readProfile(const json::Value& value, PlacementPlan& plan);
  void readEnergy(const json::Value& value, PlacementPlan& plan);
  void readBudget(const json::Value& value, EnergyConstants& energy);
  void readBattery(const json::Value& value, const json::Value* radio, EnergyConstants& energy);
  std::optional<double> positive(const json::Value& object, const char* key, const char* example);

  void readPlacement(const json::Value& value, PlacementPlan& plan);
  void readPeriods(const json::Value& value, PlacementPlan& plan);
  std::optional<Side> readSide(const json::Value& side, const std::string& function, bool ofGroup);
  bool readGroups(const json::Value& list, const std::string& function, const Network& network,
                  std::vector<PlacementGroup>& groups);
  void readSelector(const json::Member& selector, const Network& network, PlacementGroup& group);

  // network.cpp
  void readNetworkEntry(const json::Value& value, PlacementPlan& plan);

  // radio.cpp
  void readRadioEntry(const json::Value& value, PlacementPlan& plan);
  bool readRadioFile(const std::string& path, const std::string& text, RadioModel& radio);
  bool readRadio(const json::Value& object, RadioModel& radio);

  bool networkRead_ = false;  // the network loaded without errors: groups can be checked against it
};

}  // namespace edgecut::compiler
