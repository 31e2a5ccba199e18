// Tier reviews against real servers: a quarter's review proposes a change
// for every customer whose computed tier differs from its tier, with the
// value assessment's reasons; the strategy centre approves or overrides
// (with a reason), the customer's tier changes, its history keeps it and
// TIER_CHANGED is published to its owner; the strategy role below HQ is
// refused; a subsidiary lists and counts only its customers' proposals.
// Scores are seeded directly (the scorer is not what is tested here).
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/names/resource_names.h"
#include "libs/pg/transaction.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/scoring/core/scoring_events.h"
#include "services/scoring/testing/scoring_test_env.h"

namespace crm::scoring::testing {
namespace {

using auth::v1::Principal;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Decision = v1::DecideTierProposalRequest;

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

// A value assessment as the rules write it: the tier's reason and two
// factors that scored, one that did not.
v1::ValueAssessment Value(v1::Tier computed, const std::string& tier_reason) {
  v1::ValueAssessment value;
  value.set_computed_tier(computed);
  value.set_tier_reason(tier_reason);
  value.set_score(46);
  v1::ValueFactor* tenure = value.add_factors();
  tenure->set_factor("tenure");
  tenure->set_points(6);
  tenure->set_explanation("tenure 4 years: 6 of 15 points");
  v1::ValueFactor* purchases = value.add_factors();
  purchases->set_factor("annual_purchases");
  purchases->set_points(40);
  purchases->set_explanation("annual purchases: 40 of 40 points");
  v1::ValueFactor* strategic = value.add_factors();
  strategic->set_factor("strategic");
  strategic->set_points(0);
  strategic->set_explanation("not strategic");
  return value;
}

class TiersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<ScoringTestEnv>> env = ScoringTestEnv::Start("scoring_tiers");
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
  }
  static void TearDownTestSuite() { env_.reset(); }

  void SetUp() override { ASSERT_NE(env_, nullptr); }

  // A new customer of `owner`'s org unit with its scores: `tier` in force,
  // `computed` by the policy; its id.
  static std::string Scored(const Principal& owner, const std::string& legal_name, v1::Tier tier,
                            v1::Tier computed, int64_t annual_minor,
                            const std::string& tier_reason = "") {
    const std::string id = IdOf(env_->NewCustomer(owner, legal_name));
    EXPECT_TRUE(env_->SyncCustomers().ok());
    SetScores(id, tier, computed, annual_minor, tier_reason);
    return id;
  }
  static void SetScores(const std::string& id, v1::Tier tier, v1::Tier computed,
                        int64_t annual_minor, const std::string& tier_reason = "") {
    const std::string value = absl::Base64Escape(Value(computed, tier_reason).SerializeAsString());
    env_->Exec(crm::StrCat(
        "INSERT INTO scoring.customer_scores (customer_id, tier, computed_tier, value_score,"
        " health_score, risk, annual_purchases_minor, value, health, policy_version,"
        " compute_time) VALUES ('",
        id, "', ", static_cast<int>(tier), ", ", static_cast<int>(computed), ", 46, 80, 1, ",
        annual_minor, ", decode('", value,
        "', 'base64'), '', 1, now()) ON CONFLICT (customer_id) DO UPDATE SET"
        " computed_tier = EXCLUDED.computed_tier,"
        " annual_purchases_minor = EXCLUDED.annual_purchases_minor, value = EXCLUDED.value"));
  }

  static std::string Tier(const std::string& id) {
    return env_->QueryValue(crm::StrCat(
        "SELECT tier || ' ' || tier_decided FROM scoring.customer_scores WHERE customer_id = '", id,
        "'"));
  }

  static absl::StatusOr<v1::TierReview> Open(const Principal& as, const std::string& quarter) {
    v1::OpenTierReviewRequest request;
    request.set_quarter(quarter);
    v1::TierReview review;
    const grpc::Status status = env_->stub().OpenTierReview(env_->As(as).get(), request, &review);
    if (!status.ok()) return status::FromGrpc(status);
    return review;
  }

