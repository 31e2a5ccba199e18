#include "bench/opportunity_bench.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <iostream>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "bench/cpu_usage.h"
#include "bench/customer_data.h"
#include "bench/load_generator.h"
#include "bench/paired_reads.h"
#include "bench/report.h"
#include "bench/seller_org.h"
#include "libs/auth/data_scope.h"
#include "libs/auth/principal_metadata.h"
#include "libs/auth/sql_scope.h"
#include "libs/replicas/group/group_subtree_sql.h"
#include "libs/strings/str_cat.h"
#include "pqxx/pqxx"
#include "services/opportunity/core/opportunity_scope.h"
#include "services/opportunity/funnel/funnel_store.h"
#include "services/opportunity/stale/stale_store.h"

namespace crm::bench {
namespace {

using opportunity::v1::OpportunityService;
namespace v1o = opportunity::v1;

constexpr char kFunnelGroup[] = "opportunity_funnel_group";
constexpr char kFunnelOrgUnit[] = "opportunity_funnel_org_unit";
constexpr char kStaleUser[] = "opportunity_stale_user";
constexpr char kPgSelect[] = "opportunity_pg_select";
constexpr char kCreate[] = "opportunity_create";
constexpr char kChangeStage[] = "opportunity_change_stage";
constexpr const char* kOperations[] = {kFunnelGroup, kFunnelOrgUnit, kStaleUser,
                                       kPgSelect,    kCreate,        kChangeStage};

// The targets, judged on the RPC's p50.
constexpr double kFunnelGroupTargetUs = 200'000;
constexpr double kFunnelOrgUnitTargetUs = 100'000;
constexpr double kStaleUserTargetUs = 20'000;

// The store's statements (FunnelStore/StaleStore::Statements()), by name.
constexpr char kFunnelOfGroupSql[] = "opportunity.funnel_of_group";
constexpr char kFunnelOfOrgUnitSql[] = "opportunity.funnel_of_org_unit";
constexpr char kStaleOfUserSql[] = "opportunity.stale_of_user";

constexpr int kStalePageSize = 50;
constexpr int kStaleUsers = 16;  // whose stale lists are read in turn
constexpr char kCurrency[] = "CNY";
constexpr char kSubsidiary[] = "sub-east";  // its funnel and its seller's writes

std::string Error(const std::exception& e) { return e.what(); }

// ---- seeding ----

// Whole days spent in stage S (1..7) by a row of layer t: the stages it has
// left (below the furthest; a lost one also left its furthest).
std::string StageDaysTerm(int stage) {
  return absl::StrReplaceAll(
      "(CASE WHEN {S} < t.furthest OR (t.stage = 7 AND t.furthest = {S})"
      " THEN 2 + abs(hashint8(t.g::bigint * 8 + {S})::bigint) % 40 ELSE 0 END)::integer",
      {{"{S}", crm::StrCat(stage)}});
}

// $1 opportunities over $2 customers ($3: the unit thresholds). Each row's
// draws come from one unflattened subquery (random() is volatile), the
// rest is derived from them: created over two years; older ones more often
// closed (35 % of those won); open ones spread LEAD 30 % … NEGOTIATION 10 %;
// 85 % owned by the customer's own org unit, by one of its sellers;
// amounts log-uniform from 5万 to 2000万 yuan (1 % in USD); last activity
// within 45 days (squared, so about 45 % of open ones are quiet for over 14
// days) for the 5/6 that have activities; follow-ups for 60 % of open ones,
// half of them overdue.
std::string OpportunitiesSql() {
  std::vector<std::string> days, spent;
  for (int stage = 1; stage <= 7; ++stage) {
    days.push_back(StageDaysTerm(stage));
    spent.push_back(StageDaysTerm(stage));
  }
  return crm::StrCat(
      "INSERT INTO opportunity.opportunities (id, customer_id, title, owner_org_unit,"
      " owner_org_unit_path, owner_user, collaborating_org_units, stage, furthest_stage,"
      " stage_days, probability, forecast_category, currency_code, amount_minor,"
      " expected_close_date, next_follow_up_date, lead_source, loss_reason, loss_reason_text,"
      " close_date, survey_completeness_bp, has_decision_maker, stage_model_version,"
      " stage_enter_time, last_activity_time, version, create_time, update_time)"
      " SELECT gen_random_uuid(), x.customer_id, '基准商机 ' || x.g, u.name, u.path,"
      "  'users/seller-'"
      "   || lpad((u.first_user + floor(x.r_user * u.users))::integer::text, 3, '0'),"
      "  CASE WHEN x.r_collab < 0.05 THEN ARRAY[(ARRAY['orgUnits/sub-east', 'orgUnits/sub-north',"
      "   'orgUnits/sub-south', 'orgUnits/sub-west'])[1 + x.g % 4]] ELSE '{}' END,"
      "  x.stage, x.furthest, x.stage_days, ('{10,20,40,60,80,100,0}'::smallint[])[x.stage],"
      "  CASE WHEN x.stage = 6 THEN 4 WHEN x.stage = 7 THEN 5"
      "   ELSE ('{1,2,3,5}'::smallint[])[1 + width_bucket(x.r_fc, '{0.6,0.8,0.95}'::float8[])] END,"
      "  CASE WHEN x.g % 100 = 0 THEN 'USD' ELSE 'CNY' END,"
      "  (round(exp(ln(5e6) + x.r_amt * ln(400)) / 100) * 100)::bigint,"
      "  (x.create_time + (30 + x.r_ecd * 240) * interval '1 day')::date,"
      "  CASE WHEN x.stage < 6 AND x.r_nfu < 0.6"
      "   THEN (now() + (x.r_nfu * 66 - 20) * interval '1 day')::date END,"
      "  (ARRAY['展会', '老客户推荐', '官网', '电话营销', '合作伙伴'])[1 + x.g % 5],"
      "  CASE WHEN x.stage = 7 THEN 1 + x.g % 8 ELSE 0 END,"
      "  CASE WHEN x.stage = 7 AND x.g % 8 = 7 THEN '客户内部调整，项目搁置' ELSE '' END,"
      "  CASE WHEN x.stage >= 6 THEN (x.stage_enter_time AT TIME ZONE 'Asia/Shanghai')::date END,"
      "  CASE WHEN x.furthest >= 4 THEN 10000 ELSE 2000 * (x.g % 5) END, x.furthest >= 4, 1,"
      "  x.stage_enter_time, x.last_activity_time, 1, x.create_time,"
      "  greatest(x.stage_enter_time, coalesce(x.last_activity_time, x.create_time))"
      " FROM (SELECT w.*, CASE WHEN w.r_act >= 5.0 / 6 THEN NULL"
      "    WHEN w.stage < 6 THEN greatest(w.create_time,"
      "      now() - power(w.r_quiet, 2) * interval '45 days')"
      "    ELSE w.create_time + w.r_quiet * (w.stage_enter_time - w.create_time) END"
      "    AS last_activity_time"
      "  FROM (SELECT v.*, v.create_time + least(v.spent, v.age_days * 0.9) * interval '1 day'"
      "      AS stage_enter_time"
      "    FROM (SELECT t.*, ARRAY[",
      absl::StrJoin(days, ", "), "] AS stage_days, ", absl::StrJoin(spent, " + "),
      " AS spent"
      "      FROM (SELECT s.*, CASE s.stage WHEN 6 THEN 6 WHEN 7 THEN 1 + floor(s.r_f * 5)::integer"
      "          ELSE s.stage END AS furthest"
      "        FROM (SELECT r.*, c.customer_id,"
      "            CASE WHEN r.r_own < 0.85 THEN c.unit ELSE width_bucket(r.r_unit, $3::float8[])"
      "            END AS unit,"
      "            CASE WHEN r.r_closed < least(0.9, r.age_days / 300.0)"
      "              THEN CASE WHEN r.r_win < 0.35 THEN 6 ELSE 7 END"
      "              ELSE 1 + width_bucket(r.r_stage, '{0.30,0.55,0.75,0.90}'::float8[])"
      "            END AS stage"
      "          FROM (SELECT q.*, now() - q.r_age * interval '730 days' AS create_time,"
      "              q.r_age * 730 AS age_days"
      "            FROM (SELECT g, random() AS r_cust, random() AS r_own, random() AS r_unit,"
      "                random() AS r_user, random() AS r_age, random() AS r_closed,"
      "                random() AS r_win, random() AS r_stage, random() AS r_fc, random() AS r_amt,"
      "                random() AS r_ecd, random() AS r_nfu, random() AS r_act,"
      "                random() AS r_quiet, random() AS r_collab, random() AS r_f"
      "              FROM generate_series(1, $1::integer) g) q) r"
      "          JOIN pg_temp.bench_customers c"
      "            ON c.n = 1 + floor(power(r.r_cust, 1.5) * $2::integer)::bigint) s) t) v) w) x"
      " JOIN pg_temp.bench_units u ON u.idx = x.unit");
}

constexpr char kSummaries[] =
    "(ARRAY['拜访客户，了解采购计划', '电话沟通报价细节', '与采购和技术部门开会',"
    " '发送方案和报价邮件', '客户投诉交付延期', '售后服务回访', '内部备注：等待预算审批'])";

// The activities of every opportunity with a last activity: 1 to $1 of
// them, the first at exactly its last_activity_time, the others spread back
// towards its creation; by its owner.
std::string LinkedActivitiesSql() {
  return crm::StrCat(
      "INSERT INTO opportunity.activities (id, customer_id, opportunity_id, type, occur_time,"
      " summary, complaint_severity, complaint_resolved, author, author_org_unit, create_time)"
      " SELECT gen_random_uuid(), a.customer_id, a.id, a.type, a.occur_time, ",
      kSummaries,
      "[a.type], CASE WHEN a.type = 5 THEN 1 + a.h % 3 ELSE 0 END, a.type = 5 AND a.h % 2 = 0,"
      "  a.owner_user, a.owner_org_unit, a.occur_time"
      " FROM (SELECT o.customer_id, o.id, o.owner_user, o.owner_org_unit,"
      "    o.last_activity_time - (j - 1) * ((o.last_activity_time - o.create_time) / 5)"
      "      AS occur_time,"
      "    ('{1,1,1,2,2,2,3,4,5,6}'::smallint[])"
      "      [1 + abs((hashint4(j) # hashtext(o.id::text))::bigint) % 10] AS type,"
      "    abs((hashint4(j + 7) # hashtext(o.id::text))::bigint) AS h"
      "  FROM opportunity.opportunities o"
      "  CROSS JOIN LATERAL"
      "    generate_series(1, 1 + (abs(hashtext(o.id::text)::bigint) % $1)::integer) j"
      "  WHERE o.last_activity_time IS NOT NULL) a");
}

// $1 activities on a customer alone ($2 customers), over two years, by a
// seller of the customer's org unit.
std::string CustomerActivitiesSql() {
  return crm::StrCat(
      "INSERT INTO opportunity.activities (id, customer_id, type, occur_time, summary, author,"
      " author_org_unit, create_time)"
      " SELECT gen_random_uuid(), c.customer_id, t.type, t.occur_time, ",
      kSummaries,
      "[t.type], 'users/seller-'"
      "  || lpad((u.first_user + floor(t.r_user * u.users))::integer::text, 3, '0'),"
      "  u.name, t.occur_time"
      " FROM (SELECT g, random() AS r_cust, random() AS r_user,"
      "    now() - power(random(), 2) * interval '730 days' AS occur_time,"
      "    ('{1,2,2,4,6,6,7,7}'::smallint[])[1 + floor(random() * 8)::integer] AS type"
      "  FROM generate_series(1, $1::integer) g) t"
      " JOIN pg_temp.bench_customers c ON c.n = 1 + floor(t.r_cust * $2::integer)::bigint"
      " JOIN pg_temp.bench_units u ON u.idx = c.unit");
}

struct Seeded {
  int64_t root = 0;
  int64_t nodes = 0;
  int64_t group_customers = 0;
  int64_t customers = 0;
  int64_t opportunities = 0;
  int64_t open = 0;
  int64_t activities = 0;
  int64_t linked_activities = 0;
  double seed_seconds = 0;
  double vacuum_seconds = 0;
  std::string sizes;  // on disk, tables with their indexes
};

absl::StatusOr<Seeded> Seed(pqxx::connection& conn, const OpportunityBenchOptions& options) {
  Seeded seeded;
  const auto start = std::chrono::steady_clock::now();
  const std::string bounds = UnitThresholds();
  try {
    pqxx::work tx(conn);
    const bool superuser =
        tx.exec1("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")[0].as<bool>();
    // The rows are consistent by construction; as a superuser skip the
    // per-row foreign-key checks of 2.5 million activities.
    if (superuser) tx.exec0("SET LOCAL session_replication_role = replica");
    tx.exec0("SET LOCAL maintenance_work_mem = '256MB'");
    tx.exec0("SET LOCAL synchronous_commit = off");
    tx.exec("SELECT setseed(0.15)");

    std::cerr << "  the group of " << options.customers << " nodes and as many customers\n";
    seeded.root = SeedSellersAndCustomers(tx, "opportunity", options.customers);

    // Indexes are built once after the rows, not kept up to date row by row.
    std::vector<std::string> indexes;
    for (const pqxx::row& row :
         tx.exec("SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
                 " JOIN pg_class c ON c.oid = i.indexrelid"
                 " WHERE i.indrelid IN ('opportunity.opportunities'::regclass,"
                 "   'opportunity.activities'::regclass) AND NOT i.indisprimary")) {
      tx.exec0(crm::StrCat("DROP INDEX opportunity.", tx.quote_name(row[0].c_str())));
      indexes.push_back(row[1].c_str());
    }
    std::cerr << "  " << options.opportunities << " opportunities\n";
    tx.exec_params0(OpportunitiesSql(), options.opportunities, options.customers, bounds);
    const int per_opportunity = std::max(1, options.activities_per_opportunity);
    std::cerr << "  their activities\n";
    const pqxx::result linked = tx.exec_params(LinkedActivitiesSql(), 2 * per_opportunity - 1);
    seeded.linked_activities = linked.affected_rows();
    const int64_t rest = std::max<int64_t>(
        0, int64_t{per_opportunity} * options.opportunities - seeded.linked_activities);
    tx.exec_params0(CustomerActivitiesSql(), rest, options.customers);
    tx.exec0(
        "INSERT INTO opportunity.customer_last_activity (customer_id, last_activity_time)"
        " SELECT customer_id, max(occur_time) FROM opportunity.activities GROUP BY customer_id");
    std::cerr << "  " << indexes.size() << " indexes\n";
    for (const std::string& index : indexes) tx.exec0(index);
    tx.commit();
  } catch (const std::exception& e) {
    return absl::InternalError(crm::StrCat("seeding the pipeline: ", Error(e)));
  }
  seeded.seed_seconds = SecondsSince(start);
  try {
    const auto vacuum_start = std::chrono::steady_clock::now();
    pqxx::nontransaction tx(conn);
    for (const char* table :
         {"opportunity.opportunities", "opportunity.activities", "opportunity.replica_customers",
          "opportunity.replica_group_nodes", "opportunity.customer_last_activity"}) {
      tx.exec0(crm::StrCat("VACUUM ANALYZE ", table));
    }
    seeded.vacuum_seconds = SecondsSince(vacuum_start);
    const pqxx::row counts = tx.exec1(
        "SELECT (SELECT count(*) FROM opportunity.replica_group_nodes),"
        " (SELECT count(customer_id) FROM opportunity.replica_group_nodes),"
        " (SELECT count(*) FROM opportunity.replica_customers),"
        " (SELECT count(*) FROM opportunity.opportunities),"
        " (SELECT count(*) FROM opportunity.opportunities WHERE stage < 6),"
        " (SELECT count(*) FROM opportunity.activities)");
    seeded.nodes = counts[0].as<int64_t>();
    seeded.group_customers = counts[1].as<int64_t>();
    seeded.customers = counts[2].as<int64_t>();
    seeded.opportunities = counts[3].as<int64_t>();
    seeded.open = counts[4].as<int64_t>();
    seeded.activities = counts[5].as<int64_t>();
    std::vector<std::string> sizes;
    for (const char* table : {"opportunities", "activities"}) {
      const pqxx::row size = tx.exec_params1(
          "SELECT pg_size_pretty(pg_table_size($1::regclass)),"
          " pg_size_pretty(pg_indexes_size($1::regclass))",
          crm::StrCat("opportunity.", table));
      sizes.push_back(crm::StrCat(table, " ", size[0].c_str(), " + indexes ", size[1].c_str()));
    }
    seeded.sizes = absl::StrJoin(sizes, ", ");
  } catch (const std::exception& e) {
    return absl::InternalError(crm::StrCat("vacuuming the pipeline: ", Error(e)));
  }
  return seeded;
}

// ---- one call at a time ----

struct Read {
  std::string name;
  std::string what;  // the call and who makes it
  int64_t rows = 0;  // opportunities counted or listed by one call
  LatencyStats rpc, sql;
  double target_us = 0;
  double host_busy = 0;
};

// RPC and SQL alternately (paired_reads.h), into `read`.
void Alternate(const Call& rpc, const Call& sql, const OpportunityBenchOptions& options,
               Read& read) {
  const Paired paired = AlternateCalls(rpc, sql,
                                       {.seconds = options.read_seconds,
                                        .min_pairs = options.min_pairs,
                                        .max_pairs = options.max_pairs});
  read.rpc = paired.rpc;
  read.sql = paired.sql;
  read.host_busy = paired.host_busy;
}

// The period GetFunnel takes when none is given: the last 12 months of
// Asia/Shanghai days.
std::pair<std::string, std::string> DefaultPeriod() {
  const absl::CivilDay end = absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 60 * 60));
  const absl::CivilDay start = absl::CivilDay(end.year() - 1, end.month(), end.day()) + 1;
  return {absl::FormatCivilTime(start), absl::FormatCivilTime(end)};
}

