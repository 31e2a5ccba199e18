// Stale reminders against real PostgreSQL with a FakeClock: which open
// opportunities a list shows, why, in which order and pages, for a user, an
// org unit subtree and across subsidiaries; the plans that back the lists;
// and the job that announces each stale period exactly once across reruns
// and two schedulers, starting a new period after a new activity.
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/auth/development_principal.h"
#include "libs/clock/fake_clock.h"
#include "libs/crypto/crypto.h"
#include "libs/events/outbox.h"
#include "libs/idempotency/request_log.h"
#include "libs/jobs/job_scheduler.h"
#include "libs/pagination/page_token_codec.h"
#include "libs/pg/transaction.h"
#include "libs/request/serve.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "libs/testing/test_database.h"
#include "services/opportunity/core/opportunity_database.h"
#include "services/opportunity/core/opportunity_events.h"
#include "services/opportunity/core/opportunity_names.h"
#include "services/opportunity/stale/stale_handlers.h"
#include "services/opportunity/stale/stale_job.h"
#include "services/opportunity/stale/stale_store.h"

namespace crm::opportunity {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kEast[] = "orgUnits/sub-east";
constexpr char kEastShanghai[] = "orgUnits/sub-east-sh";
constexpr char kWest[] = "orgUnits/sub-west";

// One database per suite: the job looks at every opportunity.
class StaleDatabase : public ::testing::Test {
 protected:
  static void Open(std::string_view prefix) {
    absl::StatusOr<std::unique_ptr<crm::testing::TestDatabase>> database =
        crm::testing::TestDatabase::Create(prefix);
    ASSERT_TRUE(database.ok()) << "test PostgreSQL unavailable: " << database.status();
    database_ = *std::move(database);
    request_log_ = std::make_unique<idempotency::RequestLog>(kOpportunitySchema);
    std::vector<pg::PreparedStatement> statements = StaleStore::Statements();
    for (const auto& s : StaleJob::Statements()) statements.push_back(s);
    pg::PoolOptions options;
    options.dsn = database_->dsn();
    options.size = 3;
    absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> pool = OpenOpportunityDatabase(
        std::move(options), *request_log_, std::move(statements), /*migrate=*/true);
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = *std::move(pool);
    outbox_ = std::make_unique<events::Outbox>(
        *pool_, OpportunityFeed(absl::Milliseconds(10), absl::Hours(1)));
    clock_ = std::make_unique<clock::FakeClock>();  // 2026-01-01T00:00Z, 08:00 in Shanghai
  }
  static void Close() {
    clock_.reset();
    outbox_.reset();
    pool_.reset();
    request_log_.reset();
    database_.reset();
  }

  static void Exec(const std::string& sql) {
    ASSERT_TRUE(pg::RunInTransaction(*pool_,
                                     [&](pqxx::work& tx) {
                                       tx.exec0(sql);
                                       return absl::OkStatus();
                                     })
                    .ok())
        << sql;
  }
  static std::vector<std::string> Column(const std::string& sql) {
    std::vector<std::string> values;
    EXPECT_TRUE(pg::RunReadOnly(*pool_,
                                [&](pqxx::nontransaction& tx) {
                                  for (const pqxx::row& row : tx.exec(sql)) {
                                    values.push_back(row[0].is_null() ? "NULL"
                                                                      : row[0].as<std::string>());
                                  }
                                  return absl::OkStatus();
                                })
                    .ok())
        << sql;
    return values;
  }

  struct Row {
    std::string owner_user = "users/alice";
    std::string owner_org_unit = kEast;
    int stage = 2;
    std::string create_time;     // e.g. "2025-12-01 00:00Z"
    std::string last_activity;   // "" none
    std::string next_follow_up;  // "" none
  };