  static absl::StatusOr<v1::TierReview> GetReview(const Principal& as, const std::string& name) {
    v1::GetTierReviewRequest request;
    request.set_name(name);
    v1::TierReview review;
    const grpc::Status status = env_->stub().GetTierReview(env_->As(as).get(), request, &review);
    if (!status.ok()) return status::FromGrpc(status);
    return review;
  }

  static absl::StatusOr<v1::ListTierProposalsResponse> ListPage(
      const Principal& as, const std::string& quarter, int page_size, const std::string& token,
      v1::TierProposal::State state = v1::TierProposal::STATE_UNSPECIFIED) {
    v1::ListTierProposalsRequest request;
    request.set_parent(crm::StrCat("tierReviews/", quarter));
    request.set_state(state);
    request.set_page_size(page_size);
    request.set_page_token(token);
    v1::ListTierProposalsResponse response;
    const grpc::Status status =
        env_->stub().ListTierProposals(env_->As(as).get(), request, &response);
    if (!status.ok()) return status::FromGrpc(status);
    return response;
  }

  // Every proposal `as` may see, page after page of `page_size`.
  static std::vector<v1::TierProposal> ListAll(const Principal& as, const std::string& quarter,
                                               int page_size = 1000) {
    std::vector<v1::TierProposal> all;
    std::string token;
    do {
      absl::StatusOr<v1::ListTierProposalsResponse> page = ListPage(as, quarter, page_size, token);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      EXPECT_LE(page->proposals_size(), page_size);
      for (const v1::TierProposal& p : page->proposals()) all.push_back(p);
      token = page->next_page_token();
    } while (!token.empty());
    return all;
  }

  // The proposal of customer `id` in the list, if any.
  static std::optional<v1::TierProposal> Find(const std::vector<v1::TierProposal>& proposals,
                                              const std::string& id) {
    for (const v1::TierProposal& p : proposals) {
      if (p.customer() == names::CustomerName(id)) return p;
    }
    return std::nullopt;
  }

  static std::vector<std::string> Customers(const std::vector<v1::TierProposal>& proposals,
                                            const std::set<std::string>& ids) {
    std::vector<std::string> found;
    for (const v1::TierProposal& p : proposals) {
      if (ids.contains(IdOf(p.customer()))) found.push_back(IdOf(p.customer()));
    }
    return found;
  }

  static absl::StatusOr<v1::TierProposal> Decide(const Principal& as, const std::string& name,
                                                 Decision::Decision decision,
                                                 const std::string& etag,
                                                 v1::Tier tier = v1::TIER_UNSPECIFIED,
                                                 const std::string& reason = "") {
    Decision request;
    request.set_name(name);
    request.set_decision(decision);
    request.set_etag(etag);
    request.set_tier(tier);
    request.set_reason(reason);
    v1::TierProposal proposal;
    const grpc::Status status =
        env_->stub().DecideTierProposal(env_->As(as).get(), request, &proposal);
    if (!status.ok()) return status::FromGrpc(status);
    return proposal;
  }

  static absl::StatusOr<v1::ListTierHistoryResponse> History(const Principal& as,
                                                             const std::string& id,
                                                             int page_size = 0,
                                                             const std::string& token = "") {
    v1::ListTierHistoryRequest request;
    request.set_customer(names::CustomerName(id));
    request.set_page_size(page_size);
    request.set_page_token(token);
    v1::ListTierHistoryResponse response;
    const grpc::Status status =
        env_->stub().ListTierHistory(env_->As(as).get(), request, &response);
    if (!status.ok()) return status::FromGrpc(status);
    return response;
  }

