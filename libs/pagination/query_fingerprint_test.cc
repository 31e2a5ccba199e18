#include "libs/pagination/query_fingerprint.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crm::pagination {
namespace {

TEST(QueryFingerprintTest, IsStableHex) {
  const std::string fp = QueryFingerprint({"ListCustomers", "tier = \"A\""});
  EXPECT_THAT(fp, ::testing::MatchesRegex("[0-9a-f]{64}"));
  EXPECT_EQ(fp, QueryFingerprint({"ListCustomers", "tier = \"A\""}));
  EXPECT_NE(fp, QueryFingerprint({"ListCustomers", "tier = \"B\""}));
}

TEST(QueryFingerprintTest, PartBoundariesMatter) {
  EXPECT_NE(QueryFingerprint({"ab", "c"}), QueryFingerprint({"a", "bc"}));
  EXPECT_NE(QueryFingerprint({"a", ""}), QueryFingerprint({"a"}));
  EXPECT_NE(QueryFingerprint({"", "a"}), QueryFingerprint({"a", ""}));
  EXPECT_NE(QueryFingerprint({"1:a"}), QueryFingerprint({"a"}));
  EXPECT_NE(QueryFingerprint({}), QueryFingerprint({""}));
}

}  // namespace
}  // namespace crm::pagination
