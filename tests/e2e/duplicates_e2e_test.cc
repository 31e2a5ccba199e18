// Duplicate matching through the gateway, against the real customer and
// hierarchy services: a short form finds its company, a traditional spelling
// the simplified one, and a branch is reported beside its head office (not
// grouped with it as a duplicate) and placed under it by crmctl.
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "services/customer/testing/customer_test_env.h"
#include "tests/e2e/gateway_test_support.h"
#include "tools/crmctl/app.h"

namespace crm::customer {
namespace {

using gateway::testing::TokenFor;
using gateway::testing::With;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kAdmin[] = "dup-admin";
constexpr char kSeller[] = "dup-east";
constexpr char kOtherSeller[] = "dup-west";

class DuplicatesE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    servers_.Start("duplicates_e2e");
    ASSERT_NE(servers_.gateway.org, nullptr);
    auto& org = *servers_.gateway.org;
    gateway::testing::EnsureOrgUnit(org, "sub-east", "hq", gateway::v1::OrgUnit::SUBSIDIARY);
    gateway::testing::EnsureOrgUnit(org, "sub-west", "hq", gateway::v1::OrgUnit::SUBSIDIARY);
    gateway::testing::EnsureUser(org, kAdmin, "hq", {"hq_admin"});
    gateway::testing::EnsureUser(org, kSeller, "sub-east", {"sales"});
    gateway::testing::EnsureUser(org, kOtherSeller, "sub-west", {"sales"});
  }
  static void TearDownTestSuite() { servers_.Stop(); }
  void SetUp() override { ASSERT_NE(servers_.gateway.customers, nullptr) << "no suite"; }

  static v1::CustomerService::Stub& customers() { return *servers_.gateway.customers; }
  static hierarchy::v1::HierarchyService::Stub& tree() { return *servers_.hierarchy_stub; }

