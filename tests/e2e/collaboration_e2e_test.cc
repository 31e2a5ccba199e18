// Collaboration through the gateway, against the real customer, hierarchy,
// opportunity, contract and collaboration services: sub-east raises a
// request that needs sub-west's construction and sub-north's materials;
// the participants see it, acknowledge it and comment, the step moves on by
// the requesting side and the step's owner, sub-south (not a participant)
// sees nothing of it on any list or board. A won opportunity sub-east owns
// with sub-west collaborating opens an attribution with both proposed;
// sub-east scores and submits it, HQ's strategy centre approves it (a
// strategy role granted below HQ may not), sub-west disputes it and the
// strategy centre adjusts it; the quarter's credit report adds up to the
// deal, the fen. Every figure asserted was worked out by hand from the
// fixture.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"
#include "services/customer/testing/customer_test_env.h"
#include "tests/e2e/gateway_test_support.h"

namespace crm::collaboration {
namespace {

using gateway::testing::Reason;
using gateway::testing::TokenFor;
using gateway::testing::With;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

namespace ov1 = ::crm::opportunity::v1;

// Who works here.
constexpr char kEast[] = "c.east";                   // sales, orgUnits/sub-east (requests)
constexpr char kWest[] = "c.west";                   // sales, orgUnits/sub-west (construction)
constexpr char kNorth[] = "c.north";                 // sales, orgUnits/sub-north (materials)
constexpr char kSouth[] = "c.south";                 // sales, orgUnits/sub-south (not asked)
constexpr char kWestAdmin[] = "c.west-admin";        // org_admin, orgUnits/sub-west
constexpr char kHq[] = "c.hq";                       // hq_admin, orgUnits/hq
constexpr char kStrategist[] = "c.strategist";       // strategy, orgUnits/hq
constexpr char kEastStrategy[] = "c.east-strategy";  // strategy granted at sub-east
constexpr char kViewer[] = "c.viewer";               // viewer, orgUnits/sub-east

constexpr char kSubEast[] = "orgUnits/sub-east";
constexpr char kSubWest[] = "orgUnits/sub-west";
constexpr char kSubNorth[] = "orgUnits/sub-north";

common::v1::Date DateOf(absl::CivilDay day) {
  common::v1::Date date;
  date.set_year(static_cast<int>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

// Today where the service counts days (Asia/Shanghai, UTC+8 all year).
absl::CivilDay TodayInShanghai() {
  return absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 60 * 60));
}

// "2026Q4" of `day`.
std::string QuarterOf(absl::CivilDay day) {
  return absl::StrCat(day.year(), "Q", (day.month() - 1) / 3 + 1);
}

v1::ContributionScores Scores(int information, int resources, int participation,
                              int customer_evaluation) {
  v1::ContributionScores scores;
  scores.set_information(information);
  scores.set_resources(resources);
  scores.set_participation(participation);
  scores.set_customer_evaluation(customer_evaluation);
  return scores;
}

template <typename Message>
std::vector<std::string> Names(const google::protobuf::RepeatedPtrField<Message>& all) {
  std::vector<std::string> names;
  for (const Message& m : all) names.push_back(m.name());
  return names;
}

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

class CollaborationE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    servers_.Start("collaboration_e2e");
    ASSERT_NE(servers_.gateway.org, nullptr);
    auto& org = *servers_.gateway.org;
    using gateway::v1::OrgUnit;
    for (const char* unit : {"sub-east", "sub-west", "sub-north", "sub-south"}) {
      gateway::testing::EnsureOrgUnit(org, unit, "hq", OrgUnit::SUBSIDIARY);
    }
    gateway::testing::EnsureUser(org, kEast, "sub-east", {"sales"});
    gateway::testing::EnsureUser(org, kWest, "sub-west", {"sales"});
    gateway::testing::EnsureUser(org, kNorth, "sub-north", {"sales"});
    gateway::testing::EnsureUser(org, kSouth, "sub-south", {"sales"});
    gateway::testing::EnsureUser(org, kWestAdmin, "sub-west", {"org_admin"});
    gateway::testing::EnsureUser(org, kHq, "hq", {"hq_admin"});
    gateway::testing::EnsureUser(org, kStrategist, "hq", {"strategy"});
    gateway::testing::EnsureUser(org, kEastStrategy, "sub-east", {"strategy"});
    gateway::testing::EnsureUser(org, kViewer, "sub-east", {"viewer"});
  }
  static void TearDownTestSuite() { servers_.Stop(); }
  void SetUp() override {
    ASSERT_NE(servers_.collaboration_stub, nullptr) << "the suite did not start";
  }

  static v1::CollaborationService::Stub& collaboration() { return *servers_.collaboration_stub; }
  static ov1::OpportunityService::Stub& pipeline() { return *servers_.opportunity_stub; }

  // A customer owned by the org unit of `as`: "customers/{id}".
  static std::string NewCustomer(const std::string& as, const std::string& legal_name) {
    customer::v1::CreateCustomerRequest request;
    request.mutable_customer()->set_legal_name(legal_name);
    request.mutable_customer()->set_uscc(customer::testing::NewUscc());
    request.mutable_customer()->set_industry("D");
    request.mutable_customer()->set_region("110105");
    customer::v1::Customer created;
    const grpc::Status status =
        servers_.gateway.customers->CreateCustomer(With(TokenFor(as)).get(), request, &created);
    EXPECT_TRUE(status.ok()) << legal_name << ": " << status.error_message();
    return created.name();
  }

