// Scoring through the gateway, against the real customer, hierarchy,
// opportunity, contract, collaboration and scoring services, the scoring
// service following the feeds by itself as in production (real clock): a
// customer's overview shows a new visit and a signed contract within 5
// seconds of the call that made them; a group whose subsidiary belongs to
// another org unit is rolled up whole for HQ and partially (and saying so)
// for sub-east; a customer the strategy centre marks strategic is proposed
// for tier A by the quarter's review, a strategy role below HQ may not
// decide it, the strategy centre approves it, the tier changes, its history
// keeps it and TIER_CHANGED is on the feed; a customer drifting away (no
// visit, complaints, delivery problems, an overdue receivable, a contract
// ending without renewal) turns high risk, raises one churn warning to its
// owner org unit however often it is scored again, another subsidiary
// cannot see or act on it, and its owner records a retention plan and the
// outcome.
#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/clock/business_day.h"
#include "libs/clock/quarter.h"
#include "services/customer/testing/customer_test_env.h"
#include "tests/e2e/gateway_test_support.h"

namespace crm::scoring {
namespace {

using gateway::testing::Reason;
using gateway::testing::TokenFor;
using gateway::testing::With;
using ::testing::IsEmpty;
using ::testing::Not;

namespace ov1 = ::crm::opportunity::v1;
namespace kv1 = ::crm::contract::v1;
namespace hv1 = ::crm::hierarchy::v1;

// Who works here.
constexpr char kEast[] = "s.east";                   // sales, orgUnits/sub-east
constexpr char kEastLegal[] = "s.east-legal";        // legal, orgUnits/sub-east
constexpr char kEastFinance[] = "s.east-finance";    // finance, orgUnits/sub-east
constexpr char kEastViewer[] = "s.east-viewer";      // viewer, orgUnits/sub-east
constexpr char kWest[] = "s.west";                   // sales, orgUnits/sub-west
constexpr char kWestLegal[] = "s.west-legal";        // legal, orgUnits/sub-west
constexpr char kHq[] = "s.hq";                       // hq_admin, orgUnits/hq
constexpr char kStrategist[] = "s.strategist";       // strategy, orgUnits/hq
constexpr char kEastStrategy[] = "s.east-strategy";  // strategy granted at sub-east
constexpr char kErp[] = "s.erp";                     // integration, orgUnits/hq

constexpr char kSubEast[] = "orgUnits/sub-east";

// How long the issue allows between an event and the overview showing it.
constexpr absl::Duration kRealTime = absl::Seconds(5);

common::v1::Date DateOf(absl::CivilDay day) {
  common::v1::Date date;
  date.set_year(static_cast<int>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

common::v1::Money Cny(int64_t fen) {
  common::v1::Money money;
  money.set_currency_code("CNY");
  money.set_minor_units(fen);
  return money;
}

std::string IdOf(const std::string& name) { return name.substr(name.rfind('/') + 1); }

// Calls `read` until `done` holds of its answer or `deadline` passes (real
// clock); the last answer. Polls every 50 ms.
template <typename Answer>
bool PollUntil(absl::Time deadline, const std::function<Answer()>& read,
               const std::function<bool(const Answer&)>& done, Answer* last) {
  while (true) {
    *last = read();
    if (done(*last)) return true;
    if (absl::Now() > deadline) return false;
    absl::SleepFor(absl::Milliseconds(50));
  }
}

class ScoringE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    servers_.scoring_in_background = true;
    servers_.Start("scoring_e2e");
    ASSERT_NE(servers_.gateway.org, nullptr);
    auto& org = *servers_.gateway.org;
    using gateway::v1::OrgUnit;
    for (const char* unit : {"sub-east", "sub-west"}) {
      gateway::testing::EnsureOrgUnit(org, unit, "hq", OrgUnit::SUBSIDIARY);
    }
    gateway::testing::EnsureUser(org, kEast, "sub-east", {"sales"});
    gateway::testing::EnsureUser(org, kEastLegal, "sub-east", {"legal"});
    gateway::testing::EnsureUser(org, kEastFinance, "sub-east", {"finance"});
    gateway::testing::EnsureUser(org, kEastViewer, "sub-east", {"viewer"});
    gateway::testing::EnsureUser(org, kWest, "sub-west", {"sales"});
    gateway::testing::EnsureUser(org, kWestLegal, "sub-west", {"legal"});
    gateway::testing::EnsureUser(org, kHq, "hq", {"hq_admin"});
    gateway::testing::EnsureUser(org, kStrategist, "hq", {"strategy"});
    gateway::testing::EnsureUser(org, kEastStrategy, "sub-east", {"strategy"});
    gateway::testing::EnsureUser(org, kErp, "hq", {"integration"},
                                 gateway::v1::User::SERVICE_ACCOUNT);
  }
  static void TearDownTestSuite() { servers_.Stop(); }
  void SetUp() override { ASSERT_NE(servers_.scoring_stub, nullptr) << "the suite did not start"; }

  static v1::ScoringService::Stub& scoring() { return *servers_.scoring_stub; }

  // A customer owned by the org unit of `as`: "customers/{id}".
  static std::string NewCustomer(const std::string& as, const std::string& legal_name) {
    customer::v1::CreateCustomerRequest request;
    request.mutable_customer()->set_legal_name(legal_name);
    request.mutable_customer()->set_uscc(customer::testing::NewUscc());
    request.mutable_customer()->set_industry("D");
    request.mutable_customer()->set_region("310115");
    customer::v1::Customer created;
    const grpc::Status status =
        servers_.gateway.customers->CreateCustomer(With(TokenFor(as)).get(), request, &created);
    EXPECT_TRUE(status.ok()) << legal_name << ": " << status.error_message();
    return created.name();
  }

  static ov1::Activity RecordActivity(const std::string& as, const std::string& customer,
                                      ov1::Activity::Type type, absl::Time when,
                                      const std::string& summary) {
    ov1::CreateActivityRequest request;
    ov1::Activity& a = *request.mutable_activity();
    a.set_customer(customer);
    a.set_type(type);
    a.mutable_occur_time()->set_seconds(absl::ToUnixSeconds(when));
    a.set_summary(summary);
    if (type == ov1::Activity::COMPLAINT) a.mutable_complaint()->set_severity(ov1::Complaint::HIGH);
    ov1::Activity created;
    const grpc::Status status =
        servers_.opportunity_stub->CreateActivity(With(TokenFor(as)).get(), request, &created);
    EXPECT_TRUE(status.ok()) << customer << ": " << status.error_message();
    return created;
  }

  static ov1::Opportunity OpenOpportunity(const std::string& as, const std::string& customer,
                                          int64_t fen) {
    ov1::CreateOpportunityRequest request;
    ov1::Opportunity& o = *request.mutable_opportunity();
    o.set_customer(customer);
    o.set_title("集团数据平台项目");
    *o.mutable_amount() = Cny(fen);
    const absl::CivilDay today = clock::BusinessDayOf(absl::Now());
    *o.mutable_expected_close_date() = DateOf(today + 90);
    *o.mutable_next_follow_up_date() = DateOf(today + 7);
    ov1::Opportunity created;
    const grpc::Status status =
        servers_.opportunity_stub->CreateOpportunity(With(TokenFor(as)).get(), request, &created);
    EXPECT_TRUE(status.ok()) << customer << ": " << status.error_message();
    return created;
  }

  // A standalone contract of `customer` for `fen` from `start` to `end`,
  // one milestone of the whole amount due `due`, submitted by `seller`,
  // approved by `legal` (the one step below 1,000,000.00 CNY) and, when the
  // approval policy asks for finance too, by kEastFinance, and signed by
  // `seller`; the signed contract. `sign_time`, if given, is set to when
  // the signature was asked for.
  static kv1::Contract SignContract(const std::string& seller, const std::string& legal,
                                    const std::string& customer, int64_t fen, absl::CivilDay start,
                                    absl::CivilDay end, absl::CivilDay due,
                                    absl::Time* sign_time = nullptr) {
    kv1::ContractService::Stub& contracts = *servers_.contract_stub;
    kv1::CreateContractRequest create;
    kv1::Contract& c = *create.mutable_contract();
    c.set_kind(kv1::STANDALONE);
    c.set_title("年度供货合同");
    c.set_customer(customer);
    *c.mutable_amount() = Cny(fen);
    *c.mutable_start_date() = DateOf(start);
    *c.mutable_end_date() = DateOf(end);
    kv1::PaymentMilestone* milestone = c.add_payment_milestones();
    *milestone->mutable_due_date() = DateOf(due);
    *milestone->mutable_amount() = Cny(fen);
    milestone->set_description("全款");
    kv1::Contract draft;
    grpc::Status status = contracts.CreateContract(With(TokenFor(seller)).get(), create, &draft);
    EXPECT_TRUE(status.ok()) << customer << ": " << status.error_message();
    kv1::SubmitContractRequest submit;
    submit.set_name(draft.name());
    submit.set_etag(draft.etag());
    kv1::Contract pending;
    status = contracts.SubmitContract(With(TokenFor(seller)).get(), submit, &pending);
    EXPECT_TRUE(status.ok()) << draft.name() << ": " << status.error_message();
    kv1::ApproveContractRequest approve;
    approve.set_name(pending.name());
    approve.set_etag(pending.etag());
    approve.set_comment("法务审核通过");
    kv1::Contract approved;
    status = contracts.ApproveContract(With(TokenFor(legal)).get(), approve, &approved);
    EXPECT_TRUE(status.ok()) << pending.name() << ": " << status.error_message();
    if (approved.state() == kv1::PENDING_APPROVAL) {
      approve.set_etag(approved.etag());
      approve.set_comment("财务审核通过");
      status = contracts.ApproveContract(With(TokenFor(kEastFinance)).get(), approve, &approved);
      EXPECT_TRUE(status.ok()) << pending.name() << ": " << status.error_message();
    }
    EXPECT_EQ(approved.state(), kv1::APPROVED) << approved.ShortDebugString();
    kv1::SignContractRequest sign;
    sign.set_name(approved.name());
    sign.set_etag(approved.etag());
    kv1::Contract signed_contract;
    if (sign_time != nullptr) *sign_time = absl::Now();
    status = contracts.SignContract(With(TokenFor(seller)).get(), sign, &signed_contract);
    EXPECT_TRUE(status.ok()) << approved.name() << ": " << status.error_message();
    return signed_contract;
  }

  static grpc::Status Overview(const std::string& as, const std::string& customer,
                               v1::CustomerOverview* overview) {
    v1::GetCustomerOverviewRequest request;
    request.set_customer(customer);
    overview->Clear();
    return scoring().GetCustomerOverview(With(TokenFor(as)).get(), request, overview);
  }

  // `as`'s overview of `customer` once `done` holds of it (polled until
  // `deadline`, real clock); a test failure, naming `what`, if it never does.
  static v1::CustomerOverview OverviewOnce(
      const std::string& as, const std::string& customer, absl::Time deadline,
      const std::function<bool(const v1::CustomerOverview&)>& done, const std::string& what) {
    v1::CustomerOverview last;
    grpc::Status status;
    const bool held = PollUntil<v1::CustomerOverview>(
        deadline,
        [&] {
          v1::CustomerOverview overview;
          status = Overview(as, customer, &overview);
          return overview;
        },
        [&](const v1::CustomerOverview& overview) { return status.ok() && done(overview); }, &last);
    EXPECT_TRUE(held) << what << " by " << absl::FormatTime(deadline) << "; last answer "
                      << status.error_code() << " " << status.error_message() << " "
                      << last.ShortDebugString();
    return last;
  }

  // Every event of the scoring feed so far, read as the ERP account.
  static std::vector<v1::ScoringEvent> AllEvents() {
    std::vector<v1::ScoringEvent> events;
    v1::ListScoringEventsRequest request;
    request.set_page_size(1000);
    while (true) {
      v1::ListScoringEventsResponse page;
      const grpc::Status status =
          scoring().ListScoringEvents(With(TokenFor(kErp)).get(), request, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      for (const v1::ScoringEvent& e : page.events()) events.push_back(e);
      if (page.events().empty()) break;
      request.set_page_token(page.next_page_token());
    }
    return events;
  }

  static std::vector<v1::ScoringEvent> EventsOf(v1::ScoringEvent::Type type,
                                                const std::string& customer) {
    std::vector<v1::ScoringEvent> found;
    for (const v1::ScoringEvent& e : AllEvents()) {
      if (e.type() == type && e.customer() == customer) found.push_back(e);
    }
    return found;
  }

  static inline gateway::testing::SuiteServers servers_;
};

// A visit and then a signed contract each reach the customer's overview
// within 5 seconds of the call that recorded them, with nobody asking the
// scoring service to look.
TEST_F(ScoringE2eTest, AnOverviewShowsANewVisitAndASignedContractWithinFiveSeconds) {
  const std::string customer = NewCustomer(kEast, "上海实时评分科技有限公司");
  const absl::Time visit_time = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()));
  absl::Time recorded = absl::Now();
  RecordActivity(kEast, customer, ov1::Activity::VISIT, visit_time, "拜访采购总监");
  v1::CustomerOverview overview = OverviewOnce(
      kEast, customer, recorded + kRealTime,
      [&](const v1::CustomerOverview& o) {
        return o.last_visit_time().seconds() == absl::ToUnixSeconds(visit_time);
      },
      "the visit did not reach the overview within 5 s");
  EXPECT_LE(absl::Now() - recorded, kRealTime + absl::Seconds(1));
  EXPECT_EQ(overview.customer(), customer);
  EXPECT_EQ(overview.owner_org_unit(), kSubEast);
  EXPECT_EQ(overview.last_activity_time().seconds(), absl::ToUnixSeconds(visit_time));
  EXPECT_EQ(overview.tier(), v1::TIER_C) << overview.ShortDebugString();
  EXPECT_EQ(overview.coordinated_by(), kSubEast);
  EXPECT_EQ(overview.value().computed_tier(), v1::TIER_C);
  EXPECT_EQ(overview.active_contract_value().minor_units(), 0);

