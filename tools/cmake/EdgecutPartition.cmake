# edgecut_partition(NAME <name> SOURCES <source.cpp>... PLAN <plan.json> [PROFILE <run.json>]
#                   [INCLUDE_DIRECTORIES <dir>...] [COMPILE_OPTIONS <flag>...])
#
# Partitions one program with one plan and builds two executables from it:
#   <name>_base  the base station's program (runs the simulation when started without arguments)
#   <name>_mote  the motes' program
# and <name>_network, the OBJECT library both link: the network they carry (EdgecutNetwork.cmake).
# The generated files go to ${CMAKE_CURRENT_BINARY_DIR}/<name>.edgecut/: mote.cpp and base.cpp for a
# program of one source; for several, <stem>.mote.cpp and <stem>.base.cpp per source, and a mote
# and a base variant of each program header (docs/design.md §3, "Programs of several files").
# Editing any source, any header it includes, the plan or the network reruns the partition and
# rebuilds just these two (and the network's unit, when the network changed).
# Call it several times with different NAMEs and PLANs to build one program with several plans.
# PROFILE gives automatic placement the costs an earlier simulated run measured (the report of
# `<name>_base --report run.json`, `edgecut partition --profile`); a new report reruns it too.
# For a plan whose "profile" is "mcu" it also makes <name>_mote_firmware: <name>_mote.elf for a
# Cortex-M4 (EdgecutFirmware.cmake) from its mote units, when the cross toolchain is there.
set(EDGECUT_PARTITION_DIR ${CMAKE_CURRENT_LIST_DIR})
include(${CMAKE_CURRENT_LIST_DIR}/EdgecutFirmware.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/EdgecutNetwork.cmake)