  static v1::Participant Participant(const std::string& org_unit, const std::string& task) {
    v1::Participant p;
    p.set_org_unit(org_unit);
    p.set_task(task);
    return p;
  }

  static grpc::Status Create(const std::string& as, const v1::CollaborationRequest& values,
                             const std::string& request_id, v1::CollaborationRequest* out) {
    v1::CreateCollaborationRequestRequest request;
    *request.mutable_collaboration_request() = values;
    request.set_request_id(request_id);
    return collaboration().CreateCollaborationRequest(With(TokenFor(as)).get(), request, out);
  }

  static v1::CollaborationRequest MustCreate(const std::string& as,
                                             const v1::CollaborationRequest& values) {
    v1::CollaborationRequest created;
    const grpc::Status status = Create(as, values, "", &created);
    EXPECT_TRUE(status.ok()) << values.title() << ": " << status.error_message();
    return created;
  }

  static grpc::Status Get(const std::string& as, const std::string& name,
                          v1::CollaborationRequest* out) {
    v1::GetCollaborationRequestRequest request;
    request.set_name(name);
    return collaboration().GetCollaborationRequest(With(TokenFor(as)).get(), request, out);
  }

  static v1::CollaborationRequest MustGet(const std::string& as, const std::string& name) {
    v1::CollaborationRequest read;
    const grpc::Status status = Get(as, name, &read);
    EXPECT_TRUE(status.ok()) << name << " as " << as << ": " << status.error_message();
    return read;
  }

  static grpc::Status Advance(const std::string& as, const v1::CollaborationRequest& current,
                              v1::CollaborationStep step, const std::string& step_owner,
                              v1::CollaborationRequest* out) {
    v1::AdvanceCollaborationRequestRequest request;
    request.set_name(current.name());
    request.set_etag(current.etag());
    request.set_step(step);
    request.set_step_owner(step_owner);
    request.set_comment(absl::StrCat("进入 ", v1::CollaborationStep_Name(step)));
    return collaboration().AdvanceCollaborationRequest(With(TokenFor(as)).get(), request, out);
  }

  static grpc::Status Acknowledge(const std::string& as, const std::string& name,
                                  v1::CollaborationRequest* out) {
    v1::AcknowledgeCollaborationRequestRequest request;
    request.set_name(name);
    request.set_comment("收到，安排人手");
    return collaboration().AcknowledgeCollaborationRequest(With(TokenFor(as)).get(), request, out);
  }

  static grpc::Status Comment(const std::string& as, const std::string& name,
                              const std::string& text, v1::TimelineEntry* out) {
    v1::AddCollaborationCommentRequest request;
    request.set_parent(name);
    request.set_comment(text);
    return collaboration().AddCollaborationComment(With(TokenFor(as)).get(), request, out);
  }

  // Every request `as` may list with `filter`, page by page.
  static std::vector<std::string> Listed(const std::string& as,
                                         v1::ListCollaborationRequestsRequest filter) {
    std::vector<std::string> names;
    filter.set_page_size(2);  // several pages: each one is filtered
    do {
      v1::ListCollaborationRequestsResponse page;
      const grpc::Status status =
          collaboration().ListCollaborationRequests(With(TokenFor(as)).get(), filter, &page);
      EXPECT_TRUE(status.ok()) << as << ": " << status.error_message();
      if (!status.ok()) break;
      for (const auto& r : page.collaboration_requests()) names.push_back(r.name());
      filter.set_page_token(page.next_page_token());
    } while (!filter.page_token().empty());
    return names;
  }

  static v1::CollaborationBoard Board(const std::string& as,
                                      const v1::GetCollaborationBoardRequest& request) {
    v1::CollaborationBoard board;
    const grpc::Status status =
        collaboration().GetCollaborationBoard(With(TokenFor(as)).get(), request, &board);
    EXPECT_TRUE(status.ok()) << as << ": " << status.error_message();
    return board;
  }

  // The cards of every column of `board`, as request names.
  static std::vector<std::string> Cards(const v1::CollaborationBoard& board) {
    std::vector<std::string> names;
    for (const v1::BoardColumn& column : board.columns()) {
      for (const v1::BoardCard& card : column.cards()) names.push_back(card.request());
    }
    return names;
  }

  static const v1::BoardColumn* Column(const v1::CollaborationBoard& board,
                                       v1::CollaborationStep step) {
    for (const v1::BoardColumn& column : board.columns()) {
      if (column.step() == step) return &column;
    }
    return nullptr;
  }

  static std::vector<v1::TimelineEntry> Timeline(const std::string& as, const std::string& name) {
    v1::ListCollaborationTimelineRequest request;
    request.set_parent(name);
    v1::ListCollaborationTimelineResponse response;
    const grpc::Status status =
        collaboration().ListCollaborationTimeline(With(TokenFor(as)).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.entries().begin(), response.entries().end()};
  }

  // HQ lifts the opportunity stage gates once, so the deals below are won
  // without a needs survey and a buying committee (the opportunity tests
  // cover those).
  static void LiftStageGates() {
    static bool lifted = false;
    if (lifted) return;
    ov1::GetStageModelRequest get;
    get.set_name("stageModel");
    ov1::StageModel model;
    ASSERT_TRUE(pipeline().GetStageModel(With(TokenFor(kHq)).get(), get, &model).ok());
    ov1::UpdateStageModelRequest update;
    *update.mutable_stage_model() = model;
    update.mutable_stage_model()->clear_version();
    update.mutable_stage_model()->clear_update_time();
    update.mutable_stage_model()->set_min_survey_completeness_bp(0);
    update.mutable_stage_model()->set_require_decision_maker(false);
    ov1::StageModel updated;
    const grpc::Status status =
        pipeline().UpdateStageModel(With(TokenFor(kHq)).get(), update, &updated);
    ASSERT_TRUE(status.ok()) << status.error_message();
    lifted = true;
  }