  // "from>to quarter decided_by reason".
  static std::vector<std::string> Changes(const v1::ListTierHistoryResponse& history) {
    std::vector<std::string> changes;
    for (const v1::TierChange& c : history.changes()) {
      changes.push_back(crm::StrCat(v1::Tier_Name(c.from_tier()), ">", v1::Tier_Name(c.to_tier()),
                                    " ", c.quarter(), " ", c.decided_by(), " ", c.reason()));
    }
    return changes;
  }

  // The feed's events of `type` on `resource`, oldest first.
  static std::vector<v1::ScoringEvent> Events(v1::ScoringEvent::Type type,
                                              const std::string& resource) {
    std::vector<v1::ScoringEvent> found;
    const absl::Status status =
        pg::RunReadOnly(env_->module().pool(), [&](pqxx::nontransaction& tx) -> absl::Status {
          for (const pqxx::row& row :
               tx.exec_params("SELECT sequence, event_id::text, type, resource, version,"
                              " encode(payload, 'base64') FROM scoring.events"
                              " WHERE type = $1 AND resource = $2 ORDER BY sequence",
                              v1::ScoringEvent::Type_Name(type), resource)) {
            events::Event event;
            event.sequence = row[0].as<int64_t>();
            event.event_id = row[1].as<std::string>();
            event.type = row[2].as<std::string>();
            event.resource = row[3].as<std::string>();
            event.version = row[4].as<int64_t>();
            absl::Base64Unescape(row[5].as<std::string>(), &event.payload);
            found.push_back(ToProto(event));
          }
          return absl::OkStatus();
        });
    EXPECT_TRUE(status.ok()) << status;
    return found;
  }

  static std::unique_ptr<ScoringTestEnv> env_;
};

std::unique_ptr<ScoringTestEnv> TiersTest::env_;