function(edgecut_partition)
  cmake_parse_arguments(ARG "" "NAME;PLAN;PROFILE" "SOURCES;INCLUDE_DIRECTORIES;COMPILE_OPTIONS" ${ARGN})
  if(NOT ARG_NAME)
    message(FATAL_ERROR "edgecut_partition: NAME is required")
  endif()
  if(NOT ARG_PLAN)
    message(FATAL_ERROR "edgecut_partition(${ARG_NAME}): PLAN is required")
  endif()
  list(LENGTH ARG_SOURCES source_count)
  if(source_count EQUAL 0)
    message(FATAL_ERROR "edgecut_partition(${ARG_NAME}): give the program's source files in SOURCES")
  endif()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "edgecut_partition(${ARG_NAME}): unknown arguments ${ARG_UNPARSED_ARGUMENTS}")
  endif()

  # Each source's units, named as edgecut's generatedNames (compiler/emit/emit.cpp) names them.
  set(sources "")
  set(mote_units "")
  set(base_units "")
  set(taken edgecut_glue.hpp placement.resolved.json edgecut.d)
  set(index 0)
  foreach(source_file ${ARG_SOURCES})
    get_filename_component(source "${source_file}" ABSOLUTE)
    list(APPEND sources "${source}")
    if(source_count EQUAL 1)
      set(stem "")
    else()
      get_filename_component(stem "${source}" NAME_WLE)
      get_filename_component(extension "${source}" LAST_EXT)
      if("${stem}.mote${extension}" IN_LIST taken)
        set(stem "${stem}.${index}")
      endif()
      list(APPEND taken "${stem}.mote${extension}")
      set(stem "${stem}.")
    endif()
    if(source_count EQUAL 1)
      set(extension .cpp)
    endif()
    list(APPEND mote_units "${stem}mote${extension}")
    list(APPEND base_units "${stem}base${extension}")
    math(EXPR index "${index} + 1")
  endforeach()
  get_filename_component(plan "${ARG_PLAN}" ABSOLUTE)
  set(profile "")
  set(profile_arguments "")
  if(ARG_PROFILE)
    get_filename_component(profile "${ARG_PROFILE}" ABSOLUTE)
    set(profile_arguments --profile "${profile}")
  endif()
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${ARG_NAME}.edgecut")
  if(EDGECUT_EXECUTABLE)
    set(tool "${EDGECUT_EXECUTABLE}")
  else()
    set(tool "$<TARGET_FILE:edgecut::edgecut>")
  endif()
  set(compiler_arguments -std=c++20)
  foreach(dir ${ARG_INCLUDE_DIRECTORIES})
    get_filename_component(dir "${dir}" ABSOLUTE)
    list(APPEND compiler_arguments "-I${dir}")
  endforeach()
  list(APPEND compiler_arguments ${ARG_COMPILE_OPTIONS})

  list(TRANSFORM mote_units PREPEND "${out}/")
  list(TRANSFORM base_units PREPEND "${out}/")
  # The first output is the depfile's target (edgecut's depfile names the first mote unit).
  add_custom_command(
    OUTPUT ${mote_units} ${base_units} "${out}/edgecut_glue.hpp" "${out}/edgecut_network.cbor"
           "${out}/edgecut_network.cpp" "${out}/placement.resolved.json"
    COMMAND "${tool}" partition --plan "${plan}" ${profile_arguments} -o "${out}" ${sources} -- ${compiler_arguments}
    DEPENDS ${sources} "${plan}" "${tool}" ${profile}
    DEPFILE "${out}/edgecut.d"
    COMMENT "edgecut: partitioning ${ARG_NAME} (plan ${ARG_PLAN})"
    VERBATIM)

  # One network unit per partition, however many sources, compiled as the program is (an option
  # such as -m32 must reach it too).
  edgecut_network_unit(${ARG_NAME}_network "${out}")
  target_compile_options(${ARG_NAME}_network PRIVATE ${ARG_COMPILE_OPTIONS})
  foreach(side base mote)
    add_executable(${ARG_NAME}_${side} ${${side}_units})
    target_include_directories(${ARG_NAME}_${side} PRIVATE "${out}" ${ARG_INCLUDE_DIRECTORIES})
    target_compile_options(${ARG_NAME}_${side} PRIVATE ${ARG_COMPILE_OPTIONS})
    target_link_libraries(${ARG_NAME}_${side} PRIVATE edgecut::runtime_${side} ${ARG_NAME}_network)
  endforeach()
  # The base starts the mote host in simulation, so it needs it built and knows its name.
  target_compile_definitions(${ARG_NAME}_base PRIVATE EDGECUT_MOTE_EXECUTABLE="${ARG_NAME}_mote")
  add_dependencies(${ARG_NAME}_base ${ARG_NAME}_mote)

  # The plan's profile, read here to decide which targets exist; edgecut checks the plan itself. A
  # plan the build writes (it does not exist yet) gets no firmware.
  set(plan_profile "")
  if(EXISTS "${plan}")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${plan}")
    file(READ "${plan}" plan_text)
    string(JSON plan_profile ERROR_VARIABLE no_profile GET "${plan_text}" profile)
  endif()
  if(plan_profile STREQUAL "mcu")
    edgecut_firmware_program(${ARG_NAME} "${out}" "${plan}" ${ARG_NAME}_mote UNITS ${mote_units}
                             INCLUDE_DIRECTORIES ${ARG_INCLUDE_DIRECTORIES})
  endif()
endfunction()

# Sets the member `key` of the JSON object in the variable named `_json_var` to the string `value`,
# escaped. (The odd name keeps it from shadowing the caller's variable.)
function(_edgecut_json_set _json_var key value)
  string(REPLACE "\\" "\\\\" value "${value}")
  string(REPLACE "\"" "\\\"" value "${value}")
  string(REPLACE "\n" "\\n" value "${value}")
  string(REPLACE "\t" "\\t" value "${value}")
  string(JSON updated SET "${${_json_var}}" "${key}" "\"${value}\"")
  set(${_json_var} "${updated}" PARENT_SCOPE)
endfunction()

