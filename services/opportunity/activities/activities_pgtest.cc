// ActivityHandlers against real PostgreSQL, called as the facade calls them
// (request::Handle): what a recorded activity looks like and where it
// shows, the last activity kept per opportunity and per customer, refusals
// for another subsidiary's real customer and opportunity that write nothing,
// and a retry by request_id that returns the first answer.
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "libs/auth/development_principal.h"
#include "libs/clock/fake_clock.h"
#include "libs/crypto/crypto.h"
#include "libs/events/outbox.h"
#include "libs/idempotency/request_log.h"
#include "libs/pagination/page_token_codec.h"
#include "libs/pg/transaction.h"
#include "libs/replicas/customer/customer_replica.h"
#include "libs/request/serve.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "libs/testing/test_database.h"
#include "services/opportunity/activities/activity_handlers.h"
#include "services/opportunity/activities/activity_store.h"
#include "services/opportunity/core/opportunity_database.h"
#include "services/opportunity/core/opportunity_events.h"
#include "services/opportunity/core/opportunity_names.h"

namespace crm::opportunity {
namespace {

using ::google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

constexpr char kEast[] = "orgUnits/sub-east";
constexpr char kWest[] = "orgUnits/sub-west";

class ActivitiesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<crm::testing::TestDatabase>> database =
        crm::testing::TestDatabase::Create("opportunity_activities");
    ASSERT_TRUE(database.ok()) << "test PostgreSQL unavailable: " << database.status();
    database_ = *std::move(database);
    request_log_ = std::make_unique<idempotency::RequestLog>(kOpportunitySchema);
    pg::PoolOptions options;
    options.dsn = database_->dsn();
    options.size = 2;
    absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> pool = OpenOpportunityDatabase(
        std::move(options), *request_log_, ActivityStore::Statements(), /*migrate=*/true);
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = *std::move(pool);
    outbox_ = std::make_unique<events::Outbox>(
        *pool_, OpportunityFeed(absl::Milliseconds(10), absl::Hours(1)));
    store_ = std::make_unique<ActivityStore>(*pool_, *request_log_, *outbox_);
    // Nothing listens there: every customer of these tests is stored in the
    // replica first, so Get never fetches through.
    customers_ = std::make_unique<replicas::CustomerReplica>(
        *pool_, grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials()),
        auth::PrincipalSigner("test-key"),
        replicas::CustomerReplicaOptions{.schema = kOpportunitySchema,
                                         .service = "services/opportunity"});
    page_tokens_ = std::make_unique<pagination::PageTokenCodec>("page-token-key");
    clock_ = std::make_unique<clock::FakeClock>();
    handlers_ = std::make_unique<ActivityHandlers>(ActivityDeps{.store = store_.get(),
                                                                .customers = customers_.get(),
                                                                .page_tokens = page_tokens_.get(),
                                                                .clock = clock_.get()});
  }
  static void TearDownTestSuite() {
    handlers_.reset();
    customers_.reset();
    store_.reset();
    outbox_.reset();
    pool_.reset();
    request_log_.reset();
    database_.reset();
  }
  void SetUp() override { ASSERT_NE(handlers_, nullptr) << "the handlers did not start"; }

  static auth::v1::Principal Seller(std::string_view user, std::string_view org_unit) {
    return auth::DevelopmentPrincipal(user, org_unit, {"sales"});
  }
  static auth::v1::Principal Hq() { return auth::DevelopmentPrincipal("hq", "hq", {"hq_admin"}); }

  static void Exec(const std::string& sql) {
    ASSERT_TRUE(pg::RunInTransaction(*pool_,
                                     [&](pqxx::work& tx) {
                                       tx.exec0(sql);
                                       return absl::OkStatus();
                                     })
                    .ok())
        << sql;
  }
  static std::string Scalar(const std::string& sql) {
    std::string value;
    EXPECT_TRUE(pg::RunReadOnly(*pool_,
                                [&](pqxx::nontransaction& tx) {
                                  const pqxx::row row = tx.exec1(sql);
                                  value = row[0].is_null() ? "NULL" : row[0].as<std::string>();
                                  return absl::OkStatus();
                                })
                    .ok())
        << sql;
    return value;
  }

  // A customer in the replica, owned by `owner`; returns its id.
  static std::string Customer(std::string_view owner, int state = 1,
                              std::string_view merged_into = "") {
    const std::string id = crypto::NewUuid();
    Exec(
        crm::StrCat("INSERT INTO opportunity.replica_customers (customer_id, display_name,"
                    " owner_org_unit, state, merged_into, version) VALUES ('",
                    id, "', '某能源有限公司', '", owner, "', ", state, ", ",
                    merged_into.empty() ? "NULL" : crm::StrCat("'", merged_into, "'"), ", 1)"));
    return id;
  }

  // An open opportunity of `customer_id`, owned by `owner`; returns its id.
  static std::string Opportunity(const std::string& customer_id, std::string_view owner) {
    const std::string id = crypto::NewUuid();
    Exec(crm::StrCat(
        "INSERT INTO opportunity.opportunities (id, customer_id, title, owner_org_unit,"
        " owner_org_unit_path, owner_user, stage, furthest_stage, probability,"
        " forecast_category, stage_model_version, stage_enter_time, create_time, update_time)"
        " VALUES ('",
        id, "', '", customer_id, "', '储能项目', '", owner, "', ARRAY['orgUnits/hq', '", owner,
        "'], 'users/alice', 2, 2, 20, 1, 1, '2025-12-01Z', '2025-12-01Z', '2025-12-01Z')"));
    return id;
  }

  static v1::Activity Visit(const std::string& customer_id, absl::Time occurred,
                            const std::string& opportunity_id = "") {
    v1::Activity activity;
    activity.set_customer(crm::StrCat("customers/", customer_id));
    if (!opportunity_id.empty()) activity.set_opportunity(OpportunityName(opportunity_id));
    activity.set_type(v1::Activity::VISIT);
    *activity.mutable_occur_time() =
        TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(occurred));
    activity.set_summary("拜访采购部，确认预算");
    return activity;
  }

  static absl::StatusOr<v1::Activity> Create(const auth::v1::Principal& principal,
                                             const v1::Activity& activity,
                                             std::string request_id = "") {
    v1::CreateActivityRequest request;
    *request.mutable_activity() = activity;
    request.set_request_id(std::move(request_id));
    v1::Activity response;
    absl::Status status =
        request::Handle(principal, "CreateActivity", "test", request,
                        [&](const request::Actor& actor, status::FieldViolations& violations) {
                          return handlers_->CreateActivity(actor, request, response, violations);
                        });
    if (!status.ok()) return status;
    return response;
  }

  static absl::StatusOr<v1::ListActivitiesResponse> List(const auth::v1::Principal& principal,
                                                         v1::ListActivitiesRequest request) {
    v1::ListActivitiesResponse response;
    absl::Status status =
        request::Handle(principal, "ListActivities", "test", request,
                        [&](const request::Actor& actor, status::FieldViolations& violations) {
                          return handlers_->ListActivities(actor, request, response, violations);
                        });
    if (!status.ok()) return status;
    return response;
  }

  static std::vector<std::string> Names(const v1::ListActivitiesResponse& page) {
    std::vector<std::string> names;
    for (const v1::Activity& activity : page.activities()) names.push_back(activity.name());
    return names;
  }

  static std::string Reason(const absl::Status& status) {
    std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(status);
    return info.has_value() ? info->reason() : "";
  }

  static int64_t ActivityCount(const std::string& customer_id) {
    return std::stoll(Scalar(crm::StrCat(
        "SELECT count(*) FROM opportunity.activities WHERE customer_id = '", customer_id, "'")));
  }

  static inline std::unique_ptr<crm::testing::TestDatabase> database_;
  static inline std::unique_ptr<idempotency::RequestLog> request_log_;
  static inline std::unique_ptr<pg::ConnectionPool> pool_;
  static inline std::unique_ptr<events::Outbox> outbox_;
  static inline std::unique_ptr<ActivityStore> store_;
  static inline std::unique_ptr<replicas::CustomerReplica> customers_;
  static inline std::unique_ptr<pagination::PageTokenCodec> page_tokens_;
  static inline std::unique_ptr<clock::FakeClock> clock_;
  static inline std::unique_ptr<ActivityHandlers> handlers_;
};