TEST_F(TiersTest, OpeningProposesEveryCustomerWhoseComputedTierDiffersWithItsReasons) {
  const std::string a =
      Scored(EastSales(), "华信能源集团有限公司", v1::TIER_B, v1::TIER_A, 1'240'000'000,
             "annual purchases 12,400,000.00 CNY above 10,000,000.00");
  const std::string b =
      Scored(EastSales(), "东方小件快运有限公司", v1::TIER_C, v1::TIER_C, 50'000'000);
  const std::string c = Scored(WestSales(), "西部建材有限公司", v1::TIER_B, v1::TIER_C, 80'000'000,
                               "annual purchases 800,000.00 CNY below 1,000,000.00");

  absl::StatusOr<v1::TierReview> review = Open(Strategy(), "2026q1");
  ASSERT_TRUE(review.ok()) << review.status();
  EXPECT_EQ(review->name(), "tierReviews/2026Q1");
  EXPECT_EQ(review->opened_by(), "users/zhou.strategy");
  EXPECT_TRUE(review->has_open_time());
  EXPECT_EQ(crm::StrCat(review->policy_version()),
            env_->QueryValue("SELECT max(version) FROM scoring.policies"));
  EXPECT_EQ(review->approved(), 0);
  EXPECT_EQ(review->overridden(), 0);

  std::vector<v1::TierProposal> proposals = ListAll(Hq(), "2026Q1");
  EXPECT_EQ(static_cast<int64_t>(proposals.size()), review->pending());
  // The largest annual purchases first; a customer in its computed tier
  // has no proposal.
  EXPECT_THAT(Customers(proposals, {a, b, c}), ElementsAre(a, c));
  std::optional<v1::TierProposal> pa = Find(proposals, a);
  ASSERT_TRUE(pa.has_value());
  EXPECT_EQ(pa->name(), crm::StrCat("tierReviews/2026Q1/proposals/", a));
  EXPECT_EQ(pa->display_name(), "华信能源集团有限公司");
  EXPECT_EQ(pa->owner_org_unit(), "orgUnits/sub-east");
  EXPECT_EQ(pa->current_tier(), v1::TIER_B);
  EXPECT_EQ(pa->proposed_tier(), v1::TIER_A);
  EXPECT_THAT(pa->reasons(),
              ElementsAre("tier B in force; the policy computes A",
                          "annual purchases 12,400,000.00 CNY above 10,000,000.00",
                          "annual purchases: 40 of 40 points", "tenure 4 years: 6 of 15 points"));
  EXPECT_EQ(pa->annual_purchases().currency_code(), "CNY");
  EXPECT_EQ(pa->annual_purchases().minor_units(), 1'240'000'000);
  EXPECT_DOUBLE_EQ(pa->value_score(), 46);
  EXPECT_EQ(pa->state(), v1::TierProposal::PENDING);
  EXPECT_EQ(pa->decided_tier(), v1::TIER_UNSPECIFIED);
  EXPECT_FALSE(pa->etag().empty());
  std::optional<v1::TierProposal> pc = Find(proposals, c);
  ASSERT_TRUE(pc.has_value());
  EXPECT_EQ(pc->proposed_tier(), v1::TIER_C);
  EXPECT_EQ(pc->reasons(1), "annual purchases 800,000.00 CNY below 1,000,000.00");
  EXPECT_EQ(Events(v1::ScoringEvent::TIER_REVIEW_OPENED, "tierReviews/2026Q1").size(), 1u);

  // Opening it again adds nothing that is there already...
  absl::StatusOr<v1::TierReview> again = Open(Hq(), "2026Q1");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->pending(), review->pending());
  EXPECT_EQ(again->opened_by(), "users/zhou.strategy");
  EXPECT_EQ(Events(v1::ScoringEvent::TIER_REVIEW_OPENED, "tierReviews/2026Q1").size(), 1u);
  // ...and what is new since.
  const std::string d =
      Scored(EastSales(), "东方新材料有限公司", v1::TIER_C, v1::TIER_B, 300'000'000);
  again = Open(Strategy(), "2026Q1");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->pending(), review->pending() + 1);
  proposals = ListAll(Hq(), "2026Q1");
  EXPECT_THAT(Customers(proposals, {a, b, c, d}), ElementsAre(a, d, c));
  EXPECT_EQ(Events(v1::ScoringEvent::TIER_REVIEW_OPENED, "tierReviews/2026Q1").size(), 2u);
  // Pages of one walk the same order.
  std::vector<v1::TierProposal> paged = ListAll(Hq(), "2026Q1", 1);
  ASSERT_EQ(paged.size(), proposals.size());
  for (size_t i = 0; i < paged.size(); ++i) EXPECT_EQ(paged[i].name(), proposals[i].name());
}

TEST_F(TiersTest, OpeningProposesForManyCustomersPageAfterPage) {
  // 2,500 scored customers (more than one page of candidates) whose
  // computed tier differs, beside the other tests' customers.
  env_->Exec(
      "INSERT INTO scoring.customer_scores (customer_id, tier, computed_tier, value_score,"
      " health_score, risk, annual_purchases_minor, value, health, policy_version, compute_time)"
      " SELECT gen_random_uuid(), 3, 2, 30, 80, 1, 100000000 + n, '', '', 1, now()"
      " FROM generate_series(1, 2500) n");
  absl::StatusOr<v1::TierReview> review = Open(Strategy(), "2023Q1");
  ASSERT_TRUE(review.ok()) << review.status();
  const std::string differing =
      env_->QueryValue("SELECT count(*) FROM scoring.customer_scores WHERE computed_tier <> tier");
  EXPECT_EQ(crm::StrCat(review->pending()), differing);
  EXPECT_EQ(env_->QueryValue("SELECT count(*) FROM scoring.tier_proposals WHERE quarter = '2023Q1'"
                             " AND reasons[1] = 'tier C in force; the policy computes B'"
                             " AND annual_purchases_minor BETWEEN 100000001 AND 100002500"),
            "2500");
  // Nothing new: nothing added.
  absl::StatusOr<v1::TierReview> again = Open(Strategy(), "2023Q1");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->pending(), review->pending());
  // Back to the tests' own size.
  env_->Exec("DELETE FROM scoring.tier_proposals WHERE quarter = '2023Q1'");
  env_->Exec(
      "DELETE FROM scoring.customer_scores WHERE annual_purchases_minor > 100000000"
      " AND annual_purchases_minor <= 100002500 AND value = ''");
}

