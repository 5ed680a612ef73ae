// Written by hand in the shape of edgecut's generated glue (see test/golden/*/expected), for the
// runtime's cluster end-to-end test. The program: cluster_e2e/README.md.
#ifndef EDGECUT_GLUE_HPP
#define EDGECUT_GLUE_HPP

#include <edgecut/runtime/abi.hpp>

#if EDGECUT_RUNTIME_ABI_VERSION != 5
#error "edgecut_glue.hpp was generated for edgecut runtime ABI 5; rebuild so that edgecut regenerates it"
#endif

namespace edgecut_glue {

namespace fn {
inline constexpr ::edgecut::FunctionId Room_average = 0x3a1c55e1u;  // int Room::average(int)
}  // namespace fn

namespace sensor {
inline constexpr ::edgecut::SensorId temperature = 0x9a3b1f27u;
}  // namespace sensor

inline constexpr ::edgecut::NamedId kFunctions[] = {
    {fn::Room_average, "Room::average"},
};
inline constexpr ::edgecut::NamedId kSensors[] = {
    {sensor::temperature, "temperature"},
};
inline constexpr const char* kThermoSensors[] = {"temperature"};
inline constexpr ::edgecut::MoteClassInfo kMoteClasses[] = {
    {"Thermo", kThermoSensors, {}},
};

inline constexpr char kNetworkJson[] = R"edgecut_network({"base":{"position":[0,0]},"clusters":[{"head":3,"members":[3,2],"name":"pair"}],"motes":[{"class":"Thermo","id":1,"path":"/floors/3/312","position":[0,10],"sensors":{"temperature":{"constant":20}}},{"class":"Thermo","id":2,"path":"/floors/3/312","position":[0,20],"sensors":{"temperature":{"constant":22}}},{"class":"Thermo","id":3,"path":"/floors/3/313","position":[0,22],"sensors":{"temperature":{"constant":24}}},{"class":"Thermo","id":4,"path":"/floors/30/1","position":[100,100],"sensors":{"temperature":{"constant":99}}}]})edgecut_network";

inline constexpr ::edgecut::ProgramInfo kProgram{
    .fingerprint = 0x0c1a57e2c1a57e20ull,
    .programFile = "rooms.cpp",
    .planFile = "plan.json",
    .networkJson = kNetworkJson,
    .instructionCost = 1.0,
    .transmitCost = 100.0,
    .sensors = kSensors,
    .actuators = {},
    .moteClasses = kMoteClasses,
    .functions = kFunctions,
};

}  // namespace edgecut_glue

#endif  // EDGECUT_GLUE_HPP
