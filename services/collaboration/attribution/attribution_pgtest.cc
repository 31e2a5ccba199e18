// Attribution against a real PostgreSQL: a deal's attribution opened once
// with its proposed contributors, scored into shares and credited amounts
// that add up exactly (the domain's C 40 % / D 60 %, three equal
// contributors, an amount of 1 fen), its life up to FINAL by the job with a
// moved clock, disputes only within the window and only by a contributor,
// adjustments that keep the old split, the strategy centre's actions refused
// below HQ, scope with real ids, and policy versions kept on attributions.
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/crypto/crypto.h"
#include "libs/events/outbox.h"
#include "libs/pg/pool.h"
#include "libs/pg/transaction.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/collaboration/attribution/attribution_opening.h"
#include "services/collaboration/core/collaboration_events.h"
#include "services/collaboration/testing/collaboration_test_env.h"

namespace crm::collaboration::testing {
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

v1::Contributor Scored(const std::string& unit, int information, int resources, int participation,
                       int customer_evaluation) {
  v1::Contributor c;
  c.set_org_unit(unit);
  v1::ContributionScores& s = *c.mutable_scores();
  s.set_information(information);
  s.set_resources(resources);
  s.set_participation(participation);
  s.set_customer_evaluation(customer_evaluation);
  return c;
}
v1::Contributor Scored(const std::string& unit, int score) {
  return Scored(unit, score, score, score, score);
}

// "orgUnits/x 4000 40000000" per contributor.
std::vector<std::string> Split(const v1::Attribution& a) {
  std::vector<std::string> out;
  for (const v1::Contributor& c : a.contributors()) {
    out.push_back(
        crm::StrCat(c.org_unit(), " ", c.share_bp(), " ", c.credited_amount().minor_units()));
  }
  return out;
}

std::vector<std::string> Roles(const v1::Contributor& c) {
  std::vector<std::string> out;
  for (const int role : c.roles()) out.push_back(v1::ContributorRole_Name(role));
  return out;
}

class AttributionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<CollaborationTestEnv>> env =
        CollaborationTestEnv::Start("collaboration_attribution");
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
    outbox_ = std::make_unique<events::Outbox>(
        env_->module().pool(), CollaborationFeed(absl::Milliseconds(50), absl::Hours(24)));
    // The customer of every deal: owned by sub-west (its account owner).
    customer_ = IdOf(env_->NewCustomer(WestSales(), "华信能源集团储能科技有限公司"));
    ASSERT_TRUE(env_->SyncCustomers().ok());
  }
  static void TearDownTestSuite() {
    outbox_.reset();
    env_.reset();
  }

  // A won opportunity's facts: owned by sub-west with sub-east collaborating.
  static DealFacts WonOpportunity(int64_t amount_minor) {
    return DealFacts{.opportunity_id = crypto::NewUuid(),
                     .customer_id = customer_,
                     .title = "储能电站设计施工总包",
                     .currency_code = "CNY",
                     .amount_minor = amount_minor,
                     .deal_date = absl::CivilDay(2026, 11, 18),
                     .owner_org_unit = "orgUnits/sub-west",
                     .collaborating_org_units = {"orgUnits/sub-east"},
                     .method = "follow:opportunity"};
  }

  static absl::StatusOr<bool> Open(const DealFacts& deal) {
    absl::StatusOr<bool> opened;
    absl::Status status = pg::RunInTransaction(env_->module().pool(), [&](pqxx::work& tx) {
      opened = OpenAttribution(tx, *outbox_, deal, env_->clock().Now());
      return opened.status();
    });
    if (!status.ok()) return status;
    return opened;
  }

  // The attribution of a deal key, e.g. "opportunities/{id}".
  static std::string NameOf(const std::string& deal_key) {
    const std::string id = env_->QueryValue(crm::StrCat(
        "SELECT coalesce((SELECT id::text FROM collaboration.attributions WHERE deal_key = '",
        deal_key, "'), '')"));
    return id.empty() ? "" : crm::StrCat("attributions/", id);
  }

  static std::string OpenedName(const DealFacts& deal) {
    absl::StatusOr<bool> opened = Open(deal);
    EXPECT_TRUE(opened.ok() && *opened) << opened.status();
    return NameOf(crm::StrCat("opportunities/", deal.opportunity_id));
  }

  static absl::StatusOr<v1::Attribution> Get(const Principal& as, const std::string& name) {
    v1::GetAttributionRequest request;
    request.set_name(name);
    v1::Attribution out;
    const grpc::Status status = env_->stub().GetAttribution(env_->As(as).get(), request, &out);
    if (!status.ok()) return status::FromGrpc(status);
    return out;
  }

  static absl::StatusOr<v1::Attribution> Update(const Principal& as, const v1::Attribution& a,
                                                const std::vector<v1::Contributor>& contributors) {
    v1::UpdateAttributionRequest request;
    request.mutable_attribution()->set_name(a.name());
    request.mutable_attribution()->set_etag(a.etag());
    for (const v1::Contributor& c : contributors) {
      *request.mutable_attribution()->add_contributors() = c;
    }
    request.mutable_update_mask()->add_paths("contributors");
    v1::Attribution out;
    const grpc::Status status = env_->stub().UpdateAttribution(env_->As(as).get(), request, &out);
    if (!status.ok()) return status::FromGrpc(status);
    return out;
  }

  static absl::StatusOr<v1::Attribution> Submit(const Principal& as, const v1::Attribution& a) {
    v1::SubmitAttributionRequest request;
    request.set_name(a.name());
    request.set_etag(a.etag());
    v1::Attribution out;
    const grpc::Status status = env_->stub().SubmitAttribution(env_->As(as).get(), request, &out);
    if (!status.ok()) return status::FromGrpc(status);
    return out;
  }

  static absl::StatusOr<v1::Attribution> Approve(const Principal& as, const v1::Attribution& a,
                                                 const std::string& comment = "同意") {
    v1::ApproveAttributionRequest request;
    request.set_name(a.name());
    request.set_etag(a.etag());
    request.set_comment(comment);
    v1::Attribution out;
    const grpc::Status status = env_->stub().ApproveAttribution(env_->As(as).get(), request, &out);
    if (!status.ok()) return status::FromGrpc(status);
    return out;
  }

  static absl::StatusOr<v1::Attribution> Reject(const Principal& as, const v1::Attribution& a) {
    v1::RejectAttributionRequest request;
    request.set_name(a.name());
    request.set_etag(a.etag());
    request.set_comment("评分依据不足，请补充");
    v1::Attribution out;
    const grpc::Status status = env_->stub().RejectAttribution(env_->As(as).get(), request, &out);
    if (!status.ok()) return status::FromGrpc(status);
    return out;
  }

  static absl::StatusOr<v1::Attribution> Dispute(const Principal& as, const v1::Attribution& a,
                                                 const std::string& org_unit = "") {
    v1::DisputeAttributionRequest request;
    request.set_name(a.name());
    request.set_etag(a.etag());
    request.set_org_unit(org_unit);
    request.set_reason("施工方案由我方完成，份额偏低");
    v1::Attribution out;
    const grpc::Status status = env_->stub().DisputeAttribution(env_->As(as).get(), request, &out);
    if (!status.ok()) return status::FromGrpc(status);
    return out;
  }

  static absl::StatusOr<v1::Attribution> Adjust(const Principal& as, const v1::Attribution& a,
                                                const std::vector<v1::Contributor>& contributors) {
    v1::AdjustAttributionRequest request;
    request.set_name(a.name());
    request.set_etag(a.etag());
    for (const v1::Contributor& c : contributors) *request.add_contributors() = c;
    request.set_reason("复核后调整");
    v1::Attribution out;
    const grpc::Status status = env_->stub().AdjustAttribution(env_->As(as).get(), request, &out);
    if (!status.ok()) return status::FromGrpc(status);
    return out;
  }

  static std::vector<v1::AttributionHistoryEntry> History(const Principal& as,
                                                          const std::string& name) {
    v1::ListAttributionHistoryRequest request;
    request.set_name(name);
    v1::ListAttributionHistoryResponse out;
    const grpc::Status status =
        env_->stub().ListAttributionHistory(env_->As(as).get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {out.entries().begin(), out.entries().end()};
  }

  // An attribution scored C (sub-east) 40 / D (sub-west) 60, submitted and
  // approved by the strategy centre.
  static v1::Attribution ApprovedFortySixty(int64_t amount_minor) {
    const std::string name = OpenedName(WonOpportunity(amount_minor));
    absl::StatusOr<v1::Attribution> a = Get(WestSales(), name);
    EXPECT_TRUE(a.ok()) << a.status();
    a = Update(WestSales(), *a, {Scored("orgUnits/sub-east", 40), Scored("orgUnits/sub-west", 60)});
    EXPECT_TRUE(a.ok()) << a.status();
    a = Submit(WestSales(), *a);
    EXPECT_TRUE(a.ok()) << a.status();
    a = Approve(Strategy(), *a);
    EXPECT_TRUE(a.ok()) << a.status();
    return a.ok() ? *a : v1::Attribution();
  }

  static std::unique_ptr<CollaborationTestEnv> env_;
  static std::unique_ptr<events::Outbox> outbox_;
  static std::string customer_;
};

