// SearchDuplicates and the duplicate warning of CreateCustomer, through the
// gRPC API against real PostgreSQL: each planted kind of variant is found
// with its reason, unrelated names are not, and contacts never show.
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
    absl::StatusOr<std::unique_ptr<CustomerTestEnv>> env = CustomerTestEnv::Start("duplicates");
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
  }
  static void TearDownTestSuite() { env_.reset(); }
  void SetUp() override { ASSERT_NE(env_, nullptr); }

  static v1::Customer Create(const std::string& legal_name, const std::string& region,
                             const std::string& uscc = NewUscc(),
                             const auth::v1::Principal& as = CustomerTestEnv::Sales("li", "sub-east")) {
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

  static v1::SearchDuplicatesResponse Search(v1::SearchDuplicatesRequest request,
                                             grpc::Status* status_out = nullptr) {
    v1::SearchDuplicatesResponse response;
    const grpc::Status status = env_->stub().SearchDuplicates(
        env_->As(CustomerTestEnv::Sales("wang", "sub-west")).get(), request, &response);
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

  static inline std::unique_ptr<CustomerTestEnv> env_;
};

TEST_F(DuplicateSearchTest, EachPlantedVariantIsFoundWithItsReason) {
  const v1::Customer original = Create("上海华信能源科技有限公司", "310115");
  struct Variant {
    std::string legal_name, region;
    v1::DuplicateMatch::Reason reason;
  };
  const std::vector<Variant> variants = {
      {"上海华信能源科技股份有限公司", "310115", v1::DuplicateMatch::SAME_NAME},     // legal form
      {"上海 华信能源科技（有限公司）", "310115", v1::DuplicateMatch::SAME_NAME},   // width, brackets
      {"华信能源科技有限公司", "310115", v1::DuplicateMatch::SAME_TRADE_NAME},      // region dropped
      {"上海市浦东新区华信能源科技有限公司", "310115", v1::DuplicateMatch::SAME_TRADE_NAME},
      {"上海华鑫能源科技有限公司", "310101", v1::DuplicateMatch::SIMILAR_TRADE_NAME_SAME_REGION},
      {"上海华信能源科技有限公司杭州分公司", "330100", v1::DuplicateMatch::BRANCH_OF_SAME_COMPANY},
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
  // The same USCC under any name is certain.
  const v1::SearchDuplicatesResponse by_uscc = SearchName("完全不同的名称有限公司", "440300", original.uscc());
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
  const v1::SearchDuplicatesResponse found = Search(request);
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
  ASSERT_TRUE(env_->stub().ScanDuplicates(env_->As(CustomerTestEnv::Hq()).get(), request, &started).ok());
  EXPECT_THAT(started.name(), ::testing::StartsWith("operations/"));
  google::longrunning::Operation again;  // a retry is the same operation
  ASSERT_TRUE(env_->stub().ScanDuplicates(env_->As(CustomerTestEnv::Hq()).get(), request, &again).ok());
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
    EXPECT_THAT(group.customers(), ::testing::IsSupersetOf({a.name(), b.name(), c.name()}));
    EXPECT_THAT(group.reasons(), ::testing::IsSupersetOf({v1::DuplicateMatch::SAME_TRADE_NAME,
                                                          v1::DuplicateMatch::BRANCH_OF_SAME_COMPANY}));
  }
  EXPECT_TRUE(found);
  EXPECT_GE(result.total_groups(), 1);

  // A finished operation can be forgotten; then it is gone.
  google::longrunning::DeleteOperationRequest remove;
  remove.set_name(started.name());
  google::protobuf::Empty empty;
  ASSERT_TRUE(operations->DeleteOperation(env_->As(CustomerTestEnv::Hq()).get(), remove, &empty).ok());
  EXPECT_EQ(operations->GetOperation(env_->As(CustomerTestEnv::Hq()).get(), get, &done).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(DuplicateSearchTest, BadRequestsNameEachField) {
  v1::SearchDuplicatesRequest request;
  request.add_contact_phones("12345");
  request.set_max_results(500);
  grpc::Status status;
  Search(request, &status);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  std::vector<std::string> fields;
  for (const auto& v : status::GetFieldViolations(status::FromGrpc(status))) fields.push_back(v.field());
  EXPECT_THAT(fields, ::testing::UnorderedElementsAre("customer.legal_name", "max_results",
                                                      "contact_phones[0]"));
}

}  // namespace
}  // namespace crm::customer