  // A won opportunity of `customer`, owned by the org unit of `as`, for
  // `fen` CNY, closed today, with `collaborating` org units.
  static ov1::Opportunity WonDeal(const std::string& as, const std::string& customer,
                                  const std::string& title, int64_t fen,
                                  const std::vector<std::string>& collaborating) {
    LiftStageGates();
    ov1::CreateOpportunityRequest create;
    ov1::Opportunity& o = *create.mutable_opportunity();
    o.set_customer(customer);
    o.set_title(title);
    o.mutable_amount()->set_currency_code("CNY");
    o.mutable_amount()->set_minor_units(fen);
    for (const std::string& unit : collaborating) o.add_collaborating_org_units(unit);
    ov1::Opportunity created;
    grpc::Status status = pipeline().CreateOpportunity(With(TokenFor(as)).get(), create, &created);
    EXPECT_TRUE(status.ok()) << title << ": " << status.error_message();
    ov1::WinOpportunityRequest win;
    win.set_name(created.name());
    win.set_etag(created.etag());
    *win.mutable_close_date() = DateOf(TodayInShanghai());
    ov1::Opportunity won;
    status = pipeline().WinOpportunity(With(TokenFor(as)).get(), win, &won);
    EXPECT_TRUE(status.ok()) << title << ": " << status.error_message();
    EXPECT_EQ(won.stage(), ov1::WON);
    return won;
  }

  // The attribution of `opportunity`, once the collaboration service has
  // followed the opportunity feed to it (read as `as`).
  static v1::Attribution AttributionOf(const std::string& as, const std::string& opportunity) {
    v1::Attribution found;
    const bool opened = servers_.FollowDealsUntil([&] {
      v1::ListAttributionsRequest request;
      request.set_page_size(1000);
      v1::ListAttributionsResponse response;
      const grpc::Status status =
          collaboration().ListAttributions(With(TokenFor(as)).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const v1::Attribution& a : response.attributions()) {
        if (a.opportunity() == opportunity) {
          found = a;
          return true;
        }
      }
      return false;
    });
    EXPECT_TRUE(opened) << "no attribution opened for " << opportunity;
    return found;
  }

  static v1::CreditReport Credit(const std::string& as, const std::string& quarter) {
    v1::GetCreditReportRequest request;
    request.set_quarter(quarter);
    v1::CreditReport report;
    const grpc::Status status =
        collaboration().GetCreditReport(With(TokenFor(as)).get(), request, &report);
    EXPECT_TRUE(status.ok()) << as << ": " << status.error_message();
    return report;
  }

  static const v1::CreditRow* Row(const v1::CreditReport& report, const std::string& org_unit) {
    for (const v1::CreditRow& row : report.rows()) {
      if (row.org_unit() == org_unit) return &row;
    }
    return nullptr;
  }

  static v1::Contributor Contributor(const std::string& org_unit,
                                     const v1::ContributionScores& scores,
                                     const std::vector<std::string>& evidence) {
    v1::Contributor c;
    c.set_org_unit(org_unit);
    *c.mutable_scores() = scores;
    for (const std::string& e : evidence) c.add_evidence(e);
    return c;
  }

  static inline gateway::testing::SuiteServers servers_;
};

