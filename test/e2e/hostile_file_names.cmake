# File names are text nobody checked. test/golden/soil_onmote's program, plan, network and radio
# under names that hold a quote, a backslash and vertical tab and form feed, partitioned into a
# directory whose name holds a space after a backslash, `$` and `#`: the generated files, which
# name them as C++ string literals, compile; the network's unit finds its bytes there; the depfile
# names them as Make reads them.
# Inputs: EDGECUT, CXX, SOURCE_DIR, WORK_DIR, INCLUDES (the runtime's include directories).
file(REMOVE_RECURSE "${WORK_DIR}")
string(ASCII 11 vertical_tab)
string(ASCII 12 form_feed)
set(in "${WORK_DIR}/in")
set(program "pro\"g\\ram${form_feed}.cpp")
set(plan "pl\"a\\n${vertical_tab}.json")
set(radio "ra\"dio\\${vertical_tab}.json")
set(network "net\"work\\${form_feed}.json")
set(out "${WORK_DIR}/out dir\\ $x #y")
file(MAKE_DIRECTORY "${in}")

set(golden "${SOURCE_DIR}/test/golden/soil_onmote")
file(READ "${golden}/input.cpp" text)
file(WRITE "${in}/${program}" "${text}")
file(READ "${golden}/network.json" text)
file(WRITE "${in}/${network}" "${text}")
file(READ "${SOURCE_DIR}/compiler/radios/tmote-sky.json" text)
file(WRITE "${in}/${radio}" "${text}")
file(WRITE "${in}/${plan}" [=[{
  "network": "net\"work\\\u000c.json",
  "energy": { "instruction": 1.0, "transmit": 100.0, "radio": "ra\"dio\\\u000b.json" },
  "placement": { "Soil::avgMoisture": "mote" }
}
]=])

execute_process(COMMAND "${EDGECUT}" partition --plan "${plan}" -o "${out}" "${program}" -- -std=c++20
  WORKING_DIRECTORY "${in}" RESULT_VARIABLE code ERROR_VARIABLE err OUTPUT_QUIET)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "edgecut failed (${code}):\n${err}")
endif()

# Compiled as the build compiles generated code: warnings are errors; -trigraphs, so that a `??/`
# left in a name would show.
set(flags -std=c++20 -trigraphs -Wall -Wextra -Werror -fsyntax-only "-DEDGECUT_MOTE_EXECUTABLE=\"mote\"")
foreach(include ${INCLUDES})
  list(APPEND flags "-I${include}")
endforeach()
foreach(unit base.cpp mote.cpp)
  execute_process(COMMAND "${CXX}" ${flags} "${out}/${unit}" RESULT_VARIABLE code ERROR_VARIABLE err OUTPUT_QUIET)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "the generated ${unit} does not compile:\n${err}")
  endif()
endforeach()

# The network's unit, compiled with the definition edgecut_partition() gives it, holds the bytes of
# the edgecut_network.cbor beside it whatever the directory's name: a program prints them back.
include("${SOURCE_DIR}/tools/cmake/EdgecutNetwork.cmake")
edgecut_network_definition(definition "${out}")
file(READ "${out}/edgecut_glue.hpp" glue)
if(NOT glue MATCHES "extern \"C\" const char (edgecut_network_[0-9a-f]+)\\[([0-9]+)\\];")
  message(FATAL_ERROR "edgecut_glue.hpp declares no network symbol:\n${glue}")
endif()
set(print "${WORK_DIR}/print_network")
file(WRITE "${print}.cpp" "#include <cstdio>\nextern \"C\" const char ${CMAKE_MATCH_1}[${CMAKE_MATCH_2}];\n"
     "int main() { return std::fwrite(${CMAKE_MATCH_1}, 1, ${CMAKE_MATCH_2}, stdout) == ${CMAKE_MATCH_2} ? 0 : 1; }\n")
execute_process(COMMAND "${CXX}" -std=c++20 -Wall -Wextra -Werror "-D${definition}" "${out}/edgecut_network.cpp"
                        "${print}.cpp" -o "${print}"
  RESULT_VARIABLE code ERROR_VARIABLE err OUTPUT_QUIET)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "edgecut_network.cpp does not build with ${definition}:\n${err}")
endif()
execute_process(COMMAND "${print}" OUTPUT_FILE "${print}.cbor" RESULT_VARIABLE code)
execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${print}.cbor" "${out}/edgecut_network.cbor"
                RESULT_VARIABLE differs)
if(NOT code EQUAL 0 OR differs)
  message(FATAL_ERROR "the program built with edgecut_network.cpp does not hold edgecut_network.cbor's bytes")
endif()
# Built by hand without the definition, the unit says what it needs.
execute_process(COMMAND "${CXX}" -std=c++20 -fsyntax-only "${out}/edgecut_network.cpp"
  RESULT_VARIABLE code ERROR_VARIABLE err OUTPUT_QUIET)
if(code EQUAL 0 OR NOT err MATCHES "edgecut_network\\.cpp:[0-9]+:[0-9]+: error: (#error )?\"define EDGECUT_NETWORK_FILE as the path of edgecut_network\\.cbor \\(edgecut_network_unit\\(\\)\\)\"")
  message(FATAL_ERROR "edgecut_network.cpp without EDGECUT_NETWORK_FILE: exit ${code}, and\n${err}")
endif()

# Each name is one literal on the line that is its own: the banner stays one line.
file(STRINGS "${out}/edgecut_glue.hpp" banner LIMIT_COUNT 1)
string(FIND "${banner}" [=[from "pro\"g\\ram\014.cpp" with plan "pl\"a\\n\013.json". DO NOT EDIT.]=] at)
if(at EQUAL -1)
  message(FATAL_ERROR "the banner does not name the files as string literals: ${banner}")
endif()
foreach(literal [=[.name = "ra\"dio\\\013.json",]=] [=[.programFile = "pro\"g\\ram\014.cpp",]=])
  string(FIND "${glue}" "${literal}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "edgecut_glue.hpp lacks ${literal}")
  endif()
endforeach()

# The depfile: its target, the output directory's mote.cpp, as Make reads it (GCC's escaping).
file(STRINGS "${out}/edgecut.d" target LIMIT_COUNT 1)
set(expected "${WORK_DIR}/out\\ dir\\\\\\ $$x\\ \\#y/mote.cpp: \\")
if(NOT target STREQUAL expected)
  message(FATAL_ERROR "the depfile's first line is\n  ${target}\nnot\n  ${expected}")
endif()
