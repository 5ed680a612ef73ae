# Compares the placer's flash estimate of the code it put on a mote (ESTIMATE, worked out by hand in
# test/e2e/CMakeLists.txt) with what that code takes in the firmware: the symbols of the program and
# its dispatcher (PROGRAM_SYMBOLS, a regex on nm's demangled names; placed functions are inlined into
# the dispatcher). Prints both and the ratio, which README.md quotes; fails when the estimate is above
# the measured size or below a tenth of it, so that a change to either side is seen.
#   cmake -DELF=f.elf -DNM=arm-none-eabi-nm -DESTIMATE=56 -DPROGRAM_SYMBOLS=regex -P flash_estimate.cmake
execute_process(COMMAND ${NM} --print-size --demangle "${ELF}" OUTPUT_VARIABLE symbols RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "${NM} could not read ${ELF}")
endif()
string(REPLACE "\n" ";" symbols "${symbols}")
set(measured 0)
set(counted "")
foreach(symbol IN LISTS symbols)
  if(NOT symbol MATCHES "^[0-9a-f]+ ([0-9a-f]+) [tTwW] (.*)$")
    continue()
  endif()
  set(name "${CMAKE_MATCH_2}")
  math(EXPR bytes "0x${CMAKE_MATCH_1}")
  if(name MATCHES "${PROGRAM_SYMBOLS}")
    math(EXPR measured "${measured} + ${bytes}")
    string(APPEND counted "  ${bytes} ${name}\n")
  endif()
endforeach()
if(measured EQUAL 0)
  message(FATAL_ERROR "no symbol of ${ELF} matches ${PROGRAM_SYMBOLS}")
endif()
math(EXPR tenths "${measured} * 10 / ${ESTIMATE}")
message(STATUS "flash of the program's code: estimated ${ESTIMATE} bytes, measured ${measured} bytes "
               "(${tenths}/10 of the estimate):\n${counted}")
math(EXPR limit "${ESTIMATE} * 10")
if(measured LESS ESTIMATE OR measured GREATER limit)
  message(FATAL_ERROR "the measured ${measured} bytes are outside 1 to 10 times the estimate ${ESTIMATE}")
endif()
