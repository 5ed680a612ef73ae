# Installs edgecut as a CMake package and a Debian package (README.md, "Using it from your CMake
# project"):
#   bin/edgecut, bin/edgecut-report, bin/edgecut-clangd      the tool, the report table, clangd with
#                                                           the attributes (docs/architecture.md)
#   <libdir>/edgecut/edgecut-attributes.so                  the attribute plugin
#   include/edgecut/...                                     the program-facing and runtime headers
#   <libdir>/libedgecut_runtime_*.a                         the runtime, built once
#   <libdir>/cmake/edgecut/                                 edgecutConfig.cmake, its version file,
#                                                           the exported targets, edgecut_partition()
#                                                           and edgecut_network_unit()
# A consumer then does find_package(edgecut 0.2 CONFIG REQUIRED) and compiles only its own files.
include(CMakePackageConfigHelpers)

set(EDGECUT_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/edgecut")
# The plugin's place relative to the tool's, which edgecut-clangd finds it by (tools/edgecut-clangd.in).
set(EDGECUT_INSTALL_PLUGINDIR "${CMAKE_INSTALL_LIBDIR}/edgecut")

# What a generated program links, and what that needs in turn (static libraries carry their
# dependencies' names only, so each must be in the export set). The exported names are the ones
# edgecut_partition links: edgecut::runtime_base, edgecut::runtime_mote.
set(runtime_targets edgecut_api edgecut_runtime_core edgecut_runtime_auth edgecut_runtime_network
    edgecut_runtime_sim edgecut_runtime_transport edgecut_runtime_base edgecut_runtime_mote)
if(TARGET edgecut_runtime_mqtt)
  list(APPEND runtime_targets edgecut_runtime_mqtt)
endif()
foreach(target ${runtime_targets})
  string(REPLACE "edgecut_" "" export_name "${target}")
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${export_name})
endforeach()
install(TARGETS ${runtime_targets} EXPORT edgecutTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/attributes/include/ ${PROJECT_SOURCE_DIR}/runtime/include/
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

if(TARGET edgecut)
  set_target_properties(edgecut PROPERTIES EXPORT_NAME edgecut)
  install(TARGETS edgecut EXPORT edgecutTargets RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(TARGETS edgecut_attributes_plugin LIBRARY DESTINATION ${EDGECUT_INSTALL_PLUGINDIR})
  # The installed edgecut-clangd finds the plugin relative to itself.
  set(EDGECUT_CLANGD_PLUGIN "$(dirname \"$(readlink -f \"$0\")\")/../${EDGECUT_INSTALL_PLUGINDIR}/edgecut-attributes.so")
  configure_file(${PROJECT_SOURCE_DIR}/tools/edgecut-clangd.in
                 ${PROJECT_BINARY_DIR}/install/edgecut-clangd @ONLY)
  install(PROGRAMS ${PROJECT_BINARY_DIR}/install/edgecut-clangd DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
if(TARGET edgecut_report)
  install(TARGETS edgecut_report RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

install(EXPORT edgecutTargets NAMESPACE edgecut:: DESTINATION ${EDGECUT_INSTALL_CMAKEDIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/tools/cmake/edgecutConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/install/edgecutConfig.cmake
                              INSTALL_DESTINATION ${EDGECUT_INSTALL_CMAKEDIR})
# 0.x: a minor version may change the runtime's interface, so only the same minor one matches.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/install/edgecutConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/install/edgecutConfig.cmake
              ${PROJECT_BINARY_DIR}/install/edgecutConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/tools/cmake/EdgecutPartition.cmake
              ${PROJECT_SOURCE_DIR}/tools/cmake/EdgecutNetwork.cmake
              # Installed without firmware/: it says the firmware targets are off, and why.
              ${PROJECT_SOURCE_DIR}/tools/cmake/EdgecutFirmware.cmake
        DESTINATION ${EDGECUT_INSTALL_CMAKEDIR})

# The Debian package: `cpack -G DEB` or the `package` target makes edgecut_<version>_amd64.deb.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME edgecut)
set(CPACK_PACKAGE_VENDOR "edgecut")
set(CPACK_PACKAGE_CONTACT "edgecut developers <edgecut@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Partitions one C++ sensor-network program into mote and base programs")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)
# The tool's shared libraries (LLVM, Clang, CBC, fmt, libsodium, libmosquitto) come from dpkg-shlibdeps;
# a consumer's build needs what the exported targets and the tool's include paths name.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The tool parses with the resource directory (Clang's builtin headers) of the LLVM it was built with.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "cmake (>= 3.21), g++ (>= 4:12), pkg-config, libfmt-dev, nlohmann-json3-dev, libsodium-dev, libmosquitto-dev")
if(DEFINED LLVM_VERSION_MAJOR)
  string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", libclang-common-${LLVM_VERSION_MAJOR}-dev")
endif()
include(CPack)
