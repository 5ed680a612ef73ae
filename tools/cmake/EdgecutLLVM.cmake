# Finds LLVM/Clang (14 by default; 19 works too) and defines the INTERFACE target edgecut_llvm that
# carries LLVM's include dirs, definitions and libraries. Only compiler-side targets link it, so
# LLVM's flags never reach the runtime or the generated programs.
set(EDGECUT_LLVM_ROOT "/usr/lib/llvm-14" CACHE PATH "Root of the LLVM/Clang installation to build against")

find_package(Clang REQUIRED CONFIG HINTS "${EDGECUT_LLVM_ROOT}/lib/cmake/clang" NO_DEFAULT_PATH)
message(STATUS "edgecut: LLVM ${LLVM_PACKAGE_VERSION} from ${LLVM_LIBRARY_DIR}")

# Clang looks for its built-in headers (stddef.h, ...) in the resource dir, which it derives from
# the executable's path. A LibTooling tool lives elsewhere, so edgecut fixes the dir at configure
# time and passes it on every command line. Newer LLVMs name the folder by major version only.
set(edgecut_resource_dir "${LLVM_LIBRARY_DIR}/clang/${LLVM_PACKAGE_VERSION}")
if(NOT EXISTS "${edgecut_resource_dir}/include/stddef.h")
  set(edgecut_resource_dir "${LLVM_LIBRARY_DIR}/clang/${LLVM_VERSION_MAJOR}")
endif()
if(NOT EXISTS "${edgecut_resource_dir}/include/stddef.h")
  message(FATAL_ERROR "edgecut: no Clang resource dir (with include/stddef.h) under ${LLVM_LIBRARY_DIR}/clang")
endif()
set(EDGECUT_CLANG_RESOURCE_DIR "${edgecut_resource_dir}" CACHE INTERNAL "")

add_library(edgecut_llvm INTERFACE)
target_include_directories(edgecut_llvm SYSTEM INTERFACE ${LLVM_INCLUDE_DIRS} ${CLANG_INCLUDE_DIRS})
separate_arguments(edgecut_llvm_definitions NATIVE_COMMAND "${LLVM_DEFINITIONS}")
target_compile_options(edgecut_llvm INTERFACE ${edgecut_llvm_definitions})
if(NOT LLVM_ENABLE_RTTI)
  target_compile_options(edgecut_llvm INTERFACE -fno-rtti)
endif()
# CXXRecordDecl::DefinitionData::getBases() calls LazyOffsetPtr::get(nullptr) on a path where the
# pointer is never an offset; GCC cannot see that and warns "'this' pointer is null" from inside
# Clang's headers (14 and 19 alike) wherever RecursiveASTVisitor is instantiated. A false positive.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(edgecut_llvm INTERFACE -Wno-nonnull)
endif()
if(TARGET clang-cpp)
  target_link_libraries(edgecut_llvm INTERFACE clang-cpp)
else()
  target_link_libraries(edgecut_llvm INTERFACE clangTooling clangFrontend clangSema clangAST clangBasic)
endif()
if(LLVM_LINK_LLVM_DYLIB)
  target_link_libraries(edgecut_llvm INTERFACE LLVM)
else()
  llvm_map_components_to_libnames(edgecut_llvm_libs support option frontendopenmp)
  target_link_libraries(edgecut_llvm INTERFACE ${edgecut_llvm_libs})
endif()
