#include "libs/pagination/page_token_codec.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/crypto/crypto.h"
#include "libs/pagination/query_fingerprint.h"
#include "libs/status/status.h"

namespace crm::pagination {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;

const std::string kFingerprint =
    QueryFingerprint({"ListCustomers", "parent", "tier = \"A\"", "name desc"});

// Asserts `result` is INVALID_ARGUMENT on page_token; returns its message.
std::string Rejection(const absl::StatusOr<PageCursor>& result) {
  EXPECT_FALSE(result.ok());
  if (result.ok()) return "";
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  const auto violations = status::GetFieldViolations(result.status());
  EXPECT_EQ(violations.size(), 1u);
  if (!violations.empty()) {
    EXPECT_EQ(violations[0].field(), "page_token");
  }
  return std::string(result.status().message());
}

TEST(PageTokenCodecTest, RoundTrips) {
  const PageTokenCodec codec("key");
  const PageCursor cursor{{"上海华信", "", std::string("a\0b", 3), "42"}};
  const std::string token = codec.Encode(kFingerprint, cursor);
  EXPECT_THAT(token, MatchesRegex("[A-Za-z0-9_-]+"));
  const absl::StatusOr<PageCursor> decoded = codec.Decode(token, kFingerprint);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->last_key, cursor.last_key);
}

TEST(PageTokenCodecTest, RoundTripsLongValues) {
  const PageTokenCodec codec("key");
  const PageCursor cursor{{std::string(300, 'x'), "1"}};
  const absl::StatusOr<PageCursor> decoded =
      codec.Decode(codec.Encode(kFingerprint, cursor), kFingerprint);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->last_key, cursor.last_key);
}

TEST(PageTokenCodecTest, EmptyTokenIsTheFirstPage) {
  const absl::StatusOr<PageCursor> decoded = PageTokenCodec("key").Decode("", kFingerprint);
  ASSERT_TRUE(decoded.ok());
  EXPECT_THAT(decoded->last_key, IsEmpty());
}

TEST(PageTokenCodecTest, TokenIsOpaqueText) {
  const std::string token = PageTokenCodec("key").Encode(kFingerprint, {{"customers/7"}});
  EXPECT_EQ(token.find("customers/7"), std::string::npos);
}

TEST(PageTokenCodecTest, RejectsTokenOfAnotherQuery) {
  const PageTokenCodec codec("key");
  const std::string token = codec.Encode(kFingerprint, {{"a", "1"}});
  const std::string other = QueryFingerprint({"ListCustomers", "tier = \"B\""});
  EXPECT_THAT(Rejection(codec.Decode(token, other)), HasSubstr("does not belong to this query"));
}

TEST(PageTokenCodecTest, RejectsEveryAlteredByte) {
  const PageTokenCodec codec("key");
  const std::string raw = *crypto::Base64UrlDecode(codec.Encode(kFingerprint, {{"name", "42"}}));
  for (size_t i = 0; i < raw.size(); ++i) {
    std::string altered = raw;
    altered[i] = static_cast<char>(altered[i] ^ 0x01);
    EXPECT_FALSE(codec.Decode(crypto::Base64UrlEncode(altered), kFingerprint).ok()) << "byte " << i;
  }
}

TEST(PageTokenCodecTest, RejectsAlteredCursorAsMalformed) {
  const PageTokenCodec codec("key");
  std::string raw = *crypto::Base64UrlDecode(codec.Encode(kFingerprint, {{"41"}}));
  raw[raw.size() - 17] = '2';  // the last cursor byte: "41" -> "42"
  EXPECT_THAT(Rejection(codec.Decode(crypto::Base64UrlEncode(raw), kFingerprint)),
              HasSubstr("malformed or was altered"));
}

TEST(PageTokenCodecTest, RejectsTokenOfAnotherKey) {
  const std::string token = PageTokenCodec("a").Encode(kFingerprint, {{"1"}});
  EXPECT_THAT(Rejection(PageTokenCodec("b").Decode(token, kFingerprint)), HasSubstr("malformed"));
}

TEST(PageTokenCodecTest, RejectsGarbage) {
  const PageTokenCodec codec("key");
  const std::string token = codec.Encode(kFingerprint, {{"1"}});
  Rejection(codec.Decode("not a token!", kFingerprint));
  Rejection(codec.Decode("AAAA", kFingerprint));
  Rejection(codec.Decode(token.substr(0, token.size() - 2), kFingerprint));
  Rejection(codec.Decode(token + "A", kFingerprint));
  Rejection(codec.Decode(std::string(5000, 'A'), kFingerprint));
  std::string raw = *crypto::Base64UrlDecode(token);
  raw[0] = '\x02';  // unknown version
  Rejection(codec.Decode(crypto::Base64UrlEncode(raw), kFingerprint));
}

TEST(PageTokenCodecTest, ErrorCarriesTheDomain) {
  const absl::StatusOr<PageCursor> result =
      PageTokenCodec("key").Decode("x", kFingerprint, "customer.crm");
  const auto info = status::GetErrorInfo(result.status());
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->domain(), "customer.crm");
}

TEST(PageTokenCodecTest, EmptyCursorRoundTrips) {
  const PageTokenCodec codec("key");
  const absl::StatusOr<PageCursor> decoded =
      codec.Decode(codec.Encode(kFingerprint, {}), kFingerprint);
  ASSERT_TRUE(decoded.ok());
  EXPECT_THAT(decoded->last_key, IsEmpty());
}

}  // namespace
}  // namespace crm::pagination
