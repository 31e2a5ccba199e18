#include "libs/jwt/key_set.h"

#include <openssl/core_names.h>

#include <string>
#include <utility>

#include "gtest/gtest.h"
#include "libs/crypto/crypto.h"
#include "libs/jwt/errors.h"
#include "libs/jwt/jwk.h"
#include "libs/jwt/test_util.h"
#include "libs/status/status.h"
#include "nlohmann/json.hpp"

namespace crm::jwt {
namespace {

using nlohmann::json;
using testing::EcKey;
using testing::Jwks;
using testing::kSecret;
using testing::Message;
using testing::RsaKey;

// n and e of any RSA key, without the checks PublicJwk applies.
json RawRsaJwk(const std::string& kid, EVP_PKEY* key) {
  const auto param = [key](const char* name) {
    BIGNUM* raw = nullptr;
    EXPECT_EQ(EVP_PKEY_get_bn_param(key, name, &raw), 1);
    BignumPtr bn(raw);
    std::string bytes(static_cast<size_t>(BN_num_bytes(bn.get())), '\0');
    BN_bn2bin(bn.get(), reinterpret_cast<unsigned char*>(bytes.data()));
    return crypto::Base64UrlEncode(bytes);
  };
  return {{"kty", "RSA"},
          {"kid", kid},
          {"n", param(OSSL_PKEY_PARAM_RSA_N)},
          {"e", param(OSSL_PKEY_PARAM_RSA_E)}};
}

json OctJwk(const std::string& kid, const std::string& secret) {
  return {{"kty", "oct"}, {"kid", kid}, {"k", crypto::Base64UrlEncode(secret)}};
}

// The INVALID_ARGUMENT a JWKS should be refused with; its message.
std::string RefusalOf(const std::string& jwks) {
  absl::StatusOr<KeySet> keys = KeySet::FromJwks(jwks);
  EXPECT_FALSE(keys.ok());
  if (keys.ok()) return "";
  EXPECT_EQ(keys.status().code(), absl::StatusCode::kInvalidArgument);
  const auto info = status::GetErrorInfo(keys.status());
  EXPECT_TRUE(info.has_value());
  if (info.has_value()) {
    EXPECT_EQ(info->reason(), kReasonKeyInvalid);
  }
  return Message(keys.status());
}

TEST(KeySetTest, LoadsRsaEcAndOctKeysFromAJwks) {
  absl::StatusOr<json> rsa = PublicJwk("rsa-1", RsaKey());
  absl::StatusOr<json> ec = PublicJwk("ec-1", EcKey());
  ASSERT_TRUE(rsa.ok()) << rsa.status();
  ASSERT_TRUE(ec.ok()) << ec.status();
  json rsa_without_alg = RawRsaJwk("rsa-2", RsaKey());
  absl::StatusOr<KeySet> keys =
      KeySet::FromJwks(Jwks({*rsa, *ec, OctJwk("oct-1", kSecret), rsa_without_alg}));
  ASSERT_TRUE(keys.ok()) << keys.status();
  EXPECT_EQ(keys->size(), 4u);
  ASSERT_NE(keys->Find("rsa-1"), nullptr);
  EXPECT_EQ(keys->Find("rsa-1")->algorithm(), Algorithm::kRs256);
  EXPECT_EQ(keys->Find("rsa-2")->algorithm(), Algorithm::kRs256);
  EXPECT_EQ(keys->Find("ec-1")->algorithm(), Algorithm::kEs256);
  EXPECT_EQ(keys->Find("oct-1")->algorithm(), Algorithm::kHs256);
  EXPECT_EQ(keys->Find("oct-1")->secret(), kSecret);
  EXPECT_EQ(keys->Find("nope"), nullptr);
  EXPECT_EQ(keys->KeysFor(Algorithm::kRs256).size(), 2u);
  EXPECT_EQ(keys->KeysFor(Algorithm::kEs256).size(), 1u);
}

TEST(KeySetTest, SkipsEncryptionKeys) {
  json enc = RawRsaJwk("enc-1", RsaKey());
  enc["use"] = "enc";
  enc["alg"] = "RSA-OAEP";
  absl::StatusOr<KeySet> keys = KeySet::FromJwks(Jwks({enc, OctJwk("oct-1", kSecret)}));
  ASSERT_TRUE(keys.ok()) << keys.status();
  EXPECT_EQ(keys->size(), 1u);
  EXPECT_EQ(keys->Find("enc-1"), nullptr);
}

TEST(KeySetTest, RefusesA1024BitRsaKey) {
  const EvpPkeyPtr weak(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{1024}));
  ASSERT_NE(weak, nullptr);
  const std::string message = RefusalOf(Jwks({RawRsaJwk("weak-rsa", weak.get())}));
  EXPECT_NE(message.find("\"weak-rsa\""), std::string::npos) << message;
  EXPECT_NE(message.find("1024 bits"), std::string::npos) << message;
}

TEST(KeySetTest, RefusesAnUnknownKeyTypeNamingTheKid) {
  const json okp = {{"kty", "OKP"},
                    {"crv", "Ed25519"},
                    {"kid", "ed-1"},
                    {"x", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}};
  absl::StatusOr<KeySet> keys = KeySet::FromJwks(Jwks({okp}));
  ASSERT_FALSE(keys.ok());
  EXPECT_NE(Message(keys.status()).find("\"ed-1\""), std::string::npos) << keys.status();
  EXPECT_NE(Message(keys.status()).find("OKP"), std::string::npos);
  const auto info = status::GetErrorInfo(keys.status());
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->metadata().at("kid"), "ed-1");
}

