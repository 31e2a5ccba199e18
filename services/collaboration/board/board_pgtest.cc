// The board through the collaboration service's gRPC API, against the real
// customer service, PostgreSQL and Redis (services/collaboration/testing):
// five columns in step order with counts and overdue counts, the overdue
// first then the soonest due, done ones newest first, seconds left from the
// service's clock; the narrowing by customer, customer group subtree, org
// unit, urgency and "mine"; and scope with real ids: a subsidiary that takes
// part in nothing sees an empty board, the customer's owner sees its
// customer's requests.
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "libs/clock/business_day.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/collaboration/testing/collaboration_test_env.h"

namespace crm::collaboration {
namespace {

using ::crm::collaboration::testing::CollaborationTestEnv;
using ::crm::collaboration::testing::EastSales;
using ::crm::collaboration::testing::Hq;
using ::crm::collaboration::testing::NorthSales;
using ::crm::collaboration::testing::WestSales;
using ::google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;
using Principal = auth::v1::Principal;

std::string Reason(const absl::Status& status) {
  const std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

std::set<std::string> Fields(const absl::Status& status) {
  std::set<std::string> fields;
  for (const auto& v : status::GetFieldViolations(status)) fields.insert(v.field());
  return fields;
}

google::protobuf::Timestamp Stamp(absl::Time time) {
  return TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(time));
}

// Friday 2026-01-09 10:00 in Shanghai.
const absl::Time kStart =
    absl::FromCivil(absl::CivilSecond(2026, 1, 9, 10, 0, 0), clock::BusinessTimeZone());

Principal SouthSales() { return customer::testing::CustomerTestEnv::Sales("sun.qi", "sub-south"); }
Principal CentralSales() {
  return customer::testing::CustomerTestEnv::Sales("zhou.ba", "sub-central");
}

// A column as "STEP count/overdue: title title ...".
std::string Column(const v1::BoardColumn& column) {
  std::vector<std::string> titles;
  for (const v1::BoardCard& card : column.cards()) titles.push_back(card.title());
  return crm::StrCat(v1::CollaborationStep_Name(column.step()), " ", column.count(), "/",
                     column.overdue_count(), ":", titles.empty() ? "" : " ",
                     absl::StrJoin(titles, " "));
}

std::vector<std::string> Columns(const v1::CollaborationBoard& board) {
  std::vector<std::string> columns;
  for (const v1::BoardColumn& column : board.columns()) columns.push_back(Column(column));
  return columns;
}

// Every card's title, whatever its column.
std::set<std::string> Titles(const v1::CollaborationBoard& board) {
  std::set<std::string> titles;
  for (const v1::BoardColumn& column : board.columns()) {
    for (const v1::BoardCard& card : column.cards()) titles.insert(card.title());
  }
  return titles;
}

// A fresh service per test: the board counts every request in scope.
class BoardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<CollaborationTestEnv>> env =
        CollaborationTestEnv::Start("collaboration_board");
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
    env_->clock().Set(kStart);
  }

  v1::CollaborationService::Stub& stub() { return env_->stub(); }

  struct Raised {
    std::string customer;
    std::string title;
    v1::Urgency urgency = v1::GENERAL;
    std::vector<std::string> participants = {"orgUnits/sub-west"};
    std::string participant_owner;  // of the first participant
    std::string requesting_org_unit;
    absl::Time step_due_time = absl::InfinitePast();
  };
  v1::CollaborationRequest Raise(const Principal& as, const Raised& raised) {
    v1::CreateCollaborationRequestRequest request;
    v1::CollaborationRequest& values = *request.mutable_collaboration_request();
    values.set_customer(raised.customer);
    values.set_title(raised.title);
    values.set_urgency(raised.urgency);
    values.set_requesting_org_unit(raised.requesting_org_unit);
    for (const std::string& unit : raised.participants) {
      v1::Participant& participant = *values.add_participants();
      participant.set_org_unit(unit);
      participant.set_task("方案与报价");
    }
    if (!raised.participant_owner.empty()) {
      values.mutable_participants(0)->set_owner(raised.participant_owner);
    }
    if (raised.step_due_time != absl::InfinitePast()) {
      *values.mutable_step_due_time() = Stamp(raised.step_due_time);
    }
    v1::CollaborationRequest created;
    const absl::Status status =
        status::FromGrpc(stub().CreateCollaborationRequest(env_->As(as).get(), request, &created));
    EXPECT_TRUE(status.ok()) << raised.title << ": " << status;
    return created;
  }

