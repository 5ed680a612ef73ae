// The program of the udp_roundtrip benchmark, in the shape of edgecut's generated glue: one mote
// class Echo with one [[onboard]] function, int echo(int) (returns its argument plus one).
#ifndef EDGECUT_BENCH_ECHO_GLUE_HPP
#define EDGECUT_BENCH_ECHO_GLUE_HPP

#include <edgecut/runtime/abi.hpp>

namespace echo_glue {

inline constexpr ::edgecut::FunctionId kEcho = 0x6563686fu;
inline constexpr ::edgecut::NamedId kFunctions[] = {{kEcho, "Echo::echo"}};
inline constexpr ::edgecut::MoteClassInfo kMoteClasses[] = {{"Echo", {}, {}}};

// Without addresses: the benchmark picks free loopback ports and passes a network file.
inline constexpr char kNetworkJson[] =
    R"({"base": {"position": [0, 0]}, "motes": [{"id": 1, "class": "Echo", "position": [1, 0]}]})";

inline constexpr ::edgecut::ProgramInfo kProgram{
    .fingerprint = 0xbe4c4ec40ull,
    .programFile = "echo.cpp",
    .planFile = "echo.json",
    .networkJson = kNetworkJson,
    .instructionCost = 1.0,
    .transmitCost = 100.0,
    .sensors = {},
    .actuators = {},
    .moteClasses = kMoteClasses,
    .functions = kFunctions,
};

}  // namespace echo_glue

#endif  // EDGECUT_BENCH_ECHO_GLUE_HPP
