#include "services/collaboration/credit/credit_handlers.h"

#include <optional>
#include <string>
#include <utility>

#include "libs/auth/data_scope.h"
#include "libs/auth/sql_scope.h"
#include "libs/clock/quarter.h"
#include "libs/money/checked_math.h"
#include "libs/money/money_check.h"
#include "libs/names/name_field.h"
#include "libs/names/resource_names.h"
#include "libs/pg/transaction.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"
#include "services/collaboration/core/collaboration_names.h"
#include "services/collaboration/core/collaboration_scope.h"
#include "services/collaboration/credit/credit_totals.h"

namespace crm::collaboration {
namespace {

constexpr char kDefaultCurrency[] = "CNY";

// Every org unit's row of quarter $1 in currency $2, largest credited
// first, after one leading row (sort key 0) with the quarter's deals and
// total: one statement, so the rows and the total come from one snapshot and
// always add up.
constexpr char kReportAll[] = "collaboration.credit_report_all";
constexpr char kReportAllSql[] =
    "SELECT 0 AS k, '' AS org_unit, coalesce(sum(q.deals), 0)::bigint,"
    " coalesce(sum(q.amount_minor), 0)::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint"
    " FROM collaboration.credit_quarter_totals q WHERE q.quarter = $1 AND q.currency_code = $2"
    " UNION ALL"
    " SELECT 1, t.org_unit, t.deals, t.credited_minor, t.share_sum_bp, t.owned_deals,"
    " t.owned_minor, t.owned_credited_minor"
    " FROM collaboration.credit_totals t WHERE t.quarter = $1 AND t.currency_code = $2"
    " ORDER BY 1, 4 DESC, 2";

// The same for part of the org units ($3): the leading row counts the deals
// in force those rows touch, each once (their attributions name one of the
// units as owner or contributor), instead of the quarter's.
constexpr char kReportPart[] = "collaboration.credit_report_part";
const std::string& ReportPartSql() {
  static const std::string sql = crm::StrCat(
      "SELECT 0 AS k, '' AS org_unit, count(*)::bigint, 0::bigint, 0::bigint, 0::bigint,"
      " 0::bigint, 0::bigint"
      " FROM collaboration.attributions a WHERE a.deal_quarter = $1 AND a.currency_code = $2"
      " AND a.state IN (3, 4, 5) AND ",
      AttributionInScope(4, 3),
      " UNION ALL"
      " SELECT 1, t.org_unit, t.deals, t.credited_minor, t.share_sum_bp, t.owned_deals,"
      " t.owned_minor, t.owned_credited_minor"
      " FROM collaboration.credit_totals t WHERE t.quarter = $1 AND t.currency_code = $2"
      " AND t.org_unit = ANY($3::text[])"
      " ORDER BY 1, 4 DESC, 2");
  return sql;
}

common::v1::Money MoneyOf(const std::string& currency, int64_t minor_units) {
  common::v1::Money money;
  money.set_currency_code(currency);
  money.set_minor_units(minor_units);
  return money;
}

// share_sum / deals to the nearest basis point (halves up).
int32_t AverageShare(int64_t share_sum_bp, int64_t deals) {
  if (deals <= 0) return 0;
  return static_cast<int32_t>((2 * share_sum_bp + deals) / (2 * deals));
}

}  // namespace

CreditHandlers::CreditHandlers(const CollaborationContext& context) : context_(context) {}

std::vector<pg::PreparedStatement> CreditHandlers::Statements() {
  std::vector<pg::PreparedStatement> statements = CreditTotalsStatements();
  statements.push_back({kReportAll, kReportAllSql});
  statements.push_back({kReportPart, ReportPartSql()});
  return statements;
}

absl::Status CreditHandlers::GetCreditReport(const request::Actor& actor,
                                             const v1::GetCreditReportRequest& request,
                                             v1::CreditReport& response,
                                             status::FieldViolations& violations) {
  std::optional<clock::Quarter> quarter;
  if (request.quarter().empty()) {
    violations.Add("quarter", "quarter: is required, e.g. 2026Q4");
  } else {
    quarter = clock::ParseQuarter(request.quarter());
    if (!quarter.has_value()) {
      violations.Add("quarter", crm::StrCat("quarter: ", Quote(request.quarter()),
                                            " is not a quarter like 2026Q4 (year 1900-9999, "
                                            "Q1-Q4)"));
    }
  }
  const std::string currency =
      request.currency_code().empty() ? kDefaultCurrency : request.currency_code();
  if (!money::IsCurrencyCode(currency)) {
    violations.Add("currency_code",
                   crm::StrCat("currency_code: ", Quote(currency),
                               " is not an ISO 4217 code (three upper-case letters, e.g. CNY)"));
  }
  std::string org_unit;
  if (!request.org_unit().empty()) {
    const std::string id = names::OrgUnitIdOr(request.org_unit(), "org_unit", violations);
    if (!id.empty()) org_unit = names::OrgUnitName(id);
  }
  if (!violations.empty()) return violations.ToStatus(kDomain);

  const auth::DataScope scope = auth::ScopeOf(actor.principal);
  if (!org_unit.empty() && !scope.all && !scope.Contains(org_unit)) {
    return status::Error(absl::StatusCode::kPermissionDenied, kDomain, "ORG_UNIT_OUT_OF_SCOPE",
                         crm::StrCat(org_unit,
                                     " is outside your data scope: ask for an org unit of your "
                                     "own subtree"),
                         {{"orgUnit", org_unit}});
  }
  // Every org unit only for a caller who sees everything and named none.
  const bool whole = scope.all && org_unit.empty();
  const std::vector<std::string> units =
      org_unit.empty() ? scope.org_units : std::vector<std::string>{org_unit};
  const std::string quarter_text = clock::FormatQuarter(*quarter);

  int64_t deals = 0, total = 0, rows_total = 0;
  absl::Status read = pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        response.clear_rows();
        rows_total = 0;
        const pqxx::result rows = whole ? tx.exec_prepared(kReportAll, quarter_text, currency)
                                        : tx.exec_prepared(kReportPart, quarter_text, currency,
                                                           auth::TextArrayLiteral(units), false);
        for (const pqxx::row& row : rows) {
          if (row[0].as<int>() == 0) {
            deals = row[2].as<int64_t>();
            total = row[3].as<int64_t>();
            continue;
          }
          v1::CreditRow& out = *response.add_rows();
          out.set_org_unit(row[1].c_str());
          const int64_t row_deals = row[2].as<int64_t>();
          out.set_deals(row_deals);
          *out.mutable_credited_amount() = MoneyOf(currency, row[3].as<int64_t>());
          out.set_average_share_bp(AverageShare(row[4].as<int64_t>(), row_deals));
          out.set_owned_deals(row[5].as<int64_t>());
          *out.mutable_owned_amount() = MoneyOf(currency, row[6].as<int64_t>());
          *out.mutable_owned_credited_amount() = MoneyOf(currency, row[7].as<int64_t>());
          absl::StatusOr<int64_t> sum = money::CheckedAdd(rows_total, row[3].as<int64_t>());
          if (!sum.ok()) return sum.status();
          rows_total = *sum;
        }
        return absl::OkStatus();
      },
      "collaboration.credit_report");
  if (!read.ok()) return read;

  response.set_quarter(quarter_text);
  response.set_deals(deals);
  *response.mutable_total_amount() = MoneyOf(currency, whole ? total : rows_total);
  response.set_partial(!whole);
  return absl::OkStatus();
}

}  // namespace crm::collaboration