// A funnel through the RPC; its total count in `total`.
absl::Status RpcFunnel(OpportunityService::Stub& stub, const std::string& principal,
                       const v1o::GetFunnelRequest& request, int64_t& total) {
  grpc::ClientContext context;
  Decorate(context, principal);
  v1o::Funnel funnel;
  if (grpc::Status s = stub.GetFunnel(&context, request, &funnel); !s.ok()) {
    return FromGrpc(s, "GetFunnel");
  }
  if (funnel.stages_size() != 7) {
    return absl::InternalError(crm::StrCat("GetFunnel gave ", funnel.stages_size(), " stages"));
  }
  total = funnel.total_count();
  return absl::OkStatus();
}

struct FunnelArgs {
  const char* statement;
  std::string target;
  auth::DataScope scope;
  std::string start, end;
};

// The settings FunnelStore::Compute gives its transaction (SET LOCAL), so
// the SQL side runs the statement as the store does.
std::vector<std::string> FunnelSettings(const char* statement) {
  std::vector<std::string> settings = {"jit = off", "work_mem = '64MB'"};
  if (statement == std::string_view(kFunnelOfGroupSql)) settings.push_back("enable_nestloop = off");
  return settings;
}

// The store's statement, its rows received (the groups the store combines).
absl::Status SqlFunnel(pqxx::connection& conn, const FunnelArgs& args) {
  try {
    pqxx::work tx(conn);
    for (const std::string& setting : FunnelSettings(args.statement)) {
      tx.exec0(crm::StrCat("SET LOCAL ", setting));
    }
    const pqxx::result rows = tx.exec_prepared(args.statement, args.target, args.scope.all,
                                               auth::TextArrayLiteral(args.scope.org_units),
                                               args.start, args.end, std::string(kCurrency));
    tx.commit();
    if (rows.empty()) return absl::InternalError("funnel SQL gave no rows");
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return absl::InternalError(crm::StrCat("funnel SQL: ", Error(e)));
  }
}

