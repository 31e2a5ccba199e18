// ListCustomerChanges through the gRPC API against real PostgreSQL: every
// committed change once, in order, resumable from the cursor.
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "services/customer/testing/customer_test_env.h"

namespace crm::customer {
namespace {

using ::crm::customer::testing::CustomerTestEnv;
using ::crm::customer::testing::NewUscc;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class ChangeFeedTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<CustomerTestEnv>> env = CustomerTestEnv::Start("change_feed");
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
  }
  static void TearDownTestSuite() { env_.reset(); }
  void SetUp() override { ASSERT_NE(env_, nullptr); }

  static v1::ListCustomerChangesResponse Changes(const std::string& token, int page_size = 0) {
    v1::ListCustomerChangesRequest request;
    request.set_page_token(token);
    request.set_page_size(page_size);
    v1::ListCustomerChangesResponse response;
    const grpc::Status status = env_->stub().ListCustomerChanges(
        env_->As(CustomerTestEnv::WithRoles("erp-sap", "hq", {"integration"})).get(), request,
        &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  static std::vector<std::string> Describe(const v1::ListCustomerChangesResponse& page) {
    std::vector<std::string> out;
    for (const auto& change : page.changes()) {
      out.push_back(v1::CustomerChange::Type_Name(change.type()) + " v" +
                    std::to_string(change.version()));
    }
    return out;
  }

  static inline std::unique_ptr<CustomerTestEnv> env_;
};

TEST_F(ChangeFeedTest, EveryChangeOnceInOrderAndResumable) {
  const std::string start = Changes("").next_page_token();  // the feed as it is now
  v1::CreateCustomerRequest create;
  create.mutable_customer()->set_legal_name("厦门海联供应链有限公司");
  create.mutable_customer()->set_uscc(NewUscc());
  create.mutable_customer()->set_industry("G");
  create.mutable_customer()->set_region("350200");
  v1::Customer customer;
  const auto hq = CustomerTestEnv::Hq();
  ASSERT_TRUE(env_->stub().CreateCustomer(env_->As(hq).get(), create, &customer).ok());
  v1::UpdateCustomerRequest update;
  *update.mutable_customer() = customer;
  update.mutable_customer()->set_short_name("海联");
  update.mutable_update_mask()->add_paths("short_name");
  ASSERT_TRUE(env_->stub().UpdateCustomer(env_->As(hq).get(), update, &customer).ok());
  v1::DeleteCustomerRequest remove;
  remove.set_name(customer.name());
  ASSERT_TRUE(env_->stub().DeleteCustomer(env_->As(hq).get(), remove, &customer).ok());
  v1::UndeleteCustomerRequest undelete;
  undelete.set_name(customer.name());
  ASSERT_TRUE(env_->stub().UndeleteCustomer(env_->As(hq).get(), undelete, &customer).ok());

  // Two pages of two, then an empty page that still says where to go on.
  const v1::ListCustomerChangesResponse first = Changes(start, 2);
  EXPECT_THAT(Describe(first), ElementsAre("CREATED v1", "UPDATED v2"));
  EXPECT_EQ(first.changes(0).customer(), customer.name());
  EXPECT_NE(first.changes(0).event_id(), first.changes(1).event_id());
  const v1::ListCustomerChangesResponse second = Changes(first.next_page_token(), 2);
  EXPECT_THAT(Describe(second), ElementsAre("DELETED v3", "UNDELETED v4"));
  const v1::ListCustomerChangesResponse end = Changes(second.next_page_token());
  EXPECT_THAT(end.changes(), IsEmpty());
  ASSERT_FALSE(end.next_page_token().empty());

  // A consumer that comes back later gets only what happened since.
  update.mutable_customer()->set_etag(customer.etag());
  update.mutable_customer()->set_short_name("海联供应链");
  ASSERT_TRUE(env_->stub().UpdateCustomer(env_->As(hq).get(), update, &customer).ok());
  EXPECT_THAT(Describe(Changes(end.next_page_token())), ElementsAre("UPDATED v5"));
  // The same cursor again gives the same change (at least once).
  EXPECT_THAT(Describe(Changes(end.next_page_token())), ElementsAre("UPDATED v5"));
}

TEST_F(ChangeFeedTest, AStartTimeSkipsOlderChanges) {
  v1::CreateCustomerRequest create;
  create.mutable_customer()->set_legal_name("青岛海湾化工有限公司");
  create.mutable_customer()->set_industry("C");
  create.mutable_customer()->set_region("370200");
  v1::Customer older, newer;
  ASSERT_TRUE(
      env_->stub().CreateCustomer(env_->As(CustomerTestEnv::Hq()).get(), create, &older).ok());
  absl::SleepFor(absl::Milliseconds(20));
  const absl::Time cut = absl::Now();
  absl::SleepFor(absl::Milliseconds(20));
  create.mutable_customer()->set_legal_name("青岛海湾精细化工有限公司");
  ASSERT_TRUE(
      env_->stub().CreateCustomer(env_->As(CustomerTestEnv::Hq()).get(), create, &newer).ok());

  v1::ListCustomerChangesRequest request;
  *request.mutable_start_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(cut));
  v1::ListCustomerChangesResponse response;
  ASSERT_TRUE(env_->stub()
                  .ListCustomerChanges(env_->As(CustomerTestEnv::Hq()).get(), request, &response)
                  .ok());
  ASSERT_GE(response.changes_size(), 1);
  EXPECT_EQ(response.changes(0).customer(), newer.name());
  for (const auto& change : response.changes()) EXPECT_NE(change.customer(), older.name());
}

}  // namespace
}  // namespace crm::customer
