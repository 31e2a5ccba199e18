#include "tools/crmctl/opportunity_commands.h"

#include <ostream>
#include <string>

#include "libs/strings/str_cat.h"
#include "tools/crmctl/command_support.h"
#include "tools/crmctl/common_flags.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/opportunity_printer.h"
#include "tools/crmctl/opportunity_requests.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::opportunity::v1;
using Stub = OpportunityStub;

using crmctl::EtagOf;
using crmctl::NameOf;

// Where an update keeps the opportunity's name and etag; the other changes
// use command_support.h's NameOf and EtagOf.
const std::string& NameOf(const v1::UpdateOpportunityRequest& request) {
  return request.opportunity().name();
}
std::string* EtagOf(v1::UpdateOpportunityRequest& request) {
  return request.mutable_opportunity()->mutable_etag();
}

// A change of an existing opportunity: with no --etag, the current one is
// read first.
template <typename Request>
absl::Status RunChange(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                       std::ostream& out, absl::StatusOr<Request> (*build)(const Invocation&),
                       StubMethod<Stub, Request, v1::Opportunity> method) {
  return crmctl::RunChange(invocation, stub, contexts, out, build, method, &Stub::GetOpportunity,
                           NameOf, EtagOf, PrintOpportunity);
}

absl::Status RunCreate(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                       std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildCreateOpportunityRequest,
                  &Stub::CreateOpportunity, PrintOpportunity);
}

absl::Status RunGet(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                    std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildGetOpportunityRequest,
                  &Stub::GetOpportunity, PrintOpportunity);
}

absl::Status RunListOpportunities(const Invocation& invocation, Stub& stub,
                                  const ContextFactory& contexts, std::ostream& out) {
  return crmctl::RunList(invocation, stub, contexts, out, BuildListOpportunitiesRequest,
                         &Stub::ListOpportunities, OpportunityCount, PrintOpportunityList,
                         "opportunities");
}

absl::Status RunUpdate(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                       std::ostream& out) {
  return RunChange(invocation, stub, contexts, out, BuildUpdateOpportunityRequest,
                   &Stub::UpdateOpportunity);
}

absl::Status RunStage(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                      std::ostream& out) {
  return RunChange(invocation, stub, contexts, out, BuildChangeStageRequest, &Stub::ChangeStage);
}

absl::Status RunWin(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                    std::ostream& out) {
  return RunChange(invocation, stub, contexts, out, BuildWinOpportunityRequest,
                   &Stub::WinOpportunity);
}

absl::Status RunLose(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                     std::ostream& out) {
  return RunChange(invocation, stub, contexts, out, BuildLoseOpportunityRequest,
                   &Stub::LoseOpportunity);
}

absl::Status RunReopen(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                       std::ostream& out) {
  return RunChange(invocation, stub, contexts, out, BuildReopenOpportunityRequest,
                   &Stub::ReopenOpportunity);
}

absl::Status RunHistory(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                        std::ostream& out) {
  return crmctl::RunList(invocation, stub, contexts, out, BuildListOpportunityHistoryRequest,
                         &Stub::ListOpportunityHistory, HistoryCount, PrintHistory,
                         "history entries");
}

