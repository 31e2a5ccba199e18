#include "services/customer/merge/merged_record.h"

#include "gtest/gtest.h"

namespace crm::customer {
namespace {

v1::Customer Record(std::string id, std::string owner, int64_t update_seconds) {
  v1::Customer customer;
  customer.set_name("customers/" + id);
  customer.set_owner_org_unit(std::move(owner));
  customer.mutable_update_time()->set_seconds(update_seconds);
  return customer;
}

const v1::FieldSource& SourceOf(const MergedRecord& merged, const std::string& field) {
  for (const v1::FieldSource& source : merged.sources) {
    if (source.field() == field) return source;
  }
  static const v1::FieldSource kNone;
  return kNone;
}

TEST(MergedRecordTest, FieldsFollowTheRulesAndListsAreUnioned) {
  v1::Customer survivor = Record("s", "orgUnits/sub-east", 100);
  survivor.set_legal_name("上海华信能源科技有限公司");
  survivor.set_industry("C");
  survivor.add_tags("战略客户");
  v1::Customer other = Record("m", "orgUnits/sub-south", 50);
  other.set_legal_name("上海华信能源有限公司");
  other.set_uscc("91310115MA1K4C8X7A");
  other.set_industry("D");
  other.add_tags("战略客户");
  other.add_tags("能源");
  auto* reference = other.add_external_references();
  reference->set_source_system("erp-sap");
  reference->set_source_id("C-1");
  auto* member = other.add_account_team();
  member->set_org_unit("orgUnits/sub-north");
  member->set_role("service");

  absl::StatusOr<MergedRecord> merged =
      BuildMergedRecord({survivor, other}, {"erp-sap"}, {{"industry", 0}});
  ASSERT_TRUE(merged.ok()) << merged.status();
  // The ERP record is trusted over the more recent survivor.
  EXPECT_EQ(merged->customer.legal_name(), "上海华信能源有限公司");
  EXPECT_EQ(SourceOf(*merged, "legal_name").reason(), "trusted source erp-sap");
  EXPECT_EQ(merged->customer.uscc(), "91310115MA1K4C8X7A");
  EXPECT_EQ(SourceOf(*merged, "uscc").source(), "customers/m");
  EXPECT_EQ(merged->customer.industry(), "C");
  EXPECT_EQ(SourceOf(*merged, "industry").reason(), "override");
  EXPECT_EQ(merged->fields_won[0], (std::vector<std::string>{"legal_name", "uscc"}));
  ASSERT_EQ(merged->customer.tags_size(), 2);
  EXPECT_EQ(merged->customer.tags(1), "能源");
  ASSERT_EQ(merged->customer.external_references_size(), 1);
  // The other owner keeps serving the customer it brought.
  ASSERT_EQ(merged->customer.account_team_size(), 2);
  EXPECT_EQ(merged->customer.account_team(1).org_unit(), "orgUnits/sub-south");
  EXPECT_EQ(merged->customer.account_team(1).role(), kFormerOwnerRole);
  EXPECT_EQ(merged->customer.owner_org_unit(), "orgUnits/sub-east");
}

TEST(MergedRecordTest, TooManyTagsIsRefused) {
  v1::Customer survivor = Record("s", "orgUnits/hq", 1);
  v1::Customer other = Record("m", "orgUnits/hq", 1);
  for (int i = 0; i < 12; ++i) {
    survivor.add_tags("s" + std::to_string(i));
    other.add_tags("m" + std::to_string(i));
  }
  absl::StatusOr<MergedRecord> merged = BuildMergedRecord({survivor, other}, {}, {});
  EXPECT_EQ(merged.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(merged.status().message().find("24 tags"), std::string::npos);
}

TEST(MergedRecordTest, UnmergeGivesBackWhatCameFromTheMergedRecordOnly) {
  v1::Customer survivor = Record("s", "orgUnits/sub-east", 100);
  survivor.set_legal_name("甲有限公司");
  survivor.add_tags("a");
  v1::Customer other = Record("m", "orgUnits/sub-south", 200);
  other.set_legal_name("乙有限公司");
  other.set_short_name("乙");
  other.add_tags("b");
  auto* reference = other.add_external_references();
  reference->set_source_system("oa");
  reference->set_source_id("7");
  absl::StatusOr<MergedRecord> merged = BuildMergedRecord({survivor, other}, {}, {});
  ASSERT_TRUE(merged.ok());
  ASSERT_EQ(merged->customer.legal_name(), "乙有限公司");

  // Later, someone edits the short name and adds a tag of their own.
  v1::Customer current = merged->customer;
  current.set_short_name("乙方");
  current.add_tags("c");
  const v1::Customer after = SurvivorAfterUnmerge(current, {.survivor_before = survivor,
                                                            .survivor_after = merged->customer,
                                                            .merged_before = other,
                                                            .fields_won = merged->fields_won[0]});
  EXPECT_EQ(after.legal_name(), "甲有限公司");  // unedited: back to the survivor's own
  EXPECT_EQ(after.short_name(), "乙方");        // edited since: kept
  EXPECT_EQ(after.tags_size(), 2);
  EXPECT_EQ(after.tags(0), "a");
  EXPECT_EQ(after.tags(1), "c");
  EXPECT_EQ(after.external_references_size(), 0);
  EXPECT_EQ(after.account_team_size(), 0);
}

}  // namespace
}  // namespace crm::customer
