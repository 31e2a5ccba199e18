#include "tools/crmctl/pipeline_commands.h"

#include <ostream>
#include <string>

#include "tools/crmctl/command_support.h"
#include "tools/crmctl/common_flags.h"
#include "tools/crmctl/opportunity_printer.h"
#include "tools/crmctl/pipeline_printer.h"
#include "tools/crmctl/pipeline_requests.h"
#include "tools/crmctl/scoring_commands.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::opportunity::v1;
using Stub = OpportunityStub;

absl::Status RunBoard(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                      std::ostream& out) {
  absl::StatusOr<v1::ListOpportunitiesRequest> request = BuildBoardRequest(invocation);
  if (!request.ok()) return request.status();
  v1::ListOpportunitiesResponse response;
  absl::Status status = CallPages(stub, &Stub::ListOpportunities, contexts, *std::move(request),
                                  /*all_pages=*/true, &response);
  if (!status.ok()) return status;
  if (invocation.options.output == OutputFormat::kJson) return PrintJson(response, out);
  if (response.opportunities().empty()) {
    out << "No open opportunities found.\n";
    return absl::OkStatus();
  }
  PrintBoard(response.opportunities(), out);
  return absl::OkStatus();
}

absl::Status RunFunnel(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                       std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildGetFunnelRequest, &Stub::GetFunnel,
                  PrintFunnel);
}

// The stale opportunities, then the open churn warnings (with -o json, two
// documents: the stale list and the warnings).
absl::Status RunReminders(const Invocation& invocation, const Connection& connection,
                          std::ostream& out) {
  absl::Status status = RunList(invocation, connection.opportunities, connection.contexts, out,
                                BuildListStaleRequest, &Stub::ListStaleOpportunities, StaleCount,
                                PrintStaleList, "stale opportunities or follow-ups due");
  if (!status.ok()) return status;
  return PrintReminderWarnings(invocation, connection.scoring, connection.contexts, out,
                               connection.err);
}

}  // namespace

std::vector<CommandSpec> PipelineCommands() {
  std::vector<FlagSpec> reminder_flags = {
      {.name = "owner-user", .value_name = "USER", .help = "this seller's (default: yours)"},
      {.name = "org-unit",
       .value_name = "ORGUNIT",
       .help = "those owned in this org unit's subtree"},
  };
  for (FlagSpec& flag : ListFlags(/*show_deleted=*/false)) {
    reminder_flags.push_back(std::move(flag));
  }
  return {
      {.path = "pipeline board",
       .summary = "the open opportunities as a board, one column per stage",
       .details = "Columns 线索 lead, 需求调研 discovery, 方案制定 solution, 报价 quote and 谈判 "
                  "negotiation; each cell is title · customer · amount in 万元, newest first; "
                  "under each column its total in 万元 (CNY) and count. Every page is "
                  "fetched; -o json prints the opportunities.",
       .flags = {{.name = "org-unit",
                  .value_name = "ORGUNIT",
                  .help = "only those owned in this org unit's subtree"},
                 {.name = "owner-user", .value_name = "USER", .help = "only this seller's"}},
       .run = DispatchOpportunity<RunBoard>},
      {.path = "pipeline funnel",
       .summary = "the funnel and forecast of an org unit, a customer or a customer group",
       .details = "Give one of --org-unit (its subtree), --customer or --group nodes/N (the "
                  "customers under that node of a group). Per stage: count, amount and "
                  "weighted amount now in it, how many ever reached it, the share of those "
                  "that reached the next stage, and the average days spent in it; then the "
                  "win rate, the average cycle and the forecast by month × category. "
                  "Amounts in 万元.",
       .flags = {{.name = "org-unit", .value_name = "ORGUNIT", .help = "an org unit subtree"},
                 {.name = "customer", .value_name = "CUSTOMER", .help = "one customer"},
                 {.name = "group", .value_name = "NODE", .help = "a customer group's node"},
                 {.name = "from",
                  .value_name = "YYYY-MM-DD",
                  .help = "opportunities created from this day (with --to; default: the last "
                          "12 months)"},
                 {.name = "to", .value_name = "YYYY-MM-DD", .help = "… to this day, included"},
                 {.name = "currency",
                  .value_name = "CODE",
                  .help = "sum amounts in this currency (default CNY)"}},
       .run = DispatchOpportunity<RunFunnel>},
      {.path = "reminders",
       .summary = "your stale opportunities and follow-ups due, and open churn warnings",
       .details = "Open opportunities with no activity for the stale period (default 14 "
                  "days) or a next follow-up date in the past, longest without activity "
                  "first. Yours unless --owner-user or --org-unit is given. Then the open "
                  "churn warnings (流失预警) with their reasons: those of --org-unit, else "
                  "every one you may see. With -o json, two documents: the stale list, then "
                  "the warnings.",
       .flags = reminder_flags,
       .run = RunReminders},
  };
}

}  // namespace crm::crmctl