  // 1,200,000.00 CNY signed today, in force for a year, due in 90 days.
  const absl::CivilDay today = clock::BusinessDayOf(absl::Now());
  // From the signature on: the approval steps before it are not scoring's.
  const kv1::Contract contract = SignContract(kEast, kEastLegal, customer, 120'000'000, today,
                                              today + 364, today + 90, &recorded);
  EXPECT_EQ(contract.state(), kv1::ACTIVE) << contract.ShortDebugString();
  overview = OverviewOnce(
      kEast, customer, recorded + kRealTime,
      [](const v1::CustomerOverview& o) {
        return o.active_contract_value().minor_units() == 120'000'000;
      },
      "the signed contract did not reach the overview within 5 s");
  EXPECT_EQ(overview.value().annual_purchases().minor_units(), 120'000'000)
      << overview.ShortDebugString();
  EXPECT_EQ(overview.value().annual_purchases().currency_code(), "CNY");
  // 1,200,000.00 a year is tier B by the thresholds; the tier in force stays
  // the one it was first scored with until a review.
  EXPECT_EQ(overview.value().computed_tier(), v1::TIER_B) << overview.value().ShortDebugString();
  EXPECT_EQ(overview.tier(), v1::TIER_C);
  EXPECT_EQ(overview.receivable().minor_units(), 120'000'000);
  EXPECT_EQ(overview.overdue().minor_units(), 0);
  EXPECT_FALSE(overview.value().factors().empty());
  EXPECT_FALSE(overview.health().signals().empty());

