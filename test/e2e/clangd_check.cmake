# clangd on annotated programs (README.md, "Editors: clangd"): clangd does not load -fplugin plugins,
# so plain clangd warns "unknown attribute" on every edgecut attribute; edgecut-clangd preloads the
# plugin, and then reports none on the given programs, while a misspelled attribute is still
# reported (so the check does see these warnings: -Werror=unknown-attributes makes them errors,
# which `clangd --check` prints).
# Inputs: EDGECUT_CLANGD (the wrapper), CLANGD (plain clangd), INCLUDE_DIR, PROGRAMS (separated by |),
# WORK_DIR.
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
file(WRITE "${WORK_DIR}/compile_flags.txt" "-std=c++20\n-I${INCLUDE_DIR}\n-Werror=unknown-attributes\n")

function(check clangd file)
  execute_process(COMMAND "${clangd}" "--check=${file}" WORKING_DIRECTORY "${WORK_DIR}"
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 300)
  set(result "${code}" PARENT_SCOPE)
  set(output "${out}${err}" PARENT_SCOPE)
endfunction()

string(REPLACE "|" ";" PROGRAMS "${PROGRAMS}")
foreach(program ${PROGRAMS})
  get_filename_component(name "${program}" NAME)
  configure_file("${program}" "${WORK_DIR}/${name}" COPYONLY)
  check("${EDGECUT_CLANGD}" "${name}")
  if(NOT result EQUAL 0 OR output MATCHES "unknown attribute" OR NOT output MATCHES "All checks completed, 0 errors")
    message(FATAL_ERROR "edgecut-clangd --check=${name} (status ${result}):\n${output}")
  endif()
endforeach()

file(WRITE "${WORK_DIR}/misspelled.cpp"
     "#include <edgecut/edgecut.hpp>\nstruct [[mote]] M { int getX(); [[onbord]] int twice() { return 2 * getX(); } };\n")
check("${EDGECUT_CLANGD}" misspelled.cpp)
if(NOT output MATCHES "unknown attribute 'onbord' ignored" OR output MATCHES "unknown attribute 'mote'")
  message(FATAL_ERROR "edgecut-clangd must report the misspelled 'onbord', and only it:\n${output}")
endif()
check("${CLANGD}" misspelled.cpp)
if(NOT output MATCHES "unknown attribute 'mote' ignored")
  message(FATAL_ERROR "plain clangd was expected not to know [[mote]] (does it load plugins now?):\n${output}")
endif()
file(REMOVE_RECURSE "${WORK_DIR}")
