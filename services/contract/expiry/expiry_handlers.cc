#include "services/contract/expiry/expiry_handlers.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "libs/auth/sql_scope.h"
#include "libs/clock/business_day.h"
#include "libs/names/name_field.h"
#include "libs/names/resource_names.h"
#include "libs/pagination/page_size.h"
#include "libs/pagination/query_fingerprint.h"
#include "libs/pg/transaction.h"
#include "libs/strings/str_cat.h"
#include "services/contract/core/contract_names.h"
#include "services/contract/core/contract_row.h"
#include "services/contract/core/contract_scope.h"
#include "services/contract/receivables/org_unit_target.h"

namespace crm::contract {
namespace {

constexpr char kExpiring[] = "contract.expiring_list";

// $1 $2 the scope, $3 today, $4 the last day, $5 the org unit ('' for
// any), $6 without renewal only, $7 "first page", ($8, $9) the last row's
// (end date, id), $10 the limit. Walks contracts_live_end (end_date) WHERE
// state IN (5, 6) in its order.
const std::string& ExpiringSql() {
  static const std::string sql = crm::StrCat(
      "SELECT c.id::text, c.end_date - $3::date, EXISTS (SELECT 1 FROM contract.contracts x"
      "   WHERE x.renews_id = c.id AND x.state NOT IN (4, 8)) AS renewing,"
      " to_char(c.end_date, 'YYYY-MM-DD')"
      " FROM contract.contracts c"
      " WHERE c.state IN (5, 6) AND c.end_date >= $3::date AND c.end_date <= $4::date AND ",
      ContractInScope(1, 2), " AND ($5 = '' OR ", OrgUnitTargetSql("c", 5),
      ") AND (NOT $6::boolean OR NOT EXISTS (SELECT 1 FROM contract.contracts x"
      "   WHERE x.renews_id = c.id AND x.state NOT IN (4, 8)))"
      " AND ($7::boolean OR (c.end_date, c.id) > ($8::date, $9::uuid))"
      " ORDER BY c.end_date, c.id LIMIT $10");
  return sql;
}

}  // namespace

std::vector<pg::PreparedStatement> ExpiryHandlers::Statements() {
  return {{kExpiring, ExpiringSql()}};
}

absl::Status ExpiryHandlers::ListExpiringContracts(const request::Actor& actor,
                                                   const v1::ListExpiringContractsRequest& request,
                                                   v1::ListExpiringContractsResponse& response,
                                                   status::FieldViolations& violations) {
  int days = request.days() == 0 ? kDefaultExpiringDays : request.days();
  if (days < 1 || days > kMaxExpiringDays) {
    violations.Add("days",
                   crm::StrCat("days: must be 1 to ", kMaxExpiringDays, " (0 for the default ",
                               kDefaultExpiringDays, "), got ", request.days()));
  }
  std::string org_unit;
  if (!request.org_unit().empty()) {
    const std::string id = names::OrgUnitIdOr(request.org_unit(), "org_unit", violations);
    if (!id.empty()) org_unit = names::OrgUnitName(id);
  }
  int page_size = pagination::kDefaultPageSize;
  if (absl::StatusOr<int> size = pagination::NormalizePageSize(request.page_size(), kDomain);
      size.ok()) {
    page_size = *size;
  } else {
    violations.Add("page_size", std::string(size.status().message()));
  }
  const absl::CivilDay today = clock::BusinessToday(*context_.clock);
  const auth::DataScope scope = auth::ScopeOf(actor.principal);
  // The day is part of the query: a token of yesterday's list does not
  // continue today's.
  const std::string fingerprint = pagination::QueryFingerprint(
      {"ListExpiringContracts", crm::StrCat(days), org_unit,
       request.without_renewal_only() ? "without" : "all", DayParam(today), actor.principal.user(),
       scope.all ? "all" : auth::TextArrayLiteral(scope.org_units)});
  const std::vector<std::string> after =
      context_.page_tokens->ResumeAfter(request.page_token(), fingerprint, 2,
                                        "ListExpiringContracts call with these fields", violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  if (!org_unit.empty() && !scope.all && !scope.Contains(org_unit)) {
    return status::Error(absl::StatusCode::kPermissionDenied, kDomain, "ORG_UNIT_OUT_OF_SCOPE",
                         crm::StrCat(org_unit,
                                     " is outside your data scope: ask for an org unit of your "
                                     "own subtree"),
                         {{"orgUnit", org_unit}});
  }
  const bool first = after.empty();
  if (!first && !names::IsUuid(after[1])) {
    return absl::InternalError("expiring page cursor does not parse");
  }

  std::vector<std::string> last_key;
  absl::Status status = pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        const pqxx::result rows = tx.exec_prepared(
            kExpiring, scope.all, auth::TextArrayLiteral(scope.org_units), DayParam(today),
            DayParam(today + days), org_unit, request.without_renewal_only(), first,
            first ? DayParam(today) : after[0],
            first ? "00000000-0000-0000-0000-000000000000" : after[1], page_size + 1);
        const int shown = std::min(static_cast<int>(rows.size()), page_size);
        if (static_cast<int>(rows.size()) > page_size) {
          const pqxx::row last = rows[page_size - 1];
          last_key = {last[3].as<std::string>(), last[0].as<std::string>()};
        }
        std::vector<std::string> ids;
        for (int i = 0; i < shown; ++i) ids.push_back(rows[i][0].as<std::string>());
        std::vector<v1::Contract> views = ReadContractViews(tx, ids, today);
        if (views.size() != ids.size()) return absl::InternalError("an expiring contract vanished");
        for (int i = 0; i < shown; ++i) {
          v1::ExpiringContract& out = *response.add_contracts();
          *out.mutable_contract() = std::move(views[i]);
          out.set_days_left(rows[i][1].as<int32_t>());
          out.set_renewal_in_progress(rows[i][2].as<bool>());
        }
        return absl::OkStatus();
      },
      "contract.list_expiring");
  if (!status.ok()) return status;
  if (!last_key.empty()) {
    response.set_next_page_token(
        context_.page_tokens->Encode(fingerprint, {.last_key = std::move(last_key)}));
  }
  return absl::OkStatus();
}

}  // namespace crm::contract
