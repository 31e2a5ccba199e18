// Churn warnings against real servers: raised once per spell of high risk
// (one notification of the owner org unit however often the customer is
// scored), cleared with the signals, raised anew by a later spell; the
// lists least healthy first within the caller's scope; the owner's
// retention plan and outcome with etags; another subsidiary neither sees
// nor acts on a warning.
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/clock/business_day.h"
#include "libs/names/resource_names.h"
#include "libs/pg/transaction.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/calendar_date.h"
#include "services/scoring/core/scoring_events.h"
#include "services/scoring/scores/customer_scoring.h"
#include "services/scoring/testing/scoring_test_env.h"
#include "services/scoring/warnings/churn_warnings.h"

namespace crm::scoring::testing {
namespace {

using auth::v1::Principal;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string IdOf(const std::string& name) { return name.substr(name.rfind('/') + 1); }

std::string Reason(const absl::Status& status) {
  const std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

std::set<std::string> Fields(const absl::Status& status) {
  std::set<std::string> fields;
  for (const auto& violation : status::GetFieldViolations(status)) fields.insert(violation.field());
  return fields;
}

v1::HealthAssessment Health(v1::RiskLevel risk, double score,
                            const std::vector<std::string>& reasons) {
  v1::HealthAssessment health;
  health.set_risk(risk);
  health.set_score(score);
  for (const std::string& reason : reasons) health.add_reasons(reason);
  return health;
}

class WarningsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<ScoringTestEnv>> env = ScoringTestEnv::Start("scoring_warnings");
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
  }
  static void TearDownTestSuite() { env_.reset(); }

  void SetUp() override { ASSERT_NE(env_, nullptr); }

  // A new customer of `owner`'s org unit, in the scoring service's replica;
  // its id.
  static std::string NewCustomer(const Principal& owner, const std::string& legal_name) {
    const std::string name = env_->NewCustomer(owner, legal_name);
    EXPECT_TRUE(env_->SyncCustomers().ok());
    return IdOf(name);
  }

  // What the scorer does after storing a customer's new health.
  static absl::Status Score(const std::string& customer_id, const std::string& owner,
                            const v1::HealthAssessment& health, v1::Tier tier = v1::TIER_B) {
    return pg::RunInTransaction(env_->module().pool(), [&](pqxx::work& tx) {
      return ReconcileChurnWarning(
          tx, *env_->context().outbox,
          {.customer_id = customer_id, .owner_org_unit = owner, .tier = tier, .health = health},
          env_->clock().Now());
    });
  }

  // The feed's events of `type` about customer `customer_id`, oldest first.
  static std::vector<v1::ScoringEvent> Events(v1::ScoringEvent::Type type,
                                              const std::string& customer_id) {
    std::vector<v1::ScoringEvent> found;
    const absl::Status status =
        pg::RunReadOnly(env_->module().pool(), [&](pqxx::nontransaction& tx) -> absl::Status {
          for (const pqxx::row& row :
               tx.exec("SELECT sequence, event_id::text, type, resource, version,"
                       " encode(payload, 'base64') FROM scoring.events ORDER BY sequence")) {
            events::Event event;
            event.sequence = row[0].as<int64_t>();
            event.event_id = row[1].as<std::string>();
            event.type = row[2].as<std::string>();
            event.resource = row[3].as<std::string>();
            event.version = row[4].as<int64_t>();
            std::string payload;
            absl::Base64Unescape(row[5].as<std::string>(), &payload);
            event.payload = payload;
            v1::ScoringEvent e = ToProto(event);
            if (e.type() == type && e.customer() == names::CustomerName(customer_id)) {
              found.push_back(std::move(e));
            }
          }
          return absl::OkStatus();
        });
    EXPECT_TRUE(status.ok()) << status;
    return found;
  }

  static absl::StatusOr<v1::ChurnWarning> Get(const Principal& as, const std::string& name) {
    v1::GetChurnWarningRequest request;
    request.set_name(name);
    v1::ChurnWarning warning;
    const grpc::Status status = env_->stub().GetChurnWarning(env_->As(as).get(), request, &warning);
    if (!status.ok()) return status::FromGrpc(status);
    return warning;
  }

