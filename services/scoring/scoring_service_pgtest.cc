// The facade: every RPC of crm.scoring.v1.ScoringService is served by its
// capability (none answers UNIMPLEMENTED), an unsigned call is refused
// before any handler runs, the feed serves what core/scoring_events.h
// records to its readers only, the customer scope of core/scoring_scope.h
// holds against the replica, and the peers are called as the service.
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "libs/auth/data_scope.h"
#include "libs/names/resource_names.h"
#include "libs/pg/transaction.h"
#include "libs/replicas/customer/customer_scope_sql.h"
#include "libs/status/status.h"
#include "services/scoring/core/scoring_database.h"
#include "services/scoring/core/scoring_events.h"
#include "services/scoring/core/scoring_scope.h"
#include "services/scoring/testing/scoring_test_env.h"

namespace crm::scoring {
namespace {

using ::crm::scoring::testing::EastSales;
using ::crm::scoring::testing::Hq;
using ::crm::scoring::testing::Integration;
using ::crm::scoring::testing::ScoringTestEnv;
using ::crm::scoring::testing::WestSales;

std::string Reason(const absl::Status& status) {
  const std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}
std::string Reason(const grpc::Status& status) { return Reason(status::FromGrpc(status)); }

class ScoringServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<ScoringTestEnv>> env = ScoringTestEnv::Start("scoring_service");
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
  }
  static void TearDownTestSuite() { env_.reset(); }
  void SetUp() override { ASSERT_NE(env_, nullptr) << "the suite did not start"; }

  static inline std::unique_ptr<ScoringTestEnv> env_;
};

// Calls `method` of the stub with an empty request.
#define CALL(method, Request, Response)                                                     \
  {                                                                                         \
#method, [](v1::ScoringService::Stub& stub, grpc::ClientContext* context) {               \
     Response response;                                                                    \
     return stub.method(context, v1::Request(), &response);                                \
   } \
  }

TEST_F(ScoringServiceTest, EveryRpcIsServed) {
  using Call = std::function<grpc::Status(v1::ScoringService::Stub&, grpc::ClientContext*)>;
  const std::vector<std::pair<std::string, Call>> calls = {
      CALL(GetCustomerOverview, GetCustomerOverviewRequest, v1::CustomerOverview),
      CALL(GetGroupOverview, GetGroupOverviewRequest, v1::GroupOverview),
      CALL(ListAtRiskCustomers, ListAtRiskCustomersRequest, v1::ListAtRiskCustomersResponse),
      CALL(GetCustomerFacts, GetCustomerFactsRequest, v1::CustomerFacts),
      CALL(UpdateScoringProfile, UpdateScoringProfileRequest, v1::ScoringProfile),
      CALL(StartFactsRebuild, StartFactsRebuildRequest, v1::FactsRebuild),
      CALL(GetFactsRebuild, GetFactsRebuildRequest, v1::FactsRebuild),
      CALL(GetScoringPolicy, GetScoringPolicyRequest, v1::ScoringPolicy),
      CALL(UpdateScoringPolicy, UpdateScoringPolicyRequest, v1::ScoringPolicy),
      CALL(OpenTierReview, OpenTierReviewRequest, v1::TierReview),
      CALL(GetTierReview, GetTierReviewRequest, v1::TierReview),
      CALL(ListTierProposals, ListTierProposalsRequest, v1::ListTierProposalsResponse),
      CALL(DecideTierProposal, DecideTierProposalRequest, v1::TierProposal),
      CALL(ListTierHistory, ListTierHistoryRequest, v1::ListTierHistoryResponse),
      CALL(ListChurnWarnings, ListChurnWarningsRequest, v1::ListChurnWarningsResponse),
      CALL(GetChurnWarning, GetChurnWarningRequest, v1::ChurnWarning),
      CALL(RecordRetentionPlan, RecordRetentionPlanRequest, v1::ChurnWarning),
      CALL(RecordRetentionOutcome, RecordRetentionOutcomeRequest, v1::ChurnWarning),
      CALL(RecordSurvey, RecordSurveyRequest, v1::Survey),
      CALL(ListSurveys, ListSurveysRequest, v1::ListSurveysResponse),
      CALL(SetSalesTarget, SetSalesTargetRequest, v1::SalesTarget),
      CALL(ListSalesTargets, ListSalesTargetsRequest, v1::ListSalesTargetsResponse),
      CALL(GetScorecard, GetScorecardRequest, v1::Scorecard),
      CALL(ListScorecards, ListScorecardsRequest, v1::ListScorecardsResponse),
      CALL(ListScoringEvents, ListScoringEventsRequest, v1::ListScoringEventsResponse),
  };
  // The table covers the API: every method but the watch (below).
  const google::protobuf::ServiceDescriptor* service =
      v1::GetCustomerOverviewRequest::descriptor()->file()->FindServiceByName("ScoringService");
  ASSERT_NE(service, nullptr);
  std::set<std::string> listed;
  for (const auto& [method, call] : calls) listed.insert(method);
  for (int i = 0; i < service->method_count(); ++i) {
    const std::string name = service->method(i)->name();
    if (name != "WatchScoringEvents") {
      EXPECT_TRUE(listed.contains(name)) << name << " not called";
    }
  }

  std::vector<std::string> unimplemented;
  for (const auto& [method, call] : calls) {
    const grpc::Status served = call(env_->stub(), env_->As(Hq()).get());
    if (served.error_code() == grpc::StatusCode::UNIMPLEMENTED) unimplemented.push_back(method);
    EXPECT_NE(served.error_code(), grpc::StatusCode::INTERNAL)
        << method << ": " << served.error_message();
    // Without a signed principal nothing runs.
    grpc::ClientContext unsigned_context;
    const grpc::Status refused = call(env_->stub(), &unsigned_context);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAUTHENTICATED) << method;
  }
  EXPECT_TRUE(unimplemented.empty())
      << "UNIMPLEMENTED: " << ::testing::PrintToString(unimplemented);
}

