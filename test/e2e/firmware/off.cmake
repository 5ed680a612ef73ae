# Configures test/e2e/firmware/off/ with an arm-none-eabi-g++ that does not exist: configure succeeds
# and prints that the firmware targets are off, and why.
#   cmake -DTOOLS=tools/cmake -DSOURCE=test/e2e/firmware/off -DWORK_DIR=dir -P off.cmake
file(REMOVE_RECURSE "${WORK_DIR}")
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE} -B ${WORK_DIR} -DEDGECUT_TOOLS=${TOOLS}
                        -DEDGECUT_ARM_GXX=/nonexistent/arm-none-eabi-g++
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
set(expected "edgecut: firmware targets are off: arm-none-eabi-g[+][+] was not found [(]Debian: apt-get install gcc-arm-none-eabi picolibc-arm-none-eabi libstdc[+][+]-arm-none-eabi-picolibc[)]")
if(NOT rc EQUAL 0 OR NOT out MATCHES "${expected}")
  message(FATAL_ERROR "configure without the toolchain: exit ${rc}\n${out}${err}")
endif()
message(STATUS "without the toolchain: configure goes on and says so")
