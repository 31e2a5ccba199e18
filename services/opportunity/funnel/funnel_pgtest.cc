// GetFunnel against real PostgreSQL over a fixture computed by hand: every
// figure of an org unit's funnel (counts, amounts, weighted amounts rounded
// once on the sum, reached counts, conversions, days in stage, win rate,
// cycle, forecast rows), a customer group's subtree as HQ and as a
// subsidiary, a customer, the default period in Asia/Shanghai days,
// another currency, refusals, and a sum beyond int64.
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/auth/development_principal.h"
#include "libs/clock/fake_clock.h"
#include "libs/crypto/crypto.h"
#include "libs/idempotency/request_log.h"
#include "libs/pg/transaction.h"
#include "libs/request/serve.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "libs/testing/test_database.h"
#include "services/opportunity/core/opportunity_database.h"
#include "services/opportunity/funnel/funnel_handlers.h"
#include "services/opportunity/funnel/funnel_store.h"

namespace crm::opportunity {
namespace {

constexpr char kEast[] = "orgUnits/sub-east";
constexpr char kEastShanghai[] = "orgUnits/sub-east-sh";
constexpr char kWest[] = "orgUnits/sub-west";

// One stage's figures as written by hand.
struct Figures {
  v1::Stage stage;
  int64_t count;
  int64_t amount;
  int64_t weighted;
  int64_t reached;
  int32_t conversion_bp;
  double average_days;
};

struct Forecast {
  std::string month;
  v1::ForecastCategory category;
  int64_t count;
  int64_t amount;
  int64_t weighted;
};

class FunnelTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<crm::testing::TestDatabase>> database =
        crm::testing::TestDatabase::Create("opportunity_funnel");
    ASSERT_TRUE(database.ok()) << "test PostgreSQL unavailable: " << database.status();
    database_ = *std::move(database);
    request_log_ = std::make_unique<idempotency::RequestLog>(kOpportunitySchema);
    pg::PoolOptions options;
    options.dsn = database_->dsn();
    options.size = 2;
    absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> pool = OpenOpportunityDatabase(
        std::move(options), *request_log_, FunnelStore::Statements(), /*migrate=*/true);
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = *std::move(pool);
    store_ = std::make_unique<FunnelStore>(*pool_);
    clock_ = std::make_unique<clock::FakeClock>();  // 2026-01-01T00:00Z, 08:00 in Shanghai
    handlers_ =
        std::make_unique<FunnelHandlers>(FunnelDeps{.store = store_.get(), .clock = clock_.get()});
    LoadFixture();
  }
  static void TearDownTestSuite() {
    handlers_.reset();
    clock_.reset();
    store_.reset();
    pool_.reset();
    request_log_.reset();
    database_.reset();
  }
  void SetUp() override { ASSERT_NE(handlers_, nullptr) << "the handlers did not start"; }

  static void Exec(const std::string& sql) {
    ASSERT_TRUE(pg::RunInTransaction(*pool_,
                                     [&](pqxx::work& tx) {
                                       tx.exec0(sql);
                                       return absl::OkStatus();
                                     })
                    .ok())
        << sql;
  }

  static std::string NewCustomer(std::string_view owner) {
    const std::string id = crypto::NewUuid();
    Exec(
        crm::StrCat("INSERT INTO opportunity.replica_customers (customer_id, display_name,"
                    " owner_org_unit, state, version) VALUES ('",
                    id, "', '客户', '", owner, "', 1, 1)"));
    return id;
  }

  static void Node(int64_t id, std::string_view path, const std::string& customer_id) {
    Exec(crm::StrCat(
        "INSERT INTO opportunity.replica_group_nodes (node_id, root_id, customer_id,"
        " path, version) VALUES (",
        id, ", ", path.substr(0, path.find('.')), ", ",
        customer_id.empty() ? "NULL" : crm::StrCat("'", customer_id, "'"), ", '", path, "', 1)"));
  }

