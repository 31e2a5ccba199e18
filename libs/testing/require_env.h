#ifndef CRM_LIBS_TESTING_REQUIRE_ENV_H_
#define CRM_LIBS_TESTING_REQUIRE_ENV_H_

#include <string>

namespace crm::testing {

// The value of environment variable `name`. When it is unset or empty the
// current test FAILS (ADD_FAILURE, then an exception GoogleTest reports):
// tests that need servers never skip silently. ctest sets CRM_TEST_PG_DSN
// and CRM_TEST_REDIS_ADDRESS for tests labelled db.
std::string RequireEnv(const char* name);

}  // namespace crm::testing

#endif  // CRM_LIBS_TESTING_REQUIRE_ENV_H_
