# File names are text nobody checked. test/golden/soil_onmote's program, plan, network and radio
# under names that hold a quote, a backslash and vertical tab and form feed, partitioned into a
# directory whose name holds a space after a backslash, `$` and `#`: the generated files, which
# name them as C++ string literals, compile; the depfile names them as Make reads them.
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

# Each name is one literal on the line that is its own: the banner stays one line.
file(STRINGS "${out}/edgecut_glue.hpp" banner LIMIT_COUNT 1)
string(FIND "${banner}" [=[from "pro\"g\\ram\014.cpp" with plan "pl\"a\\n\013.json". DO NOT EDIT.]=] at)
if(at EQUAL -1)
  message(FATAL_ERROR "the banner does not name the files as string literals: ${banner}")
endif()
file(READ "${out}/edgecut_glue.hpp" glue)
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