  static absl::StatusOr<v1::ListChurnWarningsResponse> List(
      const Principal& as, v1::ChurnWarning::State state = v1::ChurnWarning::STATE_UNSPECIFIED,
      const std::string& owner = "", int page_size = 0, const std::string& token = "") {
    v1::ListChurnWarningsRequest request;
    request.set_state(state);
    request.set_owner_org_unit(owner);
    request.set_page_size(page_size);
    request.set_page_token(token);
    v1::ListChurnWarningsResponse response;
    const grpc::Status status =
        env_->stub().ListChurnWarnings(env_->As(as).get(), request, &response);
    if (!status.ok()) return status::FromGrpc(status);
    return response;
  }

  // The names of the listed warnings that are about `customers`, in order.
  static std::vector<std::string> CustomersListed(const v1::ListChurnWarningsResponse& response,
                                                  const std::set<std::string>& customers) {
    std::vector<std::string> listed;
    for (const v1::ChurnWarning& w : response.churn_warnings()) {
      if (customers.contains(IdOf(w.customer()))) listed.push_back(IdOf(w.customer()));
    }
    return listed;
  }

  // The open warning of a customer, as HQ reads it.
  static std::string OpenWarning(const std::string& customer_id) {
    return env_->QueryValue(crm::StrCat(
        "SELECT 'churnWarnings/' || id FROM scoring.churn_warnings WHERE customer_id = '",
        customer_id, "' AND state = 1"));
  }

  static v1::RetentionPlan Plan(const std::string& actions, absl::CivilDay due,
                                const std::string& owner = "") {
    v1::RetentionPlan plan;
    plan.set_actions(actions);
    plan.set_owner(owner);
    *plan.mutable_due_date() = validation::FromCivilDay(due);
    return plan;
  }

  static absl::StatusOr<v1::ChurnWarning> RecordPlan(const Principal& as, const std::string& name,
                                                     const v1::RetentionPlan& plan,
                                                     const std::string& etag) {
    v1::RecordRetentionPlanRequest request;
    request.set_name(name);
    *request.mutable_retention_plan() = plan;
    request.set_etag(etag);
    v1::ChurnWarning warning;
    const grpc::Status status =
        env_->stub().RecordRetentionPlan(env_->As(as).get(), request, &warning);
    if (!status.ok()) return status::FromGrpc(status);
    return warning;
  }

  static absl::StatusOr<v1::ChurnWarning> RecordOutcome(const Principal& as,
                                                        const std::string& name,
                                                        v1::RetentionPlan::Outcome outcome,
                                                        const std::string& note,
                                                        const std::string& etag) {
    v1::RecordRetentionOutcomeRequest request;
    request.set_name(name);
    request.set_outcome(outcome);
    request.set_note(note);
    request.set_etag(etag);
    v1::ChurnWarning warning;
    const grpc::Status status =
        env_->stub().RecordRetentionOutcome(env_->As(as).get(), request, &warning);
    if (!status.ok()) return status::FromGrpc(status);
    return warning;
  }

  static absl::CivilDay Today() { return clock::BusinessToday(env_->clock()); }