TEST_F(ActivitiesTest, ARecordedActivityShowsItsAuthorAndListsNewestFirstInPages) {
  const std::string customer = Customer(kEast);
  const std::string deal = Opportunity(customer, kEast);
  const auth::v1::Principal alice = Seller("alice", "sub-east");
  const absl::Time now = clock_->Now();

  v1::Activity complaint = Visit(customer, now - absl::Hours(1));
  complaint.set_type(v1::Activity::COMPLAINT);
  complaint.mutable_complaint()->set_severity(v1::Complaint::HIGH);
  complaint.add_contacts(
      crm::StrCat("customers/", customer, "/contacts/0b5e4c1a-1111-4a4a-8b8b-000000000001"));
  complaint.set_next_step("三日内回复整改方案");
  absl::StatusOr<v1::Activity> newest = Create(alice, complaint);
  ASSERT_TRUE(newest.ok()) << newest.status();
  EXPECT_EQ(newest->author(), "users/alice");
  EXPECT_EQ(newest->author_org_unit(), kEast);
  EXPECT_EQ(newest->customer(), crm::StrCat("customers/", customer));
  EXPECT_EQ(newest->type(), v1::Activity::COMPLAINT);
  EXPECT_EQ(newest->complaint().severity(), v1::Complaint::HIGH);
  EXPECT_FALSE(newest->complaint().resolved());
  EXPECT_THAT(newest->contacts(), ElementsAre(complaint.contacts(0)));
  EXPECT_EQ(newest->next_step(), "三日内回复整改方案");
  EXPECT_EQ(TimeUtil::TimestampToMicroseconds(newest->create_time()), absl::ToUnixMicros(now));
  EXPECT_EQ(newest->occur_time(), complaint.occur_time());

  absl::StatusOr<v1::Activity> oldest = Create(alice, Visit(customer, now - absl::Hours(5), deal));
  ASSERT_TRUE(oldest.ok()) << oldest.status();
  EXPECT_EQ(oldest->opportunity(), OpportunityName(deal));
  absl::StatusOr<v1::Activity> middle = Create(alice, Visit(customer, now - absl::Hours(3), deal));
  ASSERT_TRUE(middle.ok()) << middle.status();

  v1::ListActivitiesRequest request;
  request.set_customer(crm::StrCat("customers/", customer));
  request.set_page_size(2);
  absl::StatusOr<v1::ListActivitiesResponse> first = List(alice, request);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_THAT(Names(*first), ElementsAre(newest->name(), middle->name()));
  ASSERT_FALSE(first->next_page_token().empty());
  EXPECT_EQ(first->activities(0).SerializeAsString(), newest->SerializeAsString());
  request.set_page_token(first->next_page_token());
  absl::StatusOr<v1::ListActivitiesResponse> second = List(alice, request);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_THAT(Names(*second), ElementsAre(oldest->name()));
  EXPECT_TRUE(second->next_page_token().empty());

  // The token belongs to that list: another parent cannot continue it.
  v1::ListActivitiesRequest of_deal;
  of_deal.set_opportunity(OpportunityName(deal));
  of_deal.set_page_token(first->next_page_token());
  EXPECT_EQ(List(alice, of_deal).status().code(), absl::StatusCode::kInvalidArgument);
  of_deal.clear_page_token();
  absl::StatusOr<v1::ListActivitiesResponse> deal_page = List(alice, of_deal);
  ASSERT_TRUE(deal_page.ok()) << deal_page.status();
  EXPECT_THAT(Names(*deal_page), ElementsAre(middle->name(), oldest->name()));

  v1::ListActivitiesRequest both;
  both.set_customer(request.customer());
  both.set_opportunity(OpportunityName(deal));
  EXPECT_EQ(List(alice, both).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ActivitiesTest, TheLastActivityPerOpportunityAndCustomerOnlyRises) {
  const std::string customer = Customer(kEast);
  const std::string deal = Opportunity(customer, kEast);
  const auth::v1::Principal alice = Seller("alice", "sub-east");
  const absl::Time now = clock_->Now();
  const int64_t version_before = std::stoll(
      Scalar(crm::StrCat("SELECT version FROM opportunity.opportunities WHERE id = '", deal, "'")));

  v1::Activity recent = Visit(customer, now - absl::Hours(2), deal);
  recent.mutable_next_follow_up_date()->set_year(2026);
  recent.mutable_next_follow_up_date()->set_month(1);
  recent.mutable_next_follow_up_date()->set_day(9);
  ASSERT_TRUE(Create(alice, recent).ok());
  // Recorded later, happened earlier: not the last activity.
  ASSERT_TRUE(Create(alice, Visit(customer, now - absl::Hours(30), deal)).ok());
  // On the customer only: the customer's last activity, not the deal's.
  ASSERT_TRUE(Create(alice, Visit(customer, now - absl::Hours(1))).ok());

  const std::string micros = "(extract(epoch FROM last_activity_time) * 1000000)::bigint";
  EXPECT_EQ(Scalar(crm::StrCat("SELECT ", micros, " FROM opportunity.opportunities WHERE id = '",
                               deal, "'")),
            crm::StrCat(absl::ToUnixMicros(now - absl::Hours(2))));
  EXPECT_EQ(Scalar(crm::StrCat("SELECT next_follow_up_date::text FROM opportunity.opportunities"
                               " WHERE id = '",
                               deal, "'")),
            "2026-01-09");
  // The follow-up date is a change of the opportunity; the activities are not.
  EXPECT_EQ(std::stoll(Scalar(crm::StrCat(
                "SELECT version FROM opportunity.opportunities WHERE id = '", deal, "'"))),
            version_before + 1);
  EXPECT_EQ(Scalar(crm::StrCat("SELECT ", micros,
                               " FROM opportunity.customer_last_activity WHERE customer_id = '",
                               customer, "'")),
            crm::StrCat(absl::ToUnixMicros(now - absl::Hours(1))));
  EXPECT_EQ(Scalar(crm::StrCat("SELECT count(*) FROM opportunity.events WHERE type ="
                               " 'ACTIVITY_RECORDED' AND resource IN (SELECT 'activities/' || id"
                               " FROM opportunity.activities WHERE customer_id = '",
                               customer, "')")),
            "3");
  EXPECT_EQ(Scalar(crm::StrCat("SELECT count(*) FROM opportunity.events WHERE type ="
                               " 'OPPORTUNITY_UPDATED' AND resource = 'opportunities/",
                               deal, "' AND version = ", version_before + 1)),
            "1");
}

TEST_F(ActivitiesTest, AnotherSubsidiarysRealCustomerAndOpportunityAreRefusedAndHidden) {
  const std::string west_customer = Customer(kWest);
  const std::string west_deal = Opportunity(west_customer, kWest);
  ASSERT_TRUE(
      Create(Seller("wang", "sub-west"), Visit(west_customer, clock_->Now(), west_deal)).ok());
  const auth::v1::Principal alice = Seller("alice", "sub-east");

  absl::StatusOr<v1::Activity> on_customer = Create(alice, Visit(west_customer, clock_->Now()));
  EXPECT_EQ(on_customer.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(on_customer.status()), "CUSTOMER_OUT_OF_SCOPE");
  absl::StatusOr<v1::Activity> on_deal =
      Create(alice, Visit(west_customer, clock_->Now(), west_deal));
  EXPECT_EQ(on_deal.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(on_deal.status()), "OPPORTUNITY_OUT_OF_SCOPE");
  // A deal that does not exist looks the same to a subsidiary; HQ is told.
  const std::string nowhere = crypto::NewUuid();
  EXPECT_EQ(Reason(Create(alice, Visit(west_customer, clock_->Now(), nowhere)).status()),
            "OPPORTUNITY_OUT_OF_SCOPE");
  EXPECT_EQ(Create(Hq(), Visit(west_customer, clock_->Now(), nowhere)).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(ActivityCount(west_customer), 1);

  v1::ListActivitiesRequest request;
  request.set_customer(crm::StrCat("customers/", west_customer));
  absl::StatusOr<v1::ListActivitiesResponse> hidden = List(alice, request);
  ASSERT_TRUE(hidden.ok()) << hidden.status();
  EXPECT_EQ(hidden->activities_size(), 0);
  absl::StatusOr<v1::ListActivitiesResponse> seen = List(Hq(), request);
  ASSERT_TRUE(seen.ok()) << seen.status();
  EXPECT_EQ(seen->activities_size(), 1);

  // A collaborator on the deal may record on it and see what is on it.
  Exec(crm::StrCat("UPDATE opportunity.opportunities SET collaborating_org_units = ARRAY['", kEast,
                   "'] WHERE id = '", west_deal, "'"));
  ASSERT_TRUE(Create(alice, Visit(west_customer, clock_->Now(), west_deal)).ok());
  v1::ListActivitiesRequest of_deal;
  of_deal.set_opportunity(OpportunityName(west_deal));
  absl::StatusOr<v1::ListActivitiesResponse> shared = List(alice, of_deal);
  ASSERT_TRUE(shared.ok()) << shared.status();
  EXPECT_EQ(shared->activities_size(), 2);
  // …but not the customer's activities outside the deal.
  ASSERT_TRUE(Create(Seller("wang", "sub-west"), Visit(west_customer, clock_->Now())).ok());
  absl::StatusOr<v1::ListActivitiesResponse> of_customer = List(alice, request);
  ASSERT_TRUE(of_customer.ok()) << of_customer.status();
  EXPECT_EQ(of_customer->activities_size(), 2);
}

TEST_F(ActivitiesTest, AnOpportunityOfAnotherCustomerOrAMergedCustomerIsRefused) {
  const std::string customer = Customer(kEast);
  const std::string other = Customer(kEast);
  const std::string others_deal = Opportunity(other, kEast);
  const auth::v1::Principal alice = Seller("alice", "sub-east");
  absl::StatusOr<v1::Activity> mismatch =
      Create(alice, Visit(customer, clock_->Now(), others_deal));
  EXPECT_EQ(mismatch.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(mismatch.status()), "OPPORTUNITY_OF_ANOTHER_CUSTOMER");

  const std::string merged = Customer(kEast, /*state=*/3, customer);
  absl::StatusOr<v1::Activity> on_merged = Create(alice, Visit(merged, clock_->Now()));
  EXPECT_EQ(on_merged.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Reason(on_merged.status()), "CUSTOMER_MERGED");
  std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(on_merged.status());
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->metadata().at("mergedInto"), crm::StrCat("customers/", customer));
  EXPECT_EQ(ActivityCount(customer) + ActivityCount(merged), 0);
}

TEST_F(ActivitiesTest, EveryBadFieldIsNamedAtOnceAndNothingIsWritten) {
  const std::string customer = Customer(kEast);
  v1::Activity bad = Visit(customer, clock_->Now() + absl::Hours(1));
  bad.set_type(v1::Activity::TYPE_UNSPECIFIED);
  bad.set_summary("");
  bad.add_contacts(crm::StrCat("customers/", crypto::NewUuid(), "/contacts/", crypto::NewUuid()));
  bad.add_contacts("customers/x/contacts/y");
  bad.set_opportunity("opportunities/not-a-uuid");
  absl::StatusOr<v1::Activity> created = Create(Seller("alice", "sub-east"), bad);
  ASSERT_EQ(created.status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const auto& violation : status::GetFieldViolations(created.status())) {
    fields.push_back(violation.field());
  }
  EXPECT_THAT(fields, UnorderedElementsAre("activity.opportunity", "activity.type",
                                           "activity.occur_time", "activity.contacts[0]",
                                           "activity.contacts[1]", "activity.summary"));

  v1::Activity visit_with_complaint = Visit(customer, clock_->Now());
  visit_with_complaint.mutable_complaint()->set_severity(v1::Complaint::LOW);
  absl::StatusOr<v1::Activity> refused = Create(Seller("alice", "sub-east"), visit_with_complaint);
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  ASSERT_EQ(status::GetFieldViolations(refused.status()).size(), 1u);
  EXPECT_EQ(status::GetFieldViolations(refused.status())[0].field(), "activity.complaint");
  EXPECT_EQ(ActivityCount(customer), 0);
}

TEST_F(ActivitiesTest, ARetryWithTheSameRequestIdReturnsTheFirstAnswer) {
  const std::string customer = Customer(kEast);
  const std::string deal = Opportunity(customer, kEast);
  const auth::v1::Principal alice = Seller("alice", "sub-east");
  const v1::Activity visit = Visit(customer, clock_->Now() - absl::Minutes(10), deal);
  absl::StatusOr<v1::Activity> first = Create(alice, visit, "retry-1");
  ASSERT_TRUE(first.ok()) << first.status();
  clock_->Advance(absl::Minutes(1));
  absl::StatusOr<v1::Activity> again = Create(alice, visit, "retry-1");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->SerializeAsString(), first->SerializeAsString());
  EXPECT_EQ(ActivityCount(customer), 1);
  EXPECT_EQ(Scalar(crm::StrCat("SELECT count(*) FROM opportunity.events WHERE resource = '",
                               first->name(), "'")),
            "1");
  // The same id with another body is refused, not replayed.
  v1::Activity other = visit;
  other.set_summary("另一次拜访");
  EXPECT_EQ(Create(alice, other, "retry-1").status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ActivityCount(customer), 1);
}

}  // namespace
}  // namespace crm::opportunity
