#include "tools/crmctl/contract_commands.h"

#include <ostream>
#include <string>

#include "libs/strings/str_cat.h"
#include "tools/crmctl/command_support.h"
#include "tools/crmctl/common_flags.h"
#include "tools/crmctl/contract_printer.h"
#include "tools/crmctl/contract_requests.h"
#include "tools/crmctl/enum_names.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::contract::v1;
using Stub = ContractStub;

using crmctl::EtagOf;
using crmctl::NameOf;

// Where an update keeps the contract's name and etag; the other changes use
// command_support.h's NameOf and EtagOf.
const std::string& NameOf(const v1::UpdateContractRequest& request) {
  return request.contract().name();
}
std::string* EtagOf(v1::UpdateContractRequest& request) {
  return request.mutable_contract()->mutable_etag();
}

// A change of an existing contract: with no --etag, the current one is read
// first.
template <typename Request>
absl::Status RunChange(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                       std::ostream& out, absl::StatusOr<Request> (*build)(const Invocation&),
                       StubMethod<Stub, Request, v1::Contract> method) {
  return crmctl::RunChange(invocation, stub, contexts, out, build, method, &Stub::GetContract,
                           NameOf, EtagOf, PrintContract);
}

absl::Status RunCreate(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                       std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildCreateContractRequest,
                  &Stub::CreateContract, PrintContract);
}

absl::Status RunGet(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                    std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildGetContractRequest, &Stub::GetContract,
                  PrintContract);
}

absl::Status RunListContracts(const Invocation& invocation, Stub& stub,
                              const ContextFactory& contexts, std::ostream& out) {
  return crmctl::RunList(invocation, stub, contexts, out, BuildListContractsRequest,
                         &Stub::ListContracts, ContractCount, PrintContractList, "contracts");
}

absl::Status RunUpdate(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                       std::ostream& out) {
  return RunChange(invocation, stub, contexts, out, BuildUpdateContractRequest,
                   &Stub::UpdateContract);
}

absl::Status RunSubmit(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                       std::ostream& out) {
  return RunChange(invocation, stub, contexts, out, BuildSubmitContractRequest,
                   &Stub::SubmitContract);
}

absl::Status RunApprove(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                        std::ostream& out) {
  return RunChange(invocation, stub, contexts, out, BuildApproveContractRequest,
                   &Stub::ApproveContract);
}

absl::Status RunReject(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                       std::ostream& out) {
  return RunChange(invocation, stub, contexts, out, BuildRejectContractRequest,
                   &Stub::RejectContract);
}

absl::Status RunSign(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                     std::ostream& out) {
  return RunChange(invocation, stub, contexts, out, BuildSignContractRequest, &Stub::SignContract);
}

absl::Status RunTerminate(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                          std::ostream& out) {
  return RunChange(invocation, stub, contexts, out, BuildTerminateContractRequest,
                   &Stub::TerminateContract);
}

absl::Status RunRenew(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                      std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildRenewContractRequest, &Stub::RenewContract,
                  PrintContract);
}

absl::Status RunHistory(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                        std::ostream& out) {
  return crmctl::RunList(invocation, stub, contexts, out, BuildListContractHistoryRequest,
                         &Stub::ListContractHistory, ContractHistoryCount, PrintContractHistory,
                         "history entries");
}

absl::Status RunInbox(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                      std::ostream& out) {
  return crmctl::RunList(invocation, stub, contexts, out, BuildListApprovalInboxRequest,
                         &Stub::ListApprovalInbox, InboxCount, PrintInbox,
                         "contracts waiting for your approval");
}

absl::Status RunExpiring(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                         std::ostream& out) {
  return crmctl::RunList(invocation, stub, contexts, out, BuildListExpiringContractsRequest,
                         &Stub::ListExpiringContracts, ExpiringCount, PrintExpiring,
                         "expiring contracts");
}

absl::Status RunPolicyGet(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                          std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildGetApprovalPolicyRequest,
                  &Stub::GetApprovalPolicy, PrintApprovalPolicy);
}

