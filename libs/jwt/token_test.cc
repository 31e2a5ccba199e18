#include "libs/jwt/token.h"

#include <string>

#include "gtest/gtest.h"
#include "libs/crypto/crypto.h"
#include "libs/jwt/errors.h"
#include "libs/jwt/test_util.h"
#include "nlohmann/json.hpp"

namespace crm::jwt {
namespace {

using nlohmann::json;
using testing::Assemble;
using testing::Reason;

TEST(TokenTest, SplitsAndDecodesTheParts) {
  const std::string token =
      Assemble({{"alg", "RS256"}, {"kid", "k1"}}, {{"sub", "x"}}, "sig-bytes");
  absl::StatusOr<Token> parsed = ParseToken(token);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->algorithm, Algorithm::kRs256);
  EXPECT_EQ(parsed->kid, "k1");
  EXPECT_EQ(parsed->header["alg"], "RS256");
  EXPECT_EQ(parsed->signing_input, token.substr(0, token.rfind('.')));
  EXPECT_EQ(parsed->payload, R"({"sub":"x"})");
  EXPECT_EQ(parsed->signature, "sig-bytes");
}

TEST(TokenTest, KidIsOptional) {
  absl::StatusOr<Token> parsed = ParseToken(Assemble({{"alg", "ES256"}}, {{"sub", "x"}}, "s"));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->algorithm, Algorithm::kEs256);
  EXPECT_EQ(parsed->kid, std::nullopt);
}

TEST(TokenTest, PayloadIsNotParsedHere) {
  // Unauthenticated bytes stay bytes: no JSON check before the signature.
  const std::string token = crypto::Base64UrlEncode(R"({"alg":"HS256"})") + "." +
                            crypto::Base64UrlEncode("\xff not json") + ".c2ln";
  absl::StatusOr<Token> parsed = ParseToken(token);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->payload, "\xff not json");
}

TEST(TokenTest, RefusesMalformedShapes) {
  const std::string header = crypto::Base64UrlEncode(R"({"alg":"HS256"})");
  for (const std::string& token : {
           std::string(""),
           std::string("a.b"),
           std::string("a.b.c.d"),
           std::string("abc"),
           header + "..c2ln",
           header + ".e30.c2ln=",
           header + ".e3+0.c2ln",
           crypto::Base64UrlEncode("\xff\xfe") + ".e30.c2ln",
           crypto::Base64UrlEncode(R"({"alg":"HS256")") + ".e30.c2ln",
           crypto::Base64UrlEncode(R"("HS256")") + ".e30.c2ln",
           crypto::Base64UrlEncode(R"({"alg":256})") + ".e30.c2ln",
       }) {
    EXPECT_EQ(Reason(ParseToken(token)), kReasonTokenMalformed) << token;
  }
}

TEST(TokenTest, RefusesUnknownAlgorithms) {
  for (const char* alg : {"none", "HS384", "RS512", "ES384", "PS256", "EdDSA", "", "rs256"}) {
    EXPECT_EQ(Reason(ParseToken(Assemble({{"alg", alg}}, {{"sub", "x"}}, ""))),
              kReasonAlgorithmNotAllowed)
        << alg;
  }
}

}  // namespace
}  // namespace crm::jwt