std::unique_ptr<CollaborationTestEnv> AttributionTest::env_;
std::unique_ptr<events::Outbox> AttributionTest::outbox_;
std::string AttributionTest::customer_;

TEST_F(AttributionTest, AWonDealOpensOneAttributionWithItsProposedContributors) {
  const DealFacts deal = WonOpportunity(88'000'000'00);
  // A collaboration request on the opportunity with sub-north taking part.
  const std::string request_id = crypto::NewUuid();
  env_->QueryValue(crm::StrCat(
      "INSERT INTO collaboration.requests (id, customer_id, opportunity_id, title,"
      " requesting_org_unit, participant_org_units, urgency, step, step_owner,"
      " step_enter_time, requester, response_due_time, sla_policy_version, create_time,"
      " update_time) VALUES ('",
      request_id, "', '", customer_, "', '", deal.opportunity_id,
      "', '储能方案', 'orgUnits/sub-west', '{orgUnits/sub-north}', 2, 2, 'users/wang.wu', now(),"
      " 'users/wang.wu', now(), 1, now(), now()) RETURNING 1"));
  env_->QueryValue(crm::StrCat(
      "INSERT INTO collaboration.request_participants (request_id, org_unit, position, task)"
      " VALUES ('",
      request_id, "', 'orgUnits/sub-north', 0, '材料供应') RETURNING 1"));

  absl::StatusOr<bool> opened = Open(deal);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_TRUE(*opened);
  const std::string name = NameOf(crm::StrCat("opportunities/", deal.opportunity_id));
  ASSERT_FALSE(name.empty());

  absl::StatusOr<v1::Attribution> a = Get(Hq(), name);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->state(), v1::DRAFT);
  EXPECT_EQ(a->opportunity(), crm::StrCat("opportunities/", deal.opportunity_id));
  EXPECT_EQ(a->customer(), crm::StrCat("customers/", customer_));
  EXPECT_EQ(a->customer_display_name(), "华信能源集团储能科技有限公司");
  EXPECT_EQ(a->amount().minor_units(), 88'000'000'00);
  EXPECT_EQ(a->deal_date().year(), 2026);
  EXPECT_EQ(a->owner_org_unit(), "orgUnits/sub-west");
  EXPECT_EQ(a->revision(), 1);
  EXPECT_EQ(a->etag(), "\"1\"");
  // In org-unit order, one row per org unit with all its roles.
  ASSERT_EQ(a->contributors_size(), 3);
  EXPECT_EQ(a->contributors(0).org_unit(), "orgUnits/sub-east");
  EXPECT_THAT(Roles(a->contributors(0)), ElementsAre("COLLABORATOR"));
  EXPECT_EQ(a->contributors(1).org_unit(), "orgUnits/sub-north");
  EXPECT_THAT(Roles(a->contributors(1)), ElementsAre("REQUEST_PARTICIPANT"));
  EXPECT_THAT(a->contributors(1).evidence(),
              ElementsAre(crm::StrCat("collaborationRequests/", request_id)));
  EXPECT_EQ(a->contributors(2).org_unit(), "orgUnits/sub-west");
  EXPECT_THAT(Roles(a->contributors(2)), ElementsAre("DEAL_OWNER", "ACCOUNT_OWNER"));
  for (const v1::Contributor& c : a->contributors()) {
    EXPECT_FALSE(c.has_scores());
    EXPECT_EQ(c.share_bp(), 0);
  }
  EXPECT_EQ(env_->QueryValue(crm::StrCat("SELECT count(*) FROM collaboration.events WHERE"
                                         " type = 'ATTRIBUTION_OPENED' AND resource = '",
                                         name, "'")),
            "1");

  // The event again, or the same deal from the same feed: nothing opens twice.
  opened = Open(deal);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_FALSE(*opened);
  EXPECT_EQ(env_->QueryValue(crm::StrCat(
                "SELECT count(*) FROM collaboration.attributions WHERE opportunity_id = '",
                deal.opportunity_id, "'")),
            "1");
  const std::vector<v1::AttributionHistoryEntry> history = History(Hq(), name);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].method(), "follow:opportunity");
  EXPECT_EQ(history[0].actor(), "system");
  EXPECT_EQ(history[0].state(), v1::DRAFT);
}