# edgecut_compare(NAME <name> SOURCES <source.cpp>... PLANS <plan.json>...
#                 [INCLUDE_DIRECTORIES <dir>...] [COMPILE_OPTIONS <flag>...])
#
# Partitions one program with each of several plans, side by side: one edgecut_partition per plan,
# named <name>_<plan file's stem> (so <name>_<stem>_base and <name>_<stem>_mote). It records them
# in ${CMAKE_BINARY_DIR}/edgecut_compare/<name>.json, where `edgecut compare` finds them:
#   edgecut compare --program <name> -p <build dir>        every plan
#   edgecut compare plans/a.json plans/b.json -p <build dir>   some of them
# builds each plan's programs (incrementally, with this project's flags), runs them in simulation
# and ranks the plans by energy. The target <name>_compare builds every plan and then compares them.
function(edgecut_compare)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;PLANS;INCLUDE_DIRECTORIES;COMPILE_OPTIONS" ${ARGN})
  if(NOT ARG_NAME)
    message(FATAL_ERROR "edgecut_compare: NAME is required")
  endif()
  if(NOT ARG_PLANS)
    message(FATAL_ERROR "edgecut_compare(${ARG_NAME}): give the plans to compare in PLANS")
  endif()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "edgecut_compare(${ARG_NAME}): unknown arguments ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  get_property(multi_config GLOBAL PROPERTY GENERATOR_IS_MULTI_CONFIG)
  if(multi_config)
    message(FATAL_ERROR "edgecut_compare(${ARG_NAME}): the generator '${CMAKE_GENERATOR}' builds several "
                        "configurations, and edgecut compare runs one build of each plan; configure with a "
                        "single-configuration generator (Ninja, Unix Makefiles) and CMAKE_BUILD_TYPE")
  endif()
  set(manifest_dir "${CMAKE_BINARY_DIR}/edgecut_compare")
  set(manifest "{}")
  _edgecut_json_set(manifest program "${ARG_NAME}")
  _edgecut_json_set(manifest cmake "${CMAKE_COMMAND}")
  string(JSON manifest SET "${manifest}" plans "[]")
  set(stems "")
  set(bases "")
  foreach(plan ${ARG_PLANS})
    get_filename_component(stem "${plan}" NAME_WE)
    if(stem IN_LIST stems)
      message(FATAL_ERROR "edgecut_compare(${ARG_NAME}): two plans are named '${stem}'; plans are told apart "
                          "by their file names")
    endif()
    list(APPEND stems "${stem}")
    edgecut_partition(NAME ${ARG_NAME}_${stem} SOURCES ${ARG_SOURCES} PLAN "${plan}"
                      INCLUDE_DIRECTORIES ${ARG_INCLUDE_DIRECTORIES} COMPILE_OPTIONS ${ARG_COMPILE_OPTIONS})
    get_filename_component(plan_path "${plan}" REALPATH)
    list(APPEND bases ${ARG_NAME}_${stem}_base)
    # The base program's path is known only at generate time, and no generator expression escapes
    # JSON: it goes into a text file of its own, whose path the manifest names.
    set(base_file "${manifest_dir}/${ARG_NAME}_${stem}.base")
    file(GENERATE OUTPUT "${base_file}" CONTENT "$<TARGET_FILE:${ARG_NAME}_${stem}_base>")
    set(entry "{}")
    _edgecut_json_set(entry name "${stem}")
    _edgecut_json_set(entry plan "${plan_path}")
    _edgecut_json_set(entry target "${ARG_NAME}_${stem}_base")
    _edgecut_json_set(entry base_file "${base_file}")
    string(JSON index LENGTH "${manifest}" plans)
    string(JSON manifest SET "${manifest}" plans ${index} "${entry}")
  endforeach()
  file(GENERATE OUTPUT "${manifest_dir}/${ARG_NAME}.json" CONTENT "${manifest}\n")
  if(EDGECUT_EXECUTABLE)
    set(tool "${EDGECUT_EXECUTABLE}")
  else()
    set(tool "$<TARGET_FILE:edgecut::edgecut>")
  endif()
  # Built here already, so compare runs them as they are (a nested build of this tree could race).
  add_custom_target(${ARG_NAME}_compare
    COMMAND "${tool}" compare --program ${ARG_NAME} --no-build -p "${CMAKE_BINARY_DIR}"
    WORKING_DIRECTORY "${CMAKE_BINARY_DIR}"
    USES_TERMINAL VERBATIM)
  add_dependencies(${ARG_NAME}_compare ${bases})
endfunction()
