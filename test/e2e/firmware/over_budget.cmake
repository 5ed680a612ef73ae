# A firmware over its plan's energy.budget fails its build with an error naming each budget, the
# measured size and the largest symbols: the firmware build's own check (firmware/size.cmake), run
# on the runtime core's firmware against a plan with 4 KB of flash and 256 bytes of RAM.
#   cmake -DSIZE_SCRIPT=size.cmake -DELF=core_size.elf -DPLAN=over_budget.json -DSIZE=… -DNM=… -P over_budget.cmake
execute_process(COMMAND ${CMAKE_COMMAND} -DELF=${ELF} -DWHAT=core_size -DSIZE=${SIZE} -DNM=${NM} -DPLAN=${PLAN}
                        -P ${SIZE_SCRIPT}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
set(text "${out}${err}")
foreach(expected
    "edgecut: core_size is over its budget:"
    "flash: [0-9]+ bytes measured, over energy.budget.flash_bytes = 4096 in [^\n]*over_budget.json"
    "RAM: [0-9]+ bytes measured, over energy.budget.ram_bytes = 256 in [^\n]*over_budget.json"
    "the largest symbols \\(nm --size-sort\\):\n +[0-9]+ [^\n]+\n +[0-9]+ ")
  if(rc EQUAL 0 OR NOT text MATCHES "${expected}")
    message(FATAL_ERROR "expected the build to fail with /${expected}/; exit ${rc}, output:\n${text}")
  endif()
endforeach()
message(STATUS "over budget, as expected:\n${text}")
