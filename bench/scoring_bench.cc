#include "bench/scoring_bench.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/paired_reads.h"
#include "bench/report.h"
#include "crm/contract/v1/contract_service.grpc.pb.h"
#include "crm/opportunity/v1/opportunity_service.grpc.pb.h"
#include "crm/scoring/v1/scoring_service.grpc.pb.h"
#include "libs/auth/data_scope.h"
#include "libs/auth/sql_scope.h"
#include "libs/clock/business_day.h"
#include "libs/strings/str_cat.h"
#include "pqxx/pqxx"
#include "services/customer/testing/customer_test_env.h"
#include "services/scoring/scores/customer_scoring.h"
#include "services/scoring/testing/scoring_test_env.h"

namespace crm::bench {
namespace {

namespace v1 = scoring::v1;
namespace ov1 = opportunity::v1;
namespace kv1 = contract::v1;
using scoring::testing::ScoringTestEnv;

constexpr char kRescore[] = "scoring_rescore_all";
constexpr char kGroup[] = "scoring_group_overview";
constexpr char kLatency[] = "scoring_event_latency";

// The issue's targets.
constexpr absl::Duration kRescoreTarget = absl::Seconds(60);
constexpr double kGroupTargetUs = 200'000;
constexpr absl::Duration kLatencyTarget = absl::Seconds(5);
// How long one event may take before the bench gives up on it.
constexpr absl::Duration kEventGiveUp = absl::Seconds(30);

// The measured group's root, business lines and departments; customer nodes
// are kCustomerNodeBase + the customer's number.
constexpr int64_t kRoot = 1;
constexpr int kLines = 20;
constexpr int kDepartments = 200;
constexpr int64_t kCustomerNodeBase = 1000;

bool Wanted(const ScoringBenchOptions& options, const char* name) {
  return options.filter.empty() || std::string(name).find(options.filter) != std::string::npos;
}

// ---- seeding ----
//
// $1 customers. Each customer's draws are taken once into a temporary table
// (random() is volatile), then used as often as needed.
constexpr char kDraws[] = R"sql(
CREATE TEMP TABLE bench_customers AS
SELECT k, gen_random_uuid() AS id, random() AS r1, random() AS r2, random() AS r3,
  random() AS r4, random() AS r5
FROM generate_series(1, $1::integer) k)sql";

// Owned by sub-east, sub-west, sub-north or HQ in turn; 10 % with another
// subsidiary in the account team.
constexpr char kCustomers[] = R"sql(
INSERT INTO scoring.replica_customers (customer_id, display_name, owner_org_unit, account_team,
  state, version)
SELECT id, '评分基准客户 ' || k,
  (ARRAY['orgUnits/sub-east', 'orgUnits/sub-west', 'orgUnits/sub-north', 'orgUnits/hq'])[1 + k % 4],
  CASE WHEN r1 < 0.1 THEN ARRAY['orgUnits/sub-west'] ELSE '{}' END, 1, 1
FROM pg_temp.bench_customers)sql";

// Money in fen, log-uniform: open pipeline 10,000 to 100,000,000 yuan, 40 %
// weighted; active contracts 10,000 to 1,000,000,000 yuan, a fifth of it
// receivable, overdue for 15 % of customers (up to 600 days). First
// signature within 15 years (10 % never signed); last activity within 120
// days, last visit within 200; 5 % with a contract expiring without
// renewal, 5 % a delivery problem, 0-2 open collaboration requests.
constexpr char kFacts[] = R"sql(
INSERT INTO scoring.customer_facts (customer_id, first_signed_date, pipeline_open_minor,
  pipeline_weighted_minor, active_contract_minor, receivable_minor, overdue_minor, overdue_days,
  last_activity_time, last_visit_time, expiring_without_renewal, delivery_problems,
  open_requests, refresh_time)
SELECT id, CASE WHEN r1 < 0.9 THEN (now() - r2 * interval '15 years')::date END,
  floor(power(10, 6 + r3 * 4))::bigint, floor(power(10, 6 + r3 * 4) * 0.4)::bigint,
  floor(power(10, 6 + r4 * 5))::bigint, floor(power(10, 6 + r4 * 5) * 0.2)::bigint,
  CASE WHEN r5 < 0.15 THEN floor(power(10, 6 + r4 * 5) * 0.1)::bigint ELSE 0 END,
  CASE WHEN r5 < 0.15 THEN floor(r5 * 4000)::integer ELSE 0 END,
  now() - r2 * interval '120 days', now() - r1 * interval '200 days',
  (r3 < 0.05)::integer, (r4 < 0.05)::integer, floor(r5 * 3)::integer, now()
