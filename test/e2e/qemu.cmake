# A sample's mcu plan with every mote's firmware under QEMU (--transport qemu, a QEMU per mote),
# against its simulated run: the same output on stdout, the same actuator writes in the same order,
# the same messages, transmit energy and operations in the report, and frames counted (at least
# MIN_WRITES actuator writes, 5 unless given); nothing malformed. Then a QEMU that cannot be run: an
# error naming the command; and a run stopped by SIGINT midway: no QEMU left behind, after a clean
# run neither.
#   cmake -DBASE=soil_mcu_base -DFIRMWARE=soil_mcu_mote.elf -DEXPECTED=expected_output.txt -DWORK_DIR=dir
#         [-DMIN_WRITES=n] -P qemu.cmake
cmake_minimum_required(VERSION 3.20)
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
file(READ "${EXPECTED}" expected)
# A copy of the firmware in WORK_DIR: a QEMU of these runs is one whose command line names it.
file(COPY_FILE "${FIRMWARE}" "${WORK_DIR}/firmware.elf")
set(firmware "${WORK_DIR}/firmware.elf")

# Fails if a process running this test's firmware is still there two seconds on.
function(expect_no_qemu_left when)
  foreach(attempt RANGE 20)
    set(left "")
    file(GLOB processes LIST_DIRECTORIES true /proc/[0-9]*)
    foreach(process ${processes})
      if(EXISTS "${process}/cmdline")
        # The arguments are NUL-separated, which file(READ) would stop at.
        file(STRINGS "${process}/cmdline" command_line)
        string(FIND "${command_line}" "${firmware}" at)
        if(NOT at EQUAL -1)
          string(APPEND left "${process} ")
        endif()
      endif()
    endforeach()
    if(left STREQUAL "")
      return()
    endif()
    execute_process(COMMAND ${CMAKE_COMMAND} -E sleep 0.1)
  endforeach()
  message(FATAL_ERROR "QEMUs left behind ${when}: ${left}")
endfunction()

foreach(transport sim qemu)
  set(firmware_option "")
  if(transport STREQUAL "qemu")
    set(firmware_option --firmware ${firmware})
  endif()
  execute_process(COMMAND "${BASE}" --transport ${transport} ${firmware_option} --report ${WORK_DIR}/${transport}.json
                  OUTPUT_VARIABLE out_${transport} ERROR_VARIABLE err_${transport} RESULT_VARIABLE rc
                  TIMEOUT 120)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${BASE} --transport ${transport} failed (${rc}):\n${err_${transport}}")
  endif()
  if(NOT out_${transport} STREQUAL expected)
    message(FATAL_ERROR "--transport ${transport} printed:\n${out_${transport}}\nexpected:\n${expected}")
  endif()
  file(READ ${WORK_DIR}/${transport}.json report_${transport})
endforeach()

foreach(key actuator_writes messages "energy;transmit" operations)
  string(JSON sim_value GET "${report_sim}" ${key})
  string(JSON qemu_value GET "${report_qemu}" ${key})
  if(NOT sim_value STREQUAL qemu_value)
    message(FATAL_ERROR "the report's ${key} differs: sim ${sim_value}, qemu ${qemu_value}")
  endif()
endforeach()
string(JSON writes LENGTH "${report_qemu}" actuator_writes)
string(JSON messages GET "${report_qemu}" messages)
string(JSON malformed GET "${report_qemu}" malformed_frames)
if(NOT DEFINED MIN_WRITES)
  set(MIN_WRITES 5)
endif()
if(writes LESS MIN_WRITES OR messages LESS 10 OR NOT malformed EQUAL 0)
  message(FATAL_ERROR "qemu run: ${writes} actuator writes, ${messages} frames, ${malformed} malformed")
endif()
message(STATUS "qemu: the sim's output, ${writes} actuator writes and ${messages} frames")
expect_no_qemu_left("after a run")

# Ctrl-C in the middle of a run (QEMUs start in a few tenths of a second, a run takes longer).
execute_process(COMMAND timeout -s INT 0.6 "${BASE}" --transport qemu --firmware ${firmware}
                OUTPUT_QUIET ERROR_QUIET RESULT_VARIABLE rc TIMEOUT 60)
expect_no_qemu_left("after SIGINT (exit ${rc})")
message(STATUS "SIGINT midway (exit ${rc}): no QEMU left")

execute_process(COMMAND "${BASE}" --transport qemu --qemu /nonexistent/qemu-system-arm
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc TIMEOUT 60)
if(rc EQUAL 0 OR NOT err MATCHES "cannot run /nonexistent/qemu-system-arm -M mps2-an386 -nographic")
  message(FATAL_ERROR "a QEMU that cannot be run: exit ${rc}, stderr:\n${err}")
endif()
message(STATUS "a missing QEMU: ${err}")
