#include "tools/crmctl/activity_commands.h"

#include <ostream>
#include <string>

#include "absl/time/clock.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/activity_requests.h"
#include "tools/crmctl/command_support.h"
#include "tools/crmctl/common_flags.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/opportunity_printer.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::opportunity::v1;
using Stub = OpportunityStub;

absl::Status RunLog(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                    std::ostream& out) {
  absl::StatusOr<v1::CreateActivityRequest> request =
      BuildCreateActivityRequest(invocation, absl::Now());
  if (!request.ok()) return request.status();
  v1::Activity response;
  absl::Status status = Call(stub, &Stub::CreateActivity, contexts, *request, &response);
  if (!status.ok()) return status;
  if (invocation.options.output == OutputFormat::kJson) return PrintJson(response, out);
  PrintActivity(response, out);
  return absl::OkStatus();
}

absl::Status RunListActivities(const Invocation& invocation, Stub& stub,
                               const ContextFactory& contexts, std::ostream& out) {
  return RunList(invocation, stub, contexts, out, BuildListActivitiesRequest, &Stub::ListActivities,
                 ActivityCount, PrintActivityList, "activities");
}

}  // namespace

std::vector<CommandSpec> ActivityCommands() {
  std::vector<FlagSpec> list_flags = {
      {.name = "customer", .value_name = "CUSTOMER", .help = "a customer's activities"},
      {.name = "opportunity", .value_name = "OPPORTUNITY", .help = "an opportunity's activities"},
  };
  for (FlagSpec& flag : ListFlags(/*show_deleted=*/false)) list_flags.push_back(std::move(flag));
  return {
      {.path = "activity log",
       .summary = "record a visit, call, meeting, e-mail, complaint, service visit or note",
       .details = "--customer, --type and --summary are required; you are the author. "
                  "An activity on an opportunity keeps it from going stale, and "
                  "--next-follow-up sets the opportunity's next follow-up date too. With "
                  "the global --request-id a retry records nothing twice.",
       .flags = {{.name = "customer",
                  .value_name = "CUSTOMER",
                  .help = "the customer, id or customers/ID (required)"},
                 {.name = "opportunity",
                  .value_name = "OPPORTUNITY",
                  .help = "one of the customer's opportunities"},
                 {.name = "type",
                  .value_name = "TYPE",
                  .help = crm::StrCat(ActivityTypeChoices(), " (required)")},
                 {.name = "summary", .value_name = "TEXT", .help = "what happened (required)"},
                 {.name = "next-step", .value_name = "TEXT", .help = "what comes next"},
                 {.name = "next-follow-up",
                  .value_name = "YYYY-MM-DD",
                  .help = "when to follow up next"},
                 {.name = "contact",
                  .value_name = "CONTACT",
                  .help = "a contact involved, customers/C/contacts/K",
                  .repeated = true},
                 {.name = "severity",
                  .value_name = "SEVERITY",
                  .help = crm::StrCat(SeverityChoices(), " (required with --type complaint)")},
                 {.name = "resolved", .help = "the complaint is resolved already"},
                 {.name = "at",
                  .value_name = "TIME",
                  .help = "when it happened, e.g. 2026-12-01T10:00:00+08:00 (default now; "
                          "not in the future)"}},
       .run = DispatchOpportunity<RunLog>},
      {.path = "activity list",
       .summary = "list a customer's or an opportunity's activities, newest first",
       .details = "Give one of --customer and --opportunity.",
       .flags = list_flags,
       .run = DispatchOpportunity<RunListActivities>},
  };
}

}  // namespace crm::crmctl