  struct Row {
    std::string customer;
    std::string owner = kEast;
    int stage = 1;
    int furthest = 1;
    std::string days = "{0,0,0,0,0,0,0}";
    int probability = 10;
    int category = 1;
    std::string currency = "CNY";
    int64_t amount = 0;
    std::string expected_close;  // "" none
    std::string close;           // "" none
    std::string create_time;     // an instant, e.g. "2025-03-10 02:00Z"
  };

  static void Opportunity(const Row& row) {
    const std::string path =
        row.owner == kEastShanghai
            ? crm::StrCat("ARRAY['orgUnits/hq', '", kEast, "', '", kEastShanghai, "']")
            : crm::StrCat("ARRAY['orgUnits/hq', '", row.owner, "']");
    const auto date = [](const std::string& value) {
      return value.empty() ? std::string("NULL") : crm::StrCat("'", value, "'::date");
    };
    Exec(crm::StrCat(
        "INSERT INTO opportunity.opportunities (id, customer_id, title, owner_org_unit,"
        " owner_org_unit_path, owner_user, stage, furthest_stage, stage_days, probability,"
        " forecast_category, currency_code, amount_minor, expected_close_date, close_date,"
        " stage_model_version, stage_enter_time, create_time, update_time) VALUES ('",
        crypto::NewUuid(), "', '", row.customer, "', '项目', '", row.owner, "', ", path,
        ", 'users/alice', ", row.stage, ", ", row.furthest, ", '", row.days, "', ", row.probability,
        ", ", row.category, ", '", row.currency, "', ", row.amount, ", ", date(row.expected_close),
        ", ", date(row.close), ", 1, '", row.create_time, "', '", row.create_time, "', '",
        row.create_time, "')"));
  }