// The opportunities a funnel should count, by a plain count(*) over the same
// target, scope and period predicates: the check that the RPC counted them all.
absl::StatusOr<int64_t> CountFunnel(pqxx::connection& conn, const FunnelArgs& args) {
  const std::string target =
      args.statement == std::string_view(kFunnelOfGroupSql)
          ? replicas::GroupSubtreePredicate("opportunity", "o.customer_id", 1)
          : std::string("o.owner_org_unit_path @> ARRAY[$1::text]");
  try {
    pqxx::nontransaction tx(conn);
    return tx
        .exec_params1(
            crm::StrCat("SELECT count(*) FROM opportunity.opportunities o WHERE ", target, " AND ",
                        opportunity::OpportunityInScope(2, 3),
                        " AND o.create_time >= ($4::date::timestamp AT TIME ZONE 'Asia/Shanghai')"
                        " AND o.create_time < (($5::date + 1)::timestamp AT TIME ZONE "
                        "'Asia/Shanghai')"),
            args.target, args.scope.all, auth::TextArrayLiteral(args.scope.org_units), args.start,
            args.end)[0]
        .as<int64_t>();
  } catch (const std::exception& e) {
    return absl::InternalError(crm::StrCat("counting the funnel: ", Error(e)));
  }
}

// Marks `read` failed when the RPC's total differs from the plain count.
void CheckTotal(pqxx::connection& conn, const FunnelArgs& args, int64_t rpc_total, Read& read) {
  if (read.rpc.errors > 0 || read.sql.errors > 0) return;
  absl::StatusOr<int64_t> expected = CountFunnel(conn, args);
  if (!expected.ok() || *expected != rpc_total) {
    read.rpc.errors = 1;
    read.rpc.first_error = expected.ok() ? crm::StrCat("GetFunnel's total_count is ", rpc_total,
                                                       "; count(*) gives ", *expected)
                                         : expected.status().ToString();
  }
}

