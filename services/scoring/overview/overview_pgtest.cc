// The customer overview, the customer group overview and the customers at
// risk through the scoring service's gRPC API, against the real customer
// service, PostgreSQL and Redis (services/scoring/testing), with scores and
// facts seeded as rows (what the refresher and the scorer write): every
// overview field; a group of several levels rolled up (sums, worst-of,
// purchase-weighted health, counts per tier and risk, the members at risk
// least healthy first, the first nodes depth first); a subsidiary's partial
// roll-up of its own customers only; the roll-up following changes of the
// scores, facts and tree; scope with real ids; and a group of 100,000 nodes
// rolled up through the GiST index.
#include <algorithm>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "libs/names/resource_names.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/scoring/testing/scoring_test_env.h"

namespace crm::scoring {
namespace {

using ::crm::scoring::testing::EastSales;
using ::crm::scoring::testing::Hq;
using ::crm::scoring::testing::NorthSales;
using ::crm::scoring::testing::ScoringTestEnv;
using ::crm::scoring::testing::WestSales;
using ::google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Principal = auth::v1::Principal;

std::string Reason(const absl::Status& status) {
  const std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

std::string Meta(const absl::Status& status, const std::string& key) {
  const std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(status);
  if (!info.has_value()) return "";
  auto it = info->metadata().find(key);
  return it == info->metadata().end() ? "" : it->second;
}

std::set<std::string> Fields(const absl::Status& status) {
  std::set<std::string> fields;
  for (const auto& v : status::GetFieldViolations(status)) fields.insert(v.field());
  return fields;
}

std::string Id(const std::string& customer) {
  return names::ParseCustomerName(customer).value_or("");
}

std::string Bytea(const google::protobuf::Message& message) {
  return crm::StrCat("decode('", absl::BytesToHexString(message.SerializeAsString()), "', 'hex')");
}

// Tier and risk per node as "nodes/N:A/HIGH" (empty parts when unset).
std::string NodeLine(const v1::GroupOverviewNode& node) {
  return crm::StrCat(
      node.node(), " parent=", node.parent(), " depth=", node.depth(),
      node.customer().empty() ? "" : " customer", " ", node.display_name(), " ",
      node.tier() == v1::TIER_UNSPECIFIED ? "" : v1::Tier_Name(node.tier()), "/",
      node.risk() == v1::RISK_LEVEL_UNSPECIFIED ? "" : v1::RiskLevel_Name(node.risk()));
}

class OverviewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<ScoringTestEnv>> env = ScoringTestEnv::Start("scoring_overview");
    ASSERT_TRUE(env.ok()) << "test servers unavailable: " << env.status();
    env_ = *std::move(env);
  }

  v1::ScoringService::Stub& stub() { return env_->stub(); }

  // A customer owned by `owner`'s org unit, in the scoring replica.
  std::string Customer(const Principal& owner, const std::string& name) {
    const std::string customer = env_->NewCustomer(owner, name);
    EXPECT_TRUE(env_->SyncCustomers().ok());
    return customer;
  }

  struct Scores {
    v1::Tier tier = v1::TIER_C;
    v1::RiskLevel risk = v1::RISK_LOW;
    double health = 90;
    int64_t annual = 0;
    double value = 10;
    std::vector<std::string> reasons;
  };
  // The scores row the scorer writes (upserted, as it does).
  void Score(const std::string& customer, const Scores& scores) {
    v1::ValueAssessment value;
    value.set_score(scores.value);
    value.set_computed_tier(scores.tier);
    value.set_tier_reason(crm::StrCat("tier ", v1::Tier_Name(scores.tier)));
    value.mutable_annual_purchases()->set_currency_code("CNY");
    value.mutable_annual_purchases()->set_minor_units(scores.annual);
    value.set_policy_version(1);
    v1::ValueFactor& factor = *value.add_factors();
    factor.set_factor("annual_purchases");
    factor.set_value(static_cast<double>(scores.annual));
    factor.set_points(scores.value);
    v1::HealthAssessment health;
    health.set_score(scores.health);
    health.set_risk(scores.risk);
    for (const std::string& reason : scores.reasons) health.add_reasons(reason);
    health.set_policy_version(1);
    env_->Exec(crm::StrCat(
        "INSERT INTO scoring.customer_scores (customer_id, tier, computed_tier, value_score,"
        " health_score, risk, annual_purchases_minor, value, health, policy_version, compute_time)"
        " VALUES ('",
        Id(customer), "', ", static_cast<int>(scores.tier), ", ", static_cast<int>(scores.tier),
        ", ", scores.value, ", ", scores.health, ", ", static_cast<int>(scores.risk), ", ",
        scores.annual, ", ", Bytea(value), ", ", Bytea(health),
        ", 1, now()) ON CONFLICT (customer_id) DO UPDATE SET tier = excluded.tier,"
        " risk = excluded.risk, health_score = excluded.health_score,"
        " annual_purchases_minor = excluded.annual_purchases_minor, value = excluded.value,"
        " health = excluded.health"));
  }

