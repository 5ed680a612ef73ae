# Runs one golden case (see CMakeLists.txt). Inputs: EDGECUT, CASE_DIR, WORK_DIR, UPDATE.
# edgecut runs inside the case folder with relative paths, so expectations hold on any machine.
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(out "${WORK_DIR}/out")
execute_process(
  COMMAND "${EDGECUT}" partition --plan plan.json -o "${out}" input.cpp -- -std=c++20
  WORKING_DIRECTORY "${CASE_DIR}"
  RESULT_VARIABLE exit_code
  ERROR_VARIABLE diagnostics
  OUTPUT_VARIABLE ignored)

set(generated mote.cpp base.cpp edgecut_glue.hpp placement.resolved.json)
if(EXISTS "${CASE_DIR}/expected.stderr")
  if(UPDATE)
    file(WRITE "${CASE_DIR}/expected.stderr" "${diagnostics}")
    return()
  endif()
  file(READ "${CASE_DIR}/expected.stderr" expected)
  if(NOT exit_code EQUAL 1)
    message(FATAL_ERROR "edgecut should have failed with exit code 1, got ${exit_code}:\n${diagnostics}")
  endif()
  if(NOT diagnostics STREQUAL expected)
    file(WRITE "${WORK_DIR}/actual.stderr" "${diagnostics}")
    execute_process(COMMAND diff -u "${CASE_DIR}/expected.stderr" "${WORK_DIR}/actual.stderr")
    message(FATAL_ERROR "diagnostics differ from ${CASE_DIR}/expected.stderr")
  endif()
  if(EXISTS "${out}")
    message(FATAL_ERROR "edgecut failed but still created ${out}")
  endif()
  return()
endif()

if(NOT exit_code EQUAL 0)
  message(FATAL_ERROR "edgecut failed (${exit_code}):\n${diagnostics}")
endif()
foreach(file ${generated})
  if(UPDATE)
    file(COPY "${out}/${file}" DESTINATION "${CASE_DIR}/expected")
    continue()
  endif()
  file(READ "${out}/${file}" actual)
  file(READ "${CASE_DIR}/expected/${file}" expected)
  if(NOT actual STREQUAL expected)
    execute_process(COMMAND diff -u "${CASE_DIR}/expected/${file}" "${out}/${file}")
    message(FATAL_ERROR "${file} differs from ${CASE_DIR}/expected/${file}; if the change is "
                        "intended, run the update-goldens target and review the diff")
  endif()
endforeach()
