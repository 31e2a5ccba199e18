#include "libs/jwt/development_token.h"

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "libs/jwt/key_set.h"
#include "libs/jwt/verifier.h"

namespace crm::jwt {
namespace {

Verifier DevelopmentVerifier() {
  KeySet keys;
  EXPECT_TRUE(keys.AddHmacSecret(kDevelopmentKeyId, kDevelopmentSecret).ok());
  return Verifier(std::move(keys),
                  {.issuer = kDevelopmentIssuer, .audience = kDevelopmentAudience});
}

TEST(DevelopmentTokenTest, VerifiesWithTheDevelopmentKeyAndCarriesTheCaller) {
  absl::StatusOr<std::string> token =
      DevelopmentToken("li.si", "sub-east", {"sales", "viewer"}, absl::Hours(1));
  ASSERT_TRUE(token.ok()) << token.status();
  absl::StatusOr<Claims> claims = DevelopmentVerifier().Verify(*token, absl::Now());
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->subject, "li.si");
  EXPECT_EQ(claims->extra["org_unit"], "sub-east");
  EXPECT_EQ(claims->extra["roles"], nlohmann::json({"sales", "viewer"}));
  EXPECT_GT(claims->expire_time, absl::Now() + absl::Minutes(59));
}

TEST(DevelopmentTokenTest, ExpiresAfterItsLifetime) {
  absl::StatusOr<std::string> token =
      DevelopmentToken("li.si", "sub-east", {"sales"}, absl::Minutes(5));
  ASSERT_TRUE(token.ok());
  EXPECT_FALSE(DevelopmentVerifier().Verify(*token, absl::Now() + absl::Minutes(10)).ok());
}

}  // namespace
}  // namespace crm::jwt
