// Written by hand in the shape of edgecut's generated glue (see test/golden/*/expected), for the
// runtime's cluster end-to-end test. The program: cluster_e2e/README.md.
#ifndef EDGECUT_GLUE_HPP
#define EDGECUT_GLUE_HPP

#include <edgecut/runtime/abi.hpp>

#if EDGECUT_RUNTIME_ABI_VERSION != 10
#error "edgecut_glue.hpp was generated for edgecut runtime ABI 10; rebuild so that edgecut regenerates it"
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

// The network, in the form the programs carry it (a string here, where generated glue names
// edgecut_network.cpp's symbol): CBOR of
//   {"base": {"position": [0, 0]}, "clusters": [{"head": 3, "members": [3, 2], "name": "pair"}],
//    "motes": [{"class": "Thermo", "id": 1, "path": "/floors/3/312", "position": [0, 10],
//               "sensors": {"temperature": {"constant": 20}}},
//              {"class": "Thermo", "id": 2, "path": "/floors/3/312", "position": [0, 20],
//               "sensors": {"temperature": {"constant": 22}}},
//              {"class": "Thermo", "id": 3, "path": "/floors/3/313", "position": [0, 22],
//               "sensors": {"temperature": {"constant": 24}}},
//              {"class": "Thermo", "id": 4, "path": "/floors/30/1", "position": [100, 100],
//               "sensors": {"temperature": {"constant": 99}}}]}
inline constexpr char kNetworkCbor[] =
    "\xa3\x64\x62\x61\x73\x65\xa1\x68\x70\x6f\x73\x69\x74\x69\x6f\x6e"
    "\x82\x00\x00\x68\x63\x6c\x75\x73\x74\x65\x72\x73\x81\xa3\x64\x68"
    "\x65\x61\x64\x03\x67\x6d\x65\x6d\x62\x65\x72\x73\x82\x03\x02\x64"
    "\x6e\x61\x6d\x65\x64\x70\x61\x69\x72\x65\x6d\x6f\x74\x65\x73\x84"
    "\xa5\x65\x63\x6c\x61\x73\x73\x66\x54\x68\x65\x72\x6d\x6f\x62\x69"
    "\x64\x01\x64\x70\x61\x74\x68\x6d\x2f\x66\x6c\x6f\x6f\x72\x73\x2f"
    "\x33\x2f\x33\x31\x32\x68\x70\x6f\x73\x69\x74\x69\x6f\x6e\x82\x00"
    "\x0a\x67\x73\x65\x6e\x73\x6f\x72\x73\xa1\x6b\x74\x65\x6d\x70\x65"
    "\x72\x61\x74\x75\x72\x65\xa1\x68\x63\x6f\x6e\x73\x74\x61\x6e\x74"
    "\x14\xa5\x65\x63\x6c\x61\x73\x73\x66\x54\x68\x65\x72\x6d\x6f\x62"
    "\x69\x64\x02\x64\x70\x61\x74\x68\x6d\x2f\x66\x6c\x6f\x6f\x72\x73"
    "\x2f\x33\x2f\x33\x31\x32\x68\x70\x6f\x73\x69\x74\x69\x6f\x6e\x82"
    "\x00\x14\x67\x73\x65\x6e\x73\x6f\x72\x73\xa1\x6b\x74\x65\x6d\x70"
    "\x65\x72\x61\x74\x75\x72\x65\xa1\x68\x63\x6f\x6e\x73\x74\x61\x6e"
    "\x74\x16\xa5\x65\x63\x6c\x61\x73\x73\x66\x54\x68\x65\x72\x6d\x6f"
    "\x62\x69\x64\x03\x64\x70\x61\x74\x68\x6d\x2f\x66\x6c\x6f\x6f\x72"
    "\x73\x2f\x33\x2f\x33\x31\x33\x68\x70\x6f\x73\x69\x74\x69\x6f\x6e"
    "\x82\x00\x16\x67\x73\x65\x6e\x73\x6f\x72\x73\xa1\x6b\x74\x65\x6d"
    "\x70\x65\x72\x61\x74\x75\x72\x65\xa1\x68\x63\x6f\x6e\x73\x74\x61"
    "\x6e\x74\x18\x18\xa5\x65\x63\x6c\x61\x73\x73\x66\x54\x68\x65\x72"
    "\x6d\x6f\x62\x69\x64\x04\x64\x70\x61\x74\x68\x6c\x2f\x66\x6c\x6f"
    "\x6f\x72\x73\x2f\x33\x30\x2f\x31\x68\x70\x6f\x73\x69\x74\x69\x6f"
    "\x6e\x82\x18\x64\x18\x64\x67\x73\x65\x6e\x73\x6f\x72\x73\xa1\x6b"
    "\x74\x65\x6d\x70\x65\x72\x61\x74\x75\x72\x65\xa1\x68\x63\x6f\x6e"
    "\x73\x74\x61\x6e\x74\x18\x63";

inline constexpr ::edgecut::ProgramInfo kProgram{
    .fingerprint = 0x0c1a57e2c1a57e20ull,
    .programFile = "rooms.cpp",
    .planFile = "plan.json",
    .networkCbor = {kNetworkCbor, sizeof kNetworkCbor - 1},
    .instructionCost = 1.0,
    .transmitCost = 100.0,
    .sensors = kSensors,
    .actuators = {},
    .moteClasses = kMoteClasses,
    .functions = kFunctions,
};

}  // namespace edgecut_glue

#endif  // EDGECUT_GLUE_HPP
