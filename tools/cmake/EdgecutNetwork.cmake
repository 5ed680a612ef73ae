# The network a program was partitioned for travels as data (docs/architecture.md, "The network in
# the programs"): `edgecut partition` writes it as edgecut_network.cbor beside the glue, with
# edgecut_network.cpp, a unit in which the assembler copies the file into the program (.incbin).
# Both programs of a partition link that unit, so a deployed executable needs no file beside it.
# The host build (EdgecutPartition.cmake, the tests) and the firmware build (firmware/) include this.
include_guard(GLOBAL)

# edgecut_network_definition(<variable> <absolute generated dir>)
# Sets <variable> to the definition edgecut_network.cpp needs: EDGECUT_NETWORK_FILE, the absolute
# path of edgecut_network.cbor as a string literal of the assembler (`\` and `"` escaped), written
# as a C++ string literal, which the compiler unescapes once. Script-safe (no targets).
function(edgecut_network_definition variable generated)
  # Taken as given: CMake's own absolute paths would turn a `\` in a name into a `/`.
  if(NOT IS_ABSOLUTE "${generated}")
    message(FATAL_ERROR "edgecut_network_definition: give the generated directory as an absolute path, "
                        "not ${generated}")
  endif()
  set(data "${generated}/edgecut_network.cbor")
  if(data MATCHES "\n")
    message(FATAL_ERROR "edgecut: the network's path holds a line break, which no assembler reads "
                        "in a file name; partition into another directory: ${data}")
  endif()
  set(path "${data}")
  foreach(level assembler compiler)
    string(REPLACE "\\" "\\\\" path "${path}")
    string(REPLACE "\"" "\\\"" path "${path}")
  endforeach()
  set(${variable} "EDGECUT_NETWORK_FILE=\"${path}\"" PARENT_SCOPE)
endfunction()

# edgecut_network_unit(<target> <absolute generated dir>)
# The OBJECT library <target>: <generated dir>/edgecut_network.cpp, built with the path of the
# edgecut_network.cbor beside it. Link it into each program compiled from that directory; it is
# built only for them (EXCLUDE_FROM_ALL), so a program left out of `all` leaves it out too.
function(edgecut_network_unit target generated)
  edgecut_network_definition(definition "${generated}")
  add_library(${target} OBJECT "${generated}/edgecut_network.cpp")
  set_target_properties(${target} PROPERTIES EXCLUDE_FROM_ALL TRUE)
  target_compile_definitions(${target} PRIVATE "${definition}")
  # Compilers list no .incbin file among a unit's dependencies. The unit's text changes with the
  # bytes (their hash names the symbol); this rebuilds it whenever the file changes at all.
  set_source_files_properties("${generated}/edgecut_network.cpp" PROPERTIES
                              OBJECT_DEPENDS "${generated}/edgecut_network.cbor")
endfunction()
