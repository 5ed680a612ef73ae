// The board layer: what the firmware's mote host (firmware/mote/) needs of a board. One board
// today, QEMU's mps2-an386 (Cortex-M4): mps2_an386.cpp. Another board is another .cpp.
#ifndef EDGECUT_FIRMWARE_BOARD_HPP
#define EDGECUT_FIRMWARE_BOARD_HPP

#include <cstdint>

namespace edgecut::board {

// Turns the UART and the millisecond tick on; first thing in main().
void init();
// The serial line to the gateway: blocks until the byte is taken.
void putByte(std::uint8_t byte);
// The next byte from the gateway, if one has arrived.
bool getByte(std::uint8_t& byte);
// Waits for the next interrupt (a byte arriving, the tick): call when there is nothing to do.
void idle();
// Milliseconds since init(), from the tick timer.
std::uint32_t millis();
// Ends the firmware (under QEMU, with semihosting: QEMU exits with `status`).
[[noreturn]] void stop(int status);

}  // namespace edgecut::board

#endif  // EDGECUT_FIRMWARE_BOARD_HPP