TEST(KeySetTest, RefusesOtherCurvesAndBadPoints) {
  absl::StatusOr<json> ec = PublicJwk("ec-1", EcKey());
  ASSERT_TRUE(ec.ok()) << ec.status();

  json p384 = *ec;
  p384["crv"] = "P-384";
  EXPECT_NE(RefusalOf(Jwks({p384})).find("P-384"), std::string::npos);

  // Flip the last bit of y: the point leaves the curve.
  json off_curve = *ec;
  std::string y = *crypto::Base64UrlDecode(off_curve["y"].get<std::string>());
  y.back() = static_cast<char>(y.back() ^ 1);
  off_curve["y"] = crypto::Base64UrlEncode(y);
  EXPECT_NE(RefusalOf(Jwks({off_curve})).find("not on the P-256 curve"), std::string::npos);

  json short_x = *ec;
  short_x["x"] = crypto::Base64UrlEncode(std::string(31, '\x01'));
  EXPECT_NE(RefusalOf(Jwks({short_x})).find("32 bytes"), std::string::npos);
}

TEST(KeySetTest, RefusesMismatchedAlgAndBadMembers) {
  json rs512 = RawRsaJwk("rsa-1", RsaKey());
  rs512["alg"] = "RS512";
  EXPECT_NE(RefusalOf(Jwks({rs512})).find("RS512"), std::string::npos);

  json oct_as_rsa = OctJwk("oct-1", kSecret);
  oct_as_rsa["alg"] = "RS256";
  EXPECT_NE(RefusalOf(Jwks({oct_as_rsa})).find("\"oct-1\""), std::string::npos);

  json padded = RawRsaJwk("rsa-1", RsaKey());
  padded["e"] = "AQAB==";
  EXPECT_NE(RefusalOf(Jwks({padded})).find("\"e\""), std::string::npos);

  json e_one = RawRsaJwk("rsa-1", RsaKey());
  e_one["e"] = crypto::Base64UrlEncode("\x01");
  EXPECT_NE(RefusalOf(Jwks({e_one})).find("exponent"), std::string::npos);

  json no_n = RawRsaJwk("rsa-1", RsaKey());
  no_n.erase("n");
  EXPECT_NE(RefusalOf(Jwks({no_n})).find("\"n\""), std::string::npos);

  EXPECT_NE(RefusalOf(Jwks({OctJwk("short", "too short")})).find("9 bytes"), std::string::npos);
  const json no_kid = {{"kty", "oct"}, {"k", crypto::Base64UrlEncode(kSecret)}};
  EXPECT_NE(RefusalOf(Jwks({no_kid})).find("kid"), std::string::npos);
}

TEST(KeySetTest, RefusesMalformedDocumentsAndDuplicateKids) {
  RefusalOf("");
  RefusalOf("not json");
  RefusalOf("[]");
  RefusalOf(R"({"keys":{}})");
  RefusalOf(R"({"keys":[42]})");
  const std::string message = RefusalOf(Jwks({OctJwk("dup", kSecret), OctJwk("dup", kSecret)}));
  EXPECT_NE(message.find("\"dup\""), std::string::npos) << message;

  absl::StatusOr<KeySet> empty = KeySet::FromJwks(R"({"keys":[]})");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(KeySetTest, AddHmacSecretChecksLengthAndKid) {
  KeySet keys;
  EXPECT_TRUE(keys.AddHmacSecret("dev-1", kSecret).ok());

  const absl::Status short_secret = keys.AddHmacSecret("dev-2", "hunter2-hunter2");
  EXPECT_EQ(short_secret.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(Message(short_secret).find("\"dev-2\""), std::string::npos);
  EXPECT_NE(Message(short_secret).find("at least 32"), std::string::npos);
  EXPECT_EQ(Message(short_secret).find("hunter2"), std::string::npos);

  EXPECT_EQ(keys.AddHmacSecret("dev-1", kSecret).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(keys.AddHmacSecret("", kSecret).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(keys.size(), 1u);
}

}  // namespace
}  // namespace crm::jwt