// The flags create and update share.
std::vector<FlagSpec> FieldFlags(bool for_update) {
  const std::string list_note = for_update ? "; replaces the list (\"\" for none)" : "";
  return {
      {.name = "title", .value_name = "TEXT", .help = "1-200 characters"},
      {.name = "amount",
       .value_name = "AMOUNT",
       .help = "the deal's amount, e.g. 1200000.00 (at most 2 decimals for CNY); not with "
               "--product"},
      {.name = "currency",
       .value_name = "CODE",
       .help = "currency of --amount, --product and the budget (default CNY)"},
      {.name = "product",
       .value_name = "CODE:QTY:UNIT_PRICE[:DISCOUNT%]",
       .help = crm::StrCat("a product line, e.g. PV-550:200:1250.00:15; the amount is their sum",
                           for_update ? "; replaces the lines" : ""),
       .repeated = true},
      {.name = "expected-close", .value_name = "YYYY-MM-DD", .help = "when it should close"},
      {.name = "next-follow-up", .value_name = "YYYY-MM-DD", .help = "when you next follow up"},
      {.name = "probability",
       .value_name = "PERCENT",
       .help = crm::StrCat(
           "0-100, kept across stage changes",
           for_update ? " (\"default\": back to the stage's)" : " (default: the stage's)")},
      {.name = "forecast", .value_name = "CATEGORY", .help = ForecastCategoryChoices()},
      {.name = "owner-org-unit",
       .value_name = "ORGUNIT",
       .help = "the org unit running it (default: yours)"},
      {.name = "owner-user", .value_name = "USER", .help = "the seller (default: you)"},
      {.name = "collaborator",
       .value_name = "ORGUNIT",
       .help = crm::StrCat("another org unit working on it", list_note),
       .repeated = true},
      {.name = "competitor",
       .value_name = "NAME",
       .help = crm::StrCat("a competitor in the deal", list_note),
       .repeated = true},
      {.name = "lead-source", .value_name = "TEXT", .help = "where the lead came from"},
      {.name = "committee",
       .value_name = "CONTACT:ROLE[:STANCE[:INFLUENCE]]",
       .help = crm::StrCat("a buying-committee member, e.g. customers/C/contacts/K:"
                           "decision-maker:supporter:5; roles ",
                           CommitteeRoleChoices(), ", stances ", StanceChoices(), ", influence 1-5",
                           list_note),
       .repeated = true},
      {.name = "background", .value_name = "TEXT", .help = "needs survey: the situation"},
      {.name = "goals", .value_name = "TEXT", .help = "needs survey: what they want"},
      {.name = "budget-min", .value_name = "AMOUNT", .help = "needs survey: the budget's low end"},
      {.name = "budget-max", .value_name = "AMOUNT", .help = "needs survey: the budget's high end"},
      {.name = "timeline", .value_name = "TEXT", .help = "needs survey: when they want it"},
      {.name = "decision-process", .value_name = "TEXT", .help = "needs survey: how they decide"},
      {.name = "survey-competitor",
       .value_name = "NAME",
       .help = "needs survey: who else they talk to",
       .repeated = true},
      {.name = "pain-point",
       .value_name = "TEXT",
       .help = "needs survey: what hurts",
       .repeated = true},
  };
}

FlagSpec OptionalEtagFlag() {
  return {.name = "etag",
          .value_name = "ETAG",
          .help =
              "change only if the opportunity still has this etag (ABORTED otherwise); "
              "omitted: its current etag is read first"};
}

FlagSpec CloseDateFlag(const char* default_words) {
  return {.name = "close-date",
          .value_name = "YYYY-MM-DD",
          .help = crm::StrCat("when it closed (default: ", default_words, ")")};
}

}  // namespace

