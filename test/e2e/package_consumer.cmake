# edgecut as a package (README.md, "Using it from your CMake project"), checked on a project outside
# this tree:
#  - MODE install: `cmake --install` of this build into a scratch prefix;
#  - MODE deb: the Debian package `cpack -G DEB` makes, its name and declared dependencies checked,
#    extracted into a scratch root (dpkg-deb -x, as dpkg --root would unpack it);
# then a consumer does find_package(edgecut 0.2 CONFIG REQUIRED) against that prefix only, partitions
# samples/soil, and the three files of samples/meters_split under each of its plans, with the
# installed tool, compiles nothing but their generated units, links the prefix's runtime, and prints
# each sample's expected output under every plan. It prints how long the consumer's configure and
# build took, with the load average beside it (the bar: under 30 s on 2 cores).
# Inputs: EDGECUT_SOURCE, EDGECUT_BUILD (this build tree), MODE, WORK_DIR, VERSION, LLVM_MAJOR (the
# tool's LLVM, whose libraries the .deb must depend on).
set(project "${WORK_DIR}/project")
set(build "${WORK_DIR}/build")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${project}/plans")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "failed: ${ARGN}\n${out}\n${err}")
  endif()
  set(output "${out}${err}" PARENT_SCOPE)
  set(stdout "${out}" PARENT_SCOPE)
endfunction()

if(MODE STREQUAL "install")
  set(prefix "${WORK_DIR}/prefix")
  run("${CMAKE_COMMAND}" --install "${EDGECUT_BUILD}" --prefix "${prefix}")