  static std::unique_ptr<ScoringTestEnv> env_;
};

std::unique_ptr<ScoringTestEnv> WarningsTest::env_;

TEST_F(WarningsTest, HighRiskRaisesOneWarningAndNotifiesItsOwnerOnceHoweverOftenScored) {
  const std::string c = NewCustomer(EastSales(), "华信能源江苏有限公司");
  ASSERT_TRUE(
      Score(c, "orgUnits/sub-east",
            Health(v1::RISK_HIGH, 35,
                   {"receivables 420,000.00 CNY overdue for 75 days", "no activity for 64 days"}))
          .ok());
  const std::string name = OpenWarning(c);
  ASSERT_FALSE(name.empty());
  // Scored again, still high risk (a little worse): the same warning, no
  // second notification.
  for (double score : {30.0, 30.0, 28.5}) {
    ASSERT_TRUE(Score(c, "orgUnits/sub-east",
                      Health(v1::RISK_HIGH, score, {"no activity for 70 days"}), v1::TIER_A)
                    .ok());
  }
  EXPECT_EQ(env_->QueryValue(crm::StrCat(
                "SELECT count(*) FROM scoring.churn_warnings WHERE customer_id = '", c, "'")),
            "1");
  EXPECT_EQ(OpenWarning(c), name);

  const std::vector<v1::ScoringEvent> raised = Events(v1::ScoringEvent::CHURN_WARNING_RAISED, c);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].resource(), name);
  EXPECT_EQ(raised[0].org_unit(), "orgUnits/sub-east");
  EXPECT_EQ(raised[0].risk(), v1::RISK_HIGH);

  // The owner reads it with the reasons it was raised for and the health
  // now.
  absl::StatusOr<v1::ChurnWarning> warning = Get(EastSales(), name);
  ASSERT_TRUE(warning.ok()) << warning.status();
  EXPECT_EQ(warning->customer(), names::CustomerName(c));
  EXPECT_EQ(warning->display_name(), "华信能源江苏有限公司");
  EXPECT_EQ(warning->owner_org_unit(), "orgUnits/sub-east");
  EXPECT_EQ(warning->state(), v1::ChurnWarning::OPEN);
  EXPECT_THAT(warning->reasons(), ElementsAre("receivables 420,000.00 CNY overdue for 75 days",
                                              "no activity for 64 days"));
  EXPECT_DOUBLE_EQ(warning->health_score(), 28.5);
  EXPECT_EQ(warning->tier(), v1::TIER_A);
  EXPECT_TRUE(warning->has_raise_time());
  EXPECT_FALSE(warning->has_clear_time());
  EXPECT_FALSE(warning->has_retention_plan());
  EXPECT_FALSE(warning->etag().empty());
}

TEST_F(WarningsTest, TheScorerRaisesWithTheHealthReasonsOnceAndClearsWhenTheFactsRecover) {
  const std::string c = NewCustomer(EastSales(), "华信能源福建有限公司");
  const auto at = [](absl::Time t) {
    return crm::StrCat("'", absl::FormatTime(absl::RFC3339_full, t, absl::UTCTimeZone()), "'");
  };
  const absl::Time now = env_->clock().Now();
  // No activity for 100 days, no visit for 200, 90 days overdue, two
  // contracts ending without renewal, three delivery problems.
  env_->Exec(crm::StrCat(
      "INSERT INTO scoring.customer_facts (customer_id, receivable_minor, overdue_minor,"
      " overdue_days, last_activity_time, last_visit_time, expiring_without_renewal,"
      " delivery_problems, refresh_time) VALUES ('",
      c, "', 50000000, 42000000, 90, ", at(now - absl::Hours(24 * 100)), ", ",
      at(now - absl::Hours(24 * 200)), ", 2, 3, ", at(now), ")"));
  const auto score = [&]() {
    return pg::RunInTransaction(env_->module().pool(), [&](pqxx::work& tx) {
      return ScoreCustomer(tx, env_->context(), c, env_->clock().Now());
    });
  };
  ASSERT_TRUE(score().ok());
  ASSERT_EQ(env_->QueryValue(crm::StrCat(
                "SELECT risk FROM scoring.customer_scores WHERE customer_id = '", c, "'")),
            "3");
  v1::HealthAssessment health;
  std::string bytes;
  absl::Base64Unescape(
      env_->QueryValue(crm::StrCat("SELECT encode(health, 'base64') FROM scoring.customer_scores"
                                   " WHERE customer_id = '",
                                   c, "'")),
      &bytes);
  ASSERT_TRUE(health.ParseFromString(bytes));
  ASSERT_GE(health.reasons_size(), 5);
  const std::string name = OpenWarning(c);
  ASSERT_FALSE(name.empty());

  // Scored again, a little better but still high risk; and again unchanged.
  env_->Exec(crm::StrCat(
      "UPDATE scoring.customer_facts SET expiring_without_renewal = 1 WHERE customer_id = '", c,
      "'"));
  ASSERT_TRUE(score().ok());
  ASSERT_TRUE(score().ok());
  EXPECT_EQ(OpenWarning(c), name);
  EXPECT_EQ(Events(v1::ScoringEvent::CHURN_WARNING_RAISED, c).size(), 1u);
  absl::StatusOr<v1::ChurnWarning> warning = Get(EastSales(), name);
  ASSERT_TRUE(warning.ok()) << warning.status();
  EXPECT_THAT(warning->reasons(), ::testing::ElementsAreArray(health.reasons()));
  EXPECT_GT(warning->health_score(), health.score());
  EXPECT_LT(warning->health_score(), 50);

  // The signals clear: so does the warning.
  env_->Exec(
      crm::StrCat("UPDATE scoring.customer_facts SET overdue_minor = 0, overdue_days = 0,"
                  " expiring_without_renewal = 0, delivery_problems = 0, last_activity_time = ",
                  at(now - absl::Hours(24)), ", last_visit_time = ", at(now - absl::Hours(24)),
                  " WHERE customer_id = '", c, "'"));
  ASSERT_TRUE(score().ok());
  EXPECT_EQ(OpenWarning(c), "");
  EXPECT_EQ(Get(EastSales(), name)->state(), v1::ChurnWarning::CLEARED);
  EXPECT_EQ(Events(v1::ScoringEvent::CHURN_WARNING_CLEARED, c).size(), 1u);
}

