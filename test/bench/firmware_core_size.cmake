# Prints the runtime core's flash and RAM on a Cortex-M4, as the firmware build measured them
# (firmware/bench/core_size.cpp: the firmware's mote host, the core, the serial line and the
# board, no program), and holds them to docs/design.md §10's bar: at most 8 KB of flash and 1 KB of
# RAM (nanopb's core alone is about 10 KB of ROM).
#   cmake -DSIZES=core_size.txt -P firmware_core_size.cmake
file(STRINGS "${SIZES}" lines)
foreach(line ${lines})
  string(REPLACE " " ";" pair "${line}")
  list(GET pair 0 name)
  list(GET pair 1 value)
  set(${name} ${value})
endforeach()
message(STATUS "runtime core on Cortex-M4: flash ${flash} bytes, RAM ${ram} bytes "
               "(text ${text}, data ${data}, bss ${bss}; stack ${stack} reserved besides)")
if(flash GREATER 8192 OR ram GREATER 1024)
  message(FATAL_ERROR "the runtime core is over its bar of 8192 bytes of flash and 1024 of RAM")
endif()