TEST_F(AttributionTest, TheAccountOwnerKeepsItsContributionWhenHqCoordinatesTheDeal) {
  // An A-tier customer's deal won by HQ: sub-west, which owns the customer,
  // is still proposed for its service contribution.
  DealFacts deal = WonOpportunity(2'000'000'00);
  deal.owner_org_unit = "orgUnits/hq";
  deal.collaborating_org_units = {"orgUnits/sub-east"};
  const std::string name = OpenedName(deal);
  absl::StatusOr<v1::Attribution> a = Get(WestSales(), name);
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_EQ(a->contributors_size(), 3);
  EXPECT_EQ(a->contributors(0).org_unit(), "orgUnits/hq");
  EXPECT_THAT(Roles(a->contributors(0)), ElementsAre("DEAL_OWNER"));
  EXPECT_EQ(a->contributors(2).org_unit(), "orgUnits/sub-west");
  EXPECT_THAT(Roles(a->contributors(2)), ElementsAre("ACCOUNT_OWNER"));
  // The account owner sees it as a contributor, but does not own the deal.
  absl::StatusOr<v1::Attribution> update =
      Update(WestSales(), *a, {Scored("orgUnits/sub-west", 100)});
  ASSERT_FALSE(update.ok());
  EXPECT_EQ(Reason(update.status()), "NOT_DEAL_OWNER");
  // The strategy centre scores it: HQ 50, sub-east 30, sub-west 20.
  a = Update(Strategy(), *a,
             {Scored("orgUnits/hq", 50), Scored("orgUnits/sub-east", 30),
              Scored("orgUnits/sub-west", 20)});
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_THAT(Split(*a),
              ElementsAre("orgUnits/hq 5000 100000000", "orgUnits/sub-east 3000 60000000",
                          "orgUnits/sub-west 2000 40000000"));
}

TEST_F(AttributionTest, AContractSignedForTheOpportunityJoinsItsAttribution) {
  DealFacts won = WonOpportunity(500'000'00);
  const std::string name = OpenedName(won);
  DealFacts signed_contract = won;
  signed_contract.contract_id = crypto::NewUuid();
  signed_contract.amount_minor = 480'000'00;
  signed_contract.collaborating_org_units.clear();
  signed_contract.method = "follow:contract";
  absl::StatusOr<bool> joined = Open(signed_contract);
  ASSERT_TRUE(joined.ok()) << joined.status();
  EXPECT_TRUE(*joined);
  EXPECT_EQ(NameOf(crm::StrCat("opportunities/", won.opportunity_id)), name);
  absl::StatusOr<v1::Attribution> a = Get(Hq(), name);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->contract(), crm::StrCat("contracts/", signed_contract.contract_id));
  // While DRAFT the credited amount becomes the contract's.
  EXPECT_EQ(a->amount().minor_units(), 480'000'00);
  EXPECT_EQ(a->contributors_size(), 2);
  // Replays of either event change nothing.
  for (const DealFacts& again : {won, signed_contract}) {
    absl::StatusOr<bool> replay = Open(again);
    ASSERT_TRUE(replay.ok()) << replay.status();
    EXPECT_FALSE(*replay);
  }
  absl::StatusOr<v1::Attribution> after = Get(Hq(), name);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->etag(), a->etag());

  // A contract without an opportunity opens its own.
  DealFacts alone = signed_contract;
  alone.opportunity_id.clear();
  alone.contract_id = crypto::NewUuid();
  ASSERT_TRUE(Open(alone).value_or(false));
  EXPECT_FALSE(NameOf(crm::StrCat("contracts/", alone.contract_id)).empty());
}

