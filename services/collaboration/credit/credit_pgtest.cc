// The credit report: the running totals that splits in force add to
// (AddSplit), read back per org unit and quarter with exact sums, within the
// caller's scope; and an attribution approved and then adjusted through the
// API moving its credit.
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/events/outbox.h"
#include "libs/pg/transaction.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/collaboration/attribution/attribution_opening.h"
#include "services/collaboration/core/collaboration_events.h"
#include "services/collaboration/credit/credit_totals.h"
#include "services/collaboration/testing/collaboration_test_env.h"

namespace crm::collaboration::testing {
namespace {

using auth::v1::Principal;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

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

// A row of the report as "org unit deals credited avg owned_deals
// owned_amount owned_credited".
std::string Row(const v1::CreditRow& row) {
  return crm::StrCat(row.org_unit(), " ", row.deals(), " ", row.credited_amount().minor_units(),
                     " ", row.average_share_bp(), " ", row.owned_deals(), " ",
                     row.owned_amount().minor_units(), " ",
                     row.owned_credited_amount().minor_units());
}
std::vector<std::string> Rows(const v1::CreditReport& report) {
  std::vector<std::string> rows;
  for (const v1::CreditRow& row : report.rows()) rows.push_back(Row(row));
  return rows;
}
int64_t RowsTotal(const v1::CreditReport& report) {
  int64_t total = 0;
  for (const v1::CreditRow& row : report.rows()) total += row.credited_amount().minor_units();
  return total;
}

class CreditTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<CollaborationTestEnv>> env =
        CollaborationTestEnv::Start("collaboration_credit");
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
  }
  static void TearDownTestSuite() { env_.reset(); }

  static absl::StatusOr<v1::CreditReport> Report(const Principal& as, const std::string& quarter,
                                                 const std::string& currency = "",
                                                 const std::string& org_unit = "") {
    v1::GetCreditReportRequest request;
    request.set_quarter(quarter);
    request.set_currency_code(currency);
    request.set_org_unit(org_unit);
    v1::CreditReport report;
    const grpc::Status status = env_->stub().GetCreditReport(env_->As(as).get(), request, &report);
    if (!status.ok()) return status::FromGrpc(status);
    return report;
  }

  // An attribution in force (APPROVED) of a deal in `split`'s quarter,
  // stored as the attribution rows say and added to the totals in one
  // transaction, as an approval does.
  static void InForce(const CreditSplit& split, const std::string& deal_date) {
    std::vector<std::string> units;
    for (const CreditPart& part : split.parts)
      units.push_back(crm::StrCat("\"", part.org_unit, "\""));
    env_->QueryValue(crm::StrCat(
        "INSERT INTO collaboration.attributions (id, deal_key, customer_id, currency_code,"
        " amount_minor, deal_date, deal_quarter, owner_org_unit, contributor_org_units, state,"
        " policy_version, create_time, update_time) SELECT u, 'contracts/' || u, gen_random_uuid(),"
        " '",
        split.currency_code, "', ", split.amount_minor, ", '", deal_date, "', '", split.quarter,
        "', '", split.owner_org_unit, "', '{", absl::StrJoin(units, ","),
        "}', 3, 1, now(), now() FROM gen_random_uuid() u"));
    ASSERT_TRUE(Add(split, +1).ok());
  }

  static absl::Status Add(const CreditSplit& split, int sign) {
    return pg::RunInTransaction(env_->module().pool(),
                                [&](pqxx::work& tx) { return AddSplit(tx, split, sign); });
  }

  static std::string Totals(const std::string& quarter) {
    return env_->QueryValue(crm::StrCat(
        "SELECT (SELECT count(*) FROM collaboration.credit_totals WHERE quarter = '", quarter,
        "') || '/' || (SELECT count(*) FROM collaboration.credit_quarter_totals WHERE"
        " quarter = '",
        quarter, "')"));
  }

  static std::unique_ptr<CollaborationTestEnv> env_;
};

std::unique_ptr<CollaborationTestEnv> CreditTest::env_;

