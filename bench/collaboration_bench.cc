#include "bench/collaboration_bench.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/paired_reads.h"
#include "bench/report.h"
#include "bench/seller_org.h"
#include "crm/collaboration/v1/collaboration_service.grpc.pb.h"
#include "libs/auth/data_scope.h"
#include "libs/auth/sql_scope.h"
#include "libs/clock/business_day.h"
#include "libs/clock/quarter.h"
#include "libs/replicas/customer/customer_scope_sql.h"
#include "libs/replicas/group/group_subtree_sql.h"
#include "libs/strings/str_cat.h"
#include "pqxx/pqxx"

namespace crm::bench {
namespace {

using collaboration::v1::CollaborationService;
namespace v1c = collaboration::v1;

constexpr char kBoardHq[] = "collab_board_hq";
constexpr char kBoardSubsidiary[] = "collab_board_subsidiary";
constexpr char kBoardGroup[] = "collab_board_group";
constexpr char kCreditHq[] = "collab_credit_hq";
constexpr char kCreditSubsidiary[] = "collab_credit_subsidiary";
constexpr const char* kOperations[] = {kBoardHq, kBoardSubsidiary, kBoardGroup, kCreditHq,
                                       kCreditSubsidiary};
// The customer group the narrowed board shows: the node whose subtree is
// closest to this many nodes.
constexpr int64_t kGroupNodes = 10000;

// The issue's targets, judged on the RPC's p50.
constexpr double kBoardTargetUs = 50'000;
constexpr double kCreditTargetUs = 200'000;

constexpr char kCurrency[] = "CNY";
constexpr char kSubsidiary[] = "sub-east";  // its board and its credit report

std::string Error(const std::exception& e) { return e.what(); }

// ---- seeding ----
//
// Every statement runs in the one seeding transaction, after
// SeedSellersAndCustomers made pg_temp.bench_units (idx, name, path,
// first_user, users) and pg_temp.bench_customers (n, customer_id, unit, r).
// random() is volatile: each row's draws are taken once into a temporary
// table, then used as often as needed.

// $1 requests.
constexpr char kRequestDraws[] = R"sql(
CREATE TEMP TABLE bench_request_draws AS
SELECT k, gen_random_uuid() AS id, random() AS r_cust, random() AS r_own, random() AS r_unit,
  random() AS r_n, random() AS r_off, random() AS r_urg, random() AS r_step, random() AS r_due,
  random() AS r_age, random() AS r_ack, random() AS r_user, random() AS r_owner,
  random() AS r_link
FROM generate_series(1, $1::integer) k)sql";

// The requests' facts. $1 customers, $2 the units' width_bucket
// thresholds, $3 now, $4 the number of units.
//
// The customer drawn with a skew (random()^1.5); raised by the customer's
// own unit (70 %) or another; 1-4 participants (35/40/20/5 %), other units
// than the requesting one; general 60 %, urgent 30 %, critical 10 %. Steps:
// to survey 14 %, designing 13 %, pending approval 8 %, executing 17 %, done
// 43 %, cancelled 5 %. An open request's step is overdue for 15 % (2 hours
// to 10 days), otherwise due within the step's time (calendar days of the
// default policy's working days: 7, 4 and 1.4 days); it entered its step
// that long before the due time. Closed ones finished in the last year.
// Acknowledged: all past the first step, 70 % in it, half of the cancelled;
// the first acknowledgement came after 0-1.2 of the response time (2 hours,
// 24 hours, ~3 working days as 4 days), so some late. No open due time is
// within two hours of now (such a due time moves two hours later), so what
// is overdue does not change while the bench runs and the SLA job's breach
// columns agree with the due times.
constexpr char kRequestFacts[] = R"sql(
CREATE TEMP TABLE bench_requests AS
SELECT w.*,
  CASE WHEN (w.ack IS NULL AND w.response_due + interval '1 minute'
               < CASE WHEN w.step <= 4 THEN $3::timestamptz ELSE w.enter END)
         OR w.ack > w.response_due + interval '1 minute'
       THEN w.response_due + interval '1 minute' END AS response_breach,
  CASE WHEN w.step <= 4 AND w.due < $3::timestamptz THEN w.due + interval '1 minute'
       END AS step_breach
FROM (SELECT v.k, v.id, v.customer_id, v.unit, v.urgency, v.step, v.n_participants, v.off,
    v.r_user, v.r_owner, v.r_link, v.enter, v.create_time, v.ack,
    CASE WHEN v.step <= 4 AND v.raw_due >= $3::timestamptz
           AND v.raw_due < $3::timestamptz + interval '2 hours'
         THEN v.raw_due + interval '2 hours' ELSE v.raw_due END AS due,
    CASE WHEN v.ack IS NULL AND v.step <= 4 AND v.raw_response_due >= $3::timestamptz
           AND v.raw_response_due < $3::timestamptz + interval '2 hours'
         THEN v.raw_response_due + interval '2 hours' ELSE v.raw_response_due END AS response_due
  FROM (SELECT u.*, u.create_time + u.response_span AS raw_response_due,
      CASE WHEN (u.step = 1 AND u.r_ack < 0.3) OR (u.step = 6 AND u.r_ack < 0.5) THEN NULL
        ELSE greatest(u.create_time, least(u.create_time + u.response_span * (u.r_ack * 1.2),
          CASE WHEN u.step <= 4 THEN $3::timestamptz - interval '1 minute' ELSE u.enter END))
      END AS ack
    FROM (SELECT t.*,
        CASE WHEN t.step = 1 THEN t.enter
          WHEN t.step <= 4 THEN t.enter - (interval '1 day' + t.r_age * (t.step - 1) * interval '10 days')
          ELSE t.enter - (interval '2 days' + t.r_due * interval '60 days') END AS create_time
      FROM (SELECT s.*,
          CASE WHEN s.step <= 4 THEN s.raw_due - s.step_span
            ELSE $3::timestamptz - (interval '2 hours' + s.r_age * interval '360 days') END AS enter
        FROM (SELECT r.*,
            CASE WHEN r.step > 4 THEN NULL
              WHEN r.r_due < 0.15
                THEN $3::timestamptz - (interval '2 hours' + r.r_due / 0.15 * interval '10 days')
              ELSE $3::timestamptz + (r.r_due - 0.15) / 0.85 * r.step_span END AS raw_due
          FROM (SELECT q.*,
              CASE q.urgency WHEN 1 THEN interval '7 days' WHEN 2 THEN interval '4 days'
                ELSE interval '1 day 9 hours 36 minutes' END AS step_span,
              CASE q.urgency WHEN 1 THEN interval '4 days' WHEN 2 THEN interval '24 hours'
                ELSE interval '2 hours' END AS response_span
            FROM (SELECT d.k, d.id, cu.customer_id,
                CASE WHEN d.r_own < 0.7 THEN cu.unit ELSE width_bucket(d.r_unit, $2::float8[])
                  END AS unit,
                CASE WHEN d.r_urg < 0.6 THEN 1 WHEN d.r_urg < 0.9 THEN 2 ELSE 3 END AS urgency,
                CASE WHEN d.r_step < 0.14 THEN 1 WHEN d.r_step < 0.27 THEN 2
                  WHEN d.r_step < 0.35 THEN 3 WHEN d.r_step < 0.52 THEN 4
                  WHEN d.r_step < 0.95 THEN 5 ELSE 6 END AS step,
                CASE WHEN d.r_n < 0.35 THEN 1 WHEN d.r_n < 0.75 THEN 2 WHEN d.r_n < 0.95 THEN 3
                  ELSE 4 END AS n_participants,
                floor(d.r_off * ($4::integer - 1))::integer AS off,
                d.r_due, d.r_age, d.r_ack, d.r_user, d.r_owner, d.r_link
              FROM pg_temp.bench_request_draws d
              JOIN pg_temp.bench_customers cu
                ON cu.n = 1 + floor(power(d.r_cust, 1.5) * $1::integer)::bigint) q) r) s) t) u) v) w)sql";

// Participant `j` of request `q`: the units after the requesting one, from
// its offset on, so never the requesting unit and never one twice. $1 the
// number of units.
constexpr char kParticipantUnit[] = "(q.unit + 1 + (q.off + j) % ($1::integer - 1)) % $1::integer";