  // Advances `request` (as sub-east's seller) to `step`, due at `due` when
  // given.
  v1::CollaborationRequest Advance(const v1::CollaborationRequest& request,
                                   v1::CollaborationStep step,
                                   absl::Time due = absl::InfinitePast()) {
    v1::AdvanceCollaborationRequestRequest advance;
    advance.set_name(request.name());
    advance.set_etag(request.etag());
    advance.set_step(step);
    if (due != absl::InfinitePast()) *advance.mutable_step_due_time() = Stamp(due);
    v1::CollaborationRequest advanced;
    const absl::Status status = status::FromGrpc(
        stub().AdvanceCollaborationRequest(env_->As(EastSales()).get(), advance, &advanced));
    EXPECT_TRUE(status.ok()) << request.title() << " to " << step << ": " << status;
    return advanced;
  }
  v1::CollaborationRequest Finish(v1::CollaborationRequest request) {
    for (v1::CollaborationStep step : {v1::DESIGNING, v1::PENDING_APPROVAL, v1::EXECUTING}) {
      request = Advance(request, step);
    }
    return Advance(request, v1::DONE);
  }

  absl::Status Board(const Principal& as, const v1::GetCollaborationBoardRequest& request,
                     v1::CollaborationBoard* board) {
    return status::FromGrpc(stub().GetCollaborationBoard(env_->As(as).get(), request, board));
  }
  v1::CollaborationBoard MustBoard(const Principal& as,
                                   const v1::GetCollaborationBoardRequest& request = {}) {
    v1::CollaborationBoard board;
    const absl::Status status = Board(as, request, &board);
    EXPECT_TRUE(status.ok()) << status;
    return board;
  }

  std::unique_ptr<CollaborationTestEnv> env_;
};