TEST_F(AttributionTest, BothFeedsOpeningOneDealAtOnceOpenItOnce) {
  const DealFacts won = WonOpportunity(600'000'00);
  DealFacts signed_contract = won;
  signed_contract.contract_id = crypto::NewUuid();
  signed_contract.amount_minor = 580'000'00;
  signed_contract.method = "follow:contract";

  // The opportunity's event opens it in a transaction not yet committed...
  absl::StatusOr<pg::ConnectionPool::Lease> lease = env_->module().pool().Acquire();
  ASSERT_TRUE(lease.ok()) << lease.status();
  auto first = std::make_unique<pqxx::work>(lease->conn());
  absl::StatusOr<bool> opened = OpenAttribution(*first, *outbox_, won, env_->clock().Now());
  ASSERT_TRUE(opened.ok()) << opened.status();
  ASSERT_TRUE(*opened);
  // ...while the contract's, on another connection, waits for it on the
  // deal key and then joins what it opened.
  absl::StatusOr<bool> joined;
  std::atomic<bool> done = false;
  std::thread second([&] {
    joined = Open(signed_contract);
    done = true;
  });
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_FALSE(done) << "the second opening did not wait for the first";
  first->commit();
  first.reset();
  second.join();
  ASSERT_TRUE(joined.ok()) << joined.status();
  EXPECT_TRUE(*joined);
  EXPECT_EQ(env_->QueryValue(crm::StrCat(
                "SELECT count(*) || ' ' || min(amount_minor) || ' ' || min(contract_id::text)"
                " FROM collaboration.attributions WHERE opportunity_id = '",
                won.opportunity_id, "'")),
            crm::StrCat("1 58000000 ", signed_contract.contract_id));
}

// DOMAIN.md's example: subsidiary C 40 %, subsidiary D 60 %.
TEST_F(AttributionTest, TheDomainExampleSplitsFortySixtyToTheFen) {
  const std::string name = OpenedName(WonOpportunity(1'234'567'89));
  absl::StatusOr<v1::Attribution> a = Get(WestSales(), name);
  ASSERT_TRUE(a.ok()) << a.status();
  // C (sub-east) 40 points, D (sub-west) 60 points under the default weights
  // 20/30/30/20: C 50×.2 + 40×.3 + 30×.3 + 45×.2 = 10 + 12 + 9 + 9 = 40,
  // D 60 on every dimension.
  a = Update(WestSales(), *a,
             {Scored("orgUnits/sub-west", 60), Scored("orgUnits/sub-east", 50, 40, 30, 45)});
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_EQ(a->contributors_size(), 2);
  EXPECT_EQ(a->contributors(0).weighted_score(), 4000);
  EXPECT_EQ(a->contributors(1).weighted_score(), 6000);
  // 123,456,789 fen × 40 % = 49,382,715.6 → 49,382,716 (the larger
  // remainder); × 60 % = 74,074,073.4 → 74,074,073.
  EXPECT_THAT(Split(*a),
              ElementsAre("orgUnits/sub-east 4000 49382716", "orgUnits/sub-west 6000 74074073"));
  EXPECT_EQ(a->weights().information_bp(), 2000);
  // The version in force, whichever tests changed the policy before this one.
  v1::AttributionPolicy in_force;
  ASSERT_TRUE(env_->stub()
                  .GetAttributionPolicy(env_->As(EastSales()).get(),
                                        v1::GetAttributionPolicyRequest(), &in_force)
                  .ok());
  EXPECT_EQ(a->policy_version(), in_force.version());
}

TEST_F(AttributionTest, ThreeEqualContributorsAndOneFenStillAddUp) {
  const std::string name = OpenedName(WonOpportunity(1));
  absl::StatusOr<v1::Attribution> a = Get(WestSales(), name);
  ASSERT_TRUE(a.ok()) << a.status();
  a = Update(WestSales(), *a,
             {Scored("orgUnits/sub-west", 70), Scored("orgUnits/sub-east", 70),
              Scored("orgUnits/sub-north", 70)});
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_THAT(Split(*a), ElementsAre("orgUnits/sub-east 3334 1", "orgUnits/sub-north 3333 0",
                                     "orgUnits/sub-west 3333 0"));
  // sub-north is new: added by hand.
  EXPECT_THAT(Roles(a->contributors(1)), ElementsAre("ADDED"));
  a = Submit(WestSales(), *a);
  ASSERT_TRUE(a.ok()) << a.status();
  a = Approve(Strategy(), *a);
  ASSERT_TRUE(a.ok()) << a.status();
  // In force: the credit totals hold exactly the one fen.
  const std::string quarter_total = env_->QueryValue(
      "SELECT sum(credited_minor) FROM collaboration.credit_totals WHERE quarter = '2026Q4'"
      " AND currency_code = 'CNY'");
  const std::string deals_total = env_->QueryValue(
      "SELECT amount_minor FROM collaboration.credit_quarter_totals WHERE quarter = '2026Q4'"
      " AND currency_code = 'CNY'");
  EXPECT_EQ(quarter_total, deals_total);
}

TEST_F(AttributionTest, LifecycleFromDraftToFinalByTheJob) {
  const std::string name = OpenedName(WonOpportunity(300'000'00));
  absl::StatusOr<v1::Attribution> a = Get(WestSales(), name);
  ASSERT_TRUE(a.ok()) << a.status();

  // Not before every contributor is scored, nor with nothing to split by.
  absl::StatusOr<v1::Attribution> early = Submit(WestSales(), *a);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(early.status()), "CONTRIBUTOR_NOT_SCORED");
  a = Update(WestSales(), *a, {Scored("orgUnits/sub-east", 0), Scored("orgUnits/sub-west", 0)});
  ASSERT_TRUE(a.ok()) << a.status();
  early = Submit(WestSales(), *a);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(Reason(early.status()), "NO_CONTRIBUTION");

  a = Update(WestSales(), *a, {Scored("orgUnits/sub-east", 40), Scored("orgUnits/sub-west", 60)});
  ASSERT_TRUE(a.ok()) << a.status();
  a = Submit(WestSales(), *a);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->state(), v1::SUBMITTED);
  // A submitted one is not edited.
  absl::StatusOr<v1::Attribution> edit = Update(WestSales(), *a, {Scored("orgUnits/sub-west", 1)});
  ASSERT_FALSE(edit.ok());
  EXPECT_EQ(Reason(edit.status()), "ATTRIBUTION_STATE_CONFLICT");

  // Rejected back to the draft, submitted again, approved.
  a = Reject(Strategy(), *a);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->state(), v1::DRAFT);
  a = Submit(WestSales(), *a);
  ASSERT_TRUE(a.ok()) << a.status();
  const absl::Time approved_at = env_->clock().Now();
  a = Approve(Strategy(), *a, "按四六分");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->state(), v1::APPROVED);
  // Ten days (the default policy) to dispute.
  EXPECT_EQ(a->dispute_deadline().seconds(),
            absl::ToUnixSeconds(approved_at + absl::Hours(24 * 10)));

  // Within the window the job leaves it alone.
  env_->clock().Advance(absl::Hours(24 * 9));
  ASSERT_TRUE(env_->RunJobs().ok());
  absl::StatusOr<v1::Attribution> still = Get(WestSales(), name);
  ASSERT_TRUE(still.ok());
  EXPECT_EQ(still->state(), v1::APPROVED);

  // Past it, the job makes it FINAL, once.
  env_->clock().Advance(absl::Hours(24 * 2));
  ASSERT_TRUE(env_->RunJobs().ok());
  absl::StatusOr<v1::Attribution> final_one = Get(WestSales(), name);
  ASSERT_TRUE(final_one.ok());
  EXPECT_EQ(final_one->state(), v1::FINAL);
  EXPECT_FALSE(final_one->has_dispute_deadline());
  env_->clock().Advance(absl::Hours(1));
  ASSERT_TRUE(env_->RunJobs().ok());
  std::vector<std::string> methods;
  for (const v1::AttributionHistoryEntry& e : History(EastSales(), name)) {
    methods.push_back(e.method());
  }
  EXPECT_THAT(methods, ElementsAre("follow:opportunity", "UpdateAttribution", "UpdateAttribution",
                                   "SubmitAttribution", "RejectAttribution", "SubmitAttribution",
                                   "ApproveAttribution", "job:finalize"));
  EXPECT_EQ(env_->QueryValue(crm::StrCat("SELECT count(*) FROM collaboration.events WHERE"
                                         " type = 'ATTRIBUTION_STATE_CHANGED' AND resource = '",
                                         name, "'")),
            "5");
  // A final one is not disputed any more.
  absl::StatusOr<v1::Attribution> late = Dispute(EastSales(), *final_one);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(Reason(late.status()), "ATTRIBUTION_STATE_CONFLICT");
}

