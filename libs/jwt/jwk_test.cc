#include "libs/jwt/jwk.h"

#include <string>

#include "gtest/gtest.h"
#include "libs/crypto/crypto.h"
#include "libs/jwt/signature.h"
#include "libs/jwt/test_util.h"
#include "nlohmann/json.hpp"

namespace crm::jwt {
namespace {

using nlohmann::json;
using testing::EcKey;
using testing::RsaKey;

TEST(JwkTest, RsaPublicJwkRoundTrips) {
  absl::StatusOr<json> jwk = PublicJwk("rsa-1", RsaKey());
  ASSERT_TRUE(jwk.ok()) << jwk.status();
  EXPECT_EQ((*jwk)["kty"], "RSA");
  EXPECT_EQ((*jwk)["kid"], "rsa-1");
  EXPECT_EQ((*jwk)["alg"], "RS256");
  EXPECT_EQ((*jwk)["e"], "AQAB");  // 65537
  EXPECT_EQ(crypto::Base64UrlDecode((*jwk)["n"].get<std::string>())->size(), 256u);
  EXPECT_FALSE(jwk->contains("d"));  // nothing private leaks

  absl::StatusOr<Key> key = KeyFromJwk(*jwk);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(key->kid(), "rsa-1");
  EXPECT_EQ(key->algorithm(), Algorithm::kRs256);
  EXPECT_EQ(EVP_PKEY_eq(key->public_key(), RsaKey()), 1);
}

TEST(JwkTest, EcPublicJwkRoundTrips) {
  absl::StatusOr<json> jwk = PublicJwk("ec-1", EcKey());
  ASSERT_TRUE(jwk.ok()) << jwk.status();
  EXPECT_EQ((*jwk)["kty"], "EC");
  EXPECT_EQ((*jwk)["crv"], "P-256");
  EXPECT_EQ(crypto::Base64UrlDecode((*jwk)["x"].get<std::string>())->size(), 32u);
  EXPECT_EQ(crypto::Base64UrlDecode((*jwk)["y"].get<std::string>())->size(), 32u);
  EXPECT_FALSE(jwk->contains("d"));

  absl::StatusOr<Key> key = KeyFromJwk(*jwk);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(key->algorithm(), Algorithm::kEs256);
  EXPECT_EQ(EVP_PKEY_eq(key->public_key(), EcKey()), 1);
}

TEST(JwkTest, PublicJwkRefusesOtherKeys) {
  const EvpPkeyPtr p384(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384"));
  ASSERT_NE(p384, nullptr);
  EXPECT_FALSE(PublicJwk("p384", p384.get()).ok());
  const EvpPkeyPtr ed25519(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  ASSERT_NE(ed25519, nullptr);
  EXPECT_FALSE(PublicJwk("ed", ed25519.get()).ok());
  EXPECT_FALSE(PublicJwk("null", nullptr).ok());
}

}  // namespace
}  // namespace crm::jwt