  // The fixture: customers c1, c2 (owned by sub-east), c3 (by sub-west) in
  // one group, nodes/101 (c1) ⊃ nodes/102 (c2) ⊃ nodes/103 (a department)
  // ⊃ nodes/104 (c3); c4 (sub-east) heads a group of its own, nodes/105.
  static void LoadFixture() {
    c1_ = NewCustomer(kEast);
    c2_ = NewCustomer(kEast);
    c3_ = NewCustomer(kWest);
    c4_ = NewCustomer(kEast);
    Node(101, "101", c1_);
    Node(102, "101.102", c2_);
    Node(103, "101.102.103", "");
    Node(104, "101.102.103.104", c3_);
    Node(105, "105", c4_);
    // o1: LEAD, 100005 × 10% = 10000.5
    Opportunity({.customer = c1_,
                 .amount = 100005,
                 .expected_close = "2026-03-15",
                 .create_time = "2025-03-10 02:00Z"});
    // o2: DISCOVERY, 123457 × 20% = 24691.4
    Opportunity({.customer = c1_,
                 .stage = 2,
                 .furthest = 2,
                 .days = "{4,0,0,0,0,0,0}",
                 .probability = 20,
                 .amount = 123457,
                 .expected_close = "2026-03-20",
                 .create_time = "2025-04-01 02:00Z"});
    // o3: SOLUTION in the Shanghai team, 333333 × 45% = 149999.85
    Opportunity({.customer = c2_,
                 .owner = kEastShanghai,
                 .stage = 3,
                 .furthest = 3,
                 .days = "{2,6,0,0,0,0,0}",
                 .probability = 45,
                 .category = 2,
                 .amount = 333333,
                 .expected_close = "2026-04-10",
                 .create_time = "2025-05-05 02:00Z"});
    // o4: back in QUOTE after NEGOTIATION, 1000001 × 60% = 600000.6
    Opportunity({.customer = c2_,
                 .stage = 4,
                 .furthest = 5,
                 .days = "{1,3,5,7,2,0,0}",
                 .probability = 60,
                 .category = 3,
                 .amount = 1000001,
                 .expected_close = "2026-03-31",
                 .create_time = "2025-06-01 02:00Z"});
    // o5: NEGOTIATION, 2000000 × 80%
    Opportunity({.customer = c1_,
                 .stage = 5,
                 .furthest = 5,
                 .days = "{3,4,5,6,0,0,0}",
                 .probability = 80,
                 .category = 3,
                 .amount = 2000000,
                 .expected_close = "2026-04-30",
                 .create_time = "2025-02-14 02:00Z"});
    // o6: WON, 157 days from 2025-07-01 to 2025-12-05
    Opportunity({.customer = c1_,
                 .stage = 6,
                 .furthest = 6,
                 .days = "{1,2,3,4,5,0,0}",
                 .probability = 100,
                 .category = 4,
                 .amount = 5000000,
                 .expected_close = "2025-11-30",
                 .close = "2025-12-05",
                 .create_time = "2025-07-01 02:00Z"});
    // o7: WON having skipped LEAD and QUOTE, 71 days from 2025-08-10
    Opportunity({.customer = c2_,
                 .owner = kEastShanghai,
                 .stage = 6,
                 .furthest = 6,
                 .days = "{0,0,10,0,20,0,0}",
                 .probability = 100,
                 .category = 4,
                 .amount = 750000,
                 .expected_close = "2025-10-31",
                 .close = "2025-10-20",
                 .create_time = "2025-08-10 02:00Z"});
    // o8: LOST at SOLUTION, 87 days from 2025-06-20
    Opportunity({.customer = c1_,
                 .stage = 7,
                 .furthest = 3,
                 .days = "{2,3,4,0,0,0,0}",
                 .probability = 0,
                 .category = 5,
                 .amount = 400000,
                 .expected_close = "2025-09-30",
                 .close = "2025-09-15",
                 .create_time = "2025-06-20 02:00Z"});
    // o9: LOST at LEAD, 20 days from 2025-04-10
    Opportunity({.customer = c2_,
                 .stage = 7,
                 .furthest = 1,
                 .days = "{6,0,0,0,0,0,0}",
                 .probability = 0,
                 .category = 5,
                 .close = "2025-04-30",
                 .create_time = "2025-04-10 02:00Z"});
    // o10: DISCOVERY in USD, 9999999 × 20% = 1999999.8
    Opportunity({.customer = c1_,
                 .stage = 2,
                 .furthest = 2,
                 .days = "{1,0,0,0,0,0,0}",
                 .probability = 20,
                 .currency = "USD",
                 .amount = 9999999,
                 .expected_close = "2026-03-01",
                 .create_time = "2025-09-09 02:00Z"});
    // o11: QUOTE at sub-west on c3 (in the group), 800000 × 60%
    Opportunity({.customer = c3_,
                 .owner = kWest,
                 .stage = 4,
                 .furthest = 4,
                 .days = "{1,1,1,0,0,0,0}",
                 .probability = 60,
                 .category = 3,
                 .amount = 800000,
                 .expected_close = "2026-03-10",
                 .create_time = "2025-05-20 02:00Z"});
    // o12: LEAD on c4, created 2025-01-01 00:30 in Shanghai (still 2024 in
    // UTC), no expected close; 50005 × 10% = 5000.5
    Opportunity({.customer = c4_, .amount = 50005, .create_time = "2024-12-31 16:30Z"});
    // o13: LEAD on c1 created 2026-01-01 00:30 in Shanghai: after 2025.
    Opportunity({.customer = c1_, .amount = 777, .create_time = "2025-12-31 16:30Z"});
  }

  static absl::StatusOr<v1::Funnel> Get(const auth::v1::Principal& principal,
                                        const v1::GetFunnelRequest& request) {
    v1::Funnel response;
    absl::Status status =
        request::Handle(principal, "GetFunnel", "test", request,
                        [&](const request::Actor& actor, status::FieldViolations& violations) {
                          return handlers_->GetFunnel(actor, request, response, violations);
                        });
    if (!status.ok()) return status;
    return response;
  }

