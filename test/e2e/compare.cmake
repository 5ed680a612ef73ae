# `edgecut compare` end to end. Inputs: EDGECUT, SOURCE_DIR, BUILD_DIR (this build tree, where
# samples/ declared edgecut_compare(NAME soil ...)), WORK_DIR, PYTHON3, ONMOTE_BASE, ONBASE_BASE.
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

function(compare out_var err_var code_var)
  execute_process(COMMAND "${EDGECUT}" compare ${ARGN} WORKING_DIRECTORY "${SOURCE_DIR}"
    RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 1200)
  set(${out_var} "${out}" PARENT_SCOPE)
  set(${err_var} "${err}" PARENT_SCOPE)
  set(${code_var} "${code}" PARENT_SCOPE)
endfunction()

# ---- samples/soil's two plans, built through CMake and run: onmote first (lower E) ----
compare(out err code samples/soil/plans/onbase.json samples/soil/plans/onmote.json -p "${BUILD_DIR}"
        -o "${WORK_DIR}/soil")
if(NOT code EQUAL 0)
  message(FATAL_ERROR "compare failed (${code}):\n${out}\n${err}")
endif()
message(STATUS "edgecut compare printed:\n${out}")
if(NOT out MATCHES "\nplan +energy +instructions +transmit +messages +integers +bytes +operations +joules\nonmote +[^\n]+\nonbase +[^\n]+\n")
  message(FATAL_ERROR "the table is not onmote then onbase under the expected header:\n${out}")
endif()
if(NOT out MATCHES "chart: ${WORK_DIR}/soil/compare.svg\n")
  message(FATAL_ERROR "compare does not say where the chart is:\n${out}")
endif()
if(NOT err MATCHES "building onbase \\(soil_onbase_base\\).*running onbase in simulation")
  message(FATAL_ERROR "compare did not build and run through CMake:\n${err}")
endif()

# compare.json: the ranking, and each plan's report equal to the report of running it alone.
file(READ "${WORK_DIR}/soil/compare.json" compared)
string(JSON first GET "${compared}" ranking 0)
string(JSON second GET "${compared}" ranking 1)
if(NOT first STREQUAL "onmote" OR NOT second STREQUAL "onbase")
  message(FATAL_ERROR "ranking is ${first}, ${second}; expected onmote, onbase")
endif()
foreach(index 0 1)
  string(JSON name GET "${compared}" plans ${index} name)
  string(JSON status GET "${compared}" plans ${index} status)
  if(NOT status STREQUAL "ran")
    message(FATAL_ERROR "plan ${name}: status ${status}")
  endif()
  if(name STREQUAL "onmote")
    set(base "${ONMOTE_BASE}")
  else()
    set(base "${ONBASE_BASE}")
  endif()
  execute_process(COMMAND "${base}" --report "${WORK_DIR}/${name}.alone.json" RESULT_VARIABLE alone_code
    OUTPUT_QUIET ERROR_QUIET TIMEOUT 300)
  file(READ "${WORK_DIR}/${name}.alone.json" alone)
  foreach(path "energy;total" "energy;instructions" "energy;transmit" "messages" "integers" "bytes" "operations"
               "joules;total" "joules;transmit" "joules;listen" "fingerprint")
    string(JSON want GET "${alone}" ${path})
    string(JSON got GET "${compared}" plans ${index} report ${path})
    if(NOT got STREQUAL want)
      message(FATAL_ERROR "plan ${name}: ${path} is ${got} in compare.json, ${want} when run alone")
    endif()
  endforeach()
endforeach()

# compare.svg: well-formed XML, one bar group per plan, in rank order, and the per-mote panel.
execute_process(COMMAND "${PYTHON3}" -c [=[
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
ns = '{http://www.w3.org/2000/svg}'
assert root.tag == ns + 'svg', root.tag
plans = [g.get('data-plan') for g in root.iter(ns + 'g') if g.get('class') == 'plan']
assert plans == ['onmote', 'onbase'], plans
for g in root.iter(ns + 'g'):
    if g.get('class') == 'plan':
        kinds = sorted(r.get('class') for r in g.iter(ns + 'rect'))
        assert kinds == ['bytes', 'instructions', 'messages', 'transmit'], kinds
motes = [g for g in root.iter(ns + 'g') if g.get('class') == 'motes']
assert len(motes) == 1
best = [r for r in motes[0].iter(ns + 'rect') if r.get('class') == 'best']
worst = [r for r in motes[0].iter(ns + 'rect') if r.get('class') == 'worst']
assert len(best) == 5 and len(worst) == 5, (len(best), len(worst))
print('compare.svg: valid XML, plan groups', plans, ', 5 motes under the best and the worst plan')
]=] "${WORK_DIR}/soil/compare.svg" RESULT_VARIABLE svg_code OUTPUT_VARIABLE svg_out ERROR_VARIABLE svg_err)
if(NOT svg_code EQUAL 0)
  message(FATAL_ERROR "compare.svg: ${svg_out}${svg_err}")
