#include "libs/jwt/verifier.h"

#include <openssl/bio.h>
#include <openssl/pem.h>

#include <string>
#include <utility>

#include "gtest/gtest.h"
#include "libs/crypto/crypto.h"
#include "libs/jwt/errors.h"
#include "libs/jwt/jwk.h"
#include "libs/jwt/key_set.h"
#include "libs/jwt/signature.h"
#include "libs/jwt/signer.h"
#include "libs/jwt/test_util.h"
#include "libs/status/status.h"
#include "nlohmann/json.hpp"

namespace crm::jwt {
namespace {

using nlohmann::json;
using testing::Assemble;
using testing::EcKey;
using testing::Jwks;
using testing::kAudience;
using testing::kIssuer;
using testing::kNow;
using testing::kSecret;
using testing::Message;
using testing::OtherRsaKey;
using testing::PublicKeyDer;
using testing::Reason;
using testing::RsaKey;
using testing::ValidPayload;

constexpr char kKid[] = "dev-1";

VerifierOptions Options() { return {.issuer = kIssuer, .audience = kAudience}; }

Verifier HmacVerifier(VerifierOptions options = Options()) {
  KeySet keys;
  EXPECT_TRUE(keys.AddHmacSecret(kKid, kSecret).ok());
  return Verifier(std::move(keys), std::move(options));
}

// A verifier trusting the generated RSA and EC keys, through a JWKS.
Verifier JwksVerifier() {
  absl::StatusOr<json> rsa = PublicJwk("rsa-1", RsaKey());
  absl::StatusOr<json> ec = PublicJwk("ec-1", EcKey());
  EXPECT_TRUE(rsa.ok()) << rsa.status();
  EXPECT_TRUE(ec.ok()) << ec.status();
  absl::StatusOr<KeySet> keys = KeySet::FromJwks(Jwks({*rsa, *ec}));
  EXPECT_TRUE(keys.ok()) << keys.status();
  return Verifier(*std::move(keys), Options());
}

std::string SignHs256(const json& payload, const std::string& kid = kKid,
                      const std::string& secret = kSecret) {
  absl::StatusOr<std::string> token = Signer::SignHs256(kid, secret, payload);
  EXPECT_TRUE(token.ok()) << token.status();
  return token.value_or("");
}

std::string SignWithKey(const std::string& kid, EVP_PKEY* key, const std::string& alg,
                        const json& payload) {
  absl::StatusOr<std::string> token = Signer::SignWithKey(kid, key, alg, payload);
  EXPECT_TRUE(token.ok()) << token.status();
  return token.value_or("");
}

json With(json payload, const std::string& name, json value) {
  payload[name] = std::move(value);
  return payload;
}

json Without(json payload, const std::string& name) {
  payload.erase(name);
  return payload;
}

TEST(VerifierTest, Hs256RoundTripGivesTheClaims) {
  json payload = ValidPayload();
  payload["nbf"] = absl::ToUnixSeconds(kNow) - 10;
  payload["roles"] = json::array({"sales", "admin"});
  absl::StatusOr<Claims> claims = HmacVerifier().Verify(SignHs256(payload), kNow);
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->subject, "users/alice");
  EXPECT_EQ(claims->issuer, kIssuer);
  EXPECT_EQ(claims->expire_time, kNow + absl::Minutes(5));
  EXPECT_EQ(claims->not_before, kNow - absl::Seconds(10));
  EXPECT_EQ(claims->issued_at, kNow - absl::Seconds(60));
  EXPECT_EQ(claims->extra, payload);
  EXPECT_EQ(claims->extra["roles"][1], "admin");
}

TEST(VerifierTest, AcceptsFractionalNumericDates) {
  const json payload =
      With(ValidPayload(), "exp", static_cast<double>(absl::ToUnixSeconds(kNow)) + 0.5);
  absl::StatusOr<Claims> claims = HmacVerifier().Verify(SignHs256(payload), kNow);
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->expire_time, kNow + absl::Milliseconds(500));
}

TEST(VerifierTest, ExpiredTokenIsRefusedOutsideTheSkewOnly) {
  const Verifier verifier = HmacVerifier();
  const auto expiring = [](absl::Duration ago) {
    return SignHs256(With(ValidPayload(), "exp", absl::ToUnixSeconds(kNow - ago)));
  };
  EXPECT_TRUE(verifier.Verify(expiring(absl::Seconds(29)), kNow).ok());
  EXPECT_TRUE(verifier.Verify(expiring(absl::Seconds(30)), kNow).ok());

  const absl::StatusOr<Claims> result = verifier.Verify(expiring(absl::Seconds(31)), kNow);
  EXPECT_EQ(Reason(result), kReasonExpired);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(Message(result.status()).find("token expired at 2027-01-15T07:59:29Z (clock skew 30s)"),
            std::string::npos)
      << result.status();
  const auto info = status::GetErrorInfo(result.status());
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->metadata().at("expireTime"), "2027-01-15T07:59:29Z");

  VerifierOptions strict = Options();
  strict.clock_skew = absl::ZeroDuration();
  EXPECT_EQ(Reason(HmacVerifier(strict).Verify(expiring(absl::Seconds(1)), kNow)), kReasonExpired);
}