  // The facts behind it, as the scores read them: this month's purchases.
  v1::GetCustomerFactsRequest facts_request;
  facts_request.set_customer(customer);
  v1::CustomerFacts facts;
  const grpc::Status facts_status =
      scoring().GetCustomerFacts(With(TokenFor(kEastViewer)).get(), facts_request, &facts);
  ASSERT_TRUE(facts_status.ok()) << facts_status.error_message();
  ASSERT_FALSE(facts.purchases().empty());
  EXPECT_EQ(facts.purchases(facts.purchases_size() - 1).value(), 120'000'000)
      << facts.ShortDebugString();
  EXPECT_EQ(facts.first_signed_date().year(), today.year());
  EXPECT_EQ(facts.first_signed_date().month(), today.month());

  // Another subsidiary reads neither.
  v1::CustomerOverview hidden;
  const grpc::Status refused = Overview(kWest, customer, &hidden);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED) << refused.error_message();
  EXPECT_EQ(Reason(refused), "CUSTOMER_NOT_IN_SCOPE");
}

// A group under sub-east's customer with a subsidiary sub-west owns: HQ sees
// the whole roll-up; sub-east sees its own customer's figures and is told
// the roll-up is partial, never how much is hidden.
TEST_F(ScoringE2eTest, ASubsidiarysGroupOverviewIsPartialAndSaysSo) {
  const std::string parent = NewCustomer(kEast, "上海集团总部控股有限公司");
  const std::string child = NewCustomer(kWest, "杭州集团分公司有限公司");
  hv1::CreateGroupRequest group;
  group.set_customer(parent);
  hv1::Node root;
  grpc::Status status =
      servers_.hierarchy_stub->CreateGroup(With(TokenFor(kHq)).get(), group, &root);
  ASSERT_TRUE(status.ok()) << status.error_message();
  hv1::AttachNodeRequest attach;
  attach.set_parent(root.name());
  attach.mutable_node()->set_kind(hv1::Node::CUSTOMER);
  attach.mutable_node()->set_customer(child);
  attach.mutable_node()->set_edge_type(hv1::CONTROLLED);
  attach.mutable_node()->set_ownership_percent("60");
  hv1::Node child_node;
  status = servers_.hierarchy_stub->AttachNode(With(TokenFor(kHq)).get(), attach, &child_node);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // Open pipeline: 1,000,000.00 CNY at sub-east's, 2,000,000.00 at sub-west's.
  OpenOpportunity(kEast, parent, 100'000'000);
  OpenOpportunity(kWest, child, 200'000'000);

  v1::GetGroupOverviewRequest request;
  request.set_node(root.name());
  v1::GroupOverview whole;
  grpc::Status whole_status;
  const bool rolled_up = PollUntil<v1::GroupOverview>(
      absl::Now() + absl::Seconds(20),
      [&] {
        v1::GroupOverview answer;
        whole_status = scoring().GetGroupOverview(With(TokenFor(kHq)).get(), request, &answer);
        return answer;
      },
      [&](const v1::GroupOverview& o) {
        return whole_status.ok() && o.customers() == 2 &&
               o.pipeline_open().minor_units() == 300'000'000;
      },
      &whole);
  ASSERT_TRUE(rolled_up) << whole_status.error_message() << " " << whole.ShortDebugString();
  EXPECT_FALSE(whole.partial()) << whole.ShortDebugString();
  EXPECT_EQ(whole.node(), root.name());
  int64_t tiered = 0;
  for (const v1::TierCount& count : whole.tier_counts()) tiered += count.customers();
  EXPECT_EQ(tiered, 2) << whole.ShortDebugString();
  ASSERT_GE(whole.nodes_size(), 2) << whole.ShortDebugString();
  EXPECT_EQ(whole.nodes(0).node(), root.name());
  EXPECT_EQ(whole.nodes(0).customer(), parent);

  v1::GroupOverview partial;
  status = scoring().GetGroupOverview(With(TokenFor(kEast)).get(), request, &partial);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(partial.partial()) << partial.ShortDebugString();
  EXPECT_EQ(partial.customers(), 1) << partial.ShortDebugString();
  EXPECT_EQ(partial.pipeline_open().minor_units(), 100'000'000) << partial.ShortDebugString();
  tiered = 0;
  for (const v1::TierCount& count : partial.tier_counts()) tiered += count.customers();
  EXPECT_EQ(tiered, 1) << partial.ShortDebugString();
  // The subsidiary's node shows, by name, without its customer or scores.
  bool child_shown = false;
  for (const v1::GroupOverviewNode& node : partial.nodes()) {
    if (node.node() != child_node.name()) continue;
    child_shown = true;
    EXPECT_TRUE(node.customer().empty()) << node.ShortDebugString();
    EXPECT_EQ(node.tier(), v1::TIER_UNSPECIFIED) << node.ShortDebugString();
    EXPECT_EQ(node.risk(), v1::RISK_LEVEL_UNSPECIFIED) << node.ShortDebugString();
  }
  EXPECT_TRUE(child_shown) << partial.ShortDebugString();
  EXPECT_EQ(partial.SerializeAsString().find(IdOf(child)), std::string::npos)
      << "sub-west's customer shows in sub-east's roll-up: " << partial.ShortDebugString();

  // sub-west, the other way round.
  v1::GroupOverview west;
  status = scoring().GetGroupOverview(With(TokenFor(kWest)).get(), request, &west);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(west.partial());
  EXPECT_EQ(west.customers(), 1);
  EXPECT_EQ(west.pipeline_open().minor_units(), 200'000'000) << west.ShortDebugString();
}

