// The glue header, edgecut_glue.hpp: ids, names, the network's symbol and the program's
// fingerprint; and edgecut_network.cpp, which builds the network's bytes into the program.
#include <fmt/format.h>

#include "edgecut/compiler/duration.hpp"
#include "edgecut/compiler/string_literal.hpp"
#include "edgecut/runtime/abi.hpp"

#include "emitter.hpp"
#include "templates.hpp"
#include "text_edits.hpp"

namespace edgecut::compiler {

namespace {

// The glue #errors unless it is compiled against the runtime this edgecut was built with.
constexpr int kRuntimeAbiVersion = EDGECUT_RUNTIME_ABI_VERSION;

// A double as C++ spells one: 3.0, not 3.
std::string number(double value) {
  std::string text = fmt::format("{}", value);
  if (text.find_first_of(".eE") == std::string::npos) text += ".0";
  return text;
}

// (identifier in the glue namespace, name shown to people) for each entry.
std::vector<std::pair<std::string, std::string>> pairs(const std::vector<std::string>& names) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& name : names) out.emplace_back(name, name);
  return out;
}

std::string namedIdTable(const char* table, const char* space,
                         const std::vector<std::pair<std::string, std::string>>& entries) {
  if (entries.empty()) return fmt::format(templates::kEmptyNamedIds, fmt::arg("table", table));
  std::string out = fmt::format(templates::kNamedIdsOpening, fmt::arg("table", table));
  for (const auto& [identifier, name] : entries)
    out += fmt::format(templates::kNamedId, fmt::arg("space", space), fmt::arg("identifier", identifier),
                       fmt::arg("name", cppStringLiteral(name)));
  return out + templates::kTableClosing;
}

std::string nameList(const std::string& table, const std::vector<std::string>& names) {
  if (names.empty()) return "";
  std::vector<std::string> quoted;
  for (const std::string& name : names) quoted.push_back(cppStringLiteral(name));
  return wrapped("", fmt::format(templates::kNameListHead, fmt::arg("table", table)), quoted, ";", "{", "}") + "\n";
}

// The symbol under which edgecut_network.cpp builds the network's bytes into a program, named
// after them (templates::kNetworkUnit says why).
std::string networkSymbol(const std::string& bytes) {
  return fmt::format("edgecut_network_{:016x}", fnv1a64(bytes));
}

}  // namespace

