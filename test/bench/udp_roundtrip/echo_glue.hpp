// The program of the udp_roundtrip benchmark, in the shape of edgecut's generated glue: one mote
// class Echo with one [[onboard]] function, int echo(int) (returns its argument plus one).
#ifndef EDGECUT_BENCH_ECHO_GLUE_HPP
#define EDGECUT_BENCH_ECHO_GLUE_HPP

#include <edgecut/runtime/abi.hpp>

namespace echo_glue {

inline constexpr ::edgecut::FunctionId kEcho = 0x6563686fu;
inline constexpr ::edgecut::NamedId kFunctions[] = {{kEcho, "Echo::echo"}};
inline constexpr ::edgecut::MoteClassInfo kMoteClasses[] = {{"Echo", {}, {}}};

// Without addresses: the benchmark picks free loopback ports and passes a network file. CBOR, in
// the form the programs carry it, of
//   {"base": {"position": [0, 0]}, "motes": [{"class": "Echo", "id": 1, "position": [1, 0]}]}
inline constexpr char kNetworkCbor[] =
    "\xa2\x64\x62\x61\x73\x65\xa1\x68\x70\x6f\x73\x69\x74\x69\x6f\x6e"
    "\x82\x00\x00\x65\x6d\x6f\x74\x65\x73\x81\xa3\x65\x63\x6c\x61\x73"
    "\x73\x64\x45\x63\x68\x6f\x62\x69\x64\x01\x68\x70\x6f\x73\x69\x74"
    "\x69\x6f\x6e\x82\x01\x00";

inline constexpr ::edgecut::ProgramInfo kProgram{
    .fingerprint = 0xbe4c4ec40ull,
    .programFile = "echo.cpp",
    .planFile = "echo.json",
    .networkCbor = {kNetworkCbor, sizeof kNetworkCbor - 1},
    .instructionCost = 1.0,
    .transmitCost = 100.0,
    .sensors = {},
    .actuators = {},
    .moteClasses = kMoteClasses,
    .functions = kFunctions,
};

}  // namespace echo_glue

#endif  // EDGECUT_BENCH_ECHO_GLUE_HPP