TEST_F(AttributionTest, OnlyAContributorDisputesAndOnlyWithinTheWindow) {
  v1::Attribution a = ApprovedFortySixty(1'000'000'00);
  ASSERT_EQ(a.state(), v1::APPROVED);

  // sub-north takes no part: it does not even see the attribution.
  absl::StatusOr<v1::Attribution> outsider = Dispute(NorthSales(), a);
  ASSERT_FALSE(outsider.ok());
  EXPECT_EQ(outsider.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(outsider.status()), "ATTRIBUTION_NOT_IN_SCOPE");
  // A contributor's member may not dispute for an org unit that is none.
  absl::StatusOr<v1::Attribution> other = Dispute(EastSales(), a, "orgUnits/sub-north");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(Reason(other.status()), "NOT_A_CONTRIBUTOR");
  // Nor for a contributor outside its scope.
  absl::StatusOr<v1::Attribution> foreign = Dispute(EastSales(), a, "orgUnits/sub-west");
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(Reason(foreign.status()), "NOT_A_CONTRIBUTOR");

  absl::StatusOr<v1::Attribution> disputed = Dispute(EastSales(), a);
  ASSERT_TRUE(disputed.ok()) << disputed.status();
  EXPECT_EQ(disputed->state(), v1::DISPUTED);
  EXPECT_EQ(disputed->disputed_by(), "orgUnits/sub-east");
  EXPECT_EQ(disputed->dispute_reason(), "施工方案由我方完成，份额偏低");
  // The strategy centre dismisses it: FINAL with the split kept.
  absl::StatusOr<v1::Attribution> dismissed = Approve(Strategy(), *disputed, "维持原分配");
  ASSERT_TRUE(dismissed.ok()) << dismissed.status();
  EXPECT_EQ(dismissed->state(), v1::FINAL);
  EXPECT_EQ(Split(*dismissed), Split(a));

  // Past the window a dispute is refused even before the job ran.
  v1::Attribution late = ApprovedFortySixty(2'000'00);
  env_->clock().Advance(absl::Hours(24 * 10) + absl::Minutes(1));
  absl::StatusOr<v1::Attribution> refused = Dispute(EastSales(), late);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(refused.status()), "DISPUTE_WINDOW_CLOSED");
}