std::string InsertRequestsSql() {
  return crm::StrCat(R"sql(
INSERT INTO collaboration.requests (id, customer_id, opportunity_id, contract_id, title,
  description, requesting_org_unit, participant_org_units, urgency, step, step_owner,
  step_due_time, step_enter_time, requester, response_due_time, acknowledge_time,
  response_breach_time, step_breach_time, escalate_time, cancel_reason, sla_policy_version,
  version, create_time, update_time)
SELECT q.id, q.customer_id,
  CASE WHEN q.r_link < 0.3 THEN gen_random_uuid() END,
  CASE WHEN q.r_link >= 0.3 AND q.r_link < 0.45 THEN gen_random_uuid() END,
  (ARRAY['设计方案', '施工配合', '材料供应', '运维服务', '融资方案', '招投标支持'])[1 + q.k % 6]
    || '协同需求 ' || q.k,
  '客户的需求跨设计、施工与材料，需要几家子公司一起完成。', u.name,
  ARRAY(SELECT p.name FROM generate_series(0, q.n_participants - 1) j
        JOIN pg_temp.bench_units p ON p.idx = )sql",
                     kParticipantUnit, R"sql( ORDER BY j),
  q.urgency, q.step,
  'users/seller-' || lpad((u.first_user + floor(q.r_owner * u.users))::integer::text, 3, '0'),
  q.due, q.enter,
  'users/seller-' || lpad((u.first_user + floor(q.r_user * u.users))::integer::text, 3, '0'),
  q.response_due, q.ack, q.response_breach, q.step_breach,
  CASE WHEN q.urgency = 3 THEN least(q.response_breach, q.step_breach) END,
  CASE WHEN q.step = 6 THEN '客户暂缓项目' ELSE '' END, 1,
  CASE WHEN q.step = 6 THEN 3 ELSE q.step + 1 END + CASE WHEN q.ack IS NULL THEN 0 ELSE 1 END,
  q.create_time, greatest(q.enter, q.ack, q.response_breach, q.step_breach)
FROM pg_temp.bench_requests q JOIN pg_temp.bench_units u ON u.idx = q.unit)sql");
}

// The participants: the first one acknowledged at the request's
// acknowledgement, the others 3 hours apart once the request is past its
// first step. $1 the number of units, $2 now.
std::string InsertParticipantsSql() {
  return crm::StrCat(R"sql(
INSERT INTO collaboration.request_participants (request_id, org_unit, position, task, owner,
  acknowledge_time, acknowledged_by)
SELECT q.id, p.name, j,
  (ARRAY['现场调研', '方案设计', '施工方案', '材料供应', '设备安装', '运维保障'])[1 + (q.k + j) % 6],
  CASE WHEN a.t IS NULL THEN '' ELSE s.seller END, a.t,
  CASE WHEN a.t IS NULL THEN '' ELSE s.seller END
FROM pg_temp.bench_requests q
CROSS JOIN LATERAL generate_series(0, q.n_participants - 1) j
JOIN pg_temp.bench_units p ON p.idx = )sql",
                     kParticipantUnit, R"sql(
CROSS JOIN LATERAL (SELECT CASE WHEN j = 0 THEN q.ack
    WHEN q.ack IS NOT NULL AND q.step >= 2
      THEN least(q.ack + j * interval '3 hours', $2::timestamptz - interval '1 minute') END AS t) a
CROSS JOIN LATERAL (SELECT 'users/seller-'
    || lpad((p.first_user + (q.k + j) % p.users)::text, 3, '0') AS seller) s)sql");
}

// $1 attributions.
constexpr char kAttributionDraws[] = R"sql(
CREATE TEMP TABLE bench_attribution_draws AS
SELECT k, gen_random_uuid() AS id, random() AS r_cust, random() AS r_own, random() AS r_unit,
  random() AS r_date, random() AS r_amt, random() AS r_state, random() AS r_n, random() AS r_off,
  random() AS r_ccy, random() AS r_kind, random() AS r_appr
FROM generate_series(1, $1::integer) k)sql";

// The deals' facts. $1 customers, $2 thresholds, $3 today (Asia/Shanghai),
// $4 days of deal dates, $5 now, $6 the number of units.
//
// The customer drawn with a skew; owned by the customer's unit (75 %) or
// another; deal dates uniform over $4 days up to today; 1 % in USD; amounts
// log-uniform from 100,000 to 50,000,000 yuan; 60 % a won opportunity with
// its contract, 15 % an opportunity alone, 25 % a contract alone; 1-5
// contributors (25/35/25/12/3 %), the owner first. Deals older than 60 days
// are mostly FINAL (draft 2 %, submitted 2 %, approved 3 %, disputed 1 %),
// newer ones mostly not yet (draft 30 %, submitted 20 %, approved 35 %,
// disputed 3 %, final 12 %); none younger than 2 days is past DRAFT, none
// younger than 12 days FINAL. Approved and disputed ones were approved in
// the last 9.5 days (their dispute window of 10 days still open); final ones
// 3-23 days after the deal, at least 11 days ago.
constexpr char kAttributionFacts[] = R"sql(
CREATE TEMP TABLE bench_attributions AS
SELECT z.*, CASE WHEN z.state >= 3 THEN z.approve_time + interval '10 days' END AS deadline
FROM (SELECT y.*,
    CASE WHEN y.state IN (3, 4)
        THEN greatest(y.create_time + interval '6 hours',
                      $5::timestamptz - (interval '12 hours' + y.r_appr * interval '9 days'))
      WHEN y.state = 5
        THEN least(y.create_time + interval '3 days' + y.r_appr * interval '20 days',
                   $5::timestamptz - interval '11 days') END AS approve_time
  FROM (SELECT x.*,
      to_char(x.deal_date, 'YYYY"Q"Q') AS quarter,
      least($5::timestamptz - interval '1 hour',
            (x.deal_date + time '18:00') AT TIME ZONE 'Asia/Shanghai') AS create_time,
      CASE WHEN x.age < 2 THEN 1
        WHEN x.s = 5 AND x.age < 12 THEN 3 ELSE x.s END AS state
    FROM (SELECT w.*, $3::date - w.deal_date AS age,
        CASE WHEN $3::date - w.deal_date <= 60 THEN
            CASE WHEN w.r_state < 0.30 THEN 1 WHEN w.r_state < 0.50 THEN 2
              WHEN w.r_state < 0.85 THEN 3 WHEN w.r_state < 0.88 THEN 4 ELSE 5 END
          ELSE CASE WHEN w.r_state < 0.02 THEN 1 WHEN w.r_state < 0.04 THEN 2
              WHEN w.r_state < 0.07 THEN 3 WHEN w.r_state < 0.08 THEN 4 ELSE 5 END END AS s
      FROM (SELECT d.k, d.id, d.r_appr, d.r_state, cu.customer_id, cu.unit AS customer_unit,
          CASE WHEN d.r_own < 0.75 THEN cu.unit ELSE width_bucket(d.r_unit, $2::float8[])
            END AS owner,
          $3::date - floor(d.r_date * $4::integer)::integer AS deal_date,
          CASE WHEN d.r_ccy < 0.01 THEN 'USD' ELSE 'CNY' END AS currency_code,
          round(exp(ln(1e7) + d.r_amt * ln(500)))::bigint AS amount,
          CASE WHEN d.r_n < 0.25 THEN 1 WHEN d.r_n < 0.60 THEN 2 WHEN d.r_n < 0.85 THEN 3
            WHEN d.r_n < 0.97 THEN 4 ELSE 5 END AS n_contributors,
          floor(d.r_off * ($6::integer - 1))::integer AS off,
          CASE WHEN d.r_kind < 0.75 THEN gen_random_uuid() END AS opportunity_id,
          CASE WHEN d.r_kind < 0.60 OR d.r_kind >= 0.75 THEN gen_random_uuid() END AS contract_id
        FROM pg_temp.bench_attribution_draws d
        JOIN pg_temp.bench_customers cu
          ON cu.n = 1 + floor(power(d.r_cust, 1.5) * $1::integer)::bigint) w) x) y) z)sql";

// The contributors: the owner (DEAL_OWNER, and ACCOUNT_OWNER when it owns
// the customer) and the units after it, as collaborators, request
// participants or the customer's owner; scored unless DRAFT (the owner
// 40-100 on each dimension, the others 0-100), weighted with the default
// policy (20/30/30/20 %, in hundredths of a point). $1 the number of units.
constexpr char kContributors[] = R"sql(
CREATE TEMP TABLE bench_contributors AS
SELECT a.id AS attribution_id, a.state, a.amount, j, p.name AS org_unit,
  CASE WHEN j = 0 AND p.idx = a.customer_unit THEN '{1,4}'::smallint[]
    WHEN j = 0 THEN '{1}'::smallint[]
    WHEN p.idx = a.customer_unit THEN '{4}'::smallint[]
    WHEN j % 2 = 1 THEN '{2}'::smallint[] ELSE '{3}'::smallint[] END AS roles,
  sc.information, sc.resources, sc.participation, sc.customer_evaluation