struct StaleReader {
  std::string user;  // users/…
  std::string principal;
  auth::DataScope scope;
};

absl::Status RpcStale(OpportunityService::Stub& stub, const StaleReader& reader, int& listed) {
  grpc::ClientContext context;
  Decorate(context, reader.principal);
  v1o::ListStaleOpportunitiesRequest request;
  request.set_owner_user(reader.user);
  request.set_page_size(kStalePageSize);
  v1o::ListStaleOpportunitiesResponse response;
  if (grpc::Status s = stub.ListStaleOpportunities(&context, request, &response); !s.ok()) {
    return FromGrpc(s, "ListStaleOpportunities");
  }
  listed = response.stale_opportunities_size();
  return absl::OkStatus();
}

absl::Status SqlStale(pqxx::connection& conn, const StaleReader& reader, int& listed) {
  try {
    pqxx::nontransaction tx(conn);
    const pqxx::result rows = tx.exec_prepared(
        kStaleOfUserSql, reader.user, reader.scope.all,
        auth::TextArrayLiteral(reader.scope.org_units), absl::ToUnixMicros(absl::Now()), true,
        int64_t{0}, std::string("00000000-0000-0000-0000-000000000000"), kStalePageSize + 1);
    listed = std::min<int>(static_cast<int>(rows.size()), kStalePageSize);
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return absl::InternalError(crm::StrCat("stale SQL: ", Error(e)));
  }
}

// ---- under load ----

std::function<void(grpc::ClientContext&)> WithPrincipal(const std::string& principal) {
  return [principal](grpc::ClientContext& context) {
    context.AddMetadata(auth::kPrincipalMetadataKey, principal);
  };
}

// One opportunity per in-flight slot, moved LEAD ↔ DISCOVERY with the etag
// of the previous answer; kept across rounds.
struct StageSlot {
  std::string name;
  std::string etag;
  v1o::Stage stage = v1o::LEAD;
};

class ChangeStageCall final : public UnaryCall {
 public:
  ChangeStageCall(OpportunityService::Stub& stub, std::string principal,
                  std::shared_ptr<StageSlot> slot, std::shared_ptr<std::atomic<int64_t>> counter)
      : stub_(stub),
        principal_(std::move(principal)),
        slot_(std::move(slot)),
        counter_(std::move(counter)) {}

