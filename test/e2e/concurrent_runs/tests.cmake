# Included by test/e2e/CMakeLists.txt (within its `if(TARGET edgecut)`), which keeps it short.
# The base's runs of one time wait for their READs together (runtime/src/base/concurrent_runs.hpp)
# and print as one at a time would: concurrent_runs/program.cpp prints before, between and after
# each meter's two READs, on stdout and std::cout, for three meters over three minutes. onmote:
# the same prints are pushes to the base. Both print expected_output.txt (docs/design.md §9).
# Task runs: 3 x 3 = 9.
set(concurrent_dir ${CMAKE_CURRENT_SOURCE_DIR}/concurrent_runs)
set(bases "")
foreach(plan onmote onbase)
  edgecut_partition(NAME concurrent_runs_${plan} SOURCES ${concurrent_dir}/program.cpp
                    PLAN ${concurrent_dir}/plans/${plan}.json)
  string(APPEND bases "|${plan}=$<TARGET_FILE:concurrent_runs_${plan}_base>")
endforeach()
add_test(NAME e2e.concurrent_runs
  COMMAND ${CMAKE_COMMAND} "-DBASES=${bases}" -DEXPECTED=${concurrent_dir}/expected_output.txt
          -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/concurrent_runs -DPLANS_DIR=${concurrent_dir}/plans
          "-DTASK_RUNS=onmote=0,9|onbase=9,0" -DNETWORK_TIME_MS=180000 -P ${e2e_runner})
