#include "tools/crmctl/contact_requests.h"

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

TEST(ContactRequestsTest, CreateCopiesTheFields) {
  absl::StatusOr<v1::CreateContactRequest> request = BuildCreateContactRequest(
      Parse({"contact", "create", "c1", "--name", "张伟", "--title", "采购总监", "--department",
             "采购部", "--role", "decision-maker", "--phone", "13800138000", "--email",
             "zhang.wei@example.cn", "--wechat", "zw_2024"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->parent(), "customers/c1");
  const v1::Contact& contact = request->contact();
  EXPECT_EQ(contact.display_name(), "张伟");
  EXPECT_EQ(contact.title(), "采购总监");
  EXPECT_EQ(contact.department(), "采购部");
  EXPECT_EQ(contact.decision_role(), v1::DECISION_MAKER);
  EXPECT_EQ(contact.phone(), "13800138000");
  EXPECT_EQ(contact.email(), "zhang.wei@example.cn");
  EXPECT_EQ(contact.wechat(), "zw_2024");
}

TEST(ContactRequestsTest, CreateNeedsAName) {
  absl::StatusOr<v1::CreateContactRequest> request =
      BuildCreateContactRequest(Parse({"contact", "create", "c1"}));
  ASSERT_FALSE(request.ok());
  EXPECT_TRUE(IsUsageError(request.status()));
}

TEST(ContactRequestsTest, AContactIsNamedByTwoIdsOrOneName) {
  absl::StatusOr<v1::GetContactRequest> by_ids =
      BuildGetContactRequest(Parse({"contact", "get", "c1", "k1"}));
  ASSERT_TRUE(by_ids.ok()) << by_ids.status();
  EXPECT_EQ(by_ids->name(), "customers/c1/contacts/k1");

  absl::StatusOr<v1::GetContactRequest> by_name =
      BuildGetContactRequest(Parse({"contact", "get", "customers/c1/contacts/k1"}));
  ASSERT_TRUE(by_name.ok()) << by_name.status();
  EXPECT_EQ(by_name->name(), "customers/c1/contacts/k1");

  for (const char* bad :
       {"k1", "customers/c1", "customers//contacts/k1", "customers/c1/contacts/"}) {
    absl::StatusOr<v1::GetContactRequest> request =
        BuildGetContactRequest(Parse({"contact", "get", bad}));
    EXPECT_TRUE(IsUsageError(request.status())) << bad;
  }
}

TEST(ContactRequestsTest, UpdateMaskFollowsTheFlagsGiven) {
  absl::StatusOr<v1::UpdateContactRequest> request = BuildUpdateContactRequest(Parse(
      {"contact", "update", "c1", "k1", "--wechat", "", "--role", "veto-holder", "--etag", "e2"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_THAT(request->update_mask().paths(), ElementsAre("decision_role", "wechat"));
  EXPECT_EQ(request->contact().name(), "customers/c1/contacts/k1");
  EXPECT_EQ(request->contact().decision_role(), v1::VETO_HOLDER);
  EXPECT_EQ(request->contact().etag(), "e2");

  absl::StatusOr<v1::UpdateContactRequest> empty =
      BuildUpdateContactRequest(Parse({"contact", "update", "c1", "k1"}));
  EXPECT_TRUE(IsUsageError(empty.status()));
}

TEST(ContactRequestsTest, EraseNeedsAReason) {
  absl::StatusOr<v1::EraseContactRequest> request =
      BuildEraseContactRequest(Parse({"contact", "erase", "c1", "k1", "--reason", "DSR-2024-017"}));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->reason(), "DSR-2024-017");

  absl::StatusOr<v1::EraseContactRequest> missing =
      BuildEraseContactRequest(Parse({"contact", "erase", "c1", "k1"}));
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(IsUsageError(missing.status()));
}

TEST(ContactRequestsTest, UnknownDecisionRoleListsTheChoices) {
  absl::StatusOr<v1::CreateContactRequest> request = BuildCreateContactRequest(
      Parse({"contact", "create", "c1", "--name", "x", "--role", "boss"}));
  ASSERT_FALSE(request.ok());
  EXPECT_EQ(request.status().message(),
            "--role: unknown value \"boss\"; use one of "
            "decision-maker|champion|user|veto-holder|influencer");
}

}  // namespace
}  // namespace crm::crmctl