  struct Facts {
    int64_t pipeline_open = 0, pipeline_weighted = 0, active = 0, receivable = 0, overdue = 0;
    int open_requests = 0;
    std::string last_activity = "NULL", last_visit = "NULL";
    std::string notes = "{}";
  };
  void Fact(const std::string& customer, const Facts& facts) {
    env_->Exec(crm::StrCat(
        "INSERT INTO scoring.customer_facts (customer_id, pipeline_open_minor,"
        " pipeline_weighted_minor, active_contract_minor, receivable_minor, overdue_minor,"
        " overdue_days, last_activity_time, last_visit_time, open_requests, notes, refresh_time)"
        " VALUES ('",
        Id(customer), "', ", facts.pipeline_open, ", ", facts.pipeline_weighted, ", ", facts.active,
        ", ", facts.receivable, ", ", facts.overdue, ", 12, ", facts.last_activity, ", ",
        facts.last_visit, ", ", facts.open_requests, ", '", facts.notes,
        "', '2026-12-01 08:00:00+00') ON CONFLICT (customer_id) DO UPDATE SET"
        " pipeline_open_minor = excluded.pipeline_open_minor,"
        " receivable_minor = excluded.receivable_minor, overdue_minor = excluded.overdue_minor"));
  }

  absl::Status Overview(const Principal& as, const std::string& customer,
                        v1::CustomerOverview* out) {
    v1::GetCustomerOverviewRequest request;
    request.set_customer(customer);
    return status::FromGrpc(stub().GetCustomerOverview(env_->As(as).get(), request, out));
  }

  absl::Status Group(const Principal& as, const v1::GetGroupOverviewRequest& request,
                     v1::GroupOverview* out) {
    return status::FromGrpc(stub().GetGroupOverview(env_->As(as).get(), request, out));
  }
  v1::GroupOverview MustGroup(const Principal& as, int64_t node, int node_limit = 0,
                              int at_risk_limit = 0) {
    v1::GetGroupOverviewRequest request;
    request.set_node(names::NodeName(node));
    request.set_node_limit(node_limit);
    request.set_at_risk_limit(at_risk_limit);
    v1::GroupOverview overview;
    const absl::Status status = Group(as, request, &overview);
    EXPECT_TRUE(status.ok()) << status;
    return overview;
  }

