// Written by hand in the shape of edgecut's generated mote.cpp, for the runtime's cluster
// end-to-end test (cluster_e2e/README.md).
#include "edgecut_glue.hpp"
#include <edgecut/runtime/mote.hpp>

#include <edgecut/edgecut.hpp>

#include <cstdio>

struct Thermo {
  EDGECUT_MOTE_CLASS("Thermo")
  int getTemperature();
};

struct Room : edgecut::Cluster<Thermo> {
  using Cluster::Cluster;
  int average(int offset) {
    int sum = 0;
    for (Thermo& m : motes()) sum += m.getTemperature();
    return sum / static_cast<int>(motes().size()) + offset;
  }
};

// main() runs on the base.

// ---- edgecut: sensors and actuators of this mote ----

int Thermo::getTemperature() {
  return ::edgecut::mote::readSensor<int>(edgecut_mote_, edgecut_glue::sensor::temperature);
}

// ---- edgecut: dispatch of calls from the radio ----

namespace edgecut_glue {

bool dispatch(::edgecut::mote::Call& call) {
  switch (call.function()) {
    case fn::Room_average: {
      ::edgecut::NodeList members{};
      int offset{};
      if (!call.arguments(members, offset)) return call.badArguments();
      return call.reply(call.cluster<Room>(members).average(offset));
    }
    default:
      return call.unknownFunction();
  }
}

}  // namespace edgecut_glue

// ---- edgecut: entry point ----

int main(int argc, char** argv) {
  return ::edgecut::mote::run(argc, argv, edgecut_glue::kProgram, &edgecut_glue::dispatch);
}
