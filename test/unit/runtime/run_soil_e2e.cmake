# Runs a soil base program on the sim and checks its output, report and failure modes.
# Inputs: BASE, MOTE, EXPECTED_STDOUT, WORK_DIR, TRANSMIT, OPERATIONS, MESSAGES, INTEGERS,
#         WRONG_FINGERPRINT_MOTE (a mote program built from another plan),
#         WRONG_FINGERPRINT_GLUE (its edgecut_glue.hpp, which holds its fingerprint) and
#         SOURCES_DIR (sensor_sources/: a network with every sensor-source form, and its output).
#
# The expected stdout (soil_expected_stdout.txt) is the integer mean of 8 samples per mote, from
# samples/soil/plans/network.json:
#   mote 1  values 20,25,30 cycled: 20+25+30+20+25+30+20+25 = 195 -> 24  dry  -> open
#   mote 2  values 40,45,35 cycled: 325 -> 40                               -> closed
#   mote 3  constant 12                                                     -> open
#   mote 4  random [10,60] seed 4 (splitmix64): 20,38,13,22,50,20,28,42 = 233 -> 29 -> open
#   mote 5  values 55,50 cycled: 420 -> 52                                  -> closed
cmake_minimum_required(VERSION 3.21)
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

function(fail)
  string(JOIN "" message ${ARGN})
  message(FATAL_ERROR "${message}")
endfunction()

# A JSON number as an integer string ("133500.0" -> "133500"); fails on a fraction.
function(json_integer out json)
  string(JSON value GET "${json}" ${ARGN})
  if(value MATCHES "^(-?[0-9]+)(\\.0*)?$")
    set(${out} "${CMAKE_MATCH_1}" PARENT_SCOPE)
  else()
    fail("report: ${ARGN} is ${value}, not an integer")
  endif()
endfunction()

