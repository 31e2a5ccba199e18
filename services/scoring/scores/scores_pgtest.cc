// Scores against real servers (services/scoring/testing): a customer's
// value and health stored from its facts with the tier in force set once
// and changed by nothing but a review, SCORES_CHANGED only when value,
// health or risk moved, the churn warning raised with high risk and cleared
// when the customer is forgotten; the policy read and replaced (who may,
// every problem at once, etags) and the rescore job scoring under the new
// version; scoring profiles with etags marking the customer dirty; and
// RescoreAll over 10,000 seeded fact rows.
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/clock/business_day.h"
#include "libs/names/resource_names.h"
#include "libs/pg/transaction.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/scoring/facts/facts_store.h"
#include "services/scoring/rules/health_score.h"
#include "services/scoring/rules/scoring_policy.h"
#include "services/scoring/rules/value_score.h"
#include "services/scoring/scores/customer_scoring.h"
#include "services/scoring/testing/scoring_test_env.h"

namespace crm::scoring::testing {
namespace {

using auth::v1::Principal;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;

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

// 2026-12-15 12:00 in Shanghai: the last 3 months are 2026-10..12.
absl::Time Now() {
  return absl::FromCivil(absl::CivilSecond(2026, 12, 15, 12, 0, 0), clock::BusinessTimeZone());
}

// A timestamptz literal `days` days before Now().
std::string DaysAgo(int days) {
  return crm::StrCat(
      "'",
      absl::FormatTime(absl::RFC3339_full, Now() - absl::Hours(24 * days), absl::UTCTimeZone()),
      "'::timestamptz");
}

class ScoresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<ScoringTestEnv>> env = ScoringTestEnv::Start("scoring_scores");
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
    env_->clock().Set(Now());
  }

  // A new customer of sub-east in the scoring service's replica; its id.
  std::string NewCustomer(const std::string& legal_name) {
    const std::string id = IdOf(env_->NewCustomer(EastSales(), legal_name));
    EXPECT_TRUE(env_->SyncCustomers().ok());
    return id;
  }

  // Replaces the customer's facts row: `columns` as "col = value, ...".
  void SetFacts(const std::string& id, const std::string& columns = "") {
    env_->Exec(crm::StrCat("DELETE FROM scoring.customer_facts WHERE customer_id = '", id, "'"));
    env_->Exec(
        crm::StrCat("INSERT INTO scoring.customer_facts (customer_id, refresh_time) VALUES ('", id,
                    "', now())"));
    if (!columns.empty()) {
      env_->Exec(crm::StrCat("UPDATE scoring.customer_facts SET ", columns,
                             " WHERE customer_id = '", id, "'"));
    }
  }

  void SetPurchases(const std::string& id, const std::string& month, int64_t minor_units) {
    env_->Exec(crm::StrCat(
        "INSERT INTO scoring.customer_months (customer_id, month, purchases_minor) VALUES ('", id,
        "', '", month, "', ", minor_units,
        ") ON CONFLICT (customer_id, month) DO UPDATE SET purchases_minor = "
        "EXCLUDED.purchases_minor"));
  }

  absl::Status Score(const std::string& id) {
    return pg::RunInTransaction(env_->module().pool(), [&](pqxx::work& tx) {
      return ScoreCustomer(tx, env_->context(), id, env_->clock().Now());
    });
  }

  std::string Column(const std::string& id, const std::string& column) {
    return env_->QueryValue(crm::StrCat(
        "SELECT ", column, " FROM scoring.customer_scores WHERE customer_id = '", id, "'"));
  }

  int64_t CountEvents(const std::string& type, const std::string& id) {
    return std::stoll(
        env_->QueryValue(crm::StrCat("SELECT count(*) FROM scoring.events WHERE type = '", type,
                                     "' AND resource = '", names::CustomerName(id), "'")));
  }

  template <typename Message>
  Message Stored(const std::string& id, const std::string& column) {
    std::string bytes;
    const absl::Status status =
        pg::RunReadOnly(env_->module().pool(), [&](pqxx::nontransaction& tx) -> absl::Status {
          const pqxx::result rows = tx.exec(crm::StrCat(
              "SELECT ", column, " FROM scoring.customer_scores WHERE customer_id = '", id, "'"));
          if (rows.empty()) return absl::NotFoundError("no scores row");
          bytes = pqxx::binarystring(rows[0][0]).str();
          return absl::OkStatus();
        });
    EXPECT_TRUE(status.ok()) << status;
    Message message;
    EXPECT_TRUE(message.ParseFromString(bytes));
    return message;
  }