TEST_F(AttributionTest, AnAdjustmentKeepsTheOldSplitAndIsAudited) {
  const v1::Attribution a = ApprovedFortySixty(777'777'77);
  ASSERT_EQ(a.state(), v1::APPROVED);
  const std::string credited_before = env_->QueryValue(
      "SELECT sum(credited_minor) || '/' || (SELECT amount_minor FROM"
      " collaboration.credit_quarter_totals WHERE quarter = '2026Q4' AND currency_code = 'CNY')"
      " FROM collaboration.credit_totals WHERE quarter = '2026Q4' AND currency_code = 'CNY'");

  // Only HQ's strategy centre adjusts.
  for (const Principal& who : {SubStrategy(), WestSales(), Hq()}) {
    absl::StatusOr<v1::Attribution> refused =
        Adjust(who, a, {Scored("orgUnits/sub-east", 50), Scored("orgUnits/sub-west", 50)});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied);
    EXPECT_EQ(Reason(refused.status()), "STRATEGY_ROLE_REQUIRED");
  }
  // Every contributor scored.
  absl::StatusOr<v1::Attribution> unscored =
      Adjust(Strategy(), a, {Scored("orgUnits/sub-east", 50), v1::Contributor()});
  ASSERT_FALSE(unscored.ok());
  EXPECT_EQ(unscored.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(unscored.status()), ::testing::Contains("contributors[1].scores"));

  absl::StatusOr<v1::Attribution> adjusted =
      Adjust(Strategy(), a,
             {Scored("orgUnits/sub-east", 50), Scored("orgUnits/sub-west", 30),
              Scored("orgUnits/sub-north", 20)});
  ASSERT_TRUE(adjusted.ok()) << adjusted.status();
  EXPECT_EQ(adjusted->state(), v1::FINAL);
  EXPECT_EQ(adjusted->revision(), 2);
  // 77,777,777 fen: 50 % 38,888,888.5, 30 % 23,333,333.1, 20 % 15,555,555.4.
  EXPECT_THAT(Split(*adjusted),
              ElementsAre("orgUnits/sub-east 5000 38888889", "orgUnits/sub-north 2000 15555555",
                          "orgUnits/sub-west 3000 23333333"));

  const std::vector<v1::AttributionHistoryEntry> history = History(Strategy(), a.name());
  ASSERT_FALSE(history.empty());
  const v1::AttributionHistoryEntry& last = history.back();
  EXPECT_EQ(last.method(), "AdjustAttribution");
  EXPECT_EQ(last.actor(), Strategy().user());
  EXPECT_EQ(last.previous_state(), v1::APPROVED);
  EXPECT_EQ(last.state(), v1::FINAL);
  EXPECT_THAT(last.comment(), ::testing::HasSubstr("复核后调整"));
  ASSERT_EQ(last.previous_contributors_size(), 2);
  EXPECT_EQ(last.previous_contributors(0).share_bp(), 4000);
  EXPECT_EQ(last.previous_contributors(1).share_bp(), 6000);
  ASSERT_EQ(last.contributors_size(), 3);
  EXPECT_EQ(last.contributors(1).org_unit(), "orgUnits/sub-north");
  EXPECT_EQ(last.contributors(1).credited_amount().minor_units(), 15'555'555);
  EXPECT_EQ(env_->QueryValue(crm::StrCat("SELECT count(*) FROM collaboration.events WHERE"
                                         " type = 'ATTRIBUTION_ADJUSTED' AND resource = '",
                                         a.name(), "'")),
            "1");
  // The credit totals moved with it and still add up to the deals.
  const std::string credited_after = env_->QueryValue(
      "SELECT sum(credited_minor) || '/' || (SELECT amount_minor FROM"
      " collaboration.credit_quarter_totals WHERE quarter = '2026Q4' AND currency_code = 'CNY')"
      " FROM collaboration.credit_totals WHERE quarter = '2026Q4' AND currency_code = 'CNY'");
  EXPECT_EQ(credited_after, credited_before);
  EXPECT_EQ(env_->QueryValue("SELECT credited_minor FROM collaboration.credit_totals"
                             " WHERE quarter = '2026Q4' AND org_unit = 'orgUnits/sub-north'") != "",
            true);

  // A final one is adjusted again: revision 3.
  absl::StatusOr<v1::Attribution> again = Adjust(
      Strategy(), *adjusted, {Scored("orgUnits/sub-east", 10), Scored("orgUnits/sub-west", 90)});
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->revision(), 3);
}

TEST_F(AttributionTest, TheStrategyRoleBelowHqIsRefused) {
  const std::string name = OpenedName(WonOpportunity(10'000'00));
  absl::StatusOr<v1::Attribution> a = Get(WestSales(), name);
  ASSERT_TRUE(a.ok());
  a = Update(WestSales(), *a, {Scored("orgUnits/sub-east", 10), Scored("orgUnits/sub-west", 10)});
  ASSERT_TRUE(a.ok()) << a.status();
  a = Submit(WestSales(), *a);
  ASSERT_TRUE(a.ok()) << a.status();
  for (const Principal& who : {SubStrategy(), EastAdmin(), Hq()}) {
    absl::StatusOr<v1::Attribution> approve = Approve(who, *a);
    ASSERT_FALSE(approve.ok());
    EXPECT_EQ(approve.status().code(), absl::StatusCode::kPermissionDenied);
    EXPECT_EQ(Reason(approve.status()), "STRATEGY_ROLE_REQUIRED");
    absl::StatusOr<v1::Attribution> reject = Reject(who, *a);
    ASSERT_FALSE(reject.ok());
    EXPECT_EQ(Reason(reject.status()), "STRATEGY_ROLE_REQUIRED");
  }
  absl::StatusOr<v1::Attribution> below = Approve(SubStrategy(), *a);
  EXPECT_THAT(std::string(below.status().message()), ::testing::HasSubstr("below HQ"));
  // A stale etag is ABORTED, the current one approves.
  v1::Attribution stale = *a;
  stale.set_etag("\"1\"");
  absl::StatusOr<v1::Attribution> conflict = Approve(Strategy(), stale);
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.status().code(), absl::StatusCode::kAborted);
  EXPECT_TRUE(Approve(Strategy(), *a).ok());
}