FROM pg_temp.bench_customers)sql";

// 6-12 months up to this month (Asia/Shanghai) per customer; purchases
// 1,000 to 10,000,000 yuan a month (so some customers reach tier A), about
// as much received; 3 % of months with a complaint, 2 % a delivery problem.
constexpr char kMonths[] = R"sql(
INSERT INTO scoring.customer_months (customer_id, month, purchases_minor, receipts_minor,
  complaints, delivery_problems)
SELECT c.id,
  (date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') - j * interval '1 month')::date,
  floor(power(10, 5 + c.r3 * 4) * (0.5 + random()))::bigint,
  floor(power(10, 5 + c.r3 * 4) * (0.4 + random()))::bigint,
  (random() < 0.03)::integer, (random() < 0.02)::integer
FROM pg_temp.bench_customers c CROSS JOIN LATERAL generate_series(0, 5 + c.k % 7) j)sql";

// The group: root kRoot, kLines business lines under it, kDepartments
// departments (10 a line), then customer nodes in blocks of five — the
// first of a block under a department, the other four its subsidiaries
// under it. $1 customer nodes.
constexpr char kGroupNodes[] = R"sql(
INSERT INTO scoring.replica_group_nodes (node_id, root_id, customer_id, path, version)
SELECT 1, 1, NULL::uuid, '1'::ltree, 1
UNION ALL
SELECT 1 + l, 1, NULL, ('1.' || (1 + l))::ltree, 1 FROM generate_series(1, 20) l
UNION ALL
SELECT 100 + d, 1, NULL, ('1.' || (2 + (d - 1) / 10) || '.' || (100 + d))::ltree, 1
FROM generate_series(1, 200) d
UNION ALL
SELECT 1000 + c.k, 1, c.id,
  (SELECT ('1.' || (2 + (dep - 1) / 10) || '.' || (100 + dep) || '.'
           || CASE WHEN (c.k - 1) % 5 = 0 THEN (1000 + c.k)::text
                   ELSE (1000 + c.k - (c.k - 1) % 5) || '.' || (1000 + c.k) END)::ltree
   FROM (SELECT 1 + ((c.k - 1) / 5) % 200 AS dep) x), 1
FROM pg_temp.bench_customers c WHERE c.k <= $1::integer)sql";

// The raw scan of what RescoreAll reads: every facts row with its months
// aggregated.
constexpr char kRawScan[] = R"sql(
SELECT count(*), coalesce(sum(m.months), 0), coalesce(sum(m.purchases), 0)::text,
  coalesce(sum(f.active_contract_minor), 0)::text
FROM scoring.customer_facts f
LEFT JOIN (SELECT customer_id, count(*) AS months, sum(purchases_minor) AS purchases,
             sum(receipts_minor) AS receipts, sum(complaints) AS complaints,
             sum(delivery_problems) AS problems
           FROM scoring.customer_months GROUP BY customer_id) m
  ON m.customer_id = f.customer_id
LEFT JOIN scoring.profiles p ON p.customer_id = f.customer_id)sql";

// The roll-up of subtree $1 as the raw join of the replica's nodes with the
// scores, facts and customers (no group_figures): members in scope ($2 all,
// $3 org units), their annual purchases, the worst health, members at high
// risk, and whether any member is out of scope.
constexpr char kRawRollup[] = R"sql(
SELECT count(*) FILTER (WHERE v), coalesce(sum(s.annual_purchases_minor) FILTER (WHERE v), 0)::text,
  coalesce(sum(f.active_contract_minor) FILTER (WHERE v), 0)::text,
  min(s.health_score) FILTER (WHERE v), count(*) FILTER (WHERE v AND s.risk = 3),
  bool_or(NOT v)
FROM (SELECT n.customer_id,
        ($2::boolean OR rc.owner_org_unit = ANY($3::text[]) OR rc.account_team && $3::text[]) AS v
      FROM scoring.replica_group_nodes n
      JOIN scoring.replica_customers rc ON rc.customer_id = n.customer_id
      WHERE n.path <@ $1::ltree) n
LEFT JOIN scoring.customer_scores s ON s.customer_id = n.customer_id
LEFT JOIN scoring.customer_facts f ON f.customer_id = n.customer_id)sql";

double Seconds(absl::Duration d) { return absl::ToDoubleSeconds(d); }

std::string Verdict(bool ok, bool met) { return !ok ? "ERROR" : (met ? "MET" : "MISSED"); }

