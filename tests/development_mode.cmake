# Included by ctest when it reads the tests (TEST_INCLUDE_FILES in
# tests/CMakeLists.txt): every test it runs inherits development mode, so
# the servers a test starts accept the public development keys.
set(ENV{CRM_DEVELOPMENT_MODE} 1)
