# What keeps edgecut's own cold build short (docs/architecture.md, "Build time").
#
# Unity builds of edgecut's own libraries and unit tests: a unit compiles a few sources at once, so
# that the headers they share (the standard library, nlohmann/json, fmt, GoogleTest) are parsed,
# instantiated and compiled once per unit rather than once per source. Batches stay small, so that
# two cores stay busy and an edit recompiles a few sources, not a library.
#
# On by default in edgecut's own build; in a consumer's build (add_subdirectory) the consumer's
# CMAKE_UNITY_BUILD decides, as before. -DEDGECUT_UNITY_BUILD=OFF gives one unit per source, and a
# compile_commands.json that names every source (for clangd).
option(EDGECUT_UNITY_BUILD "Compile edgecut's libraries and unit tests a few sources per unit"
       ${PROJECT_IS_TOP_LEVEL})

# edgecut_unity_build(TARGET BATCH): TARGET's sources, BATCH to a unit, in the order it lists them.
# A source that must stay a unit of its own carries SKIP_UNITY_BUILD_INCLUSION (a source with
# compile definitions of its own is left out by CMake anyway).
function(edgecut_unity_build target batch)
  if(EDGECUT_UNITY_BUILD)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE ${batch})
  endif()
endfunction()

# Links with lld, or else gold (binutils has it wherever g++ is), rather than GNU ld: edgecut's
# build links about 190 programs (generated programs, tests, benches), and either takes half the
# time of GNU ld or less over each (docs/architecture.md). Only in edgecut's own build, and only for
# the host: the firmware is a build of its own (EdgecutFirmware.cmake).
option(EDGECUT_FAST_LINKER "Link edgecut's own programs with lld or gold when the compiler can"
       ${PROJECT_IS_TOP_LEVEL})
if(EDGECUT_FAST_LINKER)
  include(CheckLinkerFlag)
  check_linker_flag(CXX -fuse-ld=lld EDGECUT_HAVE_LLD)
  if(EDGECUT_HAVE_LLD)
    add_link_options(-fuse-ld=lld)
  else()
    check_linker_flag(CXX -fuse-ld=gold EDGECUT_HAVE_GOLD)
    if(EDGECUT_HAVE_GOLD)
      add_link_options(-fuse-ld=gold)
    endif()
  endif()
endif()