  static v1::GetFunnelRequest Of2025() {
    v1::GetFunnelRequest request;
    request.mutable_start_date()->set_year(2025);
    request.mutable_start_date()->set_month(1);
    request.mutable_start_date()->set_day(1);
    request.mutable_end_date()->set_year(2025);
    request.mutable_end_date()->set_month(12);
    request.mutable_end_date()->set_day(31);
    return request;
  }

  static auth::v1::Principal East() {
    return auth::DevelopmentPrincipal("alice", "sub-east", {"sales"});
  }
  static auth::v1::Principal Hq() { return auth::DevelopmentPrincipal("hq", "hq", {"hq_admin"}); }

  static void ExpectStages(const v1::Funnel& funnel, const std::vector<Figures>& expected,
                           std::string_view currency = "CNY") {
    ASSERT_EQ(funnel.stages_size(), static_cast<int>(expected.size()));
    for (size_t i = 0; i < expected.size(); ++i) {
      const v1::FunnelStage& stage = funnel.stages(static_cast<int>(i));
      const Figures& want = expected[i];
      SCOPED_TRACE(v1::Stage_Name(want.stage));
      EXPECT_EQ(stage.stage(), want.stage);
      EXPECT_EQ(stage.count(), want.count);
      EXPECT_EQ(stage.amount().currency_code(), currency);
      EXPECT_EQ(stage.amount().minor_units(), want.amount);
      EXPECT_EQ(stage.weighted_amount().currency_code(), currency);
      EXPECT_EQ(stage.weighted_amount().minor_units(), want.weighted);
      EXPECT_EQ(stage.reached_count(), want.reached);
      EXPECT_EQ(stage.conversion_to_next_bp(), want.conversion_bp);
      EXPECT_DOUBLE_EQ(stage.average_days_in_stage(), want.average_days);
    }
  }

  static void ExpectForecast(const v1::Funnel& funnel, const std::vector<Forecast>& expected) {
    ASSERT_EQ(funnel.forecast_size(), static_cast<int>(expected.size()));
    for (size_t i = 0; i < expected.size(); ++i) {
      const v1::ForecastRow& row = funnel.forecast(static_cast<int>(i));
      const Forecast& want = expected[i];
      SCOPED_TRACE(crm::StrCat(want.month, " ", v1::ForecastCategory_Name(want.category)));
      EXPECT_EQ(row.month(), want.month);
      EXPECT_EQ(row.category(), want.category);
      EXPECT_EQ(row.count(), want.count);
      EXPECT_EQ(row.amount().minor_units(), want.amount);
      EXPECT_EQ(row.weighted_amount().minor_units(), want.weighted);
    }
  }

  static std::string Reason(const absl::Status& status) {
    std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(status);
    return info.has_value() ? info->reason() : "";
  }

  static inline std::unique_ptr<crm::testing::TestDatabase> database_;
  static inline std::unique_ptr<idempotency::RequestLog> request_log_;
  static inline std::unique_ptr<pg::ConnectionPool> pool_;
  static inline std::unique_ptr<FunnelStore> store_;
  static inline std::unique_ptr<clock::FakeClock> clock_;
  static inline std::unique_ptr<FunnelHandlers> handlers_;
  static inline std::string c1_, c2_, c3_, c4_;
};