endif()
message(STATUS "${svg_out}")

# Deterministic: the same runs give the same files.
compare(out2 err2 code2 samples/soil/plans/onbase.json samples/soil/plans/onmote.json --no-build -p "${BUILD_DIR}"
        -o "${WORK_DIR}/again")
foreach(file compare.json compare.svg)
  file(READ "${WORK_DIR}/again/${file}" again)
  file(READ "${WORK_DIR}/soil/${file}" before)
  if(NOT again STREQUAL before)
    message(FATAL_ERROR "${file} differs between two comparisons of the same plans")
  endif()
endforeach()

# ---- bad input: clear errors, exit 1 ----
function(expect_error expected)
  compare(out err code ${ARGN})
  if(NOT code EQUAL 1 OR NOT err STREQUAL expected)
    message(FATAL_ERROR "edgecut compare ${ARGN}: exit ${code}\n--- expected\n${expected}--- got\n${err}")
  endif()
endfunction()
expect_error("edgecut: error: no program 'soyl' to compare in '${BUILD_DIR}'; did you mean 'soil'?\n1 error generated.\n"
             --program soyl -p "${BUILD_DIR}")
expect_error("edgecut: error: cannot open plan file 'samples/soil/plans/nope.json': No such file or directory\n1 error generated.\n"
             --program soil samples/soil/plans/nope.json -p "${BUILD_DIR}")
expect_error("edgecut: error: 'samples/weather/plans/onmote.json' is not a plan of 'soil', whose plans are 'mcu', 'onbase' and 'onmote'; add it to PLANS of edgecut_compare(NAME soil ...) and rerun cmake\n1 error generated.\n"
             --program soil samples/weather/plans/onmote.json -p "${BUILD_DIR}")
expect_error("edgecut: error: '${WORK_DIR}' is not a CMake build directory (it has no CMakeCache.txt); give the directory you configured with cmake as -p BUILD_DIR\n1 error generated.\n"
             --program soil -p "${WORK_DIR}")