TEST_F(WarningsTest, ClearsWhenTheSignalsClearAndALaterSpellRaisesANewOne) {
  const std::string c = NewCustomer(EastSales(), "华信能源浙江有限公司");
  ASSERT_TRUE(
      Score(c, "orgUnits/sub-east", Health(v1::RISK_HIGH, 40, {"no visit for 120 days"})).ok());
  const std::string first = OpenWarning(c);
  ASSERT_FALSE(first.empty());

  // Medium risk: the warning clears, once.
  env_->clock().Advance(absl::Hours(24 * 20));
  ASSERT_TRUE(Score(c, "orgUnits/sub-east", Health(v1::RISK_MEDIUM, 62, {})).ok());
  ASSERT_TRUE(Score(c, "orgUnits/sub-east", Health(v1::RISK_LOW, 90, {})).ok());
  EXPECT_EQ(OpenWarning(c), "");
  absl::StatusOr<v1::ChurnWarning> cleared = Get(EastSales(), first);
  ASSERT_TRUE(cleared.ok()) << cleared.status();
  EXPECT_EQ(cleared->state(), v1::ChurnWarning::CLEARED);
  EXPECT_TRUE(cleared->has_clear_time());
  EXPECT_GT(cleared->clear_time().seconds(), cleared->raise_time().seconds());
  const std::vector<v1::ScoringEvent> clearings =
      Events(v1::ScoringEvent::CHURN_WARNING_CLEARED, c);
  ASSERT_EQ(clearings.size(), 1u);
  EXPECT_EQ(clearings[0].resource(), first);
  EXPECT_EQ(clearings[0].org_unit(), "orgUnits/sub-east");

  // High risk again later: a new warning, a new notification.
  env_->clock().Advance(absl::Hours(24 * 30));
  ASSERT_TRUE(
      Score(c, "orgUnits/sub-east", Health(v1::RISK_HIGH, 44, {"complaints rising: 3 against 0"}))
          .ok());
  const std::string second = OpenWarning(c);
  ASSERT_FALSE(second.empty());
  EXPECT_NE(second, first);
  const std::vector<v1::ScoringEvent> raised = Events(v1::ScoringEvent::CHURN_WARNING_RAISED, c);
  ASSERT_EQ(raised.size(), 2u);
  EXPECT_EQ(raised[0].resource(), first);
  EXPECT_EQ(raised[1].resource(), second);

  // Open by default; the cleared one when asked for.
  absl::StatusOr<v1::ListChurnWarningsResponse> open = List(EastSales());
  ASSERT_TRUE(open.ok()) << open.status();
  std::vector<std::string> names;
  for (const v1::ChurnWarning& w : open->churn_warnings()) names.push_back(w.name());
  EXPECT_THAT(names, ::testing::Contains(second));
  EXPECT_THAT(names, ::testing::Not(::testing::Contains(first)));
  absl::StatusOr<v1::ListChurnWarningsResponse> old = List(EastSales(), v1::ChurnWarning::CLEARED);
  ASSERT_TRUE(old.ok()) << old.status();
  names.clear();
  for (const v1::ChurnWarning& w : old->churn_warnings()) names.push_back(w.name());
  EXPECT_THAT(names, ::testing::Contains(first));
  EXPECT_THAT(names, ::testing::Not(::testing::Contains(second)));

  // A customer merged away or deleted clears its warning.
  ASSERT_TRUE(pg::RunInTransaction(env_->module().pool(), [&](pqxx::work& tx) {
                return ClearChurnWarning(tx, *env_->context().outbox, c, env_->clock().Now());
              }).ok());
  EXPECT_EQ(OpenWarning(c), "");
  EXPECT_EQ(Events(v1::ScoringEvent::CHURN_WARNING_CLEARED, c).size(), 2u);
}

