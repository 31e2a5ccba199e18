#include "libs/jwt/signature.h"

#include <string>

#include "gtest/gtest.h"
#include "libs/crypto/crypto.h"
#include "libs/jwt/jwk.h"
#include "libs/jwt/test_util.h"

namespace crm::jwt {
namespace {

using testing::EcKey;
using testing::kSecret;
using testing::RsaKey;

constexpr char kInput[] = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0";

Key PublicKeyOf(EVP_PKEY* key) {
  absl::StatusOr<Key> public_key = KeyFromJwk(*PublicJwk("k", key));
  EXPECT_TRUE(public_key.ok()) << public_key.status();
  return *std::move(public_key);
}

TEST(SignatureTest, EcdsaJoseAndDerConvertBothWays) {
  // Small r and s: DER drops leading zeros, JOSE must pad them back.
  std::string jose(64, '\0');
  jose[31] = '\x05';
  jose[63] = '\x7f';
  std::optional<std::string> der = EcdsaJoseToDer(jose);
  ASSERT_TRUE(der.has_value());
  EXPECT_EQ(*der, std::string("\x30\x06\x02\x01\x05\x02\x01\x7f", 8));
  EXPECT_EQ(EcdsaDerToJose(*der), jose);

  // High bit set: DER adds a zero byte to keep the integer positive.
  const std::string high(64, '\xff');
  der = EcdsaJoseToDer(high);
  ASSERT_TRUE(der.has_value());
  EXPECT_EQ(der->size(), 2u + 2 * (2 + 33));
  EXPECT_EQ(EcdsaDerToJose(*der), high);
}

TEST(SignatureTest, EcdsaConversionRefusesBadInput) {
  EXPECT_EQ(EcdsaJoseToDer(std::string(63, '\x01')), std::nullopt);
  EXPECT_EQ(EcdsaJoseToDer(std::string(65, '\x01')), std::nullopt);
  EXPECT_EQ(EcdsaJoseToDer(""), std::nullopt);
  EXPECT_EQ(EcdsaDerToJose("not der"), std::nullopt);
  // A valid value followed by garbage.
  std::optional<std::string> der = EcdsaJoseToDer(std::string(64, '\x01'));
  ASSERT_TRUE(der.has_value());
  EXPECT_EQ(EcdsaDerToJose(*der + "x"), std::nullopt);
}

TEST(SignatureTest, Hs256NeedsTheWholeTag) {
  absl::StatusOr<Key> key = Key::Hmac("h", kSecret);
  ASSERT_TRUE(key.ok());
  const std::string tag = crypto::HmacSha256(kSecret, kInput);
  EXPECT_TRUE(VerifySignature(*key, kInput, tag));
  EXPECT_FALSE(VerifySignature(*key, kInput, tag.substr(0, 16)));
  EXPECT_FALSE(VerifySignature(*key, kInput, ""));
  EXPECT_FALSE(VerifySignature(*key, std::string(kInput) + "x", tag));
}

TEST(SignatureTest, PrivateKeySignaturesVerifyWithThePublicKey) {
  for (auto [private_key, algorithm] :
       {std::pair{RsaKey(), Algorithm::kRs256}, std::pair{EcKey(), Algorithm::kEs256}}) {
    absl::StatusOr<std::string> signature = SignWithPrivateKey(private_key, algorithm, kInput);
    ASSERT_TRUE(signature.ok()) << signature.status();
    if (algorithm == Algorithm::kEs256) {
      EXPECT_EQ(signature->size(), 64u);
    }
    const Key key = PublicKeyOf(private_key);
    EXPECT_TRUE(VerifySignature(key, kInput, *signature));
    EXPECT_FALSE(VerifySignature(key, "other input", *signature));
    std::string flipped = *signature;
    flipped[10] = static_cast<char>(flipped[10] ^ 0x40);
    EXPECT_FALSE(VerifySignature(key, kInput, flipped));
  }
}

TEST(SignatureTest, SigningRefusesAKeyOfTheWrongKind) {
  EXPECT_FALSE(SignWithPrivateKey(RsaKey(), Algorithm::kEs256, kInput).ok());
  EXPECT_FALSE(SignWithPrivateKey(EcKey(), Algorithm::kRs256, kInput).ok());
  EXPECT_FALSE(SignWithPrivateKey(RsaKey(), Algorithm::kHs256, kInput).ok());
  // A public key cannot sign.
  const Key public_only = PublicKeyOf(RsaKey());
  EXPECT_FALSE(SignWithPrivateKey(public_only.public_key(), Algorithm::kRs256, kInput).ok());
}

}  // namespace
}  // namespace crm::jwt
