#include "tools/crmctl/pipeline_requests.h"

#include <string>

#include "libs/strings/str_cat.h"
#include "tools/crmctl/common_flags.h"
#include "tools/crmctl/opportunity_values.h"
#include "tools/crmctl/resource_names.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::opportunity::v1;

// The largest page the service gives.
constexpr int32_t kBoardPageSize = 1000;

// A number that orders valid dates as the calendar does.
int64_t DateOrder(const common::v1::Date& date) {
  return date.year() * 10000LL + date.month() * 100 + date.day();
}

}  // namespace

absl::StatusOr<v1::ListOpportunitiesRequest> BuildBoardRequest(const Invocation& invocation) {
  const FlagValues& flags = invocation.flags;
  v1::ListOpportunitiesRequest request;
  request.set_page_size(kBoardPageSize);
  for (const v1::Stage stage :
       {v1::LEAD, v1::DISCOVERY, v1::SOLUTION, v1::QUOTE, v1::NEGOTIATION}) {
    request.add_stages(stage);
  }
  if (flags.Has("org-unit")) {
    absl::StatusOr<std::string> org_unit = CheckedOrgUnitName(*flags.Get("org-unit"));
    if (!org_unit.ok()) return FlagError("org-unit", org_unit.status().message());
    request.set_owner_org_unit(*org_unit);
  }
  if (flags.Has("owner-user")) {
    absl::StatusOr<std::string> user = CheckedUserName(*flags.Get("owner-user"));
    if (!user.ok()) return FlagError("owner-user", user.status().message());
    request.set_owner_user(*user);
  }
  return request;
}

absl::StatusOr<v1::GetFunnelRequest> BuildGetFunnelRequest(const Invocation& invocation) {
  const FlagValues& flags = invocation.flags;
  absl::StatusOr<ReportSubject> subject =
      ParseReportSubject(flags, {"org-unit", "customer", "group"});
  if (!subject.ok()) return subject.status();
  v1::GetFunnelRequest request;
  if (subject->flag == "org-unit") {
    request.set_org_unit(subject->name);
  } else if (subject->flag == "customer") {
    request.set_customer(subject->name);
  } else {
    request.set_group(subject->name);
  }
  if (flags.Has("from") != flags.Has("to")) {
    return UsageError("give --from and --to together (neither: the last 12 months)");
  }
  if (flags.Has("from")) {
    absl::StatusOr<common::v1::Date> from = ParseDateFlag(*flags.Get("from"), "from");
    if (!from.ok()) return from.status();
    absl::StatusOr<common::v1::Date> to = ParseDateFlag(*flags.Get("to"), "to");
    if (!to.ok()) return to.status();
    if (DateOrder(*from) > DateOrder(*to)) {
      return UsageError(
          crm::StrCat("--from ", *flags.Get("from"), " is after --to ", *flags.Get("to")));
    }
    *request.mutable_start_date() = *from;
    *request.mutable_end_date() = *to;
  }
  request.set_currency_code(flags.Get("currency").value_or(""));
  return request;
}

absl::StatusOr<v1::ListStaleOpportunitiesRequest> BuildListStaleRequest(
    const Invocation& invocation) {
  const FlagValues& flags = invocation.flags;
  if (flags.Has("owner-user") && flags.Has("org-unit")) {
    return UsageError("give --owner-user or --org-unit, not both (neither: your own)");
  }
  v1::ListStaleOpportunitiesRequest request;
  if (flags.Has("owner-user")) {
    absl::StatusOr<std::string> user = CheckedUserName(*flags.Get("owner-user"));
    if (!user.ok()) return FlagError("owner-user", user.status().message());
    request.set_owner_user(*user);
  }
  if (flags.Has("org-unit")) {
    absl::StatusOr<std::string> org_unit = CheckedOrgUnitName(*flags.Get("org-unit"));
    if (!org_unit.ok()) return FlagError("org-unit", org_unit.status().message());
    request.set_org_unit(*org_unit);
  }
  int32_t page_size = 0;
  absl::Status status = ParsePageSize(flags, &page_size);
  if (!status.ok()) return status;
  request.set_page_size(page_size);
  request.set_page_token(flags.Get("page-token").value_or(""));
  return request;
}

}  // namespace crm::crmctl