  // An opportunity as the pipeline would have stored it, on a customer
  // owned by its org unit's subsidiary; returns its id.
  static std::string Opportunity(const Row& row) {
    const std::string customer = crypto::NewUuid();
    const std::string owner_customer = row.owner_org_unit == kWest ? kWest : kEast;
    Exec(
        crm::StrCat("INSERT INTO opportunity.replica_customers (customer_id, display_name,"
                    " owner_org_unit, state, version) VALUES ('",
                    customer, "', '某客户', '", owner_customer, "', 1, 1)"));
    const std::string id = crypto::NewUuid();
    const std::string path =
        row.owner_org_unit == kEastShanghai
            ? crm::StrCat("ARRAY['orgUnits/hq', '", kEast, "', '", kEastShanghai, "']")
            : crm::StrCat("ARRAY['orgUnits/hq', '", row.owner_org_unit, "']");
    const auto or_null = [](const std::string& value) {
      return value.empty() ? std::string("NULL") : crm::StrCat("'", value, "'");
    };
    Exec(crm::StrCat(
        "INSERT INTO opportunity.opportunities (id, customer_id, title, owner_org_unit,"
        " owner_org_unit_path, owner_user, stage, furthest_stage, probability,"
        " forecast_category, stage_model_version, stage_enter_time, create_time, update_time,"
        " last_activity_time, next_follow_up_date) VALUES ('",
        id, "', '", customer, "', '项目', '", row.owner_org_unit, "', ", path, ", '",
        row.owner_user, "', ", row.stage, ", ", std::min(row.stage, 6), ", 20, 1, 1, '",
        row.create_time, "', '", row.create_time, "', '", row.create_time, "', ",
        or_null(row.last_activity), ", ", or_null(row.next_follow_up), ")"));
    return id;
  }

  static inline std::unique_ptr<crm::testing::TestDatabase> database_;
  static inline std::unique_ptr<idempotency::RequestLog> request_log_;
  static inline std::unique_ptr<pg::ConnectionPool> pool_;
  static inline std::unique_ptr<events::Outbox> outbox_;
  static inline std::unique_ptr<clock::FakeClock> clock_;
};

class StaleListTest : public StaleDatabase {
 protected:
  static void SetUpTestSuite() {
    Open("opportunity_stale_list");
    if (pool_ == nullptr) return;
    store_ = std::make_unique<StaleStore>(*pool_);
    page_tokens_ = std::make_unique<pagination::PageTokenCodec>("page-token-key");
    handlers_ = std::make_unique<StaleHandlers>(
        StaleDeps{.store = store_.get(), .page_tokens = page_tokens_.get(), .clock = clock_.get()});
    // At 2026-01-01T00:00Z, stale after 14 days:
    quiet_31_ = Opportunity({.create_time = "2025-12-01 00:00Z"});
    overdue_ = Opportunity({.create_time = "2025-12-10 00:00Z",
                            .last_activity = "2025-12-20 00:00Z",
                            .next_follow_up = "2025-12-31"});
    due_today_ = Opportunity({.create_time = "2025-11-01 00:00Z",
                              .last_activity = "2025-12-25 00:00Z",
                              .next_follow_up = "2026-01-01"});
    Opportunity({.stage = 6, .create_time = "2025-10-01 00:00Z"});  // won: never stale
    Opportunity({.stage = 7, .create_time = "2025-10-01 00:00Z"});  // lost: never stale
    quiet_27_ =
        Opportunity({.create_time = "2025-11-15 00:00Z", .last_activity = "2025-12-05 00:00Z"});
    bobs_ = Opportunity({.owner_user = "users/bob", .create_time = "2025-11-20 00:00Z"});
    teams_ = Opportunity({.owner_user = "users/carol",
                          .owner_org_unit = kEastShanghai,
                          .create_time = "2025-11-25 00:00Z"});
    wangs_ = Opportunity(
        {.owner_user = "users/wang", .owner_org_unit = kWest, .create_time = "2025-10-01 00:00Z"});
  }
  static void TearDownTestSuite() {
    handlers_.reset();
    page_tokens_.reset();
    store_.reset();
    Close();
  }
  void SetUp() override {
    ASSERT_NE(handlers_, nullptr) << "the handlers did not start";
    clock_->Set(clock::FakeClock::DefaultStart());
  }

  static absl::StatusOr<v1::ListStaleOpportunitiesResponse> List(
      const auth::v1::Principal& principal, const v1::ListStaleOpportunitiesRequest& request) {
    v1::ListStaleOpportunitiesResponse response;
    absl::Status status = request::Handle(
        principal, "ListStaleOpportunities", "test", request,
        [&](const request::Actor& actor, status::FieldViolations& violations) {
          return handlers_->ListStaleOpportunities(actor, request, response, violations);
        });
    if (!status.ok()) return status;
    return response;
  }
  static std::vector<std::string> Ids(const v1::ListStaleOpportunitiesResponse& page) {
    std::vector<std::string> ids;
    for (const v1::StaleOpportunity& stale : page.stale_opportunities()) {
      ids.push_back(ParseOpportunityName(stale.opportunity().name()).value_or("?"));
    }
    return ids;
  }
  static auth::v1::Principal Alice() {
    return auth::DevelopmentPrincipal("alice", "sub-east", {"sales"});
  }
  static auth::v1::Principal Hq() { return auth::DevelopmentPrincipal("hq", "hq", {"hq_admin"}); }

