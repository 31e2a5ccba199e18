#include "tools/crmctl/customer_commands.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

#include "tools/crmctl/change_watch.h"
#include "tools/crmctl/command_support.h"
#include "tools/crmctl/common_flags.h"
#include "tools/crmctl/cursor_file.h"
#include "tools/crmctl/customer_printer.h"
#include "tools/crmctl/customer_requests.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/json_printer.h"
#include "tools/crmctl/record_printer.h"
#include "tools/crmctl/rpc_call.h"
#include "tools/crmctl/table_printer.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;
using Stub = CustomerStub;

void PrintCustomers(const v1::ListCustomersResponse& response, std::ostream& out) {
  PrintCustomerTable(response.customers(), out);
}

int CountCustomers(const v1::ListCustomersResponse& response) { return response.customers_size(); }

void PrintHistory(const v1::ListCustomerHistoryResponse& response, std::ostream& out) {
  PrintHistoryTable(response.entries(), out);
}

int CountHistory(const v1::ListCustomerHistoryResponse& response) {
  return response.entries_size();
}

void PrintDuplicates(const v1::SearchDuplicatesResponse& response, std::ostream& out) {
  if (response.matches().empty()) {
    out << "No likely duplicates found.\n";
    return;
  }
  PrintDuplicateTable(response.matches(), out);
}

void PrintUpsert(const v1::UpsertCustomerByExternalReferenceResponse& response, std::ostream& out) {
  RecordPrinter record;
  record.Add("outcome", UpsertOutcomeName(response.outcome()));
  AddCustomerFields(response.customer(), &record);
  record.Print(out);
}

// The server's largest page of changes.
constexpr int64_t kMaxChangesPage = 1000;

void PrintResumeHint(const std::string& cursor, std::ostream& err) {
  if (!cursor.empty()) err << "resume with --cursor " << cursor << '\n';
}

// One page as the -o option says; an error when `out` takes no more.
absl::Status PrintChanges(const v1::ListCustomerChangesResponse& page, OutputFormat format,
                          TableStream* table, std::ostream& out) {
  if (format == OutputFormat::kJson) {
    for (const v1::CustomerChange& change : page.changes()) {
      absl::Status status = PrintJsonLine(change, out);
      if (!status.ok()) return status;
    }
  } else {
    PrintChangeRows(page.changes(), table, out);
  }
  // Printed before the cursor moves past them.
  out.flush();
  if (!out) {
    return absl::DataLossError(
        "cannot write the changes to standard output; the cursor was not "
        "moved past them");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status RunCreateCustomer(const Invocation& invocation, Stub& stub,
                               const ContextFactory& contexts, std::ostream& out,
                               std::ostream& err) {
  absl::StatusOr<v1::CreateCustomerRequest> request = BuildCreateCustomerRequest(invocation);
  if (!request.ok()) return request.status();
  v1::Customer created;
  absl::Status status = Call(stub, &Stub::CreateCustomer, contexts, *request, &created);
  if (!status.ok()) return status;
  if (invocation.options.output == OutputFormat::kJson) {
    status = PrintJson(created, out);
    if (!status.ok()) return status;
  } else {
    PrintCustomer(created, out);
  }
  // The record first, then the warning, also when both reach one terminal.
  out.flush();
  PrintPossibleDuplicatesWarning(created, err);
  return absl::OkStatus();
}

absl::Status RunGetCustomer(const Invocation& invocation, Stub& stub,
                            const ContextFactory& contexts, std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildGetCustomerRequest, &Stub::GetCustomer,
                  PrintCustomer);
}

absl::Status RunListCustomers(const Invocation& invocation, Stub& stub,
                              const ContextFactory& contexts, std::ostream& out) {
  return RunList(invocation, stub, contexts, out, BuildListCustomersRequest, &Stub::ListCustomers,
                 CountCustomers, PrintCustomers, "customers");
}

absl::Status RunUpdateCustomer(const Invocation& invocation, Stub& stub,
                               const ContextFactory& contexts, std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildUpdateCustomerRequest,
                  &Stub::UpdateCustomer, PrintCustomer);
}

absl::Status RunDeleteCustomer(const Invocation& invocation, Stub& stub,
                               const ContextFactory& contexts, std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildDeleteCustomerRequest,
                  &Stub::DeleteCustomer, PrintCustomer);
}

absl::Status RunUndeleteCustomer(const Invocation& invocation, Stub& stub,
                                 const ContextFactory& contexts, std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildUndeleteCustomerRequest,
                  &Stub::UndeleteCustomer, PrintCustomer);
}

absl::Status RunLookupCustomer(const Invocation& invocation, Stub& stub,
                               const ContextFactory& contexts, std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildLookupCustomerRequest,
                  &Stub::LookupCustomer, PrintCustomer);
}

