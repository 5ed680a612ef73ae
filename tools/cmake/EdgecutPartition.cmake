# edgecut_partition(NAME <name> SOURCES <program.cpp> PLAN <plan.json>
#                   [INCLUDE_DIRECTORIES <dir>...] [COMPILE_OPTIONS <flag>...])
#
# Partitions one program with one plan and builds two executables from it:
#   <name>_base  the base station's program (runs the simulation when started without arguments)
#   <name>_mote  the motes' program
# The generated files go to ${CMAKE_CURRENT_BINARY_DIR}/<name>.edgecut/. Editing the program, any
# header it includes, the plan or the network reruns the partition and rebuilds just these two.
# Call it several times with different NAMEs and PLANs to build one program with several plans.
set(EDGECUT_PARTITION_DIR ${CMAKE_CURRENT_LIST_DIR})

function(edgecut_partition)
  cmake_parse_arguments(ARG "" "NAME;PLAN" "SOURCES;INCLUDE_DIRECTORIES;COMPILE_OPTIONS" ${ARGN})
  if(NOT ARG_NAME)
    message(FATAL_ERROR "edgecut_partition: NAME is required")
  endif()
  if(NOT ARG_PLAN)
    message(FATAL_ERROR "edgecut_partition(${ARG_NAME}): PLAN is required")
  endif()
  list(LENGTH ARG_SOURCES source_count)
  if(NOT source_count EQUAL 1)
    message(FATAL_ERROR "edgecut_partition(${ARG_NAME}): give exactly one program in SOURCES")
  endif()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "edgecut_partition(${ARG_NAME}): unknown arguments ${ARG_UNPARSED_ARGUMENTS}")
  endif()

  get_filename_component(source "${ARG_SOURCES}" ABSOLUTE)
  get_filename_component(plan "${ARG_PLAN}" ABSOLUTE)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${ARG_NAME}.edgecut")
  if(EDGECUT_EXECUTABLE)
    set(tool "${EDGECUT_EXECUTABLE}")
  else()
    set(tool "$<TARGET_FILE:edgecut>")
  endif()
  set(compiler_arguments -std=c++20)
  foreach(dir ${ARG_INCLUDE_DIRECTORIES})
    get_filename_component(dir "${dir}" ABSOLUTE)
    list(APPEND compiler_arguments "-I${dir}")
  endforeach()
  list(APPEND compiler_arguments ${ARG_COMPILE_OPTIONS})

  add_custom_command(
    OUTPUT "${out}/mote.cpp" "${out}/base.cpp" "${out}/edgecut_glue.hpp"
           "${out}/placement.resolved.json"
    COMMAND "${tool}" partition --plan "${plan}" -o "${out}" "${source}" -- ${compiler_arguments}
    DEPENDS "${source}" "${plan}" "${tool}"
    DEPFILE "${out}/edgecut.d"
    COMMENT "edgecut: partitioning ${ARG_NAME} (plan ${ARG_PLAN})"
    VERBATIM)

  foreach(side base mote)
    add_executable(${ARG_NAME}_${side} "${out}/${side}.cpp")
    target_include_directories(${ARG_NAME}_${side} PRIVATE "${out}" ${ARG_INCLUDE_DIRECTORIES})
    target_compile_options(${ARG_NAME}_${side} PRIVATE ${ARG_COMPILE_OPTIONS})
    target_link_libraries(${ARG_NAME}_${side} PRIVATE edgecut::runtime_${side})
  endforeach()
  # The base starts the mote host in simulation, so it needs it built and knows its name.
  target_compile_definitions(${ARG_NAME}_base PRIVATE EDGECUT_MOTE_EXECUTABLE="${ARG_NAME}_mote")
  add_dependencies(${ARG_NAME}_base ${ARG_NAME}_mote)
endfunction()
