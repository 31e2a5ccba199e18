#include "libs/pg/conninfo.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crm::pg {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ConnInfoTest, ParsesKeyValueStrings) {
  absl::StatusOr<ConnInfo> info = ConnInfo::Parse("host=db.internal port=6432 user=crm dbname=crm");
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->Get("host"), "db.internal");
  EXPECT_EQ(info->Get("dbname"), "crm");
  EXPECT_EQ(info->Get("sslmode"), "");
  EXPECT_EQ(info->Address(), "db.internal:6432");
}

TEST(ConnInfoTest, ParsesUris) {
  absl::StatusOr<ConnInfo> info = ConnInfo::Parse("postgresql://crm:secret@10.0.0.5:5433/sales");
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->Get("password"), "secret");
  EXPECT_EQ(info->Get("dbname"), "sales");
  EXPECT_EQ(info->Address(), "10.0.0.5:5433");
}

TEST(ConnInfoTest, AddressNeverShowsThePassword) {
  absl::StatusOr<ConnInfo> info = ConnInfo::Parse("host=h port=1 password=hunter2");
  ASSERT_TRUE(info.ok());
  EXPECT_THAT(info->Address(), Not(HasSubstr("hunter2")));
}

TEST(ConnInfoTest, ToStringQuotesValuesSoTheyRoundTrip) {
  absl::StatusOr<ConnInfo> info = ConnInfo::Parse("host=h dbname=crm");
  ASSERT_TRUE(info.ok());
  info->Set("options", "-c statement_timeout=5000");
  info->Set("application_name", "it's \\ odd");
  absl::StatusOr<ConnInfo> again = ConnInfo::Parse(info->ToString());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->Get("options"), "-c statement_timeout=5000");
  EXPECT_EQ(again->Get("application_name"), "it's \\ odd");
  EXPECT_EQ(again->Get("host"), "h");
}

TEST(ConnInfoTest, SetReplacesAValue) {
  absl::StatusOr<ConnInfo> info = ConnInfo::Parse("dbname=crm");
  ASSERT_TRUE(info.ok());
  info->Set("dbname", "other");
  EXPECT_EQ(info->Get("dbname"), "other");
}

TEST(ConnInfoTest, RejectsGarbageWithoutEchoingIt) {
  absl::StatusOr<ConnInfo> info = ConnInfo::Parse("host=h password=hunter2 nonsense");
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(info.status().message(), Not(HasSubstr("hunter2")));
}

}  // namespace
}  // namespace crm::pg