TEST_F(AttributionTest, ANonContributorSubsidiarySeesNothing) {
  const std::string name = OpenedName(WonOpportunity(42'00));
  const std::string missing = crm::StrCat("attributions/", crypto::NewUuid());

  absl::StatusOr<v1::Attribution> hidden = Get(NorthSales(), name);
  ASSERT_FALSE(hidden.ok());
  EXPECT_EQ(hidden.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(hidden.status()), "ATTRIBUTION_NOT_IN_SCOPE");
  // The same answer whether or not it exists; only HQ learns NOT_FOUND.
  absl::StatusOr<v1::Attribution> nothing = Get(NorthSales(), missing);
  ASSERT_FALSE(nothing.ok());
  EXPECT_EQ(nothing.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reason(nothing.status()), "ATTRIBUTION_NOT_IN_SCOPE");
  absl::StatusOr<v1::Attribution> not_found = Get(Hq(), missing);
  ASSERT_FALSE(not_found.ok());
  EXPECT_EQ(not_found.status().code(), absl::StatusCode::kNotFound);
  // A contributor and the owner see it.
  EXPECT_TRUE(Get(EastSales(), name).ok());
  EXPECT_TRUE(Get(WestSales(), name).ok());
  // A contributor that does not own the deal may not change it.
  absl::StatusOr<v1::Attribution> a = Get(EastSales(), name);
  absl::StatusOr<v1::Attribution> update =
      Update(EastSales(), *a, {Scored("orgUnits/sub-east", 100)});
  ASSERT_FALSE(update.ok());
  EXPECT_EQ(Reason(update.status()), "NOT_DEAL_OWNER");
  absl::StatusOr<v1::Attribution> north_update =
      Update(NorthSales(), *a, {Scored("orgUnits/sub-north", 100)});
  ASSERT_FALSE(north_update.ok());
  EXPECT_EQ(Reason(north_update.status()), "ATTRIBUTION_NOT_IN_SCOPE");
  v1::ListAttributionHistoryRequest history;
  history.set_name(name);
  v1::ListAttributionHistoryResponse entries;
  EXPECT_EQ(env_->stub()
                .ListAttributionHistory(env_->As(NorthSales()).get(), history, &entries)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Lists filter in SQL: sub-north's holds none of them.
  v1::ListAttributionsRequest list;
  list.set_page_size(1000);
  v1::ListAttributionsResponse north;
  ASSERT_TRUE(env_->stub().ListAttributions(env_->As(NorthSales()).get(), list, &north).ok());
  for (const v1::Attribution& x : north.attributions()) {
    bool touches_north = false;
    for (const v1::Contributor& c : x.contributors()) {
      touches_north = touches_north || c.org_unit() == "orgUnits/sub-north";
    }
    EXPECT_TRUE(touches_north) << x.name();
    EXPECT_NE(x.name(), name);
  }
  v1::ListAttributionsResponse east;
  ASSERT_TRUE(env_->stub().ListAttributions(env_->As(EastSales()).get(), list, &east).ok());
  bool found = false;
  for (const v1::Attribution& x : east.attributions()) found = found || x.name() == name;
  EXPECT_TRUE(found);
}

TEST_F(AttributionTest, ListsPageNewestDealFirstAndNarrow) {
  DealFacts older = WonOpportunity(1'00);
  older.deal_date = absl::CivilDay(2025, 3, 1);
  older.owner_org_unit = "orgUnits/sub-east";
  older.collaborating_org_units = {};
  const std::string old_name = OpenedName(older);
  DealFacts newer = older;
  newer.opportunity_id = crypto::NewUuid();
  newer.deal_date = absl::CivilDay(2025, 3, 2);
  const std::string new_name = OpenedName(newer);

  v1::ListAttributionsRequest request;
  request.set_quarter("2025Q1");
  request.set_page_size(1);
  v1::ListAttributionsResponse page;
  ASSERT_TRUE(env_->stub().ListAttributions(env_->As(EastSales()).get(), request, &page).ok());
  ASSERT_EQ(page.attributions_size(), 1);
  EXPECT_EQ(page.attributions(0).name(), new_name);
  ASSERT_FALSE(page.next_page_token().empty());
  request.set_page_token(page.next_page_token());
  v1::ListAttributionsResponse second;
  ASSERT_TRUE(env_->stub().ListAttributions(env_->As(EastSales()).get(), request, &second).ok());
  ASSERT_EQ(second.attributions_size(), 1);
  EXPECT_EQ(second.attributions(0).name(), old_name);
  EXPECT_TRUE(second.next_page_token().empty());

  // Narrowed to a state none of them is in.
  v1::ListAttributionsRequest approved;
  approved.set_quarter("2025Q1");
  approved.set_state(v1::APPROVED);
  v1::ListAttributionsResponse none;
  ASSERT_TRUE(env_->stub().ListAttributions(env_->As(Hq()).get(), approved, &none).ok());
  EXPECT_THAT(none.attributions(), IsEmpty());
  // An org unit and a customer.
  v1::ListAttributionsRequest by_unit;
  by_unit.set_quarter("2025Q1");
  by_unit.set_org_unit("orgUnits/sub-east");
  by_unit.set_customer(crm::StrCat("customers/", customer_));
  v1::ListAttributionsResponse both;
  ASSERT_TRUE(env_->stub().ListAttributions(env_->As(Hq()).get(), by_unit, &both).ok());
  EXPECT_EQ(both.attributions_size(), 2);

  v1::ListAttributionsRequest bad;
  bad.set_quarter("2025Q5");
  bad.set_org_unit("east");
  bad.set_customer("customers/x");
  v1::ListAttributionsResponse ignored;
  const grpc::Status refused = env_->stub().ListAttributions(env_->As(Hq()).get(), bad, &ignored);
  ASSERT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Fields(status::FromGrpc(refused)),
            (std::set<std::string>{"quarter", "org_unit", "customer"}));
}

TEST_F(AttributionTest, UpdatesAreValidatedAndEtagged) {
  const std::string name = OpenedName(WonOpportunity(9'99));
  absl::StatusOr<v1::Attribution> a = Get(WestSales(), name);
  ASSERT_TRUE(a.ok());
  v1::Contributor bad = Scored("orgUnits/sub-east", 101);
  bad.add_evidence("ftp://x");
  absl::StatusOr<v1::Attribution> invalid =
      Update(WestSales(), *a, {bad, Scored("orgUnits/sub-east", 1)});
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(invalid.status()),
            (std::set<std::string>{"attribution.contributors[0].scores.information",
                                   "attribution.contributors[0].scores.resources",
                                   "attribution.contributors[0].scores.participation",
                                   "attribution.contributors[0].scores.customer_evaluation",
                                   "attribution.contributors[0].evidence[0]",
                                   "attribution.contributors[1].org_unit"}));
  v1::Attribution stale = *a;
  stale.set_etag("\"7\"");
  absl::StatusOr<v1::Attribution> conflict =
      Update(WestSales(), stale, {Scored("orgUnits/sub-west", 1)});
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.status().code(), absl::StatusCode::kAborted);
  // Scored in part: the unscored weigh nothing until scored.
  absl::StatusOr<v1::Attribution> partial =
      Update(WestSales(), *a, {Scored("orgUnits/sub-west", 80), v1::Contributor()});
  ASSERT_FALSE(partial.ok());  // an org unit is required
  v1::Contributor unscored;
  unscored.set_org_unit("orgUnits/sub-east");
  partial = Update(WestSales(), *a, {Scored("orgUnits/sub-west", 80), unscored});
  ASSERT_TRUE(partial.ok()) << partial.status();
  EXPECT_THAT(Split(*partial), ElementsAre("orgUnits/sub-east 0 0", "orgUnits/sub-west 10000 999"));
  EXPECT_FALSE(partial->contributors(0).has_scores());
}

// Last: it changes the policy in force for attributions opened after it.
TEST_F(AttributionTest, PolicyVersionsAreKeptOnAttributions) {
  const std::string before = OpenedName(WonOpportunity(100'00));
  v1::AttributionPolicy current;
  ASSERT_TRUE(env_->stub()
                  .GetAttributionPolicy(env_->As(EastSales()).get(),
                                        v1::GetAttributionPolicyRequest(), &current)
                  .ok());
  EXPECT_EQ(current.weights().resources_bp(), 3000);
  EXPECT_EQ(current.dispute_days(), 10);

  v1::UpdateAttributionPolicyRequest update;
  v1::AttributionPolicy& next = *update.mutable_attribution_policy();
  next.set_etag(current.etag());
  next.mutable_weights()->set_information_bp(1000);
  next.mutable_weights()->set_resources_bp(1000);
  next.mutable_weights()->set_participation_bp(1000);
  next.mutable_weights()->set_customer_evaluation_bp(7000);
  next.set_dispute_days(5);
  v1::AttributionPolicy stored;
  // Not the strategy role below HQ, nor a subsidiary's sales.
  for (const Principal& who : {SubStrategy(), EastSales()}) {
    const grpc::Status refused =
        env_->stub().UpdateAttributionPolicy(env_->As(who).get(), update, &stored);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  }
  v1::UpdateAttributionPolicyRequest bad = update;
  bad.mutable_attribution_policy()->mutable_weights()->set_customer_evaluation_bp(6999);
  bad.mutable_attribution_policy()->set_dispute_days(0);
  const grpc::Status invalid =
      env_->stub().UpdateAttributionPolicy(env_->As(Strategy()).get(), bad, &stored);
  ASSERT_EQ(invalid.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(
      Fields(status::FromGrpc(invalid)),
      (std::set<std::string>{"attribution_policy.weights", "attribution_policy.dispute_days"}));

  const grpc::Status ok =
      env_->stub().UpdateAttributionPolicy(env_->As(Strategy()).get(), update, &stored);
  ASSERT_TRUE(ok.ok()) << ok.error_message();
  const int64_t next_version = current.version() + 1;
  EXPECT_EQ(stored.version(), next_version);
  EXPECT_EQ(stored.etag(), crm::StrCat("\"", next_version, "\""));
  // The old etag is stale now.
  const grpc::Status stale =
      env_->stub().UpdateAttributionPolicy(env_->As(Strategy()).get(), update, &stored);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);

  // The one opened before keeps its version and weights; a new one takes the
  // next.
  absl::StatusOr<v1::Attribution> old_one = Get(Hq(), before);
  ASSERT_TRUE(old_one.ok());
  EXPECT_EQ(old_one->policy_version(), current.version());
  EXPECT_EQ(old_one->weights().customer_evaluation_bp(), 2000);
  const std::string after = OpenedName(WonOpportunity(100'00));
  absl::StatusOr<v1::Attribution> new_one = Get(WestSales(), after);
  ASSERT_TRUE(new_one.ok());
  EXPECT_EQ(new_one->policy_version(), next_version);
  EXPECT_EQ(new_one->weights().customer_evaluation_bp(), 7000);
  // Its scores weigh by the new version: customer evaluation counts 70 %.
  new_one = Update(
      WestSales(), *new_one,
      {Scored("orgUnits/sub-east", 0, 0, 0, 100), Scored("orgUnits/sub-west", 100, 100, 100, 0)});
  ASSERT_TRUE(new_one.ok()) << new_one.status();
  EXPECT_THAT(Split(*new_one),
              ElementsAre("orgUnits/sub-east 7000 7000", "orgUnits/sub-west 3000 3000"));
  // And it is disputed for 5 days after approval.
  new_one = Submit(WestSales(), *new_one);
  ASSERT_TRUE(new_one.ok()) << new_one.status();
  const absl::Time approved_at = env_->clock().Now();
  new_one = Approve(Strategy(), *new_one);
  ASSERT_TRUE(new_one.ok()) << new_one.status();
  EXPECT_EQ(new_one->dispute_deadline().seconds(),
            absl::ToUnixSeconds(approved_at + absl::Hours(24 * 5)));

  // The defaults back in force (as the version after), for the tests that
  // run after this one in a shuffled order.
  v1::UpdateAttributionPolicyRequest restore;
  *restore.mutable_attribution_policy() = current;
  restore.mutable_attribution_policy()->set_etag(stored.etag());
  const grpc::Status restored =
      env_->stub().UpdateAttributionPolicy(env_->As(Strategy()).get(), restore, &stored);
  ASSERT_TRUE(restored.ok()) << restored.error_message();
  EXPECT_EQ(stored.version(), next_version + 1);
  EXPECT_EQ(stored.dispute_days(), 10);
}

}  // namespace
}  // namespace crm::collaboration::testing
