// The mqtt transport's options as given on the command line (mqtt/options.def), for the transport
// factories of base and mote programs; mqtt::settingsFrom (link.hpp) checks them.
#ifndef EDGECUT_RUNTIME_MQTT_OPTIONS_HPP
#define EDGECUT_RUNTIME_MQTT_OPTIONS_HPP

#include <optional>
#include <string>

namespace edgecut::mqtt {

struct Options {
#define EDGECUT_OPTION(field, spelling, valueName, help) std::optional<std::string> field;
#include "edgecut/runtime/mqtt/options.def"
#undef EDGECUT_OPTION

  // The first option that is set, e.g. "--broker", for "is for --transport mqtt" messages.
  const char* firstGiven() const {
#define EDGECUT_OPTION(field, spelling, valueName, help) \
  if (field) return spelling;
#include "edgecut/runtime/mqtt/options.def"
#undef EDGECUT_OPTION
    return nullptr;
  }
};

}  // namespace edgecut::mqtt

#endif  // EDGECUT_RUNTIME_MQTT_OPTIONS_HPP
