# The Mandarin readings table of chinese_readings.cc, generated at build time
# from the Unicode Character Database's Unihan readings (Debian package
# unicode-data) by gen_chinese_readings.py. Included by this folder's
# CMakeLists.txt, in the suite's build and in the fuzz targets' own project;
# sets CRM_CHINESE_READINGS_SOURCES for crm_add_library.
set(CRM_UNIHAN_READINGS /usr/share/unicode/Unihan_Readings.txt.bz2 CACHE FILEPATH
    "Unihan_Readings.txt.bz2 of the Unicode Character Database (Debian package unicode-data)")
if(NOT EXISTS "${CRM_UNIHAN_READINGS}")
  message(FATAL_ERROR "The Unihan readings ${CRM_UNIHAN_READINGS} are missing: install the "
                      "package unicode-data (apt-get install unicode-data) or set CRM_UNIHAN_READINGS "
                      "to a copy of Unihan_Readings.txt.bz2")
endif()
find_package(Python3 REQUIRED COMPONENTS Interpreter)

set(CRM_CHINESE_READINGS_SOURCES ${CMAKE_CURRENT_BINARY_DIR}/chinese_readings_table.cc)
add_custom_command(
  OUTPUT ${CRM_CHINESE_READINGS_SOURCES}
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/gen_chinese_readings.py
          ${CRM_UNIHAN_READINGS} ${CRM_CHINESE_READINGS_SOURCES}
  DEPENDS ${CMAKE_CURRENT_LIST_DIR}/gen_chinese_readings.py ${CRM_UNIHAN_READINGS}
  COMMENT "Generating the Mandarin readings table from ${CRM_UNIHAN_READINGS}"
  VERBATIM)
