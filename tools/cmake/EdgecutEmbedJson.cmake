# Mote profiles (compiler/profiles/) and radio presets (compiler/radios/) are data, one JSON file
# each, embedded into generated headers as {name, text} entries: the tool needs no files at run time.
#   edgecut_embed_json_files(SOURCE_DIR TEMPLATE OUTPUT): every SOURCE_DIR/*.json into
#   ${CMAKE_CURRENT_BINARY_DIR}/generated/OUTPUT, made from TEMPLATE (@EDGECUT_EMBEDDED_ENTRIES@).
# Used by the compiler and by the fuzz build of the plan parser (test/fuzz), which needs the radios.
function(edgecut_embed_json_files directory template output)
  file(GLOB files CONFIGURE_DEPENDS ${directory}/*.json)
  set(EDGECUT_EMBEDDED_ENTRIES "")
  foreach(file ${files})
    get_filename_component(name ${file} NAME_WE)
    file(READ ${file} json)
    string(APPEND EDGECUT_EMBEDDED_ENTRIES "    {\"${name}\", R\"edgecut_json(${json})edgecut_json\"},\n")
  endforeach()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${files})
  configure_file(${template} ${CMAKE_CURRENT_BINARY_DIR}/generated/${output} @ONLY)
endfunction()