  absl::Status AtRisk(const Principal& as, const v1::ListAtRiskCustomersRequest& request,
                      v1::ListAtRiskCustomersResponse* out) {
    return status::FromGrpc(stub().ListAtRiskCustomers(env_->As(as).get(), request, out));
  }
  // Every page's customers (by display name), least healthy first.
  std::vector<std::string> AllAtRisk(const Principal& as, v1::ListAtRiskCustomersRequest request) {
    std::vector<std::string> names;
    for (int page = 0; page < 20; ++page) {
      v1::ListAtRiskCustomersResponse response;
      const absl::Status status = AtRisk(as, request, &response);
      EXPECT_TRUE(status.ok()) << status;
      if (!status.ok()) break;
      for (const v1::AtRiskMember& member : response.customers()) {
        names.push_back(member.display_name());
      }
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return names;
  }

  // The group of the roll-up tests (display names are the legal names):
  //
  //   100 华信能源集团有限公司 (east)   A low 90, bought 2,000,000.00
  //   ├─ 101 (a department)
  //   │  ├─ 102 华信华东能源有限公司 (east)  B high 30, bought 1,000,000.00
  //   │  └─ 103 华信西部能源有限公司 (west)  C medium 60, bought nothing
  //   ├─ 104 华信华南能源有限公司 (east)     B medium 70, bought 3,000,000.00
  //   │  └─ 105 华信西南制造有限公司 (west)    C high 20, bought 500,000.00
  //   └─ 106 华信新设能源有限公司 (east)     not scored yet
  struct Group7 {
    std::string top, east_b, west_c, south, southwest, fresh;
  };
  Group7 SeedGroup() {
    Group7 g;
    g.top = Customer(EastSales(), "华信能源集团有限公司");
    g.east_b = Customer(EastSales(), "华信华东能源有限公司");
    g.west_c = Customer(WestSales(), "华信西部能源有限公司");
    g.south = Customer(EastSales(), "华信华南能源有限公司");
    g.southwest = Customer(WestSales(), "华信西南制造有限公司");
    g.fresh = Customer(EastSales(), "华信新设能源有限公司");
    env_->AddGroupNode(100, 0, g.top);
    env_->AddGroupNode(101, 100, "");
    env_->AddGroupNode(102, 101, g.east_b);
    env_->AddGroupNode(103, 101, g.west_c);
    env_->AddGroupNode(104, 100, g.south);
    env_->AddGroupNode(105, 104, g.southwest);
    env_->AddGroupNode(106, 100, g.fresh);
    Score(g.top, {.tier = v1::TIER_A, .risk = v1::RISK_LOW, .health = 90, .annual = 200000000});
    Score(g.east_b, {.tier = v1::TIER_B,
                     .risk = v1::RISK_HIGH,
                     .health = 30,
                     .annual = 100000000,
                     .reasons = {"overdue 120,000.00 for 45 days", "no activity for 64 days",
                                 "2 complaints this quarter", "a fourth reason"}});
    Score(g.west_c, {.tier = v1::TIER_C, .risk = v1::RISK_MEDIUM, .health = 60, .annual = 0});
    Score(g.south,
          {.tier = v1::TIER_B, .risk = v1::RISK_MEDIUM, .health = 70, .annual = 300000000});
    Score(g.southwest,
          {.tier = v1::TIER_C, .risk = v1::RISK_HIGH, .health = 20, .annual = 50000000});
    Fact(g.top, {.pipeline_open = 1000,
                 .pipeline_weighted = 500,
                 .active = 7000,
                 .receivable = 300,
                 .overdue = 0});
    Fact(g.east_b, {.pipeline_open = 2000,
                    .pipeline_weighted = 800,
                    .active = 9000,
                    .receivable = 4000,
                    .overdue = 1200});
    Fact(g.west_c, {.pipeline_open = 40000,
                    .pipeline_weighted = 20000,
                    .active = 50000,
                    .receivable = 60000,
                    .overdue = 70000});
    Fact(g.south, {.pipeline_open = 3000,
                   .pipeline_weighted = 1500,
                   .active = 11000,
                   .receivable = 500,
                   .overdue = 100});
    Fact(g.southwest, {.pipeline_open = 80000,
                       .pipeline_weighted = 30000,
                       .active = 90000,
                       .receivable = 100000,
                       .overdue = 110000});
    Fact(g.fresh,
         {.pipeline_open = 5, .pipeline_weighted = 1, .active = 7, .receivable = 3, .overdue = 2});
    return g;
  }

  std::unique_ptr<ScoringTestEnv> env_;
};

std::vector<std::string> TierCounts(const v1::GroupOverview& o) {
  std::vector<std::string> out;
  for (const v1::TierCount& c : o.tier_counts()) {
    out.push_back(crm::StrCat(v1::Tier_Name(c.tier()), "=", c.customers()));
  }
  return out;
}
std::vector<std::string> RiskCounts(const v1::GroupOverview& o) {
  std::vector<std::string> out;
  for (const v1::RiskCount& c : o.risk_counts()) {
    out.push_back(crm::StrCat(v1::RiskLevel_Name(c.risk()), "=", c.customers()));
  }
  return out;
}
std::vector<std::string> AtRiskNames(const v1::GroupOverview& o) {
  std::vector<std::string> out;
  for (const v1::AtRiskMember& m : o.at_risk()) out.push_back(m.display_name());
  return out;
}

TEST_F(OverviewTest, CustomerOverviewShowsEveryFieldFromTheScoresAndFacts) {
  const std::string customer = Customer(EastSales(), "华信能源集团有限公司");
  Score(customer, {.tier = v1::TIER_A,
                   .risk = v1::RISK_HIGH,
                   .health = 42.5,
                   .annual = 1240000000,
                   .value = 81.25,
                   .reasons = {"orders in the last 3 months 40% below the 3 before"}});
  Fact(customer, {.pipeline_open = 5000000,
                  .pipeline_weighted = 2500000,
                  .active = 90000000,
                  .receivable = 1200000,
                  .overdue = 300000,
                  .open_requests = 2,
                  .last_activity = "'2026-11-20 02:00:00+00'",
                  .last_visit = "'2026-10-01 03:00:00+00'",
                  .notes = "{\"1 contract in USD not counted\"}"});
  const std::string warning = "0b5e0b7e-0000-4000-8000-000000000001";
  env_->Exec(
      crm::StrCat("INSERT INTO scoring.churn_warnings (id, customer_id, owner_org_unit,"
                  " state, health_score, tier, raise_time) VALUES ('",
                  warning, "', '", Id(customer), "', 'orgUnits/sub-east', 1, 42.5, 1, now())"));

  v1::CustomerOverview o;
  ASSERT_TRUE(Overview(EastSales(), customer, &o).ok());
  EXPECT_EQ(o.customer(), customer);
  EXPECT_EQ(o.display_name(), "华信能源集团有限公司");
  EXPECT_EQ(o.owner_org_unit(), "orgUnits/sub-east");
  EXPECT_EQ(o.tier(), v1::TIER_A);
  EXPECT_EQ(o.coordinated_by(), "orgUnits/hq");  // A: HQ's strategy centre
  EXPECT_DOUBLE_EQ(o.value().score(), 81.25);
  EXPECT_EQ(o.value().annual_purchases().minor_units(), 1240000000);
  ASSERT_EQ(o.value().factors_size(), 1);
  EXPECT_EQ(o.value().factors(0).factor(), "annual_purchases");
  EXPECT_DOUBLE_EQ(o.health().score(), 42.5);
  EXPECT_EQ(o.health().risk(), v1::RISK_HIGH);
  EXPECT_THAT(o.health().reasons(),
              ElementsAre("orders in the last 3 months 40% below the 3 before"));
  EXPECT_EQ(o.pipeline_open().minor_units(), 5000000);
  EXPECT_EQ(o.pipeline_open().currency_code(), "CNY");
  EXPECT_EQ(o.pipeline_weighted().minor_units(), 2500000);
  EXPECT_EQ(o.active_contract_value().minor_units(), 90000000);
  EXPECT_EQ(o.receivable().minor_units(), 1200000);
  EXPECT_EQ(o.overdue().minor_units(), 300000);
  EXPECT_EQ(TimeUtil::ToString(o.last_activity_time()), "2026-11-20T02:00:00Z");
  EXPECT_EQ(TimeUtil::ToString(o.last_visit_time()), "2026-10-01T03:00:00Z");
  EXPECT_EQ(o.open_collaboration_requests(), 2);
  EXPECT_EQ(o.churn_warning(), crm::StrCat("churnWarnings/", warning));
  EXPECT_EQ(TimeUtil::ToString(o.refresh_time()), "2026-12-01T08:00:00Z");
  EXPECT_THAT(o.notes(), ElementsAre("1 contract in USD not counted"));

  // A B customer is coordinated by its owner; one never scored nor refreshed
  // has no tier, figures of zero and no times.
  const std::string b = Customer(WestSales(), "西部物流有限公司");
  Score(b, {.tier = v1::TIER_B, .risk = v1::RISK_LOW, .health = 88});
  v1::CustomerOverview ob;
  ASSERT_TRUE(Overview(Hq(), b, &ob).ok());
  EXPECT_EQ(ob.tier(), v1::TIER_B);
  EXPECT_EQ(ob.coordinated_by(), "orgUnits/sub-west");
  EXPECT_TRUE(ob.churn_warning().empty());

  const std::string fresh = Customer(EastSales(), "新客户贸易有限公司");
  v1::CustomerOverview of;
  ASSERT_TRUE(Overview(EastSales(), fresh, &of).ok());
  EXPECT_EQ(of.tier(), v1::TIER_UNSPECIFIED);
  EXPECT_EQ(of.coordinated_by(), "orgUnits/sub-east");
  EXPECT_FALSE(of.has_value());
  EXPECT_FALSE(of.has_health());
  EXPECT_EQ(of.receivable().minor_units(), 0);
  EXPECT_FALSE(of.has_last_activity_time());
  EXPECT_FALSE(of.has_refresh_time());
}

TEST_F(OverviewTest, ACustomerOutsideTheScopeIsDeniedAndOnlyHqLearnsWhatDoesNotExist) {
  const std::string customer = Customer(EastSales(), "华信能源集团有限公司");
  Score(customer, {.tier = v1::TIER_B, .risk = v1::RISK_HIGH, .health = 30});
  v1::CustomerOverview o;
  absl::Status denied = Overview(WestSales(), customer, &o);
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied) << denied;
  EXPECT_EQ(Reason(denied), "CUSTOMER_NOT_IN_SCOPE");
  EXPECT_EQ(Meta(denied, "customer"), customer);
  EXPECT_THAT(std::string(denied.message()), ::testing::Not(HasSubstr("30")));