// The strategy centre marks a customer strategic; the quarter's review
// proposes tier A with its reasons; only the strategy role at HQ decides it;
// the approval changes the tier (coordinated by HQ now), keeps it in the
// history and publishes TIER_CHANGED.
TEST_F(ScoringE2eTest, ATierReviewApprovedByTheStrategyCentrePublishesTierChanged) {
  const std::string customer = NewCustomer(kEast, "上海战略合作能源有限公司");
  RecordActivity(kEast, customer, ov1::Activity::MEETING, absl::Now() - absl::Hours(1), "高层会谈");
  v1::CustomerOverview overview = OverviewOnce(
      kStrategist, customer, absl::Now() + absl::Seconds(20),
      [](const v1::CustomerOverview& o) { return o.tier() != v1::TIER_UNSPECIFIED; },
      "the customer was never scored");
  ASSERT_EQ(overview.tier(), v1::TIER_C) << overview.ShortDebugString();

  v1::UpdateScoringProfileRequest update;
  update.mutable_scoring_profile()->set_name(absl::StrCat(customer, "/scoringProfile"));
  update.mutable_scoring_profile()->set_strategic(true);
  update.mutable_scoring_profile()->set_reason("集团战略合作伙伴");
  v1::ScoringProfile profile;
  grpc::Status status =
      scoring().UpdateScoringProfile(With(TokenFor(kEast)).get(), update, &profile);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << "a seller set it";
  status = scoring().UpdateScoringProfile(With(TokenFor(kStrategist)).get(), update, &profile);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(profile.strategic());
  EXPECT_EQ(profile.updated_by(), absl::StrCat("users/", kStrategist));
  overview = OverviewOnce(
      kStrategist, customer, absl::Now() + absl::Seconds(20),
      [](const v1::CustomerOverview& o) { return o.value().computed_tier() == v1::TIER_A; },
      "the strategic flag never reached the computed tier");
  EXPECT_EQ(overview.tier(), v1::TIER_C) << "the tier changed without a review";

  const std::string quarter =
      clock::FormatQuarter(clock::QuarterOf(clock::BusinessDayOf(absl::Now())));
  v1::OpenTierReviewRequest open;
  open.set_quarter(quarter);
  v1::TierReview review;
  status = scoring().OpenTierReview(With(TokenFor(kStrategist)).get(), open, &review);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(review.name(), absl::StrCat("tierReviews/", quarter));
  EXPECT_GE(review.pending(), 1) << review.ShortDebugString();

  v1::ListTierProposalsRequest list;
  list.set_parent(review.name());
  list.set_page_size(1000);
  v1::ListTierProposalsResponse listed;
  status = scoring().ListTierProposals(With(TokenFor(kStrategist)).get(), list, &listed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const auto found =
      std::find_if(listed.proposals().begin(), listed.proposals().end(),
                   [&](const v1::TierProposal& p) { return p.customer() == customer; });
  ASSERT_NE(found, listed.proposals().end()) << listed.ShortDebugString();
  const v1::TierProposal proposal = *found;
  EXPECT_EQ(proposal.name(), absl::StrCat(review.name(), "/proposals/", IdOf(customer)));
  EXPECT_EQ(proposal.current_tier(), v1::TIER_C);
  EXPECT_EQ(proposal.proposed_tier(), v1::TIER_A);
  EXPECT_EQ(proposal.state(), v1::TierProposal::PENDING);
  EXPECT_THAT(proposal.reasons(), Not(IsEmpty()));

  // A strategy role granted below HQ, and an HQ administrator, may not
  // decide it.
  v1::DecideTierProposalRequest decide;
  decide.set_name(proposal.name());
  decide.set_decision(v1::DecideTierProposalRequest::APPROVE);
  decide.set_etag(proposal.etag());
  v1::TierProposal decided;
  status = scoring().DecideTierProposal(With(TokenFor(kEastStrategy)).get(), decide, &decided);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  status = scoring().DecideTierProposal(With(TokenFor(kHq)).get(), decide, &decided);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();

  status = scoring().DecideTierProposal(With(TokenFor(kStrategist)).get(), decide, &decided);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(decided.state(), v1::TierProposal::APPROVED);
  EXPECT_EQ(decided.decided_tier(), v1::TIER_A);
  EXPECT_EQ(decided.decided_by(), absl::StrCat("users/", kStrategist));
  // Deciding it again with the old etag is refused.
  status = scoring().DecideTierProposal(With(TokenFor(kStrategist)).get(), decide, &decided);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED) << status.error_message();

  // The owner sees the new tier and who coordinates it now.
  ASSERT_TRUE(Overview(kEast, customer, &overview).ok());
  EXPECT_EQ(overview.tier(), v1::TIER_A);
  EXPECT_EQ(overview.coordinated_by(), "orgUnits/hq");

  v1::ListTierHistoryRequest history_request;
  history_request.set_customer(customer);
  v1::ListTierHistoryResponse history;
  status = scoring().ListTierHistory(With(TokenFor(kEast)).get(), history_request, &history);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(history.changes_size(), 1) << history.ShortDebugString();
  EXPECT_EQ(history.changes(0).customer(), customer);
  EXPECT_EQ(history.changes(0).from_tier(), v1::TIER_C);
  EXPECT_EQ(history.changes(0).to_tier(), v1::TIER_A);
  EXPECT_EQ(history.changes(0).quarter(), quarter);
  EXPECT_EQ(history.changes(0).decided_by(), absl::StrCat("users/", kStrategist));

  // tier.changed on the feed, once the feed serves it.
  std::vector<v1::ScoringEvent> changed;
  const bool published = PollUntil<std::vector<v1::ScoringEvent>>(
      absl::Now() + absl::Seconds(10),
      [&] { return EventsOf(v1::ScoringEvent::TIER_CHANGED, customer); },
      [](const std::vector<v1::ScoringEvent>& events) { return !events.empty(); }, &changed);
  ASSERT_TRUE(published) << "no TIER_CHANGED for " << customer;
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0].from_tier(), v1::TIER_C);
  EXPECT_EQ(changed[0].to_tier(), v1::TIER_A);
  EXPECT_EQ(changed[0].resource(), customer);
  EXPECT_FALSE(changed[0].event_id().empty());
}

