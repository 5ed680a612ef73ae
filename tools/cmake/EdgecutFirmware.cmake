# Firmware for motes that are microcontrollers (docs/design.md §10): edgecut_partition() calls
# edgecut_firmware_program() for a plan whose "profile" is "mcu". The firmware is a CMake project
# of its own, firmware/ with its toolchain file, built as an ExternalProject because one CMake
# build has one C++ compiler.
#
# Whether firmware can be built is decided once, here: EDGECUT_FIRMWARE is ON when the cross
# toolchain and picolibc are there, and otherwise OFF with EDGECUT_FIRMWARE_WHY_OFF, which
# configure prints. The host build never needs them.
include_guard(GLOBAL)
# A script (cmake -P) may include edgecut_partition's helpers without building anything, and
# ExternalProject cannot be included there.
if(NOT CMAKE_SCRIPT_MODE_FILE)
  include(ExternalProject)
endif()

get_filename_component(EDGECUT_FIRMWARE_DIR "${CMAKE_CURRENT_LIST_DIR}/../../firmware" ABSOLUTE)
option(EDGECUT_WITH_FIRMWARE "Build Cortex-M4 firmware for plans with the mcu profile" ON)

set(EDGECUT_FIRMWARE OFF)
set(EDGECUT_FIRMWARE_WHY_OFF "")
find_program(EDGECUT_ARM_GXX arm-none-eabi-g++)
if(NOT EDGECUT_WITH_FIRMWARE)
  set(EDGECUT_FIRMWARE_WHY_OFF "EDGECUT_WITH_FIRMWARE is OFF")
elseif(NOT EXISTS "${EDGECUT_FIRMWARE_DIR}/CMakeLists.txt")
  set(EDGECUT_FIRMWARE_WHY_OFF "the firmware sources (firmware/) are not installed with this package")
elseif(NOT EDGECUT_ARM_GXX OR NOT EXISTS "${EDGECUT_ARM_GXX}")
  string(CONCAT EDGECUT_FIRMWARE_WHY_OFF "arm-none-eabi-g++ was not found (Debian: apt-get install "
                                         "gcc-arm-none-eabi picolibc-arm-none-eabi libstdc++-arm-none-eabi-picolibc)")
else()
  # picolibc's C++ specs: GCC prints the name back unchanged when it has no such file.
  execute_process(COMMAND "${EDGECUT_ARM_GXX}" -print-file-name=picolibcpp.specs
                  OUTPUT_VARIABLE edgecut_picolibc_specs OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(NOT IS_ABSOLUTE "${edgecut_picolibc_specs}")
    string(CONCAT EDGECUT_FIRMWARE_WHY_OFF "arm-none-eabi-g++ has no picolibc C++ (Debian: apt-get install "
                                           "picolibc-arm-none-eabi libstdc++-arm-none-eabi-picolibc)")
  else()
    set(EDGECUT_FIRMWARE ON)
  endif()
endif()
if(EDGECUT_FIRMWARE)
  message(STATUS "edgecut: firmware targets are on (${EDGECUT_ARM_GXX})")
else()
  message(STATUS "edgecut: firmware targets are off: ${EDGECUT_FIRMWARE_WHY_OFF}")
endif()

# Builds firmware/ for Cortex-M4 in `binary_dir` as the target `target`, with `args` (-D options of
# firmware/CMakeLists.txt); its .elf files go to this build's runtime output directory, beside the
# base programs that run them.
function(_edgecut_firmware_project target binary_dir)
  set(output_dir "${CMAKE_RUNTIME_OUTPUT_DIRECTORY}")
  if(NOT output_dir)
    set(output_dir "${binary_dir}")
  endif()
  ExternalProject_Add(${target}
    SOURCE_DIR "${EDGECUT_FIRMWARE_DIR}"
    BINARY_DIR "${binary_dir}"
    CMAKE_ARGS -DCMAKE_TOOLCHAIN_FILE=${EDGECUT_FIRMWARE_DIR}/toolchain-cortex-m4.cmake
               -DCMAKE_RUNTIME_OUTPUT_DIRECTORY=${output_dir}
               -DCMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER}
               ${ARGN}
    LIST_SEPARATOR "|"
    INSTALL_COMMAND ""
    # The firmware's own build decides what changed (the generated mote.cpp, the runtime).
    BUILD_ALWAYS ON
    USES_TERMINAL_BUILD ON)
endfunction()

# edgecut_firmware_program(<name> <generated dir> <plan> <host mote target> UNITS <mote unit>...
#                          [INCLUDE_DIRECTORIES <dir>...])
# The target <name>_mote_firmware: <name>_mote.elf from the generated mote units (mote.cpp, or each
# source's <stem>.mote.cpp), its size printed and checked against the plan's energy.budget
# (firmware/size.cmake).
function(edgecut_firmware_program name generated plan host_mote)
  if(NOT EDGECUT_FIRMWARE)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "UNITS;INCLUDE_DIRECTORIES" ${ARGN})
  string(REPLACE ";" "|" units "${ARG_UNITS}")
  string(REPLACE ";" "|" includes "${ARG_INCLUDE_DIRECTORIES}")
  _edgecut_firmware_project(${name}_mote_firmware "${CMAKE_CURRENT_BINARY_DIR}/${name}.firmware"
    -DEDGECUT_PROGRAM_NAME=${name} -DEDGECUT_PROGRAM_DIR=${generated} -DEDGECUT_PROGRAM_UNITS=${units}
    -DEDGECUT_PLAN=${plan} -DEDGECUT_PROGRAM_INCLUDES=${includes})
  # The host mote program's target runs the partition that writes the mote units.
  add_dependencies(${name}_mote_firmware ${host_mote})
  add_dependencies(${name}_base ${name}_mote_firmware)
endfunction()
