#include "libs/config/secret.h"

#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/reflection.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

ABSL_FLAG(std::string, test_secret, "public-test-secret", "A secret flag for the test.");

namespace crm::config {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

Secret PrincipalKey(std::string value) {
  return {.setting = "CRM_PRINCIPAL_KEY",
          .purpose = "signs principals",
          .value = std::move(value),
          .development_value = "public-principal-key"};
}

Secret PiiKey(std::string value) {
  return {.setting = "CRM_PII_KEY (or --pii_key)",
          .purpose = "seals personal fields",
          .value = std::move(value),
          .development_value = "public-pii-key"};
}

Secret Hs256Secret(std::string value) {
  return {.setting = "CRM_JWT_HS256_SECRET",
          .purpose = "verifies HS256 tokens",
          .value = std::move(value),
          .development_value = "public-hs256-secret",
          .off_switch = "--jwt_hs256_secret= for JWKS tokens only"};
}

TEST(CheckSecretsTest, ConfiguredSecretsPassInEitherMode) {
  const std::vector<Secret> secrets = {PrincipalKey("k1"), PiiKey("k2"), Hs256Secret("k3")};
  EXPECT_TRUE(CheckSecrets(secrets, /*development_mode=*/false).ok());
  EXPECT_TRUE(CheckSecrets(secrets, /*development_mode=*/true).ok());
}

TEST(CheckSecretsTest, DevelopmentValueOutsideDevelopmentModeIsRefusedNamingWhatToSet) {
  const absl::Status status =
      CheckSecrets({PrincipalKey("public-principal-key"), PiiKey("k2")}, false);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()),
              AllOf(HasSubstr("set CRM_PRINCIPAL_KEY (signs principals)"),
                    HasSubstr("CRM_DEVELOPMENT_MODE=1"), Not(HasSubstr("CRM_PII_KEY"))));
}

TEST(CheckSecretsTest, EveryRefusedSecretIsNamedAtOnce) {
  const absl::Status status = CheckSecrets(
      {PrincipalKey("public-principal-key"), PiiKey("public-pii-key"), Hs256Secret("k3")}, false);
  EXPECT_THAT(std::string(status.message()),
              AllOf(HasSubstr("set CRM_PRINCIPAL_KEY (signs principals), "
                              "CRM_PII_KEY (or --pii_key) (seals personal fields):"),
                    Not(HasSubstr("CRM_JWT_HS256_SECRET"))));
}

TEST(CheckSecretsTest, DevelopmentModeAcceptsTheDevelopmentValues) {
  EXPECT_TRUE(CheckSecrets({PrincipalKey("public-principal-key"), PiiKey("public-pii-key"),
                            Hs256Secret("public-hs256-secret")},
                           /*development_mode=*/true)
                  .ok());
}

TEST(CheckSecretsTest, AnEmptyKeyIsRefusedEvenInDevelopmentMode) {
  for (const bool development_mode : {false, true}) {
    const absl::Status status = CheckSecrets({PrincipalKey("k1"), PiiKey("")}, development_mode);
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_THAT(std::string(status.message()),
                HasSubstr("set CRM_PII_KEY (or --pii_key) (seals personal fields; it is empty)"));
  }
}

TEST(CheckSecretsTest, AnEmptySecretWithAnOffSwitchSwitchesItOff) {
  EXPECT_TRUE(CheckSecrets({Hs256Secret("")}, /*development_mode=*/false).ok());
}

TEST(CheckSecretsTest, TheOffSwitchIsOfferedWhenTheDevelopmentValueIsRefused) {
  const absl::Status status = CheckSecrets({Hs256Secret("public-hs256-secret")}, false);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("set CRM_JWT_HS256_SECRET (verifies HS256 tokens; or "
                        "--jwt_hs256_secret= for JWKS tokens only)"));
}

TEST(CheckSecretsTest, UsesDevelopmentValueComparesTheWholeValue) {
  EXPECT_TRUE(UsesDevelopmentValue(PiiKey("public-pii-key")));
  EXPECT_FALSE(UsesDevelopmentValue(PiiKey("public-pii-key2")));
  EXPECT_FALSE(UsesDevelopmentValue(PiiKey("")));
}

TEST(FlagSecretTest, TakesTheSettingAndTheDevelopmentValueFromTheFlag) {
  absl::FlagSaver saver;
  Secret secret = FlagSecret(FLAGS_test_secret, "tests");
  EXPECT_EQ(secret.setting, "CRM_TEST_SECRET (or --test_secret)");
  EXPECT_EQ(secret.development_value, "public-test-secret");
  EXPECT_TRUE(UsesDevelopmentValue(secret));

  absl::SetFlag(&FLAGS_test_secret, "configured");
  secret = FlagSecret(FLAGS_test_secret, "tests");
  EXPECT_EQ(secret.value, "configured");
  EXPECT_EQ(secret.development_value, "public-test-secret");
  EXPECT_TRUE(CheckSecrets({secret}, /*development_mode=*/false).ok());
}

}  // namespace
}  // namespace crm::config
