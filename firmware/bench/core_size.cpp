// The runtime core on the board with no program (firmware/CMakeLists.txt's core_size.elf): the
// firmware's mote host, the core (codec, frames, duplicate window, reliability), the serial line
// and the board, serving HELLO and answering every CALL with UNKNOWN_FUNCTION. Its size, printed by
// size.cmake, is the runtime's part of every firmware; the bench bench.firmware_core_size checks it
// against the bar of docs/design.md §10.
#include "edgecut/runtime/mote.hpp"

namespace {

bool dispatch(edgecut::mote::Call& call) { return call.unknownFunction(); }

constexpr edgecut::ProgramInfo kProgram{
    .fingerprint = 0x0123456789abcdefULL,
    .programFile = "core_size.cpp",
    .planFile = "none",
    .networkCbor = {},
    .instructionCost = 0,
    .transmitCost = 0,
    .sensors = {},
    .actuators = {},
    .moteClasses = {},
};

}  // namespace

int main(int argc, char** argv) { return edgecut::mote::run(argc, argv, kProgram, &dispatch); }