// sub-east's subtree in 2025: o1-o10 and o12 (not o11 of sub-west, not o13
// of 2026). Worked out by hand:
//   reached: ≥LEAD 11, ≥DISCOVERY 8 (o2-o8, o10), ≥SOLUTION 6 (o3-o8),
//     ≥QUOTE 4 (o4-o7), ≥NEGOTIATION 4, WON 2; LOST: the 2 lost
//   conversions: 8/11 = 7272, 6/8 = 7500, 4/6 = 6666, 4/4 = 10000, 2/4 = 5000
//   days, of those that left: LEAD (o2-o10): 4+2+1+3+1+0+2+6+1 = 20 / 9;
//     DISCOVERY (o3-o8): 6+3+4+2+0+3 = 18 / 6; SOLUTION (o4-o8):
//     5+5+3+10+4 = 27 / 5; QUOTE (o5-o7; o4 is in it): 6+4+0 = 10 / 3;
//     NEGOTIATION (o4, o6, o7): 2+5+20 = 27 / 3
//   weighted, rounded once per sum: LEAD (1000050 + 500050) / 100 = 15001
//     (per opportunity it would be 10001 + 5001 = 15002); DISCOVERY 24691.4
//     → 24691 (o10 is USD); SOLUTION 149999.85 → 150000; QUOTE 600000.6 →
//     600001
//   win rate 2 / 4; cycle (157 + 71 + 87 + 20) / 4 = 83.75
TEST_F(FunnelTest, AnOrgUnitsFunnelEqualsTheFiguresWorkedOutByHand) {
  v1::GetFunnelRequest request = Of2025();
  request.set_org_unit(kEast);
  absl::StatusOr<v1::Funnel> funnel = Get(East(), request);
  ASSERT_TRUE(funnel.ok()) << funnel.status();
  EXPECT_EQ(funnel->total_count(), 11);
  EXPECT_EQ(funnel->other_currency_count(), 1);
  EXPECT_EQ(funnel->win_rate_bp(), 5000);
  EXPECT_DOUBLE_EQ(funnel->average_cycle_days(), 83.75);
  ExpectStages(*funnel, {
                            {v1::LEAD, 2, 150010, 15001, 11, 7272, 20.0 / 9},
                            {v1::DISCOVERY, 2, 123457, 24691, 8, 7500, 3.0},
                            {v1::SOLUTION, 1, 333333, 150000, 6, 6666, 5.4},
                            {v1::QUOTE, 1, 1000001, 600001, 4, 10000, 10.0 / 3},
                            {v1::NEGOTIATION, 1, 2000000, 1600000, 4, 5000, 9.0},
                            {v1::WON, 2, 5750000, 5750000, 2, 0, 0.0},
                            {v1::LOST, 2, 400000, 0, 2, 0, 0.0},
                        });
  // Open ones by expected close (o12 has none), won ones by close; the USD
  // one counts in 2026-03 but adds nothing: (1000050 + 2469140) / 100.
  ExpectForecast(*funnel, {
                              {"2025-10", v1::CLOSED, 1, 750000, 750000},
                              {"2025-12", v1::CLOSED, 1, 5000000, 5000000},
                              {"2026-03", v1::PIPELINE, 3, 223462, 34692},
                              {"2026-03", v1::COMMIT, 1, 1000001, 600001},
                              {"2026-04", v1::BEST_CASE, 1, 333333, 150000},
                              {"2026-04", v1::COMMIT, 1, 2000000, 1600000},
                          });

  // The Shanghai team alone: o3 and o7.
  request.set_org_unit(kEastShanghai);
  absl::StatusOr<v1::Funnel> team = Get(Hq(), request);
  ASSERT_TRUE(team.ok()) << team.status();
  EXPECT_EQ(team->total_count(), 2);
  EXPECT_EQ(team->stages(2).count(), 1);
  EXPECT_EQ(team->stages(5).amount().minor_units(), 750000);
  EXPECT_EQ(team->win_rate_bp(), 10000);
  EXPECT_DOUBLE_EQ(team->average_cycle_days(), 71.0);
}

