#include "services/customer/duplicates/quality_report.h"

#include <array>

#include "libs/auth/sql_scope.h"
#include "libs/pg/transaction.h"
#include "pqxx/pqxx"

namespace crm::customer {
namespace {

// The customers counted: live, in scope ($1 all, $2 org units), of one
// owner when $3 is not empty. Owner only, not account teams: the report is
// about the records an org unit is responsible for.
#define COUNTED                                              \
  "SELECT c.* FROM customer.customers c WHERE c.state = 1"   \
  " AND ($1::boolean OR c.owner_org_unit = ANY($2::text[]))" \
  " AND ($3 = '' OR c.owner_org_unit = $3)"

constexpr char kSummary[] = "customer.quality_summary";
constexpr char kSummarySql[] =
    "WITH counted AS (" COUNTED
    "),"
    " contacts AS (SELECT t.customer_id, bool_or(t.decision_role = 1) AS decision_maker"
    "   FROM customer.contacts t JOIN counted c ON c.id = t.customer_id"
    "  WHERE t.state = 1 GROUP BY t.customer_id)"
    " SELECT GROUPING(c.owner_org_unit), coalesce(c.owner_org_unit, ''), count(*),"
    "   coalesce(avg(c.data_completeness), 0), count(*) FILTER (WHERE c.uscc IS NULL),"
    "   count(*) FILTER (WHERE c.uscc IS NOT NULL), count(*) FILTER (WHERE c.industry <> ''),"
    "   count(*) FILTER (WHERE c.region <> ''), count(*) FILTER (WHERE c.ownership_type <> 0),"
    "   count(*) FILTER (WHERE c.size_band <> 0), count(*) FILTER (WHERE c.short_name <> ''),"
    "   count(k.customer_id), count(*) FILTER (WHERE k.decision_maker)"
    " FROM counted c LEFT JOIN contacts k ON k.customer_id = c.id"
    " GROUP BY ROLLUP (c.owner_org_unit) ORDER BY 1 DESC, 3 DESC, 2";

// Customers sharing a folded name or, failing that, a trade name of at
// least two characters in one city (the same 字号 in two cities is usually
// two companies of one group); each customer counts in one group.
constexpr char kDuplicateGroups[] = "customer.quality_duplicate_groups";
constexpr char kDuplicateGroupsSql[] =
    "WITH counted AS (" COUNTED
    "),"
    " keyed AS (SELECT c.id, CASE WHEN length(c.trade_key) >= 2"
    "   THEN c.trade_key || '@' || left(c.region, 4) ELSE c.name_key END AS key"
    "   FROM counted c WHERE coalesce(c.name_key, '') <> ''),"
    " groups AS (SELECT key, count(*) AS size FROM keyed GROUP BY key HAVING count(*) > 1)"
    " SELECT count(*), coalesce(sum(size), 0) FROM groups";

constexpr std::array<const char*, 8> kFields = {
    "uscc",      "industry",   "region",  "ownership_type",
    "size_band", "short_name", "contact", "decision_maker_contact"};

v1::QualitySummary SummaryFromRow(const pqxx::row& row) {
  v1::QualitySummary summary;
  summary.set_owner_org_unit(row[1].c_str());
  const int64_t customers = row[2].as<int64_t>();
  summary.set_customers(customers);
  summary.set_average_completeness(row[3].as<double>());
  summary.set_missing_uscc(row[4].as<int64_t>());
  for (size_t i = 0; i < kFields.size(); ++i) {
    v1::FieldCompleteness* field = summary.add_fields();
    field->set_field(kFields[i]);
    const int64_t filled = row[static_cast<int>(5 + i)].as<int64_t>();
    field->set_filled(filled);
    field->set_percent(
        customers == 0 ? 0 : 100.0 * static_cast<double>(filled) / static_cast<double>(customers));
  }
  return summary;
}

}  // namespace

std::vector<pg::PreparedStatement> QualityReporter::Statements() {
  return {{kSummary, kSummarySql}, {kDuplicateGroups, kDuplicateGroupsSql}};
}

absl::StatusOr<v1::DataQualityReport> QualityReporter::Report(const auth::DataScope& scope,
                                                              const std::string& owner_org_unit) {
  v1::DataQualityReport report;
  const std::string org_units = auth::TextArrayLiteral(scope.org_units);
  absl::Status status = pg::RunInTransaction(
      pool_,
      [&](pqxx::work& tx) -> absl::Status {
        report.Clear();
        for (const pqxx::row& row :
             tx.exec_prepared(kSummary, scope.all, org_units, owner_org_unit)) {
          if (row[0].as<int>() == 1) {
            *report.mutable_total() = SummaryFromRow(row);
          } else {
            *report.add_by_owner_org_unit() = SummaryFromRow(row);
          }
        }
        const pqxx::row groups =
            tx.exec_prepared1(kDuplicateGroups, scope.all, org_units, owner_org_unit);
        report.set_open_duplicate_groups(groups[0].as<int64_t>());
        report.set_customers_in_duplicate_groups(groups[1].as<int64_t>());
        return absl::OkStatus();
      },
      {.operation = "customer.quality_report"});
  if (!status.ok()) return status;
  return report;
}

}  // namespace crm::customer