absl::Status RunPolicySet(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                          std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildUpdateApprovalPolicyRequest,
                  &Stub::UpdateApprovalPolicy, PrintApprovalPolicy);
}

absl::Status RunRecordReceipt(const Invocation& invocation, Stub& stub,
                              const ContextFactory& contexts, std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildRecordReceiptRequest, &Stub::RecordReceipt,
                  PrintReceipt);
}

absl::Status RunListReceipts(const Invocation& invocation, Stub& stub,
                             const ContextFactory& contexts, std::ostream& out) {
  return crmctl::RunList(invocation, stub, contexts, out, BuildListReceiptsRequest,
                         &Stub::ListReceipts, ReceiptCount, PrintReceiptList, "receipts");
}

absl::Status RunReceivables(const Invocation& invocation, Stub& stub,
                            const ContextFactory& contexts, std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildGetReceivablesRequest,
                  &Stub::GetReceivables, PrintReceivables);
}

absl::Status RunAging(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                      std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildGetAgingReportRequest,
                  &Stub::GetAgingReport, PrintAgingReport);
}

// The flags create and update share.
std::vector<FlagSpec> FieldFlags(bool for_update) {
  const std::string list_note = for_update ? "; replaces the list (\"\" for none)" : "";
  return {
      {.name = "title", .value_name = "TEXT", .help = "1-200 characters"},
      {.name = "amount",
       .value_name = "AMOUNT",
       .help = "the contract's value, e.g. 1750000.00; for a framework its ceiling"},
      {.name = "currency",
       .value_name = "CODE",
       .help = "currency of --amount and --milestone (default CNY)"},
      {.name = "start", .value_name = "YYYY-MM-DD", .help = "the first day in force"},
      {.name = "end", .value_name = "YYYY-MM-DD", .help = "the last day in force (inclusive)"},
      {.name = "signing-org-unit",
       .value_name = "ORGUNIT",
       .help = "our org unit that signs (default: yours)"},
      {.name = "owner-user", .value_name = "USER", .help = "the seller responsible (default: you)"},
      {.name = "payment-terms",
       .value_name = "TEXT",
       .help = "in words, up to 500 characters, e.g. 30% on signing, 70% on acceptance"},
      {.name = "framework",
       .value_name = "CONTRACT",
       .help = crm::StrCat("the framework an execution contract draws on",
                           for_update ? " (\"\" for none)" : "")},
      {.name = "milestone",
       .value_name = "DUE_DATE:AMOUNT[:DESCRIPTION]",
       .help = crm::StrCat("a payment milestone (回款计划), e.g. 2027-03-31:525000.00:签约款; "
                           "together they add up to the amount",
                           list_note),
       .repeated = true},
      {.name = "attachment",
       .value_name = "NAME:URI:sha256:HEX",
       .help = crm::StrCat("a document kept elsewhere (https:// or s3://)", list_note),
       .repeated = true},
  };
}

FlagSpec OptionalEtagFlag() {
  return {.name = "etag",
          .value_name = "ETAG",
          .help =
              "change only if the contract still has this etag (ABORTED otherwise); "
              "omitted: its current etag is read first"};
}

}  // namespace