  static inline std::unique_ptr<StaleStore> store_;
  static inline std::unique_ptr<pagination::PageTokenCodec> page_tokens_;
  static inline std::unique_ptr<StaleHandlers> handlers_;
  static inline std::string quiet_31_, overdue_, due_today_, quiet_27_, bobs_, teams_, wangs_;
};

TEST_F(StaleListTest, MyListShowsTheQuietAndTheOverdueQuietestFirstWithWhy) {
  absl::StatusOr<v1::ListStaleOpportunitiesResponse> mine = List(Alice(), {});
  ASSERT_TRUE(mine.ok()) << mine.status();
  EXPECT_THAT(Ids(*mine), ElementsAre(quiet_31_, quiet_27_, overdue_));
  const auto& rows = mine->stale_opportunities();
  EXPECT_TRUE(rows[0].no_recent_activity());
  EXPECT_FALSE(rows[0].follow_up_overdue());
  EXPECT_EQ(rows[0].days_since_activity(), 31);
  EXPECT_TRUE(rows[1].no_recent_activity());
  EXPECT_FALSE(rows[1].follow_up_overdue());
  EXPECT_EQ(rows[1].days_since_activity(), 27);
  EXPECT_FALSE(rows[2].no_recent_activity());
  EXPECT_TRUE(rows[2].follow_up_overdue());
  EXPECT_EQ(rows[2].days_since_activity(), 12);
  // The opportunity is the pipeline's mapping of the row.
  EXPECT_EQ(rows[0].opportunity().owner_user(), "users/alice");
  EXPECT_EQ(rows[0].opportunity().stage(), v1::DISCOVERY);
  EXPECT_EQ(rows[0].opportunity().customer_display_name(), "某客户");
  EXPECT_FALSE(rows[0].opportunity().has_last_activity_time());
  EXPECT_TRUE(rows[2].opportunity().has_last_activity_time());
  EXPECT_EQ(rows[2].opportunity().next_follow_up_date().day(), 31);
  EXPECT_TRUE(mine->next_page_token().empty());

  // Ten days on, the one due today is overdue and quiet for 17 days too.
  clock_->Advance(absl::Hours(24 * 10));
  absl::StatusOr<v1::ListStaleOpportunitiesResponse> later = List(Alice(), {});
  ASSERT_TRUE(later.ok()) << later.status();
  EXPECT_THAT(Ids(*later), ElementsAre(quiet_31_, quiet_27_, overdue_, due_today_));
  EXPECT_TRUE(later->stale_opportunities(3).no_recent_activity());
  EXPECT_TRUE(later->stale_opportunities(3).follow_up_overdue());
  EXPECT_EQ(later->stale_opportunities(3).days_since_activity(), 17);
}

TEST_F(StaleListTest, PagesContinueInOrderAndOnlyTheirOwnList) {
  v1::ListStaleOpportunitiesRequest request;
  request.set_page_size(2);
  absl::StatusOr<v1::ListStaleOpportunitiesResponse> first = List(Alice(), request);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_THAT(Ids(*first), ElementsAre(quiet_31_, quiet_27_));
  ASSERT_FALSE(first->next_page_token().empty());
  request.set_page_token(first->next_page_token());
  absl::StatusOr<v1::ListStaleOpportunitiesResponse> second = List(Alice(), request);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_THAT(Ids(*second), ElementsAre(overdue_));
  EXPECT_TRUE(second->next_page_token().empty());

  request.set_org_unit(kEast);
  EXPECT_EQ(List(Alice(), request).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(StaleListTest, AnOrgUnitListCoversItsSubtreeAndAnotherSubsidiaryIsRefusedOrFiltered) {
  v1::ListStaleOpportunitiesRequest east;
  east.set_org_unit(kEast);
  absl::StatusOr<v1::ListStaleOpportunitiesResponse> unit = List(Alice(), east);
  ASSERT_TRUE(unit.ok()) << unit.status();
  EXPECT_THAT(Ids(*unit), ElementsAre(bobs_, teams_, quiet_31_, quiet_27_, overdue_));

  v1::ListStaleOpportunitiesRequest west;
  west.set_org_unit(kWest);
  absl::StatusOr<v1::ListStaleOpportunitiesResponse> refused = List(Alice(), west);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied);
  absl::StatusOr<v1::ListStaleOpportunitiesResponse> hq_west = List(Hq(), west);
  ASSERT_TRUE(hq_west.ok()) << hq_west.status();
  EXPECT_THAT(Ids(*hq_west), ElementsAre(wangs_));

  // Another subsidiary's seller by name: filtered to nothing, not shown.
  v1::ListStaleOpportunitiesRequest wang;
  wang.set_owner_user("users/wang");
  absl::StatusOr<v1::ListStaleOpportunitiesResponse> filtered = List(Alice(), wang);
  ASSERT_TRUE(filtered.ok()) << filtered.status();
  EXPECT_TRUE(filtered->stale_opportunities().empty());
  absl::StatusOr<v1::ListStaleOpportunitiesResponse> seen = List(Hq(), wang);
  ASSERT_TRUE(seen.ok()) << seen.status();
  EXPECT_THAT(Ids(*seen), ElementsAre(wangs_));
}

TEST_F(StaleListTest, ANewerStageModelsStalePeriodApplies) {
  Exec(
      "INSERT INTO opportunity.stage_models (version, probabilities, min_survey_completeness_bp,"
      " require_decision_maker, stale_after_days, actor)"
      " VALUES (2, '{10,20,40,60,80,100,0}', 10000, true, 30, 'users/hq')");
  absl::StatusOr<v1::ListStaleOpportunitiesResponse> mine = List(Alice(), {});
  Exec("DELETE FROM opportunity.stage_models WHERE version = 2");
  ASSERT_TRUE(mine.ok()) << mine.status();
  EXPECT_THAT(Ids(*mine), ElementsAre(quiet_31_, overdue_));
}

// The plans behind the lists, on the statements the store prepares (with
// sequential scans priced out: on a few rows the planner would rightly
// prefer one).
TEST_F(StaleListTest, TheListsAreReadThroughTheirIndexes) {
  std::string user_sql, org_unit_sql;
  for (const pg::PreparedStatement& s : StaleStore::Statements()) {
    if (s.name == "opportunity.stale_of_user") user_sql = s.sql;
    if (s.name == "opportunity.stale_of_org_unit") org_unit_sql = s.sql;
  }
  std::string user_plan, org_unit_plan;
  ASSERT_TRUE(pg::RunInTransaction(*pool_, [&](pqxx::work& tx) {
                tx.exec0("SET LOCAL enable_seqscan = off");
                const auto plan = [&](const std::string& sql, const std::string& target) {
                  std::string text;
                  for (const pqxx::row& row :
                       tx.exec_params("EXPLAIN " + sql, target, false, "{\"orgUnits/sub-east\"}",
                                      absl::ToUnixMicros(clock_->Now()), true, 0,
                                      "00000000-0000-0000-0000-000000000000", 51)) {
                    text += row[0].as<std::string>() + "\n";
                  }
                  return text;
                };
                user_plan = plan(user_sql, "users/alice");
                org_unit_plan = plan(org_unit_sql, kEast);
                return absl::OkStatus();
              }).ok());
  EXPECT_THAT(user_plan, HasSubstr("opportunities_open_quiet_by_user")) << user_plan;
  EXPECT_THAT(user_plan, ::testing::Not(HasSubstr("Sort"))) << user_plan;
  EXPECT_THAT(org_unit_plan, HasSubstr("opportunities_owner_org_unit_path")) << org_unit_plan;
}

class StaleJobTest : public StaleDatabase {
 protected:
  static void SetUpTestSuite() {
    Open("opportunity_stale_job");
    if (pool_ == nullptr) return;
    job_ = std::make_unique<StaleJob>(*outbox_);
  }
  static void TearDownTestSuite() {
    job_.reset();
    Close();
  }
  void SetUp() override { ASSERT_NE(job_, nullptr) << "the job did not start"; }

  static std::unique_ptr<jobs::JobScheduler> Scheduler() {
    auto scheduler = std::make_unique<jobs::JobScheduler>(*pool_, kOpportunitySchema, *clock_);
    EXPECT_TRUE(job_->Register(*scheduler).ok());
    return scheduler;
  }
  static int RunDue(jobs::JobScheduler& scheduler) {
    absl::StatusOr<int> ran = scheduler.RunDueOnce();
    EXPECT_TRUE(ran.ok()) << ran.status();
    return ran.value_or(-1);
  }
  // The OPPORTUNITY_STALE events of each opportunity, as "id:count".
  static std::vector<std::string> Announced() {
    return Column(
        "SELECT substr(resource, 15) || ':' || count(*) FROM opportunity.events"
        " WHERE type = 'OPPORTUNITY_STALE' GROUP BY resource ORDER BY min(sequence)");
  }

  static inline std::unique_ptr<StaleJob> job_;
};

TEST_F(StaleJobTest, EachStalePeriodIsAnnouncedOnceAcrossRerunsAndReplicasAndRestartsOnActivity) {
  const std::string quiet = Opportunity({.create_time = "2025-12-01 00:00Z"});
  const std::string recent = Opportunity({.create_time = "2025-12-25 00:00Z"});
  Opportunity({.stage = 6, .create_time = "2025-10-01 00:00Z"});  // won
  // Overdue but not quiet yet: listed, not announced until it is quiet.
  const std::string late =
      Opportunity({.create_time = "2025-12-30 00:00Z", .next_follow_up = "2025-12-31"});
  std::unique_ptr<jobs::JobScheduler> one = Scheduler();
  std::unique_ptr<jobs::JobScheduler> two = Scheduler();

  EXPECT_EQ(RunDue(*one), 1);
  EXPECT_EQ(RunDue(*two), 0);  // not due again within the period
  EXPECT_THAT(Announced(), ElementsAre(quiet + ":1"));
  EXPECT_THAT(Column(crm::StrCat("SELECT stale_announced_from = create_time FROM"
                                 " opportunity.opportunities WHERE id = '",
                                 quiet, "'")),
              ElementsAre("t"));

  // Next periods of the job, on either replica: still one period each.
  for (int hour = 0; hour < 3; ++hour) {
    clock_->Advance(absl::Hours(1));
    EXPECT_EQ(RunDue(hour % 2 == 0 ? *two : *one), 1);
    EXPECT_EQ(RunDue(hour % 2 == 0 ? *one : *two), 0);
  }
  EXPECT_THAT(Announced(), ElementsAre(quiet + ":1"));
  // The body itself, run again outside the scheduler, finds nothing new.
  ASSERT_TRUE(pg::RunInTransaction(*pool_, [&](pqxx::work& tx) -> absl::Status {
                absl::StatusOr<int64_t> announced = job_->Announce(tx, clock_->Now());
                if (!announced.ok()) return announced.status();
                EXPECT_EQ(*announced, 0);
                return absl::OkStatus();
              }).ok());

  // Ten days on, the recent one has been quiet 17 days.
  clock_->Advance(absl::Hours(24 * 10));
  EXPECT_EQ(RunDue(*two), 1);
  EXPECT_THAT(Announced(), ElementsAre(quiet + ":1", recent + ":1"));

  // An activity on the quiet one ends its period; 15 quiet days later a new
  // one is announced, once. (Meanwhile the late one has been quiet 17 days.)
  Exec(
      crm::StrCat("UPDATE opportunity.opportunities SET last_activity_time = "
                  "'2026-01-11 00:00Z' WHERE id = '",
                  quiet, "'"));
  clock_->Advance(absl::Hours(24 * 5));
  EXPECT_EQ(RunDue(*one), 1);
  EXPECT_THAT(Announced(), ElementsAre(quiet + ":1", recent + ":1", late + ":1"));
  clock_->Advance(absl::Hours(24 * 10));
  EXPECT_EQ(RunDue(*one), 1);
  clock_->Advance(absl::Hours(1));
  EXPECT_EQ(RunDue(*two), 1);
  EXPECT_THAT(Announced(), ElementsAre(quiet + ":2", recent + ":1", late + ":1"));
  EXPECT_THAT(Column(crm::StrCat("SELECT stale_announced_from = last_activity_time FROM"
                                 " opportunity.opportunities WHERE id = '",
                                 quiet, "'")),
              ElementsAre("t"));
  // The events carry the customer and the opportunity's version.
  EXPECT_THAT(Column(crm::StrCat("SELECT version FROM opportunity.events WHERE resource ="
                                 " 'opportunities/",
                                 recent, "'")),
              ElementsAre("1"));
}

}  // namespace
}  // namespace crm::opportunity