FROM pg_temp.bench_attributions a
CROSS JOIN LATERAL generate_series(0, a.n_contributors - 1) j
JOIN pg_temp.bench_units p ON p.idx = CASE WHEN j = 0 THEN a.owner
  ELSE (a.owner + 1 + (a.off + j - 1) % ($1::integer - 1)) % $1::integer END
CROSS JOIN LATERAL (SELECT
    CASE WHEN a.state >= 2 THEN (CASE WHEN j = 0 THEN 40 + floor(random() * 61)
      ELSE floor(random() * 101) END)::smallint END AS information,
    CASE WHEN a.state >= 2 THEN (CASE WHEN j = 0 THEN 40 + floor(random() * 61)
      ELSE floor(random() * 101) END)::smallint END AS resources,
    CASE WHEN a.state >= 2 THEN (CASE WHEN j = 0 THEN 40 + floor(random() * 61)
      ELSE floor(random() * 101) END)::smallint END AS participation,
    CASE WHEN a.state >= 2 THEN (CASE WHEN j = 0 THEN 40 + floor(random() * 61)
      ELSE floor(random() * 101) END)::smallint END AS customer_evaluation) sc)sql";

// The splits of scored attributions: shares of the weighted scores in basis
// points summing to exactly 10,000, then the amount split by the shares
// summing to exactly the amount, both by largest remainder with ties to the
// earlier contributor in org-unit order (what rules/credit_split does with
// libs/money/split.h). Unscored contributors have no share.
constexpr char kSplits[] = R"sql(
CREATE TEMP TABLE bench_splits AS
SELECT m.attribution_id, m.j, m.org_unit, m.roles, m.information, m.resources, m.participation,
  m.customer_evaluation, m.weighted, m.share_bp,
  m.cbase + CASE WHEN m.total > 0 AND row_number() OVER (PARTITION BY m.attribution_id
      ORDER BY m.crem DESC, m.org_unit COLLATE "C") <= m.amount - sum(m.cbase)
      OVER (PARTITION BY m.attribution_id) THEN 1 ELSE 0 END AS credited
FROM (SELECT s.*, s.amount * s.share_bp / 10000 AS cbase, s.amount * s.share_bp % 10000 AS crem
  FROM (SELECT b.*, b.base + CASE WHEN b.total > 0 AND row_number() OVER (PARTITION BY
        b.attribution_id ORDER BY b.rem DESC, b.org_unit COLLATE "C") <= 10000 - sum(b.base)
        OVER (PARTITION BY b.attribution_id) THEN 1 ELSE 0 END AS share_bp
    FROM (SELECT t.*,
        CASE WHEN t.total > 0 THEN t.weighted * 10000 / t.total ELSE 0 END AS base,
        CASE WHEN t.total > 0 THEN t.weighted * 10000 % t.total ELSE 0 END AS rem
      FROM (SELECT c.*, (sum(c.weighted) OVER (PARTITION BY c.attribution_id))::bigint AS total
        FROM (SELECT c.*, coalesce(c.information * 20 + c.resources * 30 + c.participation * 30
                + c.customer_evaluation * 20, 0)::bigint AS weighted
          FROM pg_temp.bench_contributors c) c) t) b) s) m)sql";

constexpr char kInsertAttributions[] = R"sql(
INSERT INTO collaboration.attributions (id, deal_key, opportunity_id, contract_id, customer_id,
  deal_title, currency_code, amount_minor, deal_date, deal_quarter, owner_org_unit,
  contributor_org_units, state, policy_version, submitter, approve_time, dispute_deadline,
  dispute_reason, disputed_by, revision, version, create_time, update_time)
SELECT a.id,
  CASE WHEN a.opportunity_id IS NOT NULL THEN 'opportunities/' || a.opportunity_id
    ELSE 'contracts/' || a.contract_id END,
  a.opportunity_id, a.contract_id, a.customer_id, '集团项目 ' || a.k, a.currency_code, a.amount,
  a.deal_date, a.quarter, u.name, c.units, a.state, 1,
  CASE WHEN a.state >= 2 THEN 'users/seller-' || lpad(u.first_user::text, 3, '0') ELSE '' END,
  a.approve_time, a.deadline,
  CASE WHEN a.state = 4 THEN '我方的资源支持未计入' ELSE '' END,
  CASE WHEN a.state = 4 THEN 'users/seller-' || lpad((u.first_user + 1)::text, 3, '0')
    ELSE '' END,
  1, a.state + CASE WHEN a.state >= 2 THEN 1 ELSE 0 END, a.create_time,
  greatest(a.create_time, a.approve_time, CASE WHEN a.state = 5 THEN a.deadline END)
FROM pg_temp.bench_attributions a
JOIN pg_temp.bench_units u ON u.idx = a.owner
JOIN (SELECT attribution_id, array_agg(org_unit ORDER BY org_unit COLLATE "C") AS units
      FROM pg_temp.bench_splits GROUP BY attribution_id) c ON c.attribution_id = a.id)sql";

constexpr char kInsertContributors[] = R"sql(
INSERT INTO collaboration.attribution_contributors (attribution_id, org_unit, roles, information,
  resources, participation, customer_evaluation, weighted_score, share_bp, credited_minor)
SELECT attribution_id, org_unit, roles, information, resources, participation,
  customer_evaluation, weighted, share_bp, credited
FROM pg_temp.bench_splits)sql";

// The running totals of the splits in force, as AddSplit
// (credit/credit_totals.h) would have left them after every approval: per
// quarter, currency and contributor one deal, its credited amount and its
// share; for the owner (always a contributor here) one owned deal, the
// deal's amount and its own credited part.
constexpr char kInsertCreditTotals[] = R"sql(
INSERT INTO collaboration.credit_totals (quarter, currency_code, org_unit, deals, credited_minor,
  share_sum_bp, owned_deals, owned_minor, owned_credited_minor)
SELECT a.deal_quarter, a.currency_code, c.org_unit, count(*), sum(c.credited_minor),
  sum(c.share_bp), count(*) FILTER (WHERE c.org_unit = a.owner_org_unit),
  coalesce(sum(a.amount_minor) FILTER (WHERE c.org_unit = a.owner_org_unit), 0),
  coalesce(sum(c.credited_minor) FILTER (WHERE c.org_unit = a.owner_org_unit), 0)
FROM collaboration.attributions a
JOIN collaboration.attribution_contributors c ON c.attribution_id = a.id
WHERE a.state IN (3, 4, 5)
GROUP BY a.deal_quarter, a.currency_code, c.org_unit)sql";

constexpr char kInsertQuarterTotals[] = R"sql(
INSERT INTO collaboration.credit_quarter_totals (quarter, currency_code, deals, amount_minor)
SELECT deal_quarter, currency_code, count(*), sum(amount_minor)
FROM collaboration.attributions WHERE state IN (3, 4, 5)
GROUP BY deal_quarter, currency_code)sql";

// The seeded tables, whose non-primary indexes are built once after the rows.
constexpr const char* kSeededTables[] = {
    "collaboration.requests", "collaboration.request_participants", "collaboration.attributions",
    "collaboration.attribution_contributors"};

struct Seeded {
  int64_t nodes = 0;
  int64_t customers = 0;
  int64_t requests = 0;
  int64_t participants = 0;
  std::map<int, int64_t> requests_by_step;
  int64_t open_overdue = 0;
  int64_t attributions = 0;
  int64_t contributors = 0;
  int64_t in_force = 0;
  std::string quarter;  // the one measured
  int64_t quarter_attributions = 0;
  int64_t quarter_in_force = 0;  // in CNY
  int64_t credit_rows = 0;
  int64_t group = 0;  // the narrowed board's node, and its subtree's size
  int64_t group_nodes = 0;
  double seed_seconds = 0;
  double vacuum_seconds = 0;
  std::string sizes;
};

bool Wanted(const CollaborationBenchOptions& options, std::string_view name) {
  return options.filter.empty() || name.find(options.filter) != std::string_view::npos ||
         std::string_view("collaboration").find(options.filter) != std::string_view::npos;
}

