# Checks edgecut-report's table against report/expected.txt, and that a bad argument is an error.
# Inputs: REPORT_TOOL, DATA_DIR.
# The rows go by total energy E, not by transmit energy alone: mote-side averaging transmits less
# but executes 1,000,000 operations; a run with unknown O and E (plan_c: its mote host died) is last.
execute_process(COMMAND "${REPORT_TOOL}" "crashed=${DATA_DIR}/plan_c.json" "mote-side-averaging=${DATA_DIR}/plan_b.json"
                        "onbase=${DATA_DIR}/plan_a.json"
  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(READ "${DATA_DIR}/expected.txt" expected)
if(NOT code EQUAL 0 OR NOT out STREQUAL expected)
  message(FATAL_ERROR "edgecut-report printed (exit ${code}):\n${out}${err}\nexpected:\n${expected}")
endif()
execute_process(COMMAND "${REPORT_TOOL}" "onbase=${DATA_DIR}/missing.json"
  RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 1 OR NOT err MATCHES "edgecut-report: error: cannot read")
  message(FATAL_ERROR "a missing report should be an error, got ${code}: ${err}")
endif()