TEST_F(TiersTest, OpeningNeedsTheStrategyCentreOrHqAdminAndAQuarter) {
  for (const Principal& p : {EastSales(), SubStrategy(), EastAdmin()}) {
    absl::StatusOr<v1::TierReview> refused = Open(p, "2026Q2");
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied) << p.user();
    EXPECT_EQ(Reason(refused.status()), "STRATEGY_ROLE_REQUIRED") << p.user();
  }
  for (const char* quarter : {"", "2026Q5", "Q4 2026"}) {
    absl::StatusOr<v1::TierReview> bad = Open(Strategy(), quarter);
    EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument) << quarter;
    EXPECT_EQ(Fields(bad.status()), std::set<std::string>{"quarter"}) << quarter;
  }
  absl::StatusOr<v1::TierReview> never = GetReview(EastSales(), "tierReviews/2019Q3");
  EXPECT_EQ(never.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Reason(never.status()), "TIER_REVIEW_NOT_FOUND");
  absl::StatusOr<v1::ListTierProposalsResponse> none = ListPage(EastSales(), "2019Q3", 0, "");
  EXPECT_EQ(none.status().code(), absl::StatusCode::kNotFound);
  never = GetReview(EastSales(), "reviews/2026Q2");
  EXPECT_EQ(Fields(never.status()), std::set<std::string>{"name"});

  // hq_admin may open one too.
  absl::StatusOr<v1::TierReview> opened = Open(Hq(), "2026Q2");
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(opened->opened_by(), Hq().user());
  absl::StatusOr<v1::TierReview> got = GetReview(EastSales(), "tierReviews/2026Q2");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->name(), "tierReviews/2026Q2");
}

TEST_F(TiersTest, ApprovingChangesTheTierKeepsItsHistoryAndPublishesTierChanged) {
  const std::string a =
      Scored(EastSales(), "华信能源上海有限公司", v1::TIER_B, v1::TIER_A, 1'100'000'000,
             "annual purchases 11,000,000.00 CNY above 10,000,000.00");
  ASSERT_TRUE(Open(Strategy(), "2026Q3").ok());
  std::optional<v1::TierProposal> p = Find(ListAll(EastSales(), "2026Q3"), a);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(Tier(a), "2 false");

  // Only the strategy centre decides: not the role below HQ, not hq_admin.
  for (const Principal& as : {SubStrategy(), Hq(), EastSales()}) {
    absl::StatusOr<v1::TierProposal> refused = Decide(as, p->name(), Decision::APPROVE, p->etag());
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied) << as.user();
    EXPECT_EQ(Reason(refused.status()), "STRATEGY_ROLE_REQUIRED") << as.user();
  }
  absl::StatusOr<v1::TierProposal> stale =
      Decide(Strategy(), p->name(), Decision::APPROVE, "\"9\"");
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(Reason(stale.status()), "ETAG_MISMATCH");
  EXPECT_EQ(Tier(a), "2 false");

  absl::StatusOr<v1::TierProposal> approved =
      Decide(Strategy(), p->name(), Decision::APPROVE, p->etag());
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_EQ(approved->state(), v1::TierProposal::APPROVED);
  EXPECT_EQ(approved->decided_tier(), v1::TIER_A);
  EXPECT_EQ(approved->decided_by(), "users/zhou.strategy");
  EXPECT_TRUE(approved->has_decide_time());
  EXPECT_NE(approved->etag(), p->etag());
  EXPECT_EQ(Tier(a), "1 true");

  absl::StatusOr<v1::ListTierHistoryResponse> history = History(EastSales(), a);
  ASSERT_TRUE(history.ok()) << history.status();
  EXPECT_THAT(Changes(*history),
              ElementsAre("TIER_B>TIER_A 2026Q3 users/zhou.strategy approved: tier B in force; "
                          "the policy computes A"));
  const std::vector<v1::ScoringEvent> changed =
      Events(v1::ScoringEvent::TIER_CHANGED, names::CustomerName(a));
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0].customer(), names::CustomerName(a));
  EXPECT_EQ(changed[0].from_tier(), v1::TIER_B);
  EXPECT_EQ(changed[0].to_tier(), v1::TIER_A);
  EXPECT_EQ(changed[0].org_unit(), "orgUnits/sub-east");

  // Decided once.
  absl::StatusOr<v1::TierProposal> twice =
      Decide(Strategy(), p->name(), Decision::APPROVE, approved->etag());
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(twice.status()), "TIER_PROPOSAL_DECIDED");
  absl::StatusOr<v1::TierProposal> missing =
      Decide(Strategy(), "tierReviews/2026Q3/proposals/7d3c1c1e-9a52-4b8e-b6d2-0c5a4a1f2e3d",
             Decision::APPROVE, "\"1\"");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Reason(missing.status()), "TIER_PROPOSAL_NOT_FOUND");
  absl::StatusOr<v1::TierReview> review = GetReview(Hq(), "tierReviews/2026Q3");
  ASSERT_TRUE(review.ok()) << review.status();
  EXPECT_GE(review->approved(), 1);
}

