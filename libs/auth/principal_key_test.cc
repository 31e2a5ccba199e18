#include "libs/auth/principal_key.h"

#include <cstdlib>

#include "gtest/gtest.h"

namespace crm::auth {
namespace {

TEST(PrincipalKeyTest, DevelopmentKeyIsLabelledAndStable) {
  EXPECT_NE(DevelopmentKey().find("do-not-use-in-production"), std::string::npos);
  EXPECT_EQ(DevelopmentKey(), DevelopmentKey());
}

TEST(PrincipalKeyTest, ReadsTheEnvironment) {
  ASSERT_EQ(setenv(kPrincipalKeyEnv, "from-env", 1), 0);
  EXPECT_EQ(PrincipalKeyFromEnvironmentQuietly(), "from-env");
  ASSERT_EQ(setenv(kPrincipalKeyEnv, "", 1), 0);
  EXPECT_EQ(PrincipalKeyFromEnvironmentQuietly(), DevelopmentKey());
  ASSERT_EQ(unsetenv(kPrincipalKeyEnv), 0);
  EXPECT_EQ(PrincipalKeyFromEnvironmentQuietly(), DevelopmentKey());
}

TEST(PrincipalKeyTest, AnUnsetKeyIsRefusedOutsideDevelopmentMode) {
  ASSERT_EQ(unsetenv(kPrincipalKeyEnv), 0);
  const config::Secret unset = PrincipalKeySecret();
  EXPECT_TRUE(config::UsesDevelopmentValue(unset));
  const absl::Status refused = config::CheckSecrets({unset}, /*development_mode=*/false);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(std::string(refused.message()).rfind("set CRM_PRINCIPAL_KEY (", 0), 0u)
      << refused.message();
  EXPECT_TRUE(config::CheckSecrets({unset}, /*development_mode=*/true).ok());

  ASSERT_EQ(setenv(kPrincipalKeyEnv, "from-env", 1), 0);
  const config::Secret set = PrincipalKeySecret();
  EXPECT_EQ(set.value, "from-env");
  EXPECT_TRUE(config::CheckSecrets({set}, /*development_mode=*/false).ok());
  ASSERT_EQ(unsetenv(kPrincipalKeyEnv), 0);
}

}  // namespace
}  // namespace crm::auth