TEST_F(WarningsTest, ListsAreLeastHealthyFirstWithinTheScopeAndNarrowedToAnOwner) {
  const std::string e1 = NewCustomer(EastSales(), "东方物流一号有限公司");
  const std::string e2 = NewCustomer(EastSales(), "东方物流二号有限公司");
  const std::string e3 = NewCustomer(EastSales(), "东方物流三号有限公司");
  const std::string w1 = NewCustomer(WestSales(), "西部建材一号有限公司");
  ASSERT_TRUE(Score(e1, "orgUnits/sub-east", Health(v1::RISK_HIGH, 41.5, {"a"})).ok());
  ASSERT_TRUE(Score(e2, "orgUnits/sub-east", Health(v1::RISK_HIGH, 12.25, {"b"})).ok());
  ASSERT_TRUE(Score(e3, "orgUnits/sub-east", Health(v1::RISK_HIGH, 33, {"c"})).ok());
  ASSERT_TRUE(Score(w1, "orgUnits/sub-west", Health(v1::RISK_HIGH, 5, {"d"})).ok());
  const std::set<std::string> mine = {e1, e2, e3, w1};

  absl::StatusOr<v1::ListChurnWarningsResponse> east = List(EastSales());
  ASSERT_TRUE(east.ok()) << east.status();
  EXPECT_THAT(CustomersListed(*east, mine), ElementsAre(e2, e3, e1));
  for (const v1::ChurnWarning& w : east->churn_warnings()) {
    EXPECT_EQ(w.owner_org_unit(), "orgUnits/sub-east") << w.name();
  }
  absl::StatusOr<v1::ListChurnWarningsResponse> hq = List(Hq());
  ASSERT_TRUE(hq.ok()) << hq.status();
  EXPECT_THAT(CustomersListed(*hq, mine), ElementsAre(w1, e2, e3, e1));
  hq = List(Hq(), v1::ChurnWarning::OPEN, "orgUnits/sub-west");
  ASSERT_TRUE(hq.ok()) << hq.status();
  EXPECT_THAT(CustomersListed(*hq, mine), ElementsAre(w1));
  // The caller's own org unit stands for its scope.
  absl::StatusOr<v1::ListChurnWarningsResponse> own =
      List(EastSales(), v1::ChurnWarning::OPEN, "orgUnits/sub-east");
  ASSERT_TRUE(own.ok()) << own.status();
  EXPECT_THAT(CustomersListed(*own, mine), ElementsAre(e2, e3, e1));
  // An org unit outside the caller's scope is refused, not emptied.
  absl::StatusOr<v1::ListChurnWarningsResponse> other =
      List(EastSales(), v1::ChurnWarning::OPEN, "orgUnits/sub-west");
  EXPECT_EQ(other.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(other.status()), "ORG_UNIT_NOT_IN_SCOPE");

  // Keyset pages of one give the same order.
  std::vector<std::string> paged;
  std::string token;
  do {
    absl::StatusOr<v1::ListChurnWarningsResponse> page =
        List(EastSales(), v1::ChurnWarning::OPEN, "", 1, token);
    ASSERT_TRUE(page.ok()) << page.status();
    ASSERT_LE(page->churn_warnings_size(), 1);
    for (const std::string& id : CustomersListed(*page, mine)) paged.push_back(id);
    token = page->next_page_token();
  } while (!token.empty());
  EXPECT_THAT(paged, ElementsAre(e2, e3, e1));
  // A token of another query is refused.
  absl::StatusOr<v1::ListChurnWarningsResponse> page =
      List(EastSales(), v1::ChurnWarning::OPEN, "", 1);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_FALSE(page->next_page_token().empty());
  absl::StatusOr<v1::ListChurnWarningsResponse> wrong =
      List(EastSales(), v1::ChurnWarning::CLEARED, "", 1, page->next_page_token());
  EXPECT_EQ(wrong.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(wrong.status()), std::set<std::string>{"page_token"});

  absl::StatusOr<v1::ListChurnWarningsResponse> bad =
      List(EastSales(), static_cast<v1::ChurnWarning::State>(7), "regions/x", -1);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(bad.status()), (std::set<std::string>{"state", "owner_org_unit", "page_size"}));
}