// Three deals of 2026Q4 in CNY: one fen split three ways, the domain's
// C 40 % / D 60 % on an odd amount, and a large one; one of 2026Q3 and one
// in USD that the report leaves out.
class CreditReportTest : public CreditTest {
 protected:
  static void SetUpTestSuite() {
    CreditTest::SetUpTestSuite();
    if (env_ == nullptr) return;
    // 1 fen over 3334/3333/3333: the largest remainder takes it.
    InForce({.quarter = "2026Q4",
             .currency_code = "CNY",
             .owner_org_unit = "orgUnits/sub-east",
             .amount_minor = 1,
             .parts = {{"orgUnits/sub-east", 3334, 1},
                       {"orgUnits/sub-north", 3333, 0},
                       {"orgUnits/sub-west", 3333, 0}}},
            "2026-10-01");
    // 100,000.01 CNY at 40 % / 60 %: 4,000,000.4 and 6,000,000.6 fen.
    InForce({.quarter = "2026Q4",
             .currency_code = "CNY",
             .owner_org_unit = "orgUnits/sub-west",
             .amount_minor = 10'000'001,
             .parts = {{"orgUnits/sub-north", 6000, 6'000'001},
                       {"orgUnits/sub-west", 4000, 4'000'000}}},
            "2026-11-15");
    // Owned by HQ, credited to sub-east alone: the owner counts its deal.
    InForce({.quarter = "2026Q4",
             .currency_code = "CNY",
             .owner_org_unit = "orgUnits/hq",
             .amount_minor = 900'000'000'000,
             .parts = {{"orgUnits/sub-east", 10000, 900'000'000'000}}},
            "2026-12-31");
    InForce({.quarter = "2026Q3",
             .currency_code = "CNY",
             .owner_org_unit = "orgUnits/sub-north",
             .amount_minor = 7,
             .parts = {{"orgUnits/sub-north", 10000, 7}}},
            "2026-09-30");
    InForce({.quarter = "2026Q4",
             .currency_code = "USD",
             .owner_org_unit = "orgUnits/sub-north",
             .amount_minor = 500,
             .parts = {{"orgUnits/sub-north", 10000, 500}}},
            "2026-10-02");
  }
};

TEST_F(CreditReportTest, HqSeesEveryOrgUnitAndTheirCreditAddsUpToTheQuartersDeals) {
  absl::StatusOr<v1::CreditReport> report = Report(Hq(), "2026Q4");
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->quarter(), "2026Q4");
  EXPECT_FALSE(report->partial());
  EXPECT_EQ(report->deals(), 3);
  EXPECT_EQ(report->total_amount().currency_code(), "CNY");
  EXPECT_EQ(report->total_amount().minor_units(), 900'010'000'002);
  EXPECT_EQ(RowsTotal(*report), report->total_amount().minor_units());
  // Largest credited first; the average share over the unit's deals.
  EXPECT_THAT(Rows(*report), ElementsAre("orgUnits/sub-east 2 900000000001 6667 1 1 1",
                                         "orgUnits/sub-north 2 6000001 4667 0 0 0",
                                         "orgUnits/sub-west 2 4000000 3667 1 10000001 4000000",
                                         "orgUnits/hq 1 0 0 1 900000000000 0"));
  for (const v1::CreditRow& row : report->rows()) {
    EXPECT_EQ(row.credited_amount().currency_code(), "CNY");
  }

  // Another quarter and another currency are reports of their own.
  report = Report(Hq(), "2026q3");
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->quarter(), "2026Q3");
  EXPECT_THAT(Rows(*report), ElementsAre("orgUnits/sub-north 1 7 10000 1 7 7"));
  EXPECT_EQ(report->total_amount().minor_units(), 7);
  report = Report(Hq(), "2026Q4", "USD");
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->deals(), 1);
  EXPECT_EQ(report->total_amount().minor_units(), 500);
  EXPECT_EQ(report->total_amount().currency_code(), "USD");
  // A quarter without deals is empty, not an error.
  report = Report(Strategy(), "2031Q1");
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_THAT(report->rows(), IsEmpty());
  EXPECT_EQ(report->deals(), 0);
  EXPECT_EQ(report->total_amount().minor_units(), 0);
}

TEST_F(CreditReportTest, OthersSeeTheirOrgUnitsOnlyAndTheDealsTheyTouchOnce) {
  absl::StatusOr<v1::CreditReport> north = Report(NorthSales(), "2026Q4");
  ASSERT_TRUE(north.ok()) << north.status();
  EXPECT_TRUE(north->partial());
  EXPECT_THAT(Rows(*north), ElementsAre("orgUnits/sub-north 2 6000001 4667 0 0 0"));
  EXPECT_EQ(north->deals(), 2);
  EXPECT_EQ(north->total_amount().minor_units(), 6'000'001);

  absl::StatusOr<v1::CreditReport> west = Report(WestSales(), "2026Q4");
  ASSERT_TRUE(west.ok()) << west.status();
  EXPECT_THAT(Rows(*west), ElementsAre("orgUnits/sub-west 2 4000000 3667 1 10000001 4000000"));
  EXPECT_EQ(west->deals(), 2);
  EXPECT_EQ(west->total_amount().minor_units(), 4'000'000);

  // HQ narrows to one org unit: that row, its deals, partial.
  absl::StatusOr<v1::CreditReport> one = Report(Hq(), "2026Q4", "CNY", "orgUnits/sub-east");
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_TRUE(one->partial());
  EXPECT_THAT(Rows(*one), ElementsAre("orgUnits/sub-east 2 900000000001 6667 1 1 1"));
  EXPECT_EQ(one->deals(), 2);
  EXPECT_EQ(one->total_amount().minor_units(), 900'000'000'001);

  // Another subsidiary's org unit is refused, whether or not it has credit.
  for (const char* unit : {"orgUnits/sub-west", "orgUnits/nowhere"}) {
    absl::StatusOr<v1::CreditReport> refused = Report(EastSales(), "2026Q4", "CNY", unit);
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied) << unit;
    EXPECT_EQ(Reason(refused.status()), "ORG_UNIT_OUT_OF_SCOPE") << unit;
  }
}

TEST_F(CreditTest, ABadRequestNamesEveryBadField) {
  absl::StatusOr<v1::CreditReport> report = Report(Hq(), "", "cny", "sub-east");
  EXPECT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(report.status()),
            (std::set<std::string>{"quarter", "currency_code", "org_unit"}));
  report = Report(Hq(), "2026Q5");
  EXPECT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(report.status()), (std::set<std::string>{"quarter"}));
  const auto violations = status::GetFieldViolations(report.status());
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_THAT(violations[0].description(), ::testing::HasSubstr("'2026Q5'"));
}

