# Runs one sample under each of its plans (BASES: "|plan=base-executable|..."), and checks that
#  - every run exits 0 and prints exactly EXPECTED on stdout;
#  - every run drives the same actuator writes, in the same order;
#  - where TRANSMIT ("plan=energy|...") gives a hand-computed figure, the report's transmit energy;
#  - where JOULES ("plan=sent,heard,hellos|...") gives the motes' bytes on air counted by hand (HELLOs
#    aside) and how many HELLOs they send and hear, the report's joules under tmote-sky: transmit
#    1670400 pJ per byte sent (8 bits / 250 kbit/s · 17.4 mA · 3 V), listen 1804800 pJ per byte heard
#    (18.8 mA), cpu 216000/39 pJ per operation (4 cycles / 3.9 MHz · 1.8 mA · 3 V). A HELLO is 18
#    bytes: 4 header bytes, the fingerprint (9) and the boot epoch (5).
#  - where OPERATIONS ("plan=TOTAL NODE:O NODE:O ...|...") gives hand-computed operations (measured
#    O), the report's total and per-node operations, and that energy.instructions is the plan's
#    energy.instruction (PLANS_DIR/<plan>.json) times the total and energy.total the sum of the terms;
#  - where MESSAGES ("plan=TOTAL NODE:SENT NODE:SENT ...|...") gives hand-counted messages, the
#    report's total (the base's included) and the messages each node listed sent;
#  - where TASK_RUNS ("plan=ON_BASE,ON_MOTES|...") gives the periodic task runs counted by hand, the
#    report's task_runs, and its network_time_ms where NETWORK_TIME_MS gives it;
#  - where ORDER ("a<b<c") is given, the plans' total energies (E = instructions + transmit, as
#    measured) are strictly in that order;
#  - with KEY_FILE, that plan KEYED_PLAN run again with that network key (every frame authenticated,
#    runtime/README.md) prints the same output, drives the same actuator writes, sends the same
#    messages with the same transmit energy, rejects nothing, and that its bytes are the plain run's
#    plus each frame's envelope: a 16-byte tag on every hop of a frame, and an 8-byte challenge on
#    each hop of a HELLO (so the difference less 16 per message is a multiple of 8); where JOULES gives the plan's
#    figures, its joules by hand with the envelopes (a HELLO is 42 bytes then);
#  - with FAULTS (a --faults spec), that every plan run again on that faulty radio prints the same
#    output and drives the same actuator writes as without faults (each write applied exactly once:
#    a resent WRITE that ran twice would show twice), and that the faults did lose frames.
string(REPLACE "|" ";" bases "${BASES}")
string(REPLACE "|" ";" transmit_figures "${TRANSMIT}")
string(REPLACE "|" ";" joule_figures "${JOULES}")
string(REPLACE "|" ";" operation_figures "${OPERATIONS}")
string(REPLACE "|" ";" message_figures "${MESSAGES}")
string(REPLACE "|" ";" task_run_figures "${TASK_RUNS}")

# Checks the figures of `plan` (from the caller) in `figures` ("plan=TOTAL NODE:N NODE:N ...|..."),
# computed by hand: TOTAL against the report's `total_key`, each N against that node's `node_key`.
# Sets `out` to TOTAL, or to "" when `figures` has none for the plan.
function(check_totals out report_json figures total_key node_key what)
  set(${out} "" PARENT_SCOPE)
  foreach(figure ${figures})
    if(NOT figure MATCHES "^${plan}=(.+)$")
      continue()
    endif()
    string(REPLACE " " ";" wanted "${CMAKE_MATCH_1}")
    list(POP_FRONT wanted total)
    string(JSON got GET "${report_json}" ${total_key})
    if(NOT got STREQUAL total)
      message(FATAL_ERROR "plan ${plan}: ${got} ${what} in all, computed by hand: ${total}")
    endif()
    foreach(node_figure ${wanted})
      string(REPLACE ":" ";" node_figure "${node_figure}")
      list(GET node_figure 0 id)
      list(GET node_figure 1 want)
      node_field(value "${report_json}" ${id} ${node_key})
      if(NOT value STREQUAL want)
        message(FATAL_ERROR "plan ${plan}: node ${id}: ${value} ${what}, computed by hand: ${want}")
      endif()
    endforeach()
    set(${out} "${total}" PARENT_SCOPE)
  endforeach()