std::vector<CommandSpec> ContractCommands() {
  const std::string name_details = "Name the contract by id or contracts/ID.";
  std::vector<FlagSpec> create_flags = {
      {.name = "kind",
       .value_name = "KIND",
       .help = crm::StrCat(ContractKindChoices(), " (required)")},
      {.name = "customer",
       .value_name = "CUSTOMER",
       .help = "the customer party, id or customers/ID (required)"},
      {.name = "opportunity",
       .value_name = "OPPORTUNITY",
       .help = "the won opportunity it comes from; its title and amount fill what is not given"},
  };
  for (FlagSpec& flag : FieldFlags(/*for_update=*/false)) create_flags.push_back(std::move(flag));
  std::vector<FlagSpec> update_flags = FieldFlags(/*for_update=*/true);
  update_flags.insert(update_flags.begin() + 1,
                      {.name = "customer", .value_name = "CUSTOMER", .help = "the customer party"});
  update_flags.push_back(OptionalEtagFlag());
  std::vector<FlagSpec> list_flags = {
      {.name = "customer", .value_name = "CUSTOMER", .help = "only this customer's"},
      {.name = "signing-org-unit",
       .value_name = "ORGUNIT",
       .help = "only those signed by this org unit's subtree"},
      {.name = "kind",
       .value_name = "KIND",
       .help = crm::StrCat("only these kinds: ", ContractKindChoices()),
       .repeated = true},
      {.name = "state",
       .value_name = "STATE",
       .help = crm::StrCat("only these states: ", ContractStateChoices()),
       .repeated = true},
      {.name = "framework",
       .value_name = "CONTRACT",
       .help = "only the executions under this framework"},
  };
  for (FlagSpec& flag : ListFlags(/*show_deleted=*/false)) list_flags.push_back(std::move(flag));
  std::vector<FlagSpec> expiring_flags = {
      {.name = "days", .value_name = "N", .help = "ending within N days, 1-366 (default 60)"},
      {.name = "org-unit",
       .value_name = "ORGUNIT",
       .help = "only those of this org unit's subtree (signed, or customers it owns or serves)"},
      {.name = "without-renewal", .help = "only those with no renewal in progress"},
  };
  for (FlagSpec& flag : ListFlags(/*show_deleted=*/false)) {
    expiring_flags.push_back(std::move(flag));
  }
  const std::string approval_details = crm::StrCat(
      name_details,
      " Acts on the contract's current step: you hold the step's role (legal, finance or "
      "hq_admin), did not submit it, and see it. \"crmctl contract inbox\" lists what waits "
      "for you.");
  const std::string report_currency_help = "only amounts in this currency (default CNY)";

  return {
      {.path = "contract create",
       .summary = "create a draft contract (合同) on a customer",
       .details =
           "--kind, --customer and --title are required; the service checks the rest and "
           "lists every problem at once (amount above zero, --start not after --end, "
           "milestones in the contract's currency, ...). It gets the next contract number "
           "(HT-YYYY-NNNNNN). A framework (框架协议) has a ceiling as its amount and no "
           "milestones; an execution contract (执行合同) may draw on a --framework of the same "
           "customer group. The signing org unit and owner default to yours. With the global "
           "--request-id a retry creates nothing twice.",
       .flags = create_flags,
       .run = DispatchContract<RunCreate>},
      {.path = "contract get",
       .args = "CONTRACT",
       .min_args = 1,
       .max_args = 1,
       .summary = "show a contract: milestones, approval steps, received and outstanding",
       .details = crm::StrCat(name_details,
                              " A framework shows what its live executions use of the ceiling "
                              "and what remains."),
       .run = DispatchContract<RunGet>},
      {.path = "contract list",
       .summary = "list the contracts you may see, newest first",
       .flags = list_flags,
       .run = DispatchContract<RunListContracts>},
      {.path = "contract update",
       .args = "CONTRACT",
       .min_args = 1,
       .max_args = 1,
       .summary = "change the fields given of a draft, rejected or approved contract",
       .details = crm::StrCat(name_details,
                              " Only the fields of the flags given change (the update mask). "
                              "A rejected contract becomes a draft again; a change of amount, "
                              "customer, dates, milestones or framework of an approved one sends "
                              "it back to approval. Signed and later contracts are frozen."),
       .flags = update_flags,
       .run = DispatchContract<RunUpdate>},
      {.path = "contract submit",
       .args = "CONTRACT",
       .min_args = 1,
       .max_args = 1,
       .summary = "submit a draft for approval; the steps follow from its amount",
       .details = crm::StrCat(name_details,
                              " The milestones must add up to the amount; an execution "
                              "contract must fit its framework's customer group, validity and "
                              "remaining ceiling. See \"crmctl contract policy get\" for the "
                              "steps."),
       .flags = {{.name = "comment", .value_name = "TEXT", .help = "a note for the approvers"},
                 OptionalEtagFlag()},
       .run = DispatchContract<RunSubmit>},
      {.path = "contract approve",
       .args = "CONTRACT",
       .min_args = 1,
       .max_args = 1,
       .summary = "approve the current step of a contract; the last one approves it",
       .details = approval_details,
       .flags = {{.name = "comment", .value_name = "TEXT", .help = "what you checked (required)"},
                 OptionalEtagFlag()},
       .run = DispatchContract<RunApprove>},
      {.path = "contract reject",
       .args = "CONTRACT",
       .min_args = 1,
       .max_args = 1,
       .summary = "reject the current step: the contract goes back to be revised",
       .details = approval_details,
       .flags = {{.name = "comment", .value_name = "TEXT", .help = "why (required)"},
                 OptionalEtagFlag()},
       .run = DispatchContract<RunReject>},
      {.path = "contract sign",
       .args = "CONTRACT",
       .min_args = 1,
       .max_args = 1,
       .summary = "record that an approved contract was signed",
       .details = crm::StrCat(name_details,
                              " It becomes active at once when its start date has come, "
                              "else on that day; from now on it is frozen."),
       .flags = {{.name = "signing-date",
                  .value_name = "YYYY-MM-DD",
                  .help = "when it was signed, not in the future (default: today)"},
                 OptionalEtagFlag()},
       .run = DispatchContract<RunSign>},
      {.path = "contract terminate",
       .args = "CONTRACT",
       .min_args = 1,
       .max_args = 1,
       .summary = "end a signed or active contract early, with the reason",
       .details = name_details,
       .flags = {{.name = "reason", .value_name = "TEXT", .help = "why (required)"},
                 OptionalEtagFlag()},
       .run = DispatchContract<RunTerminate>},
      {.path = "contract renew",
       .args = "CONTRACT",
       .min_args = 1,
       .max_args = 1,
       .summary = "draft the renewal of a signed, active or expired contract",
       .details = crm::StrCat(name_details,
                              " The draft has the old one's kind, customer, framework and "
                              "signing org unit and starts the day after it ends; while it is "
                              "not rejected or terminated the old one is not reported as "
                              "expiring without a renewal."),
       .flags = {{.name = "end",
                  .value_name = "YYYY-MM-DD",
                  .help = "the renewal's last day (required)"},
                 {.name = "amount", .value_name = "AMOUNT", .help = "default: the old amount"},
                 {.name = "currency", .value_name = "CODE", .help = "of --amount (default CNY)"},
                 {.name = "title", .value_name = "TEXT", .help = "default: the old title"}},
       .run = DispatchContract<RunRenew>},
      {.path = "contract history",
       .args = "CONTRACT",
       .min_args = 1,
       .max_args = 1,
       .summary = "every transition of a contract: who, when, from which state, the comment",
       .details = crm::StrCat(name_details, " Oldest first; jobs appear as job:activation, ..."),
       .flags = ListFlags(/*show_deleted=*/false),
       .run = DispatchContract<RunHistory>},
      {.path = "contract inbox",
       .summary = "the contracts waiting for your approval, oldest submission first",
       .details = "Pending contracts in your scope whose current step's role you hold and that "
                  "you did not submit; approve or reject each with \"crmctl contract approve\" "
                  "or \"reject\".",
       .flags = ListFlags(/*show_deleted=*/false),
       .run = DispatchContract<RunInbox>},
      {.path = "contract expiring",
       .summary = "signed and active contracts ending soon, and whether a renewal is under way",
       .details = "Soonest end first. \"crmctl contract renew\" drafts a renewal.",
       .flags = expiring_flags,
       .run = DispatchContract<RunExpiring>},
      {.path = "contract policy get",
       .summary = "the approval policy in force: which roles approve by amount",
       .details = "Defaults: legal always; finance above 1,000,000 CNY; hq_admin above "
                  "10,000,000 CNY.",
       .run = DispatchContract<RunPolicyGet>},
      {.path = "contract policy set",
       .summary = "replace the approval policy (hq_admin)",
       .details = "Give every rule, in the order of the steps, and the etag \"contract policy "
                  "get\" showed, e.g. --rule legal --rule finance:2000000 --rule "
                  "hq_admin:10000000. Contracts already submitted keep their steps.",
       .flags = {{.name = "rule",
                  .value_name = "ROLE[:ABOVE]",
                  .help = "a step for ROLE (legal, finance, hq_admin) when the amount is above "
                          "ABOVE (none: always)",
                  .repeated = true},
                 {.name = "currency",
                  .value_name = "CODE",
                  .help = "of the thresholds (default CNY)"},
                 {.name = "etag",
                  .value_name = "ETAG",
                  .help = "the etag of the policy in force (required)"}},
       .run = DispatchContract<RunPolicySet>},
      {.path = "receipt record",
       .args = "CONTRACT",
       .min_args = 1,
       .max_args = 1,
       .summary = "record money received (回款) for a signed, active or expired contract",
       .details = crm::StrCat(
           name_details,
           " It pays the earliest open milestones first unless --allocate says which. The same "
           "--bank-reference again is the same receipt (with other values: ALREADY_EXISTS); "
           "more than is still owed is refused."),
       .flags = {{.name = "date",
                  .value_name = "YYYY-MM-DD",
                  .help = "when the money arrived (required)"},
                 {.name = "amount", .value_name = "AMOUNT", .help = "e.g. 525000.00 (required)"},
                 {.name = "currency",
                  .value_name = "CODE",
                  .help = "of --amount and --allocate (default CNY)"},
                 {.name = "bank-reference",
                  .value_name = "TEXT",
                  .help = "the bank's reference of the transfer (required)"},
                 {.name = "allocate",
                  .value_name = "SEQUENCE:AMOUNT",
                  .help = "pay this much towards milestone SEQUENCE; together the amount",
                  .repeated = true}},
       .run = DispatchContract<RunRecordReceipt>},
      {.path = "receipt list",
       .args = "CONTRACT",
       .min_args = 1,
       .max_args = 1,
       .summary = "the receipts of a contract, oldest first",
       .details = name_details,
       .flags = ListFlags(/*show_deleted=*/false),
       .run = DispatchContract<RunListReceipts>},
      {.path = "receivables get",
       .summary = "what is owed and overdue, for a contract, customer, group or org unit",
       .details = "Give one of --contract (then each milestone is listed), --customer, --group "
                  "nodes/N (every customer under that node of a customer group) or --org-unit "
                  "(its subtree: contracts it signs or whose customers it owns or serves). As of "
                  "today in Asia/Shanghai.",
       .flags = {{.name = "contract", .value_name = "CONTRACT", .help = "one contract"},
                 {.name = "customer", .value_name = "CUSTOMER", .help = "one customer"},
                 {.name = "group", .value_name = "NODE", .help = "a customer group's node"},
                 {.name = "org-unit", .value_name = "ORGUNIT", .help = "an org unit subtree"},
                 {.name = "currency", .value_name = "CODE", .help = report_currency_help}},
       .run = DispatchContract<RunReceivables>},
      {.path = "receivables aging",
       .summary = "overdue receivables by days past due: 0-30, 31-60, 61-90, 90+",
       .details = "Give one of --org-unit (its subtree), --group nodes/N or --customer. Each "
                  "bucket shows the amount in full and in 万元 and its milestones; then the "
                  "total overdue and what is not due yet.",
       .flags = {{.name = "org-unit", .value_name = "ORGUNIT", .help = "an org unit subtree"},
                 {.name = "group", .value_name = "NODE", .help = "a customer group's node"},
                 {.name = "customer", .value_name = "CUSTOMER", .help = "one customer"},
                 {.name = "currency", .value_name = "CODE", .help = report_currency_help}},
       .run = DispatchContract<RunAging>},
  };
}

}  // namespace crm::crmctl