  const std::string unknown = "customers/7a3c1f00-0000-4000-8000-00000000dead";
  absl::Status missing = Overview(Hq(), unknown, &o);
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound) << missing;
  EXPECT_EQ(Reason(missing), "CUSTOMER_NOT_FOUND");
  // A subsidiary cannot tell a missing customer from another's.
  absl::Status hidden = Overview(WestSales(), unknown, &o);
  EXPECT_EQ(hidden.code(), absl::StatusCode::kPermissionDenied) << hidden;
  EXPECT_EQ(Reason(hidden), "CUSTOMER_NOT_IN_SCOPE");

  absl::Status bad = Overview(Hq(), "customer/42", &o);
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(bad), ElementsAre("customer"));
}

TEST_F(OverviewTest, AGroupRollsUpSumsWorstOfWeightedHealthCountsAndMembersAtRisk) {
  const Group7 g = SeedGroup();
  const v1::GroupOverview o = MustGroup(Hq(), 100);
  EXPECT_EQ(o.node(), "nodes/100");
  EXPECT_EQ(o.display_name(), "华信能源集团有限公司");
  EXPECT_EQ(o.customers(), 6);
  EXPECT_FALSE(o.partial());
  EXPECT_EQ(o.annual_purchases().minor_units(), 200000000 + 100000000 + 300000000 + 50000000);
  EXPECT_EQ(o.annual_purchases().currency_code(), "CNY");
  EXPECT_EQ(o.pipeline_open().minor_units(), 1000 + 2000 + 40000 + 3000 + 80000 + 5);
  EXPECT_EQ(o.pipeline_weighted().minor_units(), 500 + 800 + 20000 + 1500 + 30000 + 1);
  EXPECT_EQ(o.active_contract_value().minor_units(), 7000 + 9000 + 50000 + 11000 + 90000 + 7);
  EXPECT_EQ(o.receivable().minor_units(), 300 + 4000 + 60000 + 500 + 100000 + 3);
  EXPECT_EQ(o.overdue().minor_units(), 0 + 1200 + 70000 + 100 + 110000 + 2);
  EXPECT_EQ(o.worst_risk(), v1::RISK_HIGH);
  EXPECT_DOUBLE_EQ(o.worst_health_score(), 20);
  // Weighted by annual purchases: the one that bought nothing weighs nothing.
  EXPECT_DOUBLE_EQ(o.weighted_health_score(),
                   (90.0 * 2e8 + 30.0 * 1e8 + 70.0 * 3e8 + 20.0 * 5e7) / (2e8 + 1e8 + 3e8 + 5e7));
  EXPECT_THAT(TierCounts(o), ElementsAre("TIER_A=1", "TIER_B=2", "TIER_C=2"));
  EXPECT_THAT(RiskCounts(o), ElementsAre("RISK_LOW=1", "RISK_MEDIUM=2", "RISK_HIGH=2"));
  EXPECT_THAT(AtRiskNames(o), ElementsAre("华信西南制造有限公司", "华信华东能源有限公司",
                                          "华信西部能源有限公司", "华信华南能源有限公司"));
  const v1::AtRiskMember& first = o.at_risk(1);
  EXPECT_EQ(first.node(), "nodes/102");
  EXPECT_EQ(first.customer(), g.east_b);
  EXPECT_EQ(first.owner_org_unit(), "orgUnits/sub-east");
  EXPECT_EQ(first.tier(), v1::TIER_B);
  EXPECT_EQ(first.risk(), v1::RISK_HIGH);
  EXPECT_DOUBLE_EQ(first.health_score(), 30);
  // The heaviest reasons, not all of them.
  EXPECT_THAT(first.reasons(), ElementsAre("overdue 120,000.00 for 45 days",
                                           "no activity for 64 days", "2 complaints this quarter"));

  std::vector<std::string> nodes;
  for (const v1::GroupOverviewNode& node : o.nodes()) nodes.push_back(NodeLine(node));
  EXPECT_THAT(
      nodes,
      ElementsAre(
          "nodes/100 parent= depth=0 customer 华信能源集团有限公司 TIER_A/RISK_LOW",
          "nodes/101 parent=nodes/100 depth=1  /",
          "nodes/102 parent=nodes/101 depth=2 customer 华信华东能源有限公司 TIER_B/RISK_HIGH",
          "nodes/103 parent=nodes/101 depth=2 customer 华信西部能源有限公司 TIER_C/RISK_MEDIUM",
          "nodes/104 parent=nodes/100 depth=1 customer 华信华南能源有限公司 TIER_B/RISK_MEDIUM",
          "nodes/105 parent=nodes/104 depth=2 customer 华信西南制造有限公司 TIER_C/RISK_HIGH",
          "nodes/106 parent=nodes/100 depth=1 customer 华信新设能源有限公司 /"));
  EXPECT_FALSE(o.nodes_truncated());

  // Limits: the first nodes depth first, the least healthy members.
  const v1::GroupOverview limited = MustGroup(Hq(), 100, 3, 2);
  ASSERT_EQ(limited.nodes_size(), 3);
  EXPECT_EQ(limited.nodes(2).node(), "nodes/102");
  EXPECT_TRUE(limited.nodes_truncated());
  EXPECT_THAT(AtRiskNames(limited), ElementsAre("华信西南制造有限公司", "华信华东能源有限公司"));
  EXPECT_EQ(limited.customers(), 6);  // the roll-up is of the whole subtree

  // A node below the top: its own subtree, depths from it.
  const v1::GroupOverview south = MustGroup(Hq(), 104);
  EXPECT_EQ(south.customers(), 2);
  EXPECT_EQ(south.annual_purchases().minor_units(), 350000000);
  EXPECT_DOUBLE_EQ(south.worst_health_score(), 20);
  ASSERT_EQ(south.nodes_size(), 2);
  EXPECT_EQ(south.nodes(0).depth(), 0);
  EXPECT_EQ(south.nodes(0).parent(), "");
  EXPECT_EQ(south.nodes(1).parent(), "nodes/104");
  EXPECT_EQ(south.nodes(1).depth(), 1);
}