function(run_base report stdout_var stderr_var)
  execute_process(COMMAND "${BASE}" --report "${report}" ${ARGN}
    RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
  if(NOT code EQUAL 0)
    fail("${BASE} failed (${code}):\n${out}\n${err}")
  endif()
  set(${stdout_var} "${out}" PARENT_SCOPE)
  set(${stderr_var} "${err}" PARENT_SCOPE)
endfunction()

# ---- a normal run: the program's output and the report ----
run_base("${WORK_DIR}/first.json" out err)
file(READ "${EXPECTED_STDOUT}" expected)
if(NOT out STREQUAL expected)
  fail("stdout differs.\nexpected:\n${expected}\nactual:\n${out}")
endif()
math(EXPR energy "${OPERATIONS} + ${TRANSMIT}")  # energy.instruction is 1
if(NOT err MATCHES "edgecut: .* ${MESSAGES} messages, ${INTEGERS} integers, [0-9]+ bytes; transmit energy ${TRANSMIT}; ${OPERATIONS} operations, instruction energy ${OPERATIONS}; energy ${energy};")
  fail("the summary on stderr is not as expected:\n${err}")
endif()

file(READ "${WORK_DIR}/first.json" report)
json_integer(transmit "${report}" energy transmit)
json_integer(messages "${report}" messages)
json_integer(integers "${report}" integers)
json_integer(malformed "${report}" malformed_frames)
json_integer(operations "${report}" operations)
json_integer(total "${report}" energy total)
foreach(check "transmit;${TRANSMIT}" "messages;${MESSAGES}" "integers;${INTEGERS}" "malformed;0"
              "operations;${OPERATIONS}" "total;${energy}")
  list(GET check 0 name)
  list(GET check 1 wanted)
  if(NOT ${name} EQUAL wanted)
    fail("report: ${name} is ${${name}}, expected ${wanted}")
  endif()
endforeach()

# Every node, in id order; the base transmits for free.
string(JSON node_count LENGTH "${report}" nodes)
if(NOT node_count EQUAL 6)
  fail("report: ${node_count} nodes, expected the base and 5 motes")
endif()
foreach(i RANGE 5)
  json_integer(id "${report}" nodes ${i} id)
  if(NOT id EQUAL i)
    fail("report: nodes[${i}] has id ${id}")
  endif()
endforeach()
json_integer(base_transmit "${report}" nodes 0 transmit)
if(NOT base_transmit EQUAL 0)
  fail("report: the base's transmissions cost ${base_transmit}")
endif()

# The actuator trace: one valve write per mote, in the order the program made them.
string(JSON write_count LENGTH "${report}" actuator_writes)
if(NOT write_count EQUAL 5)
  fail("report: ${write_count} actuator writes, expected 5")
endif()
set(valves 1 0 1 1 0)
foreach(i RANGE 4)
  json_integer(node "${report}" actuator_writes ${i} node)
  string(JSON actuator GET "${report}" actuator_writes ${i} actuator)
  json_integer(value "${report}" actuator_writes ${i} value)
  math(EXPR mote "${i} + 1")
  list(GET valves ${i} valve)
  if(NOT node EQUAL mote OR NOT actuator STREQUAL "valve" OR NOT value EQUAL valve)
    fail("report: actuator_writes[${i}] is node ${node} ${actuator}=${value}, expected node ${mote} valve=${valve}")
  endif()
endforeach()

# ---- runs are deterministic (mote 4 reads a seeded random source) ----
run_base("${WORK_DIR}/second.json" out2 err2)
file(READ "${WORK_DIR}/second.json" report2)
if(NOT out2 STREQUAL out OR NOT report2 STREQUAL report)
  fail("two runs differ:\n${out}\n${out2}")
endif()

# ---- edgecut's options are taken out; the program's are passed on ----
run_base("${WORK_DIR}/third.json" out3 err3 --timeout-ms 2000 -- --program-option)
if(NOT out3 STREQUAL expected)
  fail("with --timeout-ms the output differs:\n${out3}")
endif()

# ---- under 20% loss (and duplicates, delays, reordering) the output and the writes are the same ----
run_base("${WORK_DIR}/lossy.json" out4 err4 --faults "loss=0.2,duplicate=0.05,delay=0-10ms,reorder=0.1,seed=7"
         --retries 9 --retry-ms 60 --timeout-ms 60000)
if(NOT out4 STREQUAL expected)
  fail("under faults the output differs:\n${out4}\n${err4}")
endif()
file(READ "${WORK_DIR}/lossy.json" lossy)
string(JSON lossy_writes GET "${lossy}" actuator_writes)
string(JSON writes GET "${report}" actuator_writes)
if(NOT lossy_writes STREQUAL writes)
  fail("under faults the actuator writes differ (a resent WRITE ran twice?):\n${lossy_writes}\nwithout faults:\n${writes}")
endif()
json_integer(dropped "${lossy}" faults dropped)
json_integer(resent "${lossy}" retransmissions)
if(dropped EQUAL 0 OR resent EQUAL 0)
  fail("the lossy run lost ${dropped} frames and resent ${resent} requests: it tested nothing")
endif()
json_integer(lossy_messages "${lossy}" messages)
if(NOT lossy_messages GREATER MESSAGES)
  fail("resent and lost frames are radio traffic, but the lossy run accounted ${lossy_messages} messages")
endif()

# ---- a mote program built from another plan is refused, naming both fingerprints and plans: each
# side names its own plan (the mote host's stderr is the base's) ----
file(STRINGS "${WRONG_FINGERPRINT_GLUE}" glue_line REGEX "\\.fingerprint = 0x")
string(REGEX REPLACE ".*(0x[0-9a-f]+)ull.*" "\\1" mote_fingerprint "${glue_line}")
execute_process(COMMAND "${BASE}" --mote-exe "${WRONG_FINGERPRINT_MOTE}"
  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
string(JSON base_fingerprint GET "${report}" fingerprint)
string(CONCAT mote_refusal "edgecut: error: mote 1 refused the base's HELLO: mote 1 runs program fingerprint "
            "${mote_fingerprint} (input.cpp with plan plan.json), but the base runs ${base_fingerprint}; build the "
            "base and mote programs from the same program and plan\n")
string(CONCAT base_refusal "edgecut: error: mote 1 refused the base's HELLO: mote 1 runs program fingerprint "
            "${mote_fingerprint}, but the base runs ${base_fingerprint} (input.cpp with plan plan.json); build the "
            "base and mote programs from the same program and plan\n")
string(FIND "${err}" "${mote_refusal}${base_refusal}" at)
if(NOT code EQUAL 1 OR NOT at EQUAL 0)
  fail("a mismatched mote program should be refused (exit 1) with\n${mote_refusal}${base_refusal}got ${code}:\n${err}")
endif()
if(NOT out STREQUAL "")
  fail("the refused program should print nothing on stdout, printed:\n${out}")
endif()

# ---- a missing mote program is a clear error, not a hang ----
execute_process(COMMAND "${BASE}" --mote-exe "${WORK_DIR}/no-such-mote"
  RESULT_VARIABLE code ERROR_VARIABLE err TIMEOUT 60)
if(NOT code EQUAL 2 OR NOT err MATCHES "cannot run the mote program")
  fail("a missing mote program should be reported (exit 2), got ${code}:\n${err}")
endif()

# ---- the mote program run by hand explains itself ----
execute_process(COMMAND "${MOTE}" RESULT_VARIABLE code ERROR_VARIABLE err TIMEOUT 60)
if(NOT code EQUAL 2 OR NOT err MATCHES "--sim-fd N")
  fail("the mote program without arguments should print its usage (exit 2), got ${code}:\n${err}")
endif()

# ---- authenticated frames: with a network key (--key-file, passed on to the mote host) every frame
# carries a MAC; the run is the same. A mote host with another key drops every frame as forged, so
# the base hears nothing and times out, naming the mote. ----
file(WRITE "${WORK_DIR}/network.key" "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n")
file(WRITE "${WORK_DIR}/other.key" "ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n")
run_base("${WORK_DIR}/keyed.json" keyed_out keyed_err --key-file "${WORK_DIR}/network.key")
if(NOT keyed_out STREQUAL expected)
  fail("with a network key the output differs:\n${keyed_out}\n${keyed_err}")
endif()
file(READ "${WORK_DIR}/keyed.json" keyed_report)
json_integer(keyed_transmit "${keyed_report}" energy transmit)
json_integer(keyed_malformed "${keyed_report}" malformed_frames)
if(NOT keyed_transmit EQUAL TRANSMIT OR NOT keyed_malformed EQUAL 0)
  fail("with a network key: transmit ${keyed_transmit} (expected ${TRANSMIT}), malformed ${keyed_malformed}")
endif()
file(WRITE "${WORK_DIR}/mote-with-other-key" "#!/bin/sh\nexec '${MOTE}' \"$@\" --key-file '${WORK_DIR}/other.key'\n")
file(CHMOD "${WORK_DIR}/mote-with-other-key" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE)
execute_process(COMMAND "${BASE}" --key-file "${WORK_DIR}/network.key" --timeout-ms 600
                        --mote-exe "${WORK_DIR}/mote-with-other-key"
  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
if(NOT code EQUAL 1 OR NOT err MATCHES "mote 1 did not answer .* within 600 ms \\(the HELLO before it was sent")
  fail("a mote host with another key should answer nothing (exit 1, a timeout naming mote 1), got ${code}:\n${err}")
endif()
execute_process(COMMAND "${BASE}" --key-file "${WORK_DIR}/no-such.key"
  RESULT_VARIABLE code ERROR_VARIABLE err TIMEOUT 60)
if(NOT code EQUAL 2 OR NOT err MATCHES "cannot open key file '.*no-such.key': No such file or directory")
  fail("a missing key file should be reported (exit 2), got ${code}:\n${err}")
endif()

# ---- every sensor-source form (a bare number, constant, values, random, csv) from --network FILE,
# which the base passes on to the mote host; the outcome by hand: sensor_sources/README.md ----
run_base("${WORK_DIR}/sources.json" sources_out sources_err --network "${SOURCES_DIR}/network.json")
file(READ "${SOURCES_DIR}/expected_stdout.txt" sources_expected)
if(NOT sources_out STREQUAL sources_expected)
  fail("on sensor_sources/network.json stdout differs.\nexpected:\n${sources_expected}\nactual:\n${sources_out}")
endif()

# ---- --network FILE is read by the plan's network reader: clang-style errors, grouped by mote ----
file(WRITE "${WORK_DIR}/typo.json" "{\"motes\": [\n"
  "  {\"id\": 1, \"class\": \"Soil\", \"position\": [3, 4], \"sensor\": {\"moisture\": 1}, \"actuators\": [\"valve\"]},\n"
  "  {\"id\": 2, \"class\": \"Soil\", \"position\": [6, 8], \"sensor\": {\"moisture\": 1}, \"actuators\": [\"valve\"]}]}\n")
execute_process(COMMAND "${BASE}" --network "${WORK_DIR}/typo.json"
  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
string(CONCAT typo_expected
  "${WORK_DIR}/typo.json:2:50: error: unknown key 'sensor' in motes 1, 2; did you mean 'sensors'?\n"
  "  {\"id\": 1, \"class\": \"Soil\", \"position\": [3, 4], \"sensor\": {\"moisture\": 1}, \"actuators\": [\"valve\"]},\n"
  "                                                 ^\n"
  "1 error generated.\n")
if(NOT code EQUAL 1 OR NOT err STREQUAL typo_expected OR NOT out STREQUAL "")
  fail("a misspelt key in --network FILE should be reported (exit 1) as\n${typo_expected}got ${code}:\n${err}")
endif()

# ---- the base starts the mote host before it loads the network, but after it checked the options:
# a wrong command line starts no host (the typo above was reported once, though a host had started) ----
file(WRITE "${WORK_DIR}/mote-leaving-a-mark" "#!/bin/sh\ntouch '${WORK_DIR}/mote-started'\nexec '${MOTE}' \"$@\"\n")
file(CHMOD "${WORK_DIR}/mote-leaving-a-mark" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE)
execute_process(COMMAND "${BASE}" --mote-exe "${WORK_DIR}/mote-leaving-a-mark" --faults "loss=2"
                        --network "${WORK_DIR}/typo.json"
  RESULT_VARIABLE code ERROR_VARIABLE err TIMEOUT 60)
if(NOT code EQUAL 2 OR NOT err MATCHES "^edgecut: error: --faults: " OR EXISTS "${WORK_DIR}/mote-started")
  fail("a wrong option should be reported (exit 2) before the network, starting no mote host, got ${code}:\n${err}")
endif()

# ---- more resends than fit in the deadline: a warning that says how many do, and when ----
execute_process(COMMAND "${BASE}" --retries 20 --timeout-ms 1000
  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
string(CONCAT retries_warning "edgecut: warning: --retries 20: only 3 resends fit in --timeout-ms 1000 (with "
  "--retry-ms 100 they go out at 100, 300 and 700 ms); a request is given up at its deadline, so raise "
  "--timeout-ms or lower --retries\n")
string(FIND "${err}" "${retries_warning}" at)
if(NOT code EQUAL 0 OR NOT at EQUAL 0 OR NOT out STREQUAL expected)
  fail("--retries 20 in 1000 ms should warn first, then run (exit 0), with\n${retries_warning}got ${code}:\n${err}")
endif()
execute_process(COMMAND "${BASE}" --retries 3 --timeout-ms 1000 RESULT_VARIABLE code ERROR_VARIABLE err TIMEOUT 60)
if(NOT code EQUAL 0 OR err MATCHES "warning")
  fail("--retries 3 fits in 1000 ms and should not warn, got ${code}:\n${err}")
endif()

# ---- the mote program killed mid-run (every frame delayed 40 ms, so the run takes seconds; the host
# is killed after half a second): an error, and a report that keeps the traffic and marks every
# mote lost ----
file(WRITE "${WORK_DIR}/mote-killed" "#!/bin/sh\nexec timeout -s KILL 0.5 '${MOTE}' \"$@\"\n")
file(CHMOD "${WORK_DIR}/mote-killed" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE)
execute_process(COMMAND "${BASE}" --mote-exe "${WORK_DIR}/mote-killed" --faults "delay=40ms" --report "${WORK_DIR}/killed.json"
  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
if(NOT code EQUAL 1 OR NOT err MATCHES "was killed by signal 9" OR NOT err MATCHES "operations unknown: motes 1–5 lost \\(no stats\\)")
  fail("a mote host killed mid-run should be an error (exit 1) naming how it ended, got ${code}:\n${err}")
endif()
file(READ "${WORK_DIR}/killed.json" killed)
json_integer(killed_messages "${killed}" messages)
string(JSON killed_writes LENGTH "${killed}" actuator_writes)
string(JSON killed_operations TYPE "${killed}" operations)
string(JSON base_lost GET "${killed}" nodes 0 lost)
if(killed_messages EQUAL 0 OR NOT killed_writes EQUAL 0 OR NOT killed_operations STREQUAL "NULL" OR base_lost)
  fail("the killed run's report should keep its traffic, no writes and unknown operations:\n${killed}")
endif()
foreach(i RANGE 1 5)
  string(JSON lost GET "${killed}" nodes ${i} lost)
  string(JSON node_operations TYPE "${killed}" nodes ${i} operations)
  if(NOT lost OR NOT node_operations STREQUAL "NULL")
    fail("report: mote ${i} of the killed host should be lost, its operations null:\n${killed}")
  endif()
endforeach()