TEST_F(FunnelTest, AGroupsFunnelCoversItsSubtreeAndASubsidiarySeesItsPart) {
  v1::GetFunnelRequest request = Of2025();
  request.set_group("nodes/101");
  // HQ: c1, c2 and c3 (under a department): o1-o11.
  absl::StatusOr<v1::Funnel> whole = Get(Hq(), request);
  ASSERT_TRUE(whole.ok()) << whole.status();
  EXPECT_EQ(whole->total_count(), 11);
  EXPECT_EQ(whole->other_currency_count(), 1);
  ExpectStages(*whole, {
                           // o1 only: 100005 × 10% = 10000.5 → 10001
                           {v1::LEAD, 1, 100005, 10001, 11, 8181, 21.0 / 10},
                           {v1::DISCOVERY, 2, 123457, 24691, 9, 7777, 19.0 / 7},
                           {v1::SOLUTION, 1, 333333, 150000, 7, 7142, 28.0 / 6},
                           // o4 + o11: (60000060 + 48000000) / 100 = 1080000.6
                           {v1::QUOTE, 2, 1800001, 1080001, 5, 8000, 10.0 / 3},
                           {v1::NEGOTIATION, 1, 2000000, 1600000, 4, 5000, 9.0},
                           {v1::WON, 2, 5750000, 5750000, 2, 0, 0.0},
                           {v1::LOST, 2, 400000, 0, 2, 0, 0.0},
                       });

  // sub-east's seller: c3 is sub-west's, so o11 is not theirs to see.
  absl::StatusOr<v1::Funnel> part = Get(East(), request);
  ASSERT_TRUE(part.ok()) << part.status();
  EXPECT_EQ(part->total_count(), 10);
  EXPECT_EQ(part->stages(3).count(), 1);
  EXPECT_EQ(part->stages(3).amount().minor_units(), 1000001);

  // A node inside the group: c2 and c3 below it (o3, o4, o7, o9, o11).
  request.set_group("nodes/102");
  absl::StatusOr<v1::Funnel> subtree = Get(Hq(), request);
  ASSERT_TRUE(subtree.ok()) << subtree.status();
  EXPECT_EQ(subtree->total_count(), 5);
  EXPECT_EQ(subtree->win_rate_bp(), 5000);
  EXPECT_DOUBLE_EQ(subtree->average_cycle_days(), (71.0 + 20.0) / 2);

  request.set_group("nodes/999");
  absl::StatusOr<v1::Funnel> unknown = Get(Hq(), request);
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Reason(unknown.status()), "NODE_NOT_FOUND");
}

TEST_F(FunnelTest, ACustomersFunnelIsFilteredByScope) {
  v1::GetFunnelRequest request = Of2025();
  request.set_customer(crm::StrCat("customers/", c2_));
  absl::StatusOr<v1::Funnel> c2 = Get(East(), request);
  ASSERT_TRUE(c2.ok()) << c2.status();
  EXPECT_EQ(c2->total_count(), 4);  // o3, o4, o7, o9
  EXPECT_EQ(c2->win_rate_bp(), 5000);
  EXPECT_DOUBLE_EQ(c2->average_cycle_days(), 45.5);
  EXPECT_EQ(c2->stages(0).reached_count(), 4);
  EXPECT_EQ(c2->stages(0).conversion_to_next_bp(), 7500);  // 3 of 4 reached DISCOVERY

  // Another subsidiary's real customer: nothing of it shows.
  request.set_customer(crm::StrCat("customers/", c3_));
  absl::StatusOr<v1::Funnel> c3 = Get(East(), request);
  ASSERT_TRUE(c3.ok()) << c3.status();
  EXPECT_EQ(c3->total_count(), 0);
  EXPECT_EQ(c3->stages_size(), 7);
  for (const v1::FunnelStage& stage : c3->stages()) {
    EXPECT_EQ(stage.count(), 0);
    EXPECT_EQ(stage.amount().minor_units(), 0);
  }
  EXPECT_EQ(c3->forecast_size(), 0);
  absl::StatusOr<v1::Funnel> c3_hq = Get(Hq(), request);
  ASSERT_TRUE(c3_hq.ok()) << c3_hq.status();
  EXPECT_EQ(c3_hq->total_count(), 1);
}