TEST_F(OverviewTest, ASubsidiarySeesAPartialRollUpOfItsOwnCustomersOnly) {
  const Group7 g = SeedGroup();
  const v1::GroupOverview o = MustGroup(EastSales(), 100);
  EXPECT_TRUE(o.partial());
  EXPECT_EQ(o.customers(), 4);  // top, east_b, south, fresh
  EXPECT_EQ(o.annual_purchases().minor_units(), 200000000 + 100000000 + 300000000);
  EXPECT_EQ(o.pipeline_open().minor_units(), 1000 + 2000 + 3000 + 5);
  EXPECT_EQ(o.receivable().minor_units(), 300 + 4000 + 500 + 3);
  EXPECT_EQ(o.overdue().minor_units(), 0 + 1200 + 100 + 2);
  EXPECT_EQ(o.worst_risk(), v1::RISK_HIGH);
  EXPECT_DOUBLE_EQ(o.worst_health_score(), 30);  // not the west's 20
  EXPECT_DOUBLE_EQ(o.weighted_health_score(),
                   (90.0 * 2e8 + 30.0 * 1e8 + 70.0 * 3e8) / (2e8 + 1e8 + 3e8));
  EXPECT_THAT(TierCounts(o), ElementsAre("TIER_A=1", "TIER_B=2", "TIER_C=0"));
  EXPECT_THAT(RiskCounts(o), ElementsAre("RISK_LOW=1", "RISK_MEDIUM=1", "RISK_HIGH=1"));
  EXPECT_THAT(AtRiskNames(o), ElementsAre("华信华东能源有限公司", "华信华南能源有限公司"));
  // The west's nodes show their names (identity fields) and nothing else.
  for (const v1::GroupOverviewNode& node : o.nodes()) {
    if (node.node() == "nodes/103" || node.node() == "nodes/105") {
      EXPECT_FALSE(node.display_name().empty()) << node.node();
      EXPECT_TRUE(node.customer().empty()) << node.node();
      EXPECT_EQ(node.tier(), v1::TIER_UNSPECIFIED) << node.node();
      EXPECT_EQ(node.risk(), v1::RISK_LEVEL_UNSPECIFIED) << node.node();
      EXPECT_EQ(node.health_score(), 0) << node.node();
    }
  }
  // Nothing of the west's customers anywhere in the answer.
  const std::string text = o.DebugString();
  EXPECT_THAT(text, ::testing::Not(HasSubstr(Id(g.west_c))));
  EXPECT_THAT(text, ::testing::Not(HasSubstr(Id(g.southwest))));

  // A subsidiary that owns nothing in the group: an empty, partial roll-up.
  const v1::GroupOverview north = MustGroup(NorthSales(), 100);
  EXPECT_TRUE(north.partial());
  EXPECT_EQ(north.customers(), 0);
  EXPECT_EQ(north.annual_purchases().minor_units(), 0);
  EXPECT_EQ(north.worst_risk(), v1::RISK_LEVEL_UNSPECIFIED);
  EXPECT_EQ(north.at_risk_size(), 0);
  EXPECT_EQ(north.nodes_size(), 7);
  for (const v1::GroupOverviewNode& node : north.nodes()) EXPECT_TRUE(node.customer().empty());

  // The west sees its own two below the east's nodes.
  const v1::GroupOverview west = MustGroup(WestSales(), 100);
  EXPECT_TRUE(west.partial());
  EXPECT_EQ(west.customers(), 2);
  EXPECT_EQ(west.annual_purchases().minor_units(), 50000000);
  EXPECT_THAT(AtRiskNames(west), ElementsAre("华信西南制造有限公司", "华信西部能源有限公司"));
}