TEST_F(BoardTest, ColumnsByStepOverdueFirstThenSoonestDueDoneNewestFirst) {
  const std::string customer = env_->NewCustomer(EastSales(), "华信能源集团有限公司");
  const absl::Time t = kStart;
  Raise(EastSales(), {.customer = customer,
                      .title = "a-general",
                      .urgency = v1::GENERAL,
                      .step_due_time = t + absl::Hours(5)});
  Raise(EastSales(), {.customer = customer,
                      .title = "b-urgent",
                      .urgency = v1::URGENT,
                      .step_due_time = t + absl::Hours(1)});
  Raise(EastSales(), {.customer = customer,
                      .title = "c-critical",
                      .urgency = v1::CRITICAL,
                      .step_due_time = t + absl::Hours(30)});
  const v1::CollaborationRequest designing =
      Raise(EastSales(), {.customer = customer, .title = "d-designing"});
  Advance(designing, v1::DESIGNING, t + absl::Hours(2));
  const v1::CollaborationRequest older =
      Raise(EastSales(), {.customer = customer, .title = "e-done"});
  env_->clock().Set(t + absl::Minutes(10));
  Finish(older);
  const v1::CollaborationRequest newer =
      Raise(EastSales(), {.customer = customer, .title = "f-done"});
  env_->clock().Set(t + absl::Minutes(20));
  Finish(newer);
  const v1::CollaborationRequest cancelled =
      Raise(EastSales(), {.customer = customer, .title = "g-cancelled"});
  v1::CancelCollaborationRequestRequest cancel;
  cancel.set_name(cancelled.name());
  cancel.set_etag(cancelled.etag());
  cancel.set_reason("客户取消");
  v1::CollaborationRequest ignored;
  ASSERT_TRUE(
      stub().CancelCollaborationRequest(env_->As(EastSales()).get(), cancel, &ignored).ok());

  // Three hours in: b's step and c's response (2 hours, critical) are
  // overdue; a is not; d's step is.
  env_->clock().Set(t + absl::Hours(3));
  v1::CollaborationBoard board = MustBoard(Hq());
  ASSERT_EQ(board.columns_size(), 5);
  EXPECT_THAT(Columns(board), ElementsAre("TO_SURVEY 3/2: b-urgent c-critical a-general",
                                          "DESIGNING 1/1: d-designing", "PENDING_APPROVAL 0/0:",
                                          "EXECUTING 0/0:", "DONE 2/0: f-done e-done"));
  EXPECT_EQ(TimeUtil::TimestampToMicroseconds(board.read_time()),
            absl::ToUnixMicros(t + absl::Hours(3)));
  const v1::BoardColumn& survey = board.columns(0);
  ASSERT_EQ(survey.cards_size(), 3);
  const v1::BoardCard& b = survey.cards(0);
  EXPECT_EQ(b.seconds_left(), -7200);
  EXPECT_FALSE(b.response_overdue());
  EXPECT_EQ(b.urgency(), v1::URGENT);
  EXPECT_EQ(b.customer(), customer);
  EXPECT_EQ(b.customer_display_name(), "华信能源集团有限公司");
  EXPECT_EQ(b.requesting_org_unit(), "orgUnits/sub-east");
  EXPECT_EQ(b.step_owner(), "users/li.si");
  EXPECT_EQ(TimeUtil::TimestampToMicroseconds(b.step_due_time()),
            absl::ToUnixMicros(t + absl::Hours(1)));
  const v1::BoardCard& c = survey.cards(1);
  EXPECT_EQ(c.seconds_left(), 27 * 3600);
  EXPECT_TRUE(c.response_overdue());
  EXPECT_FALSE(c.escalated());
  EXPECT_EQ(survey.cards(2).seconds_left(), 2 * 3600);
  ASSERT_EQ(board.columns(4).cards_size(), 2);
  EXPECT_EQ(board.columns(4).cards(0).request(), newer.name());

  // The SLA job escalates c: the board shows it.
  ASSERT_TRUE(env_->RunJobs().ok());
  board = MustBoard(Hq());
  ASSERT_EQ(board.columns_size(), 5);
  ASSERT_EQ(board.columns(0).cards_size(), 3);
  EXPECT_TRUE(board.columns(0).cards(1).escalated());

  // The first card of each column only; the counts stay whole.
  v1::GetCollaborationBoardRequest one;
  one.set_cards_per_column(1);
  EXPECT_THAT(Columns(MustBoard(Hq(), one)),
              ElementsAre("TO_SURVEY 3/2: b-urgent", "DESIGNING 1/1: d-designing",
                          "PENDING_APPROVAL 0/0:", "EXECUTING 0/0:", "DONE 2/0: f-done"));
}