std::string TimeText(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d%ET%H:%M:%E6S%Ez", t, absl::UTCTimeZone());
}

// The quarter before today's: closed, so most of its deals are FINAL.
std::string MeasuredQuarter(absl::CivilDay today) {
  clock::Quarter q = clock::QuarterOf(today);
  if (--q.number == 0) {
    q.number = 4;
    --q.year;
  }
  return clock::FormatQuarter(q);
}

absl::StatusOr<Seeded> Seed(pg::ConnectionPool& pool, const CollaborationBenchOptions& options,
                            absl::CivilDay today, absl::Time now) {
  Seeded seeded;
  seeded.quarter = MeasuredQuarter(today);
  const auto start = std::chrono::steady_clock::now();
  const auto step = [&start](std::string_view what) {
    std::cerr << absl::StrFormat("  %6.1f s  %s\n", SecondsSince(start), what);
  };
  const int units = static_cast<int>(SellerUnits().size());
  const std::string today_text = absl::FormatCivilTime(today);
  const std::string now_text = TimeText(now);
  absl::StatusOr<pg::ConnectionPool::Lease> lease = pool.Acquire();
  if (!lease.ok()) return lease.status();
  pqxx::connection& conn = lease->conn();
  try {
    pqxx::work tx(conn);
    // The pool's statement timeout is for calls, not for seeding.
    tx.exec0("SET LOCAL statement_timeout = 0");
    const bool superuser =
        tx.exec1("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")[0].as<bool>();
    // The rows are consistent by construction; as a superuser skip the
    // per-row foreign-key checks.
    if (superuser) tx.exec0("SET LOCAL session_replication_role = replica");
    tx.exec0("SET LOCAL maintenance_work_mem = '256MB'");
    tx.exec0("SET LOCAL work_mem = '256MB'");
    tx.exec0("SET LOCAL synchronous_commit = off");
    tx.exec0("SET LOCAL jit = off");  // compiling the seeding statements costs more than it saves
    tx.exec("SELECT setseed(0.17)");

    step(crm::StrCat("the group of ", options.customers, " nodes and as many customers"));
    SeedSellersAndCustomers(tx, "collaboration", options.customers);

    std::vector<std::string> indexes;
    std::vector<std::string> tables;
    for (const char* table : kSeededTables)
      tables.push_back(crm::StrCat("'", table, "'::regclass"));
    for (const pqxx::row& row : tx.exec(crm::StrCat(
             "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
             " JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid IN (",
             absl::StrJoin(tables, ", "),
             ") AND NOT i.indisprimary"
             " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)"))) {
      tx.exec0(crm::StrCat("DROP INDEX collaboration.", tx.quote_name(row[0].c_str())));
      indexes.push_back(row[1].c_str());
    }

    step(crm::StrCat(options.requests, " requests: draws and facts"));
    tx.exec_params0(kRequestDraws, options.requests);
    tx.exec_params0(kRequestFacts, options.customers, UnitThresholds(), now_text, units);
    step("requests: the rows");
    tx.exec_params0(InsertRequestsSql(), units);
    step("requests: the participants");
    tx.exec_params0(InsertParticipantsSql(), units, now_text);

    step(crm::StrCat(options.attributions, " attributions: draws and facts"));
    tx.exec_params0(kAttributionDraws, options.attributions);
    tx.exec_params0(kAttributionFacts, options.customers, UnitThresholds(), today_text,
                    options.deal_days, now_text, units);
    step("attributions: contributors, scores and splits");
    tx.exec_params0(kContributors, units);
    tx.exec0(kSplits);
    step("attributions: the rows");
    tx.exec0(kInsertAttributions);
    tx.exec0(kInsertContributors);
    step("the credit totals of the splits in force");
    tx.exec0(kInsertCreditTotals);
    tx.exec0(kInsertQuarterTotals);

    step(crm::StrCat(indexes.size(), " indexes"));
    for (const std::string& index : indexes) tx.exec0(index);
    step("commit");
    tx.commit();
  } catch (const std::exception& e) {
    return absl::InternalError(crm::StrCat("seeding collaboration: ", Error(e)));
  }
  seeded.seed_seconds = SecondsSince(start);
  try {
    const auto vacuum_start = std::chrono::steady_clock::now();
    pqxx::nontransaction tx(conn);
    // The connection goes back to the service's pool: without the seeding's
    // temporary tables.
    tx.exec0("DISCARD TEMP");
    for (const char* table : kSeededTables) tx.exec0(crm::StrCat("VACUUM ANALYZE ", table));
    for (const char* table :
         {"collaboration.credit_totals", "collaboration.credit_quarter_totals",
          "collaboration.replica_customers", "collaboration.replica_group_nodes"}) {
      tx.exec0(crm::StrCat("VACUUM ANALYZE ", table));
    }
    seeded.vacuum_seconds = SecondsSince(vacuum_start);
    const pqxx::row counts = tx.exec_params1(
        "SELECT (SELECT count(*) FROM collaboration.replica_group_nodes),"
        " (SELECT count(*) FROM collaboration.replica_customers),"
        " (SELECT count(*) FROM collaboration.requests),"
        " (SELECT count(*) FROM collaboration.request_participants),"
        " (SELECT count(*) FROM collaboration.requests WHERE step < 5 AND (step_due_time < $1"
        "   OR (acknowledge_time IS NULL AND response_due_time < $1))),"
        " (SELECT count(*) FROM collaboration.attributions),"
        " (SELECT count(*) FROM collaboration.attribution_contributors),"
        " (SELECT count(*) FROM collaboration.attributions WHERE state IN (3, 4, 5)),"
        " (SELECT count(*) FROM collaboration.attributions WHERE deal_quarter = $2),"
        " (SELECT count(*) FROM collaboration.attributions WHERE deal_quarter = $2"
        "   AND currency_code = $3 AND state IN (3, 4, 5)),"
        " (SELECT count(*) FROM collaboration.credit_totals)",
        now_text, seeded.quarter, kCurrency);
    seeded.nodes = counts[0].as<int64_t>();
    seeded.customers = counts[1].as<int64_t>();
    seeded.requests = counts[2].as<int64_t>();
    seeded.participants = counts[3].as<int64_t>();
    seeded.open_overdue = counts[4].as<int64_t>();
    seeded.attributions = counts[5].as<int64_t>();
    seeded.contributors = counts[6].as<int64_t>();
    seeded.in_force = counts[7].as<int64_t>();
    seeded.quarter_attributions = counts[8].as<int64_t>();
    seeded.quarter_in_force = counts[9].as<int64_t>();
    seeded.credit_rows = counts[10].as<int64_t>();
    // Every node counted in the subtree of each of its ancestors.
    const pqxx::row group = tx.exec_params1(
        "SELECT a.id::bigint, count(*) FROM collaboration.replica_group_nodes n,"
        " unnest(string_to_array(n.path::text, '.')) AS a(id)"
        " GROUP BY a.id ORDER BY abs(count(*) - $1::bigint), a.id LIMIT 1",
        kGroupNodes);
    seeded.group = group[0].as<int64_t>();
    seeded.group_nodes = group[1].as<int64_t>();
    for (const pqxx::row& row :
         tx.exec("SELECT step, count(*) FROM collaboration.requests GROUP BY step ORDER BY step")) {
      seeded.requests_by_step[row[0].as<int>()] = row[1].as<int64_t>();
    }
    std::vector<std::string> sizes;
    for (const char* table :
         {"requests", "request_participants", "attributions", "attribution_contributors"}) {
      const pqxx::row size = tx.exec_params1(
          "SELECT pg_size_pretty(pg_table_size($1::regclass)),"
          " pg_size_pretty(pg_indexes_size($1::regclass))",
          crm::StrCat("collaboration.", table));
      sizes.push_back(crm::StrCat(table, " ", size[0].c_str(), " + indexes ", size[1].c_str()));
    }
    seeded.sizes = absl::StrJoin(sizes, ", ");
  } catch (const std::exception& e) {
    return absl::InternalError(crm::StrCat("vacuuming collaboration: ", Error(e)));
  }
  return seeded;
}

// ---- the SQL for the same answers ----

// A request aliased r in scope ($1 all, $2 org units): HQ, the requesting
// or a participating unit in scope, or its customer owned or served in scope
// (the plan's rule, written here independently of the service's).
std::string RequestScope() {
  return crm::StrCat(
      "($1::boolean OR r.requesting_org_unit = ANY($2::text[])"
      " OR r.participant_org_units && $2::text[] OR ",
      replicas::CustomerInScopeSql("collaboration", "r.customer_id", 1, 2), ")");
}

