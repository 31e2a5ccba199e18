#include "tools/crmctl/merge_requests.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/crmctl/commands.h"
#include "tools/crmctl/parse_for_test.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// The usage error of `args`, or "" when they make a request.
std::string MergeUsageError(const std::vector<std::string>& args) {
  absl::StatusOr<v1::MergeCustomersRequest> request = BuildMergeCustomersRequest(Parse(args));
  if (request.ok()) return "";
  EXPECT_TRUE(IsUsageError(request.status())) << request.status();
  return std::string(request.status().message());
}

TEST(MergeRequestsTest, MergeTakesIdsOrNamesSurvivorFirst) {
  absl::StatusOr<v1::MergeCustomersRequest> request =
      BuildMergeCustomersRequest(Parse({"customer", "merge", "c1", "customers/c2", "c3"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->survivor(), "customers/c1");
  EXPECT_THAT(request->merged(), ElementsAre("customers/c2", "customers/c3"));
  EXPECT_TRUE(request->field_overrides().empty());
  EXPECT_FALSE(request->validate_only());
  EXPECT_EQ(request->etag(), "");
  EXPECT_EQ(request->request_id(), "");
}

TEST(MergeRequestsTest, MergeCopiesKeepDryRunEtagAndRequestId) {
  absl::StatusOr<v1::MergeCustomersRequest> request = BuildMergeCustomersRequest(Parse(
      {"customer", "merge", "c1", "c2", "--keep", "uscc=c2", "--keep", "Legal-Name=customers/c1",
       "--keep", "size_band=c2", "--dry-run", "--etag", "7", "--request-id", "merge-1"}));
  ASSERT_TRUE(request.ok()) << request.status();
  ASSERT_EQ(request->field_overrides_size(), 3);
  EXPECT_EQ(request->field_overrides(0).field(), "uscc");
  EXPECT_EQ(request->field_overrides(0).source(), "customers/c2");
  // Dashes and capitals as a flag would spell the field.
  EXPECT_EQ(request->field_overrides(1).field(), "legal_name");
  EXPECT_EQ(request->field_overrides(1).source(), "customers/c1");
  EXPECT_EQ(request->field_overrides(2).field(), "size_band");
  EXPECT_TRUE(request->validate_only());
  EXPECT_EQ(request->etag(), "7");
  EXPECT_EQ(request->request_id(), "merge-1");
}

TEST(MergeRequestsTest, ABadKeepIsAUsageErrorNamingTheFlag) {
  EXPECT_EQ(MergeUsageError({"customer", "merge", "c1", "c2", "--keep", "uscc"}),
            "--keep \"uscc\": give FIELD=ID, e.g. --keep uscc=c2");
  EXPECT_EQ(MergeUsageError({"customer", "merge", "c1", "c2", "--keep", "phone=c2"}),
            "--keep \"phone=c2\": FIELD is one of display_name, legal_name, "
            "short_name, uscc, industry, region, ownership_type, size_band");
  EXPECT_THAT(MergeUsageError({"customer", "merge", "c1", "c2", "--keep", "uscc="}),
              StartsWith("--keep \"uscc=\": "));
  EXPECT_THAT(MergeUsageError({"customer", "merge", "c1", "c2", "--keep", "uscc=orgUnits/hq"}),
              StartsWith("--keep \"uscc=orgUnits/hq\": "));
  EXPECT_EQ(MergeUsageError({"customer", "merge", "c1", "c2", "--keep", "uscc=c9"}),
            "--keep \"uscc=c9\": ID must be the survivor or one of the "
            "customers merged: customers/c1, customers/c2");
  EXPECT_EQ(
      MergeUsageError({"customer", "merge", "c1", "c2", "--keep", "uscc=c1", "--keep", "uscc=c2"}),
      "--keep: uscc is given twice; keep one value");
}

TEST(MergeRequestsTest, ABadCustomerIdIsAUsageError) {
  EXPECT_THAT(MergeUsageError({"customer", "merge", "c1", "orgUnits/hq"}),
              HasSubstr("\"orgUnits/hq\" is not a customer id"));
}

TEST(MergeRequestsTest, OneCustomerIsNotAMerge) {
  Invocation invocation;
  const absl::Status status =
      ParseCommandLine({"customer", "merge", "c1"}, AllCommands(), Defaults(), &invocation);
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(IsUsageError(status));
  EXPECT_THAT(status.message(), HasSubstr("takes SURVIVOR OTHER..."));
}

TEST(MergeRequestsTest, UnmergeTakesAnIdOrName) {
  absl::StatusOr<v1::UnmergeCustomerRequest> request = BuildUnmergeCustomerRequest(
      Parse({"customer", "unmerge", "customers/c2", "--request-id", "u-1"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->name(), "customers/c2");
  EXPECT_EQ(request->request_id(), "u-1");

  request = BuildUnmergeCustomerRequest(Parse({"customer", "unmerge", "c2"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->name(), "customers/c2");

  request = BuildUnmergeCustomerRequest(Parse({"customer", "unmerge", "customers/c2/contacts/k"}));
  ASSERT_FALSE(request.ok());
  EXPECT_TRUE(IsUsageError(request.status()));
}

}  // namespace
}  // namespace crm::crmctl