TEST_F(CollaborationE2eTest, ARequestAcrossSubsidiariesIsWorkedByItsSidesAndHiddenFromTheRest) {
  const std::string customer = NewCustomer(kEast, "华信能源集团北京新能源有限公司");

  // ---- sub-east raises it: design by itself, construction and materials --
  v1::CollaborationRequest values;
  values.set_customer(customer);
  values.set_title("华信能源 储能电站 设计+施工+材料");
  values.set_description("客户新建 50MW 储能电站，需要施工方案与电芯供货报价");
  *values.add_participants() = Participant(kSubWest, "施工方案");
  *values.add_participants() = Participant(kSubNorth, "电芯与材料供货");
  values.set_urgency(v1::URGENT);
  v1::CollaborationRequest request;
  const absl::Time before_create = absl::Now();
  grpc::Status status = Create(kEast, values, "collab-e2e-create-1", &request);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(request.name(), ::testing::StartsWith("collaborationRequests/"));
  EXPECT_EQ(request.customer(), customer);
  EXPECT_EQ(request.customer_display_name(), "华信能源集团北京新能源有限公司");
  EXPECT_EQ(request.requesting_org_unit(), kSubEast);
  EXPECT_EQ(request.requester(), "users/c.east");
  EXPECT_EQ(request.step(), v1::TO_SURVEY);
  EXPECT_EQ(request.step_owner(), "users/c.east");
  EXPECT_EQ(request.sla_policy_version(), 1);
  ASSERT_EQ(request.participants_size(), 2);
  EXPECT_EQ(request.participants(0).org_unit(), kSubWest);
  EXPECT_EQ(request.participants(0).task(), "施工方案");
  EXPECT_EQ(request.participants(1).org_unit(), kSubNorth);
  // Urgent: a first answer within 24 hours of raising it.
  EXPECT_EQ(request.response_due_time().seconds() - request.create_time().seconds(), 24 * 3600);
  EXPECT_GE(request.create_time().seconds(), absl::ToUnixSeconds(before_create) - 1);
  EXPECT_FALSE(request.has_acknowledge_time());
  EXPECT_FALSE(request.etag().empty());

  // A retry with the same request_id is the same request.
  v1::CollaborationRequest retried;
  status = Create(kEast, values, "collab-e2e-create-1", &retried);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(retried.name(), request.name());
  v1::ListCollaborationRequestsRequest by_customer;
  by_customer.set_customer(customer);
  EXPECT_THAT(Listed(kEast, by_customer), ElementsAre(request.name()));

  // ---- who sees it: both participants and HQ; not sub-south -------------
  EXPECT_EQ(MustGet(kWest, request.name()).etag(), request.etag());
  EXPECT_EQ(MustGet(kNorth, request.name()).etag(), request.etag());
  EXPECT_EQ(MustGet(kHq, request.name()).etag(), request.etag());
  EXPECT_EQ(MustGet(kViewer, request.name()).etag(), request.etag());
  v1::CollaborationRequest refused;
  status = Get(kSouth, request.name(), &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_EQ(Reason(status), "REQUEST_NOT_IN_SCOPE");
  EXPECT_FALSE(Contains(Listed(kSouth, {}), request.name()));
  EXPECT_THAT(Listed(kSouth, by_customer), IsEmpty());
  EXPECT_TRUE(Contains(Listed(kWest, {}), request.name()));
  v1::ListCollaborationRequestsRequest by_north;
  by_north.set_org_unit(kSubNorth);
  EXPECT_TRUE(Contains(Listed(kHq, by_north), request.name()));
  // A request sub-south cannot see is not one it can act on either.
  v1::TimelineEntry entry;
  status = Comment(kSouth, request.name(), "我们也能做", &entry);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  status = Acknowledge(kSouth, request.name(), &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();

  // ---- sub-west answers: the first acknowledgement stops the SLA clock ---
  v1::CollaborationRequest acknowledged;
  status = Acknowledge(kWest, request.name(), &acknowledged);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(acknowledged.has_acknowledge_time());
  EXPECT_LE(acknowledged.acknowledge_time().seconds(), acknowledged.response_due_time().seconds());
  EXPECT_EQ(acknowledged.participants(0).acknowledged_by(), "users/c.west");
  EXPECT_EQ(acknowledged.participants(0).owner(), "users/c.west");
  EXPECT_FALSE(acknowledged.participants(1).has_acknowledge_time());
  status = Acknowledge(kWest, request.name(), &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(Reason(status), "ALREADY_ACKNOWLEDGED");
  status = Comment(kWest, request.name(), "施工队下周进场勘察", &entry);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(entry.kind(), v1::TimelineEntry::COMMENT);
  EXPECT_EQ(entry.actor(), "users/c.west");
  EXPECT_THAT(entry.name(), ::testing::StartsWith(absl::StrCat(request.name(), "/timeline/")));

  // ---- the step moves on: the requesting side, then the step's owner -----
  request = MustGet(kEast, request.name());
  status = Advance(kWest, request, v1::DESIGNING, "", &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_EQ(Reason(status), "NOT_REQUESTING_SIDE");
  status = Advance(kEast, request, v1::PENDING_APPROVAL, "", &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(Reason(status), "STEP_NOT_ALLOWED");
  v1::CollaborationRequest designing;
  status = Advance(kEast, request, v1::DESIGNING, "users/c.west", &designing);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(designing.step(), v1::DESIGNING);
  EXPECT_EQ(designing.step_owner(), "users/c.west");
  // Urgent steps take 3 working days by default: due at least 3 days out.
  EXPECT_GE(designing.step_due_time().seconds() - absl::ToUnixSeconds(absl::Now()),
            3 * 24 * 3600 - 60);
  EXPECT_NE(designing.etag(), request.etag());
  // The old etag is stale now.
  status = Advance(kEast, request, v1::DESIGNING, "", &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED) << status.error_message();
  // sub-west owns the design step, so it may move it on.
  v1::CollaborationRequest pending;
  status = Advance(kWest, designing, v1::PENDING_APPROVAL, "users/c.east", &pending);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(pending.step(), v1::PENDING_APPROVAL);
  // Sent back to design once, then approved and carried out.
  v1::CollaborationRequest back;
  status = Advance(kEast, pending, v1::DESIGNING, "users/c.west", &back);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(back.step(), v1::DESIGNING);
  status = Advance(kWest, back, v1::PENDING_APPROVAL, "users/c.east", &pending);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::CollaborationRequest executing;
  status = Advance(kEast, pending, v1::EXECUTING, "users/c.north", &executing);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(executing.step(), v1::EXECUTING);

  // ---- the timeline tells it in order ------------------------------------
  const std::vector<v1::TimelineEntry> timeline = Timeline(kNorth, request.name());
  std::vector<v1::TimelineEntry::Kind> kinds;
  for (const v1::TimelineEntry& e : timeline) kinds.push_back(e.kind());
  EXPECT_THAT(kinds, ElementsAre(v1::TimelineEntry::CREATED, v1::TimelineEntry::ACKNOWLEDGED,
                                 v1::TimelineEntry::COMMENT, v1::TimelineEntry::STEP_CHANGED,
                                 v1::TimelineEntry::STEP_CHANGED, v1::TimelineEntry::STEP_CHANGED,
                                 v1::TimelineEntry::STEP_CHANGED, v1::TimelineEntry::STEP_CHANGED));
  ASSERT_EQ(timeline.size(), 8u);
  EXPECT_EQ(timeline[2].comment(), "施工队下周进场勘察");
  EXPECT_EQ(timeline[3].previous_step(), v1::TO_SURVEY);
  EXPECT_EQ(timeline[3].step(), v1::DESIGNING);
  EXPECT_EQ(timeline[3].actor(), "users/c.east");
  EXPECT_EQ(timeline[5].previous_step(), v1::PENDING_APPROVAL);
  EXPECT_EQ(timeline[5].step(), v1::DESIGNING);
  EXPECT_EQ(timeline[7].step(), v1::EXECUTING);
  v1::ListCollaborationTimelineRequest south_timeline;
  south_timeline.set_parent(request.name());
  v1::ListCollaborationTimelineResponse hidden;
  status = collaboration().ListCollaborationTimeline(With(TokenFor(kSouth)).get(), south_timeline,
                                                     &hidden);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();

  // ---- the board: sub-east's and HQ's show it, sub-south's does not -----
  v1::GetCollaborationBoardRequest board_request;
  board_request.set_customer(customer);
  for (const char* as : {kEast, kWest, kHq}) {
    const v1::CollaborationBoard board = Board(as, board_request);
    ASSERT_EQ(board.columns_size(), 5) << as;
    EXPECT_EQ(board.columns(0).step(), v1::TO_SURVEY);
    EXPECT_EQ(board.columns(4).step(), v1::DONE);
    const v1::BoardColumn* column = Column(board, v1::EXECUTING);
    ASSERT_NE(column, nullptr);
    EXPECT_EQ(column->count(), 1) << as;
    EXPECT_EQ(column->overdue_count(), 0) << as;
    ASSERT_EQ(column->cards_size(), 1) << as;
    const v1::BoardCard& card = column->cards(0);
    EXPECT_EQ(card.request(), request.name());
    EXPECT_EQ(card.urgency(), v1::URGENT);
    EXPECT_EQ(card.step_owner(), "users/c.north");
    EXPECT_EQ(card.requesting_org_unit(), kSubEast);
    EXPECT_EQ(card.step_due_time().seconds(), executing.step_due_time().seconds());
    EXPECT_GT(card.seconds_left(), 0);
    EXPECT_LE(card.seconds_left(),
              executing.step_due_time().seconds() - board.read_time().seconds() + 1);
    EXPECT_FALSE(card.response_overdue());
  }
  const v1::CollaborationBoard south_board = Board(kSouth, board_request);
  EXPECT_THAT(Cards(south_board), IsEmpty());
  for (const v1::BoardColumn& column : south_board.columns()) EXPECT_EQ(column.count(), 0);
  EXPECT_FALSE(Contains(Cards(Board(kSouth, {})), request.name()));

  // ---- done; a closed request changes no more ---------------------------
  v1::CollaborationRequest done;
  status = Advance(kNorth, executing, v1::DONE, "", &done);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(done.step(), v1::DONE);
  v1::CancelCollaborationRequestRequest cancel;
  cancel.set_name(done.name());
  cancel.set_etag(done.etag());
  cancel.set_reason("客户取消");
  status =
      collaboration().CancelCollaborationRequest(With(TokenFor(kEast)).get(), cancel, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(Reason(status), "REQUEST_CLOSED");
  const v1::BoardColumn* done_column = Column(Board(kEast, board_request), v1::DONE);
  ASSERT_NE(done_column, nullptr);
  EXPECT_EQ(done_column->count(), 1);
}

TEST_F(CollaborationE2eTest, OnlyTheRequestingSideCancelsAndAnotherSubsidiaryCannotRaiseOne) {
  const std::string customer = NewCustomer(kEast, "华信能源集团天津材料有限公司");
  v1::CollaborationRequest values;
  values.set_customer(customer);
  values.set_title("天津材料 仓储改造");
  *values.add_participants() = Participant(kSubWest, "仓库施工");
  values.set_urgency(v1::CRITICAL);
  const v1::CollaborationRequest request = MustCreate(kEast, values);
  // Critical: answered within 2 hours.
  EXPECT_EQ(request.response_due_time().seconds() - request.create_time().seconds(), 2 * 3600);

  // sub-south may not raise a request on sub-east's customer, nor for
  // sub-east.
  v1::CollaborationRequest refused;
  grpc::Status status = Create(kSouth, values, "", &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_EQ(Reason(status), "CUSTOMER_NOT_IN_SCOPE");
  const std::string south_customer = NewCustomer(kSouth, "华信能源集团广州服务有限公司");
  v1::CollaborationRequest for_east = values;
  for_east.set_customer(south_customer);
  for_east.set_requesting_org_unit(kSubEast);
  status = Create(kSouth, for_east, "", &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_EQ(Reason(status), "ORG_UNIT_NOT_IN_SCOPE");
  // Every bad field in one answer.
  v1::CollaborationRequest bad;
  bad.set_customer("customers/x");
  bad.set_title("");
  *bad.add_participants() = Participant("sub-west", "");
  status = Create(kEast, bad, "", &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  std::vector<std::string> fields;
  for (const auto& v : status::GetFieldViolations(status::FromGrpc(status))) {
    fields.push_back(v.field());
  }
  EXPECT_THAT(fields, ::testing::IsSupersetOf({"collaboration_request.customer",
                                               "collaboration_request.title",
                                               "collaboration_request.urgency",
                                               "collaboration_request.participants[0].org_unit",
                                               "collaboration_request.participants[0].task"}));

  // A participant may not cancel it; the requesting side may, with a reason.
  v1::CancelCollaborationRequestRequest cancel;
  cancel.set_name(request.name());
  cancel.set_etag(request.etag());
  cancel.set_reason("客户改为自建");
  status =
      collaboration().CancelCollaborationRequest(With(TokenFor(kWest)).get(), cancel, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_EQ(Reason(status), "NOT_REQUESTING_SIDE");
  v1::CollaborationRequest cancelled;
  status =
      collaboration().CancelCollaborationRequest(With(TokenFor(kEast)).get(), cancel, &cancelled);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(cancelled.step(), v1::CANCELLED);
  EXPECT_EQ(cancelled.cancel_reason(), "客户改为自建");
  // A cancelled request leaves the board.
  v1::GetCollaborationBoardRequest board_request;
  board_request.set_customer(customer);
  EXPECT_FALSE(Contains(Cards(Board(kEast, board_request)), request.name()));

  // The SLA policy: everyone reads it, only HQ changes it.
  v1::SlaPolicy policy;
  status = collaboration().GetSlaPolicy(With(TokenFor(kViewer)).get(), {}, &policy);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(policy.version(), 1);
  ASSERT_EQ(policy.rules_size(), 3);
  v1::UpdateSlaPolicyRequest update;
  *update.mutable_sla_policy() = policy;
  v1::SlaPolicy updated;
  status = collaboration().UpdateSlaPolicy(With(TokenFor(kWestAdmin)).get(), update, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_EQ(Reason(status), "METHOD_NOT_ALLOWED");
}

// The domain's example, end to end: C (sub-east, owner) 40 %, D (sub-west,
// collaborator) 60 % of a 1,000,000.00 CNY deal. Every attribution of this
// binary is made here, so the quarter's credit figures are absolute.
TEST_F(CollaborationE2eTest, AWonDealIsAttributedApprovedDisputedAdjustedAndTheCreditAddsUp) {
  const absl::CivilDay today = TodayInShanghai();
  const std::string quarter = QuarterOf(today);
  const std::string customer = NewCustomer(kEast, "华信能源集团上海储能科技有限公司");

  // A request sub-west takes part in serves the deal.
  const ov1::Opportunity won =
      WonDeal(kEast, customer, "上海储能 二期 电站总包", 100'000'000, {kSubWest});
  v1::CollaborationRequest values;
  values.set_customer(customer);
  values.set_opportunity(won.name());
  values.set_title("上海储能 二期 施工配合");
  *values.add_participants() = Participant(kSubWest, "施工组织设计");
  values.set_urgency(v1::GENERAL);
  const v1::CollaborationRequest linked = MustCreate(kEast, values);
  EXPECT_EQ(linked.opportunity(), won.name());

  // ---- the won deal opens its attribution (following the feed) -----------
  v1::Attribution a = AttributionOf(kEast, won.name());
  ASSERT_FALSE(a.name().empty());
  EXPECT_THAT(a.name(), ::testing::StartsWith("attributions/"));
  EXPECT_EQ(a.state(), v1::DRAFT);
  EXPECT_EQ(a.customer(), customer);
  EXPECT_EQ(a.owner_org_unit(), kSubEast);
  EXPECT_EQ(a.amount().currency_code(), "CNY");
  EXPECT_EQ(a.amount().minor_units(), 100'000'000);
  EXPECT_EQ(a.deal_date().year(), today.year());
  EXPECT_EQ(a.deal_date().month(), today.month());
  EXPECT_EQ(a.deal_date().day(), today.day());
  EXPECT_EQ(a.policy_version(), 1);
  EXPECT_EQ(a.weights().information_bp(), 2000);
  EXPECT_EQ(a.weights().resources_bp(), 3000);
  EXPECT_EQ(a.weights().participation_bp(), 3000);
  EXPECT_EQ(a.weights().customer_evaluation_bp(), 2000);
  EXPECT_EQ(a.revision(), 1);
  // Proposed: the owner (who also owns the customer) and the collaborator
  // (who also took part in the linked request), in org-unit order.
  ASSERT_EQ(a.contributors_size(), 2) << a.ShortDebugString();
  EXPECT_EQ(a.contributors(0).org_unit(), kSubEast);
  EXPECT_THAT(a.contributors(0).roles(),
              ::testing::UnorderedElementsAre(v1::DEAL_OWNER, v1::ACCOUNT_OWNER));
  EXPECT_EQ(a.contributors(1).org_unit(), kSubWest);
  EXPECT_THAT(a.contributors(1).roles(),
              ::testing::UnorderedElementsAre(v1::COLLABORATOR, v1::REQUEST_PARTICIPANT));
  // Following the feed again opens nothing twice.
  ASSERT_TRUE(servers_.collaboration->FollowDealsOnce().ok());
  EXPECT_EQ(AttributionOf(kEast, won.name()).name(), a.name());

  // Who sees it: the owner and the contributor; not sub-north or sub-south.
  v1::GetAttributionRequest get;
  get.set_name(a.name());
  v1::Attribution read;
  EXPECT_TRUE(collaboration().GetAttribution(With(TokenFor(kWest)).get(), get, &read).ok());
  for (const char* outsider : {kNorth, kSouth}) {
    const grpc::Status hidden =
        collaboration().GetAttribution(With(TokenFor(outsider)).get(), get, &read);
    EXPECT_EQ(hidden.error_code(), grpc::StatusCode::PERMISSION_DENIED) << outsider;
    EXPECT_EQ(Reason(hidden), "ATTRIBUTION_NOT_IN_SCOPE") << outsider;
  }

  // ---- sub-east scores it: 40 and 60 -------------------------------------
  // sub-east: 55×20% + 30×30% + 40×30% + 40×20% = 11 + 9 + 12 + 8 = 40.00
  // sub-west: 70×20% + 60×30% + 60×30% + 50×20% = 14 + 18 + 18 + 10 = 60.00
  v1::UpdateAttributionRequest update;
  update.mutable_attribution()->set_name(a.name());
  update.mutable_attribution()->set_etag(a.etag());
  *update.mutable_attribution()->add_contributors() =
      Contributor(kSubEast, Scores(55, 30, 40, 40), {linked.name()});
  *update.mutable_attribution()->add_contributors() =
      Contributor(kSubWest, Scores(70, 60, 60, 50), {won.name()});
  update.mutable_update_mask()->add_paths("contributors");
  v1::Attribution refused;
  grpc::Status status =
      collaboration().UpdateAttribution(With(TokenFor(kWest)).get(), update, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  status = collaboration().UpdateAttribution(With(TokenFor(kEast)).get(), update, &a);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(a.contributors_size(), 2);
  EXPECT_EQ(a.contributors(0).weighted_score(), 4000);
  EXPECT_EQ(a.contributors(1).weighted_score(), 6000);
  EXPECT_EQ(a.contributors(0).share_bp(), 4000);
  EXPECT_EQ(a.contributors(1).share_bp(), 6000);
  EXPECT_EQ(a.contributors(0).credited_amount().minor_units(), 40'000'000);
  EXPECT_EQ(a.contributors(1).credited_amount().minor_units(), 60'000'000);
  EXPECT_THAT(a.contributors(0).evidence(), ElementsAre(linked.name()));
  // The roles the deal gave stay.
  EXPECT_THAT(a.contributors(1).roles(),
              ::testing::UnorderedElementsAre(v1::COLLABORATOR, v1::REQUEST_PARTICIPANT));

  v1::SubmitAttributionRequest submit;
  submit.set_name(a.name());
  submit.set_etag(a.etag());
  submit.set_comment("请战略中心审批");
  status = collaboration().SubmitAttribution(With(TokenFor(kEast)).get(), submit, &a);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(a.state(), v1::SUBMITTED);

  // ---- approval: the strategy centre at HQ only ---------------------------
  v1::ApproveAttributionRequest approve;
  approve.set_name(a.name());
  approve.set_etag(a.etag());
  approve.set_comment("与项目复盘一致");
  status =
      collaboration().ApproveAttribution(With(TokenFor(kEastStrategy)).get(), approve, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_EQ(Reason(status), "STRATEGY_ROLE_REQUIRED");
  status = collaboration().ApproveAttribution(With(TokenFor(kHq)).get(), approve, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_EQ(Reason(status), "METHOD_NOT_ALLOWED");
  status = collaboration().ApproveAttribution(With(TokenFor(kStrategist)).get(), approve, &a);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(a.state(), v1::APPROVED);
  // Ten days to dispute.
  EXPECT_NEAR(
      static_cast<double>(a.dispute_deadline().seconds() - absl::ToUnixSeconds(absl::Now())),
      10.0 * 24 * 3600, 120.0);

  // ---- the quarter's credit: HQ sees both, and they add up ----------------
  v1::CreditReport report = Credit(kHq, quarter);
  EXPECT_EQ(report.quarter(), quarter);
  EXPECT_FALSE(report.partial());
  EXPECT_EQ(report.deals(), 1);
  EXPECT_EQ(report.total_amount().minor_units(), 100'000'000);
  ASSERT_EQ(report.rows_size(), 2) << report.ShortDebugString();
  EXPECT_EQ(report.rows(0).org_unit(), kSubWest);  // largest first
  EXPECT_EQ(report.rows(0).credited_amount().minor_units(), 60'000'000);
  EXPECT_EQ(report.rows(0).average_share_bp(), 6000);
  EXPECT_EQ(report.rows(0).owned_deals(), 0);
  EXPECT_EQ(report.rows(1).org_unit(), kSubEast);
  EXPECT_EQ(report.rows(1).credited_amount().minor_units(), 40'000'000);
  EXPECT_EQ(report.rows(1).owned_deals(), 1);
  EXPECT_EQ(report.rows(1).owned_amount().minor_units(), 100'000'000);
  EXPECT_EQ(report.rows(1).owned_credited_amount().minor_units(), 40'000'000);
  int64_t sum = 0;
  for (const v1::CreditRow& row : report.rows()) sum += row.credited_amount().minor_units();
  EXPECT_EQ(sum, report.total_amount().minor_units());
  // A subsidiary sees its own row only.
  const v1::CreditReport east_report = Credit(kEast, quarter);
  EXPECT_TRUE(east_report.partial());
  ASSERT_EQ(east_report.rows_size(), 1) << east_report.ShortDebugString();
  EXPECT_EQ(east_report.rows(0).org_unit(), kSubEast);
  EXPECT_EQ(east_report.total_amount().minor_units(), 40'000'000);
  const v1::CreditReport south_report = Credit(kSouth, quarter);
  EXPECT_THAT(south_report.rows(), IsEmpty());
  EXPECT_EQ(south_report.total_amount().minor_units(), 0);

  // ---- sub-west disputes within the window; sub-north may not ------------
  v1::DisputeAttributionRequest dispute;
  dispute.set_name(a.name());
  dispute.set_etag(a.etag());
  dispute.set_reason("施工组织设计由我方完成，资源投入被低估");
  status = collaboration().DisputeAttribution(With(TokenFor(kNorth)).get(), dispute, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  status = collaboration().DisputeAttribution(With(TokenFor(kWest)).get(), dispute, &a);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(a.state(), v1::DISPUTED);
  EXPECT_EQ(a.disputed_by(), kSubWest);  // the contributor; the history names the user
  EXPECT_EQ(a.dispute_reason(), "施工组织设计由我方完成，资源投入被低估");

  // ---- the strategy centre adjusts: 45 / 55, the old split kept ----------
  // sub-east: 55×20% + 30×30% + 40×30% + 65×20% = 11 + 9 + 12 + 13 = 45.00
  // sub-west: 70×20% + 60×30% + 60×30% + 25×20% = 14 + 18 + 18 + 5 = 55.00
  v1::AdjustAttributionRequest adjust;
  adjust.set_name(a.name());
  adjust.set_etag(a.etag());
  *adjust.add_contributors() = Contributor(kSubEast, Scores(55, 30, 40, 65), {linked.name()});
  *adjust.add_contributors() = Contributor(kSubWest, Scores(70, 60, 60, 25), {won.name()});
  adjust.set_reason("复核客户评价后调整");
  status = collaboration().AdjustAttribution(With(TokenFor(kEastStrategy)).get(), adjust, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_EQ(Reason(status), "STRATEGY_ROLE_REQUIRED");
  status = collaboration().AdjustAttribution(With(TokenFor(kStrategist)).get(), adjust, &a);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(a.state(), v1::FINAL);
  EXPECT_EQ(a.revision(), 2);
  ASSERT_EQ(a.contributors_size(), 2);
  EXPECT_EQ(a.contributors(0).share_bp(), 4500);
  EXPECT_EQ(a.contributors(1).share_bp(), 5500);
  EXPECT_EQ(a.contributors(0).credited_amount().minor_units(), 45'000'000);
  EXPECT_EQ(a.contributors(1).credited_amount().minor_units(), 55'000'000);

  report = Credit(kHq, quarter);
  EXPECT_EQ(report.deals(), 1);
  EXPECT_EQ(report.total_amount().minor_units(), 100'000'000);
  ASSERT_EQ(report.rows_size(), 2) << report.ShortDebugString();
  EXPECT_EQ(report.rows(0).org_unit(), kSubWest);
  EXPECT_EQ(report.rows(0).credited_amount().minor_units(), 55'000'000);
  EXPECT_EQ(report.rows(1).org_unit(), kSubEast);
  EXPECT_EQ(report.rows(1).credited_amount().minor_units(), 45'000'000);
  EXPECT_EQ(report.rows(0).credited_amount().minor_units() +
                report.rows(1).credited_amount().minor_units(),
            report.total_amount().minor_units());

  // ---- the audit trail: every change, the adjustment with both splits ----
  v1::ListAttributionHistoryRequest history_request;
  history_request.set_name(a.name());
  v1::ListAttributionHistoryResponse history;
  status = collaboration().ListAttributionHistory(With(TokenFor(kWest)).get(), history_request,
                                                  &history);
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::vector<std::string> methods;
  for (const auto& e : history.entries()) methods.push_back(e.method());
  EXPECT_THAT(methods,
              ElementsAre("follow:opportunity", "UpdateAttribution", "SubmitAttribution",
                          "ApproveAttribution", "DisputeAttribution", "AdjustAttribution"));
  ASSERT_EQ(history.entries_size(), 6);
  const v1::AttributionHistoryEntry& adjusted = history.entries(5);
  EXPECT_EQ(adjusted.actor(), "users/c.strategist");
  EXPECT_EQ(adjusted.previous_state(), v1::DISPUTED);
  EXPECT_EQ(adjusted.state(), v1::FINAL);
  EXPECT_THAT(adjusted.comment(), HasSubstr("复核客户评价后调整"));
  ASSERT_EQ(adjusted.previous_contributors_size(), 2);
  EXPECT_EQ(adjusted.previous_contributors(0).share_bp(), 4000);
  EXPECT_EQ(adjusted.previous_contributors(1).share_bp(), 6000);
  ASSERT_EQ(adjusted.contributors_size(), 2);
  EXPECT_EQ(adjusted.contributors(0).share_bp(), 4500);
  EXPECT_EQ(adjusted.contributors(1).share_bp(), 5500);
  EXPECT_EQ(history.entries(3).actor(), "users/c.strategist");
  EXPECT_EQ(history.entries(4).actor(), "users/c.west");

  // The strategy centre lists what it settled; sub-south lists nothing.
  v1::ListAttributionsRequest finals;
  finals.set_state(v1::FINAL);
  finals.set_quarter(quarter);
  v1::ListAttributionsResponse listed;
  ASSERT_TRUE(
      collaboration().ListAttributions(With(TokenFor(kStrategist)).get(), finals, &listed).ok());
  EXPECT_THAT(Names(listed.attributions()), ElementsAre(a.name()));
  ASSERT_TRUE(collaboration().ListAttributions(With(TokenFor(kSouth)).get(), finals, &listed).ok());
  EXPECT_THAT(listed.attributions(), IsEmpty());
}

}  // namespace
}  // namespace crm::collaboration
