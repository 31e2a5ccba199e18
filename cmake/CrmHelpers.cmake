# crm_add_library(NAME SOURCES ... DEPS ...)
# A static library crm_<NAME> with our warning flags, includes rooted at the repo.
function(crm_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(crm_${name} STATIC ${ARG_SOURCES})
  target_include_directories(crm_${name} PUBLIC ${CMAKE_SOURCE_DIR})
  target_compile_options(crm_${name} PRIVATE ${CRM_WARNINGS})
  target_link_libraries(crm_${name} PUBLIC ${ARG_DEPS})
endfunction()

# crm_add_test(NAME SOURCES ... DEPS ... LABEL unit|db|e2e)
# A GoogleTest binary registered with ctest. Tests labelled db/e2e need the
# servers that the ctest fixture "servers" starts (see tests/CMakeLists.txt).
function(crm_add_test name)
  cmake_parse_arguments(ARG "" "LABEL" "SOURCES;DEPS" ${ARGN})
  if(NOT ARG_LABEL)
    set(ARG_LABEL unit)
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR})
  target_compile_options(${name} PRIVATE ${CRM_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS ${ARG_LABEL} TIMEOUT 600)
  if(NOT ARG_LABEL STREQUAL "unit")
    # The ports of the "test" environment of deploy/local/ports.sh; the
    # fixture in tests/CMakeLists.txt starts the servers on the same ones.
    set(CRM_TEST_PG_PORT 25432 CACHE STRING "PostgreSQL port of the test servers")
    set(CRM_TEST_REDIS_PORT 26379 CACHE STRING "Redis port of the test servers")
    set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED servers RESOURCE_LOCK servers)
    set_property(TEST ${name} APPEND PROPERTY ENVIRONMENT
      "CRM_TEST_PG_DSN=host=127.0.0.1 port=${CRM_TEST_PG_PORT} user=crm dbname=crm"
      "CRM_TEST_REDIS_ADDRESS=127.0.0.1:${CRM_TEST_REDIS_PORT}"
      "CRM_SOURCE_DIR=${CMAKE_SOURCE_DIR}"
      "CRM_BUILD_DIR=${CMAKE_BINARY_DIR}")
  endif()
endfunction()

include(${CMAKE_CURRENT_LIST_DIR}/CrmEmbedFiles.cmake)
