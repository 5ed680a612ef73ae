// A run's profile: the report of an earlier simulated run (`NAME_base --report run.json`), read
// back by `edgecut partition --profile run.json` (and check, explain), so that automatic placement
// uses measured costs. Its "profile" section gives, per placed function, how often it ran
// on the base and on motes, the operations it executed on motes (its unannotated helpers'
// included), and per call it made (to a placed function, a sensor or an actuator) how often, and
// the data values that crossed the radio each way when the call was a request
// (runtime/include/edgecut/runtime/sim/profile.hpp records them).
//
// What the estimate takes from it is said once, in energy.hpp. Pure: the reader needs no Clang.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "edgecut/compiler/diagnostics.hpp"
#include "edgecut/compiler/model.hpp"

namespace edgecut::compiler {

struct MeasuredCall {
  double calls = 0;
  double overRadio = 0;         // of those, requests over the radio
  double integersToCallee = 0;  // data values those requests carried (arguments, written values)
  double integersToCaller = 0;  // data values their RESULTs carried

  // The data values one RESULT carried, on average, when some crossed the radio.
  std::optional<double> integersPerResult() const {
    if (overRadio <= 0) return std::nullopt;
    return integersToCaller / overRadio;
  }
};

struct MeasuredFunction {
  double runsOnBase = 0;
  double runsOnMotes = 0;
  double operations = 0;  // executed on motes, during runsOnMotes runs
  std::map<std::string, MeasuredCall> calls;   // to placed functions, by Function::key
  std::map<std::string, MeasuredCall> reads;   // of sensors, by sensor name
  std::map<std::string, MeasuredCall> writes;  // of actuators, by actuator name
  SourceLocation location;                     // of its entry in the profile

  double runs() const { return runsOnBase + runsOnMotes; }
  // The operations one run executed on a mote, when it ran on one.
  std::optional<double> operationsPerRun() const {
    if (runsOnMotes <= 0) return std::nullopt;
    return operations / runsOnMotes;
  }
};

struct RunProfile {
  std::string file;  // as given to --profile
  std::map<std::string, MeasuredFunction> functions;  // by Function::key

  const MeasuredFunction* find(const std::string& key) const;
};

// Reads the profile in a run's report and checks it against `program`. Errors, each at
// file:LINE:COL with a note saying how to fix it: a file that cannot be read or is no JSON, a report
// without a profile (none, or a run that could not measure one), malformed entries, and names
// (functions, sensors, actuators) that `program` does not have: a profile of another program, or of
// this one before it changed. A placed function the profile does not list (added since the run)
// gets a warning: its costs are estimated. Returns nothing after an error.
std::optional<RunProfile> loadRunProfile(const std::string& file, const ProgramModel& program,
                                         DiagnosticSink& diagnostics);
// The same, for a report's text.
std::optional<RunProfile> parseRunProfile(const std::string& file, const std::string& text,
                                          const ProgramModel& program, DiagnosticSink& diagnostics);

}  // namespace edgecut::compiler