TEST_F(FunnelTest, TheDefaultPeriodIsTheLastTwelveMonthsOfShanghaiDaysAndOtherCurrenciesSum) {
  // Today is 2026-01-01 in Shanghai: 2025-01-02 … 2026-01-01 takes o13 and
  // leaves o12 out.
  v1::GetFunnelRequest request;
  request.set_org_unit(kEast);
  absl::StatusOr<v1::Funnel> recent = Get(East(), request);
  ASSERT_TRUE(recent.ok()) << recent.status();
  EXPECT_EQ(recent->total_count(), 11);
  EXPECT_EQ(recent->stages(0).count(), 2);
  EXPECT_EQ(recent->stages(0).amount().minor_units(), 100005 + 777);

  request = Of2025();
  request.set_org_unit(kEast);
  request.set_currency_code("USD");
  absl::StatusOr<v1::Funnel> usd = Get(East(), request);
  ASSERT_TRUE(usd.ok()) << usd.status();
  EXPECT_EQ(usd->other_currency_count(), 10);
  EXPECT_EQ(usd->stages(1).amount().currency_code(), "USD");
  EXPECT_EQ(usd->stages(1).amount().minor_units(), 9999999);
  EXPECT_EQ(usd->stages(1).weighted_amount().minor_units(), 2000000);  // 1999999.8
  EXPECT_EQ(usd->stages(0).amount().minor_units(), 0);
}

TEST_F(FunnelTest, BadRequestsAndForeignOrgUnitsAreRefused) {
  v1::GetFunnelRequest west = Of2025();
  west.set_org_unit(kWest);
  absl::StatusOr<v1::Funnel> refused = Get(East(), west);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(refused.status()), "ORG_UNIT_OUT_OF_SCOPE");

  v1::GetFunnelRequest two = Of2025();
  two.set_org_unit(kEast);
  two.set_group("nodes/101");
  EXPECT_EQ(Get(East(), two).status().code(), absl::StatusCode::kInvalidArgument);

  v1::GetFunnelRequest long_period = Of2025();
  long_period.set_org_unit(kEast);
  long_period.mutable_start_date()->set_year(2022);  // 2022-01-01 … 2025-12-31: 4 years
  EXPECT_EQ(Get(East(), long_period).status().code(), absl::StatusCode::kInvalidArgument);
  long_period.mutable_start_date()->set_year(2023);  // exactly 3 years
  EXPECT_TRUE(Get(East(), long_period).ok());

  v1::GetFunnelRequest backwards = Of2025();
  backwards.set_customer(crm::StrCat("customers/", c1_));
  backwards.mutable_start_date()->set_year(2026);
  backwards.set_currency_code("yuan");
  absl::StatusOr<v1::Funnel> bad = Get(East(), backwards);
  ASSERT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status::GetFieldViolations(bad.status()).size(), 1u);  // currency first

  backwards.set_currency_code("CNY");
  EXPECT_EQ(Get(East(), backwards).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(FunnelTest, ASumBeyondInt64IsOutOfRangeNotWrapped) {
  // Of an org unit no other test asks about.
  const std::string rich = NewCustomer("orgUnits/sub-north");
  for (int i = 0; i < 2; ++i) {
    Opportunity({.customer = rich,
                 .owner = "orgUnits/sub-north",
                 .amount = 6'000'000'000'000'000'000,
                 .create_time = "2025-06-01 02:00Z"});
  }
  v1::GetFunnelRequest request = Of2025();
  request.set_customer(crm::StrCat("customers/", rich));
  absl::StatusOr<v1::Funnel> funnel = Get(Hq(), request);
  EXPECT_EQ(funnel.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(Reason(funnel.status()), "MONEY_OVERFLOW");
}

}  // namespace
}  // namespace crm::opportunity