// Overdue at $3: the step's due time passed, or no acknowledgement by the
// response due time.
constexpr char kOverdue[] =
    "(r.step_due_time < $3::timestamptz"
    " OR (r.acknowledge_time IS NULL AND r.response_due_time < $3::timestamptz))";

// The board's statements: bench_board_counts, _open and _done, and the same
// narrowed to a customer group (bench_board_group_counts, ...).
constexpr char kBoardSql[] = "bench_board";
constexpr char kBoardGroupSql[] = "bench_board_group";
constexpr char kCreditRowsSql[] = "bench_credit_rows";
constexpr char kCreditQuarterSql[] = "bench_credit_quarter";
constexpr char kCreditTouchedSql[] = "bench_credit_touched";
constexpr char kCreditScratchSql[] = "bench_credit_scratch";
constexpr char kCreditScratchTotalSql[] = "bench_credit_scratch_total";

// The columns a card shows, of r (and the customer's name from rc).
constexpr char kCardColumns[] =
    "r.id::text, r.title, r.customer_id::text, r.requesting_org_unit, r.urgency, r.step_owner,"
    " r.step_due_time, r.response_due_time, r.acknowledge_time, r.escalate_time";

// The board's three statements, named `name` + "_counts", "_open" and
// "_done"; with `group`, narrowed to the customers of a customer group's
// subtree (the node bound as the statement's last parameter).
void AddBoardStatements(std::string_view name, bool group,
                        std::vector<std::pair<std::string, std::string>>& statements) {
  const std::string scope = RequestScope();
  const auto narrow = [group](int node_param) {
    return group ? crm::StrCat(" AND ", replicas::GroupSubtreePredicate(
                                            "collaboration", "r.customer_id", node_param))
                 : std::string();
  };
  // $1 all, $2 org units, $3 now (, $4 node): the open steps' counts from
  // the board's partial index (step < 5), DONE's from its own.
  statements.emplace_back(
      crm::StrCat(name, "_counts"),
      crm::StrCat("SELECT r.step, count(*), count(*) FILTER (WHERE ", kOverdue,
                  ") FROM collaboration.requests r WHERE r.step < 5 AND ", scope, narrow(4),
                  " GROUP BY r.step UNION ALL SELECT 5, count(*), 0"
                  " FROM collaboration.requests r WHERE r.step = 5 AND ",
                  scope, narrow(4), " ORDER BY 1"));
  // $1 all, $2 org units, $3 now, $4 cards (, $5 node): per open step the
  // overdue ones by due time, then the others by due time. "r.step < 5"
  // lets the planner use the board's partial index for a step that comes
  // from the outer row (without it, it reads the whole table for each step).
  const std::string from = crm::StrCat(
      " FROM collaboration.requests r WHERE r.step = s.step AND r.step < 5 AND ", scope, narrow(5));
  const std::string order = " ORDER BY r.step_due_time, r.id LIMIT $4::integer)";
  statements.emplace_back(
      crm::StrCat(name, "_open"),
      crm::StrCat(
          "SELECT s.step, c.id, c.title, c.customer_id, rc.display_name, c.requesting_org_unit,"
          " c.urgency, c.step_owner, c.step_due_time, c.response_due_time, c.acknowledge_time,"
          " c.escalate_time"
          " FROM unnest('{1,2,3,4}'::smallint[]) AS s(step)"
          " CROSS JOIN LATERAL (SELECT * FROM ((SELECT 0 AS part, ",
          kCardColumns, from, " AND ", kOverdue, order, " UNION ALL (SELECT 1 AS part, ",
          kCardColumns, from, " AND NOT ", kOverdue, order,
          ") u ORDER BY u.part, u.step_due_time, u.id LIMIT $4::integer) c"
          " LEFT JOIN collaboration.replica_customers rc ON rc.customer_id = c.customer_id::uuid"
          " ORDER BY s.step, c.part, c.step_due_time, c.id"));
  // $1 all, $2 org units, $3 cards (, $4 node): the most recently finished
  // first.
  statements.emplace_back(
      crm::StrCat(name, "_done"),
      crm::StrCat("SELECT c.*, rc.display_name FROM (SELECT ", kCardColumns, ", r.update_time",
                  " FROM collaboration.requests r WHERE r.step = 5 AND ", scope, narrow(4),
                  " ORDER BY r.update_time DESC LIMIT $3::integer) c"
                  " LEFT JOIN collaboration.replica_customers rc"
                  " ON rc.customer_id = c.customer_id::uuid ORDER BY c.update_time DESC"));
}

std::vector<std::pair<std::string, std::string>> BaselineStatements() {
  std::vector<std::pair<std::string, std::string>> statements;
  AddBoardStatements(kBoardSql, false, statements);
  AddBoardStatements(kBoardGroupSql, true, statements);
  // $1 quarter, $2 currency, $3 all, $4 org units: the running totals.
  statements.emplace_back(
      kCreditRowsSql,
      "SELECT org_unit, deals, credited_minor, share_sum_bp, owned_deals, owned_minor,"
      " owned_credited_minor FROM collaboration.credit_totals"
      " WHERE quarter = $1 AND currency_code = $2 AND ($3::boolean OR org_unit = ANY($4::text[]))"
      " ORDER BY credited_minor DESC, org_unit");
  // $1 quarter, $2 currency.
  statements.emplace_back(kCreditQuarterSql,
                          "SELECT deals, amount_minor FROM collaboration.credit_quarter_totals"
                          " WHERE quarter = $1 AND currency_code = $2");
  // $1 quarter, $2 currency, $3 org units: the deals in force the rows of
  // a partial report touch, each once.
  statements.emplace_back(kCreditTouchedSql,
                          "SELECT count(*) FROM collaboration.attributions a"
                          " WHERE a.deal_quarter = $1 AND a.currency_code = $2"
                          " AND a.state IN (3, 4, 5) AND (a.owner_org_unit = ANY($3::text[])"
                          " OR a.contributor_org_units && $3::text[])");
  // The same rows without the running totals: every contributor of every
  // attribution in force of the quarter. $1 quarter, $2 currency, $3 all, $4
  // org units.
  statements.emplace_back(
      kCreditScratchSql,
      "SELECT c.org_unit, count(*), sum(c.credited_minor)::bigint, sum(c.share_bp)::bigint,"
      " count(*) FILTER (WHERE c.org_unit = a.owner_org_unit),"
      " coalesce(sum(a.amount_minor) FILTER (WHERE c.org_unit = a.owner_org_unit), 0)::bigint,"
      " coalesce(sum(c.credited_minor) FILTER (WHERE c.org_unit = a.owner_org_unit), 0)::bigint"
      " FROM collaboration.attributions a"
      " JOIN collaboration.attribution_contributors c ON c.attribution_id = a.id"
      " WHERE a.deal_quarter = $1 AND a.currency_code = $2 AND a.state IN (3, 4, 5)"
      " AND ($3::boolean OR c.org_unit = ANY($4::text[]))"
      " GROUP BY c.org_unit ORDER BY 3 DESC, 1");
  statements.emplace_back(kCreditScratchTotalSql,
                          "SELECT count(*), coalesce(sum(amount_minor), 0)::bigint"
                          " FROM collaboration.attributions WHERE deal_quarter = $1"
                          " AND currency_code = $2 AND state IN (3, 4, 5)");
  return statements;
}

struct Who {
  std::string principal;  // signed
  auth::DataScope scope;
  std::string description;
};

// ---- the board ----

struct SqlColumn {
  int64_t count = 0;
  int64_t overdue = 0;
  std::vector<std::string> cards;  // request ids, in order
};
using SqlBoard = std::map<int, SqlColumn>;

