# The soil sample's mcu plan with every mote's firmware under QEMU (--transport qemu, five QEMUs),
# against its simulated run: the same output on stdout, the same actuator writes in the same order,
# the same messages, transmit energy and operations in the report, and frames counted; nothing
# malformed. Then a QEMU that cannot be run: an error naming the command, and no QEMU left behind.
#   cmake -DBASE=soil_mcu_base -DEXPECTED=expected_output.txt -DWORK_DIR=dir -P qemu.cmake
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
file(READ "${EXPECTED}" expected)

foreach(transport sim qemu)
  execute_process(COMMAND "${BASE}" --transport ${transport} --report ${WORK_DIR}/${transport}.json
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
if(writes LESS 5 OR messages LESS 10 OR NOT malformed EQUAL 0)
  message(FATAL_ERROR "qemu run: ${writes} actuator writes, ${messages} frames, ${malformed} malformed")
endif()
message(STATUS "qemu: the sim's output, ${writes} actuator writes and ${messages} frames")

execute_process(COMMAND "${BASE}" --transport qemu --qemu /nonexistent/qemu-system-arm
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc TIMEOUT 60)
if(rc EQUAL 0 OR NOT err MATCHES "cannot run /nonexistent/qemu-system-arm -M mps2-an386 -nographic")
  message(FATAL_ERROR "a QEMU that cannot be run: exit ${rc}, stderr:\n${err}")
endif()
message(STATUS "a missing QEMU: ${err}")