TEST(VerifierTest, NotBeforeInTheFutureIsRefused) {
  const Verifier verifier = HmacVerifier();
  const auto starting = [](absl::Duration ahead) {
    return SignHs256(With(ValidPayload(), "nbf", absl::ToUnixSeconds(kNow + ahead)));
  };
  EXPECT_TRUE(verifier.Verify(starting(absl::Seconds(30)), kNow).ok());
  const absl::StatusOr<Claims> result = verifier.Verify(starting(absl::Minutes(5)), kNow);
  EXPECT_EQ(Reason(result), kReasonNotYetValid);
  EXPECT_NE(Message(result.status()).find("not valid before 2027-01-15T08:05:00Z"),
            std::string::npos)
      << result.status();
}

TEST(VerifierTest, WrongOrMissingIssuerIsRefused) {
  const Verifier verifier = HmacVerifier();
  const absl::StatusOr<Claims> wrong =
      verifier.Verify(SignHs256(With(ValidPayload(), "iss", "https://evil.example.test")), kNow);
  EXPECT_EQ(Reason(wrong), kReasonIssuerMismatch);
  EXPECT_NE(Message(wrong.status()).find(kIssuer), std::string::npos);

  EXPECT_EQ(Reason(verifier.Verify(SignHs256(Without(ValidPayload(), "iss")), kNow)),
            kReasonIssuerMismatch);
  // Prefix and case variants are different issuers.
  EXPECT_EQ(Reason(verifier.Verify(
                SignHs256(With(ValidPayload(), "iss", std::string(kIssuer) + "/")), kNow)),
            kReasonIssuerMismatch);
}

TEST(VerifierTest, AudienceMayBeAStringOrAnArray) {
  const Verifier verifier = HmacVerifier();
  EXPECT_TRUE(verifier.Verify(SignHs256(ValidPayload()), kNow).ok());
  EXPECT_TRUE(
      verifier
          .Verify(SignHs256(With(ValidPayload(), "aud", json::array({"billing", kAudience}))), kNow)
          .ok());
  EXPECT_EQ(Reason(verifier.Verify(SignHs256(With(ValidPayload(), "aud", "billing")), kNow)),
            kReasonAudienceMismatch);
  EXPECT_EQ(
      Reason(verifier.Verify(
          SignHs256(With(ValidPayload(), "aud", json::array({"billing", "crm-api-admin"}))), kNow)),
      kReasonAudienceMismatch);
  EXPECT_EQ(Reason(verifier.Verify(SignHs256(With(ValidPayload(), "aud", json::array())), kNow)),
            kReasonAudienceMismatch);
}

TEST(VerifierTest, MissingAudienceIsRefused) {
  const absl::StatusOr<Claims> result =
      HmacVerifier().Verify(SignHs256(Without(ValidPayload(), "aud")), kNow);
  EXPECT_EQ(Reason(result), kReasonAudienceMismatch);
  EXPECT_NE(Message(result.status()).find("missing"), std::string::npos);
}

TEST(VerifierTest, ClaimsOfTheWrongTypeAreMalformed) {
  const Verifier verifier = HmacVerifier();
  for (const json& payload : {
           Without(ValidPayload(), "exp"),
           With(ValidPayload(), "exp", "1800000300"),
           With(ValidPayload(), "exp", true),
           With(ValidPayload(), "exp", -5),
           With(ValidPayload(), "exp", 1e300),
           With(ValidPayload(), "nbf", "yesterday"),
           With(ValidPayload(), "iat", json::object()),
           Without(ValidPayload(), "sub"),
           With(ValidPayload(), "sub", ""),
           With(ValidPayload(), "sub", 42),
           With(ValidPayload(), "iss", json::array({kIssuer})),
           With(ValidPayload(), "aud", json::array({kAudience, 7})),
       }) {
    EXPECT_EQ(Reason(verifier.Verify(SignHs256(payload), kNow)), kReasonTokenMalformed)
        << payload.dump();
  }
}

