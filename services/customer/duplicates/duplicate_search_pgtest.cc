// SearchDuplicates and the duplicate warning of CreateCustomer, through the
// gRPC API against real PostgreSQL: each planted kind of variant is found
// with its reason, unrelated names are not, contacts never show, and a
// contact phone or e-mail is compared only where the caller could read it
// (bounded, rate-limited and audited lookups).
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "google/longrunning/operations.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"
#include "services/customer/testing/customer_test_env.h"

namespace crm::customer {
namespace {

using ::crm::customer::testing::CustomerTestEnv;
using ::crm::customer::testing::NewUscc;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class DuplicateSearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<CustomerTestEnv>> env =
        CustomerTestEnv::Start("duplicates", [](CustomerConfig& config) {
          // One token per 100 s: a burst is all a test gets.
          config.personal_info_lookup_limit = {.per_second = 0.01, .burst = kLookupBurst};
        });
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
  }
  static void TearDownTestSuite() { env_.reset(); }
  void SetUp() override { ASSERT_NE(env_, nullptr); }

  static v1::Customer Create(const std::string& legal_name, const std::string& region,
                             const std::string& uscc = NewUscc(),
                             const auth::v1::Principal& as = CustomerTestEnv::Sales("li",
                                                                                    "sub-east")) {
    v1::CreateCustomerRequest request;
    request.mutable_customer()->set_legal_name(legal_name);
    request.mutable_customer()->set_uscc(uscc);
    request.mutable_customer()->set_industry("D");
    request.mutable_customer()->set_region(region);
    v1::Customer created;
    const grpc::Status status = env_->stub().CreateCustomer(env_->As(as).get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  static constexpr int kLookupBurst = 6;

  static v1::SearchDuplicatesResponse Search(
      v1::SearchDuplicatesRequest request, grpc::Status* status_out = nullptr,
      const auth::v1::Principal& as = CustomerTestEnv::Sales("wang", "sub-west")) {
    v1::SearchDuplicatesResponse response;
    const grpc::Status status =
        env_->stub().SearchDuplicates(env_->As(as).get(), request, &response);
    if (status_out != nullptr) {
      *status_out = status;
    } else {
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    return response;
  }

  static v1::SearchDuplicatesResponse SearchName(const std::string& legal_name,
                                                 const std::string& region,
                                                 const std::string& uscc = "") {
    v1::SearchDuplicatesRequest request;
    request.mutable_customer()->set_legal_name(legal_name);
    request.mutable_customer()->set_region(region);
    request.mutable_customer()->set_uscc(uscc);
    return Search(request);
  }

  // A contact with `phone` under `customer`, created by its owner; returns
  // the contact's id.
  static std::string AddContact(const v1::Customer& customer, const std::string& phone,
                                const std::string& email = "") {
    v1::CreateContactRequest request;
    request.set_parent(customer.name());
    request.mutable_contact()->set_display_name("陈静");
    request.mutable_contact()->set_phone(phone);
    request.mutable_contact()->set_email(email);
    v1::Contact created;
    const grpc::Status status = env_->stub().CreateContact(
        env_->As(CustomerTestEnv::Sales("li", "sub-east")).get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created.name().substr(created.name().rfind('/') + 1);
  }

  static v1::SearchDuplicatesRequest ByPhone(const std::string& legal_name,
                                             const std::string& phone) {
    v1::SearchDuplicatesRequest request;
    request.mutable_customer()->set_legal_name(legal_name);
    request.mutable_customer()->set_region("320500");
    request.add_contact_phones(phone);
    return request;
  }

  static inline std::unique_ptr<CustomerTestEnv> env_;
};

TEST_F(DuplicateSearchTest, EachPlantedVariantIsFoundWithItsReason) {
  const v1::Customer original = Create("上海华信能源科技有限公司", "310115");
  struct Variant {
    std::string legal_name, region;
    v1::DuplicateMatch::Reason reason;
  };
  const std::vector<Variant> variants = {
      {"上海华信能源科技股份有限公司", "310115", v1::DuplicateMatch::SAME_NAME},  // legal form
      {"上海 华信能源科技（有限公司）", "310115",
       v1::DuplicateMatch::SAME_NAME},                                          // width, brackets
      {"华信能源科技有限公司", "310115", v1::DuplicateMatch::SAME_TRADE_NAME},  // region dropped
      {"上海市浦东新区华信能源科技有限公司", "310115", v1::DuplicateMatch::SAME_TRADE_NAME},
      {"上海华鑫能源科技有限公司", "310101", v1::DuplicateMatch::SIMILAR_TRADE_NAME_SAME_REGION},
  };
  for (const Variant& variant : variants) {
    const v1::SearchDuplicatesResponse found = SearchName(variant.legal_name, variant.region);
    ASSERT_FALSE(found.matches().empty()) << variant.legal_name;
    const v1::DuplicateMatch& best = found.matches(0);
    EXPECT_EQ(best.customer(), original.name()) << variant.legal_name;
    EXPECT_EQ(best.reasons(0), variant.reason) << variant.legal_name;
    EXPECT_GE(best.score(), 0.75) << variant.legal_name;
    EXPECT_EQ(best.owner_org_unit(), "orgUnits/sub-east");  // who to talk to
  }
  // A branch finds its head office as a relation, under the threshold.
  v1::SearchDuplicatesRequest branch;
  branch.mutable_customer()->set_legal_name("上海华信能源科技有限公司杭州分公司");
  branch.mutable_customer()->set_region("330100");
  branch.set_min_score(0.5);
  const v1::SearchDuplicatesResponse head = Search(branch);
  ASSERT_FALSE(head.matches().empty());
  EXPECT_EQ(head.matches(0).customer(), original.name());
  EXPECT_EQ(head.matches(0).reasons(0), v1::DuplicateMatch::BRANCH_OF_SAME_COMPANY);
  EXPECT_EQ(head.matches(0).relation(), v1::DuplicateMatch::HEAD_OFFICE);
  EXPECT_LT(head.matches(0).score(), 0.75);
  // The same USCC under any name is certain.
  const v1::SearchDuplicatesResponse by_uscc =
      SearchName("完全不同的名称有限公司", "440300", original.uscc());
  ASSERT_EQ(by_uscc.matches_size(), 1);
  EXPECT_EQ(by_uscc.matches(0).score(), 1.0);
  EXPECT_EQ(by_uscc.matches(0).reasons(0), v1::DuplicateMatch::SAME_USCC);
  // Another company is not a candidate, nor is a similar name far away.
  EXPECT_THAT(SearchName("深圳远景储能技术有限公司", "440300").matches(), IsEmpty());
  EXPECT_THAT(SearchName("华鑫能源科技有限公司", "440300").matches(), IsEmpty());
}

TEST_F(DuplicateSearchTest, ASharedContactPhoneMatchesWithoutShowingTheContact) {
  const v1::Customer holder = Create("杭州恒远物流有限公司", "330100");
  v1::CreateContactRequest contact;
  contact.set_parent(holder.name());
  contact.mutable_contact()->set_display_name("张伟");
  contact.mutable_contact()->set_phone("13912345678");
  v1::Contact created;
  ASSERT_TRUE(env_->stub()
                  .CreateContact(env_->As(CustomerTestEnv::Sales("li", "sub-east")).get(), contact,
                                 &created)
                  .ok());
  v1::SearchDuplicatesRequest request;
  request.mutable_customer()->set_legal_name("宁波顺达货运有限公司");
  request.mutable_customer()->set_region("330200");
  request.add_contact_phones("+86 139-1234-5678");
  // Asked by a seller of the owning org unit, who sees the phone in plain text.
  const v1::SearchDuplicatesResponse found =
      Search(request, nullptr, CustomerTestEnv::Sales("li", "sub-east"));
  ASSERT_EQ(found.matches_size(), 1);
  EXPECT_EQ(found.matches(0).customer(), holder.name());
  EXPECT_THAT(found.matches(0).reasons(), ElementsAre(v1::DuplicateMatch::SHARED_CONTACT));
  EXPECT_EQ(found.SerializeAsString().find("13912345678"), std::string::npos);
}

TEST_F(DuplicateSearchTest, CreateWarnsAndAnExistingCustomerIsMatchedByItsOwnFields) {
  const v1::Customer first = Create("北京中科远航信息技术有限公司", "110108");
  // Without a USCC (two different USCCs would be two registered entities).
  const v1::Customer second = Create("中科远航信息技术有限公司", "110108", "");
  EXPECT_THAT(second.possible_duplicates(), ElementsAre(first.name()));
  v1::GetCustomerRequest get;
  get.set_name(second.name());
  v1::Customer read;
  ASSERT_TRUE(env_->stub().GetCustomer(env_->As(CustomerTestEnv::Hq()).get(), get, &read).ok());
  EXPECT_THAT(read.possible_duplicates(), IsEmpty());  // only on the create response

  v1::SearchDuplicatesRequest request;
  request.set_name(first.name());
  const v1::SearchDuplicatesResponse found = Search(request);
  ASSERT_EQ(found.matches_size(), 1);  // itself left out
  EXPECT_EQ(found.matches(0).customer(), second.name());
}

TEST_F(DuplicateSearchTest, AScanGroupsDuplicatesAsALongRunningOperation) {
  const v1::Customer a = Create("武汉长江航运物流有限公司", "420100");
  const v1::Customer b = Create("长江航运物流股份有限公司", "420100", "");
  const v1::Customer c = Create("武汉长江航运物流有限公司汉口分公司", "420100", "");
  auto operations = google::longrunning::Operations::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", env_->port()), grpc::InsecureChannelCredentials()));

  v1::ScanDuplicatesRequest request;
  request.set_request_id("scan-once-1");
  google::longrunning::Operation started;
  // Only HQ may scan everything.
  EXPECT_EQ(env_->stub()
                .ScanDuplicates(env_->As(CustomerTestEnv::Sales("li", "sub-east")).get(), request,
                                &started)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(
      env_->stub().ScanDuplicates(env_->As(CustomerTestEnv::Hq()).get(), request, &started).ok());
  EXPECT_THAT(started.name(), ::testing::StartsWith("operations/"));
  google::longrunning::Operation again;  // a retry is the same operation
  ASSERT_TRUE(
      env_->stub().ScanDuplicates(env_->As(CustomerTestEnv::Hq()).get(), request, &again).ok());
  EXPECT_EQ(again.name(), started.name());

  google::longrunning::Operation done;
  google::longrunning::GetOperationRequest get;
  get.set_name(started.name());
  const absl::Time give_up = absl::Now() + absl::Seconds(60);
  do {
    ASSERT_TRUE(operations->GetOperation(env_->As(CustomerTestEnv::Hq()).get(), get, &done).ok());
    if (!done.done()) absl::SleepFor(absl::Milliseconds(50));
  } while (!done.done() && absl::Now() < give_up);
  ASSERT_TRUE(done.done());
  ASSERT_TRUE(done.has_response()) << done.error().message();
  v1::ScanDuplicatesMetadata metadata;
  ASSERT_TRUE(done.metadata().UnpackTo(&metadata));
  EXPECT_EQ(metadata.progress_percent(), 100);
  EXPECT_GT(metadata.pairs_matched(), 0);
  v1::ScanDuplicatesResponse result;
  ASSERT_TRUE(done.response().UnpackTo(&result));
  bool found = false;
  for (const v1::DuplicateGroup& group : result.groups()) {
    if (std::find(group.customers().begin(), group.customers().end(), a.name()) ==
        group.customers().end()) {
      continue;
    }
    found = true;
    EXPECT_THAT(group.customers(), ::testing::IsSupersetOf({a.name(), b.name()}));
    EXPECT_THAT(group.customers(), ::testing::Not(Contains(c.name())));
    EXPECT_THAT(group.reasons(), Contains(v1::DuplicateMatch::SAME_TRADE_NAME));
  }
  EXPECT_TRUE(found);
  EXPECT_GE(result.total_groups(), 1);
  // The branch is placed beside its head office instead.
  bool placed = false;
  for (const v1::BranchPlacement& placement : result.branch_placements()) {
    placed |= placement.branch() == c.name() && placement.head_office() == a.name();
  }
  EXPECT_TRUE(placed);

  // A finished operation can be forgotten; then it is gone.
  google::longrunning::DeleteOperationRequest remove;
  remove.set_name(started.name());
  google::protobuf::Empty empty;
  ASSERT_TRUE(
      operations->DeleteOperation(env_->As(CustomerTestEnv::Hq()).get(), remove, &empty).ok());
  EXPECT_EQ(
      operations->GetOperation(env_->As(CustomerTestEnv::Hq()).get(), get, &done).error_code(),
      grpc::StatusCode::NOT_FOUND);
}

TEST_F(DuplicateSearchTest, AnotherSubsidiaryCannotLearnAHiddenContactPhone) {
  const v1::Customer holder = Create("苏州恒瑞精密机械有限公司", "320500");
  AddContact(holder, "13955558232");
  // The phone is masked for sub-west (139****8232); guessing the rest must
  // not tell it whether a guess is right.
  const auth::v1::Principal west = CustomerTestEnv::Sales("zhou", "sub-west");
  const v1::SearchDuplicatesResponse right =
      Search(ByPhone("无锡某某贸易有限公司", "13955558232"), nullptr, west);
  const v1::SearchDuplicatesResponse wrong =
      Search(ByPhone("无锡某某贸易有限公司", "13955550000"), nullptr, west);
  EXPECT_THAT(right.matches(), IsEmpty());
  EXPECT_EQ(right.SerializeAsString(), wrong.SerializeAsString());
  // Nor does the phone add a reason or score to a match found by name.
  const v1::SearchDuplicatesResponse named_right =
      Search(ByPhone(holder.legal_name(), "13955558232"), nullptr, west);
  const v1::SearchDuplicatesResponse named_wrong =
      Search(ByPhone(holder.legal_name(), "13955550000"), nullptr, west);
  ASSERT_EQ(named_right.matches_size(), 1);
  EXPECT_EQ(named_right.matches(0).customer(), holder.name());
  EXPECT_THAT(named_right.matches(0).reasons(),
              ::testing::Not(Contains(v1::DuplicateMatch::SHARED_CONTACT)));
  EXPECT_EQ(named_right.SerializeAsString(), named_wrong.SerializeAsString());
  // The owner's seller, who reads the phone anyway, finds the customer by it.
  const v1::SearchDuplicatesResponse owner =
      Search(ByPhone("无锡某某贸易有限公司", "13955558232"), nullptr,
             CustomerTestEnv::Sales("li", "sub-east"));
  ASSERT_EQ(owner.matches_size(), 1);
  EXPECT_EQ(owner.matches(0).customer(), holder.name());
  EXPECT_THAT(owner.matches(0).reasons(), ElementsAre(v1::DuplicateMatch::SHARED_CONTACT));
}

TEST_F(DuplicateSearchTest, AtMostFivePhonesAndFiveEmailsPerSearch) {
  const auth::v1::Principal as = CustomerTestEnv::Sales("sun", "sub-west");
  v1::SearchDuplicatesRequest request;
  request.mutable_customer()->set_legal_name("常州某某电器有限公司");
  for (int i = 0; i < 6; ++i) {
    request.add_contact_phones(absl::StrCat("1390000000", i));
    request.add_contact_emails(absl::StrCat("buyer", i, "@example.com"));
  }
  grpc::Status status;
  Search(request, &status, as);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  std::vector<std::string> fields;
  for (const auto& v : status::GetFieldViolations(status::FromGrpc(status)))
    fields.push_back(v.field());
  EXPECT_THAT(fields, ::testing::UnorderedElementsAre("contact_phones", "contact_emails"));
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("contact_phones"));
  request.mutable_contact_phones()->RemoveLast();
  request.mutable_contact_emails()->RemoveLast();
  Search(request, &status, as);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(DuplicateSearchTest, LookupsByPersonalDataAreLimitedPerCaller) {
  const auth::v1::Principal qian = CustomerTestEnv::Sales("qian", "sub-west");
  grpc::Status status;
  for (int i = 0; i < kLookupBurst; ++i) {
    Search(ByPhone("南通某某纺织有限公司", absl::StrCat("1380000000", i)), &status, qian);
    ASSERT_TRUE(status.ok()) << i << ": " << status.error_message();
  }
  Search(ByPhone("南通某某纺织有限公司", "13800000009"), &status, qian);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  const absl::Status refused = status::FromGrpc(status);
  EXPECT_EQ(status::GetErrorInfo(refused)->reason(), "PERSONAL_INFO_LOOKUP_LIMITED");
  const std::optional<absl::Duration> retry = status::GetRetryDelay(refused);
  ASSERT_TRUE(retry.has_value());
  EXPECT_GT(*retry, absl::ZeroDuration());
  EXPECT_LE(*retry, absl::Seconds(100));
  // A search by name only is no lookup by personal data; another caller has
  // its own allowance.
  v1::SearchDuplicatesRequest by_name;
  by_name.mutable_customer()->set_legal_name("南通某某纺织有限公司");
  Search(by_name, &status, qian);
  EXPECT_TRUE(status.ok()) << status.error_message();
  Search(ByPhone("南通某某纺织有限公司", "13800000009"), &status,
         CustomerTestEnv::Sales("wu", "sub-west"));
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(DuplicateSearchTest, EveryLookupByPersonalDataIsAudited) {
  const v1::Customer holder = Create("嘉兴恒远包装材料有限公司", "330400");
  const std::string contact = AddContact(holder, "13966661234");
  const auto audit = [](const std::string& actor, const std::string& column) {
    return env_->QueryValue(absl::StrCat("SELECT ", column,
                                         " FROM customer.personal_info_lookups WHERE actor = '",
                                         actor, "' ORDER BY id DESC LIMIT 1"));
  };
  // A seller of the owner finds it, and the audit names the contact shown.
  grpc::Status status;
  const v1::SearchDuplicatesResponse found =
      Search(ByPhone("湖州某某印务有限公司", "13966661234"), &status,
             CustomerTestEnv::Sales("zhang", "sub-east"));
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(found.matches_size(), 1);
  EXPECT_EQ(audit("users/zhang", "count(*) OVER ()"), "1");
  EXPECT_EQ(audit("users/zhang", "matched_contacts::text"), absl::StrCat("{", contact, "}"));
  EXPECT_EQ(audit("users/zhang", "method"), "SearchDuplicates");
  // Another subsidiary's lookup finds nothing and is audited all the same.
  Search(ByPhone("湖州某某印务有限公司", "13966661234"), &status,
         CustomerTestEnv::Sales("zheng", "sub-west"));
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(audit("users/zheng", "matched_contacts::text"), "{}");
  EXPECT_EQ(audit("users/zheng", "cardinality(value_hashes)"), "1");
  // What was asked for is kept as keyed hashes, never as the value.
  EXPECT_EQ(env_->QueryValue("SELECT count(*) FROM customer.personal_info_lookups"
                             " WHERE value_hashes::text LIKE '%13966661234%'"
                             " OR encode(value_hashes[1], 'escape') LIKE '%13966661234%'"),
            "0");
  // A search by name alone is not a lookup by personal data.
  v1::SearchDuplicatesRequest by_name;
  by_name.mutable_customer()->set_legal_name("湖州某某印务有限公司");
  Search(by_name, &status, CustomerTestEnv::Sales("feng", "sub-west"));
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(audit("users/feng", "count(*) OVER ()"), "");
}

TEST_F(DuplicateSearchTest, BadRequestsNameEachField) {
  v1::SearchDuplicatesRequest request;
  request.add_contact_phones("12345");
  request.set_max_results(500);
  grpc::Status status;
  Search(request, &status);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  std::vector<std::string> fields;
  for (const auto& v : status::GetFieldViolations(status::FromGrpc(status)))
    fields.push_back(v.field());
  EXPECT_THAT(fields, ::testing::UnorderedElementsAre("customer.legal_name", "max_results",
                                                      "contact_phones[0]"));
}

}  // namespace
}  // namespace crm::customer