TEST_F(TiersTest, OverridingNeedsATierAndAReason) {
  const std::string b =
      Scored(WestSales(), "西部能源化工有限公司", v1::TIER_C, v1::TIER_B, 250'000'000);
  ASSERT_TRUE(Open(Strategy(), "2026Q4").ok());
  std::optional<v1::TierProposal> p = Find(ListAll(Hq(), "2026Q4"), b);
  ASSERT_TRUE(p.has_value());

  absl::StatusOr<v1::TierProposal> bad =
      Decide(Strategy(), p->name(), Decision::OVERRIDE, p->etag());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(bad.status()), (std::set<std::string>{"tier", "reason"}));
  bad = Decide(Strategy(), p->name(), Decision::OVERRIDE, p->etag(), v1::TIER_A,
               std::string(501, 'x'));
  EXPECT_EQ(Fields(bad.status()), std::set<std::string>{"reason"});
  bad = Decide(Strategy(), p->name(), Decision::APPROVE, p->etag(), v1::TIER_A);
  EXPECT_EQ(Fields(bad.status()), std::set<std::string>{"tier"});
  bad = Decide(Strategy(), "tierReviews/2026Q4/proposals/x", Decision::DECISION_UNSPECIFIED, "");
  EXPECT_EQ(Fields(bad.status()), (std::set<std::string>{"name", "decision", "etag"}));
  EXPECT_EQ(p->state(), v1::TierProposal::PENDING);

  absl::StatusOr<v1::TierProposal> overridden =
      Decide(Strategy(), p->name(), Decision::OVERRIDE, p->etag(), v1::TIER_A, "集团战略合作伙伴");
  ASSERT_TRUE(overridden.ok()) << overridden.status();
  EXPECT_EQ(overridden->state(), v1::TierProposal::OVERRIDDEN);
  EXPECT_EQ(overridden->proposed_tier(), v1::TIER_B);
  EXPECT_EQ(overridden->decided_tier(), v1::TIER_A);
  EXPECT_EQ(overridden->decision_reason(), "集团战略合作伙伴");
  EXPECT_EQ(Tier(b), "1 true");
  absl::StatusOr<v1::ListTierHistoryResponse> history = History(WestSales(), b);
  ASSERT_TRUE(history.ok()) << history.status();
  EXPECT_THAT(Changes(*history),
              ElementsAre("TIER_C>TIER_A 2026Q4 users/zhou.strategy 集团战略合作伙伴"));
  const std::vector<v1::ScoringEvent> changed =
      Events(v1::ScoringEvent::TIER_CHANGED, names::CustomerName(b));
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0].from_tier(), v1::TIER_C);
  EXPECT_EQ(changed[0].to_tier(), v1::TIER_A);
  EXPECT_EQ(changed[0].org_unit(), "orgUnits/sub-west");

  // Overridden to the tier in force: decided, but nothing changes.
  const std::string e =
      Scored(EastSales(), "东方精密仪器有限公司", v1::TIER_B, v1::TIER_C, 90'000'000);
  ASSERT_TRUE(Open(Strategy(), "2026Q4").ok());
  p = Find(ListAll(Hq(), "2026Q4"), e);
  ASSERT_TRUE(p.has_value());
  overridden = Decide(Strategy(), p->name(), Decision::OVERRIDE, p->etag(), v1::TIER_B,
                      "保持B级：新框架合同在途");
  ASSERT_TRUE(overridden.ok()) << overridden.status();
  EXPECT_EQ(overridden->decided_tier(), v1::TIER_B);
  EXPECT_EQ(Tier(e), "2 true");
  history = History(EastSales(), e);
  ASSERT_TRUE(history.ok()) << history.status();
  EXPECT_THAT(history->changes(), IsEmpty());
  EXPECT_THAT(Events(v1::ScoringEvent::TIER_CHANGED, names::CustomerName(e)), IsEmpty());
}