TEST_F(OverviewTest, HealthIsAPlainMeanWhenNobodyBought) {
  const std::string a = Customer(EastSales(), "甲贸易有限公司");
  const std::string b = Customer(EastSales(), "乙贸易有限公司");
  env_->AddGroupNode(200, 0, a);
  env_->AddGroupNode(201, 200, b);
  Score(a, {.tier = v1::TIER_C, .risk = v1::RISK_LOW, .health = 80});
  Score(b, {.tier = v1::TIER_C, .risk = v1::RISK_MEDIUM, .health = 65});
  const v1::GroupOverview o = MustGroup(Hq(), 200);
  EXPECT_DOUBLE_EQ(o.weighted_health_score(), (80.0 + 65.0) / 2);
  EXPECT_EQ(o.annual_purchases().minor_units(), 0);
}

TEST_F(OverviewTest, TheRollUpFollowsScoresFactsOwnersAndMovesOfTheTree) {
  const Group7 g = SeedGroup();
  // Rescored: 华信华南能源有限公司 turns high risk at 10.
  Score(g.south, {.tier = v1::TIER_B, .risk = v1::RISK_HIGH, .health = 10, .annual = 300000000});
  // Its facts refreshed.
  Fact(g.south, {.pipeline_open = 9000, .receivable = 900, .overdue = 800});
  v1::GroupOverview o = MustGroup(Hq(), 104);
  EXPECT_DOUBLE_EQ(o.worst_health_score(), 10);
  EXPECT_EQ(o.pipeline_open().minor_units(), 9000 + 80000);
  EXPECT_THAT(AtRiskNames(o), ElementsAre("华信华南能源有限公司", "华信西南制造有限公司"));

  // 105 moves under 102 (the group replica rewrites the subtree's paths).
  env_->Exec("UPDATE scoring.replica_group_nodes SET path = '100.101.102.105' WHERE node_id = 105");
  o = MustGroup(Hq(), 104);
  EXPECT_EQ(o.customers(), 1);
  o = MustGroup(Hq(), 101);
  EXPECT_EQ(o.customers(), 3);
  EXPECT_EQ(o.nodes(2).node(), "nodes/105");
  EXPECT_EQ(o.nodes(2).parent(), "nodes/102");
  EXPECT_EQ(o.nodes(2).depth(), 2);

  // Forgotten (merged away): no scores, no facts, no node.
  env_->Exec(
      crm::StrCat("DELETE FROM scoring.customer_scores WHERE customer_id = '", Id(g.west_c), "'"));
  env_->Exec(
      crm::StrCat("DELETE FROM scoring.customer_facts WHERE customer_id = '", Id(g.west_c), "'"));
  o = MustGroup(Hq(), 101);
  EXPECT_EQ(o.customers(), 3);  // still a member of the group, not scored
  EXPECT_THAT(TierCounts(o), ElementsAre("TIER_A=0", "TIER_B=1", "TIER_C=1"));
  EXPECT_EQ(o.pipeline_open().minor_units(), 2000 + 80000);
  env_->Exec("DELETE FROM scoring.replica_group_nodes WHERE node_id = 103");
  o = MustGroup(Hq(), 101);
  EXPECT_EQ(o.customers(), 2);

  // The customer changes hands: the roll-up's scope follows the replica.
  env_->Exec(
      crm::StrCat("UPDATE scoring.replica_customers SET owner_org_unit = 'orgUnits/sub-west' WHERE "
                  "customer_id = '",
                  Id(g.east_b), "'"));
  o = MustGroup(EastSales(), 101);
  EXPECT_EQ(o.customers(), 0);
  EXPECT_TRUE(o.partial());
  o = MustGroup(WestSales(), 101);
  EXPECT_EQ(o.customers(), 2);
  EXPECT_FALSE(o.partial());
}

