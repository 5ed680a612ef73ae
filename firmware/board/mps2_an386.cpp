// The board layer (board.hpp) for QEMU's mps2-an386: a Cortex-M4 with flash at 0x0 and RAM at
// 0x20000000 (the link's --defsym __flash/__ram, firmware/CMakeLists.txt), the CMSDK UART0 at
// 0x40004000, and SysTick as the millisecond tick. picolibc's crt0 (_start) copies .data, clears
// .bss and runs the constructors before main(); this file gives it the vector table.
#include <cstdint>
#include <cstdlib>

#include "board.hpp"

namespace {

// CMSDK APB UART (ARM DDI 0479C, 4.3): DATA, STATE (bit 0 TX full, bit 1 RX full), CTRL (bit 0 TX
// enable, bit 1 RX enable), BAUDDIV. QEMU ignores the divisor, hardware at 25 MHz wants 217 for
// 115200 baud.
struct CmsdkUart {
  volatile std::uint32_t data;
  volatile std::uint32_t state;
  volatile std::uint32_t ctrl;
  volatile std::uint32_t intStatus;
  volatile std::uint32_t bauddiv;
};
CmsdkUart& uart0() { return *reinterpret_cast<CmsdkUart*>(0x40004000u); }

// SysTick (ARMv7-M ARM, B3.3): CSR (enable, tick interrupt, processor clock), RVR, CVR.
struct SysTick {
  volatile std::uint32_t csr;
  volatile std::uint32_t rvr;
  volatile std::uint32_t cvr;
};
SysTick& sysTick() { return *reinterpret_cast<SysTick*>(0xE000E010u); }
constexpr std::uint32_t kCpuHz = 25'000'000;  // the AN386's system clock

volatile std::uint32_t ticks = 0;

}  // namespace

extern "C" {
void _start();
extern char __stack[];

// A mote never returns from main(), so destructors of statics never need to run: registering them
// does nothing, which leaves picolibc's table of exit handlers (384 bytes of RAM) out, and exit()
// ends at once.
int __cxa_atexit(void (*)(void*), void*, void*) { return 0; }
void exit(int status) { _Exit(status); }

void edgecut_systick_handler() { ticks = ticks + 1; }
// UART0's receive interrupt only wakes the core from idle(); the byte stays in DATA for getByte().
void edgecut_uart0_rx_handler() { uart0().intStatus = 0x2; }
// A fault stops the firmware with a status the base side reports, rather than hanging it.
void edgecut_fault_handler() { edgecut::board::stop(3); }

// Initial stack pointer, reset, NMI, HardFault, MemManage, BusFault, UsageFault, 4 reserved,
// SVCall, DebugMonitor, reserved, PendSV, SysTick, then IRQ 0, UART0 receive on the AN386.
// Strong: replaces picolibc's weak table.
__attribute__((section(".data.init.enter"), used, aligned(128))) void* __interrupt_vector[17] = {
    __stack,
    reinterpret_cast<void*>(&_start),
    reinterpret_cast<void*>(&edgecut_fault_handler),
    reinterpret_cast<void*>(&edgecut_fault_handler),
    reinterpret_cast<void*>(&edgecut_fault_handler),
    reinterpret_cast<void*>(&edgecut_fault_handler),
    reinterpret_cast<void*>(&edgecut_fault_handler),
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    reinterpret_cast<void*>(&edgecut_fault_handler),
    reinterpret_cast<void*>(&edgecut_fault_handler),
    nullptr,
    reinterpret_cast<void*>(&edgecut_fault_handler),
    reinterpret_cast<void*>(&edgecut_systick_handler),
    reinterpret_cast<void*>(&edgecut_uart0_rx_handler),
};
}

namespace edgecut::board {

void init() {
  uart0().bauddiv = kCpuHz / 115200;
  uart0().ctrl = 0x3 | 0x8;  // TX and RX on, the receive interrupt (to wake idle()) too
  *reinterpret_cast<volatile std::uint32_t*>(0xE000E100u) = 1u << 0;  // NVIC: enable IRQ 0
  sysTick().rvr = kCpuHz / 1000 - 1;
  sysTick().cvr = 0;
  sysTick().csr = 0x7;
}

void putByte(std::uint8_t byte) {
  while ((uart0().state & 0x1u) != 0) {
  }
  uart0().data = byte;
}

bool getByte(std::uint8_t& byte) {
  if ((uart0().state & 0x2u) == 0) return false;
  byte = static_cast<std::uint8_t>(uart0().data);
  return true;
}

std::uint32_t millis() { return ticks; }

// Sleeps until an interrupt: a byte, or the next tick. Under QEMU this is what keeps an idle mote
// from spinning a host CPU.
void idle() { __asm__ volatile("wfi"); }

void stop(int status) { std::_Exit(status); }

}  // namespace edgecut::board