TEST_F(CreditTest, ASplitThatDoesNotAddUpIsRefusedAndWritesNothing) {
  const CreditSplit good{
      .quarter = "2029Q1",
      .currency_code = "CNY",
      .owner_org_unit = "orgUnits/sub-east",
      .amount_minor = 100,
      .parts = {{"orgUnits/sub-east", 5000, 50}, {"orgUnits/sub-west", 5000, 50}}};
  CreditSplit short_amount = good;
  short_amount.parts[1].credited_minor = 49;
  CreditSplit short_shares = good;
  short_shares.parts[1].share_bp = 4999;
  CreditSplit twice = good;
  twice.parts[1].org_unit = "orgUnits/sub-east";
  CreditSplit bad_quarter = good;
  bad_quarter.quarter = "2029-1";
  for (const CreditSplit& split : {short_amount, short_shares, twice, bad_quarter}) {
    const absl::Status added = Add(split, +1);
    EXPECT_EQ(added.code(), absl::StatusCode::kInvalidArgument) << added;
    EXPECT_EQ(Reason(added), "CREDIT_SPLIT_INVALID") << added;
  }
  EXPECT_EQ(Add(good, 2).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Totals("2029Q1"), "0/0");

  // Added and removed again, it leaves no rows behind.
  ASSERT_TRUE(Add(good, +1).ok());
  EXPECT_EQ(Totals("2029Q1"), "2/1");
  ASSERT_TRUE(Add(good, -1).ok());
  EXPECT_EQ(Totals("2029Q1"), "0/0");
}