TEST_F(OverviewTest, GroupRequestsAreCheckedAndAnUnknownNodeIsNotFound) {
  SeedGroup();
  v1::GroupOverview o;
  v1::GetGroupOverviewRequest request;
  request.set_node("nodes/999");
  absl::Status missing = Group(EastSales(), request, &o);
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound) << missing;
  EXPECT_EQ(Reason(missing), "NODE_NOT_FOUND");
  EXPECT_EQ(Meta(missing, "node"), "nodes/999");

  request.set_node("groups/7");
  request.set_node_limit(-1);
  request.set_at_risk_limit(-5);
  absl::Status bad = Group(Hq(), request, &o);
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(bad), ::testing::UnorderedElementsAre("node", "node_limit", "at_risk_limit"));
  EXPECT_THAT(std::string(bad.message()), HasSubstr("node"));
  request.Clear();
  EXPECT_THAT(Fields(Group(Hq(), request, &o)), ElementsAre("node"));
}

TEST_F(OverviewTest, CustomersAtRiskLeastHealthyFirstNarrowedAndPagedInScope) {
  const Group7 g = SeedGroup();
  const std::string outside = Customer(EastSales(), "集团外贸易有限公司");
  Score(outside, {.tier = v1::TIER_C, .risk = v1::RISK_HIGH, .health = 25});

  v1::ListAtRiskCustomersRequest request;
  // HIGH by default.
  EXPECT_THAT(AllAtRisk(Hq(), request),
              ElementsAre("华信西南制造有限公司", "集团外贸易有限公司", "华信华东能源有限公司"));
  request.set_min_risk(v1::RISK_MEDIUM);
  EXPECT_THAT(AllAtRisk(Hq(), request),
              ElementsAre("华信西南制造有限公司", "集团外贸易有限公司", "华信华东能源有限公司",
                          "华信西部能源有限公司", "华信华南能源有限公司"));
  // Pages of one follow the same order.
  request.set_page_size(1);
  EXPECT_THAT(AllAtRisk(Hq(), request),
              ElementsAre("华信西南制造有限公司", "集团外贸易有限公司", "华信华东能源有限公司",
                          "华信西部能源有限公司", "华信华南能源有限公司"));
  request.set_page_size(0);
  // The scope: the east's own.
  EXPECT_THAT(AllAtRisk(EastSales(), request),
              ElementsAre("集团外贸易有限公司", "华信华东能源有限公司", "华信华南能源有限公司"));
  // Narrowed to a group subtree and to an owner org unit.
  request.set_group("nodes/104");
  EXPECT_THAT(AllAtRisk(Hq(), request),
              ElementsAre("华信西南制造有限公司", "华信华南能源有限公司"));
  request.clear_group();
  request.set_owner_org_unit("orgUnits/sub-west");
  EXPECT_THAT(AllAtRisk(Hq(), request),
              ElementsAre("华信西南制造有限公司", "华信西部能源有限公司"));
  // The caller's own org unit stands for its whole scope.
  request.set_owner_org_unit("orgUnits/sub-east");
  EXPECT_THAT(AllAtRisk(EastSales(), request),
              ElementsAre("集团外贸易有限公司", "华信华东能源有限公司", "华信华南能源有限公司"));

  // A line in full.
  request.Clear();
  request.set_group("nodes/100");
  v1::ListAtRiskCustomersResponse page;
  ASSERT_TRUE(AtRisk(Hq(), request, &page).ok());
  ASSERT_EQ(page.customers_size(), 2);
  const v1::AtRiskMember& line = page.customers(1);
  EXPECT_EQ(line.customer(), g.east_b);
  EXPECT_EQ(line.node(), "nodes/102");
  EXPECT_EQ(line.display_name(), "华信华东能源有限公司");
  EXPECT_EQ(line.owner_org_unit(), "orgUnits/sub-east");
  EXPECT_EQ(line.tier(), v1::TIER_B);
  EXPECT_EQ(line.risk(), v1::RISK_HIGH);
  EXPECT_DOUBLE_EQ(line.health_score(), 30);
  EXPECT_EQ(line.reasons_size(), 3);

  // Another's org unit, an unknown group, bad fields.
  request.Clear();
  request.set_owner_org_unit("orgUnits/sub-west");
  absl::Status denied = AtRisk(EastSales(), request, &page);
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied) << denied;
  EXPECT_EQ(Reason(denied), "ORG_UNIT_NOT_IN_SCOPE");
  request.Clear();
  request.set_group("nodes/4242");
  EXPECT_EQ(Reason(AtRisk(Hq(), request, &page)), "NODE_NOT_FOUND");
  request.Clear();
  request.set_min_risk(static_cast<v1::RiskLevel>(9));
  request.set_group("group-7");
  request.set_owner_org_unit("sub west");
  request.set_page_token("not-a-token");
  EXPECT_THAT(Fields(AtRisk(Hq(), request, &page)),
              ::testing::UnorderedElementsAre("min_risk", "group", "owner_org_unit", "page_token"));
}