  static v1::Customer Create(const std::string& legal_name, const std::string& region) {
    v1::CreateCustomerRequest request;
    request.mutable_customer()->set_legal_name(legal_name);
    request.mutable_customer()->set_uscc(customer::testing::NewUscc());
    request.mutable_customer()->set_industry("C");
    request.mutable_customer()->set_region(region);
    v1::Customer created;
    const grpc::Status status =
        customers().CreateCustomer(With(TokenFor(kSeller)).get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  // SearchDuplicates of a record not created yet, as `user`, with a contact
  // phone when one is given.
  static v1::SearchDuplicatesResponse Search(const std::string& legal_name, double min_score = 0,
                                             const std::string& user = kSeller,
                                             const std::string& phone = "") {
    v1::SearchDuplicatesRequest request;
    request.mutable_customer()->set_legal_name(legal_name);
    request.set_min_score(min_score);
    if (!phone.empty()) request.add_contact_phones(phone);
    v1::SearchDuplicatesResponse response;
    const grpc::Status status =
        customers().SearchDuplicates(With(TokenFor(user)).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  // A crmctl command line through the gateway as `user`; out_ and err_ hold
  // what it printed.
  int Crmctl(const std::string& user, const std::vector<std::string>& args) {
    out_.str("");
    err_.str("");
    crmctl::Defaults defaults;
    defaults.token = TokenFor(user);
    defaults.saved_token_path = "";
    const std::string address = absl::StrCat("127.0.0.1:", servers_.gateway.server->port());
    std::istringstream in;
    return crmctl::RunCrmctl(
        args, defaults,
        [&](const std::string&) {
          return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
        },
        in, out_, err_);
  }

  static inline gateway::testing::SuiteServers servers_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(DuplicatesE2eTest, AShortFormFindsTheCompanyItAbbreviates) {
  const v1::Customer company = Create("上海瀚海星能源有限公司", "310115");
  for (const char* short_form : {"瀚海星", "上海瀚海星", "瀚海星能源", "瀚海星集团"}) {
    const v1::SearchDuplicatesResponse found = Search(short_form);
    ASSERT_GE(found.matches_size(), 1) << short_form << " found nothing";
    EXPECT_EQ(found.matches(0).customer(), company.name()) << short_form;
    EXPECT_EQ(found.matches(0).relation(), v1::DuplicateMatch::DUPLICATE) << short_form;
    EXPECT_GE(found.matches(0).score(), 0.75) << short_form;
  }
  EXPECT_THAT(Search("瀚海星").matches(0).reasons(), Contains(v1::DuplicateMatch::SHORT_FORM));
}

TEST_F(DuplicatesE2eTest, AnotherSubsidiarysShortFormSearchLearnsNoHiddenContact) {
  const v1::Customer company = Create("上海澜汐科技有限公司", "310115");
  v1::CreateContactRequest contact;
  contact.set_parent(company.name());
  contact.mutable_contact()->set_display_name("王芳");
  contact.mutable_contact()->set_phone("13955558233");
  v1::Contact created;
  const grpc::Status status =
      customers().CreateContact(With(TokenFor(kSeller)).get(), contact, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();

  // The owner's seller sees the shared phone; sub-west, which sees the phone
  // masked, gets the same answer with or without it: the short form only.
  const v1::SearchDuplicatesResponse own = Search("澜汐", 0.5, kSeller, "13955558233");
  ASSERT_GE(own.matches_size(), 1);
  EXPECT_EQ(own.matches(0).customer(), company.name());
  EXPECT_THAT(own.matches(0).reasons(), Contains(v1::DuplicateMatch::SHARED_CONTACT));
  const v1::SearchDuplicatesResponse guessed = Search("澜汐", 0.5, kOtherSeller, "13955558233");
  const v1::SearchDuplicatesResponse plain = Search("澜汐", 0.5, kOtherSeller);
  ASSERT_GE(guessed.matches_size(), 1);
  ASSERT_EQ(guessed.matches_size(), plain.matches_size());
  EXPECT_EQ(guessed.matches(0).customer(), company.name());
  EXPECT_THAT(guessed.matches(0).reasons(), Not(Contains(v1::DuplicateMatch::SHARED_CONTACT)));
  EXPECT_THAT(guessed.matches(0).reasons(), Contains(v1::DuplicateMatch::SHORT_FORM));
  EXPECT_DOUBLE_EQ(guessed.matches(0).score(), plain.matches(0).score());
}

TEST_F(DuplicatesE2eTest, ATraditionalSpellingFindsTheSimplifiedName) {
  const v1::Customer company = Create("杭州嘉禾纺织有限公司", "330100");
  const v1::SearchDuplicatesResponse found = Search("杭州嘉禾紡織有限公司");
  ASSERT_GE(found.matches_size(), 1);
  EXPECT_EQ(found.matches(0).customer(), company.name());
  EXPECT_THAT(found.matches(0).reasons(), Contains(v1::DuplicateMatch::SAME_NAME));
  EXPECT_GE(found.matches(0).score(), 0.75);
}

TEST_F(DuplicatesE2eTest, ABranchIsPlacedUnderItsHeadOfficeNotGroupedWithIt) {
  const v1::Customer head = Create("上海锦程远航物流有限公司", "310000");
  const v1::Customer branch = Create("上海锦程远航物流有限公司杭州分公司", "330100");
  hierarchy::v1::CreateGroupRequest create_group;
  create_group.set_customer(head.name());
  hierarchy::v1::Node root;
  grpc::Status status = tree().CreateGroup(With(TokenFor(kAdmin)).get(), create_group, &root);
  ASSERT_TRUE(status.ok()) << status.error_message();

  // The branch's search names its head office as such, under the threshold.
  const v1::SearchDuplicatesResponse related =
      Search("上海锦程远航物流有限公司杭州分公司", /*min_score=*/0.5);
  bool head_seen = false;
  for (const v1::DuplicateMatch& match : related.matches()) {
    if (match.customer() != head.name()) continue;
    head_seen = true;
    EXPECT_EQ(match.relation(), v1::DuplicateMatch::HEAD_OFFICE);
    EXPECT_LT(match.score(), 0.75);
  }
  EXPECT_TRUE(head_seen);

  // A seller may not scan; HQ's scan reports the pair as a placement only.
  EXPECT_EQ(Crmctl(kSeller, {"customer", "duplicates", "scan"}), crmctl::kExitFailed);
  EXPECT_THAT(err_.str(), HasSubstr("error: PERMISSION_DENIED"));
  ASSERT_EQ(Crmctl(kAdmin, {"customer", "duplicates", "scan", "--wait", "-o", "json"}),
            crmctl::kExitOk)
      << err_.str();
  google::longrunning::Operation scan;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out_.str(), &scan).ok()) << out_.str();
  ASSERT_TRUE(scan.done());
  v1::ScanDuplicatesResponse result;
  ASSERT_TRUE(scan.response().UnpackTo(&result)) << scan.error().message();
  for (const v1::DuplicateGroup& group : result.groups()) {
    EXPECT_THAT(group.customers(), Not(Contains(branch.name())));
  }
  bool placement_seen = false;
  for (const v1::BranchPlacement& placement : result.branch_placements()) {
    if (placement.branch() != branch.name()) continue;
    placement_seen = true;
    EXPECT_EQ(placement.head_office(), head.name());
    EXPECT_EQ(placement.head_office_legal_name(), "上海锦程远航物流有限公司");
  }
  ASSERT_TRUE(placement_seen);

  // crmctl attaches the branch under the head office's node, once.
  ASSERT_EQ(Crmctl(kAdmin, {"customer", "branches", "place", scan.name()}), crmctl::kExitOk)
      << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("上海锦程远航物流有限公司杭州分公司"));
  hierarchy::v1::FindGroupRequest find;
  find.set_customer(branch.name());
  hierarchy::v1::FindGroupResponse placed;
  status = tree().FindGroup(With(TokenFor(kAdmin)).get(), find, &placed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(placed.node().parent(), root.name());
  EXPECT_EQ(placed.node().edge_type(), hierarchy::v1::BRANCH);
  EXPECT_EQ(placed.root().name(), root.name());
  hierarchy::v1::ListChildrenRequest list;
  list.set_parent(root.name());
  hierarchy::v1::ListChildrenResponse children;
  status = tree().ListChildren(With(TokenFor(kAdmin)).get(), list, &children);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(children.nodes_size(), 1);
  EXPECT_EQ(children.nodes(0).customer(), branch.name());
  EXPECT_EQ(children.nodes(0).edge_type(), hierarchy::v1::BRANCH);

  ASSERT_EQ(Crmctl(kAdmin, {"customer", "branches", "place", scan.name()}), crmctl::kExitOk)
      << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("already placed under the head office"));
  status = tree().ListChildren(With(TokenFor(kAdmin)).get(), list, &children);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(children.nodes_size(), 1);
}

}  // namespace
}  // namespace crm::customer