TEST_F(CreditTest, ApprovedCreditShowsInTheReportAndAnAdjustmentMovesIt) {
  // The domain's example: subsidiary C (sub-west, the deal's owner, which
  // also owns the customer) 40 %, D (sub-north, a collaborator) 60 %.
  const std::string customer = env_->NewCustomer(WestSales(), "华信能源集团贡献度有限公司");
  ASSERT_TRUE(env_->SyncCustomers().ok());
  events::Outbox outbox(env_->module().pool(),
                        CollaborationFeed(absl::Milliseconds(50), absl::Hours(24)));
  const DealFacts deal{.opportunity_id = "4f1c2a7e-8b3d-4e5f-9a6b-7c8d9e0f1a2b",
                       .customer_id = IdOf(customer),
                       .title = "储能电站总包",
                       .currency_code = "CNY",
                       .amount_minor = 100'000'001,
                       .deal_date = absl::CivilDay(2027, 5, 20),
                       .owner_org_unit = "orgUnits/sub-west",
                       .collaborating_org_units = {"orgUnits/sub-north"},
                       .method = "follow:opportunity"};
  ASSERT_TRUE(pg::RunInTransaction(env_->module().pool(), [&](pqxx::work& tx) {
                return OpenAttribution(tx, outbox, deal, env_->clock().Now()).status();
              }).ok());
  const std::string name = crm::StrCat(
      "attributions/",
      env_->QueryValue(crm::StrCat("SELECT id::text FROM collaboration.attributions WHERE"
                                   " deal_key = 'opportunities/",
                                   deal.opportunity_id, "'")));

  const auto scored = [](const std::string& unit, int score) {
    v1::Contributor contributor;
    contributor.set_org_unit(unit);
    v1::ContributionScores& scores = *contributor.mutable_scores();
    scores.set_information(score);
    scores.set_resources(score);
    scores.set_participation(score);
    scores.set_customer_evaluation(score);
    return contributor;
  };
  v1::Attribution attribution;
  v1::GetAttributionRequest get;
  get.set_name(name);
  grpc::Status status = env_->stub().GetAttribution(env_->As(WestSales()).get(), get, &attribution);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::UpdateAttributionRequest update;
  update.mutable_attribution()->set_name(name);
  update.mutable_attribution()->set_etag(attribution.etag());
  *update.mutable_attribution()->add_contributors() = scored("orgUnits/sub-north", 60);
  *update.mutable_attribution()->add_contributors() = scored("orgUnits/sub-west", 40);
  update.mutable_update_mask()->add_paths("contributors");
  status = env_->stub().UpdateAttribution(env_->As(WestSales()).get(), update, &attribution);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::SubmitAttributionRequest submit;
  submit.set_name(name);
  submit.set_etag(attribution.etag());
  status = env_->stub().SubmitAttribution(env_->As(WestSales()).get(), submit, &attribution);
  ASSERT_TRUE(status.ok()) << status.error_message();

  // Not in force until approved.
  absl::StatusOr<v1::CreditReport> report = Report(Hq(), "2027Q2");
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_THAT(report->rows(), IsEmpty());

  v1::ApproveAttributionRequest approve;
  approve.set_name(name);
  approve.set_etag(attribution.etag());
  approve.set_comment("同意：设计与施工按四六分");
  status = env_->stub().ApproveAttribution(env_->As(Strategy()).get(), approve, &attribution);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(attribution.state(), v1::APPROVED);

  report = Report(Hq(), "2027Q2");
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->deals(), 1);
  EXPECT_EQ(report->total_amount().minor_units(), 100'000'001);
  // 40,000,000.4 and 60,000,000.6 fen: the larger remainder takes the fen.
  EXPECT_THAT(Rows(*report), ElementsAre("orgUnits/sub-north 1 60000001 6000 0 0 0",
                                         "orgUnits/sub-west 1 40000000 4000 1 100000001 40000000"));
  absl::StatusOr<v1::CreditReport> west = Report(WestSales(), "2027Q2");
  ASSERT_TRUE(west.ok()) << west.status();
  EXPECT_THAT(Rows(*west), ElementsAre("orgUnits/sub-west 1 40000000 4000 1 100000001 40000000"));

  // The strategy centre evens it out: the credit moves, the deal stays one.
  v1::AdjustAttributionRequest adjust;
  adjust.set_name(name);
  adjust.set_etag(attribution.etag());
  *adjust.add_contributors() = scored("orgUnits/sub-north", 50);
  *adjust.add_contributors() = scored("orgUnits/sub-west", 50);
  adjust.set_reason("施工方追加了资源投入");
  status = env_->stub().AdjustAttribution(env_->As(Strategy()).get(), adjust, &attribution);
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::vector<std::string> expected;
  for (const v1::Contributor& c : attribution.contributors()) {
    const bool owner = c.org_unit() == "orgUnits/sub-west";
    expected.push_back(crm::StrCat(c.org_unit(), " 1 ", c.credited_amount().minor_units(), " ",
                                   c.share_bp(), " ", owner ? "1 100000001 " : "0 0 ",
                                   owner ? c.credited_amount().minor_units() : 0));
    EXPECT_EQ(c.share_bp(), 5000);
  }
  report = Report(Hq(), "2027Q2");
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->deals(), 1);
  EXPECT_EQ(report->total_amount().minor_units(), 100'000'001);
  EXPECT_EQ(RowsTotal(*report), 100'000'001);
  EXPECT_THAT(Rows(*report), UnorderedElementsAre(expected[0], expected[1]));
  EXPECT_EQ(report->rows(0).credited_amount().minor_units(), 50'000'001);
  EXPECT_EQ(report->rows(1).credited_amount().minor_units(), 50'000'000);
}

}  // namespace
}  // namespace crm::collaboration::testing
