# `edgecut partition` writes its outputs as one transaction (README, "The command line"). The
# program of test/golden/soil_onmote is partitioned, then it and its network are edited so that
# every output changes, and partitioned again with a directory where mote.cpp goes: exit 1, a clang-style error and note, the
# outputs written before it put back as they were, no temporary file left. With the directory
# gone, the run succeeds. Inputs: EDGECUT, SOURCE_DIR, WORK_DIR.
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(golden "${SOURCE_DIR}/test/golden/soil_onmote")
foreach(file input.cpp plan.json network.json)  # copies, not the golden's links to samples/soil
  file(READ "${golden}/${file}" text)
  file(WRITE "${WORK_DIR}/${file}" "${text}")
endforeach()
set(out "${WORK_DIR}/out")

function(partition code_variable err_variable)
  execute_process(COMMAND "${EDGECUT}" partition --plan plan.json -o "${out}" input.cpp -- -std=c++20
    WORKING_DIRECTORY "${WORK_DIR}" RESULT_VARIABLE code ERROR_VARIABLE err OUTPUT_QUIET)
  set(${code_variable} ${code} PARENT_SCOPE)
  set(${err_variable} "${err}" PARENT_SCOPE)
endfunction()

partition(code err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "the first run failed (${code}):\n${err}")
endif()
set(kept edgecut_glue.hpp edgecut_network.cbor edgecut_network.cpp base.cpp placement.resolved.json edgecut.d)
foreach(file ${kept})  # by hash: the network's data is binary
  file(SHA256 "${out}/${file}" before_${file})
endforeach()

file(APPEND "${WORK_DIR}/input.cpp" "// an edit: every output changes with the program's fingerprint\n")
file(READ "${WORK_DIR}/network.json" text)
string(REPLACE "\"position\": [3, 4]" "\"position\": [4, 3]" edited "${text}")
if(edited STREQUAL text)
  message(FATAL_ERROR "the network edit changed nothing in ${WORK_DIR}/network.json")
endif()
file(WRITE "${WORK_DIR}/network.json" "${edited}")  # and the network's data and unit with it
file(REMOVE "${out}/mote.cpp")
file(MAKE_DIRECTORY "${out}/mote.cpp")
partition(code err)
set(expected "edgecut: error: cannot write '${out}/mote.cpp': Is a directory
edgecut: note: nothing in '${out}' was changed; remove or rename the directory '${out}/mote.cpp', which is in the way of that output
1 error generated.
")
if(NOT code EQUAL 1 OR NOT err STREQUAL expected)
  message(FATAL_ERROR "with a directory in the way: exit ${code}, not 1, or the diagnostics\n${err}are not\n${expected}")
endif()
foreach(file ${kept})
  file(SHA256 "${out}/${file}" after)
  if(NOT after STREQUAL before_${file})
    message(FATAL_ERROR "the failed run changed ${out}/${file}")
  endif()
endforeach()
file(GLOB left RELATIVE "${out}" "${out}/*")
list(SORT left)
if(NOT left STREQUAL "base.cpp;edgecut.d;edgecut_glue.hpp;edgecut_network.cbor;edgecut_network.cpp;mote.cpp;placement.resolved.json")
  message(FATAL_ERROR "the failed run left ${left} in ${out}")
endif()

file(REMOVE_RECURSE "${out}/mote.cpp")
partition(code err)
if(NOT code EQUAL 0 OR NOT EXISTS "${out}/mote.cpp")
  message(FATAL_ERROR "with the directory gone, the run should succeed (${code}):\n${err}")
endif()
# The edits reached every output but the depfile (the same paths), so the check above put each
# one back.
list(REMOVE_ITEM kept edgecut.d)
foreach(file ${kept})
  file(SHA256 "${out}/${file}" after)
  if(after STREQUAL before_${file})
    message(FATAL_ERROR "the run after the edits did not change ${out}/${file}")
  endif()
endforeach()