// A customer drifting away turns high risk: one warning to its owner org
// unit, however often it is scored again; another subsidiary neither sees
// nor acts on it; the owner records a retention plan and its outcome.
TEST_F(ScoringE2eTest, AHighRiskCustomerRaisesOneWarningAndItsOwnerRecordsAPlan) {
  const std::string customer = NewCustomer(kEast, "上海流失预警制造有限公司");
  // Complaints and delivery problems 40 days ago and nothing since, no visit
  // ever, and 300,000.00 CNY due 60 days ago on a contract ending in 30 days
  // with no renewal.
  const absl::Time long_ago = absl::Now() - absl::Hours(24 * 40);
  for (int i = 0; i < 2; ++i) {
    RecordActivity(kEast, customer, ov1::Activity::COMPLAINT, long_ago, "客户投诉交付延迟");
    RecordActivity(kEast, customer, ov1::Activity::DELIVERY_ISSUE, long_ago, "设备到货延误");
  }
  const absl::CivilDay today = clock::BusinessDayOf(absl::Now());
  SignContract(kEast, kEastLegal, customer, 30'000'000, today - 300, today + 30, today - 60);

  v1::CustomerOverview overview = OverviewOnce(
      kEast, customer, absl::Now() + absl::Seconds(20),
      [](const v1::CustomerOverview& o) {
        return o.health().risk() == v1::RISK_HIGH && !o.churn_warning().empty();
      },
      "the customer never turned high risk with a warning");
  EXPECT_LT(overview.health().score(), 50) << overview.health().ShortDebugString();
  EXPECT_THAT(overview.health().reasons(), Not(IsEmpty()));
  EXPECT_EQ(overview.overdue().minor_units(), 30'000'000);
  const std::string warning_name = overview.churn_warning();

  v1::GetChurnWarningRequest get;
  get.set_name(warning_name);
  v1::ChurnWarning warning;
  grpc::Status status = scoring().GetChurnWarning(With(TokenFor(kEast)).get(), get, &warning);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(warning.customer(), customer);
  EXPECT_EQ(warning.owner_org_unit(), kSubEast);
  EXPECT_EQ(warning.state(), v1::ChurnWarning::OPEN);
  EXPECT_THAT(warning.reasons(), Not(IsEmpty()));
  EXPECT_FALSE(warning.has_retention_plan()) << warning.ShortDebugString();

  // Scored again (a new complaint, still high risk): still the one warning,
  // notified once.
  const absl::Time complaint_time = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()));
  RecordActivity(kEast, customer, ov1::Activity::COMPLAINT, complaint_time, "再次投诉");
  overview = OverviewOnce(
      kEast, customer, absl::Now() + kRealTime,
      [&](const v1::CustomerOverview& o) {
        return o.last_activity_time().seconds() == absl::ToUnixSeconds(complaint_time);
      },
      "the new complaint did not reach the overview within 5 s");
  EXPECT_EQ(overview.health().risk(), v1::RISK_HIGH);
  EXPECT_EQ(overview.churn_warning(), warning_name);
  v1::ListChurnWarningsRequest list;
  list.set_owner_org_unit(kSubEast);
  list.set_page_size(1000);
  v1::ListChurnWarningsResponse listed;
  status = scoring().ListChurnWarnings(With(TokenFor(kEast)).get(), list, &listed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(std::count_if(listed.churn_warnings().begin(), listed.churn_warnings().end(),
                          [&](const v1::ChurnWarning& w) { return w.customer() == customer; }),
            1)
      << listed.ShortDebugString();
  std::vector<v1::ScoringEvent> raised;
  ASSERT_TRUE(PollUntil<std::vector<v1::ScoringEvent>>(
      absl::Now() + absl::Seconds(10),
      [&] { return EventsOf(v1::ScoringEvent::CHURN_WARNING_RAISED, customer); },
      [](const std::vector<v1::ScoringEvent>& events) { return !events.empty(); }, &raised))
      << "no CHURN_WARNING_RAISED for " << customer;
  // The second scoring's events are served by now (200 ms settle) too.
  absl::SleepFor(absl::Seconds(1));
  raised = EventsOf(v1::ScoringEvent::CHURN_WARNING_RAISED, customer);
  ASSERT_EQ(raised.size(), 1u) << "the owner was notified more than once";
  EXPECT_EQ(raised[0].org_unit(), kSubEast);
  EXPECT_EQ(raised[0].risk(), v1::RISK_HIGH);
  EXPECT_EQ(raised[0].resource(), warning_name);

  // Another subsidiary neither reads nor acts on it.
  status = scoring().GetChurnWarning(With(TokenFor(kWest)).get(), get, &warning);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  status = scoring().GetChurnWarning(With(TokenFor(kEast)).get(), get, &warning);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::RecordRetentionPlanRequest plan;
  plan.set_name(warning_name);
  plan.set_etag(warning.etag());
  plan.mutable_retention_plan()->set_actions("总经理带队拜访，处理投诉并制定交付补救计划");
  plan.mutable_retention_plan()->set_owner(absl::StrCat("users/", kEast));
  *plan.mutable_retention_plan()->mutable_due_date() = DateOf(today + 30);
  v1::ChurnWarning planned;
  status = scoring().RecordRetentionPlan(With(TokenFor(kWest)).get(), plan, &planned);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  status = scoring().RecordRetentionPlan(With(TokenFor(kEastViewer)).get(), plan, &planned);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << "a viewer planned";

  // The owner records the plan, then its outcome.
  status = scoring().RecordRetentionPlan(With(TokenFor(kEast)).get(), plan, &planned);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(planned.retention_plan().actions(), plan.retention_plan().actions());
  EXPECT_EQ(planned.retention_plan().owner(), absl::StrCat("users/", kEast));
  EXPECT_EQ(planned.retention_plan().outcome(), v1::RetentionPlan::IN_PROGRESS);
  EXPECT_EQ(planned.retention_plan().recorded_by(), absl::StrCat("users/", kEast));
  EXPECT_NE(planned.etag(), warning.etag());
  status = scoring().RecordRetentionPlan(With(TokenFor(kEast)).get(), plan, &planned);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED) << "the old etag was taken";

  v1::RecordRetentionOutcomeRequest outcome;
  outcome.set_name(warning_name);
  outcome.set_outcome(v1::RetentionPlan::RETAINED);
  outcome.set_note("续签意向已确认");
  outcome.set_etag(planned.etag());
  v1::ChurnWarning retained;
  status = scoring().RecordRetentionOutcome(With(TokenFor(kEast)).get(), outcome, &retained);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(retained.retention_plan().outcome(), v1::RetentionPlan::RETAINED);
  EXPECT_EQ(retained.retention_plan().outcome_note(), "续签意向已确认");
  EXPECT_EQ(retained.retention_plan().actions(), plan.retention_plan().actions());

  std::vector<v1::ScoringEvent> recorded;
  ASSERT_TRUE(PollUntil<std::vector<v1::ScoringEvent>>(
      absl::Now() + absl::Seconds(10),
      [&] {
        std::vector<v1::ScoringEvent> found;
        for (const v1::ScoringEvent& e : AllEvents()) {
          if (e.type() == v1::ScoringEvent::RETENTION_PLAN_RECORDED &&
              e.resource() == warning_name) {
            found.push_back(e);
          }
        }
        return found;
      },
      [](const std::vector<v1::ScoringEvent>& events) { return events.size() == 2; }, &recorded))
      << "the plan and the outcome were not both published: " << recorded.size();
}

}  // namespace
}  // namespace crm::scoring