TEST_F(TiersTest, HistoryIsNewestFirstAndOnlyForCustomersInScope) {
  const std::string h =
      Scored(EastSales(), "东方重工有限公司", v1::TIER_C, v1::TIER_B, 400'000'000);
  ASSERT_TRUE(Open(Strategy(), "2025Q1").ok());
  std::optional<v1::TierProposal> p = Find(ListAll(Hq(), "2025Q1"), h);
  ASSERT_TRUE(p.has_value());
  ASSERT_TRUE(Decide(Strategy(), p->name(), Decision::APPROVE, p->etag()).ok());
  // Rescored later above the A threshold: the next review proposes A.
  SetScores(h, v1::TIER_B, v1::TIER_A, 1'500'000'000);
  ASSERT_TRUE(Open(Strategy(), "2025Q2").ok());
  p = Find(ListAll(Hq(), "2025Q2"), h);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->current_tier(), v1::TIER_B);
  ASSERT_TRUE(
      Decide(Strategy(), p->name(), Decision::OVERRIDE, p->etag(), v1::TIER_A, "年采购额超过一千万")
          .ok());

  absl::StatusOr<v1::ListTierHistoryResponse> history = History(EastSales(), h);
  ASSERT_TRUE(history.ok()) << history.status();
  EXPECT_THAT(Changes(*history),
              ElementsAre("TIER_B>TIER_A 2025Q2 users/zhou.strategy 年采购额超过一千万",
                          "TIER_C>TIER_B 2025Q1 users/zhou.strategy approved: tier C in force; "
                          "the policy computes B"));
  // Pages of one.
  absl::StatusOr<v1::ListTierHistoryResponse> first = History(EastSales(), h, 1);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->changes_size(), 1);
  EXPECT_EQ(first->changes(0).quarter(), "2025Q2");
  ASSERT_FALSE(first->next_page_token().empty());
  absl::StatusOr<v1::ListTierHistoryResponse> second =
      History(EastSales(), h, 1, first->next_page_token());
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_EQ(second->changes_size(), 1);
  EXPECT_EQ(second->changes(0).quarter(), "2025Q1");
  EXPECT_EQ(second->next_page_token(), "");
  EXPECT_EQ(Events(v1::ScoringEvent::TIER_CHANGED, names::CustomerName(h)).size(), 2u);

  absl::StatusOr<v1::ListTierHistoryResponse> refused = History(WestSales(), h);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(refused.status()), "CUSTOMER_NOT_IN_SCOPE");
  refused = History(WestSales(), "7d3c1c1e-9a52-4b8e-b6d2-0c5a4a1f2e3d");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(refused.status()), "CUSTOMER_NOT_IN_SCOPE");
}

