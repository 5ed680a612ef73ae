# The registration covers every spelling of attributes.def: attribute_spellings.cpp, expanded by
# the preprocessor, declares each attribute's two spellings; clang with the plugin must accept them
# all without a warning (an unregistered spelling is "unknown attribute ignored") and leave one
# edgecut annotation per spelling.
#   cmake -DCLANGXX=... -DPLUGIN=... -DINCLUDE_DIR=attributes/include -DSOURCE=attribute_spellings.cpp
#         -DWORK_DIR=... -P attribute_spellings.cmake
file(MAKE_DIRECTORY ${WORK_DIR})
set(expanded ${WORK_DIR}/attribute_spellings.cpp)
execute_process(COMMAND ${CLANGXX} -std=c++20 -E -P -I${INCLUDE_DIR} ${SOURCE} -o ${expanded}
                RESULT_VARIABLE status ERROR_VARIABLE errors)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "expanding ${SOURCE} failed:\n${errors}")
endif()

file(STRINGS ${INCLUDE_DIR}/edgecut/attributes.def attributes REGEX "^EDGECUT_(ATTRIBUTE|PLACEMENT)\\(")
list(LENGTH attributes attribute_count)
if(attribute_count EQUAL 0)
  message(FATAL_ERROR "no attribute found in ${INCLUDE_DIR}/edgecut/attributes.def")
endif()
math(EXPR spelling_count "2 * ${attribute_count}")

execute_process(COMMAND ${CLANGXX} -std=c++20 -fsyntax-only -Werror -fplugin=${PLUGIN}
                        -Xclang -ast-dump ${expanded}
                RESULT_VARIABLE status OUTPUT_VARIABLE ast ERROR_VARIABLE errors)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "clang with the plugin rejects a spelling of attributes.def:\n${errors}")
endif()
string(REGEX MATCHALL "AnnotateAttr[^\n]*\"edgecut::[a-z_]+\"" annotations "${ast}")
list(LENGTH annotations annotation_count)
if(NOT annotation_count EQUAL spelling_count)
  message(FATAL_ERROR "attributes.def has ${attribute_count} attributes, so ${spelling_count} spellings, "
                      "but the plugin left ${annotation_count} annotations:\n${annotations}")
endif()
message(STATUS "all ${spelling_count} spellings of the ${attribute_count} attributes are registered")