TEST_F(WarningsTest, TheOwnerRecordsARetentionPlanAndItsOutcomeWithEtags) {
  const std::string c = NewCustomer(EastSales(), "华信能源安徽有限公司");
  ASSERT_TRUE(Score(c, "orgUnits/sub-east", Health(v1::RISK_HIGH, 30, {"overdue"})).ok());
  const std::string name = OpenWarning(c);
  absl::StatusOr<v1::ChurnWarning> warning = Get(EastSales(), name);
  ASSERT_TRUE(warning.ok()) << warning.status();
  const std::string etag0 = warning->etag();

  // Every mistake at once.
  absl::StatusOr<v1::ChurnWarning> bad =
      RecordPlan(EastSales(), name, Plan("", Today() - 1, "li.si"), "");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(bad.status()),
            (std::set<std::string>{"retention_plan.actions", "retention_plan.due_date",
                                   "retention_plan.owner", "etag"}));
  v1::RetentionPlan no_date = Plan("visit", Today());
  no_date.clear_due_date();
  bad = RecordPlan(EastSales(), "churnWarnings/x", no_date, "\"1\"");
  EXPECT_EQ(Fields(bad.status()), (std::set<std::string>{"name", "retention_plan.due_date"}));
  // No plan, no outcome.
  bad = RecordOutcome(EastSales(), name, v1::RetentionPlan::RETAINED, "", etag0);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(bad.status()), "NO_RETENTION_PLAN");

  // The plan: the caller owns it unless another user is named.
  absl::StatusOr<v1::ChurnWarning> planned =
      RecordPlan(EastSales(), name, Plan("总经理拜访；逾期款分期方案", Today() + 14), etag0);
  ASSERT_TRUE(planned.ok()) << planned.status();
  ASSERT_TRUE(planned->has_retention_plan());
  EXPECT_EQ(planned->retention_plan().actions(), "总经理拜访；逾期款分期方案");
  EXPECT_EQ(planned->retention_plan().owner(), "users/li.si");
  EXPECT_EQ(validation::ToCivilDay(planned->retention_plan().due_date()), Today() + 14);
  EXPECT_EQ(planned->retention_plan().outcome(), v1::RetentionPlan::IN_PROGRESS);
  EXPECT_EQ(planned->retention_plan().recorded_by(), "users/li.si");
  EXPECT_TRUE(planned->retention_plan().has_update_time());
  EXPECT_NE(planned->etag(), etag0);

  // The old etag is stale.
  bad = RecordPlan(EastAdmin(), name, Plan("x", Today()), etag0);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(Reason(bad.status()), "ETAG_MISMATCH");
  planned = RecordPlan(EastAdmin(), name, Plan("总经理拜访", Today() + 7, "users/li.si"),
                       planned->etag());
  ASSERT_TRUE(planned.ok()) << planned.status();
  EXPECT_EQ(planned->retention_plan().recorded_by(), "users/chen.admin");

  bad = RecordOutcome(EastSales(), name, v1::RetentionPlan::OUTCOME_UNSPECIFIED,
                      std::string(2001, 'x'), planned->etag());
  EXPECT_EQ(Fields(bad.status()), (std::set<std::string>{"outcome", "note"}));
  absl::StatusOr<v1::ChurnWarning> outcome = RecordOutcome(
      EastSales(), name, v1::RetentionPlan::RETAINED, "续签三年框架合同", planned->etag());
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->retention_plan().outcome(), v1::RetentionPlan::RETAINED);
  EXPECT_EQ(outcome->retention_plan().outcome_note(), "续签三年框架合同");
  EXPECT_EQ(outcome->retention_plan().actions(), "总经理拜访");
  EXPECT_EQ(Get(EastSales(), name)->retention_plan().outcome(), v1::RetentionPlan::RETAINED);

  // HQ may act on any warning.
  outcome = RecordOutcome(Hq(), name, v1::RetentionPlan::LOST, "", outcome->etag());
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->retention_plan().outcome(), v1::RetentionPlan::LOST);

  const std::vector<v1::ScoringEvent> recorded =
      Events(v1::ScoringEvent::RETENTION_PLAN_RECORDED, c);
  ASSERT_EQ(recorded.size(), 4u);
  for (const v1::ScoringEvent& e : recorded) {
    EXPECT_EQ(e.resource(), name);
    EXPECT_EQ(e.org_unit(), "orgUnits/sub-east");
  }
}

