# A CMake toolchain file for the firmware (firmware/CMakeLists.txt): Cortex-M4, Thumb-2, soft float,
# arm-none-eabi-gcc with picolibc (Debian: gcc-arm-none-eabi, picolibc-arm-none-eabi,
# libstdc++-arm-none-eabi-picolibc). -Os, no exceptions, no RTTI: what the runtime core promises
# (runtime/CMakeLists.txt) and what fits a mote's flash.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
# No operating system to run a test program on: try_compile builds a library instead.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(edgecut_firmware_cpu_flags "-mcpu=cortex-m4 -mthumb -mfloat-abi=soft --specs=picolibcpp.specs")
set(CMAKE_C_FLAGS_INIT "${edgecut_firmware_cpu_flags} -ffunction-sections -fdata-sections")
set(CMAKE_CXX_FLAGS_INIT
    "${edgecut_firmware_cpu_flags} -ffunction-sections -fdata-sections -fno-exceptions -fno-rtti -fno-threadsafe-statics")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-Wl,--gc-sections")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