TEST_F(BoardTest, NarrowedByCustomerGroupOrgUnitUrgencyAndMine) {
  const std::string grouped = env_->NewCustomer(EastSales(), "华信能源集团 设计院");
  const std::string single = env_->NewCustomer(EastSales(), "独立科技有限公司");
  const std::string western = env_->NewCustomer(WestSales(), "西部建材有限公司");
  env_->AddGroupNode(1, 0, "");
  env_->AddGroupNode(2, 1, grouped);
  Raise(EastSales(), {.customer = grouped,
                      .title = "r1",
                      .urgency = v1::CRITICAL,
                      .participant_owner = "users/wang.wu"});
  Raise(EastSales(), {.customer = single, .title = "r2", .participants = {"orgUnits/sub-south"}});
  Raise(WestSales(), {.customer = western,
                      .title = "r3",
                      .urgency = v1::URGENT,
                      .participants = {"orgUnits/sub-east"}});

  auto titles = [&](const Principal& as, auto narrow) {
    v1::GetCollaborationBoardRequest request;
    narrow(request);
    return Titles(MustBoard(as, request));
  };
  using Request = v1::GetCollaborationBoardRequest;
  EXPECT_THAT(titles(Hq(), [](Request&) {}), UnorderedElementsAre("r1", "r2", "r3"));
  EXPECT_THAT(titles(Hq(), [&](Request& r) { r.set_customer(grouped); }),
              UnorderedElementsAre("r1"));
  EXPECT_THAT(titles(Hq(), [](Request& r) { r.set_customer_group("nodes/1"); }),
              UnorderedElementsAre("r1"));
  EXPECT_THAT(titles(Hq(), [](Request& r) { r.set_org_unit("orgUnits/sub-south"); }),
              UnorderedElementsAre("r2"));
  EXPECT_THAT(titles(Hq(), [](Request& r) { r.set_org_unit("orgUnits/sub-west"); }),
              UnorderedElementsAre("r1", "r3"));
  EXPECT_THAT(titles(Hq(), [](Request& r) { r.set_urgency(v1::URGENT); }),
              UnorderedElementsAre("r3"));
  EXPECT_THAT(titles(EastSales(), [](Request& r) { r.set_mine(true); }),
              UnorderedElementsAre("r1", "r2"));
  // Raised one, owns a participant's task in another.
  EXPECT_THAT(titles(WestSales(), [](Request& r) { r.set_mine(true); }),
              UnorderedElementsAre("r1", "r3"));
  // Narrowing and scope together: sub-west's board of sub-south's requests.
  EXPECT_THAT(titles(WestSales(), [](Request& r) { r.set_org_unit("orgUnits/sub-south"); }),
              UnorderedElementsAre());

  // A group the replica does not hold.
  Request unknown;
  unknown.set_customer_group("nodes/99");
  v1::CollaborationBoard board;
  absl::Status status = Board(Hq(), unknown, &board);
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound) << status;
  EXPECT_EQ(Reason(status), "NODE_NOT_FOUND");

  // Every bad field at once.
  Request bad;
  bad.set_customer("customer/1");
  bad.set_customer_group("groups/1");
  bad.set_org_unit("sub-east");
  bad.set_urgency(static_cast<v1::Urgency>(9));
  bad.set_cards_per_column(201);
  status = Board(Hq(), bad, &board);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_THAT(Fields(status), UnorderedElementsAre("customer", "customer_group", "org_unit",
                                                   "urgency", "cards_per_column"));
}

TEST_F(BoardTest, EachSeesTheRequestsOfItsSideOnlyWithRealIds) {
  const std::string eastern = env_->NewCustomer(EastSales(), "东部能源有限公司");
  const std::string central = env_->NewCustomer(CentralSales(), "中部建设有限公司");
  Raise(EastSales(), {.customer = eastern, .title = "east-west"});
  Raise(EastSales(),
        {.customer = eastern, .title = "east-south", .participants = {"orgUnits/sub-south"}});
  // HQ raises one for sub-east on sub-central's customer.
  Raise(Hq(), {.customer = central,
               .title = "central-customer",
               .requesting_org_unit = "orgUnits/sub-east"});

  EXPECT_THAT(Titles(MustBoard(Hq())),
              UnorderedElementsAre("east-west", "east-south", "central-customer"));
  EXPECT_THAT(Titles(MustBoard(EastSales())),
              UnorderedElementsAre("east-west", "east-south", "central-customer"));
  EXPECT_THAT(Titles(MustBoard(WestSales())),
              UnorderedElementsAre("east-west", "central-customer"));
  EXPECT_THAT(Titles(MustBoard(SouthSales())), UnorderedElementsAre("east-south"));
  // The customer's owner sees its customer's request, and nothing else.
  EXPECT_THAT(Titles(MustBoard(CentralSales())), UnorderedElementsAre("central-customer"));

  // A subsidiary that takes part in nothing: every column empty, every
  // count zero, even when it names the others' customers and units.
  const v1::CollaborationBoard north = MustBoard(NorthSales());
  EXPECT_THAT(Columns(north), ElementsAre("TO_SURVEY 0/0:", "DESIGNING 0/0:",
                                          "PENDING_APPROVAL 0/0:", "EXECUTING 0/0:", "DONE 0/0:"));
  v1::GetCollaborationBoardRequest theirs;
  theirs.set_customer(eastern);
  EXPECT_THAT(Columns(MustBoard(NorthSales(), theirs)),
              ElementsAre("TO_SURVEY 0/0:", "DESIGNING 0/0:", "PENDING_APPROVAL 0/0:",
                          "EXECUTING 0/0:", "DONE 0/0:"));
  theirs.clear_customer();
  theirs.set_org_unit("orgUnits/sub-east");
  EXPECT_THAT(Titles(MustBoard(NorthSales(), theirs)), UnorderedElementsAre());
}

}  // namespace
}  // namespace crm::collaboration