  absl::StatusOr<v1::ScoringPolicy> GetPolicy(const Principal& as) {
    v1::ScoringPolicy policy;
    const grpc::Status status =
        env_->stub().GetScoringPolicy(env_->As(as).get(), v1::GetScoringPolicyRequest(), &policy);
    if (!status.ok()) return status::FromGrpc(status);
    return policy;
  }

  absl::StatusOr<v1::ScoringPolicy> UpdatePolicy(const Principal& as,
                                                 const v1::ScoringPolicy& values) {
    v1::UpdateScoringPolicyRequest request;
    *request.mutable_scoring_policy() = values;
    v1::ScoringPolicy policy;
    const grpc::Status status =
        env_->stub().UpdateScoringPolicy(env_->As(as).get(), request, &policy);
    if (!status.ok()) return status::FromGrpc(status);
    return policy;
  }

  absl::StatusOr<v1::ScoringProfile> UpdateProfile(const Principal& as,
                                                   const v1::ScoringProfile& values) {
    v1::UpdateScoringProfileRequest request;
    *request.mutable_scoring_profile() = values;
    v1::ScoringProfile profile;
    const grpc::Status status =
        env_->stub().UpdateScoringProfile(env_->As(as).get(), request, &profile);
    if (!status.ok()) return status::FromGrpc(status);
    return profile;
  }

  std::unique_ptr<ScoringTestEnv> env_;
};