// `group`: the customer group's node, 0 for none.
absl::Status SqlBoardAt(pqxx::connection& conn, const Who& who, int64_t group,
                        const std::string& now, int cards, SqlBoard* out) {
  try {
    const std::string org_units = auth::TextArrayLiteral(who.scope.org_units);
    const std::string name = group > 0 ? kBoardGroupSql : kBoardSql;
    const std::string all = who.scope.all ? "true" : "false";
    std::vector<std::string> counts = {all, org_units, now};
    std::vector<std::string> open = {all, org_units, now, crm::StrCat(cards)};
    std::vector<std::string> done = {all, org_units, crm::StrCat(cards)};
    if (group > 0) {
      for (std::vector<std::string>* params : {&counts, &open, &done}) {
        params->push_back(crm::StrCat(group));
      }
    }
    using pqxx::prepare::make_dynamic_params;
    pqxx::read_transaction tx(conn);
    SqlBoard board;
    for (const pqxx::row& row :
         tx.exec_prepared(crm::StrCat(name, "_counts"), make_dynamic_params(counts))) {
      SqlColumn& column = board[row[0].as<int>()];
      column.count = row[1].as<int64_t>();
      column.overdue = row[2].as<int64_t>();
    }
    for (const pqxx::row& row :
         tx.exec_prepared(crm::StrCat(name, "_open"), make_dynamic_params(open))) {
      board[row[0].as<int>()].cards.push_back(row[1].c_str());
    }
    for (const pqxx::row& row :
         tx.exec_prepared(crm::StrCat(name, "_done"), make_dynamic_params(done))) {
      board[5].cards.push_back(row[0].c_str());
    }
    tx.commit();
    if (out != nullptr) *out = std::move(board);
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return absl::InternalError(crm::StrCat("board SQL: ", Error(e)));
  }
}

absl::Status RpcBoard(CollaborationService::Stub& stub, const std::string& principal,
                      const v1c::GetCollaborationBoardRequest& request,
                      v1c::CollaborationBoard& board) {
  grpc::ClientContext context;
  Decorate(context, principal);
  board.Clear();
  if (grpc::Status s = stub.GetCollaborationBoard(&context, request, &board); !s.ok()) {
    return FromGrpc(s, "GetCollaborationBoard");
  }
  if (board.columns_size() != 5) {
    return absl::InternalError(
        crm::StrCat("GetCollaborationBoard gave ", board.columns_size(), " columns, not 5"));
  }
  return absl::OkStatus();
}

struct Read {
  std::string name;
  std::string what;
  int64_t rows = 0;  // what the answer covers (requests on the board; deals in force)
  std::string figures;
  LatencyStats rpc, sql;
  double target_us = 0;
  double host_busy = 0;
  std::string mismatch;
  std::string note;  // an extra figure (the report without running totals)
};

constexpr char kRequestPrefix[] = "collaborationRequests/";

// Compares the board with the SQL's answer at the board's read time.
void CheckBoard(pqxx::connection& conn, const Who& who, int64_t group, int cards,
                const v1c::CollaborationBoard& board, Read& read) {
  const absl::Time read_time = absl::FromUnixSeconds(board.read_time().seconds()) +
                               absl::Nanoseconds(board.read_time().nanos());
  SqlBoard sql;
  if (absl::Status s = SqlBoardAt(conn, who, group, TimeText(read_time), cards, &sql); !s.ok()) {
    read.mismatch = std::string(s.message());
    return;
  }
  std::vector<std::string> wrong, figures;
  int64_t on_board = 0;
  for (int i = 0; i < board.columns_size(); ++i) {
    const v1c::BoardColumn& column = board.columns(i);
    const int step = i + 1;
    const SqlColumn& expected = sql[step];
    const std::string label =
        v1c::CollaborationStep_Name(static_cast<v1c::CollaborationStep>(step));
    on_board += column.count();
    figures.push_back(
        absl::StrFormat("%s %d (%d overdue)", label, column.count(), column.overdue_count()));
    if (column.step() != step) {
      wrong.push_back(
          crm::StrCat("column ", i + 1, " is ", v1c::CollaborationStep_Name(column.step())));
    }
    if (column.count() != expected.count || column.overdue_count() != expected.overdue) {
      wrong.push_back(absl::StrFormat("%s: %d (%d overdue) against the SQL's %d (%d)", label,
                                      column.count(), column.overdue_count(), expected.count,
                                      expected.overdue));
    }
    std::vector<std::string> got;
    for (const v1c::BoardCard& card : column.cards()) {
      got.push_back(card.request().substr(
          std::min(card.request().size(), std::string_view(kRequestPrefix).size())));
      if (step < 5 && card.step_due_time().seconds() != 0) {
        const int64_t expected_left = card.step_due_time().seconds() - board.read_time().seconds();
        if (std::llabs(card.seconds_left() - expected_left) > 2) {
          wrong.push_back(absl::StrFormat("%s: %s has seconds_left %d, due in %d s", label,
                                          card.request(), card.seconds_left(), expected_left));
        }
      }
    }
    if (got != expected.cards) {
      std::vector<std::string> sorted_got = got, sorted_expected = expected.cards;
      std::sort(sorted_got.begin(), sorted_got.end());
      std::sort(sorted_expected.begin(), sorted_expected.end());
      size_t first = 0;
      while (first < got.size() && first < expected.cards.size() &&
             got[first] == expected.cards[first]) {
        ++first;
      }
      wrong.push_back(absl::StrFormat(
          "%s: %d cards, %s the SQL's %d; first difference at card %d", label, got.size(),
          sorted_got == sorted_expected ? "the same set as but in another order than"
                                        : "not the same as",
          expected.cards.size(), first + 1));
    }
  }
  read.rows = on_board;
  read.figures = absl::StrJoin(figures, "; ");
  if (!wrong.empty()) read.mismatch = absl::StrJoin(wrong, "; ");
}

// ---- the credit report ----

struct SqlCreditRow {
  int64_t deals = 0, credited = 0, share_sum = 0, owned_deals = 0, owned = 0, owned_credited = 0;
  bool operator==(const SqlCreditRow&) const = default;
};
struct SqlCredit {
  std::vector<std::pair<std::string, SqlCreditRow>> rows;  // by credited amount, largest first
  int64_t deals = 0;  // HQ: the quarter's; partial: those the rows touch
  int64_t total = 0;  // HQ: the quarter's amount; partial: the rows' credited total
};

SqlCreditRow RowOf(const pqxx::row& row) {
  return SqlCreditRow{row[1].as<int64_t>(), row[2].as<int64_t>(), row[3].as<int64_t>(),
                      row[4].as<int64_t>(), row[5].as<int64_t>(), row[6].as<int64_t>()};
}

absl::Status SqlCreditReport(pqxx::connection& conn, const Who& who, const std::string& quarter,
                             SqlCredit* out) {
  try {
    const std::string org_units = auth::TextArrayLiteral(who.scope.org_units);
    pqxx::read_transaction tx(conn);
    SqlCredit report;
    for (const pqxx::row& row :
         tx.exec_prepared(kCreditRowsSql, quarter, kCurrency, who.scope.all, org_units)) {
      report.rows.emplace_back(row[0].c_str(), RowOf(row));
    }
    if (who.scope.all) {
      const pqxx::result total = tx.exec_prepared(kCreditQuarterSql, quarter, kCurrency);
      if (!total.empty()) {
        report.deals = total[0][0].as<int64_t>();
        report.total = total[0][1].as<int64_t>();
      }
    } else {
      report.deals =
          tx.exec_prepared1(kCreditTouchedSql, quarter, kCurrency, org_units)[0].as<int64_t>();
      for (const auto& [unit, row] : report.rows) report.total += row.credited;
    }
    tx.commit();
    if (out != nullptr) *out = std::move(report);
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return absl::InternalError(crm::StrCat("credit SQL: ", Error(e)));
  }
}

// The same figures by a plain aggregate over the attributions in force and
// their contributors (no running totals).
absl::Status ScratchCredit(pqxx::connection& conn, const Who& who, const std::string& quarter,
                           SqlCredit* out) {
  try {
    const std::string org_units = auth::TextArrayLiteral(who.scope.org_units);
    pqxx::read_transaction tx(conn);
    SqlCredit report;
    for (const pqxx::row& row :
         tx.exec_prepared(kCreditScratchSql, quarter, kCurrency, who.scope.all, org_units)) {
      report.rows.emplace_back(row[0].c_str(), RowOf(row));
    }
    const pqxx::row total = tx.exec_prepared1(kCreditScratchTotalSql, quarter, kCurrency);
    report.deals = total[0].as<int64_t>();
    report.total = total[1].as<int64_t>();
    tx.commit();
    if (out != nullptr) *out = std::move(report);
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return absl::InternalError(crm::StrCat("credit aggregate SQL: ", Error(e)));
  }
}

absl::Status RpcCredit(CollaborationService::Stub& stub, const std::string& principal,
                       const v1c::GetCreditReportRequest& request, v1c::CreditReport& report) {
  grpc::ClientContext context;
  Decorate(context, principal);
  report.Clear();
  if (grpc::Status s = stub.GetCreditReport(&context, request, &report); !s.ok()) {
    return FromGrpc(s, "GetCreditReport");
  }
  return absl::OkStatus();
}

