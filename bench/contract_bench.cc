#include "bench/contract_bench.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
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
#include "libs/clock/business_day.h"
#include "libs/etag/etag.h"
#include "libs/replicas/group/group_subtree_sql.h"
#include "libs/strings/str_cat.h"
#include "pqxx/pqxx"
#include "services/contract/core/contract_scope.h"
#include "services/contract/receivables/receivables_store.h"
#include "services/contract/rules/aging.h"

namespace crm::bench {
namespace {

using contract::v1::ContractService;
namespace v1c = contract::v1;

constexpr char kAgingGroup[] = "contract_aging_group";
constexpr char kAgingOrgUnit[] = "contract_aging_org_unit";
constexpr char kPgSelect[] = "contract_pg_select";
constexpr char kSubmit[] = "contract_submit";
constexpr const char* kOperations[] = {kAgingGroup, kAgingOrgUnit, kPgSelect, kSubmit};

// The targets, judged on the RPC's p50.
constexpr double kAgingGroupTargetUs = 200'000;
constexpr double kAgingOrgUnitTargetUs = 100'000;

// The store's statements (ReceivablesStore::Statements()), by name.
constexpr char kAgingOfGroupSql[] = "contract.receivables_of_group";
constexpr char kAgingOfOrgUnitSql[] = "contract.receivables_of_org_unit";
constexpr char kNodeKnownSql[] = "contract.receivables_node_known";
// What ReceivablesStore::Compute sets in its transaction (SET LOCAL), so the
// SQL side runs the statement as the store does.
const std::vector<std::string>& AgingSettings() {
  static const std::vector<std::string>* const settings =
      new std::vector<std::string>{"jit = off", "work_mem = '64MB'"};
  return *settings;
}

constexpr char kCurrency[] = "CNY";
constexpr char kSubsidiary[] = "sub-east";  // its aging, and its seller's submissions
// Frameworks among the seeded contracts (no milestones of their own).
constexpr double kFrameworkShare = 0.01;
// Each submitted execution: 500,000.00 CNY (one legal approval step), paid
// 30 % after a month and 70 % after five.
constexpr int64_t kExecutionMinor = 50'000'000;
// Drafts of the batch submitted one at a time.
constexpr int kSingles = 200;

std::string Error(const std::exception& e) { return e.what(); }

// ---- seeding ----

// A uniform draw in [0, 1) from `expr` (an integer SQL expression) and a
// seed, the same on every evaluation: the milestones' amounts are summed
// into their contract's before the milestones are written.
std::string Uniform(std::string_view expr, int seed) {
  return crm::StrCat("((hashint8extended((", expr, ")::bigint, ", seed,
                     ") % 1000003 + 1000003) % 1000003 / 1000003.0)");
}

// The amount of milestone `s` of contract number `k`: log-uniform from
// 10,000 to 5,000,000 yuan, in whole 100 yuan.
std::string MilestoneAmount(std::string_view k, std::string_view s) {
  return crm::StrCat("(round(exp(ln(1e6) + ", Uniform(crm::StrCat(k, "::bigint * 128 + ", s), 1),
                     " * ln(500)) / 10000) * 10000)::bigint");
}

// Per contract number k, the draws (random() is volatile: drawn once here).
constexpr char kDraws[] =
    "CREATE TEMP TABLE bench_draws AS"
    " SELECT k, gen_random_uuid() AS id, random() AS r_cust, random() AS r_kind,"
    "  random() AS r_own, random() AS r_unit, random() AS r_user, random() AS r_start,"
    "  random() AS r_len, random() AS r_state"
    " FROM generate_series(1, $1::integer) k";

// $1 contracts, $2 frameworks (numbers 1..$2), $3 customers, $4 today, $5 the
// units' width_bucket thresholds, $6 milestones. Kinds: frameworks, then 40 %
// executions (half of them under a framework: its customer, within its
// validity, its currency), the rest standalone. The customer drawn with a
// skew (random()^1.5); signed by the customer's own unit (85 %) or another.
// Frameworks start 1–2 years ago and run 3 years; others start from 2 years
// ago to 2 months ahead and run 6–18 months. 8 % are not signed (draft 3 %,
// pending 2 %, approved 1 %, rejected 0.5 %) or terminated (1.5 %); the rest
// are SIGNED, ACTIVE or EXPIRED by their dates. 1 % in USD. Milestones per
// non-framework contract: $6 / their number, ± a pair's offset (one gains
// what the other loses), so they come to exactly $6.
constexpr char kContracts[] =
    "CREATE TEMP TABLE bench_contracts AS"
    " SELECT z.*, CASE WHEN z.kind = 1 THEN 0 ELSE"
    "   ($6::bigint / ($1::integer - $2::integer))::integer"
    "   + CASE WHEN z.k - $2::integer <= $6::bigint % ($1::integer - $2::integer) THEN 1 ELSE 0 END"
    "   + CASE WHEN (z.k - $2::integer) % 2 = 1 AND z.k < $1::integer THEN z.d"
    "          WHEN (z.k - $2::integer) % 2 = 0 THEN -z.d ELSE 0 END END AS n_ms"
    " FROM (SELECT x.*,"
    "   CASE WHEN x.r_state < 0.03 THEN 1 WHEN x.r_state < 0.05 THEN 2"
    "    WHEN x.r_state < 0.06 THEN 3 WHEN x.r_state < 0.065 THEN 4 WHEN x.r_state < 0.08 THEN 8"
    "    WHEN x.start_date > $4::date THEN 5 WHEN x.end_date < $4::date THEN 7 ELSE 6"
    "   END AS state,"
    "   (abs(hashint4(((x.k - $2::integer + 1) / 2)::integer)::bigint)"
    "    % (greatest(0, least(2, $6::bigint / ($1::integer - $2::integer) - 1)) + 1))::integer AS d"
    "  FROM (SELECT y.*,"
    "    CASE WHEN y.kind = 1 THEN y.start_date + 1095"
    "     WHEN y.fw_end IS NULL THEN y.start_date + 180 + floor(y.r_len * 360)::integer"
    "     ELSE least(y.fw_end, y.start_date + 180 + floor(y.r_len * 360)::integer) END AS end_date"
    "   FROM (SELECT d.k, d.id, d.r_user, d.r_state, d.r_len,"
    "     CASE WHEN d.k <= $2::integer THEN 1 WHEN d.r_kind < 0.4 THEN 2 ELSE 3 END AS kind,"
    "     f.id AS framework_id, cu.customer_id,"
    "     CASE WHEN d.k <= $2::integer OR d.r_own < 0.85 THEN cu.unit"
    "      ELSE width_bucket(d.r_unit, $5::float8[]) END AS unit,"
    "     CASE WHEN coalesce(f.k, d.k) % 100 = 0 THEN 'USD' ELSE 'CNY' END AS currency_code,"
    "     CASE WHEN d.k <= $2::integer THEN $4::date - 730 + floor(d.r_start * 365)::integer"
    "      WHEN f.k IS NOT NULL THEN $4::date - 730 + floor(f.r_start * 365)::integer"
    "       + floor(d.r_start * 365)::integer"
    "      ELSE $4::date - 730 + floor(d.r_start * 790)::integer END AS start_date,"
    "     CASE WHEN f.k IS NOT NULL"
    "      THEN $4::date - 730 + floor(f.r_start * 365)::integer + 1095 END AS fw_end"
    "    FROM pg_temp.bench_draws d"
    "    LEFT JOIN pg_temp.bench_draws f"
    "     ON d.k > $2::integer AND d.r_kind < 0.2 AND f.k = 1 + d.k % $2::integer"
    "    JOIN pg_temp.bench_customers cu ON cu.n = 1 + floor(power(coalesce(f.r_cust, d.r_cust),"
    "     1.5) * $3::integer)::bigint) y) x) z";

// The contracts of pg_temp.bench_contracts ($1 today), by one of the signing
// unit's sellers; a framework's amount (its ceiling) is set afterwards.
std::string InsertContractsSql() {
  return crm::StrCat(
      "INSERT INTO contract.contracts (id, contract_number, kind, state, title, customer_id,"
      " signing_org_unit, signing_org_unit_path, owner_user, currency_code, amount_minor,"
      " signing_date, start_date, end_date, payment_terms, framework_id, submitter, submit_time,"
      " version, create_time, update_time)"
      " SELECT c.id, 'HT-' || extract(year FROM c.create_time AT TIME ZONE "
      "'Asia/Shanghai')::integer"
      "  || '-' || lpad(c.k::text, 6, '0'), c.kind, c.state,"
      "  CASE c.kind WHEN 1 THEN '框架协议 ' WHEN 2 THEN '执行合同 ' ELSE '销售合同 ' END || c.k,"
      "  c.customer_id, c.unit_name, c.unit_path, c.owner_user, c.currency_code,"
      "  CASE WHEN c.kind = 1 THEN 1 ELSE (SELECT sum(",
      MilestoneAmount("c.k", "s"),
      ") FROM generate_series(1, c.n_ms) s) END,"
      "  CASE WHEN c.state >= 5 THEN least($1::date, c.start_date - 10) END,"
      "  c.start_date, c.end_date, '签约后 30 日内支付首期，其余按里程碑验收后支付',"
      "  c.framework_id, CASE WHEN c.state >= 2 THEN c.owner_user ELSE '' END,"
      "  CASE WHEN c.state >= 2 THEN least(now(), c.create_time + interval '2 days') END,"
      "  1, c.create_time, least(now(), c.create_time + interval '20 days')"
      " FROM (SELECT b.*, u.name AS unit_name, u.path AS unit_path,"
      "   'users/seller-' || lpad((u.first_user + floor(b.r_user * u.users))::integer::text, 3, "
      "'0')"
      "    AS owner_user,"
      "   least(now() - interval '1 day',"
      "    (b.start_date - 30)::timestamp AT TIME ZONE 'Asia/Shanghai') AS create_time"
      "  FROM pg_temp.bench_contracts b JOIN pg_temp.bench_units u ON u.idx = b.unit) c");
}

// The milestones of pg_temp.bench_contracts ($1 today): due in order over
// the contract's term; of signed and later contracts, past-due ones paid the
// less often the more recent (over 90 days: 5 % unpaid, 4 % part-paid;
// 31–90: 15 % and 10 %; 1–30: 40 % and 10 %), ones not yet due 5 % paid in
// advance and 3 % in part; part payments 20–80 %.
std::string InsertMilestonesSql() {
  const std::string partial = "(v.amount * (2 + floor(v.u2 * 7)::integer) / 10)";
  return crm::StrCat(
      "INSERT INTO contract.payment_milestones (contract_id, sequence, due_date, amount_minor,"
      " paid_minor, description, customer_id, signing_org_unit, signing_org_unit_path,"
      " currency_code, receivable, overdue_announced)"
      " SELECT w.id, w.s, w.due_date, w.amount, w.paid, w.description, w.customer_id,"
      "  w.unit_name, w.unit_path, w.currency_code, w.state IN (5, 6, 7),"
      "  w.state IN (5, 6, 7) AND w.due_date < $1::date AND w.paid < w.amount"
      " FROM (SELECT v.*, CASE"
      "    WHEN v.state < 5 THEN 0"
      "    WHEN v.days <= 0 THEN CASE WHEN v.u < 0.05 THEN v.amount WHEN v.u < 0.08 THEN ",
      partial,
      " ELSE 0 END"
      "    WHEN v.u < (CASE WHEN v.days > 90 THEN 0.05 WHEN v.days > 30 THEN 0.15 ELSE 0.40 END)"
      "     THEN 0"
      "    WHEN v.u < (CASE WHEN v.days > 90 THEN 0.09 WHEN v.days > 30 THEN 0.25 ELSE 0.50 END)"
      "     THEN ",
      partial,
      "    ELSE v.amount END AS paid"
      "  FROM (SELECT t.*, $1::date - t.due_date AS days"
      "   FROM (SELECT c.id, s.s, c.state, c.customer_id, c.currency_code, u.name AS unit_name,"
      "     u.path AS unit_path, ",
      MilestoneAmount("c.k", "s.s"),
      " AS amount,"
      "     c.start_date + floor((s.s - 0.7 + 0.4 * ",
      Uniform("c.k::bigint * 128 + s.s", 2),
      ")     * (c.end_date - c.start_date) / c.n_ms)::integer AS due_date,",
      Uniform("c.k::bigint * 128 + s.s", 3), " AS u, ", Uniform("c.k::bigint * 128 + s.s", 4),
      " AS u2,"
      "     (ARRAY['预付款', '到货款', '验收款', '进度款', '质保金'])[1 + s.s % 5] AS description"
      "    FROM pg_temp.bench_contracts c JOIN pg_temp.bench_units u ON u.idx = c.unit"
      "    CROSS JOIN LATERAL generate_series(1, c.n_ms) AS s(s)"
      "    WHERE c.n_ms > 0) t) v) w");
}

// A framework's ceiling: 1.25 × its live executions (at least 10,000,000
// yuan), so the seeded ones are within theirs.
constexpr char kFrameworkCeilings[] =
    "UPDATE contract.contracts f SET amount_minor ="
    "  greatest(1000000000, ceil(coalesce(e.used, 0) * 1.25 / 1000000) * 1000000)::bigint"
    " FROM contract.contracts fw LEFT JOIN (SELECT framework_id, sum(amount_minor) AS used"
    "   FROM contract.contracts WHERE framework_id IS NOT NULL AND state IN (2, 3, 5, 6)"
    "   GROUP BY framework_id) e ON e.framework_id = fw.id"
    " WHERE fw.kind = 1 AND f.id = fw.id";

// One batch of the submissions: a framework ACTIVE since a month (the
// group's root customer, signed by the subsidiary), and drafts of executions
// under it, each for a customer of the group below the root, within its
// validity, with two milestones that add up. The framework: $1 its number,
// $2 the root node, $3 today, $4 the ceiling, $5 the signing unit, $6 its
// path, $7 the owner.
constexpr char kSubmissionFramework[] =
    "INSERT INTO contract.contracts (id, contract_number, kind, state, title, customer_id,"
    " signing_org_unit, signing_org_unit_path, owner_user, currency_code, amount_minor,"
    " signing_date, start_date, end_date, framework_id, submitter, submit_time, version,"
    " create_time, update_time)"
    " SELECT gen_random_uuid(), 'HT-' || extract(year FROM $3::date)::integer || '-'"
    "  || lpad($1::text, 6, '0'), 1, 6, '框架协议（提交基准）' || $1::text, g.customer_id, $5,"
    "  $6::text[], $7, 'CNY', $4::bigint, $3::date - 35, $3::date - 30, $3::date + 335, NULL, $7,"
    "  now() - interval '40 days', 3, now() - interval '40 days', now() - interval '35 days'"
    " FROM contract.replica_group_nodes g WHERE g.node_id = $2::bigint RETURNING id";
// The drafts: $1 the number before the first, $2 how many, $3 today, $4 the
// framework's id, $5 each one's amount, $6 the signing unit, $7 its path, $8
// the owner.
constexpr char kSubmissionDrafts[] =
    "INSERT INTO contract.contracts (id, contract_number, kind, state, title, customer_id,"
    " signing_org_unit, signing_org_unit_path, owner_user, currency_code, amount_minor,"
    " start_date, end_date, framework_id, version, create_time, update_time)"
    " SELECT gen_random_uuid(), 'HT-' || extract(year FROM $3::date)::integer || '-'"
    "  || lpad(($1::integer + g)::text, 6, '0'), 2, 1, '执行合同（提交基准）' || ($1::integer + g),"
    "  gc.customer_id, $6, $7::text[], $8, 'CNY', $5::bigint, $3::date, $3::date + 180,"
    "  $4::uuid, 1, now(), now()"
    " FROM generate_series(1, $2::integer) g"
    " JOIN pg_temp.bench_group_customers gc"
    "  ON gc.rn = 1 + (g::bigint * 7919) % (SELECT count(*) FROM pg_temp.bench_group_customers)"
    " RETURNING id";
constexpr char kSubmissionMilestones[] =
    "INSERT INTO contract.payment_milestones (contract_id, sequence, due_date, amount_minor,"
    " description, customer_id, signing_org_unit, signing_org_unit_path, currency_code)"
    " SELECT c.id, s, CASE s WHEN 1 THEN $2::date + 30 ELSE $2::date + 150 END,"
    "  CASE s WHEN 1 THEN c.amount_minor * 3 / 10 ELSE c.amount_minor - c.amount_minor * 3 / 10 "
    "END,"
    "  CASE s WHEN 1 THEN '预付款' ELSE '验收款' END, c.customer_id, c.signing_org_unit,"
    "  c.signing_org_unit_path, c.currency_code"
    " FROM contract.contracts c CROSS JOIN generate_series(1, 2) s"
    " WHERE c.framework_id = $1::uuid AND c.state = 1";

struct Batch {
  std::string framework;  // contracts/{id}
  std::string framework_id;
  int64_t ceiling = 0;
  int expected_accepted = 0;
  std::vector<std::string> drafts;  // contracts/{id}
};

struct Seeded {
  int64_t root = 0;
  int64_t nodes = 0;
  int64_t group_customers = 0;
  int64_t customers = 0;
  int64_t contracts = 0;
  int64_t receivable_contracts = 0;
  int64_t milestones = 0;
  int64_t open_milestones = 0;
  int64_t overdue_milestones = 0;
  double seed_seconds = 0;
  double vacuum_seconds = 0;
  std::string sizes;  // on disk, tables with their indexes
  std::vector<Batch> batches;
};

bool Wanted(const ContractBenchOptions& options, std::string_view name) {
  return options.filter.empty() || name.find(options.filter) != std::string_view::npos ||
         std::string_view("contract").find(options.filter) != std::string_view::npos;
}

std::string DayText(absl::CivilDay day) { return absl::FormatCivilTime(day); }

absl::StatusOr<Seeded> Seed(pqxx::connection& conn, const ContractBenchOptions& options,
                            absl::CivilDay today) {
  Seeded seeded;
  const auto start = std::chrono::steady_clock::now();
  const auto step = [&start](std::string_view what) {
    std::cerr << absl::StrFormat("  %6.1f s  %s\n", SecondsSince(start), what);
  };
  const int frameworks =
      std::max(1, static_cast<int>(std::lround(options.contracts * kFrameworkShare)));
  const std::string today_text = DayText(today);
  const std::string subsidiary = OrgUnitName(kSubsidiary);
  const std::string subsidiary_path =
      crm::StrCat("{", absl::StrJoin(PathOf(kSubsidiary), ","), "}");
  const std::string owner = SellerName(FirstUserOf(kSubsidiary));
  try {
    pqxx::work tx(conn);
    const bool superuser =
        tx.exec1("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")[0].as<bool>();
    // The rows are consistent by construction; as a superuser skip the
    // per-row foreign-key checks of a million milestones.
    if (superuser) tx.exec0("SET LOCAL session_replication_role = replica");
    tx.exec0("SET LOCAL maintenance_work_mem = '256MB'");
    tx.exec0("SET LOCAL synchronous_commit = off");
    tx.exec("SELECT setseed(0.16)");

    step(crm::StrCat("the group of ", options.customers, " nodes and as many customers"));
    seeded.root = SeedSellersAndCustomers(tx, "contract", options.customers);

    // Indexes are built once after the rows, not kept up to date row by row
    // (the contract number's unique constraint stays).
    std::vector<std::string> indexes;
    for (const pqxx::row& row : tx.exec(
             "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
             " JOIN pg_class c ON c.oid = i.indexrelid"
             " WHERE i.indrelid IN ('contract.contracts'::regclass,"
             "   'contract.payment_milestones'::regclass) AND NOT i.indisprimary"
             " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)")) {
      tx.exec0(crm::StrCat("DROP INDEX contract.", tx.quote_name(row[0].c_str())));
      indexes.push_back(row[1].c_str());
    }

    step(crm::StrCat(options.contracts, " contracts: draws"));
    tx.exec_params0(kDraws, options.contracts);
    tx.exec0("CREATE UNIQUE INDEX ON pg_temp.bench_draws (k)");
    tx.exec0("ANALYZE pg_temp.bench_draws");
    step("contracts: their facts");
    tx.exec_params0(kContracts, options.contracts, frameworks, options.customers, today_text,
                    UnitThresholds(), int64_t{options.milestones});
    tx.exec0("ANALYZE pg_temp.bench_contracts");
    step("contracts: the rows");
    tx.exec_params0(InsertContractsSql(), today_text);
    step(crm::StrCat(options.milestones, " payment milestones"));
    tx.exec_params0(InsertMilestonesSql(), today_text);
    step("the frameworks' ceilings");
    tx.exec0(kFrameworkCeilings);
    step("the submissions' frameworks and drafts");

    // The submissions' frameworks and drafts.
    tx.exec_params0(
        "CREATE TEMP TABLE bench_group_customers AS SELECT row_number() OVER (ORDER BY node_id)"
        " AS rn, customer_id FROM contract.replica_group_nodes"
        " WHERE root_id = $1 AND node_id <> $1 AND customer_id IS NOT NULL",
        seeded.root);
    // One batch per round, and a last smaller one submitted one call at a
    // time (the cost of one submission without waiting for the lock).
    const int rounds = Wanted(options, kSubmit) ? std::max(options.rounds, 1) + 1 : 0;
    int64_t number = options.contracts;
    for (int round = 0; round < rounds; ++round) {
      const int per_batch =
          round + 1 < rounds
              ? std::max(options.submissions / std::max(options.rounds, 1), 1)
              : std::min(std::max(options.submissions / std::max(options.rounds, 1), 1), kSingles);
      Batch batch;
      batch.expected_accepted = static_cast<int>(std::lround(per_batch * options.accepted_share));
      // Room for exactly that many, and half of one more.
      batch.ceiling = batch.expected_accepted * kExecutionMinor + kExecutionMinor / 2;
      const int64_t framework_number = ++number;
      batch.framework_id =
          tx.exec_params1(kSubmissionFramework, framework_number, seeded.root, today_text,
                          batch.ceiling, subsidiary, subsidiary_path, owner)[0]
              .c_str();
      batch.framework = crm::StrCat("contracts/", batch.framework_id);
      for (const pqxx::row& row : tx.exec_params(kSubmissionDrafts, framework_number, per_batch,
                                                 today_text, batch.framework_id, kExecutionMinor,
                                                 subsidiary, subsidiary_path, owner)) {
        batch.drafts.push_back(crm::StrCat("contracts/", row[0].c_str()));
      }
      number += per_batch;
      tx.exec_params0(kSubmissionMilestones, batch.framework_id, today_text);
      seeded.batches.push_back(std::move(batch));
    }
    // Numbers the service gives next follow the seeded ones.
    tx.exec0(
        "INSERT INTO contract.contract_numbers (year, last_number)"
        " SELECT split_part(contract_number, '-', 2)::integer,"
        "  max(split_part(contract_number, '-', 3)::bigint) FROM contract.contracts GROUP BY 1"
        " ON CONFLICT (year) DO UPDATE SET last_number ="
        "  greatest(contract.contract_numbers.last_number, excluded.last_number)");

    step(crm::StrCat(indexes.size(), " indexes"));
    for (const std::string& index : indexes) tx.exec0(index);
    step("commit");
    tx.commit();
  } catch (const std::exception& e) {
    return absl::InternalError(crm::StrCat("seeding the contracts: ", Error(e)));
  }
  seeded.seed_seconds = SecondsSince(start);
  try {
    const auto vacuum_start = std::chrono::steady_clock::now();
    pqxx::nontransaction tx(conn);
    for (const char* table :
         {"contract.contracts", "contract.payment_milestones", "contract.replica_customers",
          "contract.replica_group_nodes", "contract.contract_numbers"}) {
      tx.exec0(crm::StrCat("VACUUM ANALYZE ", table));
    }
    seeded.vacuum_seconds = SecondsSince(vacuum_start);
    const pqxx::row counts = tx.exec_params1(
        "SELECT (SELECT count(*) FROM contract.replica_group_nodes),"
        " (SELECT count(customer_id) FROM contract.replica_group_nodes),"
        " (SELECT count(*) FROM contract.replica_customers),"
        " (SELECT count(*) FROM contract.contracts),"
        " (SELECT count(*) FROM contract.contracts WHERE state IN (5, 6, 7)),"
        " (SELECT count(*) FROM contract.payment_milestones),"
        " (SELECT count(*) FROM contract.payment_milestones"
        "   WHERE receivable AND outstanding_minor > 0),"
        " (SELECT count(*) FROM contract.payment_milestones"
        "   WHERE receivable AND outstanding_minor > 0 AND due_date < $1::date)",
        today_text);
    seeded.nodes = counts[0].as<int64_t>();
    seeded.group_customers = counts[1].as<int64_t>();
    seeded.customers = counts[2].as<int64_t>();
    seeded.contracts = counts[3].as<int64_t>();
    seeded.receivable_contracts = counts[4].as<int64_t>();
    seeded.milestones = counts[5].as<int64_t>();
    seeded.open_milestones = counts[6].as<int64_t>();
    seeded.overdue_milestones = counts[7].as<int64_t>();
    std::vector<std::string> sizes;
    for (const char* table : {"contracts", "payment_milestones"}) {
      const pqxx::row size = tx.exec_params1(
          "SELECT pg_size_pretty(pg_table_size($1::regclass)),"
          " pg_size_pretty(pg_indexes_size($1::regclass))",
          crm::StrCat("contract.", table));
      sizes.push_back(crm::StrCat(table, " ", size[0].c_str(), " + indexes ", size[1].c_str()));
    }
    seeded.sizes = absl::StrJoin(sizes, ", ");
  } catch (const std::exception& e) {
    return absl::InternalError(crm::StrCat("vacuuming the contracts: ", Error(e)));
  }
  return seeded;
}

// ---- aging, one call at a time ----

struct Read {
  std::string name;
  std::string what;  // the call and who makes it
  int64_t rows = 0;  // open milestones summed (in the report's currency)
  std::string figures;
  LatencyStats rpc, sql;
  double target_us = 0;
  double host_busy = 0;
  std::string mismatch;  // the RPC disagreed with the SQL
};

struct AgingArgs {
  const char* statement;
  std::string target;  // the node id, or the org unit's name
  auth::DataScope scope;
  std::string today;
};

std::vector<std::string> ParamsOf(const AgingArgs& args) {
  return {args.target, args.scope.all ? "true" : "false",
          auth::TextArrayLiteral(args.scope.org_units), args.today, kCurrency};
}

// What the store's statement returns: the row as text (receivable sum in
// column 2, open count in 1, other currencies in 0, the buckets' count and
// sum from column 6 on).
absl::Status SqlAging(pqxx::connection& conn, const AgingArgs& args, pqxx::row* out) {
  try {
    pqxx::work tx(conn);
    for (const std::string& setting : AgingSettings()) tx.exec0(crm::StrCat("SET LOCAL ", setting));
    if (args.statement == std::string_view(kAgingOfGroupSql)) {
      if (!tx.exec_prepared1(kNodeKnownSql, args.target)[0].as<bool>()) {
        return absl::InternalError("the group node is not in the replica");
      }
    }
    const pqxx::row row =
        tx.exec_prepared1(args.statement, args.target, args.scope.all,
                          auth::TextArrayLiteral(args.scope.org_units), args.today, kCurrency);
    tx.commit();
    if (out != nullptr) *out = row;
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return absl::InternalError(crm::StrCat("aging SQL: ", Error(e)));
  }
}

absl::Status RpcAging(ContractService::Stub& stub, const std::string& principal,
                      const v1c::GetAgingReportRequest& request, v1c::AgingReport& report) {
  grpc::ClientContext context;
  Decorate(context, principal);
  report.Clear();
  if (grpc::Status s = stub.GetAgingReport(&context, request, &report); !s.ok()) {
    return FromGrpc(s, "GetAgingReport");
  }
  if (report.buckets_size() != static_cast<int>(contract::kAgingBuckets.size())) {
    return absl::InternalError(
        crm::StrCat("GetAgingReport gave ", report.buckets_size(), " buckets"));
  }
  return absl::OkStatus();
}

// The open amount in the report's currency by a plain sum over the same
// target and scope, written independently of the store's statement: the
// check that the report counted every milestone once.
absl::StatusOr<std::pair<int64_t, int64_t>> PlainOpen(pqxx::connection& conn,
                                                      const AgingArgs& args) {
  const std::string target =
      args.statement == std::string_view(kAgingOfGroupSql)
          ? replicas::GroupSubtreePredicate("contract", "m.customer_id", 1)
          : std::string(
                "(m.signing_org_unit_path @> ARRAY[$1::text] OR EXISTS (SELECT 1"
                " FROM contract.replica_customers rc WHERE rc.customer_id = m.customer_id"
                " AND (rc.owner_org_unit = $1 OR $1 = ANY (rc.account_team))))");
  try {
    pqxx::nontransaction tx(conn);
    const pqxx::row row = tx.exec_params1(
        crm::StrCat("SELECT count(*), coalesce(sum(m.outstanding_minor), 0)::bigint"
                    " FROM contract.payment_milestones m"
                    " WHERE m.receivable AND m.outstanding_minor > 0 AND m.currency_code = $4 AND ",
                    target, " AND ", contract::MilestoneInScope(2, 3)),
        args.target, args.scope.all, auth::TextArrayLiteral(args.scope.org_units), kCurrency);
    return std::pair{row[0].as<int64_t>(), row[1].as<int64_t>()};
  } catch (const std::exception& e) {
    return absl::InternalError(crm::StrCat("the plain sum: ", Error(e)));
  }
}

std::string Yuan(int64_t minor) {
  return absl::StrFormat("%.2f", static_cast<double>(minor) / 100.0);
}

// Compares one report with the store's row and the plain sum; fills
// `read.figures` and `read.rows`, or `read.mismatch`.
void CheckAging(pqxx::connection& conn, const AgingArgs& args, const v1c::AgingReport& report,
                const pqxx::row& sql, Read& read) {
  std::vector<std::string> wrong;
  const int64_t rpc_open = report.not_due().minor_units() + report.total_overdue().minor_units();
  if (sql[2].as<int64_t>() != rpc_open) {
    wrong.push_back(crm::StrCat("open ", rpc_open, " against the statement's ", sql[2].c_str()));
  }
  if (sql[4].as<int64_t>() != report.total_overdue().minor_units()) {
    wrong.push_back(crm::StrCat("overdue ", report.total_overdue().minor_units(),
                                " against the statement's ", sql[4].c_str()));
  }
  if (sql[0].as<int64_t>() != report.other_currency_count()) {
    wrong.push_back(crm::StrCat("other currencies ", report.other_currency_count(),
                                " against the statement's ", sql[0].c_str()));
  }
  std::vector<std::string> buckets;
  int64_t bucket_sum = 0;
  for (int i = 0; i < static_cast<int>(contract::kAgingBuckets.size()); ++i) {
    const v1c::AgingBucket& b = report.buckets(i);
    bucket_sum += b.amount().minor_units();
    if (b.label() != contract::kAgingBuckets[i].label ||
        b.amount().minor_units() != sql[7 + 2 * i].as<int64_t>() ||
        b.milestone_count() != sql[6 + 2 * i].as<int64_t>()) {
      wrong.push_back(crm::StrCat("bucket ", b.label(), " ", b.milestone_count(), " / ",
                                  b.amount().minor_units(), " against the statement's ",
                                  sql[6 + 2 * i].c_str(), " / ", sql[7 + 2 * i].c_str()));
    }
    buckets.push_back(absl::StrFormat("%s: %d, %s", b.label(), b.milestone_count(),
                                      Yuan(b.amount().minor_units())));
  }
  if (bucket_sum != report.total_overdue().minor_units()) {
    wrong.push_back(crm::StrCat("the buckets add up to ", bucket_sum, ", total_overdue is ",
                                report.total_overdue().minor_units()));
  }
  absl::StatusOr<std::pair<int64_t, int64_t>> plain = PlainOpen(conn, args);
  if (!plain.ok()) {
    wrong.push_back(std::string(plain.status().message()));
  } else {
    read.rows = plain->first;
    if (plain->second != rpc_open) {
      wrong.push_back(crm::StrCat("open ", rpc_open, " against a plain sum's ", plain->second));
    }
  }
  read.figures =
      crm::StrCat("not due ", Yuan(report.not_due().minor_units()), "; overdue ",
                  Yuan(report.total_overdue().minor_units()), " (", absl::StrJoin(buckets, "; "),
                  "); ", report.other_currency_count(), " in other currencies");
  if (!wrong.empty()) read.mismatch = absl::StrJoin(wrong, "; ");
}

// ---- submissions ----

struct Submitted {
  int64_t accepted = 0;
  int64_t refused = 0;  // FAILED_PRECONDITION naming the ceiling
  int64_t failed = 0;   // anything else
  std::string first_failure;
  std::string first_refusal;
  std::vector<double> accepted_us, refused_us;
  double seconds = 0;
  CpuUsage cpu;
};

// Submits every draft of `batch`, `in_flight` calls at a time (one thread
// each, blocking calls), as `principal`.
Submitted SubmitAll(ContractService::Stub& stub, const std::string& principal, const Batch& batch,
                    int in_flight, int64_t& request_counter) {
  Submitted out;
  std::mutex mu;
  std::atomic<size_t> next{0};
  const int64_t first_request = request_counter;
  request_counter += static_cast<int64_t>(batch.drafts.size());
  const std::string etag = EtagOf(1);
  const CpuMeter cpu;
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < in_flight; ++t) {
    threads.emplace_back([&] {
      for (size_t i = next++; i < batch.drafts.size(); i = next++) {
        v1c::SubmitContractRequest request;
        request.set_name(batch.drafts[i]);
        request.set_etag(etag);
        request.set_comment("基准提交");
        request.set_request_id(crm::StrCat("bench-submit-", first_request + i));
        v1c::Contract response;
        grpc::ClientContext context;
        Decorate(context, principal);
        const auto call_start = std::chrono::steady_clock::now();
        const grpc::Status s = stub.SubmitContract(&context, request, &response);
        const double us =
            std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - call_start)
                .count();
        std::lock_guard<std::mutex> lock(mu);
        if (s.ok() && response.state() == v1c::PENDING_APPROVAL) {
          ++out.accepted;
          out.accepted_us.push_back(us);
        } else if (s.error_code() == grpc::StatusCode::FAILED_PRECONDITION &&
                   s.error_message().find("ceiling") != std::string::npos) {
          ++out.refused;
          out.refused_us.push_back(us);
          if (out.first_refusal.empty()) out.first_refusal = s.error_message();
        } else {
          ++out.failed;
          if (out.first_failure.empty()) {
            out.first_failure =
                s.ok() ? crm::StrCat("SubmitContract ", batch.drafts[i], " left it in state ",
                                     v1c::ContractState_Name(response.state()))
                       : crm::StrCat("SubmitContract ", batch.drafts[i], ": code ",
                                     static_cast<int>(s.error_code()), ", ", s.error_message());
          }
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  out.seconds = SecondsSince(start);
  out.cpu = cpu.Read();
  return out;
}

// The framework's live executions by SQL, and its used/remaining through
// GetContract: "" when the ceiling held and exactly the expected number got
// through, else what is wrong.
std::string CheckCeiling(pqxx::connection& conn, ContractService::Stub& stub,
                         const std::string& principal, const Batch& batch,
                         const Submitted& submitted, std::string& facts) {
  std::vector<std::string> wrong;
  int64_t live = 0, used = 0;
  try {
    pqxx::nontransaction tx(conn);
    const pqxx::row row = tx.exec_params1(
        "SELECT count(*), coalesce(sum(amount_minor), 0)::bigint FROM contract.contracts"
        " WHERE framework_id = $1::uuid AND state IN (2, 3, 5, 6)",
        batch.framework_id);
    live = row[0].as<int64_t>();
    used = row[1].as<int64_t>();
  } catch (const std::exception& e) {
    return crm::StrCat("reading the live executions: ", Error(e));
  }
  if (used > batch.ceiling) {
    wrong.push_back(crm::StrCat("Σ live executions ", Yuan(used), " exceeds the ceiling ",
                                Yuan(batch.ceiling)));
  }
  if (live != batch.expected_accepted || submitted.accepted != batch.expected_accepted) {
    wrong.push_back(crm::StrCat(submitted.accepted, " accepted and ", live,
                                " live executions, expected exactly ", batch.expected_accepted));
  }
  const int64_t refused_expected =
      static_cast<int64_t>(batch.drafts.size()) - batch.expected_accepted;
  if (submitted.refused != refused_expected) {
    wrong.push_back(
        crm::StrCat(submitted.refused, " refused for the ceiling, expected ", refused_expected));
  }
  grpc::ClientContext context;
  Decorate(context, principal);
  v1c::GetContractRequest request;
  request.set_name(batch.framework);
  v1c::Contract framework;
  if (grpc::Status s = stub.GetContract(&context, request, &framework); !s.ok()) {
    wrong.push_back(crm::StrCat("GetContract of the framework: ", s.error_message()));
  } else {
    if (framework.framework_used().minor_units() != used ||
        framework.framework_remaining().minor_units() != batch.ceiling - used) {
      wrong.push_back(crm::StrCat("GetContract shows used ",
                                  Yuan(framework.framework_used().minor_units()), " and remaining ",
                                  Yuan(framework.framework_remaining().minor_units()),
                                  "; expected ", Yuan(used), " and ", Yuan(batch.ceiling - used)));
    }
  }
  facts = absl::StrFormat(
      "ceiling %s CNY, %d live executions using %s, %s remaining (GetContract: %s / %s)",
      Yuan(batch.ceiling), live, Yuan(used), Yuan(batch.ceiling - used),
      Yuan(framework.framework_used().minor_units()),
      Yuan(framework.framework_remaining().minor_units()));
  return absl::StrJoin(wrong, "; ");
}

std::function<void(grpc::ClientContext&)> WithPrincipal(const std::string& principal) {
  return [principal](grpc::ClientContext& context) {
    context.AddMetadata(auth::kPrincipalMetadataKey, principal);
  };
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0 : values[values.size() / 2];
}

}  // namespace

bool ContractSelected(const std::string& filter) {
  if (filter.empty() || std::string_view("contract").find(filter) != std::string_view::npos) {
    return true;
  }
  for (const char* name : kOperations) {
    if (std::string_view(name).find(filter) != std::string_view::npos) return true;
  }
  return false;
}

absl::StatusOr<bool> RunContractBench(BenchServers& servers, const ContractBenchOptions& options,
                                      std::ostream& out) {
  // `conn` runs the store's statements prepared, as the service's pool does.
  std::unique_ptr<pqxx::connection> conn;
  try {
    conn = std::make_unique<pqxx::connection>(servers.dsn());
    // The aggregate statements as SqlFor gives them (the text the store's
    // pool prepares), under the store's names; the node lookup from
    // Statements().
    using Target = contract::ReceivablesQuery::Target;
    conn->prepare(kAgingOfGroupSql, contract::ReceivablesStore::SqlFor(Target::kGroup));
    conn->prepare(kAgingOfOrgUnitSql, contract::ReceivablesStore::SqlFor(Target::kOrgUnit));
    bool node_known = false;
    for (const pg::PreparedStatement& statement : contract::ReceivablesStore::Statements()) {
      if (statement.name != kNodeKnownSql) continue;
      conn->prepare(std::string(statement.name), std::string(statement.sql));
      node_known = true;
    }
    if (!node_known) {
      return absl::FailedPreconditionError(
          crm::StrCat("ReceivablesStore::Statements() has no statement ", kNodeKnownSql));
    }
  } catch (const std::exception& e) {
    return absl::UnavailableError(crm::StrCat("contract SQL connection: ", Error(e)));
  }
  const absl::CivilDay today = clock::BusinessDayOf(absl::Now());
  const std::string today_text = DayText(today);
  std::cerr << "seeding " << options.milestones << " milestones over " << options.contracts
            << " contracts of " << options.customers << " customers...\n";
  absl::StatusOr<Seeded> seeded = Seed(*conn, options, today);
  if (!seeded.ok()) return seeded.status();
  const Seeded& d = *seeded;
  std::cerr << absl::StrFormat("  seeded in %.1f s, VACUUM ANALYZE %.1f s\n", d.seed_seconds,
                               d.vacuum_seconds);

  std::vector<std::string> notes;
  notes.push_back(absl::StrFormat(
      "seeded with SQL (generate_series) in one transaction in %.1f s (indexes dropped and "
      "rebuilt from their own definitions), then VACUUM ANALYZE in %.1f s: %d contracts (%d "
      "signed, active or expired), %d payment milestones (%d open and receivable, %d of them "
      "past due on %s), %d customers in the customer replica, the group nodes/%d of %d nodes "
      "(%d of them customers) in the group replica; %s",
      d.seed_seconds, d.vacuum_seconds, d.contracts, d.receivable_contracts, d.milestones,
      d.open_milestones, d.overdue_milestones, today_text, d.customers, d.root, d.nodes,
      d.group_customers, d.sizes));

  ContractService::Stub& stub = servers.contract();
  pqxx::connection& c = *conn;
  const PairOptions pair_options{.seconds = options.read_seconds,
                                 .min_pairs = options.min_pairs,
                                 .max_pairs = options.max_pairs};
  std::vector<Read> reads;
  std::vector<std::pair<std::string, std::string>> plans;
  bool all_met = true;
  absl::Status failure;

  const auto measure = [&](Read read, const AgingArgs& args, const std::string& principal,
                           const v1c::GetAgingReportRequest& request) {
    std::cerr << "  " << read.name << "\n";
    v1c::AgingReport report;
    pqxx::row row;
    const Paired paired = AlternateCalls([&] { return RpcAging(stub, principal, request, report); },
                                         [&] { return SqlAging(c, args, &row); }, pair_options);
    read.rpc = paired.rpc;
    read.sql = paired.sql;
    read.host_busy = paired.host_busy;
    if (read.rpc.errors == 0 && read.sql.errors == 0) CheckAging(c, args, report, row, read);
    absl::StatusOr<std::string> plan =
        ExplainPrepared(c, args.statement, ParamsOf(args), AgingSettings());
    plans.emplace_back(
        crm::StrCat(read.name, " (", args.statement, ", prepared, as the pool runs it)"),
        plan.ok() ? *std::move(plan) : crm::StrCat("    ", plan.status().ToString(), "\n"));
    reads.push_back(std::move(read));
  };
  if (Wanted(options, kAgingGroup)) {
    v1c::GetAgingReportRequest request;
    request.set_group(crm::StrCat("nodes/", d.root));
    measure(
        Read{.name = kAgingGroup,
             .what = crm::StrCat("GetAgingReport group nodes/", d.root, " (the root of the ",
                                 d.nodes, "-node group), as HQ"),
             .target_us = kAgingGroupTargetUs},
        AgingArgs{kAgingOfGroupSql, crm::StrCat(d.root), auth::DataScope{.all = true}, today_text},
        servers.principal(), request);
  }
  const std::string subsidiary = OrgUnitName(kSubsidiary);
  if (Wanted(options, kAgingOrgUnit)) {
    const auth::v1::Principal finance =
        Seller(FirstUserOf(kSubsidiary) + 1, kSubsidiary, {"finance"});
    v1c::GetAgingReportRequest request;
    request.set_org_unit(subsidiary);
    measure(Read{.name = kAgingOrgUnit,
                 .what = crm::StrCat("GetAgingReport org_unit ", subsidiary, ", as ",
                                     finance.user(), " (finance) of it (scope ",
                                     absl::StrJoin(finance.scope_org_units(), " + "), ")"),
                 .target_us = kAgingOrgUnitTargetUs},
            AgingArgs{kAgingOfOrgUnitSql, subsidiary, auth::ScopeOf(finance), today_text},
            Sign(finance), request);
  }

  // ---- submissions at N in flight, beside the raw-SELECT baseline ----
  const bool submissions = Wanted(options, kSubmit) || Wanted(options, kPgSelect);
  const auth::v1::Principal seller = Seller(FirstUserOf(kSubsidiary), kSubsidiary);
  const std::string submitter = Sign(seller);
  std::vector<LoadResult> baseline_slices;
  std::vector<CpuUsage> baseline_cpu;
  std::vector<Submitted> batches;
  std::optional<Submitted> single;  // the last batch, one call at a time
  std::vector<std::string> errors;
  std::vector<std::string> ceiling_notes;
  bool ceiling_held = true;
  if (submissions && failure.ok()) {
    auto customer_ids = std::make_shared<std::vector<std::string>>();
    try {
      pqxx::nontransaction tx(c);
      for (const pqxx::row& row : tx.exec("SELECT id::text FROM customer.customers LIMIT 1000")) {
        customer_ids->push_back(row[0].c_str());
      }
    } catch (const std::exception& e) {
      return absl::InternalError(crm::StrCat("reading the baseline's customers: ", Error(e)));
    }
    if (customer_ids->empty()) {
      // The customer part did not run: the baseline needs rows to find.
      std::cerr << "  seeding 1000 customers for the pg_select baseline\n";
      absl::StatusOr<std::vector<std::string>> ids =
          SeedCustomers(servers.uncached(), servers.principal(), 1000);
      if (!ids.ok()) return ids.status();
      *customer_ids = *std::move(ids);
    }
    v1::BenchService::Stub& bench = servers.baseline();
    const std::string hq = servers.principal();
    const CallFactory pg_select = [&bench, hq, customer_ids](int slot) {
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
    };
    LoadOptions load;
    load.in_flight = options.in_flight;
    load.warmup = options.warmup;
    const size_t rounds =
        d.batches.empty() ? static_cast<size_t>(std::max(options.rounds, 1)) : d.batches.size() - 1;
    load.duration = absl::Seconds(options.baseline_seconds / rounds);
    int64_t request_counter = 0;
    for (size_t round = 0; round < rounds; ++round) {
      std::cerr << "  " << kPgSelect << " at " << options.in_flight << " in flight, round "
                << round + 1 << "\n";
      const CpuMeter cpu;
      baseline_slices.push_back(RunClosedLoop(pg_select, load));
      baseline_cpu.push_back(cpu.Read());
      if (!Wanted(options, kSubmit)) continue;
      const Batch& batch = d.batches[round];
      std::cerr << "  " << kSubmit << ": " << batch.drafts.size() << " drafts at "
                << options.in_flight << " in flight against " << batch.framework << ", round "
                << round + 1 << "\n";
      batches.push_back(SubmitAll(stub, submitter, batch, options.in_flight, request_counter));
      std::string facts;
      const std::string wrong = CheckCeiling(c, stub, submitter, batch, batches.back(), facts);
      if (!wrong.empty() || batches.back().failed > 0) ceiling_held = false;
      ceiling_notes.push_back(crm::StrCat(
          "round ", round + 1, " (", batch.framework, "): ", batch.drafts.size(), " drafts of ",
          Yuan(kExecutionMinor), " CNY, ", batches.back().accepted, " accepted, ",
          batches.back().refused, " refused, ", batches.back().failed, " failed; ", facts, " — ",
          wrong.empty() ? "held" : crm::StrCat("NOT HELD: ", wrong)));
    }
    if (!d.batches.empty()) {
      const Batch& batch = d.batches.back();
      std::cerr << "  " << kSubmit << ": " << batch.drafts.size()
                << " drafts one at a time against " << batch.framework << "\n";
      single = SubmitAll(stub, submitter, batch, 1, request_counter);
      std::string facts;
      const std::string wrong = CheckCeiling(c, stub, submitter, batch, *single, facts);
      if (!wrong.empty() || single->failed > 0) ceiling_held = false;
      if (!single->first_failure.empty()) {
        errors.push_back(crm::StrCat(kSubmit, " (1 in flight): ", single->failed,
                                     " failed, first: ", single->first_failure));
      }
      ceiling_notes.push_back(crm::StrCat(
          "one at a time (", batch.framework, "): ", batch.drafts.size(), " drafts, ",
          single->accepted, " accepted, ", single->refused, " refused, ", single->failed,
          " failed; ", facts, " — ", wrong.empty() ? "held" : crm::StrCat("NOT HELD: ", wrong)));
    }
  }

  // ---- the section ----
  out << "#### Contracts and receivables (contract service)\n\n";
  for (const std::string& note : notes) out << "- " << note << "\n";
  out << "- aging: one call at a time, the RPC direct to the service with a signed principal, "
         "alternating call by call with the store's own prepared statement "
         "(ReceivablesStore::SqlFor, the text its pool prepares, in a transaction with the store's "
         "SET LOCAL jit = off "
         "and work_mem = '64MB'; for a group also its node lookup) on one libpqxx connection in "
         "this process (the one aggregate row received); as of "
      << today_text
      << " (Asia/Shanghai); `open` is the number of open milestones in CNY the report sums, "
         "checked against the statement's row and a plain sum written independently; with "
         "under 100 calls p99 is the slowest\n\n";
  out << "| operation | one call | open | RPC p50 ms | RPC p99 ms | SQL p50 ms | SQL p99 ms | "
         "RPC ÷ SQL (p50) | n | target (RPC p50) | result | host busy |\n"
      << "|---|---|--:|--:|--:|--:|--:|--:|--:|---|---|--:|\n";
  for (const Read& r : reads) {
    const std::string verdict = PairedVerdict(r.rpc, r.sql, r.mismatch, r.target_us);
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
  for (const Read& r : reads) {
    if (!r.figures.empty()) out << "- " << r.name << ": " << r.figures << "\n";
    if (!r.mismatch.empty()) out << "- " << r.name << " WRONG FIGURES: " << r.mismatch << "\n";
  }
  out << "\n";

  if (!baseline_slices.empty()) {
    LoadResult base;
    std::vector<double> p50, p99;
    double base_cores = 0, base_busy = 0;
    for (size_t i = 0; i < baseline_slices.size(); ++i) {
      base.calls += baseline_slices[i].calls;
      base.errors += baseline_slices[i].errors;
      base.seconds += baseline_slices[i].seconds;
      p50.push_back(baseline_slices[i].p50_us);
      p99.push_back(baseline_slices[i].p99_us);
      base_cores += baseline_cpu[i].process_cores / baseline_slices.size();
      base_busy += baseline_cpu[i].host_busy / baseline_slices.size();
      if (base.first_error.empty()) base.first_error = baseline_slices[i].first_error;
    }
    base.qps = base.seconds > 0 ? base.calls / base.seconds : 0;
    base.p50_us = Median(p50);
    base.p99_us = Median(p99);
    if (base.errors > 0 || base.calls == 0) {
      errors.push_back(crm::StrCat(kPgSelect, ": ", base.errors, " failed, ", base.calls,
                                   " completed; first: ", base.first_error));
    }
    out << "At " << options.in_flight << " calls in flight, in " << baseline_slices.size()
        << " rounds: a slice of the baseline ("
        << absl::StrFormat("%.1f", options.baseline_seconds / baseline_slices.size()) << " s after "
        << absl::FormatDuration(options.warmup)
        << " warm-up), then one batch of submissions against a fresh framework; the "
           "submissions' calls/s over all batches' wall time, p50/p99 over all their calls:\n\n"
        << "| scenario | one call | calls | calls/s | p50 ms | p99 ms | baseline | calls/s ratio | "
           "p50 ratio | p99 ratio | bench CPU | host busy |\n"
        << "|---|---|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|\n";
    out << absl::StrFormat(
        "| %s | the raw-SELECT RPC: one primary-key SELECT of a customer "
        "(BenchService.PgSelect) | %d | %.0f | %s | %s | — | — | — | — | %.2f | %.0f%% |\n",
        kPgSelect, base.calls, base.qps, Ms(base.p50_us), Ms(base.p99_us), base_cores,
        base_busy * 100);
    if (!batches.empty()) {
      std::vector<double> all_us, accepted_us, refused_us;
      int64_t calls = 0, accepted = 0, refused = 0, failed = 0;
      double seconds = 0, cores = 0, busy = 0;
      for (const Submitted& b : batches) {
        all_us.insert(all_us.end(), b.accepted_us.begin(), b.accepted_us.end());
        all_us.insert(all_us.end(), b.refused_us.begin(), b.refused_us.end());
        accepted_us.insert(accepted_us.end(), b.accepted_us.begin(), b.accepted_us.end());
        refused_us.insert(refused_us.end(), b.refused_us.begin(), b.refused_us.end());
        accepted += b.accepted;
        refused += b.refused;
        failed += b.failed;
        calls += b.accepted + b.refused + b.failed;
        seconds += b.seconds;
        cores += b.cpu.process_cores / batches.size();
        busy += b.cpu.host_busy / batches.size();
        if (!b.first_failure.empty()) {
          errors.push_back(
              crm::StrCat(kSubmit, ": ", b.failed, " failed, first: ", b.first_failure));
        }
      }
      const LatencyStats all = LatencyOf(all_us);
      const LatencyStats acc = LatencyOf(accepted_us);
      const LatencyStats ref = LatencyOf(refused_us);
      const double rate = seconds > 0 ? calls / seconds : 0;
      out << absl::StrFormat(
          "| %s | SubmitContract of a draft execution (500,000.00 CNY, two milestones) by %s of "
          "%s against the batch's framework: lock, milestones add up, the framework locked, its "
          "group, validity and ceiling (Σ live executions), approval steps, history, event, "
          "request log, commit; %d accepted, %d refused (FAILED_PRECONDITION, ceiling), %d "
          "failed | %d | %.0f | %s | %s | %s | %s | %s | %s | %.2f | %.0f%% |\n",
          kSubmit, seller.user(), subsidiary, accepted, refused, failed, calls, rate,
          Ms(all.p50_us), Ms(all.p99_us), kPgSelect, Ratio(rate, base.qps),
          Ratio(all.p50_us, base.p50_us), Ratio(all.p99_us, base.p99_us), cores, busy * 100);
      out << "\n";
      out << absl::StrFormat(
          "- accepted submissions: p50 %s ms, p99 %s ms (%d); refused ones: p50 %s ms, p99 %s "
          "ms (%d)\n",
          Ms(acc.p50_us), Ms(acc.p99_us), acc.count, Ms(ref.p50_us), Ms(ref.p99_us), ref.count);
      if (single.has_value()) {
        const LatencyStats one = LatencyOf(single->accepted_us);
        const LatencyStats one_refused = LatencyOf(single->refused_us);
        out << absl::StrFormat(
            "- one call at a time (a last batch of %d drafts against its own framework): %.0f "
            "calls/s; accepted p50 %s ms, p99 %s ms (%d); refused p50 %s ms, p99 %s ms (%d); host "
            "busy %.0f%%\n",
            single->accepted + single->refused + single->failed,
            single->seconds > 0
                ? (single->accepted + single->refused + single->failed) / single->seconds
                : 0.0,
            Ms(one.p50_us), Ms(one.p99_us), one.count, Ms(one_refused.p50_us),
            Ms(one_refused.p99_us), one_refused.count, single->cpu.host_busy * 100);
      }
      for (const Submitted& b : batches) {
        if (!b.first_refusal.empty()) {
          out << "- a refusal reads: " << b.first_refusal << "\n";
          break;
        }
      }
      for (const std::string& note : ceiling_notes) out << "- " << note << "\n";
      out << "- the ceiling " << (ceiling_held ? "HELD in every round" : "was NOT HELD") << "\n";
      if (!ceiling_held) all_met = false;
    }
    out << "\n";
  }
  for (const std::string& e : errors) out << e << "\n\n";
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