# ---- a plan that fails does not lose the others' results ----
# A build tree of our own: a manifest naming soil's onmote base, and a "base" that crashes.
set(fake "${WORK_DIR}/fake_build")
file(WRITE "${fake}/CMakeCache.txt" "")
file(WRITE "${fake}/crashing_base" "#!/bin/sh\necho 'the base gave up' >&2\nexit 3\n")
file(CHMOD "${fake}/crashing_base" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE)
file(WRITE "${fake}/edgecut_compare/crashes.base" "${fake}/crashing_base")
file(WRITE "${fake}/edgecut_compare/works.base" "${ONMOTE_BASE}")
file(WRITE "${fake}/edgecut_compare/mixed.json" "{\"program\": \"mixed\", \"cmake\": \"${CMAKE_COMMAND}\", \"plans\": [
  {\"name\": \"crashes\", \"plan\": \"${SOURCE_DIR}/samples/soil/plans/onbase.json\", \"target\": \"none\", \"base_file\": \"${fake}/edgecut_compare/crashes.base\"},
  {\"name\": \"works\", \"plan\": \"${SOURCE_DIR}/samples/soil/plans/onmote.json\", \"target\": \"none\", \"base_file\": \"${fake}/edgecut_compare/works.base\"}]}\n")
compare(out err code --program mixed --no-build -p "${fake}" -o "${WORK_DIR}/mixed")
if(NOT code EQUAL 1 OR NOT out MATCHES "\nworks +[0-9]" OR NOT out MATCHES "1 of 2 plans did not run"
   OR NOT err MATCHES "edgecut compare: error: plan crashes \\([^)]*onbase.json\\) did not run: [^\n]*crashing_base exited with status 3[^\n]*\n +the base gave up")
  message(FATAL_ERROR "a crashing plan should be reported beside the others' table (exit 1), got ${code}:\n${out}\n${err}")
endif()
file(READ "${WORK_DIR}/mixed/compare.json" mixed)
string(JSON ranking GET "${mixed}" ranking)
string(JSON crashed GET "${mixed}" plans 1 status)
if(NOT ranking MATCHES "^\\[ *\"works\" *\\]$" OR NOT crashed STREQUAL "run failed")
  message(FATAL_ERROR "compare.json of the mixed run: ranking ${ranking}, crashes: ${crashed}")
endif()
# Building in a tree CMake cannot build: each plan's build fails, and says so.
compare(out err code --program mixed -p "${fake}" -o "${WORK_DIR}/unbuildable")
if(NOT code EQUAL 1 OR NOT err MATCHES "plan crashes [^\n]* did not build: its build \\(cmake --build [^\n]* --target none\\) exited with status 1"
   OR NOT out MATCHES "2 of 2 plans did not run")
  message(FATAL_ERROR "failed builds should be reported (exit 1), got ${code}:\n${out}\n${err}")
endif()

# ---- placement must not change the output: plans that print something else are named, exit 1 ----
# soil under its two plans prints the same; a third "plan" runs onmote's base and prints one line more.
set(outputs "${WORK_DIR}/outputs_build")
file(WRITE "${outputs}/CMakeCache.txt" "")
file(WRITE "${outputs}/talkative_base" "#!/bin/sh\n\"${ONMOTE_BASE}\" \"$@\" || exit $?\necho 'one line more'\n")
file(CHMOD "${outputs}/talkative_base" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE)
file(WRITE "${outputs}/edgecut_compare/onmote.base" "${ONMOTE_BASE}")
file(WRITE "${outputs}/edgecut_compare/onbase.base" "${ONBASE_BASE}")
file(WRITE "${outputs}/edgecut_compare/talkative.base" "${outputs}/talkative_base")
file(WRITE "${outputs}/edgecut_compare/outputs.json" "{\"program\": \"outputs\", \"cmake\": \"${CMAKE_COMMAND}\", \"plans\": [
  {\"name\": \"onmote\", \"plan\": \"${SOURCE_DIR}/samples/soil/plans/onmote.json\", \"target\": \"none\", \"base_file\": \"${outputs}/edgecut_compare/onmote.base\"},
  {\"name\": \"talkative\", \"plan\": \"${SOURCE_DIR}/samples/soil/plans/onmote.json\", \"target\": \"none\", \"base_file\": \"${outputs}/edgecut_compare/talkative.base\"},
  {\"name\": \"onbase\", \"plan\": \"${SOURCE_DIR}/samples/soil/plans/onbase.json\", \"target\": \"none\", \"base_file\": \"${outputs}/edgecut_compare/onbase.base\"}]}\n")
compare(out err code --program outputs --no-build -p "${outputs}" -o "${WORK_DIR}/outputs")
set(want_error "edgecut compare: error: plan 'talkative' printed other output than 'onmote' and 'onbase': a placement must not change what the program prints\nedgecut compare: note: diff ${WORK_DIR}/outputs/onmote.stdout ${WORK_DIR}/outputs/talkative.stdout\n")
string(FIND "${err}" "${want_error}" at)
if(NOT code EQUAL 1 OR at EQUAL -1 OR NOT out MATCHES "\nonmote +[0-9][^\n]*\ntalkative +[0-9][^\n]*\nonbase +[0-9]"
   OR NOT out MATCHES "the plans did not print the same output \\(see above\\)\n")
  message(FATAL_ERROR "plans that print different output should be named (exit 1), got ${code}:\n${out}\n${err}")
endif()

# ---- over network time: E per hour, and with a battery the lifetime ----
# The periodic meters (test/e2e/periodic) under onmote and under the auto plan with a battery, which
# places check on the base (periodic_rates.cmake): E per hour 65418 and 125360, an hour's E of each
# (e2e.periodic), and the battery plan's lifetime (about 720 days).
set(meters "${WORK_DIR}/meters_build")
file(WRITE "${meters}/CMakeCache.txt" "")
file(WRITE "${meters}/edgecut_compare/onmote.base" "${METERS_BASE}")
file(WRITE "${meters}/edgecut_compare/battery.base" "${METERS_BATTERY_BASE}")
file(WRITE "${meters}/edgecut_compare/meters.json" "{\"program\": \"meters\", \"cmake\": \"${CMAKE_COMMAND}\", \"plans\": [
  {\"name\": \"onmote\", \"plan\": \"${SOURCE_DIR}/test/e2e/periodic/plans/onmote.json\", \"target\": \"none\", \"base_file\": \"${meters}/edgecut_compare/onmote.base\"},
  {\"name\": \"battery\", \"plan\": \"${SOURCE_DIR}/test/e2e/periodic/battery/auto.json\", \"target\": \"none\", \"base_file\": \"${meters}/edgecut_compare/battery.base\"}]}\n")
compare(out err code --program meters --no-build -p "${meters}" -o "${WORK_DIR}/meters")
if(NOT code EQUAL 0
   OR NOT out MATCHES "\nplan +energy +instructions +transmit +messages +integers +bytes +operations +joules +E/h +lifetime_days +first_out\n"
   OR NOT out MATCHES "\nonmote +65418 [^\n]* - +65418 +- +-\n"
   OR NOT out MATCHES "\nbattery +125360 [^\n]* [0-9.]+ +125360 +7[0-2][0-9](\\.[0-9]+)? +mote [12]\n")
  message(FATAL_ERROR "compare should print E per hour and the lifetime (exit 0), got ${code}:\n${out}\n${err}")
endif()
message(STATUS "over network time:\n${out}")
