#include "tools/crmctl/activity_requests.h"

#include <string>

#include "libs/strings/str_cat.h"
#include "tools/crmctl/common_flags.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/opportunity_values.h"
#include "tools/crmctl/resource_names.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::opportunity::v1;

}  // namespace

absl::StatusOr<v1::CreateActivityRequest> BuildCreateActivityRequest(const Invocation& invocation,
                                                                     absl::Time now) {
  const FlagValues& flags = invocation.flags;
  if (flags.Get("customer").value_or("").empty()) return UsageError("--customer is required");
  absl::StatusOr<std::string> customer = CustomerName(*flags.Get("customer"));
  if (!customer.ok()) return FlagError("customer", customer.status().message());
  if (flags.Get("type").value_or("").empty()) {
    return UsageError(crm::StrCat("--type is required: ", ActivityTypeChoices()));
  }
  absl::StatusOr<v1::Activity::Type> type = ParseActivityType(*flags.Get("type"));
  if (!type.ok()) return type.status();
  if (flags.Get("summary").value_or("").empty()) {
    return UsageError("--summary is required: what happened");
  }

  v1::CreateActivityRequest request;
  v1::Activity* activity = request.mutable_activity();
  activity->set_customer(*customer);
  activity->set_type(*type);
  activity->set_summary(*flags.Get("summary"));
  if (flags.Has("opportunity")) {
    absl::StatusOr<std::string> opportunity = CheckedOpportunityName(*flags.Get("opportunity"));
    if (!opportunity.ok()) return FlagError("opportunity", opportunity.status().message());
    activity->set_opportunity(*opportunity);
  }
  for (const std::string& value : flags.GetAll("contact")) {
    absl::StatusOr<std::string> contact = ContactName({value});
    if (!contact.ok()) return FlagError("contact", contact.status().message());
    activity->add_contacts(*contact);
  }
  activity->set_next_step(flags.Get("next-step").value_or(""));
  if (flags.Has("next-follow-up")) {
    absl::StatusOr<common::v1::Date> date =
        ParseDateFlag(*flags.Get("next-follow-up"), "next-follow-up");
    if (!date.ok()) return date.status();
    *activity->mutable_next_follow_up_date() = *date;
  }

  const bool complaint = *type == v1::Activity::COMPLAINT;
  if (flags.Has("severity") || flags.IsOn("resolved")) {
    if (!complaint) {
      return UsageError("--severity and --resolved are for --type complaint only");
    }
  }
  if (complaint) {
    if (flags.Get("severity").value_or("").empty()) {
      return UsageError(crm::StrCat("--type complaint needs --severity: ", SeverityChoices()));
    }
    absl::StatusOr<v1::Complaint::Severity> severity = ParseSeverity(*flags.Get("severity"));
    if (!severity.ok()) return severity.status();
    activity->mutable_complaint()->set_severity(*severity);
    activity->mutable_complaint()->set_resolved(flags.IsOn("resolved"));
  }

  absl::Time occur = now;
  if (flags.Has("at")) {
    absl::StatusOr<absl::Time> at = ParseTimeFlag(*flags.Get("at"), "at");
    if (!at.ok()) return at.status();
    occur = *at;
  }
  const int64_t seconds = absl::ToUnixSeconds(occur);
  activity->mutable_occur_time()->set_seconds(seconds);
  activity->mutable_occur_time()->set_nanos(
      static_cast<int32_t>((occur - absl::FromUnixSeconds(seconds)) / absl::Nanoseconds(1)));
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::ListActivitiesRequest> BuildListActivitiesRequest(const Invocation& invocation) {
  const FlagValues& flags = invocation.flags;
  if (flags.Has("customer") == flags.Has("opportunity")) {
    return UsageError("give one of --customer and --opportunity");
  }
  v1::ListActivitiesRequest request;
  if (flags.Has("customer")) {
    absl::StatusOr<std::string> customer = CustomerName(*flags.Get("customer"));
    if (!customer.ok()) return FlagError("customer", customer.status().message());
    request.set_customer(*customer);
  } else {
    absl::StatusOr<std::string> opportunity = CheckedOpportunityName(*flags.Get("opportunity"));
    if (!opportunity.ok()) return FlagError("opportunity", opportunity.status().message());
    request.set_opportunity(*opportunity);
  }
  int32_t page_size = 0;
  absl::Status status = ParsePageSize(flags, &page_size);
  if (!status.ok()) return status;
  request.set_page_size(page_size);
  request.set_page_token(flags.Get("page-token").value_or(""));
  return request;
}

}  // namespace crm::crmctl
