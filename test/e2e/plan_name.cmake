# Runs two base programs partitioned from the same program with the same placement, whose plan
# files have different names in different directories (FIRST, SECOND), and checks that their reports
# are the same but for the plan and program names: what a run costs depends on the program and the
# placement only. Inputs: FIRST, SECOND, WORK_DIR.
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

foreach(which FIRST SECOND)
  execute_process(COMMAND "${${which}}" --report "${WORK_DIR}/${which}.json"
    RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "${${which}} failed (${code}):\n${out}\n${err}")
  endif()
  file(READ "${WORK_DIR}/${which}.json" report)
  string(JSON plan_${which} GET "${report}" plan)
  string(JSON report REMOVE "${report}" plan)
  string(JSON report REMOVE "${report}" program)
  set(report_${which} "${report}")
  file(WRITE "${WORK_DIR}/${which}.without_names.json" "${report}\n")
endforeach()

string(LENGTH "${plan_FIRST}" first_length)
string(LENGTH "${plan_SECOND}" second_length)
if(NOT second_length GREATER first_length)
  message(FATAL_ERROR "the second plan's name (${plan_SECOND}) should be longer than the first's "
                      "(${plan_FIRST}), or this tests nothing")
endif()
if(NOT report_FIRST STREQUAL report_SECOND)
  execute_process(COMMAND diff -u "${WORK_DIR}/FIRST.without_names.json" "${WORK_DIR}/SECOND.without_names.json"
                  OUTPUT_VARIABLE difference)
  message(FATAL_ERROR "the same program and placement under plan ${plan_FIRST} and under plan ${plan_SECOND} "
                      "give other reports (names aside):\n${difference}")
endif()
message(STATUS "plans ${plan_FIRST} and ${plan_SECOND}: the same report but for the names")