  void Start(std::function<void(grpc::Status)> done) override {
    context_ = std::make_unique<grpc::ClientContext>();
    context_->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    context_->AddMetadata(auth::kPrincipalMetadataKey, principal_);
    request_.set_name(slot_->name);
    request_.set_etag(slot_->etag);
    request_.set_stage(slot_->stage == v1o::LEAD ? v1o::DISCOVERY : v1o::LEAD);
    request_.set_request_id(crm::StrCat("bench-stage-", (*counter_)++));
    response_.Clear();
    stub_.async()->ChangeStage(context_.get(), &request_, &response_,
                               [this, done = std::move(done)](grpc::Status s) {
                                 if (s.ok()) {
                                   slot_->etag = response_.etag();
                                   slot_->stage = response_.stage();
                                 }
                                 done(s);
                               });
  }

 private:
  OpportunityService::Stub& stub_;
  const std::string principal_;
  std::shared_ptr<StageSlot> slot_;
  std::shared_ptr<std::atomic<int64_t>> counter_;
  std::unique_ptr<grpc::ClientContext> context_;
  v1o::ChangeStageRequest request_;
  v1o::Opportunity response_;
};

struct Loaded {
  std::string name;
  std::string baseline;
  std::string what;
  CallFactory factory;
  std::vector<LoadResult> slices;
  std::vector<CpuUsage> cpu;
  LoadResult combined;
  double process_cores = 0;
  double host_busy = 0;
};

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0 : values[values.size() / 2];
}

// QPS over all measured time, the median slice's p50 and p99, mean CPU.
void Combine(Loaded& l) {
  LoadResult& m = l.combined;
  std::vector<double> p50, p99;
  for (const LoadResult& slice : l.slices) {
    m.calls += slice.calls;
    m.errors += slice.errors;
    m.seconds += slice.seconds;
    if (m.first_error.empty()) m.first_error = slice.first_error;
    p50.push_back(slice.p50_us);
    p99.push_back(slice.p99_us);
  }
  for (const CpuUsage& c : l.cpu) {
    l.process_cores += c.process_cores / l.cpu.size();
    l.host_busy += c.host_busy / l.cpu.size();
  }
  m.qps = m.seconds > 0 ? m.calls / m.seconds : 0;
  m.p50_us = Median(p50);
  m.p99_us = Median(p99);
}

bool Wanted(const OpportunityBenchOptions& options, std::string_view name) {
  return options.filter.empty() || name.find(options.filter) != std::string_view::npos ||
         std::string_view("opportunity").find(options.filter) != std::string_view::npos;
}

}  // namespace

bool OpportunitySelected(const std::string& filter) {
  if (filter.empty() || std::string_view("opportunity").find(filter) != std::string_view::npos) {
    return true;
  }
  for (const char* name : kOperations) {
    if (std::string_view(name).find(filter) != std::string_view::npos) return true;
  }
  return false;
}

