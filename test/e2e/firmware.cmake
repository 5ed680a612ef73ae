# Included by test/e2e/CMakeLists.txt: the firmware of plans whose profile is "mcu" (tools/cmake/
# EdgecutFirmware.cmake), under QEMU against the simulated run, its size against the placer's
# estimate, and a configure without the cross toolchain.

# The soil sample's firmware under QEMU, one per mote, against its simulated run (qemu.cmake).
find_program(EDGECUT_QEMU_ARM qemu-system-arm)
if(TARGET soil_mcu_mote_firmware AND EDGECUT_QEMU_ARM)
  add_test(NAME e2e.qemu.soil
    COMMAND ${CMAKE_COMMAND} -DBASE=$<TARGET_FILE:soil_mcu_base> -DFIRMWARE=$<TARGET_FILE_DIR:soil_mcu_base>/soil_mcu_mote.elf
            -DEXPECTED=${PROJECT_SOURCE_DIR}/samples/soil/expected_output.txt
            -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/qemu_soil -P ${CMAKE_CURRENT_SOURCE_DIR}/qemu.cmake)
  set_tests_properties(e2e.qemu.soil PROPERTIES TIMEOUT 300)
elseif(TARGET soil_mcu_mote_firmware)
  message(STATUS "edgecut: no qemu-system-arm: e2e.qemu.soil is not registered")
endif()

# A program of several files as firmware (firmware/multi_file/): edgecut_partition builds it from
# each source's mote unit, and under QEMU it prints what its simulated run prints. (samples/meters_split
# cannot run there yet: its periodic task and its push to the base are not served by firmware.)
if(EDGECUT_FIRMWARE AND TARGET edgecut)
  set(multi_file ${CMAKE_CURRENT_SOURCE_DIR}/firmware/multi_file)
  edgecut_partition(NAME multi_file_mcu SOURCES ${multi_file}/main.cpp ${multi_file}/window.cpp
                    PLAN ${multi_file}/mcu.json)
  if(EDGECUT_QEMU_ARM)
    add_test(NAME e2e.qemu.multi_file
      COMMAND ${CMAKE_COMMAND} -DBASE=$<TARGET_FILE:multi_file_mcu_base>
              -DFIRMWARE=$<TARGET_FILE_DIR:multi_file_mcu_base>/multi_file_mcu_mote.elf
              -DEXPECTED=${multi_file}/expected_output.txt -DMIN_WRITES=0
              -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/qemu_multi_file -P ${CMAKE_CURRENT_SOURCE_DIR}/qemu.cmake)
    set_tests_properties(e2e.qemu.multi_file PROPERTIES TIMEOUT 300)
  endif()
endif()

# The placer's flash estimate against the measured firmware (flash_estimate.cmake). Soil's
# avgMoisture is the program's one function on the mote: EDGECUT_OPERATIONS(5) in its body and 5
# in its loop's, 10 operations, so kFlashBytesPerFunction + 10 · kFlashBytesPerOperation
# = 16 + 40 = 56 bytes (compiler/include/edgecut/compiler/energy.hpp).
if(TARGET soil_mcu_mote_firmware)
  find_program(EDGECUT_ARM_NM arm-none-eabi-nm)
  add_test(NAME firmware.flash_estimate
    COMMAND ${CMAKE_COMMAND} -DELF=$<TARGET_FILE_DIR:soil_mcu_base>/soil_mcu_mote.elf -DNM=${EDGECUT_ARM_NM}
            -DESTIMATE=56 "-DPROGRAM_SYMBOLS=^(Soil::|edgecut_glue::dispatch)"
            -P ${CMAKE_CURRENT_SOURCE_DIR}/firmware/flash_estimate.cmake)
endif()

# Without the cross toolchain the host build goes on, and configure says the firmware is off and why.
add_test(NAME firmware.off_without_toolchain
  COMMAND ${CMAKE_COMMAND} -DTOOLS=${PROJECT_SOURCE_DIR}/tools/cmake -DSOURCE=${CMAKE_CURRENT_SOURCE_DIR}/firmware/off
          -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/firmware_off -P ${CMAKE_CURRENT_SOURCE_DIR}/firmware/off.cmake)
