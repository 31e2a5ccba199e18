#include "services/opportunity/funnel/funnel_handlers.h"

#include <string>

#include "absl/time/civil_time.h"
#include "libs/auth/data_scope.h"
#include "libs/money/money_check.h"
#include "libs/names/name_field.h"
#include "libs/names/resource_names.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/calendar_date.h"
#include "services/opportunity/core/opportunity_names.h"
#include "services/opportunity/core/opportunity_row.h"

namespace crm::opportunity {
namespace {

constexpr char kDefaultCurrency[] = "CNY";
constexpr int kMaxPeriodYears = 3;

// China Standard Time: UTC+8 all year (no daylight saving since 1991), so a
// fixed zone needs no time zone database.
absl::CivilDay TodayInShanghai(absl::Time now) {
  return absl::ToCivilDay(now, absl::FixedTimeZone(8 * 60 * 60));
}

// The same day `years` earlier (29 February becomes 1 March).
absl::CivilDay YearsBefore(absl::CivilDay day, int years) {
  return absl::CivilDay(day.year() - years, day.month(), day.day());
}

}  // namespace

absl::Status FunnelHandlers::GetFunnel(const request::Actor& actor,
                                       const v1::GetFunnelRequest& request, v1::Funnel& response,
                                       status::FieldViolations& violations) {
  FunnelQuery query;
  const int targets =
      !request.org_unit().empty() + !request.customer().empty() + !request.group().empty();
  if (targets != 1) {
    violations.Add("org_unit",
                   "org_unit: give exactly one of org_unit (orgUnits/{org_unit}), customer "
                   "(customers/{uuid}) and group (nodes/{node})");
  } else if (!request.org_unit().empty()) {
    query.target = FunnelQuery::Target::kOrgUnit;
    const std::string id = names::OrgUnitIdOr(request.org_unit(), "org_unit", violations);
    if (!id.empty()) query.org_unit = names::OrgUnitName(id);
  } else if (!request.customer().empty()) {
    query.target = FunnelQuery::Target::kCustomer;
    query.customer_id = names::CustomerIdOr(request.customer(), "customer", violations);
  } else {
    query.target = FunnelQuery::Target::kGroup;
    if (std::optional<int64_t> node = names::ParseNodeName(request.group())) {
      query.node_id = *node;
    } else {
      violations.Add("group", crm::StrCat("group: ", Quote(request.group()),
                                          " is not a node name like nodes/42"));
    }
  }

  const bool has_start = IsSet(request.start_date());
  const bool has_end = IsSet(request.end_date());
  if (has_start) validation::CheckDate(request.start_date(), "start_date", violations);
  if (has_end) validation::CheckDate(request.end_date(), "end_date", violations);
  query.currency_code =
      request.currency_code().empty() ? kDefaultCurrency : request.currency_code();
  if (!money::IsCurrencyCode(query.currency_code)) {
    violations.Add("currency_code",
                   crm::StrCat("currency_code: ", Quote(query.currency_code),
                               " is not an ISO 4217 code (three upper-case letters, e.g. CNY)"));
  }
  if (!violations.empty()) return violations.ToStatus(kDomain);

  const absl::CivilDay end =
      has_end ? validation::ToCivilDay(request.end_date()) : TodayInShanghai(deps_.clock->Now());
  // The last 12 months: from the day after the same day a year earlier.
  const absl::CivilDay start =
      has_start ? validation::ToCivilDay(request.start_date()) : YearsBefore(end, 1) + 1;
  if (start > end) {
    violations.Add(
        "start_date",
        crm::StrCat("start_date: ", validation::FormatDate(validation::FromCivilDay(start)),
                    " is after end_date ", validation::FormatDate(validation::FromCivilDay(end))));
  } else if (start <= YearsBefore(end, kMaxPeriodYears)) {
    violations.Add(
        "start_date",
        crm::StrCat(
            "start_date: the period may span at most ", kMaxPeriodYears, " years; start on ",
            validation::FormatDate(validation::FromCivilDay(YearsBefore(end, kMaxPeriodYears) + 1)),
            " or later"));
  }
  if (!violations.empty()) return violations.ToStatus(kDomain);
  query.start_date = validation::FormatDate(validation::FromCivilDay(start));
  query.end_date = validation::FormatDate(validation::FromCivilDay(end));

  const auth::DataScope scope = auth::ScopeOf(actor.principal);
  if (query.target == FunnelQuery::Target::kOrgUnit && !scope.all &&
      !scope.Contains(query.org_unit)) {
    return status::Error(absl::StatusCode::kPermissionDenied, kDomain, "ORG_UNIT_OUT_OF_SCOPE",
                         crm::StrCat(query.org_unit,
                                     " is outside your data scope: ask for an org unit of your "
                                     "own subtree"),
                         {{"orgUnit", query.org_unit}});
  }
  absl::StatusOr<v1::Funnel> funnel = deps_.store->Compute(scope, query);
  if (!funnel.ok()) return funnel.status();
  response = *std::move(funnel);
  return absl::OkStatus();
}

}  // namespace crm::opportunity
