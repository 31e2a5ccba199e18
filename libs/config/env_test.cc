#include "libs/config/env.h"

#include <cstdlib>

#include "gtest/gtest.h"

namespace crm::config {
namespace {

TEST(EnvOrTest, PrefersASetNonEmptyVariable) {
  ASSERT_EQ(setenv("CRM_ENV_OR_TEST", "value", 1), 0);
  EXPECT_EQ(EnvOr("CRM_ENV_OR_TEST", "fallback"), "value");
  ASSERT_EQ(setenv("CRM_ENV_OR_TEST", "", 1), 0);
  EXPECT_EQ(EnvOr("CRM_ENV_OR_TEST", "fallback"), "fallback");
  ASSERT_EQ(unsetenv("CRM_ENV_OR_TEST"), 0);
  EXPECT_EQ(EnvOr("CRM_ENV_OR_TEST", "fallback"), "fallback");
}

}  // namespace
}  // namespace crm::config