common::v1::Money Cny(int64_t fen) {
  common::v1::Money money;
  money.set_currency_code("CNY");
  money.set_minor_units(fen);
  return money;
}

common::v1::Date DateOf(absl::CivilDay day) {
  common::v1::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

absl::Status FromCall(const grpc::Status& s, std::string_view what) { return FromGrpc(s, what); }

// A client context for `principal` with a deadline.
std::unique_ptr<grpc::ClientContext> As(ScoringTestEnv& env, const auth::v1::Principal& principal) {
  std::unique_ptr<grpc::ClientContext> context = env.As(principal);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  return context;
}

// ---- part 1: RescoreAll ----

struct RescoreFigures {
  bool ok = false;
  std::string error;
  int64_t facts = 0, months = 0;
  absl::Duration scan, first, again;
  int64_t first_scored = 0, again_scored = 0, scores_rows = 0, tiers[4] = {0, 0, 0, 0},
          risks[4] = {0, 0, 0, 0}, warnings = 0, events = 0;
};

RescoreFigures MeasureRescore(ScoringTestEnv& env, pqxx::connection& c) {
  RescoreFigures r;
  try {
    {
      pqxx::nontransaction tx(c);
      tx.exec0("SET jit = off");
      const absl::Time start = absl::Now();
      const pqxx::row row = tx.exec1(kRawScan);
      r.scan = absl::Now() - start;
      r.facts = row[0].as<int64_t>();
      r.months = row[1].as<int64_t>();
      tx.exec0("RESET jit");
    }
    const auto events_now = [&] {
      pqxx::nontransaction tx(c);
      return tx.exec1("SELECT count(*) FROM scoring.events").at(0).as<int64_t>();
    };
    const int64_t events_before = events_now();
    absl::Time start = absl::Now();
    absl::StatusOr<int64_t> scored = scoring::RescoreAll(env.context(), absl::Now());
    r.first = absl::Now() - start;
    if (!scored.ok()) {
      r.error = crm::StrCat("RescoreAll (first scoring): ", scored.status().ToString());
      return r;
    }
    r.first_scored = *scored;
    r.events = events_now() - events_before;
    start = absl::Now();
    scored = scoring::RescoreAll(env.context(), absl::Now());
    r.again = absl::Now() - start;
    if (!scored.ok()) {
      r.error = crm::StrCat("RescoreAll (recompute): ", scored.status().ToString());
      return r;
    }
    r.again_scored = *scored;
    pqxx::nontransaction tx(c);
    for (const pqxx::row& row :
         tx.exec("SELECT tier, risk, count(*) FROM scoring.customer_scores GROUP BY 1, 2")) {
      const int tier = row[0].as<int>(), risk = row[1].as<int>();
      const int64_t n = row[2].as<int64_t>();
      r.scores_rows += n;
      if (tier >= 1 && tier <= 3) r.tiers[tier] += n;
      if (risk >= 1 && risk <= 3) r.risks[risk] += n;
    }
    r.warnings =
        tx.exec1("SELECT count(*) FROM scoring.churn_warnings WHERE state = 1").at(0).as<int64_t>();
    r.ok = true;
  } catch (const std::exception& e) {
    r.error = crm::StrCat("rescore: ", e.what());
  }
  return r;
}

// ---- part 2: the group overview ----

struct GroupRead {
  std::string name, what;
  double target_us = 0;
  Paired paired;
  std::string mismatch, figures;
};

struct RawRollup {
  int64_t customers = 0;
  std::string annual, active;
  double worst = 0;
  int64_t high = 0;
  bool partial = false;
};

absl::StatusOr<RawRollup> SqlRollup(pqxx::connection& c, const auth::DataScope& scope) {
  try {
    pqxx::work tx(c);
    tx.exec0("SET LOCAL jit = off");
    const pqxx::row row = tx.exec_params1(kRawRollup, crm::StrCat(kRoot), scope.all,
                                          auth::TextArrayLiteral(scope.org_units));
    RawRollup r;
    r.customers = row[0].as<int64_t>();
    r.annual = row[1].as<std::string>();
    r.active = row[2].as<std::string>();
    r.worst = row[3].is_null() ? 0 : row[3].as<double>();
    r.high = row[4].as<int64_t>();
    r.partial = !row[5].is_null() && row[5].as<bool>();
    tx.commit();
    return r;
  } catch (const std::exception& e) {
    return absl::InternalError(crm::StrCat("raw roll-up: ", e.what()));
  }
}

GroupRead MeasureGroup(ScoringTestEnv& env, pqxx::connection& c, const ScoringBenchOptions& options,
                       const char* name, const auth::v1::Principal& principal, std::string_view who,
                       double target_us) {
  GroupRead read{.name = name,
                 .what = crm::StrCat("GetGroupOverview nodes/", kRoot, ", ", who),
                 .target_us = target_us};
  const auth::DataScope scope = auth::ScopeOf(principal);
  v1::GetGroupOverviewRequest request;
  request.set_node(crm::StrCat("nodes/", kRoot));
  v1::GroupOverview answer;
  absl::StatusOr<RawRollup> raw;
  read.paired = AlternateCalls(
      [&]() -> absl::Status {
        answer.Clear();
        return FromCall(env.stub().GetGroupOverview(As(env, principal).get(), request, &answer),
                        "GetGroupOverview");
      },
      [&]() -> absl::Status {
        raw = SqlRollup(c, scope);
        return raw.status();
      },
      PairOptions{.seconds = options.read_seconds,
                  .min_pairs = options.min_pairs,
                  .max_pairs = options.max_pairs});
  if (read.paired.rpc.errors == 0 && read.paired.sql.errors == 0 && raw.ok()) {
    std::vector<std::string> wrong;
    if (answer.customers() != raw->customers) {
      wrong.push_back(absl::StrFormat("customers %d, SQL %d", answer.customers(), raw->customers));
    }
    if (crm::StrCat(answer.annual_purchases().minor_units()) != raw->annual) {
      wrong.push_back(crm::StrCat("annual purchases ", answer.annual_purchases().minor_units(),
                                  ", SQL ", raw->annual));
    }
    if (crm::StrCat(answer.active_contract_value().minor_units()) != raw->active) {
      wrong.push_back(crm::StrCat("active contract value ",
                                  answer.active_contract_value().minor_units(), ", SQL ",
                                  raw->active));
    }
    if (answer.partial() != raw->partial) {
      wrong.push_back(crm::StrCat("partial ", answer.partial(), ", SQL ", raw->partial));
    }
    if (raw->customers > 0 && std::abs(answer.worst_health_score() - raw->worst) > 1e-9) {
      wrong.push_back(
          absl::StrFormat("worst health %.4f, SQL %.4f", answer.worst_health_score(), raw->worst));
    }
    int64_t high = 0;
    for (const v1::RiskCount& count : answer.risk_counts()) {
      if (count.risk() == v1::RISK_HIGH) high = count.customers();
    }
    if (high != raw->high) {
      wrong.push_back(absl::StrFormat("high-risk members %d, SQL %d", high, raw->high));
    }
    read.mismatch = absl::StrJoin(wrong, "; ");
    read.figures = absl::StrFormat(
        "%d customers counted%s, annual purchases %s fen, worst health %.1f, weighted health "
        "%.1f, %d at high risk, %d at-risk members and %d nodes returned%s",
        answer.customers(), answer.partial() ? " (partial)" : "",
        crm::StrCat(answer.annual_purchases().minor_units()), answer.worst_health_score(),
        answer.weighted_health_score(), high, answer.at_risk_size(), answer.nodes_size(),
        answer.nodes_truncated() ? " (truncated)" : "");
  }
  return read;
}

// ---- part 3: event → overview ----

struct EventTiming {
  std::string kind;
  absl::Duration write, shown;
  bool seen = false;
};

// The overview of `customer` as `as` until `done` holds of it or kEventGiveUp
// passes from `from`; the time it first held (from `from`), and the read
// times seen.
template <typename Done>
std::optional<absl::Duration> PollOverview(ScoringTestEnv& env, const auth::v1::Principal& as,
                                           const std::string& customer, absl::Time from, Done done,
                                           std::vector<double>& read_us, std::string& error) {
  v1::GetCustomerOverviewRequest request;
  request.set_customer(customer);
  while (absl::Now() - from < kEventGiveUp) {
    v1::CustomerOverview overview;
    const auto start = std::chrono::steady_clock::now();
    const grpc::Status status =
        env.stub().GetCustomerOverview(As(env, as).get(), request, &overview);
    read_us.push_back(SecondsSince(start) * 1e6);
    if (status.ok() && done(overview)) return absl::Now() - from;
    if (!status.ok()) error = status.error_message();
    absl::SleepFor(absl::Milliseconds(20));
  }
  return std::nullopt;
}

absl::Status SignContract(ScoringTestEnv& env, const std::string& customer, int64_t fen,
                          absl::Time* sign_time, absl::Duration* write) {
  const auth::v1::Principal seller = scoring::testing::EastSales();
  const auth::v1::Principal legal =
      customer::testing::CustomerTestEnv::WithRoles("zhao.legal", "sub-east", {"legal"});
  const auth::v1::Principal finance =
      customer::testing::CustomerTestEnv::WithRoles("qian.finance", "sub-east", {"finance"});
  kv1::ContractService::Stub& contracts = env.contracts();
  const absl::CivilDay today = clock::BusinessDayOf(absl::Now());
  kv1::CreateContractRequest create;
  kv1::Contract& c = *create.mutable_contract();
  c.set_kind(kv1::STANDALONE);
  c.set_title("年度供货合同");
  c.set_customer(customer);
  *c.mutable_amount() = Cny(fen);
  *c.mutable_start_date() = DateOf(today);
  *c.mutable_end_date() = DateOf(today + 364);
  kv1::PaymentMilestone* milestone = c.add_payment_milestones();
  *milestone->mutable_due_date() = DateOf(today + 90);
  *milestone->mutable_amount() = Cny(fen);
  milestone->set_description("全款");
  kv1::Contract draft;
  grpc::Status status = contracts.CreateContract(As(env, seller).get(), create, &draft);
  if (!status.ok()) return FromCall(status, "CreateContract");
  kv1::SubmitContractRequest submit;
  submit.set_name(draft.name());
  submit.set_etag(draft.etag());
  kv1::Contract pending;
  status = contracts.SubmitContract(As(env, seller).get(), submit, &pending);
  if (!status.ok()) return FromCall(status, "SubmitContract");
  kv1::ApproveContractRequest approve;
  approve.set_name(pending.name());
  approve.set_etag(pending.etag());
  approve.set_comment("法务审核通过");
  kv1::Contract approved;
  status = contracts.ApproveContract(As(env, legal).get(), approve, &approved);
  if (!status.ok()) return FromCall(status, "ApproveContract (legal)");
  if (approved.state() == kv1::PENDING_APPROVAL) {
    approve.set_etag(approved.etag());
    approve.set_comment("财务审核通过");
    status = contracts.ApproveContract(As(env, finance).get(), approve, &approved);
    if (!status.ok()) return FromCall(status, "ApproveContract (finance)");
  }
  kv1::SignContractRequest sign;
  sign.set_name(approved.name());
  sign.set_etag(approved.etag());
  kv1::Contract signed_contract;
  *sign_time = absl::Now();
  status = contracts.SignContract(As(env, seller).get(), sign, &signed_contract);
  *write = absl::Now() - *sign_time;
  if (!status.ok()) return FromCall(status, "SignContract");
  return absl::OkStatus();
}

struct LatencyFigures {
  bool ok = false;
  std::string error;
  std::vector<EventTiming> events;
  LatencyStats shown, write, read;
};

LatencyFigures MeasureLatency(ScoringTestEnv& env, const ScoringBenchOptions& options) {
  LatencyFigures f;
  const auth::v1::Principal seller = scoring::testing::EastSales();
  std::vector<std::string> customers;
  for (int i = 0; i < options.events; ++i) {
    // Legal names take no digits: the event's number in heavenly stems.
    constexpr const char* kStems[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
    customers.push_back(
        env.NewCustomer(seller, crm::StrCat("上海评分时延", i >= 10 ? kStems[(i / 10) % 10] : "",
                                            kStems[i % 10], "测试有限公司")));
    if (customers.back().empty()) {
      f.error = "CreateCustomer failed";
      return f;
    }
  }
  if (absl::Status s = env.SyncCustomers(); !s.ok()) {
    f.error = crm::StrCat("following the customer feed: ", s.ToString());
    return f;
  }
  std::vector<double> shown_us, write_us, read_us;
  for (int i = 0; i < options.events; ++i) {
    const std::string& customer = customers[i];
    EventTiming timing;
    absl::Time from;
    std::string error;
    std::optional<absl::Duration> shown;
    if (i % 2 == 0) {
      timing.kind = "visit";
      const absl::Time visit_time = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()));
      ov1::CreateActivityRequest request;
      ov1::Activity& a = *request.mutable_activity();
      a.set_customer(customer);
      a.set_type(ov1::Activity::VISIT);
      a.mutable_occur_time()->set_seconds(absl::ToUnixSeconds(visit_time));
      a.set_summary("拜访采购总监");
      ov1::Activity created;
      from = absl::Now();
      const grpc::Status status =
          env.opportunities().CreateActivity(As(env, seller).get(), request, &created);
      timing.write = absl::Now() - from;
      if (!status.ok()) {
        f.error = FromCall(status, "CreateActivity").ToString();
        return f;
      }
      shown = PollOverview(
          env, seller, customer, from,
          [&](const v1::CustomerOverview& o) {
            return o.last_visit_time().seconds() == absl::ToUnixSeconds(visit_time);
          },
          read_us, error);
    } else {
      timing.kind = "signature";
      constexpr int64_t kFen = 50'000'000;  // 500,000.00 CNY
      if (absl::Status s = SignContract(env, customer, kFen, &from, &timing.write); !s.ok()) {
        f.error = s.ToString();
        return f;
      }
      shown = PollOverview(
          env, seller, customer, from,
          [&](const v1::CustomerOverview& o) {
            return o.active_contract_value().minor_units() == kFen;
          },
          read_us, error);
    }
    timing.seen = shown.has_value();
    timing.shown = shown.value_or(kEventGiveUp);
    shown_us.push_back(absl::ToDoubleMicroseconds(timing.shown));
    write_us.push_back(absl::ToDoubleMicroseconds(timing.write));
    std::cerr << absl::StrFormat("    %s %d: %.2f s%s\n", timing.kind, i + 1, Seconds(timing.shown),
                                 timing.seen ? "" : " (never shown)");
    f.events.push_back(std::move(timing));
  }
  f.shown = LatencyOf(shown_us);
  f.write = LatencyOf(write_us);
  f.read = LatencyOf(read_us);
  f.ok = true;
  return f;
}

