#include "libs/etag/etag.h"

#include "gtest/gtest.h"
#include "libs/status/status.h"

namespace crm {
namespace {

TEST(EtagTest, RoundTrips) {
  EXPECT_EQ(EtagOf(7), "\"7\"");
  EXPECT_EQ(ParseEtag(EtagOf(123456789012)), 123456789012);
}

TEST(EtagTest, RefusesOtherForms) {
  for (const char* bad : {"", "7", "\"\"", "\"7", "7\"", "\"0\"", "\"-1\"", "\"7a\"", "W/\"7\""}) {
    EXPECT_FALSE(ParseEtag(bad).has_value()) << bad;
  }
}

TEST(EtagTest, FieldsAreOptionalButNeverMalformed) {
  status::FieldViolations violations;
  EXPECT_EQ(ParseEtagField("", "etag", violations), std::nullopt);
  EXPECT_EQ(ParseEtagField("\"4\"", "etag", violations), 4);
  EXPECT_TRUE(violations.empty());
  EXPECT_EQ(ParseEtagField("4", "user.etag", violations), std::nullopt);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations.bad_request().field_violations(0).field(), "user.etag");
  EXPECT_EQ(violations.bad_request().field_violations(0).description(),
            "user.etag: '4' is not an etag this service issued");
}

TEST(EtagTest, MismatchNamesBothVersions) {
  const absl::Status status = EtagMismatch("test.crm", "orgUnits/hq", 3, 5);
  EXPECT_EQ(status.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(status.message(),
            "orgUnits/hq changed since you read it (etag \"3\", now \"5\"); read it again and "
            "reapply your change");
  EXPECT_EQ(status::GetErrorInfo(status)->reason(), "ETAG_MISMATCH");
}

}  // namespace
}  // namespace crm