TEST_F(ScoresTest, StoredWithTheTierSetOnceAndEventsOnlyOnChange) {
  const std::string id = NewCustomer("华信能源（上海）有限公司");
  SetFacts(id,
           crm::StrCat("last_activity_time = ", DaysAgo(3), ", last_visit_time = ", DaysAgo(20)));
  SetPurchases(id, "2026-06-01", 200'000'000);  // 2,000,000.00 CNY: B
  ASSERT_TRUE(Score(id).ok());

  EXPECT_EQ(Column(id, "tier"), "2");
  EXPECT_EQ(Column(id, "computed_tier"), "2");
  EXPECT_EQ(Column(id, "tier_decided"), "f");
  EXPECT_EQ(Column(id, "risk"), "1");
  EXPECT_EQ(Column(id, "annual_purchases_minor"), "200000000");
  EXPECT_EQ(Column(id, "policy_version"), "1");
  EXPECT_EQ(Column(id, "version"), "1");
  const v1::ValueAssessment value = Stored<v1::ValueAssessment>(id, "value");
  EXPECT_EQ(value.computed_tier(), v1::TIER_B);
  EXPECT_EQ(value.annual_purchases().minor_units(), 200'000'000);
  EXPECT_EQ(value.factors_size(), 5);
  EXPECT_DOUBLE_EQ(std::stod(Column(id, "value_score")), value.score());
  const v1::HealthAssessment health = Stored<v1::HealthAssessment>(id, "health");
  EXPECT_DOUBLE_EQ(health.score(), 100);
  EXPECT_EQ(health.signals_size(), 8);
  EXPECT_EQ(CountEvents("SCORES_CHANGED", id), 1);
  EXPECT_EQ(
      env_->QueryValue(crm::StrCat(
          "SELECT count(*) FROM scoring.events WHERE type = 'SCORES_CHANGED' AND resource = '",
          names::CustomerName(id), "'")),
      "1");

  // Scored again with nothing changed: no event, same version.
  ASSERT_TRUE(Score(id).ok());
  EXPECT_EQ(CountEvents("SCORES_CHANGED", id), 1);
  EXPECT_EQ(Column(id, "version"), "1");

  // Purchases above 10,000,000.00 CNY: computed A, the tier in force stays
  // B until a review decides.
  SetPurchases(id, "2026-06-01", 1'500'000'000);
  ASSERT_TRUE(Score(id).ok());
  EXPECT_EQ(Column(id, "computed_tier"), "1");
  EXPECT_EQ(Column(id, "tier"), "2");
  EXPECT_EQ(Column(id, "version"), "2");
  EXPECT_EQ(CountEvents("SCORES_CHANGED", id), 2);

  // A review's decision is kept by every later scoring.
  env_->Exec(
      crm::StrCat("UPDATE scoring.customer_scores SET tier = 1, tier_decided = true"
                  " WHERE customer_id = '",
                  id, "'"));
  SetPurchases(id, "2026-06-01", 150'000'000);
  ASSERT_TRUE(Score(id).ok());
  EXPECT_EQ(Column(id, "tier"), "1");
  EXPECT_EQ(Column(id, "computed_tier"), "2");
  EXPECT_EQ(CountEvents("SCORES_CHANGED", id), 3);
}

TEST_F(ScoresTest, HighRiskRaisesTheWarningAndForgettingClearsIt) {
  const std::string id = NewCustomer("天津华信石化有限公司");
  // Orders stopped, nobody called or visited, 60 days overdue, a contract
  // ending without renewal.
  SetFacts(id,
           "overdue_minor = 1000000, receivable_minor = 1000000, overdue_days = 60,"
           " expiring_without_renewal = 1");
  SetPurchases(id, "2026-08-01", 300'000'000);
  ASSERT_TRUE(Score(id).ok());
  EXPECT_EQ(Column(id, "risk"), "3");
  const v1::HealthAssessment health = Stored<v1::HealthAssessment>(id, "health");
  EXPECT_DOUBLE_EQ(health.score(), 28.75);  // 100 - 20 - 15 - 10 - 15 - 11.25
  ASSERT_GE(health.reasons_size(), 4);
  EXPECT_THAT(health.reasons(0), HasSubstr("orders in the last 3 months 100% below"));
  EXPECT_EQ(CountEvents("SCORES_CHANGED", id), 1);
  EXPECT_EQ(env_->QueryValue(crm::StrCat(
                "SELECT count(*) FROM scoring.churn_warnings WHERE state = 1 AND customer_id = '",
                id, "'")),
            "1");
  EXPECT_EQ(
      env_->QueryValue(crm::StrCat(
          "SELECT owner_org_unit FROM scoring.churn_warnings WHERE customer_id = '", id, "'")),
      EastSales().org_unit());

  ASSERT_TRUE(pg::RunInTransaction(env_->module().pool(), [&](pqxx::work& tx) {
                return ForgetCustomer(tx, env_->context(), id, env_->clock().Now());
              }).ok());
  EXPECT_EQ(Column(id, "tier"), "");
  EXPECT_EQ(env_->QueryValue(crm::StrCat(
                "SELECT count(*) FROM scoring.churn_warnings WHERE state = 1 AND customer_id = '",
                id, "'")),
            "0");
}

TEST_F(ScoresTest, PolicyUpdateIsRescoredByTheJob) {
  const std::string id = NewCustomer("华信储运有限公司");
  SetFacts(id,
           crm::StrCat("last_activity_time = ", DaysAgo(36), ", last_visit_time = ", DaysAgo(20)));
  ASSERT_TRUE(Score(id).ok());
  EXPECT_EQ(Column(id, "health_score"), "86.5");  // 36 days without activity: -13.5

  absl::StatusOr<v1::ScoringPolicy> current = GetPolicy(EastSales());
  ASSERT_TRUE(current.ok()) << current.status();
  EXPECT_EQ(current->name(), "scoringPolicy");
  EXPECT_EQ(current->version(), 1);
  v1::ScoringPolicy defaults = DefaultScoringPolicy();
  defaults.set_etag(current->etag());
  *defaults.mutable_update_time() = current->update_time();
  EXPECT_EQ(current->SerializeAsString(), defaults.SerializeAsString());

  v1::ScoringPolicy values = *current;
  for (v1::SignalRule& rule : *values.mutable_signals()) {
    if (rule.signal() == kSignalDaysSinceActivity) rule.set_threshold(60);
  }
  // Only the strategy centre or hq_admin.
  for (const Principal& refused : {EastSales(), SubStrategy(), EastAdmin()}) {
    absl::StatusOr<v1::ScoringPolicy> denied = UpdatePolicy(refused, values);
    EXPECT_EQ(denied.status().code(), absl::StatusCode::kPermissionDenied) << refused.user();
    EXPECT_EQ(Reason(denied.status()), "STRATEGY_ROLE_REQUIRED");
  }
  // Every problem at once.
  v1::ScoringPolicy bad = values;
  bad.clear_etag();
  bad.mutable_value_weights()->set_growth_bp(0);
  bad.set_high_risk_below(90);
  bad.mutable_signals(0)->set_threshold(10);
  absl::StatusOr<v1::ScoringPolicy> invalid = UpdatePolicy(Strategy(), bad);
  EXPECT_EQ(invalid.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(invalid.status()),
            (std::set<std::string>{"scoring_policy.etag", "scoring_policy.value_weights",
                                   "scoring_policy.medium_risk_below",
                                   "scoring_policy.signals[0].threshold"}));

  absl::StatusOr<v1::ScoringPolicy> updated = UpdatePolicy(Strategy(), values);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->version(), 2);
  EXPECT_EQ(updated->updated_by(), Strategy().user());
  EXPECT_NE(updated->etag(), current->etag());
  // The etag read before is stale now.
  absl::StatusOr<v1::ScoringPolicy> stale = UpdatePolicy(Hq(), values);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(Reason(stale.status()), "ETAG_MISMATCH");
  absl::StatusOr<v1::ScoringPolicy> read = GetPolicy(WestSales());
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->version(), 2);
  EXPECT_EQ(read->signals(1).threshold(), 60);

  // The job rescores under version 2: 36 days are below the new 60.
  EXPECT_EQ(Column(id, "policy_version"), "1");
  env_->clock().Advance(absl::Minutes(2));
  absl::StatusOr<int64_t> ran = env_->RunJobs();
  ASSERT_TRUE(ran.ok()) << ran.status();
  EXPECT_EQ(Column(id, "policy_version"), "2");
  EXPECT_EQ(Column(id, "health_score"), "100");
  EXPECT_EQ(Stored<v1::HealthAssessment>(id, "health").policy_version(), 2);
  EXPECT_EQ(Stored<v1::ValueAssessment>(id, "value").policy_version(), 2);
  EXPECT_EQ(CountEvents("SCORES_CHANGED", id), 2);
  // Nothing left for the next run.
  env_->clock().Advance(absl::Minutes(2));
  ASSERT_TRUE(env_->RunJobs().ok());
  EXPECT_EQ(CountEvents("SCORES_CHANGED", id), 2);
}