std::string Yuan(int64_t minor) {
  return absl::StrFormat("%.2f", static_cast<double>(minor) / 100.0);
}

// Compares the report with the running totals' SQL and the plain aggregate;
// for HQ also that the rows add up exactly to the quarter's total.
void CheckCredit(pqxx::connection& conn, const Who& who, const std::string& quarter,
                 const v1c::CreditReport& report, Read& read) {
  SqlCredit sql, scratch;
  std::vector<std::string> wrong;
  if (absl::Status s = SqlCreditReport(conn, who, quarter, &sql); !s.ok()) {
    read.mismatch = std::string(s.message());
    return;
  }
  if (absl::Status s = ScratchCredit(conn, who, quarter, &scratch); !s.ok()) {
    read.mismatch = std::string(s.message());
    return;
  }
  // The running totals against the plain aggregate, row by row.
  std::map<std::string, SqlCreditRow> totals(sql.rows.begin(), sql.rows.end());
  std::map<std::string, SqlCreditRow> plain(scratch.rows.begin(), scratch.rows.end());
  if (totals != plain) {
    wrong.push_back(crm::StrCat("the running totals (", totals.size(),
                                " org units) differ from a plain aggregate over the "
                                "attributions in force (",
                                plain.size(), ")"));
  }
  if (who.scope.all && (sql.deals != scratch.deals || sql.total != scratch.total)) {
    wrong.push_back(crm::StrCat("credit_quarter_totals ", sql.deals, " deals, ", sql.total,
                                " against the attributions' ", scratch.deals, ", ", scratch.total));
  }
  // The report against the totals.
  int64_t credited_sum = 0;
  int64_t previous = std::numeric_limits<int64_t>::max();
  std::map<std::string, int> seen;
  for (const v1c::CreditRow& row : report.rows()) {
    credited_sum += row.credited_amount().minor_units();
    if (row.credited_amount().minor_units() > previous) {
      wrong.push_back(crm::StrCat(row.org_unit(), " is after a row with less credit"));
    }
    previous = row.credited_amount().minor_units();
    ++seen[row.org_unit()];
    auto it = totals.find(row.org_unit());
    if (it == totals.end()) {
      wrong.push_back(crm::StrCat(row.org_unit(), " is not among the SQL's rows"));
      continue;
    }
    const SqlCreditRow& e = it->second;
    const int64_t average = e.deals > 0 ? (e.share_sum + e.deals / 2) / e.deals : 0;
    if (row.deals() != e.deals || row.credited_amount().minor_units() != e.credited ||
        row.owned_deals() != e.owned_deals || row.owned_amount().minor_units() != e.owned ||
        row.owned_credited_amount().minor_units() != e.owned_credited ||
        std::llabs(row.average_share_bp() - average) > 1) {
      wrong.push_back(absl::StrFormat(
          "%s: %d deals, %s credited, average share %d bp, owned %d / %s / %s against the "
          "SQL's %d, %s, %d, %d / %s / %s",
          row.org_unit(), row.deals(), Yuan(row.credited_amount().minor_units()),
          row.average_share_bp(), row.owned_deals(), Yuan(row.owned_amount().minor_units()),
          Yuan(row.owned_credited_amount().minor_units()), e.deals, Yuan(e.credited), average,
          e.owned_deals, Yuan(e.owned), Yuan(e.owned_credited)));
    }
  }
  if (report.rows_size() != static_cast<int>(totals.size()) || seen.size() != totals.size()) {
    wrong.push_back(crm::StrCat(report.rows_size(), " rows against the SQL's ", totals.size()));
  }
  if (report.quarter() != quarter) {
    wrong.push_back(crm::StrCat("quarter \"", report.quarter(), "\", asked ", quarter));
  }
  if (report.partial() == who.scope.all) {
    wrong.push_back(crm::StrCat("partial is ", report.partial() ? "true" : "false"));
  }
  if (report.deals() != sql.deals || report.total_amount().minor_units() != sql.total) {
    wrong.push_back(crm::StrCat(report.deals(), " deals, total ",
                                Yuan(report.total_amount().minor_units()), " against the SQL's ",
                                sql.deals, ", ", Yuan(sql.total)));
  }
  if (credited_sum != report.total_amount().minor_units()) {
    wrong.push_back(crm::StrCat("the rows credit ", Yuan(credited_sum), ", the total is ",
                                Yuan(report.total_amount().minor_units())));
  }
  read.rows = report.deals();
  std::vector<std::string> rows;
  for (const v1c::CreditRow& row : report.rows()) {
    rows.push_back(absl::StrFormat("%s %s (%d deals, %.2f %%)", row.org_unit(),
                                   Yuan(row.credited_amount().minor_units()), row.deals(),
                                   row.average_share_bp() / 100.0));
  }
  read.figures = absl::StrFormat(
      "%s: %d deals in force, total %s %s; the rows' credited amounts add up to %s (%s); %s",
      quarter, report.deals(), Yuan(report.total_amount().minor_units()), kCurrency,
      Yuan(credited_sum),
      credited_sum == report.total_amount().minor_units() ? "exactly the total" : "NOT the total",
      absl::StrJoin(rows, "; "));
  if (!wrong.empty()) read.mismatch = absl::StrJoin(wrong, "; ");
}

}  // namespace

bool CollaborationSelected(const std::string& filter) {
  if (filter.empty() || std::string_view("collaboration").find(filter) != std::string_view::npos) {
    return true;
  }
  for (const char* name : kOperations) {
    if (std::string_view(name).find(filter) != std::string_view::npos) return true;
  }
  return false;
}

