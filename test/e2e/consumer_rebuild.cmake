# The build-integration contract (docs/design.md §6), checked on a project outside this tree:
#  - add_subdirectory(edgecut) gives edgecut_partition() and builds none of edgecut's tests, samples
#    or tools, only the runtime that the programs link (here as a unity build, without mqtt, to keep
#    the test short: test/e2e/consumer/CMakeLists.txt.in);
#  - editing the plan and building again reruns the partition and rebuilds the two programs, and
#    nothing else; the placement really changed, and the program prints the same output;
#  - building again with nothing changed does nothing.
# Inputs: EDGECUT_SOURCE, EDGECUT_EXECUTABLE (a built tool, so the test need not build LLVM code),
# WORK_DIR.
set(project "${WORK_DIR}/project")
set(build "${WORK_DIR}/build")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${project}/plans")
configure_file("${EDGECUT_SOURCE}/test/e2e/consumer/CMakeLists.txt.in" "${project}/CMakeLists.txt" @ONLY)
configure_file("${EDGECUT_SOURCE}/samples/soil/soil.cpp" "${project}/app.cpp" COPYONLY)
configure_file("${EDGECUT_SOURCE}/samples/soil/plans/network.json" "${project}/plans/network.json" COPYONLY)
configure_file("${EDGECUT_SOURCE}/samples/soil/plans/onbase.json" "${project}/plans/plan.json" COPYONLY)
file(WRITE "${project}/unrelated.cpp" "int main() { return 0; }\n")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "failed: ${ARGN}\n${out}\n${err}")
  endif()
  set(output "${out}${err}" PARENT_SCOPE)
  set(stdout "${out}" PARENT_SCOPE)
endfunction()

# One transport less to compile: mqtt is optional (EDGECUT_WITH_MQTT), and nothing here uses it.
run("${CMAKE_COMMAND}" -S "${project}" -B "${build}" -G Ninja -DCMAKE_BUILD_TYPE=Release
    "-DEDGECUT_EXECUTABLE=${EDGECUT_EXECUTABLE}" -DEDGECUT_WITH_MQTT=OFF)
run("${CMAKE_COMMAND}" --build "${build}" --target help)
foreach(target edgecut_compiler_tests runtime_core_test soil_onbase_base golden_soil_onmote_base)
  if(output MATCHES "(^|\n)${target}:")
    message(FATAL_ERROR "a consumer build must not define edgecut's own target ${target}")
  endif()
endforeach()

run("${CMAKE_COMMAND}" --build "${build}" -- -v)
# The consumer's build compiles what its targets link, and no edgecut tool.
if(output MATCHES "edgecut_report|report_table")
  message(FATAL_ERROR "the consumer's build compiled edgecut-report, which nothing of it links:\n${output}")
endif()
run("${build}/app_base")
set(first_output "${stdout}")
file(READ "${build}/app.edgecut/placement.resolved.json" placement)
if(NOT placement MATCHES "\"function\": \"Soil::avgMoisture\\(int\\)\",\n *\"side\": \"base\"")
  message(FATAL_ERROR "expected Soil::avgMoisture on the base:\n${placement}")
endif()

# Edit the plan: the average moves to the motes.
file(READ "${project}/plans/plan.json" plan)
string(REPLACE "\"Soil::avgMoisture\": \"base\"" "\"Soil::avgMoisture\": \"mote\"" plan "${plan}")
file(WRITE "${project}/plans/plan.json" "${plan}")
run("${CMAKE_COMMAND}" --build "${build}" -- -v)
set(rebuild "${output}")
foreach(expected " partition --plan " "-o app_base " "-o app_mote ")
  string(FIND "${rebuild}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "after the plan edit, expected '${expected}' in the rebuild:\n${rebuild}")
  endif()
endforeach()
# Every compiler run must be for the two generated units, and only the two programs are linked.
string(REGEX MATCHALL " -c [^ \n]+" compiled "${rebuild}")
foreach(unit ${compiled})
  if(NOT unit MATCHES "app\\.edgecut/(base|mote)\\.cpp$")
    message(FATAL_ERROR "the plan edit must not recompile${unit}:\n${rebuild}")
  endif()
endforeach()
string(REGEX MATCHALL " -o [^ \n]+" linked "${rebuild}")
foreach(output ${linked})
  if(output MATCHES "unrelated|\\.a$")
    message(FATAL_ERROR "the plan edit must not rebuild${output}:\n${rebuild}")
  endif()
endforeach()
file(READ "${build}/app.edgecut/placement.resolved.json" placement)
if(NOT placement MATCHES "\"function\": \"Soil::avgMoisture\\(int\\)\",\n *\"side\": \"mote\"")
  message(FATAL_ERROR "the plan edit did not move Soil::avgMoisture to the mote:\n${placement}")
endif()
run("${build}/app_base")
if(NOT stdout STREQUAL first_output)
  message(FATAL_ERROR "output changed with the placement:\n${first_output}\n---\n${stdout}")
endif()

run("${CMAKE_COMMAND}" --build "${build}")
if(NOT output MATCHES "no work to do")
  message(FATAL_ERROR "a build with nothing changed did work:\n${output}")
endif()
message(STATUS "consumer project: plan edit rebuilt only the partition and the two programs")
