# Used by CrmHelpers.cmake and by the fuzz targets' own CMake project
# (tests/fuzz/targets), which embed the same files.

# crm_embed_files(TARGET VAR FILES ...)
# Compiles the given files into TARGET as `const crm::EmbeddedFile VAR[]`,
# sorted by file name, so a binary carries its own SQL migrations.
function(crm_embed_files target var)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${var}_embedded.cc)
  set(files ${ARGN})
  list(SORT files)
  # A ';' would split the command line; the script splits on '|' instead.
  list(JOIN files "|" files_arg)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DVAR=${var} "-DFILES=${files_arg}"
            -P ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/EmbedFiles.cmake
    DEPENDS ${files} ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/EmbedFiles.cmake
    COMMENT "Embedding ${var}"
    VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()