endfunction()

# The value of field `field` of the node with id `id` in the report's nodes, into `out`.
function(node_field out report_json id field)
  string(JSON node_count LENGTH "${report_json}" nodes)
  math(EXPR last "${node_count} - 1")
  foreach(i RANGE ${last})
    string(JSON node_id GET "${report_json}" nodes ${i} id)
    if(node_id EQUAL id)
      string(JSON value GET "${report_json}" nodes ${i} ${field})
      set(${out} "${value}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
  message(FATAL_ERROR "plan ${plan}: the report has no node ${id}")
endfunction()

# A JSON number (e.g. "0.000306816", "6.13632e-05") in picojoules, rounded to an integer: CMake has
# no floating point, and the sums the report makes carry rounding far below a picojoule.
function(picojoules out number)
  if(NOT number MATCHES "^([0-9]+)(\\.([0-9]*))?([eE]([-+]?[0-9]+))?$")
    message(FATAL_ERROR "not a non-negative JSON number: ${number}")
  endif()
  set(digits "${CMAKE_MATCH_1}${CMAKE_MATCH_3}")
  string(LENGTH "${CMAKE_MATCH_3}" fraction_length)
  set(exponent "${CMAKE_MATCH_5}")
  if(exponent STREQUAL "")
    set(exponent 0)
  endif()
  math(EXPR shift "${exponent} - ${fraction_length} + 12")
  if(shift GREATER_EQUAL 0)
    string(REPEAT "0" ${shift} zeros)
    string(APPEND digits "${zeros}")
    set(rounded_up 0)
  else()
    math(EXPR dropped "-(${shift})")
    string(LENGTH "${digits}" length)
    if(dropped GREATER_EQUAL length)
      string(REPEAT "0" ${dropped} zeros)
      set(digits "${zeros}${digits}")
      string(LENGTH "${digits}" length)
    endif()
    math(EXPR keep "${length} - ${dropped}")
    string(SUBSTRING "${digits}" ${keep} 1 first_dropped)
    string(SUBSTRING "${digits}" 0 ${keep} digits)
    set(rounded_up 0)
    if(first_dropped GREATER_EQUAL 5)
      set(rounded_up 1)
    endif()
  endif()
  # Leading zeros off (a REGEX REPLACE with ^ would strip inner zeros too: it re-anchors per match).
  string(REGEX MATCH "^0+" zeros "${digits}")
  string(LENGTH "${zeros}" zero_count)
  string(SUBSTRING "${digits}" ${zero_count} -1 digits)
  if(digits STREQUAL "")
    set(digits 0)
  endif()
  math(EXPR value "${digits} + ${rounded_up}")
  set(${out} "${value}" PARENT_SCOPE)
endfunction()
# Runs `base` (from the caller) with --report <stem>.report.json and the extra arguments; fails
# naming `what` unless it exits 0 and prints the expected output. Sets `out` to the report's text.
function(run_plan out stem what timeout)
  execute_process(COMMAND "${base}" --report "${stem}.report.json" ${ARGN}
    OUTPUT_VARIABLE output ERROR_VARIABLE summary RESULT_VARIABLE exit_code TIMEOUT ${timeout})
  if(NOT exit_code EQUAL 0)
    message(FATAL_ERROR "${what}: ${base} exited with ${exit_code}:\n${summary}")
  endif()
  if(NOT output STREQUAL expected)
    file(WRITE "${stem}.stdout" "${output}")
    execute_process(COMMAND diff -u "${EXPECTED}" "${stem}.stdout")
    message(FATAL_ERROR "${what}: the program's output differs from ${EXPECTED}")
  endif()
  file(READ "${stem}.report.json" report_json)
  set(${out} "${report_json}" PARENT_SCOPE)
endfunction()

# Checks a report's joules under tmote-sky against the motes' bytes counted by hand: `sent` and
# `heard` (HELLOs aside), `hellos` HELLOs sent and heard by the motes (18 bytes each), and with a
# network key `sealed_sent` and `sealed_heard` other frames, each with a 16-byte tag (a HELLO then
# has its 8-byte challenge and its tag too: 42 bytes); 0 and 0 without one.
function(check_joules report_json what sent heard hellos sealed_sent sealed_heard)
  set(hello 18)
  if(sealed_sent GREATER 0)
    set(hello 42)
  endif()
  math(EXPR want_transmit "(${sent} + ${hellos} * ${hello} + ${sealed_sent} * 16) * 1670400")
  math(EXPR want_listen "(${heard} + ${hellos} * ${hello} + ${sealed_heard} * 16) * 1804800")
  string(JSON operations ERROR_VARIABLE no_operations GET "${report_json}" operations)
  if(no_operations OR operations STREQUAL "null")
    set(operations 0)
  endif()
  math(EXPR want_cpu "(${operations} * 216000 + 19) / 39")
  foreach(state transmit listen cpu)
    string(JSON got GET "${report_json}" joules ${state})
    picojoules(got_pj "${got}")
    if(NOT got_pj EQUAL want_${state})
      message(FATAL_ERROR "${what}: joules.${state} is ${got} J (${got_pj} pJ), by hand ${want_${state}} pJ")
    endif()
  endforeach()
  message(STATUS "${what}: joules (transmit ${want_transmit} pJ, listen ${want_listen} pJ, "
                 "cpu ${want_cpu} pJ for ${operations} operations) as computed by hand")
endfunction()

# The plan run again with the network key KEY_FILE (see the top); `report_json` is its plain run's.
function(check_keyed_run report_json)
  run_plan(keyed_json "${WORK_DIR}/${plan}.keyed" "plan ${plan} with --key-file" 300 --key-file "${KEY_FILE}")
  foreach(key actuator_writes messages "energy;transmit" malformed_frames)
    string(JSON plain GET "${report_json}" ${key})
    string(JSON keyed GET "${keyed_json}" ${key})
    if(NOT plain STREQUAL keyed)
      message(FATAL_ERROR "plan ${plan} with a network key: ${key} is ${keyed}, without ${plain}")
    endif()
  endforeach()
  foreach(kind forged replayed unsolicited)
    string(JSON rejected GET "${keyed_json}" rejected_frames ${kind})
    if(NOT rejected EQUAL 0)
      message(FATAL_ERROR "plan ${plan} with a network key rejected ${rejected} frames as ${kind}")
    endif()
  endforeach()
  string(JSON messages GET "${keyed_json}" messages)
  string(JSON plain_bytes GET "${report_json}" bytes)
  string(JSON keyed_bytes GET "${keyed_json}" bytes)
  math(EXPR challenges "${keyed_bytes} - ${plain_bytes} - 16 * ${messages}")
  math(EXPR odd "${challenges} % 8")
  if(challenges LESS 16 OR NOT odd EQUAL 0)
    message(FATAL_ERROR "plan ${plan} with a network key: ${keyed_bytes} bytes, ${plain_bytes} without, "
                        "${messages} messages: ${challenges} bytes are no HELLOs' challenges (8 bytes on "
                        "each hop of a HELLO, at least a HELLO and its answer)")
  endif()
  if(DEFINED joules_${plan})
    # soil: the motes send one frame and hear one per request besides the HELLOs; every mote talks
    # to the base only, so the motes hear what the base sends.
    list(GET joules_${plan} 2 hellos)
    string(JSON base_messages GET "${keyed_json}" nodes 0 messages_sent)
    math(EXPR sealed_sent "${messages} - ${base_messages} - ${hellos}")
    math(EXPR sealed_heard "${base_messages} - ${hellos}")
    check_joules("${keyed_json}" "plan ${plan} with a network key" ${joules_${plan}} ${sealed_sent} ${sealed_heard})
  endif()
  math(EXPR hellos "${challenges} / 8")
  message(STATUS "plan ${plan} with a network key: same output, actuator writes, messages and transmit energy; "
                 "${keyed_bytes} bytes (${plain_bytes} + 16 x ${messages} tags + 8 x ${hellos} HELLO hops' challenges)")
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
file(READ "${EXPECTED}" expected)
set(reference_plan "")
foreach(entry ${bases})
  if(NOT entry MATCHES "^([^=]+)=(.+)$")
    continue()
  endif()
  set(plan "${CMAKE_MATCH_1}")
  set(base "${CMAKE_MATCH_2}")
  run_plan(report_json "${WORK_DIR}/${plan}" "plan ${plan}" 300)
  string(JSON writes GET "${report_json}" actuator_writes)
  if(reference_plan STREQUAL "")
    set(reference_plan "${plan}")
    set(reference_writes "${writes}")
  elseif(NOT writes STREQUAL reference_writes)
    message(FATAL_ERROR "plan ${plan} drives other actuator writes than plan ${reference_plan}:\n"
                        "${plan}: ${writes}\n${reference_plan}: ${reference_writes}")
  endif()
  foreach(figure ${transmit_figures})
    if(figure MATCHES "^${plan}=(.+)$")
      set(want "${CMAKE_MATCH_1}")
      string(JSON got GET "${report_json}" energy transmit)
      string(REGEX REPLACE "\\.0*$" "" got "${got}")
      if(NOT got STREQUAL want)
        message(FATAL_ERROR "plan ${plan}: transmit energy ${got}, computed by hand: ${want}")
      endif()
      message(STATUS "plan ${plan}: transmit energy ${got} as computed by hand")
    endif()
  endforeach()
  foreach(figure ${joule_figures})
    if(figure MATCHES "^${plan}=([0-9]+),([0-9]+),([0-9]+)$")
      set(joules_${plan} "${CMAKE_MATCH_1};${CMAKE_MATCH_2};${CMAKE_MATCH_3}")
      check_joules("${report_json}" "plan ${plan}" ${joules_${plan}} 0 0)
    endif()
  endforeach()
  check_totals(total "${report_json}" "${operation_figures}" operations operations "operations")
  if(NOT total STREQUAL "")
    # E = energy.instruction · O + the transmit term (docs/design.md §4).
    string(JSON instructions GET "${report_json}" energy instructions)
    string(JSON transmit GET "${report_json}" energy transmit)
    string(JSON energy GET "${report_json}" energy total)
    file(READ "${PLANS_DIR}/${plan}.json" plan_json)
    string(JSON instruction_cost GET "${plan_json}" energy instruction)
    string(REGEX REPLACE "\\.0*$" "" instruction_cost "${instruction_cost}")
    math(EXPR want_instructions "${instruction_cost} * ${total}")
    string(REGEX REPLACE "\\.0*$" "" instructions "${instructions}")
    string(REGEX REPLACE "\\.0*$" "" transmit "${transmit}")
    string(REGEX REPLACE "\\.0*$" "" energy "${energy}")
    math(EXPR want_energy "${want_instructions} + ${transmit}")
    if(NOT instructions STREQUAL want_instructions OR NOT energy STREQUAL want_energy)
      message(FATAL_ERROR "plan ${plan}: energy.instructions ${instructions} and energy.total ${energy}, "
                          "expected ${want_instructions} and ${want_energy}")
    endif()
    message(STATUS "plan ${plan}: ${total} operations as computed by hand; E = ${instructions} + ${transmit} = ${energy}")
  endif()
  check_totals(total "${report_json}" "${message_figures}" messages messages_sent "messages")
  if(NOT total STREQUAL "")
    message(STATUS "plan ${plan}: ${total} messages as counted by hand")
  endif()
  foreach(figure ${task_run_figures})
    if(NOT figure MATCHES "^${plan}=([0-9]+),([0-9]+)$")
      continue()
    endif()
    set(want_base "${CMAKE_MATCH_1}")
    set(want_motes "${CMAKE_MATCH_2}")
    string(JSON on_base GET "${report_json}" task_runs on_base)
    string(JSON on_motes GET "${report_json}" task_runs on_motes)
    if(NOT on_base EQUAL want_base OR NOT on_motes EQUAL want_motes)
      message(FATAL_ERROR "plan ${plan}: periodic task runs ${on_base} on the base and ${on_motes} on motes, "
                          "by hand ${want_base} and ${want_motes}")
    endif()
    if(DEFINED NETWORK_TIME_MS)
      string(JSON network_time GET "${report_json}" network_time_ms)
      if(NOT network_time EQUAL NETWORK_TIME_MS)
        message(FATAL_ERROR "plan ${plan}: network time at the end ${network_time} ms, expected ${NETWORK_TIME_MS}")
      endif()
    endif()
    message(STATUS "plan ${plan}: ${on_base} task runs on the base and ${on_motes} on motes, as counted by hand")
  endforeach()
  string(JSON total_${plan} GET "${report_json}" energy total)
  message(STATUS "plan ${plan}: output and actuator writes as expected")
  if(DEFINED KEY_FILE AND plan STREQUAL KEYED_PLAN)
    check_keyed_run("${report_json}")
    set(keyed_ran TRUE)
  endif()

  if(DEFINED FAULTS)
    # Room for 20% loss: 10 sends per request, the last 20 · 511 ms ≈ 10 s after the first, inside
    # the minute. The sim's faults hold frames in wall time, so each lost frame costs its sender the
    # first wait: 20 ms makes the run 2.2 times faster than 60 ms did (meters, raw: 12.5 s against
    # 27.5 s). A reply slower than that under load is resent, and the mote's duplicate window answers
    # the copy without running it again: the output and the writes checked here stay the same.
    run_plan(lossy_json "${WORK_DIR}/${plan}.lossy" "plan ${plan} with --faults ${FAULTS}" 600
             --faults "${FAULTS}" --retries 9 --retry-ms 20 --timeout-ms 60000)
    string(JSON lossy_writes GET "${lossy_json}" actuator_writes)
    if(NOT lossy_writes STREQUAL writes)
      message(FATAL_ERROR "plan ${plan} with --faults ${FAULTS} drives other actuator writes than without:\n"
                          "with: ${lossy_writes}\nwithout: ${writes}")
    endif()
    string(JSON dropped GET "${lossy_json}" faults dropped)
    string(JSON resent GET "${lossy_json}" retransmissions)
    string(JSON duplicates GET "${lossy_json}" duplicate_requests)
    if(dropped EQUAL 0)
      message(FATAL_ERROR "plan ${plan} with --faults ${FAULTS}: no frame was lost, so this tested nothing")
    endif()
    message(STATUS "plan ${plan} with --faults ${FAULTS}: same output and actuator writes; ${dropped} frames "
                   "lost, ${resent} requests resent, ${duplicates} duplicate requests not run again")
  endif()
endforeach()
if(ORDER)
  string(REPLACE "<" ";" order "${ORDER}")
  set(previous "")
  foreach(plan ${order})
    if(NOT DEFINED total_${plan})
      message(FATAL_ERROR "ORDER names plan ${plan}, which did not run")
    endif()
    if(previous AND NOT total_${previous} LESS total_${plan})
      message(FATAL_ERROR "plan ${previous} (E ${total_${previous}}) should use less energy than "
                          "plan ${plan} (E ${total_${plan}})")
    endif()
    set(previous "${plan}")
  endforeach()
  message(STATUS "total energies in the expected order: ${ORDER}")
endif()
if(reference_plan STREQUAL "")
  message(FATAL_ERROR "no plans to run")
endif()
if(DEFINED KEY_FILE AND NOT keyed_ran)
  message(FATAL_ERROR "KEYED_PLAN names plan '${KEYED_PLAN}', which did not run")
endif()