absl::Status RunUpsertCustomer(const Invocation& invocation, Stub& stub,
                               const ContextFactory& contexts, std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildUpsertCustomerRequest,
                  &Stub::UpsertCustomerByExternalReference, PrintUpsert);
}

absl::Status RunSetCustomerOwner(const Invocation& invocation, Stub& stub,
                                 const ContextFactory& contexts, std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildSetCustomerOwnerRequest,
                  &Stub::SetCustomerOwner, PrintCustomer);
}

absl::Status RunAddTeamMember(const Invocation& invocation, Stub& stub,
                              const ContextFactory& contexts, std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildAddTeamMemberRequest,
                  &Stub::AddAccountTeamMember, PrintCustomer);
}

absl::Status RunRemoveTeamMember(const Invocation& invocation, Stub& stub,
                                 const ContextFactory& contexts, std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildRemoveTeamMemberRequest,
                  &Stub::RemoveAccountTeamMember, PrintCustomer);
}

absl::Status RunSearchDuplicates(const Invocation& invocation, Stub& stub,
                                 const ContextFactory& contexts, std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildSearchDuplicatesRequest,
                  &Stub::SearchDuplicates, PrintDuplicates);
}

absl::Status RunListHistory(const Invocation& invocation, Stub& stub,
                            const ContextFactory& contexts, std::ostream& out) {
  return RunList(invocation, stub, contexts, out, BuildListHistoryRequest,
                 &Stub::ListCustomerHistory, CountHistory, PrintHistory, "history entries");
}

absl::Status RunCustomerChanges(const Invocation& invocation, Stub& stub,
                                const ContextFactory& contexts, std::ostream& out,
                                std::ostream& err, PollWaiter& waiter) {
  absl::StatusOr<ChangeFeedPlan> plan = BuildChangeFeedPlan(invocation);
  if (!plan.ok()) return plan.status();
  v1::ListCustomerChangesRequest& request = plan->request;
  if (!plan->cursor_file.empty()) {
    absl::StatusOr<std::optional<std::string>> saved = ReadCursorFile(plan->cursor_file);
    if (!saved.ok()) return saved.status();
    // The file wins over --since, which only says where the first run
    // starts.
    if (saved->has_value()) {
      request.clear_start_time();
      request.set_page_token(**saved);
    }
  }
  TableStream table = ChangeTable();
  std::string cursor;  // the latest next_page_token
  int64_t printed = 0;
  // Ends with the resume hint however it ends, once there is a cursor.
  auto finish = [&](absl::Status status) {
    PrintResumeHint(cursor, err);
    return status;
  };
  // Following without a limit: the server pushes changes as they commit.
  // With --limit, pages keep the cursor exactly after the last one printed.
  if (plan->follow && plan->limit == 0) {
    std::optional<absl::Status> watched = WatchChanges(
        stub, contexts, WatchRequestFor(request), waiter,
        [&](const v1::WatchCustomerChangesResponse& message) -> absl::Status {
          if (message.next_page_token().empty()) {
            return absl::InternalError(
                "the server returned no cursor to resume from; stopped reading");
          }
          v1::ListCustomerChangesResponse page;
          *page.mutable_changes() = message.changes();
          absl::Status status = PrintChanges(page, invocation.options.output, &table, out);
          if (!status.ok()) return status;
          cursor = message.next_page_token();
          if (plan->cursor_file.empty()) return absl::OkStatus();
          return SaveCursorFile(plan->cursor_file, cursor);
        });
    if (watched.has_value()) return finish(*watched);
    // A server without WatchCustomerChanges: poll it.
  }
  while (true) {
    if (plan->limit > 0) {
      // Never more than --limit asks for, so the cursor resumes right after
      // the last change printed.
      request.set_page_size(static_cast<int32_t>(std::min(plan->limit - printed, kMaxChangesPage)));
    }
    v1::ListCustomerChangesResponse page;
    absl::Status status = Call(stub, &Stub::ListCustomerChanges, contexts, request, &page);
    if (!status.ok()) return finish(status);
    if (page.next_page_token().empty()) {
      return finish(
          absl::InternalError("the server returned no cursor to resume from; stopped reading"));
    }
    if (!page.changes().empty() && page.next_page_token() == request.page_token()) {
      return finish(
          absl::InternalError("the server returned the same cursor after a page of changes; "
                              "stopped reading"));
    }
    status = PrintChanges(page, invocation.options.output, &table, out);
    if (!status.ok()) return finish(status);
    cursor = page.next_page_token();
    if (!plan->cursor_file.empty()) {
      status = SaveCursorFile(plan->cursor_file, cursor);
      if (!status.ok()) return finish(status);
    }
    printed += page.changes_size();
    request.clear_start_time();
    request.set_page_token(cursor);
    if (plan->limit > 0 && printed >= plan->limit) break;
    if (waiter.StopRequested()) break;
    if (page.changes().empty()) {
      if (!plan->follow) break;
      waiter.Wait(plan->poll_interval);
      if (waiter.StopRequested()) break;
    }
  }
  if (invocation.options.output == OutputFormat::kTable && printed == 0 && !plan->follow) {
    out << "No changes found.\n";
  }
  return finish(absl::OkStatus());
}