TEST(VerifierTest, TamperedPayloadIsRefused) {
  const Verifier verifier = HmacVerifier();
  const std::string token = SignHs256(ValidPayload());
  const size_t first_dot = token.find('.');
  const size_t second_dot = token.find('.', first_dot + 1);

  std::string tampered = token;
  char& c = tampered[first_dot + 5];
  c = c == 'A' ? 'B' : 'A';
  EXPECT_EQ(Reason(verifier.Verify(tampered, kNow)), kReasonSignatureInvalid);

  // No change anywhere in the header or payload survives.
  for (size_t i = 0; i < second_dot; ++i) {
    if (token[i] == '.') continue;
    std::string changed = token;
    changed[i] = token[i] == 'x' ? 'y' : 'x';
    EXPECT_FALSE(verifier.Verify(changed, kNow).ok()) << "position " << i;
  }
}

TEST(VerifierTest, SignatureOfAnotherSecretIsRefused) {
  const std::string token = SignHs256(ValidPayload(), kKid, "another-secret-another-secret-0123");
  const absl::StatusOr<Claims> result = HmacVerifier().Verify(token, kNow);
  EXPECT_EQ(Reason(result), kReasonSignatureInvalid);
  // Neither the token nor the secret appears in the error.
  EXPECT_EQ(Message(result.status()).find(token), std::string::npos);
  EXPECT_EQ(Message(result.status()).find(kSecret), std::string::npos);
  const std::string signature = token.substr(token.rfind('.') + 1);
  EXPECT_EQ(Message(result.status()).find(signature), std::string::npos);
}

TEST(VerifierTest, SignatureIsCheckedBeforeThePayloadIsRead) {
  // An unsigned payload that is not even JSON: the signature fails first.
  const std::string token = crypto::Base64UrlEncode(json{{"alg", "HS256"}, {"kid", kKid}}.dump()) +
                            "." + crypto::Base64UrlEncode("not json") + "." +
                            crypto::Base64UrlEncode(std::string(32, 'x'));
  EXPECT_EQ(Reason(HmacVerifier().Verify(token, kNow)), kReasonSignatureInvalid);
}

TEST(VerifierTest, AlgNoneIsRefused) {
  const Verifier verifier = HmacVerifier();
  for (const char* alg : {"none", "None", "NONE", "HS512", "PS256", "hs256"}) {
    const std::string token = Assemble({{"alg", alg}, {"kid", kKid}}, ValidPayload(), "");
    const absl::StatusOr<Claims> result = verifier.Verify(token, kNow);
    EXPECT_EQ(Reason(result), kReasonAlgorithmNotAllowed) << alg;
  }
  // Also with the "alg":"none" token's usual trailing-dot shape and no kid.
  const std::string unsigned_token = crypto::Base64UrlEncode(R"({"alg":"none","typ":"JWT"})") +
                                     "." + crypto::Base64UrlEncode(ValidPayload().dump()) + ".";
  EXPECT_EQ(Reason(verifier.Verify(unsigned_token, kNow)), kReasonAlgorithmNotAllowed);
}

TEST(VerifierTest, Rs256TokenVerifiesWithAJwksOfTheGeneratedKey) {
  const std::string token = SignWithKey("rsa-1", RsaKey(), "RS256", ValidPayload());
  absl::StatusOr<Claims> claims = JwksVerifier().Verify(token, kNow);
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->subject, "users/alice");

  // The same claims signed by a key the JWKS does not hold.
  EXPECT_EQ(Reason(JwksVerifier().Verify(
                SignWithKey("rsa-1", OtherRsaKey(), "RS256", ValidPayload()), kNow)),
            kReasonSignatureInvalid);
}

TEST(VerifierTest, Es256TokenVerifiesWithAJwksOfTheGeneratedKey) {
  const Verifier verifier = JwksVerifier();
  // ECDSA signatures are randomized; sign a few to cover short r or s.
  for (int i = 0; i < 20; ++i) {
    const std::string token = SignWithKey("ec-1", EcKey(), "ES256", With(ValidPayload(), "n", i));
    absl::StatusOr<Claims> claims = verifier.Verify(token, kNow);
    ASSERT_TRUE(claims.ok()) << claims.status();
    EXPECT_EQ(claims->extra["n"], i);
  }
}

