# edgecut_compare's manifest is JSON written by CMake: every string in it must survive quotes,
# backslashes, tabs and newlines in paths. Run with cmake -DSOURCE_DIR=... -P.
include("${SOURCE_DIR}/tools/cmake/EdgecutPartition.cmake")

set(nasty "/tmp/a \"quoted\" dir\\with\\backslashes\tand a tab\nand a newline/plan.json")
set(json "{}")
_edgecut_json_set(json plan "${nasty}")
_edgecut_json_set(json name "plain")
string(JSON back ERROR_VARIABLE error GET "${json}" plan)
if(error OR NOT back STREQUAL nasty)
  message(FATAL_ERROR "a path did not survive the manifest: wrote\n${json}\nread back '${back}' (${error})")
endif()
string(JSON name GET "${json}" name)
if(NOT name STREQUAL "plain")
  message(FATAL_ERROR "name read back as '${name}'")
endif()
