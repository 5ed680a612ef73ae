# compare.html in a real browser (headless chromium): it renders without a console error, and what the
# page shows matches compare.json: one map per plan that ran with the plan's mote count, one table
# row per plan with its E; the charts over time draw each plan's timeline (compare_page/check_charts.py).
# Inputs: CHROMIUM, PYTHON3, DIR (where compare.html and compare.json go), MOTES
# (the motes every map must show), SCREENSHOT (where the picture goes), MAX_BYTES (the page's
# limit), and what writes the page: WRITE_PAGE (test/e2e/compare_page/write_page.cpp) or EDGECUT
# with PROGRAM and BUILD_DIR (`edgecut compare --no-build` on a sample this tree built).
file(REMOVE_RECURSE "${DIR}")
if(WRITE_PAGE)
  execute_process(COMMAND "${WRITE_PAGE}" ${MOTES} "${DIR}" RESULT_VARIABLE code ERROR_VARIABLE log)
else()
  execute_process(COMMAND "${EDGECUT}" compare --program ${PROGRAM} -p "${BUILD_DIR}" --no-build -o "${DIR}"
    RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE log TIMEOUT 600)
  if(NOT out MATCHES "page: ${DIR}/compare.html\n")
    message(FATAL_ERROR "compare does not say where the page is:\n${out}")
  endif()
endif()
if(NOT code EQUAL 0)
  message(FATAL_ERROR "writing the page failed (${code}):\n${log}")
endif()
file(SIZE "${DIR}/compare.html" size)
if(size GREATER MAX_BYTES)
  message(FATAL_ERROR "compare.html is ${size} bytes, over ${MAX_BYTES}")
endif()
set(flags --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir=${DIR}/chromium-profile
          --enable-logging=stderr --v=0)
execute_process(COMMAND "${CHROMIUM}" ${flags} --dump-dom "file://${DIR}/compare.html"
  RESULT_VARIABLE code OUTPUT_VARIABLE dom ERROR_VARIABLE log TIMEOUT 120)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "chromium failed (${code}):\n${log}")
endif()
# Any console message, an uncaught exception included, is logged as CONSOLE(...); the page logs none.
if(log MATCHES "CONSOLE|Uncaught")
  string(REGEX MATCHALL "[^\n]*(CONSOLE|Uncaught)[^\n]*" lines "${log}")
  message(FATAL_ERROR "the page raised console messages:\n${lines}")
endif()
file(READ "${DIR}/compare.json" compared)
string(JSON plans LENGTH "${compared}" plans)
math(EXPR last "${plans} - 1")
foreach(index RANGE ${last})
  string(JSON name GET "${compared}" plans ${index} name)
  string(JSON status GET "${compared}" plans ${index} status)
  if(NOT dom MATCHES "<tr data-plan=\"${name}\"")
    message(FATAL_ERROR "the table has no row for plan ${name}")
  endif()
  if(status STREQUAL "ran")
    string(JSON energy GET "${compared}" plans ${index} report energy total)
    # JSON writes a whole double as 4290111.0, JavaScript as 4290111: the same number.
    string(REGEX REPLACE "\\.0$" "" energy "${energy}")
    if(NOT dom MATCHES "<tr data-plan=\"${name}\" data-energy=\"${energy}\"")
      message(FATAL_ERROR "plan ${name}: the table's E is not compare.json's ${energy}")
    endif()
    # compare checked the plans' stdout (a page written by write_page.cpp has no runs to check).
    if(NOT WRITE_PAGE AND NOT dom MATCHES "<tr data-plan=\"${name}\"[^\n]*data-key=\"same_output\" data-value=\"yes\"")
      message(FATAL_ERROR "plan ${name}: the table does not say it printed the same output")
    endif()
    if(NOT dom MATCHES "data-plan=\"${name}\" data-motes=\"${MOTES}\"")
      message(FATAL_ERROR "plan ${name}: the map does not show ${MOTES} motes")
    endif()
  endif()
endforeach()
file(WRITE "${DIR}/dom.html" "${dom}")
execute_process(COMMAND "${PYTHON3}" "${CMAKE_CURRENT_LIST_DIR}/compare_page/check_charts.py" "${DIR}/dom.html"
  "${DIR}/compare.json" RESULT_VARIABLE code OUTPUT_VARIABLE charts ERROR_VARIABLE log)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "the charts over time:\n${charts}${log}")
endif()
string(REGEX MATCHALL "<tr data-plan=" rows "${dom}")
list(LENGTH rows row_count)
if(NOT row_count EQUAL plans)
  message(FATAL_ERROR "the table has ${row_count} rows for ${plans} plans")
endif()
execute_process(COMMAND "${CHROMIUM}" ${flags} --hide-scrollbars --window-size=1400,1400
  "--screenshot=${SCREENSHOT}" "file://${DIR}/compare.html" RESULT_VARIABLE code ERROR_VARIABLE log TIMEOUT 120)
if(NOT code EQUAL 0 OR NOT EXISTS "${SCREENSHOT}")
  message(FATAL_ERROR "chromium took no screenshot (${code}):\n${log}")
endif()
message(STATUS "compare.html: ${size} bytes, ${plans} plans of ${MOTES} motes; ${charts}screenshot ${SCREENSHOT}")
