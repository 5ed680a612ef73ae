# Runs a base program whose mote code prints (mote_output/chatty.cpp) on the sim and checks that
# its stdout is main's lines alone (EXPECTED_STDOUT) and that the motes' lines, from stdout and
# stderr alike, reach its stderr labelled by the mote that printed them, in order
# (EXPECTED_MOTE_LINES): every line of stderr but edgecut's own. Inputs: BASE, EXPECTED_STDOUT,
# EXPECTED_MOTE_LINES.
execute_process(COMMAND "${BASE}" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "${BASE} failed (${code}):\n${out}\n${err}")
endif()
file(READ "${EXPECTED_STDOUT}" expected_stdout)
if(NOT out STREQUAL expected_stdout)
  message(FATAL_ERROR "the base's stdout should be main's lines alone:\n${expected_stdout}\nit is:\n${out}")
endif()
string(REGEX REPLACE "(^|\n)edgecut: [^\n]*" "" mote_lines "${err}")
string(REGEX REPLACE "^\n" "" mote_lines "${mote_lines}")
file(READ "${EXPECTED_MOTE_LINES}" expected_mote_lines)
if(NOT mote_lines STREQUAL expected_mote_lines)
  message(FATAL_ERROR "the motes' lines on the base's stderr should be\n${expected_mote_lines}\nthey are:\n"
                      "${mote_lines}\n(the whole stderr:\n${err})")
endif()
message(STATUS "main's lines on stdout; the motes' lines on stderr, labelled")