std::string Emitter::glueHeader() const {
  std::string out = banner(templates::kGluePurpose, 0);  // named after the first source
  out += fmt::format(templates::kGlueOpening, fmt::arg("abi", kRuntimeAbiVersion));
  auto functionId = [&](const Function* function) {
    return withComment("",
                       fmt::format(templates::kFunctionId, fmt::arg("name", glueName(*function)),
                                   fmt::arg("id", function->id)),
                       fmt::format(templates::kFunctionIdComment, fmt::arg("returnType", function->returnType),
                                   fmt::arg("key", function->key)));
  };
  for (const Function* function : placedFunctions_) out += functionId(function);
  if (!remoteHelpers_.empty()) out += templates::kRemoteHelperIds;
  for (const Function* function : remoteHelpers_) out += functionId(function);
  out += templates::kSensorsOpening;
  for (const std::string& sensor : sensors_)
    out += fmt::format(templates::kSensorId, fmt::arg("name", sensor), fmt::arg("id", fnv1a32(sensor)));
  out += templates::kActuatorsOpening;
  for (const std::string& actuator : actuators_)
    out += fmt::format(templates::kActuatorId, fmt::arg("name", actuator), fmt::arg("id", fnv1a32(actuator)));
  out += templates::kActuatorsClosing;
  std::vector<std::pair<std::string, std::string>> functionNames;
  for (const Function* function : remoteFunctions_) functionNames.emplace_back(glueName(*function), function->qualifiedName);
  for (const Function* function : baseFunctions_) functionNames.emplace_back(glueName(*function), function->qualifiedName);
  out += namedIdTable("kFunctions", "fn", functionNames);
  std::vector<std::pair<std::string, std::string>> functionKeys;
  for (const Function* function : placedFunctions_) functionKeys.emplace_back(glueName(*function), function->key);
  out += namedIdTable("kFunctionKeys", "fn", functionKeys);
  out += namedIdTable("kSensors", "sensor", pairs(sensors_));
  out += namedIdTable("kActuators", "actuator", pairs(actuators_));
  for (const MoteClass& moteClass : program_.moteClasses) {
    out += nameList("k" + identifierFor(moteClass.name) + "Sensors", moteClass.sensors);
    out += nameList("k" + identifierFor(moteClass.name) + "Actuators", moteClass.actuators);
  }
  if (program_.moteClasses.empty()) {
    out += templates::kNoMoteClasses;
  } else {
    out += templates::kMoteClassesOpening;
    for (const MoteClass& moteClass : program_.moteClasses) {
      const std::string id = identifierFor(moteClass.name);
      out += fmt::format(templates::kMoteClass, fmt::arg("name", cppStringLiteral(moteClass.name)),
                         fmt::arg("sensors", moteClass.sensors.empty() ? "{}" : "k" + id + "Sensors"),
                         fmt::arg("actuators", moteClass.actuators.empty() ? "{}" : "k" + id + "Actuators"));
    }
    out += templates::kTableClosing;
  }
  const std::vector<TaskPeriod>& tasks = partition_.placement().tasks;
  if (!tasks.empty()) {
    out += templates::kTasksOpening;
    for (const TaskPeriod& task : tasks) {
      const Function& function = *program_.findFunction(task.key);
      out += withComment("",
                         fmt::format(templates::kTask, fmt::arg("name", glueName(function)),
                                     fmt::arg("moteClass", cppStringLiteral(moteClassToRunOn(function.runsOn))),
                                     fmt::arg("period", task.periodMs)),
                         fmt::format(templates::kTaskComment, fmt::arg("key", function.key),
                                     fmt::arg("period", durationText(task.periodMs)),
                                     fmt::arg("source", task.planEntry ? templates::kTaskPeriodFromPlan : "")));
    }
    out += templates::kTableClosing;
  }
  out += fmt::format(templates::kNetworkDeclaration, fmt::arg("symbol", networkSymbol(networkData_)),
                     fmt::arg("bytes", networkData_.size()));
  if (const std::optional<RadioModel>& radio = plan_.energy.radio) {
    out += fmt::format(templates::kRadio, fmt::arg("name", cppStringLiteral(radio->name)),
                       fmt::arg("volts", number(radio->volts)), fmt::arg("cpuMilliamps", number(radio->cpuMilliamps)),
                       fmt::arg("transmitMilliamps", number(radio->transmitMilliamps)),
                       fmt::arg("listenMilliamps", number(radio->listenMilliamps)),
                       fmt::arg("bitsPerSecond", number(radio->bitsPerSecond)),
                       fmt::arg("cpuHertz", number(radio->cpuHertz)),
                       fmt::arg("cyclesPerOperation", number(radio->cyclesPerOperation)),
                       fmt::arg("listenDutyCycle", number(radio->listenDutyCycle)));
  }
  if (const std::optional<Battery>& battery = plan_.energy.battery)
    out += fmt::format(templates::kBattery, fmt::arg("milliampHours", number(battery->milliampHours)),
                       fmt::arg("volts", number(battery->volts)));
  // Only the key file's path: the key stays in its file, read when the programs start.
  const std::string keyFile =
      plan_.keyFile.empty() ? "" : fmt::format(templates::kKeyFile, fmt::arg("path", cppStringLiteral(plan_.keyFile)));
  out += fmt::format(templates::kProgramInfo, fmt::arg("fingerprint", fingerprint_),
                     fmt::arg("programFile", cppStringLiteral(program_.name())),
                     fmt::arg("planFile", cppStringLiteral(plan_.file)),
                     fmt::arg("networkSymbol", networkSymbol(networkData_)),
                     fmt::arg("networkBytes", networkData_.size()),
                     fmt::arg("instructionCost", number(plan_.energy.instruction)),
                     fmt::arg("transmitCost", number(plan_.energy.transmit)), fmt::arg("keyFile", keyFile),
                     fmt::arg("radio", plan_.energy.radio ? templates::kRadioField : ""),
                     fmt::arg("battery", plan_.energy.battery ? templates::kBatteryField : ""),
                     fmt::arg("tasks", tasks.empty() ? "" : templates::kTasksField));
  return out;
}

std::string Emitter::networkUnit() const {
  return banner(templates::kNetworkPurpose, 0) +
         fmt::format(templates::kNetworkUnit, fmt::arg("symbol", networkSymbol(networkData_)));
}

}  // namespace edgecut::compiler