TEST(VerifierTest, Es256SignatureOfTheWrongLengthIsRefused) {
  const Verifier verifier = JwksVerifier();
  const std::string token = SignWithKey("ec-1", EcKey(), "ES256", ValidPayload());
  const std::string input = token.substr(0, token.rfind('.'));
  std::optional<std::string> jose = crypto::Base64UrlDecode(token.substr(token.rfind('.') + 1));
  ASSERT_TRUE(jose.has_value());
  ASSERT_EQ(jose->size(), 64u);
  ASSERT_TRUE(verifier.Verify(input + "." + crypto::Base64UrlEncode(*jose), kNow).ok());

  std::optional<std::string> der = EcdsaJoseToDer(*jose);
  ASSERT_TRUE(der.has_value());
  for (const std::string& signature :
       {jose->substr(0, 63), *jose + '\0', std::string(1, '\0') + *jose, *der, std::string()}) {
    EXPECT_EQ(Reason(verifier.Verify(input + "." + crypto::Base64UrlEncode(signature), kNow)),
              kReasonSignatureInvalid)
        << signature.size() << " bytes";
  }
}

// RS256 -> HS256 confusion: the attacker downloads the RSA public key and
// uses its bytes as an HMAC secret, hoping the verifier does the same.
TEST(VerifierTest, PublicKeyAsHmacSecretIsRefused) {
  const Verifier verifier = JwksVerifier();
  const std::string der = PublicKeyDer(RsaKey());
  ASSERT_GT(der.size(), 256u);

  BIO* bio = BIO_new(BIO_s_mem());
  ASSERT_NE(bio, nullptr);
  ASSERT_EQ(PEM_write_bio_PUBKEY(bio, RsaKey()), 1);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  const std::string pem(data, static_cast<size_t>(length));
  BIO_free(bio);

  for (const std::string& secret : {der, pem}) {
    const absl::StatusOr<Claims> with_kid =
        verifier.Verify(SignHs256(ValidPayload(), "rsa-1", secret), kNow);
    EXPECT_EQ(Reason(with_kid), kReasonAlgorithmNotAllowed);
    EXPECT_NE(Message(with_kid.status()).find("RS256"), std::string::npos);

    const absl::StatusOr<Claims> without_kid =
        verifier.Verify(SignHs256(ValidPayload(), "", secret), kNow);
    EXPECT_EQ(Reason(without_kid), kReasonKeyUnknown);
  }
}

TEST(VerifierTest, UnknownKidIsRefused) {
  const absl::StatusOr<Claims> result =
      HmacVerifier().Verify(SignHs256(ValidPayload(), "dev-2"), kNow);
  EXPECT_EQ(Reason(result), kReasonKeyUnknown);
  EXPECT_NE(Message(result.status()).find("\"dev-2\""), std::string::npos);
}

TEST(VerifierTest, WithoutKidOnlyASingleMatchingKeyIsUsed) {
  EXPECT_TRUE(HmacVerifier().Verify(SignHs256(ValidPayload(), ""), kNow).ok());

  KeySet two;
  ASSERT_TRUE(two.AddHmacSecret("dev-1", kSecret).ok());
  ASSERT_TRUE(two.AddHmacSecret("dev-2", "a-second-secret-of-32-bytes-or-more").ok());
  EXPECT_EQ(Reason(Verifier(std::move(two), Options()).Verify(SignHs256(ValidPayload(), ""), kNow)),
            kReasonKeyUnknown);

  // An RS256 token without kid against the JWKS' single RSA key.
  EXPECT_TRUE(JwksVerifier().Verify(SignWithKey("", RsaKey(), "RS256", ValidPayload()), kNow).ok());
}

TEST(VerifierTest, MalformedTokensAreRefused) {
  const Verifier verifier = HmacVerifier();
  const std::string good = SignHs256(ValidPayload());
  const std::string header = good.substr(0, good.find('.'));
  const std::string rest = good.substr(good.find('.'));
  for (const std::string& token : {
           std::string(),
           std::string("a.b"),
           std::string("a.b.c.d"),
           std::string(".."),
           good + ".",
           "!!!" + rest,
           header + "=" + rest,
           crypto::Base64UrlEncode("not json") + rest,
           crypto::Base64UrlEncode("[\"alg\",\"HS256\"]") + rest,
           crypto::Base64UrlEncode("{\"typ\":\"JWT\"}") + rest,
           crypto::Base64UrlEncode("{\"alg\":\"HS256\",\"kid\":7}") + rest,
           crypto::Base64UrlEncode("{\"alg\":\"HS256\",\"crit\":[\"exp\"],\"exp\":1}") + rest,
           std::string(kMaxTokenSize + 1, 'a'),
       }) {
    const absl::StatusOr<Claims> result = verifier.Verify(token, kNow);
    EXPECT_EQ(Reason(result), kReasonTokenMalformed) << token;
    EXPECT_EQ(result.status().code(), absl::StatusCode::kUnauthenticated);
  }
}

}  // namespace
}  // namespace crm::jwt
