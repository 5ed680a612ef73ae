// The types that generated glue (edgecut_glue.hpp) hands to the runtime. Changing any of them,
// what generated code calls, or the frames programs exchange (frame.hpp, so that programs built
// against runtimes that cannot talk to each other are not built from one glue) changes
// EDGECUT_RUNTIME_ABI_VERSION; the glue #errors on a mismatch.
#ifndef EDGECUT_RUNTIME_ABI_HPP
#define EDGECUT_RUNTIME_ABI_HPP

#include <cstdint>
#include <span>
#include <string_view>

// 2: mote code counts operations (EDGECUT_OPERATIONS, operations.hpp).
// 3: ProgramInfo::radio, the plan's radio model for the report's joules.
// 4: placed functions mark their entry (EDGECUT_FUNCTION, operations.hpp); ProgramInfo::functionKeys
//    names them in the report's profile.
// 5: motes call helpers placed on the base (mote::callBase); base::run takes the dispatcher of
//    those base functions (base::Dispatch).
// 6: ProgramInfo::networkCbor, the normalised network as CBOR (was networkJson, JSON text).
// 7: HELLO carries the fingerprint and the boot epoch, no longer the plan file's name.
// 8: periodic tasks and network time (docs/design.md §9): ProgramInfo::tasks; base::run takes the
//    runner of the tasks the base runs (base::TaskRunner); edgecut::runFor and edgecut::now; the
//    base and mote programs exchange control messages (control.hpp) beside frames.
// 9: RadioInfo::listenDutyCycle, the listen energy's duty-cycle model; ProgramInfo::battery, the
//    plan's energy.battery, for the report's lifetime (docs/design.md §4).
// 10: RUN_TASKS and TASKS_DONE (control.hpp): the runs of one network time in one control message,
//     where one host serves every mote behind the base's link (the sim).
#define EDGECUT_RUNTIME_ABI_VERSION 10

namespace edgecut {

using FunctionId = std::uint32_t;   // FNV-1a 32 of the function's mangled name
using SensorId = std::uint32_t;     // FNV-1a 32 of the sensor name
using ActuatorId = std::uint32_t;   // FNV-1a 32 of the actuator name
using Fingerprint = std::uint64_t;  // FNV-1a 64 of the program text, the plan and the placement

struct NamedId {
  std::uint32_t id;
  const char* name;
};

// What a [[mote]] class needs from a mote: a mote fits the class if it has all of these.
struct MoteClassInfo {
  const char* name;
  std::span<const char* const> sensors;
  std::span<const char* const> actuators;
};

// The plan's energy.radio, resolved (a preset's figures are copied in): what the report needs for
// joules per mote. Units as in the radio files: V, mA, bit/s, Hz.
struct RadioInfo {
  const char* name;  // the preset, the radio file as the plan names it, or "inline"
  double volts;
  double cpuMilliamps;
  double transmitMilliamps;
  double listenMilliamps;
  double bitsPerSecond;
  double cpuHertz;
  double cyclesPerOperation;
  // The share of the time a mote's radio listens for the channel when nothing is sent to it
  // (low-power listening, docs/design.md §4), in [0, 1].
  double listenDutyCycle;
};

// The plan's energy.battery: what each mote starts a run with, for the report's lifetime.
struct BatteryInfo {
  double milliampHours;
  double volts;
};

// A periodic task (docs/design.md §9): a method of a [[mote]] class marked [[every("…")]], run once
// per period on every mote of that class, at periodMs, 2 · periodMs, … of network time.
struct TaskInfo {
  FunctionId function;
  const char* moteClass;    // as MoteClassInfo::name
  std::uint64_t periodMs;   // [[every]]'s, or the plan's "periods"; at least 1
};

// Everything the runtime needs to know about the program it runs, baked in at build time.
struct ProgramInfo {
  Fingerprint fingerprint;
  const char* programFile;   // as given to edgecut, for messages
  const char* planFile;      // as given to edgecut, for messages
  // The plan's network, normalised (network/network.hpp: never a path, every source spelt out), as
  // CBOR; the runtime reads it through the same checks as a --network FILE. The glue's points at
  // the bytes edgecut_network.cpp builds in (docs/architecture.md, "The network in the programs").
  std::string_view networkCbor;
  double instructionCost;    // plan energy.instruction
  double transmitCost;       // plan energy.transmit
  std::span<const NamedId> sensors;
  std::span<const NamedId> actuators;
  std::span<const MoteClassInfo> moteClasses;
  // The functions that can be called across the radio, by id, so that errors name them. Optional:
  // left out, errors show the ids.
  std::span<const NamedId> functions = {};
  // The plan's security.key_file, or null: with it every frame is authenticated (auth.hpp). The
  // programs read the key from it at start; --key-file overrides it.
  const char* keyFile = nullptr;
  // Null when the plan has no radio: the report then gives no joules.
  const RadioInfo* radio = nullptr;
  // Null when the plan has no battery (it needs a radio): the report then gives no lifetime.
  const BatteryInfo* battery = nullptr;
  // Every placed function (the ones EDGECUT_FUNCTION marks), by id, named by its key as plans
  // and `edgecut partition --profile` spell it ("Soil::avgMoisture(int)"): the report's profile.
  std::span<const NamedId> functionKeys = {};
  // The periodic tasks; a run's events that fall due at one time go by mote id, then in this order.
  std::span<const TaskInfo> tasks = {};
};

}  // namespace edgecut

#endif  // EDGECUT_RUNTIME_ABI_HPP
