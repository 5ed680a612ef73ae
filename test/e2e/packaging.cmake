# Included by test/e2e/CMakeLists.txt: edgecut used from outside this tree (add_subdirectory, an install
# prefix, the .deb) and the attribute plugin in plain clang and clangd.
if(TARGET edgecut)
  add_test(NAME e2e.consumer_rebuild
    COMMAND ${CMAKE_COMMAND} -DEDGECUT_SOURCE=${PROJECT_SOURCE_DIR}
            -DEDGECUT_EXECUTABLE=$<TARGET_FILE:edgecut>
            -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/consumer -P ${CMAKE_CURRENT_SOURCE_DIR}/consumer_rebuild.cmake)
  # COST (its seconds, about) makes a first `ctest -j` start the longest tests first, so that none of
  # them starts last and runs on alone: CI's checkout has no CTestCostData.txt to order by.
  set_tests_properties(e2e.consumer_rebuild PROPERTIES TIMEOUT 600 COST 120)

  # edgecut installed (cmake --install) and as a .deb, each used by a consumer through find_package.
  foreach(mode install deb)
    add_test(NAME e2e.package.${mode}
      COMMAND ${CMAKE_COMMAND} -DEDGECUT_SOURCE=${PROJECT_SOURCE_DIR} -DEDGECUT_BUILD=${PROJECT_BINARY_DIR}
              -DMODE=${mode} -DVERSION=${PROJECT_VERSION} -DLLVM_MAJOR=${LLVM_VERSION_MAJOR}
              -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/package_${mode}
              -P ${CMAKE_CURRENT_SOURCE_DIR}/package_consumer.cmake)
    set_tests_properties(e2e.package.${mode} PROPERTIES TIMEOUT 600 COST 60)
  endforeach()

  # Plain clang accepts annotated programs, without a single warning, when it loads the plugin.
  find_program(EDGECUT_CLANGXX NAMES clang++-${LLVM_VERSION_MAJOR} clang++ HINTS ${LLVM_TOOLS_BINARY_DIR})
  if(EDGECUT_CLANGXX AND TARGET edgecut_attributes_plugin)
    foreach(program samples/soil/soil.cpp test/golden/comments_survive/input.cpp
                    test/golden/free_functions_and_types/input.cpp)
      add_test(NAME e2e.clang_plugin.${program}
        COMMAND ${EDGECUT_CLANGXX} -std=c++20 -fsyntax-only -Werror
                -fplugin=$<TARGET_FILE:edgecut_attributes_plugin>
                -I${PROJECT_SOURCE_DIR}/attributes/include ${PROJECT_SOURCE_DIR}/${program})
    endforeach()
    if(EDGECUT_CLANGD_EXECUTABLE)
      add_test(NAME e2e.clangd_knows_the_attributes
        COMMAND ${CMAKE_COMMAND} -DEDGECUT_CLANGD=${PROJECT_BINARY_DIR}/bin/edgecut-clangd
                -DCLANGD=${EDGECUT_CLANGD_EXECUTABLE} -DINCLUDE_DIR=${PROJECT_SOURCE_DIR}/attributes/include
                "-DPROGRAMS=${PROJECT_SOURCE_DIR}/samples/soil/soil.cpp|${PROJECT_SOURCE_DIR}/test/golden/periodic_tasks/input.cpp"
                -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/clangd_check -P ${CMAKE_CURRENT_SOURCE_DIR}/clangd_check.cmake)
      set_tests_properties(e2e.clangd_knows_the_attributes PROPERTIES TIMEOUT 600)
    endif()
    add_test(NAME e2e.clang_plugin.misplaced_attribute_warns
      COMMAND ${EDGECUT_CLANGXX} -std=c++20 -fsyntax-only -fplugin=$<TARGET_FILE:edgecut_attributes_plugin>
              ${CMAKE_CURRENT_SOURCE_DIR}/misplaced_attributes.cpp)
    set_tests_properties(e2e.clang_plugin.misplaced_attribute_warns PROPERTIES PASS_REGULAR_EXPRESSION
      "misplaced_attributes.cpp:4:3: warning: 'onboard' attribute only applies to functions.*misplaced_attributes.cpp:7:5: warning: 'mote' attribute only applies to classes")
    add_test(NAME e2e.clang_plugin.attribute_arguments_checked
      COMMAND ${EDGECUT_CLANGXX} -std=c++20 -fsyntax-only -fplugin=$<TARGET_FILE:edgecut_attributes_plugin>
              ${CMAKE_CURRENT_SOURCE_DIR}/attribute_arguments.cpp)
    set_tests_properties(e2e.clang_plugin.attribute_arguments_checked PROPERTIES PASS_REGULAR_EXPRESSION
      "attribute_arguments.cpp:3:3: error: edgecut attribute 'onboard' takes no arguments; write it without parentheses.*attribute_arguments.cpp:5:10: error: edgecut attribute 'mote' takes no arguments")
    add_test(NAME e2e.clang_plugin.every_spelling_registered
      COMMAND ${CMAKE_COMMAND} -DCLANGXX=${EDGECUT_CLANGXX} -DPLUGIN=$<TARGET_FILE:edgecut_attributes_plugin>
              -DINCLUDE_DIR=${PROJECT_SOURCE_DIR}/attributes/include
              -DSOURCE=${CMAKE_CURRENT_SOURCE_DIR}/attribute_spellings.cpp
              -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/attribute_spellings
              -P ${CMAKE_CURRENT_SOURCE_DIR}/attribute_spellings.cmake)
  endif()
endif()
