# The soil sample's onmote plan over a serial line (serial_line.py: a UNIX socket between the base
# program and the mote program, both with --transport serial --device, and noise on the line both
# ways): the sim's output, its actuator writes, and the noise dropped and counted, three packets
# each way, in the report's malformed_frames.
#   cmake -DPYTHON=python3 -DLINE=serial_line.py -DBASE=… -DMOTE=… -DEXPECTED=… -DWORK_DIR=dir -P serial.cmake
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
file(READ "${EXPECTED}" expected)
execute_process(COMMAND "${BASE}" --report ${WORK_DIR}/sim.json OUTPUT_QUIET ERROR_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${BASE} on the sim failed (${rc})")
endif()
execute_process(COMMAND ${PYTHON} ${LINE} ${BASE} ${MOTE} ${WORK_DIR}/serial.json
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc TIMEOUT 120)
if(NOT rc EQUAL 0 OR NOT out STREQUAL expected)
  message(FATAL_ERROR "over the serial line (exit ${rc}):\n${out}\nexpected:\n${expected}\nstderr:\n${err}")
endif()
file(READ ${WORK_DIR}/sim.json sim)
file(READ ${WORK_DIR}/serial.json serial)
string(JSON sim_writes GET "${sim}" actuator_writes)
string(JSON serial_writes GET "${serial}" actuator_writes)
if(NOT sim_writes STREQUAL serial_writes)
  message(FATAL_ERROR "actuator writes differ: sim ${sim_writes}, serial ${serial_writes}")
endif()
string(JSON malformed GET "${serial}" malformed_frames)
if(NOT malformed EQUAL 6)
  message(FATAL_ERROR "the noise should be 6 malformed frames (3 each way), the report says ${malformed}")
endif()
message(STATUS "serial: the sim's output and writes; the noise dropped and counted (${malformed})")