std::vector<CommandSpec> CustomerCommands() {
  auto with = [](std::vector<FlagSpec> flags, std::vector<FlagSpec> more) {
    flags.insert(flags.end(), more.begin(), more.end());
    return flags;
  };
  const FlagSpec user = {.name = "user",
                         .value_name = "USER",
                         .help =
                             "one person of the org unit; omit for the "
                             "whole org unit"};
  const FlagSpec org_unit = {
      .name = "org-unit", .value_name = "ORGUNIT", .help = "the member's org unit (required)"};
  return {
      {.path = "customer create",
       .summary = "create a customer",
       .details = "--legal-name is required. The owner defaults to your own "
                  "org unit. When customers that may be the same legal "
                  "entity exist, a warning on stderr names them (see "
                  "\"customer duplicates\").",
       .flags = CustomerFieldFlags({.references = true, .owner = true}),
       .run =
           [](const Invocation& invocation, const Connection& connection, std::ostream& out) {
             return RunCreateCustomer(invocation, connection.customers, connection.contexts, out,
                                      connection.err);
           }},
      {.path = "customer get",
       .args = "ID",
       .min_args = 1,
       .max_args = 1,
       .summary = "show one customer",
       .run = Dispatch<RunGetCustomer>},
      {.path = "customer list",
       .summary = "list customers",
       .details = "A filter is an AND of terms, e.g.\n"
                  "  name:\"华信\" AND industry = \"C\" AND region = \"31*\"\n"
                  "  owner_org_unit = \"orgUnits/sub-east\", state = DELETED, "
                  "tags:\"战略客户\"",
       .flags = with({{.name = "filter",
                       .value_name = "EXPR",
                       .help = "only customers matching EXPR (see below)"},
                      {.name = "order-by",
                       .value_name = "FIELD",
                       .help = "display_name (default), update_time or "
                               "\"update_time desc\""}},
                     ListFlags(/*show_deleted=*/true)),
       .run = Dispatch<RunListCustomers>},
      {.path = "customer update",
       .args = "ID",
       .min_args = 1,
       .max_args = 1,
       .summary = "change the fields whose flags are given",
       .details = "Only the fields given change; an empty value (--short-name "
                  "\"\") clears one.",
       .flags = with(CustomerFieldFlags({.references = true}), {EtagFlag()}),
       .run = Dispatch<RunUpdateCustomer>},
      {.path = "customer delete",
       .args = "ID",
       .min_args = 1,
       .max_args = 1,
       .summary = "soft-delete a customer (undelete restores it)",
       .flags = {EtagFlag()},
       .run = Dispatch<RunDeleteCustomer>},
      {.path = "customer undelete",
       .args = "ID",
       .min_args = 1,
       .max_args = 1,
       .summary = "restore a deleted customer",
       .flags = {EtagFlag()},
       .run = Dispatch<RunUndeleteCustomer>},
      {.path = "customer lookup",
       .summary = "find the customer with a USCC or a source-system id",
       .details = "Give exactly one of --uscc and --ref.",
       .flags = {{.name = "uscc", .value_name = "CODE", .help = "unified social credit code"},
                 {.name = "ref",
                  .value_name = "SYSTEM:ID",
                  .help = "id in a source system, e.g. erp-sap:C-100234"}},
       .run = Dispatch<RunLookupCustomer>},
      {.path = "customer upsert",
       .summary = "create or update the customer linked to a source-system id",
       .details = "A customer with the same USCC is linked, not duplicated. "
                  "On update only the fields given change.",
       .flags = with(
           {{.name = "ref", .value_name = "SYSTEM:ID", .help = "the id in your system (required)"}},
           CustomerFieldFlags({.owner = true})),
       .run = Dispatch<RunUpsertCustomer>},
      {.path = "customer set-owner",
       .args = "ID ORGUNIT",
       .min_args = 2,
       .max_args = 2,
       .summary = "hand a customer to another owner org unit",
       .flags = {EtagFlag()},
       .run = Dispatch<RunSetCustomerOwner>},
      {.path = "customer team add",
       .args = "ID",
       .min_args = 1,
       .max_args = 1,
       .summary = "add or replace an account-team member",
       .flags = {org_unit,
                 user,
                 {.name = "role",
                  .value_name = "ROLE",
                  .help = "role in the team, e.g. sales, service, delivery "
                          "(required)"},
                 EtagFlag()},
       .run = Dispatch<RunAddTeamMember>},
      {.path = "customer team remove",
       .args = "ID",
       .min_args = 1,
       .max_args = 1,
       .summary = "remove an account-team member",
       .flags = {org_unit, user, EtagFlag()},
       .run = Dispatch<RunRemoveTeamMember>},
      {.path = "customer duplicates",
       .args = "[ID]",
       .max_args = 1,
       .summary = "find customers that may be the same legal entity",
       .details = "Give the ID of an existing customer, or the record of one not "
                  "created yet:\n"
                  "  crmctl customer duplicates --legal-name 上海华信能源科技有限公司 "
                  "--region 310115\n"
                  "A short form finds the legal names it abbreviates (--legal-name 华信, "
                  "上海华信, 华信能源 or 华信集团); traditional characters match simplified "
                  "ones. Scores run from 0 to 1 (1: the same USCC), best first. RELATION "
                  "says duplicate, or branch / head office / same head office for a "
                  "branch relation, which scores under the default threshold (see "
                  "--min-score) and is placed in the customer group, not merged "
                  "(\"customer branches place\"). Contacts are compared by their keyed "
                  "hashes and never shown.",
       .flags = {{.name = "legal-name",
                  .value_name = "NAME",
                  .help = "legal name of the record to match (or --uscc)"},
                 {.name = "uscc", .value_name = "CODE", .help = "its unified social credit code"},
                 {.name = "region",
                  .value_name = "CODE",
                  .help = "its GB/T 2260 division code, e.g. 310115"},
                 {.name = "phone",
                  .value_name = "PHONE",
                  .help = "a contact's mobile phone; repeat for more",
                  .repeated = true},
                 {.name = "email",
                  .value_name = "EMAIL",
                  .help = "a contact's e-mail; repeat for more",
                  .repeated = true},
                 {.name = "max", .value_name = "N", .help = "at most N matches, 1-50 (default 5)"},
                 {.name = "min-score",
                  .value_name = "SCORE",
                  .help = "only matches scoring at least SCORE, 0.01-1 "
                          "(default 0.75)"}},
       .run = Dispatch<RunSearchDuplicates>},
      {.path = "customer history",
       .args = "ID",
       .min_args = 1,
       .max_args = 1,
       .summary = "show who changed what, newest first",
       .flags = ListFlags(/*show_deleted=*/false),
       .run = Dispatch<RunListHistory>},
      {.path = "customer changes",
       .summary = "the change feed: every change of a customer, oldest first",
       .details = "For ERP/OA synchronisation. Prints pages of changes until one "
                  "comes back empty, then the cursor to resume from on stderr "
                  "(\"resume with --cursor TOKEN\"). -o json prints one JSON object "
                  "per change and line. Delivery is at least once: de-duplicate by "
                  "event_id. Changes are kept 30 days. From cron:\n"
                  "  crmctl customer changes --cursor-file /var/lib/erp/crm.cursor "
                  "--since 2024-05-01T00:00:00+08:00 -o json >> changes.jsonl\n"
                  "The file's cursor, once there, wins over --since. With --follow, "
                  "new changes stream in as they commit (WatchCustomerChanges), the "
                  "cursor is saved after each message, and Ctrl-C ends it after the "
                  "page in hand.",
       .flags = {{.name = "since",
                  .value_name = "TIME",
                  .help = "start at the first change at or after TIME (RFC "
                          "3339, e.g. 2024-05-06T09:30:00+08:00); default: "
                          "the oldest change kept"},
                 {.name = "cursor",
                  .value_name = "TOKEN",
                  .help = "resume where a previous run stopped"},
                 {.name = "limit", .value_name = "N", .help = "stop after N changes"},
                 {.name = "follow",
                  .help = "keep receiving new changes as they commit, until "
                          "interrupted"},
                 {.name = "poll-interval",
                  .value_name = "DURATION",
                  .help = "with --follow, wait this long after an empty page "
                          "when polling (with --limit, or a server without "
                          "WatchCustomerChanges; default 2s)"},
                 {.name = "cursor-file",
                  .value_name = "FILE",
                  .help = "resume from the cursor in FILE when it exists; "
                          "save the new cursor there after each page"}},
       .run =
           [](const Invocation& invocation, const Connection& connection, std::ostream& out) {
             InterruptWaiter waiter;
             return RunCustomerChanges(invocation, connection.customers, connection.contexts, out,
                                       connection.err, waiter);
           }},
  };
}

}  // namespace crm::crmctl