TEST_F(TiersTest, ASubsidiaryListsAndCountsOnlyItsCustomersProposals) {
  const std::string e1 =
      Scored(EastSales(), "东方港务一号有限公司", v1::TIER_C, v1::TIER_B, 200'000'000);
  const std::string e2 =
      Scored(EastSales(), "东方港务二号有限公司", v1::TIER_B, v1::TIER_A, 1'300'000'000);
  const std::string w1 =
      Scored(WestSales(), "西部港务一号有限公司", v1::TIER_C, v1::TIER_B, 500'000'000);
  ASSERT_TRUE(Open(Strategy(), "2024Q4").ok());

  const std::vector<v1::TierProposal> east = ListAll(EastSales(), "2024Q4");
  EXPECT_THAT(Customers(east, {e1, e2, w1}), ElementsAre(e2, e1));
  for (size_t i = 0; i < east.size(); ++i) {
    EXPECT_EQ(east[i].owner_org_unit(), "orgUnits/sub-east") << east[i].name();
    if (i > 0) {
      EXPECT_GE(east[i - 1].annual_purchases().minor_units(),
                east[i].annual_purchases().minor_units());
    }
  }
  const std::vector<v1::TierProposal> west = ListAll(WestSales(), "2024Q4");
  EXPECT_THAT(Customers(west, {e1, e2, w1}), ElementsAre(w1));
  EXPECT_THAT(Customers(ListAll(NorthSales(), "2024Q4"), {e1, e2, w1}), IsEmpty());
  const std::vector<v1::TierProposal> all = ListAll(Hq(), "2024Q4");
  EXPECT_THAT(Customers(all, {e1, e2, w1}), ElementsAre(e2, w1, e1));

  // The counts are of what the caller may see.
  absl::StatusOr<v1::TierReview> mine = GetReview(EastSales(), "tierReviews/2024Q4");
  ASSERT_TRUE(mine.ok()) << mine.status();
  EXPECT_EQ(mine->pending() + mine->approved() + mine->overridden(),
            static_cast<int64_t>(east.size()));
  absl::StatusOr<v1::TierReview> everything = GetReview(Hq(), "tierReviews/2024Q4");
  ASSERT_TRUE(everything.ok()) << everything.status();
  EXPECT_EQ(everything->pending() + everything->approved() + everything->overridden(),
            static_cast<int64_t>(all.size()));
  EXPECT_GT(all.size(), east.size());

  // A state narrows the list.
  std::optional<v1::TierProposal> p = Find(east, e2);
  ASSERT_TRUE(p.has_value());
  ASSERT_TRUE(Decide(Strategy(), p->name(), Decision::APPROVE, p->etag()).ok());
  absl::StatusOr<v1::ListTierProposalsResponse> approved =
      ListPage(EastSales(), "2024Q4", 1000, "", v1::TierProposal::APPROVED);
  ASSERT_TRUE(approved.ok()) << approved.status();
  std::vector<v1::TierProposal> approved_list(approved->proposals().begin(),
                                              approved->proposals().end());
  EXPECT_THAT(Customers(approved_list, {e1, e2, w1}), ElementsAre(e2));
  mine = GetReview(EastSales(), "tierReviews/2024Q4");
  ASSERT_TRUE(mine.ok()) << mine.status();
  EXPECT_EQ(mine->approved(), 1);
}

}  // namespace
}  // namespace crm::scoring::testing