TEST_F(WarningsTest, AnotherSubsidiaryNeitherSeesNorActsOnAWarning) {
  const std::string c = NewCustomer(EastSales(), "华信能源山东有限公司");
  ASSERT_TRUE(Score(c, "orgUnits/sub-east", Health(v1::RISK_HIGH, 20, {"overdue"})).ok());
  const std::string name = OpenWarning(c);
  const std::string missing = "churnWarnings/7d3c1c1e-9a52-4b8e-b6d2-0c5a4a1f2e3d";
  const std::string etag = Get(EastSales(), name)->etag();

  // Sub-west: the same refusal for a real warning and a missing one.
  for (const std::string& n : {name, missing}) {
    absl::StatusOr<v1::ChurnWarning> got = Get(WestSales(), n);
    EXPECT_EQ(got.status().code(), absl::StatusCode::kPermissionDenied) << n;
    EXPECT_EQ(Reason(got.status()), "CHURN_WARNING_NOT_IN_SCOPE") << n;
    got = RecordPlan(WestSales(), n, Plan("抢客户", Today() + 3), etag);
    EXPECT_EQ(got.status().code(), absl::StatusCode::kPermissionDenied) << n;
    EXPECT_EQ(Reason(got.status()), "CHURN_WARNING_NOT_IN_SCOPE") << n;
  }
  absl::StatusOr<v1::ChurnWarning> outcome =
      RecordOutcome(NorthSales(), name, v1::RetentionPlan::LOST, "", etag);
  EXPECT_EQ(outcome.status().code(), absl::StatusCode::kPermissionDenied);
  absl::StatusOr<v1::ListChurnWarningsResponse> west = List(WestSales());
  ASSERT_TRUE(west.ok()) << west.status();
  EXPECT_THAT(CustomersListed(*west, {c}), IsEmpty());
  // HQ learns that a missing one does not exist.
  absl::StatusOr<v1::ChurnWarning> got = Get(Hq(), missing);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Reason(got.status()), "CHURN_WARNING_NOT_FOUND");

  // Serving the customer (account team) shows the warning; acting on it is
  // still the owner's.
  env_->Exec(
      crm::StrCat("UPDATE scoring.replica_customers SET account_team = '{orgUnits/sub-west}'"
                  " WHERE customer_id = '",
                  c, "'"));
  got = Get(WestSales(), name);
  ASSERT_TRUE(got.ok()) << got.status();
  got = RecordPlan(WestSales(), name, Plan("协助拜访", Today() + 3), etag);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(got.status()), "NOT_WARNING_OWNER");
  EXPECT_FALSE(Get(EastSales(), name)->has_retention_plan());
}

}  // namespace
}  // namespace crm::scoring::testing
