# The command line as a user meets it. Inputs: EDGECUT, SOURCE_DIR, WORK_DIR.
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

function(expect_output name expected)
  execute_process(COMMAND ${ARGN} WORKING_DIRECTORY "${SOURCE_DIR}"
    RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0 OR NOT out STREQUAL expected)
    message(FATAL_ERROR "${name}: exit ${code}\n--- expected\n${expected}--- got\n${out}${err}")
  endif()
endfunction()

# explain: every placed function, its side and why. The static estimate: main's loop over the motes
# runs once per Soil mote of the network (5); each call executes 5 + 10 x 5 = 55 operations (its
# loop over `samples` has no constant trip count and counts 10: collect_operations.hpp) and sends one
# value from an average d² of 1335 / 5 = 267: 5 x 55 = 275 and 100 x 5 x 267 = 133500, the measured
# transmit energy (the measured O is 225: samples is 8).
expect_output(explain
"function                              side  why
Soil::avgMoisture(int)                mote  plan entry at samples/soil/plans/onmote.json:5:39
logDecision(unsigned int, int, bool)  base  pinned by [[onbase]]
main()                                base  main always runs on the base

estimated energy of this placement: E = 133775 (instructions 275 + transmit 133500)
"
  "${EDGECUT}" explain --plan samples/soil/plans/onmote.json samples/soil/soil.cpp -- -std=c++20)

# -p: compile_commands.json supplies the flags. The program only compiles with its -D.
file(WRITE "${WORK_DIR}/program.cpp" [=[
#include <edgecut/edgecut.hpp>
struct [[mote]] Soil { int getMoisture(); };
int main() { return SAMPLES; }
]=])
file(WRITE "${WORK_DIR}/plan.json" [=[
{ "network": { "base": { "position": [0, 0] },
               "motes": [ { "id": 1, "position": [1, 1], "sensors": { "moisture": 1 } } ] } }
]=])
file(WRITE "${WORK_DIR}/build/compile_commands.json" "[ { \"directory\": \"${WORK_DIR}\",
  \"command\": \"c++ -std=c++20 -DSAMPLES=8 -c program.cpp\", \"file\": \"program.cpp\" } ]\n")
expect_output(compile_commands ""
  "${EDGECUT}" check --plan "${WORK_DIR}/plan.json" -p "${WORK_DIR}/build" "${WORK_DIR}/program.cpp")
execute_process(COMMAND "${EDGECUT}" check --plan "${WORK_DIR}/plan.json" "${WORK_DIR}/program.cpp" --
                        -std=c++20
  RESULT_VARIABLE code OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT code EQUAL 1 OR NOT err MATCHES "use of undeclared identifier 'SAMPLES'")
  message(FATAL_ERROR "without compile_commands.json the program must not compile: ${code}\n${err}")
endif()

# --extra-arg and --extra-arg-before add to the database's command, as in clang-tidy: the last -D
# wins, so SAMPLES is 9 and the program's static_assert holds only with both.
file(WRITE "${WORK_DIR}/extra.cpp" [=[
#include <edgecut/edgecut.hpp>
struct [[mote]] Soil { int getMoisture(); };
static_assert(SAMPLES == 9 && EARLY == 1);
int main() { return SAMPLES; }
]=])
file(WRITE "${WORK_DIR}/extra/compile_commands.json" "[ { \"directory\": \"${WORK_DIR}\",
  \"command\": \"c++ -std=c++20 -DSAMPLES=8 -c extra.cpp\", \"file\": \"extra.cpp\" } ]\n")
expect_output(extra_arguments ""
  "${EDGECUT}" check --plan "${WORK_DIR}/plan.json" -p "${WORK_DIR}/extra" --extra-arg=-DSAMPLES=9
  --extra-arg-before -DEARLY=1 "${WORK_DIR}/extra.cpp")
# A response file holds options and sources alike (`@FILE`, read as clang tools read it).
file(WRITE "${WORK_DIR}/arguments.rsp" "--plan \"${WORK_DIR}/plan.json\" \"${WORK_DIR}/extra.cpp\"\n"
                                       "-- -std=c++20 -DSAMPLES=9 -DEARLY=1\n")
expect_output(response_file "" "${EDGECUT}" check "@${WORK_DIR}/arguments.rsp")
# A source the database does not list is an error, not a command guessed from its neighbours.
execute_process(COMMAND "${EDGECUT}" check --plan "${WORK_DIR}/plan.json" -p "${WORK_DIR}/extra"
                        "${WORK_DIR}/program.cpp"
  RESULT_VARIABLE code OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT code EQUAL 1 OR NOT err MATCHES "is not in the compilation database.*regenerate the database")
  message(FATAL_ERROR "a source missing from compile_commands.json: exit ${code}\n${err}")
endif()

# A usage error says what is wrong, shows the usage, and exits 2.
execute_process(COMMAND "${EDGECUT}" partition --plan plan.json program.cpp
  RESULT_VARIABLE code OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT code EQUAL 2 OR NOT err MATCHES "^edgecut: error: 'partition' needs '-o DIR'.*usage: edgecut")
  message(FATAL_ERROR "usage error: exit ${code}\n${err}")
endif()

# explain prints each planned cluster's head: given by the plan, or chosen by edgecut's rule. For
# room 312 without a head (base at 0,0), the members' d^2 to head h plus h's to the base:
#   h=1 14900, h=2 15900, h=3 15300, h=4 14300, h=6 43300: mote 4.
file(READ "${SOURCE_DIR}/samples/average_temperature/plans/network.json" network)
string(REPLACE "\"members\": [1, 2, 3, 4, 6], \"head\": 4" "\"members\": [1, 2, 3, 4, 6]" network "${network}")
file(WRITE "${WORK_DIR}/clusters/network.json" "${network}")
file(WRITE "${WORK_DIR}/clusters/plan.json" "{ \"network\": \"network.json\" }\n")
foreach(case "plan;samples/average_temperature/plans/onhead.json;head 4 (given by the plan)"
             "rule;${WORK_DIR}/clusters/plan.json;head 4 (least transmit energy: members to head, head to base)")
  list(GET case 1 plan)
  list(GET case 2 expected)
  execute_process(COMMAND "${EDGECUT}" explain --plan "${plan}"
                          samples/average_temperature/average_temperature.cpp -- -std=c++20
    WORKING_DIRECTORY "${SOURCE_DIR}" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(FIND "${out}" "  room312      members 1–4, 6           ${expected}\n" at)
  if(NOT code EQUAL 0 OR at EQUAL -1)
    message(FATAL_ERROR "explain should print '${expected}' for room312:\n${out}${err}")
  endif()
endforeach()