absl::StatusOr<bool> RunCollaborationBench(BenchServers& servers,
                                           const CollaborationBenchOptions& options,
                                           std::ostream& out) {
  // `conn` runs the SQL side, prepared and planned for each call's
  // parameters, without JIT compilation (the best plain SQL can do for both
  // HQ and a subsidiary: JIT costs more than it saves on these statements).
  std::unique_ptr<pqxx::connection> conn;
  try {
    conn = std::make_unique<pqxx::connection>(servers.dsn());
    {
      pqxx::nontransaction setup(*conn);
      setup.exec0("SET plan_cache_mode = force_custom_plan");
      setup.exec0("SET jit = off");
    }
    for (const auto& [name, sql] : BaselineStatements()) conn->prepare(name, sql);
  } catch (const std::exception& e) {
    return absl::UnavailableError(crm::StrCat("collaboration SQL connection: ", Error(e)));
  }
  const absl::Time now = absl::Now();
  const absl::CivilDay today = clock::BusinessDayOf(now);
  std::cerr << "seeding " << options.requests << " collaboration requests and "
            << options.attributions << " attributions over " << options.customers
            << " customers...\n";
  absl::StatusOr<Seeded> seeded = Seed(servers.collaboration_pool(), options, today, now);
  if (!seeded.ok()) return seeded.status();
  const Seeded& d = *seeded;
  std::cerr << absl::StrFormat("  seeded in %.1f s, VACUUM ANALYZE %.1f s\n", d.seed_seconds,
                               d.vacuum_seconds);

  std::vector<std::string> steps;
  for (const auto& [step, count] : d.requests_by_step) {
    steps.push_back(absl::StrFormat(
        "%s %d", v1c::CollaborationStep_Name(static_cast<v1c::CollaborationStep>(step)), count));
  }
  std::vector<std::string> notes;
  notes.push_back(absl::StrFormat(
      "seeded with SQL in one transaction through the module's pool in %.1f s (indexes dropped "
      "and rebuilt from their own definitions), then VACUUM ANALYZE in %.1f s: %d requests (%s; "
      "%d open ones overdue) with %d participants; %d attributions with %d contributors, %d of "
      "them in force (approved, disputed or final), deal dates over the last %d days; the "
      "measured quarter %s holds %d attributions, %d in force in %s; %d rows of running "
      "totals; %d customers in the customer replica, %d group nodes; %s",
      d.seed_seconds, d.vacuum_seconds, d.requests, absl::StrJoin(steps, ", "), d.open_overdue,
      d.participants, d.attributions, d.contributors, d.in_force, options.deal_days, d.quarter,
      d.quarter_attributions, d.quarter_in_force, kCurrency, d.credit_rows, d.customers, d.nodes,
      d.sizes));

  CollaborationService::Stub& stub = servers.collaboration();
  pqxx::connection& c = *conn;
  const PairOptions pair_options{.seconds = options.read_seconds,
                                 .min_pairs = options.min_pairs,
                                 .max_pairs = options.max_pairs};
  const Who hq{servers.principal(), auth::DataScope{.all = true}, "as HQ (hq_admin, global scope)"};
  const auth::v1::Principal seller = Seller(FirstUserOf(kSubsidiary) + 3, kSubsidiary);
  const Who subsidiary{Sign(seller), auth::ScopeOf(seller),
                       crm::StrCat("as ", seller.user(), " (sales) of ", OrgUnitName(kSubsidiary),
                                   ", scope ", absl::StrJoin(seller.scope_org_units(), " + "))};

  std::vector<Read> reads;
  std::vector<std::pair<std::string, std::string>> plans;
  bool all_met = true;

  // `group`: narrowed to that customer group's subtree, 0 for none.
  const auto board = [&](const char* name, const Who& who, int64_t group, double target_us) {
    if (!Wanted(options, name)) return;
    std::cerr << "  " << name << "\n";
    Read read{
        .name = name,
        .what = crm::StrCat("GetCollaborationBoard, ",
                            group > 0 ? crm::StrCat("customer_group nodes/", group,
                                                    " (a subtree of ", d.group_nodes, " nodes)")
                                      : std::string("no filter"),
                            ", ", options.cards_per_column, " cards a column, ", who.description),
        .target_us = target_us};
    v1c::GetCollaborationBoardRequest request;
    request.set_cards_per_column(options.cards_per_column);
    if (group > 0) request.set_customer_group(crm::StrCat("nodes/", group));
    v1c::CollaborationBoard answer;
    const Paired paired =
        AlternateCalls([&] { return RpcBoard(stub, who.principal, request, answer); },
                       [&] {
                         return SqlBoardAt(c, who, group, TimeText(absl::Now()),
                                           options.cards_per_column, nullptr);
                       },
                       pair_options);
    read.rpc = paired.rpc;
    read.sql = paired.sql;
    read.host_busy = paired.host_busy;
    if (read.rpc.errors == 0 && read.sql.errors == 0) {
      CheckBoard(c, who, group, options.cards_per_column, answer, read);
    }
    // The plans of the SQL side's counts and open cards.
    const std::string statement = group > 0 ? kBoardGroupSql : kBoardSql;
    const std::vector<std::string> head = {who.scope.all ? "true" : "false",
                                           auth::TextArrayLiteral(who.scope.org_units),
                                           TimeText(absl::Now())};
    std::vector<std::string> counts = head, open = head;
    open.push_back(crm::StrCat(options.cards_per_column));
    if (group > 0) {
      counts.push_back(crm::StrCat(group));
      open.push_back(crm::StrCat(group));
    }
    for (const auto& [suffix, args] : {std::pair{"_counts", counts}, std::pair{"_open", open}}) {
      absl::StatusOr<std::string> plan =
          ExplainPrepared(c, crm::StrCat(statement, suffix), args, {});
      plans.emplace_back(
          crm::StrCat(name, " (", statement, suffix, ")"),
          plan.ok() ? *std::move(plan) : crm::StrCat("    ", plan.status().ToString(), "\n"));
    }
    reads.push_back(std::move(read));
  };
  board(kBoardHq, hq, 0, kBoardTargetUs);
  board(kBoardSubsidiary, subsidiary, 0, 0);
  board(kBoardGroup, hq, d.group, 0);

  const auto credit = [&](const char* name, const Who& who, double target_us) {
    if (!Wanted(options, name)) return;
    std::cerr << "  " << name << "\n";
    Read read{.name = name,
              .what = crm::StrCat("GetCreditReport ", d.quarter, " in ", kCurrency, ", ",
                                  who.description),
              .target_us = target_us};
    v1c::GetCreditReportRequest request;
    request.set_quarter(d.quarter);
    request.set_currency_code(kCurrency);
    v1c::CreditReport answer;
    const Paired paired =
        AlternateCalls([&] { return RpcCredit(stub, who.principal, request, answer); },
                       [&] { return SqlCreditReport(c, who, d.quarter, nullptr); }, pair_options);
    read.rpc = paired.rpc;
    read.sql = paired.sql;
    read.host_busy = paired.host_busy;
    if (read.rpc.errors == 0 && read.sql.errors == 0) {
      CheckCredit(c, who, d.quarter, answer, read);
      // What the report would cost without the running totals.
      std::vector<double> us;
      absl::Status failed;
      for (int i = 0; i < std::max(options.min_pairs, 5) && failed.ok(); ++i) {
        const auto start = std::chrono::steady_clock::now();
        failed = ScratchCredit(c, who, d.quarter, nullptr);
        us.push_back(SecondsSince(start) * 1e6);
      }
      const LatencyStats scratch = LatencyOf(us);
      read.note = failed.ok() ? absl::StrFormat(
                                    "the same rows by a plain aggregate over the quarter's "
                                    "attributions in force and their contributors (no running "
                                    "totals): p50 %s ms, slowest %s ms over %d runs",
                                    Ms(scratch.p50_us), Ms(scratch.p99_us), scratch.count)
                              : std::string(failed.message());
    }
    reads.push_back(std::move(read));
  };
  credit(kCreditHq, hq, kCreditTargetUs);
  credit(kCreditSubsidiary, subsidiary, 0);

  // ---- the section ----
  std::vector<std::string> errors;
  out << "#### Collaboration: the board and the credit report (collaboration service)\n\n";
  for (const std::string& note : notes) out << "- " << note << "\n";
  out << "- one call at a time, the RPC direct to the service with a signed principal, "
         "alternating call by call with SQL written in the bench for the same answer (prepared, "
         "planned per call, JIT off, in one read-only transaction on one libpqxx connection in "
         "this "
         "process, rows received but not decoded into messages): for the board the counts and "
         "overdue counts per step, then the first cards of each open step (overdue first, then "
         "by due time) and of DONE (newest first) with the customers' names; for the credit "
         "report the running totals' rows and the quarter's total (HQ) or the deals the rows "
         "touch (a subsidiary); with under 100 calls p99 is the slowest\n\n";
  out << "| operation | one call | requests / deals | RPC p50 ms | RPC p99 ms | SQL p50 ms | "
         "SQL p99 ms | RPC ÷ SQL (p50) | n | target (RPC p50) | result | host busy |\n"
      << "|---|---|--:|--:|--:|--:|--:|--:|--:|---|---|--:|\n";
  for (const Read& r : reads) {
    const std::string verdict = PairedVerdict(r.rpc, r.sql, r.mismatch, r.target_us);
    if (Fails(verdict)) all_met = false;
    out << absl::StrFormat("| %s | %s | %d | %s | %s | %s | %s | %s | %d | %s | %s | %.0f%% |\n",
                           r.name, r.what, r.rows, Ms(r.rpc.p50_us), Ms(r.rpc.p99_us),
                           Ms(r.sql.p50_us), Ms(r.sql.p99_us), Ratio(r.rpc.p50_us, r.sql.p50_us),
                           r.rpc.count,
                           r.target_us > 0 ? absl::StrFormat("≤ %.0f ms", r.target_us / 1000)
                                           : std::string("report only"),
                           verdict, r.host_busy * 100);
    for (const LatencyStats* l : {&r.rpc, &r.sql}) {
      if (l->errors > 0) {
        errors.push_back(crm::StrCat(r.name, l == &r.rpc ? " (RPC): " : " (SQL): ", l->errors,
                                     " failed, first: ", l->first_error));
      }
    }
  }
  out << "\n";
  for (const Read& r : reads) {
    if (!r.figures.empty()) out << "- " << r.name << ": " << r.figures << "\n";
    if (!r.note.empty()) out << "- " << r.name << ": " << r.note << "\n";
    if (!r.mismatch.empty()) out << "- " << r.name << " WRONG FIGURES: " << r.mismatch << "\n";
  }
  out << "\n";
  for (const std::string& e : errors) out << e << "\n\n";
  for (const auto& [name, plan] : plans) {
    out << "EXPLAIN (ANALYZE, BUFFERS) of the SQL side of " << name << ":\n\n" << plan << "\n";
  }
  out.flush();
  if (options.hold_seconds > 0) {
    std::cerr << "holding the bench's database for " << options.hold_seconds
              << " s: " << servers.dsn() << "\n";
    absl::SleepFor(absl::Seconds(options.hold_seconds));
  }
  if (!errors.empty()) return absl::InternalError(errors.front());
  return all_met;
}

}  // namespace crm::bench