TEST_F(ScoresTest, ScoringProfileWithEtagsMarksTheCustomerDirty) {
  const std::string id = NewCustomer("华信新能源科技有限公司");
  SetFacts(id,
           crm::StrCat("last_activity_time = ", DaysAgo(3), ", last_visit_time = ", DaysAgo(20)));
  env_->Exec("DELETE FROM scoring.dirty_customers");
  v1::ScoringProfile values;
  values.set_name(crm::StrCat("customers/", id, "/scoringProfile"));
  values.set_strategic(true);
  values.mutable_margin_bp()->set_value(2500);
  values.set_reason("集团战略合作伙伴");

  absl::StatusOr<v1::ScoringProfile> denied = UpdateProfile(EastSales(), values);
  EXPECT_EQ(denied.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(denied.status()), "STRATEGY_ROLE_REQUIRED");

  absl::StatusOr<v1::ScoringProfile> created = UpdateProfile(Strategy(), values);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_TRUE(created->strategic());
  EXPECT_EQ(created->margin_bp().value(), 2500);
  EXPECT_EQ(created->updated_by(), Strategy().user());
  EXPECT_FALSE(created->etag().empty());
  EXPECT_EQ(env_->QueryValue(crm::StrCat(
                "SELECT count(*) FROM scoring.dirty_customers WHERE customer_id = '", id, "'")),
            "1");

  // It exists now: the etag is required, and must be the last one.
  absl::StatusOr<v1::ScoringProfile> no_etag = UpdateProfile(Hq(), values);
  EXPECT_EQ(no_etag.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(no_etag.status()), (std::set<std::string>{"scoring_profile.etag"}));
  values.set_etag("\"7\"");
  EXPECT_EQ(UpdateProfile(Hq(), values).status().code(), absl::StatusCode::kAborted);
  values.set_etag(created->etag());
  values.clear_margin_bp();
  absl::StatusOr<v1::ScoringProfile> updated = UpdateProfile(Hq(), values);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_FALSE(updated->has_margin_bp());
  EXPECT_NE(updated->etag(), created->etag());

  // Every problem at once.
  v1::ScoringProfile bad;
  bad.set_name("customers/nope/scoringProfile");
  bad.mutable_margin_bp()->set_value(20000);
  bad.set_reason(std::string(501, 'x'));
  absl::StatusOr<v1::ScoringProfile> invalid = UpdateProfile(Strategy(), bad);
  EXPECT_EQ(invalid.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(invalid.status()),
            (std::set<std::string>{"scoring_profile.name", "scoring_profile.margin_bp",
                                   "scoring_profile.reason"}));

  // A customer nobody knows: HQ learns it does not exist.
  v1::ScoringProfile unknown;
  unknown.set_name("customers/00000000-0000-4000-8000-000000000001/scoringProfile");
  absl::StatusOr<v1::ScoringProfile> missing = UpdateProfile(Hq(), unknown);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Reason(missing.status()), "CUSTOMER_NOT_FOUND");

  // Scored with the profile: strategic, so A whatever it buys.
  ASSERT_TRUE(Score(id).ok());
  EXPECT_EQ(Column(id, "computed_tier"), "1");
  EXPECT_EQ(Column(id, "tier"), "1");
}

