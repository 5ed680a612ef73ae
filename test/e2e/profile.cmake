# `edgecut partition --profile`, end to end, on test/e2e/profile/tank.cpp. Inputs: EDGECUT,
# SOURCE_DIR (test/e2e/profile), WORK_DIR, ESTIMATED_BASE (tank.cpp partitioned with auto.json),
# PROFILED_BASE and PROFILED_PLACEMENT (the same with PROFILE run.json: its base program and its
# placement.resolved.json).
#
# The figures, by hand. Three tanks at (3,4), (6,8) and (5,12): d² 25, 100 and 169, 98 on average;
# energy.instruction 1, energy.transmit 100. main() calls peakLevel(window) once per tank (3 calls)
# with window 1, and peakLevel's loop runs window - 1 times.
#   - Estimated: peakLevel's loop has no constant trip count and counts 10 (collect_operations.hpp).
#     Its block: peak = getLevel() (an assignment and a call: 2), the for's init (1) and final test
#     i < window (2): 5. The loop body: level = getLevel() (2), the if's test and branch (2), the
#     for's test (2) and ++i (1): 7; the if's then-block, peak = level: 1. One call runs
#     5 + 10 x (7 + 1) = 85 operations and reads the level 1 + 10 = 11 times.
#       on the tank: 3 x 85 = 255 operations, and 3 results of one value: 100 x 3 x 98 = 29400;
#                    E = 29655
#       on the base: 3 x 11 reads of one value: 100 x 33 x 98 = 323400
#     so the estimate puts it on the tank, and the run measures E = 3 x 5 + 29400 = 29415.
#   - Measured (the report of the auto run, peakLevel on the tanks): 3 runs of 5 operations each
#     (the loop never runs), 3 reads (local, free), and 3 results of one value over the radio.
#       on the tank: 3 x 5 + 29400 = 29415
#       on the base: 3 reads of one value: 100 x 3 x 98 = 29400
#     so the profile puts it on the base, and the profiled build's run measures exactly that E.
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
# Relative paths in every message: the program, its plan and the reports all in WORK_DIR (run.json,
# the checked-in profile, stays as checked-in.json: the run writes its own).
file(COPY "${SOURCE_DIR}/" DESTINATION "${WORK_DIR}")
file(RENAME "${WORK_DIR}/run.json" "${WORK_DIR}/checked-in.json")

# Runs a command in WORK_DIR; fails unless it exits with `code` and prints `expected_out` on stdout
# and `expected_err` on stderr (each "*" when any text will do).
function(expect name code expected_out expected_err)
  execute_process(COMMAND ${ARGN} WORKING_DIRECTORY "${WORK_DIR}"
    RESULT_VARIABLE got_code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT got_code EQUAL code OR (NOT expected_out STREQUAL "*" AND NOT out STREQUAL expected_out)
     OR (NOT expected_err STREQUAL "*" AND NOT err STREQUAL expected_err))
    message(FATAL_ERROR "${name}: exit ${got_code} (expected ${code})\n--- expected stdout\n${expected_out}--- got\n${out}"
                        "--- expected stderr\n${expected_err}--- got\n${err}")
  endif()
endfunction()

# The value at a JSON path in `json`, e.g. json_get(x "${report}" energy total).
function(json_get out json)
  string(JSON value GET "${json}" ${ARGN})
  set(${out} "${value}" PARENT_SCOPE)
endfunction()

function(expect_equal what got expected)
  if(NOT got STREQUAL expected)
    message(FATAL_ERROR "${what}: expected ${expected}, got ${got}")
  endif()
endfunction()