absl::StatusOr<bool> RunOpportunityBench(BenchServers& servers,
                                         const OpportunityBenchOptions& options,
                                         std::ostream& out) {
  // `conn` runs the stores' statements prepared, as the service's pool does:
  // after five executions PostgreSQL may keep one generic plan for every
  // parameter. `custom` runs the same statements planned for each call's
  // parameters (plan_cache_mode = force_custom_plan), to show what the plan
  // costs.
  std::unique_ptr<pqxx::connection> conn, custom;
  try {
    conn = std::make_unique<pqxx::connection>(servers.dsn());
    custom = std::make_unique<pqxx::connection>(servers.dsn());
    pqxx::nontransaction(*custom).exec0("SET plan_cache_mode = force_custom_plan");
    for (const std::vector<pg::PreparedStatement>& statements :
         {opportunity::FunnelStore::Statements(), opportunity::StaleStore::Statements()}) {
      for (const pg::PreparedStatement& statement : statements) {
        conn->prepare(std::string(statement.name), std::string(statement.sql));
        custom->prepare(std::string(statement.name), std::string(statement.sql));
      }
    }
  } catch (const std::exception& e) {
    return absl::UnavailableError(crm::StrCat("opportunity SQL connection: ", Error(e)));
  }
  std::cerr << "seeding " << options.opportunities << " opportunities over " << options.customers
            << " customers...\n";
  absl::StatusOr<Seeded> seeded = Seed(*conn, options);
  if (!seeded.ok()) return seeded.status();
  const Seeded& d = *seeded;
  std::cerr << absl::StrFormat("  seeded in %.1f s, VACUUM ANALYZE %.1f s\n", d.seed_seconds,
                               d.vacuum_seconds);

  std::vector<std::string> notes;
  notes.push_back(absl::StrFormat(
      "seeded with SQL (generate_series) in one transaction in %.1f s (indexes dropped and "
      "rebuilt from their own definitions), then VACUUM ANALYZE in %.1f s: %d opportunities "
      "(%d open), %d activities (%d on an opportunity), %d customers in the customer replica, "
      "the group nodes/%d of %d nodes (%d of them customers) in the group replica; %s",
      d.seed_seconds, d.vacuum_seconds, d.opportunities, d.open, d.activities, d.linked_activities,
      d.customers, d.root, d.nodes, d.group_customers, d.sizes));

  OpportunityService::Stub& stub = servers.opportunity();
  pqxx::connection& c = *conn;
  std::vector<Read> reads;
  bool all_met = true;
  absl::Status failure;
  const auto [start_day, end_day] = DefaultPeriod();

  if (Wanted(options, kFunnelGroup)) {
    std::cerr << "  " << kFunnelGroup << "\n";
    v1o::GetFunnelRequest request;
    request.set_group(crm::StrCat("nodes/", d.root));
    const FunnelArgs args{kFunnelOfGroupSql, crm::StrCat(d.root), auth::DataScope{.all = true},
                          start_day, end_day};
    int64_t rpc_total = 0;
    Read read{.name = kFunnelGroup,
              .what = crm::StrCat("GetFunnel group nodes/", d.root, " (the root), as HQ"),
              .target_us = kFunnelGroupTargetUs};
    Alternate([&] { return RpcFunnel(stub, servers.principal(), request, rpc_total); },
              [&] { return SqlFunnel(c, args); }, options, read);
    read.rows = rpc_total;
    CheckTotal(c, args, rpc_total, read);
    reads.push_back(std::move(read));
  }
  const std::string subsidiary = OrgUnitName(kSubsidiary);
  const auth::v1::Principal subsidiary_seller = Seller(FirstUserOf(kSubsidiary), kSubsidiary);
  if (Wanted(options, kFunnelOrgUnit)) {
    std::cerr << "  " << kFunnelOrgUnit << "\n";
    v1o::GetFunnelRequest request;
    request.set_org_unit(subsidiary);
    const std::string principal = Sign(subsidiary_seller);
    const FunnelArgs args{kFunnelOfOrgUnitSql, subsidiary, auth::ScopeOf(subsidiary_seller),
                          start_day, end_day};
    int64_t rpc_total = 0;
    Read read{.name = kFunnelOrgUnit,
              .what = crm::StrCat("GetFunnel org_unit ", subsidiary, ", as ",
                                  subsidiary_seller.user(), " of it (scope ",
                                  absl::StrJoin(subsidiary_seller.scope_org_units(), " + "), ")"),
              .target_us = kFunnelOrgUnitTargetUs};
    Alternate([&] { return RpcFunnel(stub, principal, request, rpc_total); },
              [&] { return SqlFunnel(c, args); }, options, read);
    read.rows = rpc_total;
    CheckTotal(c, args, rpc_total, read);
    reads.push_back(std::move(read));
  }
  std::vector<StaleReader> readers;
  if (Wanted(options, kStaleUser)) {
    std::cerr << "  " << kStaleUser << "\n";
    // Sellers spread over the org units, each reading their own list.
    int total_users = 0;
    for (const Unit& u : SellerUnits()) total_users += u.users;
    for (int i = 0; i < kStaleUsers; ++i) {
      const int user = (i * total_users) / kStaleUsers + 3;
      const auth::v1::Principal p = Seller(user, UnitOfUser(user));
      readers.push_back({p.user(), Sign(p), auth::ScopeOf(p)});
    }
    size_t next_rpc = 0, next_sql = 0;
    int rpc_listed = 0, sql_listed = 0;
    int64_t listed_sum = 0, lists = 0;
    Read read{.name = kStaleUser,
              .what = crm::StrCat("ListStaleOpportunities owner_user (", readers.size(),
                                  " sellers in turn, each as itself), page_size ", kStalePageSize),
              .target_us = kStaleUserTargetUs};
    Alternate(
        [&] {
          absl::Status s = RpcStale(stub, readers[next_rpc++ % readers.size()], rpc_listed);
          listed_sum += rpc_listed;
          ++lists;
          return s;
        },
        [&] { return SqlStale(c, readers[next_sql++ % readers.size()], sql_listed); }, options,
        read);
    read.rows = lists > 0 ? listed_sum / lists : 0;
    reads.push_back(std::move(read));
  }

  // Each read's statement planned per call beside the prepared one, then
  // EXPLAIN of both (after the measurement, so with the plan the measured
  // calls settled on).
  std::vector<std::pair<std::string, std::string>> plans;
  std::vector<std::string> custom_notes;
  for (const Read& read : reads) {
    const char* statement = nullptr;
    std::vector<std::string> explain_args;
    std::function<absl::Status(pqxx::connection&)> run;
    if (read.name == kFunnelGroup) {
      statement = kFunnelOfGroupSql;
      explain_args = {crm::StrCat(d.root), "true", "{}", start_day, end_day, kCurrency};
      run = [&, args = FunnelArgs{kFunnelOfGroupSql, crm::StrCat(d.root),
                                  auth::DataScope{.all = true}, start_day,
                                  end_day}](pqxx::connection& on) { return SqlFunnel(on, args); };
    } else if (read.name == kFunnelOrgUnit) {
      statement = kFunnelOfOrgUnitSql;
      const auth::DataScope scope = auth::ScopeOf(subsidiary_seller);
      explain_args = {subsidiary, "false", auth::TextArrayLiteral(scope.org_units),
                      start_day,  end_day, kCurrency};
      run = [&, args = FunnelArgs{kFunnelOfOrgUnitSql, subsidiary, scope, start_day, end_day}](
                pqxx::connection& on) { return SqlFunnel(on, args); };
    } else if (read.name == kStaleUser && !readers.empty()) {
      statement = kStaleOfUserSql;
      explain_args = {readers[0].user,
                      "false",
                      auth::TextArrayLiteral(readers[0].scope.org_units),
                      crm::StrCat(absl::ToUnixMicros(absl::Now())),
                      "true",
                      "0",
                      "00000000-0000-0000-0000-000000000000",
                      crm::StrCat(kStalePageSize + 1)};
      auto next = std::make_shared<size_t>(0);
      run = [&readers, next](pqxx::connection& on) {
        int listed = 0;
        return SqlStale(on, readers[(*next)++ % readers.size()], listed);
      };
    }
    if (statement == nullptr || read.rpc.errors > 0 || read.sql.errors > 0) continue;
    std::cerr << "  " << read.name << ", SQL with custom plans\n";
    Read versus;
    Alternate([&] { return run(*custom); }, [&] { return run(c); }, options, versus);
    custom_notes.push_back(absl::StrFormat(
        "%s: p50 %s ms planned per call against %s ms prepared (%d each, alternating)%s", read.name,
        Ms(versus.rpc.p50_us), Ms(versus.sql.p50_us), versus.rpc.count,
        versus.rpc.errors + versus.sql.errors > 0
            ? crm::StrCat("; failed: ", versus.rpc.first_error, versus.sql.first_error)
            : ""));
    for (pqxx::connection* on : {&c, custom.get()}) {
      absl::StatusOr<std::string> plan = ExplainPrepared(
          *on, statement, explain_args,
          statement == std::string_view(kStaleOfUserSql) ? std::vector<std::string>()
                                                         : FunnelSettings(statement));
      plans.emplace_back(
          crm::StrCat(read.name, on == &c ? " (prepared, as the pool runs it)"
                                          : " (planned for the call's parameters)"),
          plan.ok() ? *std::move(plan) : crm::StrCat("    ", plan.status().ToString(), "\n"));
    }
  }

  // The writes at N in flight, beside the raw-SELECT baseline RPC.
  std::vector<Loaded> loads;
  const bool writes =
      Wanted(options, kPgSelect) || Wanted(options, kCreate) || Wanted(options, kChangeStage);
  std::shared_ptr<std::vector<std::string>> customer_ids, sub_customers;
  std::vector<std::shared_ptr<StageSlot>> stage_slots;
  const std::string writer = Sign(subsidiary_seller);
  if (writes) {
    try {
      pqxx::nontransaction tx(c);
      customer_ids = std::make_shared<std::vector<std::string>>();
      for (const pqxx::row& row : tx.exec("SELECT id::text FROM customer.customers LIMIT 1000")) {
        customer_ids->push_back(row[0].c_str());
      }
      sub_customers = std::make_shared<std::vector<std::string>>();
      for (const pqxx::row& row :
           tx.exec_params("SELECT 'customers/' || customer_id FROM opportunity.replica_customers"
                          " WHERE owner_org_unit = $1 ORDER BY customer_id LIMIT 1000",
                          subsidiary)) {
        sub_customers->push_back(row[0].c_str());
      }
      for (const pqxx::row& row :
           tx.exec_params("SELECT 'opportunities/' || id FROM opportunity.opportunities"
                          " WHERE owner_org_unit = $1 AND stage IN (1, 2) ORDER BY id LIMIT $2",
                          subsidiary, options.in_flight)) {
        auto slot = std::make_shared<StageSlot>();
        slot->name = row[0].c_str();
        stage_slots.push_back(std::move(slot));
      }
    } catch (const std::exception& e) {
      return absl::InternalError(crm::StrCat("picking what the writes use: ", Error(e)));
    }
    if (customer_ids->empty()) {
      // The customer part did not run: the baseline needs rows to find.
      std::cerr << "  seeding 1000 customers for the pg_select baseline\n";
      absl::StatusOr<std::vector<std::string>> ids =
          SeedCustomers(servers.uncached(), servers.principal(), 1000);
      if (!ids.ok()) return ids.status();
      *customer_ids = *std::move(ids);
    }
    if (sub_customers->empty() || static_cast<int>(stage_slots.size()) < options.in_flight) {
      return absl::FailedPreconditionError(
          crm::StrCat("the seeded pipeline has ", sub_customers->size(), " customers and ",
                      stage_slots.size(), " open LEAD/DISCOVERY opportunities of ", subsidiary,
                      "; the writes need some and ", options.in_flight));
    }
    // Each slot starts from the opportunity's current etag.
    for (const std::shared_ptr<StageSlot>& slot : stage_slots) {
      grpc::ClientContext context;
      Decorate(context, writer);
      v1o::GetOpportunityRequest request;
      request.set_name(slot->name);
      v1o::Opportunity o;
      if (grpc::Status s = stub.GetOpportunity(&context, request, &o); !s.ok()) {
        failure = FromGrpc(
            s, crm::StrCat("GetOpportunity ", slot->name, " as ", subsidiary_seller.user()));
        break;
      }
      slot->etag = o.etag();
      slot->stage = o.stage();
    }
  }
  if (writes && failure.ok()) {
    v1::BenchService::Stub& bench = servers.baseline();
    const std::string hq = servers.principal();
    loads.push_back(
        {.name = kPgSelect,
         .what = "the raw-SELECT RPC: one primary-key SELECT of a customer (BenchService.PgSelect)",
         .factory = [&bench, hq, customer_ids](int slot) {
           auto next = std::make_shared<size_t>(static_cast<size_t>(slot) * 997);
           return std::unique_ptr<UnaryCall>(
               std::make_unique<StubCall<v1::PgSelectRequest, v1::PgSelectResponse>>(
                   [&bench](grpc::ClientContext* ctx, const v1::PgSelectRequest* q,
                            v1::PgSelectResponse* r, std::function<void(grpc::Status)> done) {
                     bench.async()->PgSelect(ctx, q, r, std::move(done));
                   },
                   [customer_ids, next](v1::PgSelectRequest& request) {
                     request.set_id((*customer_ids)[(*next)++ % customer_ids->size()]);
                   },
                   WithPrincipal(hq)));
         }});
    auto created = std::make_shared<std::atomic<int64_t>>(0);
    loads.push_back(
        {.name = kCreate,
         .baseline = kPgSelect,
         .what = crm::StrCat("CreateOpportunity by ", subsidiary_seller.user(), " of ", subsidiary,
                             " on its customers (amount, expected close date, "
                             "request_id): validation, replica read, insert, history, event, "
                             "request log, commit"),
         .factory = [&stub, writer, sub_customers, created](int) {
           return std::unique_ptr<UnaryCall>(
               std::make_unique<StubCall<v1o::CreateOpportunityRequest, v1o::Opportunity>>(
                   [&stub](grpc::ClientContext* ctx, const v1o::CreateOpportunityRequest* q,
                           v1o::Opportunity* r, std::function<void(grpc::Status)> done) {
                     stub.async()->CreateOpportunity(ctx, q, r, std::move(done));
                   },
                   [sub_customers, created](v1o::CreateOpportunityRequest& request) {
                     const int64_t n = (*created)++;
                     v1o::Opportunity& o = *request.mutable_opportunity();
                     o.Clear();
                     o.set_customer((*sub_customers)[n % sub_customers->size()]);
                     o.set_title(crm::StrCat("基准新商机 ", n));
                     o.mutable_amount()->set_currency_code(kCurrency);
                     o.mutable_amount()->set_minor_units(1'000'000 + (n % 1000) * 10'000);
                     o.mutable_expected_close_date()->set_year(2027);
                     o.mutable_expected_close_date()->set_month(1 + n % 12);
                     o.mutable_expected_close_date()->set_day(15);
                     o.set_lead_source("展会");
                     request.set_request_id(crm::StrCat("bench-create-", n));
                   },
                   WithPrincipal(writer)));
         }});
    auto changes = std::make_shared<std::atomic<int64_t>>(0);
    loads.push_back(
        {.name = kChangeStage,
         .baseline = kPgSelect,
         .what = crm::StrCat("ChangeStage LEAD ↔ DISCOVERY by ", subsidiary_seller.user(),
                             ", one opportunity per slot, with the etag of the previous "
                             "answer: read, transition, update, history, event, request log, "
                             "commit"),
         .factory = [&stub, writer, stage_slots, changes](int slot) {
           return std::unique_ptr<UnaryCall>(std::make_unique<ChangeStageCall>(
               stub, writer, stage_slots[slot % stage_slots.size()], changes));
         }});
    LoadOptions load;
    load.in_flight = options.in_flight;
    load.warmup = options.warmup;
    load.duration = absl::Seconds(options.write_seconds / std::max(options.rounds, 1));
    for (int round = 0; round < std::max(options.rounds, 1); ++round) {
      for (Loaded& l : loads) {
        if (!Wanted(options, l.name) && l.name != kPgSelect) continue;
        std::cerr << "  " << l.name << " at " << options.in_flight << " in flight, round "
                  << round + 1 << "\n";
        const CpuMeter cpu;
        l.slices.push_back(RunClosedLoop(l.factory, load));
        l.cpu.push_back(cpu.Read());
      }
    }
    for (Loaded& l : loads) Combine(l);
  }

  // ---- the section ----
  out << "#### Pipeline (opportunity service)\n\n";
  for (const std::string& note : notes) out << "- " << note << "\n";
  out << "- reads: one call at a time, the RPC direct to the service with a signed principal, "
         "alternating call by call with the store's own prepared statement "
         "(FunnelStore/StaleStore::Statements()) on one libpqxx connection in this process "
         "(rows received, not decoded: for a funnel the groups the store combines; a funnel in a "
         "transaction with the store's SET LOCAL jit = off, work_mem = '64MB' and, for a group, "
         "enable_nestloop = off); funnels over the default period (the last 12 months, "
      << start_day << " to " << end_day
      << "); `rows` is the funnel's total_count (checked "
         "against a plain count(*) with the same predicates), or the stale list's mean length; "
         "with under 100 calls p99 is the slowest\n\n";
  out << "| operation | one call | rows | RPC p50 ms | RPC p99 ms | SQL p50 ms | SQL p99 ms | "
         "RPC ÷ SQL (p50) | n | target (RPC p50) | result | host busy |\n"
      << "|---|---|--:|--:|--:|--:|--:|--:|--:|---|---|--:|\n";
  std::vector<std::string> errors;
  for (const Read& r : reads) {
    const std::string verdict = PairedVerdict(r.rpc, r.sql, /*mismatch=*/"", r.target_us);
    if (Fails(verdict)) all_met = false;
    out << absl::StrFormat(
        "| %s | %s | %d | %s | %s | %s | %s | %s | %d | ≤ %.0f ms | %s | %.0f%% |\n", r.name,
        r.what, r.rows, Ms(r.rpc.p50_us), Ms(r.rpc.p99_us), Ms(r.sql.p50_us), Ms(r.sql.p99_us),
        Ratio(r.rpc.p50_us, r.sql.p50_us), r.rpc.count, r.target_us / 1000, verdict,
        r.host_busy * 100);
    for (const LatencyStats* l : {&r.rpc, &r.sql}) {
      if (l->errors > 0) {
        errors.push_back(crm::StrCat(r.name, l == &r.rpc ? " (RPC): " : " (SQL): ", l->errors,
                                     " failed, first: ", l->first_error));
      }
    }
  }
  out << "\n";
  if (!custom_notes.empty()) {
    out << "The same statements with plan_cache_mode = force_custom_plan on a second connection, "
           "alternating with the prepared ones:\n\n";
    for (const std::string& note : custom_notes) out << "- " << note << "\n";
    out << "\n";
  }
  if (!loads.empty()) {
    const Loaded& base = loads.front();
    out << "At " << options.in_flight << " calls in flight (" << std::max(options.rounds, 1)
        << " round-robin slices of "
        << absl::StrFormat("%.1f", options.write_seconds / std::max(options.rounds, 1))
        << " s each after " << absl::FormatDuration(options.warmup)
        << " warm-up; QPS over all slices, p50/p99 the median slice's):\n\n"
        << "| scenario | one call | QPS | p50 ms | p99 ms | baseline | QPS ratio | p50 ratio | "
           "p99 ratio | errors | bench CPU | host busy |\n"
        << "|---|---|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|\n";
    for (const Loaded& l : loads) {
      if (l.slices.empty()) continue;
      const LoadResult& m = l.combined;
      const bool judged = !l.baseline.empty();
      out << absl::StrFormat(
          "| %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %d | %.2f | %.0f%% |\n", l.name, l.what,
          m.qps, Ms(m.p50_us), Ms(m.p99_us), judged ? l.baseline : "—",
          judged ? Ratio(m.qps, base.combined.qps) : "—",
          judged ? Ratio(m.p50_us, base.combined.p50_us) : "—",
          judged ? Ratio(m.p99_us, base.combined.p99_us) : "—", m.errors, l.process_cores,
          l.host_busy * 100);
      if (m.errors > 0 || m.calls == 0) {
        all_met = false;
        errors.push_back(crm::StrCat(l.name, ": ", m.errors, " failed, ", m.calls,
                                     " completed; first: ", m.first_error));
      }
    }
    out << "\n";
  }
  for (const std::string& e : errors) out << e << "\n\n";
  if (!failure.ok()) out << "the writes were not measured: " << failure << "\n\n";
  for (const auto& [name, plan] : plans) {
    out << "EXPLAIN (ANALYZE, BUFFERS) of " << name << ":\n\n" << plan << "\n";
  }
  out.flush();
  if (options.hold_seconds > 0) {
    std::cerr << "holding the bench's database for " << options.hold_seconds
              << " s: " << servers.dsn() << "\n";
    absl::SleepFor(absl::Seconds(options.hold_seconds));
  }
  if (!failure.ok()) return failure;
  if (!errors.empty()) return absl::InternalError(errors.front());
  return all_met;
}

}  // namespace crm::bench