TEST_F(ScoresTest, RescoreAllOverTenThousandFactRows) {
  // Customer i buys (i % 3) x 6,000,000.00 CNY: C, B, A in turn.
  env_->Exec(crm::StrCat(
      "INSERT INTO scoring.customer_facts (customer_id, last_activity_time, last_visit_time,"
      " refresh_time) SELECT md5('c' || i)::uuid, ",
      DaysAgo(2), ", ", DaysAgo(10), ", now() FROM generate_series(1, 10000) AS i"));
  env_->Exec(
      "INSERT INTO scoring.customer_months (customer_id, month, purchases_minor)"
      " SELECT md5('c' || i)::uuid, date '2026-06-01', (i % 3) * 600000000::bigint"
      " FROM generate_series(1, 10000) AS i WHERE i % 3 > 0");
  const absl::Time start = absl::Now();
  absl::StatusOr<int64_t> scored = RescoreAll(env_->context(), env_->clock().Now(), 1000);
  const absl::Duration took = absl::Now() - start;
  ASSERT_TRUE(scored.ok()) << scored.status();
  EXPECT_EQ(*scored, 10000);
  std::cout << "RescoreAll: 10,000 customers in " << took << "\n";
  EXPECT_EQ(env_->QueryValue("SELECT count(*) FROM scoring.customer_scores"), "10000");
  EXPECT_EQ(env_->QueryValue("SELECT count(*) FROM scoring.customer_scores WHERE tier = 1"),
            "3333");
  EXPECT_EQ(env_->QueryValue("SELECT count(*) FROM scoring.customer_scores WHERE tier = 2"),
            "3334");
  EXPECT_EQ(env_->QueryValue("SELECT count(*) FROM scoring.customer_scores WHERE tier = 3"),
            "3333");
  EXPECT_EQ(env_->QueryValue("SELECT count(*) FROM scoring.events WHERE type = 'SCORES_CHANGED'"),
            "10000");

  // Each row is what the rules give for the customer's facts.
  const std::string id = env_->QueryValue("SELECT md5('c' || 2)::uuid::text");
  std::optional<FactsSnapshot> facts;
  ASSERT_TRUE(pg::RunReadOnly(env_->module().pool(), [&](pqxx::nontransaction& tx) -> absl::Status {
                absl::StatusOr<std::optional<FactsSnapshot>> read =
                    ReadFacts(tx, id, env_->clock().Now());
                if (!read.ok()) return read.status();
                facts = *read;
                return absl::OkStatus();
              }).ok());
  ASSERT_TRUE(facts.has_value());
  const v1::ValueAssessment value =
      AssessValue(*facts, DefaultScoringPolicy(), env_->clock().Now());
  EXPECT_EQ(Stored<v1::ValueAssessment>(id, "value").SerializeAsString(),
            value.SerializeAsString());
  EXPECT_EQ(Column(id, "tier"), "1");

  // Again: every customer scored, none changed, no event.
  const absl::Time again_start = absl::Now();
  absl::StatusOr<int64_t> again = RescoreAll(env_->context(), env_->clock().Now(), 3000);
  std::cout << "RescoreAll again (nothing changed): 10,000 customers in "
            << absl::Now() - again_start << "\n";
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, 10000);
  EXPECT_EQ(env_->QueryValue("SELECT count(*) FROM scoring.events WHERE type = 'SCORES_CHANGED'"),
            "10000");
}

}  // namespace
}  // namespace crm::scoring::testing