std::string Ms2(absl::Duration d) { return absl::StrFormat("%.2f", absl::ToDoubleMilliseconds(d)); }

}  // namespace

absl::StatusOr<bool> RunScoringBench(const ScoringBenchOptions& options, std::ostream& out) {
  scoring::testing::ScoringTestOptions env_options;
  env_options.opportunity = true;
  env_options.contract = true;
  // The service as it runs: the real clock, its followers and refresher on.
  env_options.configure = [](scoring::ScoringConfig& config) {
    config.clock = nullptr;
    config.pg_pool_size = 8;
    config.customer_follow_interval = absl::Seconds(1);
    config.feed_follow_interval = absl::Seconds(1);
    config.refresh_interval = absl::Milliseconds(500);
  };
  std::cerr << "starting the customer, opportunity, contract and scoring services\n";
  absl::StatusOr<std::unique_ptr<ScoringTestEnv>> started =
      ScoringTestEnv::Start("scoring_bench", env_options);
  if (!started.ok()) return started.status();
  ScoringTestEnv& env = **started;
  // The opportunity and contract modules read the environment's fake clock:
  // keep it on the real time.
  std::atomic<bool> stop{false};
  env.clock().Set(absl::Now());
  std::thread ticker([&] {
    while (!stop.load()) {
      env.clock().Set(absl::Now());
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  struct Join {
    std::atomic<bool>& stop;
    std::thread& thread;
    ~Join() {
      stop = true;
      thread.join();
    }
  } join{stop, ticker};

  pqxx::connection c(env.dsn());
  const bool seed = Wanted(options, kRescore) || Wanted(options, kGroup);
  const int customers = std::max(options.customers, options.group_nodes);
  std::vector<std::string> notes;
  bool all_met = true;
  if (seed) {
    std::cerr << "  seeding " << customers << " customers' facts\n";
    const absl::Time start = absl::Now();
    try {
      pqxx::work tx(c);
      tx.exec_params0(kDraws, customers);
      tx.exec0(kCustomers);
      tx.exec0(kFacts);
      tx.exec0(kMonths);
      tx.commit();
    } catch (const std::exception& e) {
      return absl::InternalError(crm::StrCat("seeding the facts: ", e.what()));
    }
    const absl::Duration seeded = absl::Now() - start;
    const absl::Time vacuum_start = absl::Now();
    try {
      pqxx::nontransaction tx(c);
      tx.exec0("VACUUM ANALYZE scoring.replica_customers");
      tx.exec0("VACUUM ANALYZE scoring.customer_facts");
      tx.exec0("VACUUM ANALYZE scoring.customer_months");
    } catch (const std::exception& e) {
      return absl::InternalError(crm::StrCat("vacuum: ", e.what()));
    }
    notes.push_back(absl::StrFormat(
        "seeded in one transaction with INSERT … SELECT over generate_series (%.1f s, VACUUM "
        "ANALYZE %.1f s): %d customers in scoring.replica_customers and scoring.customer_facts, "
        "6-12 months each in scoring.customer_months",
        Seconds(seeded), Seconds(absl::Now() - vacuum_start), customers));
  }

  // ---- 1 ----
  std::optional<RescoreFigures> rescore;
  if (Wanted(options, kRescore) || Wanted(options, kGroup)) {
    std::cerr << "  " << kRescore << "\n";
    rescore = MeasureRescore(env, c);
    if (!rescore->ok) return absl::InternalError(rescore->error);
  }

  // ---- 2 ----
  std::vector<GroupRead> reads;
  int64_t group_nodes = 0;
  if (Wanted(options, kGroup)) {
    const int customer_nodes = std::max(options.group_nodes - 1 - kLines - kDepartments, 1);
    try {
      pqxx::work tx(c);
      tx.exec_params0(kGroupNodes, customer_nodes);
      tx.commit();
      pqxx::nontransaction n(c);
      n.exec0("VACUUM ANALYZE scoring.replica_group_nodes");
      n.exec0("VACUUM ANALYZE scoring.group_figures");
      group_nodes = n.exec1("SELECT count(*) FROM scoring.replica_group_nodes").at(0).as<int64_t>();
    } catch (const std::exception& e) {
      return absl::InternalError(crm::StrCat("seeding the group: ", e.what()));
    }
    std::cerr << "  " << kGroup << "\n";
    reads.push_back(MeasureGroup(env, c, options, "scoring_group_overview_hq",
                                 customer::testing::CustomerTestEnv::Hq(),
                                 "as HQ (hq_admin, global scope)", kGroupTargetUs));
    reads.push_back(MeasureGroup(env, c, options, "scoring_group_overview_subsidiary",
                                 scoring::testing::EastSales(), "as a seller of sub-east (partial)",
                                 0));
  }

  // ---- 3 ----
  std::optional<LatencyFigures> latency;
  if (Wanted(options, kLatency)) {
    std::cerr << "  " << kLatency << "\n";
    latency = MeasureLatency(env, options);
  }

  // ---- the section ----
  out << "#### Scoring: recompute, group overview, event → overview (scoring service)\n\n";
  for (const std::string& note : notes) out << "- " << note << "\n";
  out << "- the real scoring service with the real customer, opportunity and contract services "
         "in this process, each on a loopback gRPC server, one fresh database; the scoring "
         "module on the real clock with its customer follower (1 s), feed followers (1 s) and "
         "refresher (500 ms) running\n\n";
  if (rescore.has_value()) {
    const RescoreFigures& r = *rescore;
    const bool met = r.first <= kRescoreTarget && r.again <= kRescoreTarget &&
                     r.scores_rows == r.facts && r.first_scored == r.facts;
    if (!met) all_met = false;
    out << "| operation | customers | seconds | baseline: raw scan s | ÷ baseline | target | "
           "result |\n|---|--:|--:|--:|--:|---|---|\n";
    out << absl::StrFormat(
        "| %s (first scoring: every row new) | %d | %.1f | %.2f | %s | ≤ 60 s | %s |\n", kRescore,
        r.first_scored, Seconds(r.first), Seconds(r.scan), Ratio(Seconds(r.first), Seconds(r.scan)),
        Verdict(r.scores_rows == r.facts, r.first <= kRescoreTarget));
    out << absl::StrFormat(
        "| %s (recompute: scores stored) | %d | %.1f | %.2f | %s | ≤ 60 s | %s |\n", kRescore,
        r.again_scored, Seconds(r.again), Seconds(r.scan), Ratio(Seconds(r.again), Seconds(r.scan)),
        Verdict(r.again_scored == r.facts, r.again <= kRescoreTarget));
    out << "\n";
    out << absl::StrFormat(
        "- %s: scores::RescoreAll (batches of 5,000: facts read a page at a time, assessed, one "
        "bulk upsert, SCORES_CHANGED and warnings for changed customers) over %d facts rows and "
        "%d month rows; %.0f customers/s first, %.0f customers/s recomputing; the baseline is one "
        "SELECT of every facts row joined with its months aggregated (%d rows), JIT off; scores "
        "rows %d (tiers A %d, B %d, C %d; risk low %d, medium %d, high %d), %d open churn "
        "warnings, %d events recorded by the first scoring\n",
        kRescore, r.facts, r.months, r.first_scored / std::max(Seconds(r.first), 1e-9),
        r.again_scored / std::max(Seconds(r.again), 1e-9), r.facts, r.scores_rows, r.tiers[1],
        r.tiers[2], r.tiers[3], r.risks[1], r.risks[2], r.risks[3], r.warnings, r.events);
    if (r.scores_rows != r.facts) {
      out << absl::StrFormat("- %s WRONG FIGURES: %d scores rows for %d facts rows\n", kRescore,
                             r.scores_rows, r.facts);
    }
    out << "\n";
  }
  if (!reads.empty()) {
    out << absl::StrFormat(
        "- %s: one group of %d nodes (a root, %d business lines, %d departments, customer "
        "nodes in blocks of five: one under a department, four subsidiaries under it); the "
        "RPC alternates call by call with the raw roll-up SELECT (the subtree's nodes ⋈ "
        "replica_customers ⋈ customer_scores ⋈ customer_facts, scope in SQL, JIT off; no "
        "group_figures) on one libpqxx connection in this process; with under 100 calls p99 is "
        "the slowest\n\n",
        kGroup, group_nodes, kLines, kDepartments);
    out << "| operation | one call | RPC p50 ms | RPC p99 ms | SQL p50 ms | SQL p99 ms | "
           "RPC ÷ SQL (p50) | n | target (RPC p50) | result | host busy |\n"
        << "|---|---|--:|--:|--:|--:|--:|--:|---|---|--:|\n";
    for (const GroupRead& r : reads) {
      const std::string verdict =
          PairedVerdict(r.paired.rpc, r.paired.sql, r.mismatch, r.target_us);
      if (Fails(verdict)) all_met = false;
      out << absl::StrFormat("| %s | %s | %s | %s | %s | %s | %s | %d | %s | %s | %.0f%% |\n",
                             r.name, r.what, Ms(r.paired.rpc.p50_us), Ms(r.paired.rpc.p99_us),
                             Ms(r.paired.sql.p50_us), Ms(r.paired.sql.p99_us),
                             Ratio(r.paired.rpc.p50_us, r.paired.sql.p50_us), r.paired.rpc.count,
                             r.target_us > 0 ? absl::StrFormat("≤ %.0f ms", r.target_us / 1000)
                                             : std::string("report only"),
                             verdict, r.paired.host_busy * 100);
    }
    out << "\n";
    for (const GroupRead& r : reads) {
      if (!r.figures.empty()) out << "- " << r.name << ": " << r.figures << "\n";
      if (!r.mismatch.empty()) out << "- " << r.name << " WRONG FIGURES: " << r.mismatch << "\n";
      for (const LatencyStats* l : {&r.paired.rpc, &r.paired.sql}) {
        if (l->errors > 0) {
          out << "- " << r.name << (l == &r.paired.rpc ? " (RPC)" : " (SQL)") << ": " << l->errors
              << " failed, first: " << l->first_error << "\n";
        }
      }
    }
    out << "\n";
  }
  if (latency.has_value()) {
    const LatencyFigures& f = *latency;
    if (!f.ok) {
      all_met = false;
      out << "- " << kLatency << ": ERROR " << f.error << "\n\n";
    } else {
      bool seen = true;
      for (const EventTiming& e : f.events) seen = seen && e.seen;
      const bool met = seen && f.shown.p99_us <= absl::ToDoubleMicroseconds(kLatencyTarget);
      if (!met) all_met = false;
      out << "| operation | events | shown p50 s | shown max s | baseline: write call p50 ms | "
             "baseline: one overview read p50 ms | target (max) | result |\n"
             "|---|--:|--:|--:|--:|--:|---|---|\n";
      out << absl::StrFormat("| %s | %d | %.2f | %.2f | %s | %s | ≤ 5 s | %s |\n\n", kLatency,
                             f.events.size(), f.shown.p50_us / 1e6, f.shown.p99_us / 1e6,
                             Ms(f.write.p50_us), Ms(f.read.p50_us),
                             seen ? (met ? "MET" : "MISSED") : "MISSED (never shown)");
      std::vector<std::string> each;
      for (const EventTiming& e : f.events) {
        each.push_back(
            absl::StrFormat("%s %.2f s (write %s ms)", e.kind, Seconds(e.shown), Ms2(e.write)));
      }
      out << "- " << kLatency
          << ": a visit recorded through CreateActivity (timed from the call) or a contract "
             "of 500,000.00 CNY signed through SignContract (timed from the signature, after "
             "its approval), alternately, each for a new customer of sub-east; then "
             "GetCustomerOverview as its seller every 20 ms until it shows the visit time or the "
             "contract value: "
          << absl::StrJoin(each, ", ") << "\n\n";
    }
  }
  out.flush();
  return all_met;
}

}  // namespace crm::bench
