#include "services/scoring/facts/facts_store.h"

#include <cstdint>
#include <map>
#include <utility>

#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "libs/auth/sql_scope.h"
#include "libs/clock/business_day.h"
#include "libs/clock/quarter.h"
#include "libs/names/resource_names.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/scoring/facts/dirty_customers.h"
#include "services/scoring/rules/errors.h"

namespace crm::scoring {
namespace {

// Timestamps travel as Unix microseconds (-1: none), dates as days since
// 1970-01-01.
#define MICROS(column) "coalesce((extract(epoch FROM " column ") * 1000000)::bigint, -1)"
#define TIME_OF(param) \
  "('epoch'::timestamptz + NULLIF(" param "::bigint, -1) * interval '1 microsecond')"

// The facts row with the profile: columns as RowFacts() reads them.
#define FACTS_COLUMNS \
  "f.customer_id::text, coalesce(f.first_signed_date - date '1970-01-01', -1),"                  \
  " f.pipeline_open_minor, f.pipeline_weighted_minor, f.active_contract_minor,"                  \
  " f.receivable_minor, f.overdue_minor, f.overdue_days, " MICROS("f.last_activity_time") ", " \
  MICROS("f.last_visit_time") ", f.expiring_without_renewal, f.delivery_problems,"              \
  " f.open_requests, array_to_string(f.notes, E'\\n'), " MICROS("f.refresh_time")              \
  ", coalesce(p.strategic, false), p.margin_bp"

constexpr char kReadFacts[] = "scoring.facts_read";
constexpr char kReadFactsSql[] =
    "SELECT " FACTS_COLUMNS
    " FROM scoring.customer_facts f LEFT JOIN scoring.profiles p ON p.customer_id = f.customer_id"
    " WHERE f.customer_id = $1::uuid";

constexpr char kReadFactsPage[] = "scoring.facts_read_page";
constexpr char kReadFactsPageSql[] =
    "SELECT " FACTS_COLUMNS
    " FROM scoring.customer_facts f LEFT JOIN scoring.profiles p ON p.customer_id = f.customer_id"
    " WHERE f.customer_id > $1::uuid"
    " ORDER BY f.customer_id LIMIT $2";

// The months of the customers in $1 (a uuid[] literal).
constexpr char kReadMonths[] = "scoring.facts_read_months";
constexpr char kReadMonthsSql[] =
    "SELECT customer_id::text, month - date '1970-01-01', purchases_minor, receipts_minor,"
    " complaints, delivery_problems FROM scoring.customer_months"
    " WHERE customer_id = ANY($1::uuid[])";

// The mean survey scores of the customers in $1 for the periods $2 and $3.
constexpr char kReadSatisfaction[] = "scoring.facts_read_satisfaction";
constexpr char kReadSatisfactionSql[] =
    "SELECT customer_id::text, period, avg(score)::double precision FROM scoring.surveys"
    " WHERE customer_id = ANY($1::uuid[]) AND period IN ($2, $3)"
    " GROUP BY customer_id, period";

constexpr char kWriteFacts[] = "scoring.facts_write";
constexpr char kWriteFactsSql[] =
    "INSERT INTO scoring.customer_facts (customer_id, first_signed_date, pipeline_open_minor,"
    " pipeline_weighted_minor, active_contract_minor, receivable_minor, overdue_minor,"
    " overdue_days, last_activity_time, last_visit_time, expiring_without_renewal,"
    " delivery_problems, open_requests, notes, refresh_time)"
    " VALUES ($1::uuid, NULLIF($2, '')::date, $3, $4, $5, $6, $7, $8, " TIME_OF("$9") ", "
    TIME_OF("$10") ", $11, $12, $13, $14::text[], " TIME_OF("$15") ")"
    " ON CONFLICT (customer_id) DO UPDATE SET first_signed_date = EXCLUDED.first_signed_date,"
    " pipeline_open_minor = EXCLUDED.pipeline_open_minor,"
    " pipeline_weighted_minor = EXCLUDED.pipeline_weighted_minor,"
    " active_contract_minor = EXCLUDED.active_contract_minor,"
    " receivable_minor = EXCLUDED.receivable_minor, overdue_minor = EXCLUDED.overdue_minor,"
    " overdue_days = EXCLUDED.overdue_days, last_activity_time = EXCLUDED.last_activity_time,"
    " last_visit_time = EXCLUDED.last_visit_time,"
    " expiring_without_renewal = EXCLUDED.expiring_without_renewal,"
    " delivery_problems = EXCLUDED.delivery_problems, open_requests = EXCLUDED.open_requests,"
    " notes = EXCLUDED.notes, refresh_time = EXCLUDED.refresh_time";

constexpr char kDeleteMonths[] = "scoring.facts_delete_months";
constexpr char kDeleteMonthsSql[] =
    "DELETE FROM scoring.customer_months WHERE customer_id = $1::uuid";

// The months as parallel arrays: $2 first days, $3 purchases, $4 receipts,
// $5 complaints, $6 delivery problems.
constexpr char kInsertMonths[] = "scoring.facts_insert_months";
constexpr char kInsertMonthsSql[] =
    "INSERT INTO scoring.customer_months (customer_id, month, purchases_minor, receipts_minor,"
    " complaints, delivery_problems)"
    " SELECT $1::uuid, m.month, m.purchases, m.receipts, m.complaints, m.problems"
    " FROM unnest($2::date[], $3::bigint[], $4::bigint[], $5::integer[], $6::integer[])"
    " AS m(month, purchases, receipts, complaints, problems)";

constexpr char kDeleteFacts[] = "scoring.facts_delete";
constexpr char kDeleteFactsSql[] =
    "DELETE FROM scoring.customer_facts WHERE customer_id = $1::uuid";

#undef FACTS_COLUMNS
#undef TIME_OF
#undef MICROS

const absl::CivilDay kEpochDay(1970, 1, 1);

std::optional<absl::Time> TimeOrNone(int64_t micros) {
  if (micros < 0) return std::nullopt;
  return absl::FromUnixMicros(micros);
}

int64_t MicrosOrNone(const std::optional<absl::Time>& time) {
  return time.has_value() ? absl::ToUnixMicros(*time) : -1;
}

// One row of FACTS_COLUMNS.
std::pair<std::string, StoredFacts> RowFacts(const pqxx::row& row) {
  StoredFacts stored;
  FactsSnapshot& facts = stored.snapshot;
  if (const int64_t days = row[1].as<int64_t>(); days >= 0) {
    facts.first_signed_date = kEpochDay + days;
  }
  facts.pipeline_open_minor = row[2].as<int64_t>();
  facts.pipeline_weighted_minor = row[3].as<int64_t>();
  facts.active_contract_minor = row[4].as<int64_t>();
  facts.receivable_minor = row[5].as<int64_t>();
  facts.overdue_minor = row[6].as<int64_t>();
  facts.overdue_days = row[7].as<int>();
  facts.last_activity_time = TimeOrNone(row[8].as<int64_t>());
  facts.last_visit_time = TimeOrNone(row[9].as<int64_t>());
  facts.expiring_without_renewal = row[10].as<int>();
  facts.delivery_problems = row[11].as<int>();
  facts.open_requests = row[12].as<int>();
  for (absl::string_view note :
       absl::StrSplit(row[13].as<std::string>(), '\n', absl::SkipEmpty())) {
    stored.notes.emplace_back(note);
  }
  stored.refresh_time = absl::FromUnixMicros(row[14].as<int64_t>());
  facts.strategic = row[15].as<bool>();
  if (!row[16].is_null()) facts.margin_bp = row[16].as<int>();
  return {row[0].as<std::string>(), std::move(stored)};
}

// Adds the months and survey means of `facts` (keyed by customer id).
void FillDetails(pqxx::transaction_base& tx, std::map<std::string, StoredFacts*>& facts,
                 absl::Time now) {
  if (facts.empty()) return;
  std::vector<std::string> ids;
  ids.reserve(facts.size());
  for (const auto& [id, unused] : facts) ids.push_back(id);
  const std::string id_array = auth::TextArrayLiteral(ids);
  for (const pqxx::row& row : tx.exec_prepared(kReadMonths, id_array)) {
    const absl::CivilDay first = kEpochDay + row[1].as<int64_t>();
    facts.at(row[0].as<std::string>())
        ->snapshot.months.push_back({.month = absl::CivilMonth(first),
                                     .purchases_minor = row[2].as<int64_t>(),
                                     .receipts_minor = row[3].as<int64_t>(),
                                     .complaints = row[4].as<int>(),
                                     .delivery_problems = row[5].as<int>()});
  }
  const clock::Quarter quarter = clock::QuarterOf(clock::BusinessDayOf(now));
  const clock::Quarter previous = clock::QuarterOf(clock::FirstDayOf(quarter) - 1);
  const std::string latest_period = clock::FormatQuarter(quarter);
  const std::string previous_period = clock::FormatQuarter(previous);
  for (const pqxx::row& row :
       tx.exec_prepared(kReadSatisfaction, id_array, latest_period, previous_period)) {
    FactsSnapshot& snapshot = facts.at(row[0].as<std::string>())->snapshot;
    if (row[1].as<std::string>() == latest_period) {
      snapshot.satisfaction_latest = row[2].as<double>();
    } else {
      snapshot.satisfaction_previous = row[2].as<double>();
    }
  }
}

absl::Status NotAUuid(const std::string& customer_id) {
  return status::Error(absl::StatusCode::kInvalidArgument, kErrorDomain, "INVALID_ARGUMENT",
                       crm::StrCat("customer id ", customer_id, " is not a UUID"));
}

// A PostgreSQL array literal of plain values (numbers, dates).
template <typename Format>
std::string ArrayLiteral(const std::vector<MonthFacts>& months, Format format) {
  std::string literal = "{";
  for (size_t i = 0; i < months.size(); ++i) {
    if (i > 0) literal += ',';
    literal += format(months[i]);
  }
  literal += '}';
  return literal;
}

}  // namespace

absl::StatusOr<std::optional<StoredFacts>> ReadStoredFacts(pqxx::transaction_base& tx,
                                                           const std::string& customer_id,
                                                           absl::Time now) {
  if (!names::IsUuid(customer_id)) return NotAUuid(customer_id);
  const pqxx::result rows = tx.exec_prepared(kReadFacts, customer_id);
  if (rows.empty()) return std::nullopt;
  auto [id, stored] = RowFacts(rows[0]);
  std::map<std::string, StoredFacts*> by_id = {{id, &stored}};
  FillDetails(tx, by_id, now);
  return std::move(stored);
}

absl::StatusOr<std::optional<FactsSnapshot>> ReadFacts(pqxx::transaction_base& tx,
                                                       const std::string& customer_id,
                                                       absl::Time now) {
  absl::StatusOr<std::optional<StoredFacts>> stored = ReadStoredFacts(tx, customer_id, now);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return std::nullopt;
  return std::move((*stored)->snapshot);
}

absl::StatusOr<std::vector<std::pair<std::string, FactsSnapshot>>> ReadFactsPage(
    pqxx::transaction_base& tx, const std::string& after_customer_id, int limit, absl::Time now) {
  if (!after_customer_id.empty() && !names::IsUuid(after_customer_id)) {
    return NotAUuid(after_customer_id);
  }
  // The nil UUID is no customer's: the first page starts after it.
  const std::string after =
      after_customer_id.empty() ? "00000000-0000-0000-0000-000000000000" : after_customer_id;
  std::vector<std::pair<std::string, StoredFacts>> page;
  for (const pqxx::row& row : tx.exec_prepared(kReadFactsPage, after, limit)) {
    page.push_back(RowFacts(row));
  }
  std::map<std::string, StoredFacts*> by_id;
  for (auto& [id, stored] : page) by_id[id] = &stored;
  FillDetails(tx, by_id, now);
  std::vector<std::pair<std::string, FactsSnapshot>> facts;
  facts.reserve(page.size());
  for (auto& [id, stored] : page) facts.emplace_back(std::move(id), std::move(stored.snapshot));
  return facts;
}

absl::Status WriteFacts(pqxx::work& tx, const std::string& customer_id, const BuiltFacts& built,
                        absl::Time now) {
  if (!names::IsUuid(customer_id)) return NotAUuid(customer_id);
  const FactsSnapshot& facts = built.snapshot;
  const std::string first_signed = facts.first_signed_date.has_value()
                                       ? absl::FormatCivilTime(*facts.first_signed_date)
                                       : std::string();
  tx.exec_prepared0(kWriteFacts, customer_id, first_signed, facts.pipeline_open_minor,
                    facts.pipeline_weighted_minor, facts.active_contract_minor,
                    facts.receivable_minor, facts.overdue_minor, facts.overdue_days,
                    MicrosOrNone(facts.last_activity_time), MicrosOrNone(facts.last_visit_time),
                    facts.expiring_without_renewal, facts.delivery_problems, facts.open_requests,
                    auth::TextArrayLiteral(built.notes), absl::ToUnixMicros(now));
  tx.exec_prepared0(kDeleteMonths, customer_id);
  if (facts.months.empty()) return absl::OkStatus();
  tx.exec_prepared0(
      kInsertMonths, customer_id,
      ArrayLiteral(
          facts.months,
          [](const MonthFacts& m) { return absl::FormatCivilTime(absl::CivilDay(m.month)); }),
      ArrayLiteral(facts.months,
                   [](const MonthFacts& m) { return std::to_string(m.purchases_minor); }),
      ArrayLiteral(facts.months,
                   [](const MonthFacts& m) { return std::to_string(m.receipts_minor); }),
      ArrayLiteral(facts.months, [](const MonthFacts& m) { return std::to_string(m.complaints); }),
      ArrayLiteral(facts.months,
                   [](const MonthFacts& m) { return std::to_string(m.delivery_problems); }));
  return absl::OkStatus();
}

absl::Status DeleteFacts(pqxx::work& tx, const std::string& customer_id) {
  if (!names::IsUuid(customer_id)) return NotAUuid(customer_id);
  tx.exec_prepared0(kDeleteMonths, customer_id);
  tx.exec_prepared0(kDeleteFacts, customer_id);
  return absl::OkStatus();
}

std::vector<pg::PreparedStatement> FactsStoreStatements() {
  std::vector<pg::PreparedStatement> statements = {
      {kReadFacts, kReadFactsSql},       {kReadFactsPage, kReadFactsPageSql},
      {kReadMonths, kReadMonthsSql},     {kReadSatisfaction, kReadSatisfactionSql},
      {kWriteFacts, kWriteFactsSql},     {kDeleteMonths, kDeleteMonthsSql},
      {kInsertMonths, kInsertMonthsSql}, {kDeleteFacts, kDeleteFactsSql}};
  for (const pg::PreparedStatement& statement : DirtyCustomerStatements()) {
    statements.push_back(statement);
  }
  return statements;
}

}  // namespace crm::scoring