#undef CALL

// What RecordScoringEvent writes in a transaction is what the feed serves,
// with its facts, to an integration; a sales user is refused the feed.
TEST_F(ScoringServiceTest, FeedServesRecordedEventsToItsReadersOnly) {
  const std::string customer_id = "0b5e3c1e-8a7d-4d0f-9a51-0c6f2b8e7d41";
  const ScoringContext& context = env_->context();
  ASSERT_TRUE(pg::RunInTransaction(*context.pool, [&](pqxx::work& tx) {
                return RecordScoringEvent(*context.outbox, tx, v1::ScoringEvent::TIER_CHANGED,
                                          names::CustomerName(customer_id),
                                          {.customer_id = customer_id,
                                           .from_tier = v1::TIER_B,
                                           .to_tier = v1::TIER_A,
                                           .org_unit = "orgUnits/sub-east"});
              }).ok());
  ScoringTestEnv::WaitForFeeds();

  v1::ListScoringEventsRequest request;
  request.set_page_size(1000);
  v1::ListScoringEventsResponse response;
  const grpc::Status listed =
      env_->stub().ListScoringEvents(env_->As(Integration()).get(), request, &response);
  ASSERT_TRUE(listed.ok()) << listed.error_message();
  EXPECT_FALSE(response.next_page_token().empty());
  std::optional<v1::ScoringEvent> found;
  for (const v1::ScoringEvent& event : response.events()) {
    if (event.resource() == names::CustomerName(customer_id)) found = event;
  }
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->type(), v1::ScoringEvent::TIER_CHANGED);
  EXPECT_EQ(found->customer(), names::CustomerName(customer_id));
  EXPECT_EQ(found->from_tier(), v1::TIER_B);
  EXPECT_EQ(found->to_tier(), v1::TIER_A);
  EXPECT_EQ(found->org_unit(), "orgUnits/sub-east");
  EXPECT_FALSE(found->event_id().empty());
  EXPECT_GT(found->time().seconds(), 0);

  v1::ListScoringEventsResponse refused_response;
  const grpc::Status refused =
      env_->stub().ListScoringEvents(env_->As(EastSales()).get(), request, &refused_response);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Reason(refused), "ROLE_NOT_ALLOWED");

  std::unique_ptr<grpc::ClientContext> watch_context = env_->As(EastSales());
  std::unique_ptr<grpc::ClientReader<v1::WatchScoringEventsResponse>> watch =
      env_->stub().WatchScoringEvents(watch_context.get(), v1::WatchScoringEventsRequest());
  v1::WatchScoringEventsResponse ignored;
  EXPECT_FALSE(watch->Read(&ignored));
  EXPECT_EQ(watch->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

// A customer is visible to its owner's side and to HQ; another subsidiary
// is refused whether or not it exists; only HQ learns that one does not.
TEST_F(ScoringServiceTest, CustomerScopeFollowsTheReplica) {
  const std::string name = env_->NewCustomer(EastSales(), "上海华信能源科技有限公司");
  const std::string id = names::ParseCustomerName(name).value_or("");
  ASSERT_FALSE(id.empty());
  ASSERT_TRUE(env_->SyncCustomers().ok());
  const ScoringContext& context = env_->context();

  EXPECT_TRUE(CheckCustomerVisible(context, EastSales(), id).ok());
  EXPECT_TRUE(CheckCustomerVisible(context, Hq(), id).ok());
  const absl::Status other = CheckCustomerVisible(context, WestSales(), id);
  EXPECT_EQ(other.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(other), kReasonCustomerNotInScope);
  EXPECT_EQ(status::GetErrorInfo(other)->domain(), kErrorDomain);

  const std::string missing = "5d0c1f3a-2b4e-4c6d-8e9f-0a1b2c3d4e5f";
  const absl::Status hq_missing = CheckCustomerVisible(context, Hq(), missing);
  EXPECT_EQ(hq_missing.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Reason(hq_missing), kReasonCustomerNotFound);
  const absl::Status east_missing = CheckCustomerVisible(context, EastSales(), missing);
  EXPECT_EQ(east_missing.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(east_missing), kReasonCustomerNotInScope);

  // The same predicate inside a list statement's SQL.
  const replicas::CustomerScopeParams west = replicas::ScopeParamsOf(auth::ScopeOf(WestSales()));
  const replicas::CustomerScopeParams east = replicas::ScopeParamsOf(auth::ScopeOf(EastSales()));
  const std::string sql =
      "SELECT count(*) FROM scoring.replica_customers c WHERE c.customer_id = '" + id +
      "'::uuid AND " + CustomerInScope("c.customer_id", 1, 2);
  int64_t east_count = -1;
  int64_t west_count = -1;
  ASSERT_TRUE(pg::RunReadOnly(*context.pool, [&](pqxx::nontransaction& tx) {
                east_count = tx.exec_params1(sql, east.all, east.org_units)[0].as<int64_t>();
                west_count = tx.exec_params1(sql, west.all, west.org_units)[0].as<int64_t>();
                return absl::OkStatus();
              }).ok());
  EXPECT_EQ(east_count, 1);
  EXPECT_EQ(west_count, 0);
}

// With the real opportunity, contract and collaboration modules, the peers
// answer the scoring module's calls as its service principal.
TEST(ScoringPeersTest, PeersAnswerAsTheService) {
  absl::StatusOr<std::unique_ptr<ScoringTestEnv>> started = ScoringTestEnv::Start(
      "scoring_peers", {.opportunity = true, .contract = true, .collaboration = true});
  ASSERT_TRUE(started.ok()) << "test servers unavailable: " << started.status();
  ScoringTestEnv& env = **started;
  const std::string customer = env.NewCustomer(EastSales(), "杭州华信储能有限公司");
  ASSERT_TRUE(env.SyncCustomers().ok());
  const PeerClients* peers = env.context().peers;
  ASSERT_NE(peers, nullptr);
  ASSERT_NE(peers->customers(), nullptr);
  ASSERT_NE(peers->opportunities(), nullptr);
  ASSERT_NE(peers->contracts(), nullptr);
  ASSERT_NE(peers->collaboration(), nullptr);

  customer::v1::GetCustomerRequest get;
  get.set_name(customer);
  customer::v1::Customer got;
  grpc::Status s = peers->customers()->GetCustomer(peers->NewContext().get(), get, &got);
  EXPECT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(got.name(), customer);

  opportunity::v1::ListOpportunityEventsRequest opportunity_events;
  opportunity::v1::ListOpportunityEventsResponse opportunity_page;
  s = peers->opportunities()->ListOpportunityEvents(peers->NewContext().get(), opportunity_events,
                                                    &opportunity_page);
  EXPECT_TRUE(s.ok()) << s.error_message();
  contract::v1::ListContractEventsRequest contract_events;
  contract::v1::ListContractEventsResponse contract_page;
  s = peers->contracts()->ListContractEvents(peers->NewContext().get(), contract_events,
                                             &contract_page);
  EXPECT_TRUE(s.ok()) << s.error_message();
  collaboration::v1::ListCollaborationEventsRequest collaboration_events;
  collaboration::v1::ListCollaborationEventsResponse collaboration_page;
  s = peers->collaboration()->ListCollaborationEvents(peers->NewContext().get(),
                                                      collaboration_events, &collaboration_page);
  EXPECT_TRUE(s.ok()) << s.error_message();

  // The whole loop runs: nothing to follow or refresh is no error.
  EXPECT_TRUE(env.CatchUp().ok());
}

}  // namespace
}  // namespace crm::scoring