# The entry of `key` in a report's profile.functions.
function(profile_entry out report key)
  string(JSON count LENGTH "${report}" profile functions)
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    string(JSON entry GET "${report}" profile functions ${i})
    string(JSON entry_key GET "${entry}" key)
    if(entry_key STREQUAL key)
      set(${out} "${entry}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
  message(FATAL_ERROR "the report's profile has no function '${key}'")
endfunction()

# "calls over_radio integers_to_callee integers_to_caller" of the call from `entry` to `callee`
# (its kind, "function", "sensor" or "actuator", and name).
function(call_counts out entry kind callee)
  string(JSON count LENGTH "${entry}" calls)
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    string(JSON call GET "${entry}" calls ${i})
    string(JSON name ERROR_VARIABLE missing GET "${call}" ${kind})
    if(NOT missing AND name STREQUAL callee)
      string(JSON calls GET "${call}" calls)
      string(JSON radio GET "${call}" over_radio)
      string(JSON to_callee GET "${call}" integers_to_callee)
      string(JSON to_caller GET "${call}" integers_to_caller)
      set(${out} "${calls} ${radio} ${to_callee} ${to_caller}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
  message(FATAL_ERROR "no call to ${kind} ${callee} in ${entry}")
endfunction()

set(tank_output "tank 1: peak 70 cm, pump off
tank 2: peak 85 cm, pump on
tank 3: peak 40 cm, pump off
")

# ---- 1. The run: the static estimate's placement, measured ----
expect(estimated_run 0 "${tank_output}" "*" "${ESTIMATED_BASE}" --report run.json)
file(READ "${WORK_DIR}/run.json" report)
profile_entry(peak "${report}" "Tank::peakLevel(int)")
json_get(runs "${peak}" runs_on_motes)
expect_equal("peakLevel's runs on the tanks" "${runs}" 3)
json_get(operations "${peak}" operations)
expect_equal("peakLevel's operations" "${operations}" 15)
call_counts(reads "${peak}" sensor level)
expect_equal("peakLevel's reads (on its own tank: no radio)" "${reads}" "3 0 0 0")
profile_entry(main "${report}" "main(int, char **)")
json_get(runs "${main}" runs_on_base)
expect_equal("main's runs" "${runs}" 1)
call_counts(calls "${main}" function "Tank::peakLevel(int)")
expect_equal("main -> peakLevel: 3 CALLs of one argument, 3 RESULTs of one value" "${calls}" "3 3 3 3")
call_counts(writes "${main}" actuator pump)
expect_equal("main -> pump: 3 WRITEs of one value" "${writes}" "3 3 3 0")
json_get(estimated_energy "${report}" energy total)
expect_equal("the estimated placement's measured energy" "${estimated_energy}" 29415.0)
# The profile the profiled build was partitioned with is this run's.
file(READ "${WORK_DIR}/checked-in.json" checked_in)
string(JSON measured_profile GET "${report}" profile)
string(JSON checked_in_profile GET "${checked_in}" profile)
string(JSON same EQUAL "${measured_profile}" "${checked_in_profile}")
if(NOT same)
  message(FATAL_ERROR "test/e2e/profile/run.json is not the profile this run measures; replace its "
                      "\"profile\" with:\n${measured_profile}")
endif()

# ---- 2. The static estimate and the profile's, side by side ----
expect(explain_estimated 0 "function              side  why
Tank::peakLevel(int)  mote  energy: E = 29655 (instructions 255 + transmit 29400) here; on the base: E = 323400 (instructions 0 + transmit 323400)
main(int, char **)    base  main always runs on the base

estimated energy of this placement: E = 29655 (instructions 255 + transmit 29400)
" "" "${EDGECUT}" explain --plan auto.json tank.cpp -- -std=c++20)
expect(explain_profiled 0 "function              side  why
Tank::peakLevel(int)  base  energy: E = 29400 (instructions 0 + transmit 29400) here; on the mote: E = 29415 (instructions 15 + transmit 29400); measured in run.json: 3 runs, 3 calls and reads, 5 operations per run, 1 integer per result
main(int, char **)    base  main always runs on the base

with the counts of run.json, the energy of this placement: E = 29400 (instructions 0 + transmit 29400)
" "" "${EDGECUT}" explain --plan auto.json --profile run.json tank.cpp -- -std=c++20)

# ---- 3. The profile's placement (edgecut_partition's PROFILE), measured: what its estimate said ----
file(READ "${PROFILED_PLACEMENT}" profiled_placement)
json_get(side "${profiled_placement}" functions 0 side)
expect_equal("peakLevel's side in the profiled build" "${side}" base)
expect(profiled_run 0 "${tank_output}" "*" "${PROFILED_BASE}" --report profiled_run.json)
file(READ "${WORK_DIR}/profiled_run.json" profiled_report)
json_get(profiled_energy "${profiled_report}" energy total)
expect_equal("the profiled build's measured energy (the profile's E for peakLevel on the base)"
             "${profiled_energy}" 29400.0)

# ---- 4. partition --profile: the side, the counts behind it, and the depfile ----
expect(partition 0 "" "" "${EDGECUT}" partition --plan auto.json --profile run.json -o out tank.cpp -- -std=c++20)
file(READ "${WORK_DIR}/out/placement.resolved.json" resolved)
json_get(side "${resolved}" functions 0 side)
expect_equal("peakLevel's side with the profile" "${side}" base)
json_get(counts "${resolved}" functions 0 energy counts)
expect_equal("peakLevel's counts" "${counts}"
  "measured in run.json: 3 runs, 3 calls and reads, 5 operations per run, 1 integer per result")
file(READ "${WORK_DIR}/out/edgecut.d" depfile)
if(NOT depfile MATCHES "/run\\.json")
  message(FATAL_ERROR "the depfile does not name the profile:\n${depfile}")
endif()

# ---- 5. Profiles that do not fit: exact diagnostics, and nothing written ----
file(WRITE "${WORK_DIR}/other.json" [=[{
  "program": "pump.cpp",
  "profile": {
    "functions": [
      { "key": "Tank::peak(int)", "id": 1, "runs_on_base": 0, "runs_on_motes": 3, "operations": 15,
        "calls": [] }
    ]
  }
}
]=])
expect(another_program 1 "" "other.json:5:16: error: the profile's function 'Tank::peak(int)' is not in tank.cpp; did you mean 'Tank::peakLevel(int)'?
      { \"key\": \"Tank::peak(int)\", \"id\": 1, \"runs_on_base\": 0, \"runs_on_motes\": 3, \"operations\": 15,
               ^
other.json:2:14: note: the profile was measured on 'pump.cpp'; measure this program again: run its base program with '--report FILE'
  \"program\": \"pump.cpp\",
             ^
1 error generated.
" "${EDGECUT}" partition --plan auto.json --profile other.json -o out_other tank.cpp -- -std=c++20)
file(WRITE "${WORK_DIR}/old.json" [=[{
  "program": "tank.cpp",
  "energy": { "instructions": 15, "transmit": 29400, "total": 29415 }
}
]=])
expect(no_profile_section 1 "" "old.json:1:1: error: 'old.json' has no 'profile' section: it is not the report of a simulated run by this version of edgecut
{
^
edgecut: note: measure one: run the program's base program in simulation with '--report FILE' (a build of this program, with any plan), then give FILE to --profile
1 error generated.
" "${EDGECUT}" partition --plan auto.json --profile old.json -o out_old tank.cpp -- -std=c++20)
foreach(dir out_other out_old)
  if(EXISTS "${WORK_DIR}/${dir}")
    message(FATAL_ERROR "a failed partition wrote ${dir}/")
  endif()
endforeach()
