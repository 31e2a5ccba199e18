#include "libs/auth/principal_key.h"

#include <cstdlib>

#include "gtest/gtest.h"

namespace crm::auth {
namespace {

TEST(PrincipalKeyTest, DevelopmentKeyIsLabelledAndStable) {
  EXPECT_NE(DevelopmentKey().find("do-not-use-in-production"),
            std::string::npos);
  EXPECT_EQ(DevelopmentKey(), DevelopmentKey());
}

TEST(PrincipalKeyTest, ReadsTheEnvironment) {
  ASSERT_EQ(setenv(kPrincipalKeyEnv, "from-env", 1), 0);
  EXPECT_EQ(PrincipalKeyFromEnvironment(), "from-env");
  ASSERT_EQ(setenv(kPrincipalKeyEnv, "", 1), 0);
  EXPECT_EQ(PrincipalKeyFromEnvironment(), DevelopmentKey());
  ASSERT_EQ(unsetenv(kPrincipalKeyEnv), 0);
  EXPECT_EQ(PrincipalKeyFromEnvironment(), DevelopmentKey());
}

}  // namespace
}  // namespace crm::auth