// 100,000 nodes under one top (branching 10, one in 50 a department), among
// 150,000 scored customers of three subsidiaries: the roll-up is one GiST
// range scan of group_figures, the nodes one B-tree range, and both answer
// well within the 200 ms target on the test machine.
TEST_F(OverviewTest, AHundredThousandNodeGroupRollsUpThroughTheIndexes) {
  env_->Exec(
      "INSERT INTO scoring.replica_customers (customer_id, display_name, owner_org_unit,"
      " account_team, state, version)"
      " SELECT md5('c' || i)::uuid, '客户 ' || i,"
      " (ARRAY['orgUnits/sub-east','orgUnits/sub-west','orgUnits/sub-north'])[1 + i % 3],"
      " '{}', 1, 1 FROM generate_series(1, 150000) i");
  env_->Exec(
      "INSERT INTO scoring.customer_facts (customer_id, pipeline_open_minor, receivable_minor,"
      " overdue_minor, refresh_time)"
      " SELECT md5('c' || i)::uuid, i, 2 * i, i % 7, now() FROM generate_series(1, 150000) i");
  env_->Exec(
      "INSERT INTO scoring.customer_scores (customer_id, tier, computed_tier, value_score,"
      " health_score, risk, annual_purchases_minor, value, health, policy_version, compute_time)"
      " SELECT md5('c' || i)::uuid, 1 + i % 3, 1 + i % 3, 50, (i * 37) % 100,"
      " CASE WHEN (i * 37) % 100 < 50 THEN 3 WHEN (i * 37) % 100 < 75 THEN 2 ELSE 1 END,"
      " (i % 1000) * 100000, '', '', 1, now() FROM generate_series(1, 150000) i");
  env_->Exec(
      "WITH RECURSIVE t(id, path) AS (SELECT 1::bigint, '1'::ltree UNION ALL"
      " SELECT c.id, t.path || c.id::text FROM t CROSS JOIN LATERAL"
      " (SELECT generate_series(t.id * 10 - 8, t.id * 10 + 1) AS id) c WHERE c.id <= 100000)"
      " INSERT INTO scoring.replica_group_nodes (node_id, root_id, customer_id, path, version)"
      " SELECT id, 1, CASE WHEN id % 50 = 0 THEN NULL ELSE md5('c' || id)::uuid END, path, 1"
      " FROM t");
  env_->Exec("ANALYZE scoring.group_figures");
  ASSERT_EQ(env_->QueryValue("SELECT count(*) FROM scoring.group_figures"), "100000");
  // The figures the triggers copied agree with the tables they copy.
  EXPECT_EQ(env_->QueryValue("SELECT sum(g.health_score)::bigint FROM scoring.group_figures g"),
            env_->QueryValue("SELECT sum(s.health_score)::bigint FROM scoring.customer_scores s"
                             " JOIN scoring.replica_group_nodes n USING (customer_id)"));

  std::vector<absl::Duration> hq, east;
  v1::GroupOverview o;
  for (int i = 0; i < 7; ++i) {
    absl::Time start = absl::Now();
    o = MustGroup(Hq(), 1);
    hq.push_back(absl::Now() - start);
    start = absl::Now();
    MustGroup(EastSales(), 1);
    east.push_back(absl::Now() - start);
  }
  std::sort(hq.begin(), hq.end());
  std::sort(east.begin(), east.end());
  std::cout << "GetGroupOverview over 100,000 nodes: HQ p50 " << hq[3] << ", sub-east p50 "
            << east[3] << "\n";
  EXPECT_EQ(o.customers(), 98000);
  EXPECT_EQ(o.nodes_size(), 200);
  EXPECT_TRUE(o.nodes_truncated());
  EXPECT_EQ(std::to_string(o.annual_purchases().minor_units()),
            env_->QueryValue("SELECT sum(s.annual_purchases_minor) FROM scoring.customer_scores s"
                             " JOIN scoring.replica_group_nodes n USING (customer_id)"));
  EXPECT_EQ(o.at_risk_size(), 20);
  // Generous: the target is 200 ms at p50 on a quiet machine; this one is
  // shared, so only an order of magnitude off fails.
  EXPECT_LT(hq[3], absl::Seconds(2));

  // The plans: a subtree through the GiST index, the first nodes through
  // the B-tree range, never a scan of the scores or facts. (The top's
  // subtree is the whole table, which the planner rightly reads in full.)
  env_->Exec(
      "CREATE FUNCTION public.plan_of(query text) RETURNS text LANGUAGE plpgsql AS $$"
      " DECLARE line text; plan text := ''; BEGIN"
      " FOR line IN EXECUTE 'EXPLAIN ' || query LOOP plan := plan || line || E'\\n'; END LOOP;"
      " RETURN plan; END $$");
  const std::string rollup = env_->QueryValue(
      "SELECT public.plan_of($q$SELECT g.tier, g.risk, count(*), sum(g.annual_purchases_minor)"
      " FROM scoring.group_figures g WHERE g.path <@ '1.2'::ltree AND g.customer_id IS NOT NULL"
      " GROUP BY 1, 2$q$)");
  EXPECT_THAT(rollup, HasSubstr("group_figures_path"));
  EXPECT_THAT(rollup, ::testing::Not(HasSubstr("customer_scores")));
  const std::string nodes = env_->QueryValue(
      "SELECT public.plan_of($q$SELECT g.node_id FROM scoring.group_figures g"
      " WHERE g.path >= '1'::ltree AND g.path <@ '1'::ltree ORDER BY g.path LIMIT 201$q$)");
  EXPECT_THAT(nodes, HasSubstr("Index Scan using group_figures_path_order"));
  EXPECT_THAT(nodes, ::testing::Not(HasSubstr("Sort")));
}

}  // namespace
}  // namespace crm::scoring