elseif(MODE STREQUAL "deb")
  run("${CMAKE_COMMAND}" -E env "--unset=DESTDIR"
      cpack --config "${EDGECUT_BUILD}/CPackConfig.cmake" -G DEB -B "${WORK_DIR}/deb")
  set(deb "${WORK_DIR}/deb/edgecut_${VERSION}_amd64.deb")
  if(NOT EXISTS "${deb}")
    file(GLOB made "${WORK_DIR}/deb/*.deb")
    message(FATAL_ERROR "cpack -G DEB made '${made}', not ${deb}")
  endif()
  run(dpkg-deb --field "${deb}" Package Version Architecture Depends)
  # The tool's shared libraries (dpkg-shlibdeps) and what a consumer's build needs.
  foreach(expected "Package: edgecut" "Version: ${VERSION}" "Architecture: amd64" "libclang-cpp${LLVM_MAJOR}"
                   "libsodium" "libfmt-dev" "nlohmann-json3-dev" "libclang-common-${LLVM_MAJOR}-dev" "cmake")
    string(FIND "${stdout}" "${expected}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "the package's control fields lack '${expected}':\n${stdout}")
    endif()
  endforeach()
  run(dpkg-deb -x "${deb}" "${WORK_DIR}/root")
  set(prefix "${WORK_DIR}/root/usr")
else()
  message(FATAL_ERROR "MODE must be install or deb, not '${MODE}'")
endif()
foreach(installed bin/edgecut bin/edgecut-clangd include/edgecut/edgecut.hpp
                  include/edgecut/runtime/base.hpp)
  if(NOT EXISTS "${prefix}/${installed}")
    message(FATAL_ERROR "the ${MODE} lacks ${installed}")
  endif()
endforeach()
file(GLOB_RECURSE config "${prefix}/*/edgecutConfig.cmake")
file(GLOB_RECURSE plugin "${prefix}/*/edgecut-attributes.so")
if(NOT config OR NOT plugin)
  message(FATAL_ERROR "the ${MODE} lacks edgecutConfig.cmake ('${config}') or the plugin ('${plugin}')")
endif()

configure_file("${EDGECUT_SOURCE}/test/e2e/package_consumer/CMakeLists.txt.in" "${project}/CMakeLists.txt"
               COPYONLY)
configure_file("${EDGECUT_SOURCE}/samples/soil/soil.cpp" "${project}/app.cpp" COPYONLY)
configure_file("${EDGECUT_SOURCE}/samples/soil/plans/network.json" "${project}/plans/network.json" COPYONLY)
configure_file("${EDGECUT_SOURCE}/samples/soil/plans/onmote.json" "${project}/plans/plan.json" COPYONLY)
file(GLOB meters_files LIST_DIRECTORIES false RELATIVE "${EDGECUT_SOURCE}/samples/meters_split"
     "${EDGECUT_SOURCE}/samples/meters_split/*"
     "${EDGECUT_SOURCE}/samples/meters_split/plans/*.json")
foreach(file ${meters_files})
  configure_file("${EDGECUT_SOURCE}/samples/meters_split/${file}" "${project}/meters/${file}" COPYONLY)
endforeach()
file(GLOB meters_plans RELATIVE "${project}/meters/plans" "${project}/meters/plans/*.json")
list(FILTER meters_plans EXCLUDE REGEX "^network")
list(LENGTH meters_plans plan_count)
if(plan_count LESS 2)
  message(FATAL_ERROR "samples/meters_split has plans '${meters_plans}': expected several")
endif()

# Only the prefix: no package registry, no edgecut source or build tree. Milliseconds (%f is
# microseconds), so that the phases add up.
function(now variable)
  string(TIMESTAMP seconds "%s")
  string(TIMESTAMP micro "%f")
  math(EXPR ms "${seconds} * 1000 + ${micro} / 1000")
  set(${variable} ${ms} PARENT_SCOPE)
endfunction()
file(READ /proc/loadavg load)
string(REGEX MATCH "^[^ ]+ [^ ]+ [^ ]+" load "${load}")
now(started)
run("${CMAKE_COMMAND}" -S "${project}" -B "${build}" -G Ninja -DCMAKE_BUILD_TYPE=Release
    "-DCMAKE_PREFIX_PATH=${prefix}" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
now(configured)
run("${CMAKE_COMMAND}" --build "${build}" -- -v)
now(finished)
set(log "${output}")
math(EXPR configure_ms "${configured} - ${started}")
math(EXPR build_ms "${finished} - ${configured}")
math(EXPR total_ms "${finished} - ${started}")
foreach(ms total_ms configure_ms build_ms)
  math(EXPR whole "${${ms}} / 1000")
  math(EXPR tenths "${${ms}} % 1000 / 100")
  set(${ms} "${whole}.${tenths}")
endforeach()
message(STATUS "consumer configure + build against the ${MODE}: ${total_ms} s (configure ${configure_ms} s, "
               "build ${build_ms} s; load average ${load} before it)")

file(STRINGS "${build}/CMakeCache.txt" found REGEX "^edgecut_DIR:")
string(FIND "${found}" "${prefix}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "find_package found edgecut outside the ${MODE}: ${found}")
endif()
string(FIND "${log}" "${prefix}/bin/edgecut\" partition" tool_at)
string(FIND "${log}" "${prefix}/bin/edgecut partition" bare_tool_at)
if(tool_at EQUAL -1 AND bare_tool_at EQUAL -1)
  message(FATAL_ERROR "the partition did not run the ${MODE}'s tool:\n${log}")
endif()
# It compiles its own units and nothing of edgecut: soil's three (base, mote and the network's), and
# per plan the meters' five (a mote and a base unit of each source, and one network unit); and it
# links the prefix's runtime.
string(REGEX MATCHALL " -c [^ \n]+" compiled "${log}")
list(LENGTH compiled units)
foreach(unit ${compiled})
  if(NOT unit MATCHES "(app\\.edgecut/(base|mote)|meters_[a-z0-9_]+\\.edgecut/(main|store)\\.(base|mote)|(app|meters_[a-z0-9_]+)\\.edgecut/edgecut_network)\\.cpp$")
    message(FATAL_ERROR "a consumer of the ${MODE} compiled${unit}:\n${log}")
  endif()
endforeach()
math(EXPR expected_units "3 + 5 * ${plan_count}")
if(NOT units EQUAL expected_units)
  message(FATAL_ERROR "expected the ${expected_units} generated units compiled, not ${units}:\n${log}")
endif()
foreach(side base mote)
  string(REGEX MATCHALL "[^ \n]*libedgecut_runtime_${side}\\.a" linked "${log}")
  foreach(library ${linked})
    string(FIND "${library}" "${prefix}/" at)
    if(NOT at EQUAL 0)
      set(linked "")
    endif()
  endforeach()
  if(NOT linked)
    message(FATAL_ERROR "the consumer did not link the ${MODE}'s runtime_${side} (only):\n${log}")
  endif()
endforeach()

run("${build}/app_base")
file(READ "${EDGECUT_SOURCE}/samples/soil/expected_output.txt" expected)
if(NOT stdout STREQUAL expected)
  message(FATAL_ERROR "the consumer's program printed\n${stdout}\nnot\n${expected}")
endif()
file(READ "${EDGECUT_SOURCE}/samples/meters_split/expected_output.txt" expected)
foreach(plan ${meters_plans})
  get_filename_component(plan "${plan}" NAME_WE)
  run("${build}/meters_${plan}_base")
  if(NOT stdout STREQUAL expected)
    message(FATAL_ERROR "the consumer's program of several files printed under plan ${plan}\n${stdout}\n"
                        "not\n${expected}")
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")