std::vector<CommandSpec> OpportunityCommands() {
  const std::string name_details = "Name the opportunity by id or opportunities/ID.";
  const std::string survey_note =
      " The survey flags (--background … --pain-point) together replace the needs survey: "
      "give all its parts. Moving past solution may need a complete survey and a "
      "decision maker in the committee (the stage model's gates).";
  std::vector<FlagSpec> create_flags = {
      {.name = "customer",
       .value_name = "CUSTOMER",
       .help = "the customer, id or customers/ID (required)"},
      {.name = "stage",
       .value_name = "STAGE",
       .help = crm::StrCat(StageChoices(), " (default lead)")},
  };
  for (FlagSpec& flag : FieldFlags(/*for_update=*/false)) create_flags.push_back(std::move(flag));
  std::vector<FlagSpec> update_flags = FieldFlags(/*for_update=*/true);
  update_flags.push_back(OptionalEtagFlag());
  std::vector<FlagSpec> list_flags = {
      {.name = "customer", .value_name = "CUSTOMER", .help = "only this customer's"},
      {.name = "owner-user", .value_name = "USER", .help = "only this seller's"},
      {.name = "org-unit",
       .value_name = "ORGUNIT",
       .help = "only those owned in this org unit's subtree"},
      {.name = "stage",
       .value_name = "STAGE",
       .help = "only these stages: lead … negotiation, won, lost",
       .repeated = true},
  };
  for (FlagSpec& flag : ListFlags(/*show_deleted=*/false)) list_flags.push_back(std::move(flag));
  std::vector<FlagSpec> history_flags = ListFlags(/*show_deleted=*/false);

  return {
      {.path = "opportunity create",
       .summary = "create an opportunity (商机) on a customer",
       .details = crm::StrCat("--title and --customer are required. The owner org unit and user "
                              "default to yours, the stage to lead. With the global "
                              "--request-id a retry creates nothing twice.",
                              survey_note),
       .flags = create_flags,
       .run = DispatchOpportunity<RunCreate>},
      {.path = "opportunity get",
       .args = "OPPORTUNITY",
       .min_args = 1,
       .max_args = 1,
       .summary = "show an opportunity",
       .details = name_details,
       .run = DispatchOpportunity<RunGet>},
      {.path = "opportunity list",
       .summary = "list the opportunities you may see, newest first",
       .flags = list_flags,
       .run = DispatchOpportunity<RunListOpportunities>},
      {.path = "opportunity update",
       .args = "OPPORTUNITY",
       .min_args = 1,
       .max_args = 1,
       .summary = "change the fields given (never the stage)",
       .details = crm::StrCat(name_details,
                              " Only the fields of the flags given change (the update mask).",
                              survey_note),
       .flags = update_flags,
       .run = DispatchOpportunity<RunUpdate>},
      {.path = "opportunity stage",
       .args = "OPPORTUNITY STAGE",
       .min_args = 2,
       .max_args = 2,
       .summary = "move an open opportunity to another open stage",
       .details = crm::StrCat(name_details, " STAGE is one of ", StageChoices(),
                              "; forward (skipping is recorded) or back. Won and lost have "
                              "\"opportunity win\" and \"opportunity lose\"."),
       .flags = {OptionalEtagFlag()},
       .run = DispatchOpportunity<RunStage>},
      {.path = "opportunity win",
       .args = "OPPORTUNITY",
       .min_args = 1,
       .max_args = 1,
       .summary = "close an opportunity as won (赢单)",
       .details = crm::StrCat(name_details, " It needs an amount above zero."),
       .flags = {CloseDateFlag("today in Asia/Shanghai"), OptionalEtagFlag()},
       .run = DispatchOpportunity<RunWin>},
      {.path = "opportunity lose",
       .args = "OPPORTUNITY",
       .min_args = 1,
       .max_args = 1,
       .summary = "close an opportunity as lost (输单), with the reason",
       .details = name_details,
       .flags = {{.name = "reason",
                  .value_name = "REASON",
                  .help = crm::StrCat(LossReasonChoices(), " (required)")},
                 {.name = "text",
                  .value_name = "TEXT",
                  .help = "the loss in words (required with --reason other)"},
                 CloseDateFlag("today in Asia/Shanghai"),
                 OptionalEtagFlag()},
       .run = DispatchOpportunity<RunLose>},
      {.path = "opportunity reopen",
       .args = "OPPORTUNITY",
       .min_args = 1,
       .max_args = 1,
       .summary = "reopen a won or lost opportunity at an open stage",
       .details = crm::StrCat(name_details,
                              " HQ or the owner org unit only; the reason is kept in the "
                              "history."),
       .flags = {{.name = "stage",
                  .value_name = "STAGE",
                  .help = crm::StrCat(StageChoices(), " (required)")},
                 {.name = "reason", .value_name = "TEXT", .help = "why (required)"},
                 OptionalEtagFlag()},
       .run = DispatchOpportunity<RunReopen>},
      {.path = "opportunity history",
       .args = "OPPORTUNITY",
       .min_args = 1,
       .max_args = 1,
       .summary = "every change of stage, amount, close date, probability or forecast",
       .details = crm::StrCat(name_details, " Oldest first; each change shows before → after."),
       .flags = history_flags,
       .run = DispatchOpportunity<RunHistory>},
  };
}

}  // namespace crm::crmctl
