#include "tools/crmctl/merge_commands.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/command_support.h"
#include "tools/crmctl/common_flags.h"
#include "tools/crmctl/customer_printer.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/json_printer.h"
#include "tools/crmctl/merge_requests.h"
#include "tools/crmctl/resource_names.h"
#include "tools/crmctl/rpc_call.h"
#include "tools/crmctl/table_printer.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;
using Stub = CustomerStub;

// The value of one mergeable field as the customer record prints it; empty
// for a field this crmctl does not know.
std::string FieldValue(const std::string& field, const v1::Customer& customer) {
  if (field == "display_name") return customer.display_name();
  if (field == "legal_name") return customer.legal_name();
  if (field == "short_name") return customer.short_name();
  if (field == "uscc") return customer.uscc();
  if (field == "industry") return customer.industry();
  if (field == "region") return customer.region();
  if (field == "ownership_type") {
    return OwnershipTypeName(customer.ownership_type());
  }
  if (field == "size_band") return SizeBandName(customer.size_band());
  return "";
}

// Which customer each field came from and why, the survivor marked.
void PrintFieldSources(const v1::MergeCustomersResponse& response, std::ostream& out) {
  TablePrinter table({"FIELD", "VALUE", "FROM", "REASON"});
  const std::string& survivor = response.customer().name();
  for (const v1::FieldSource& source : response.field_sources()) {
    std::string from = LastSegment(source.source());
    if (source.source() == survivor) from += " (survivor)";
    table.AddRow(
        {source.field(), FieldValue(source.field(), response.customer()), from, source.reason()});
  }
  table.Print(out);
}

void PrintMerge(const v1::MergeCustomersResponse& response, bool dry_run, std::ostream& out) {
  const std::string merged = absl::StrJoin(response.merged(), ", ");
  const std::string& survivor = response.customer().name();
  if (dry_run) {
    out << "Dry run, nothing was written: merging " << merged << " into " << survivor
        << " would give this record.\n";
  } else {
    out << "Merged " << merged << " into " << survivor << ".\n";
  }
  out << '\n';
  PrintFieldSources(response, out);
  out << '\n';
  PrintCustomer(response.customer(), out);
}

void PrintUnmerge(const v1::UnmergeCustomerResponse& response, std::ostream& out) {
  PrintCustomer(response.customer(), out);
  out << '\n'
      << "Restored " << response.customer().name() << ". The survivor "
      << response.survivor().name() << " gave back what the merge had given it (etag now "
      << response.survivor().etag() << ").\n";
}

}  // namespace

absl::Status RunMergeCustomers(const Invocation& invocation, Stub& stub,
                               const ContextFactory& contexts, std::ostream& out) {
  absl::StatusOr<v1::MergeCustomersRequest> request = BuildMergeCustomersRequest(invocation);
  if (!request.ok()) return request.status();
  v1::MergeCustomersResponse response;
  absl::Status status = Call(stub, &Stub::MergeCustomers, contexts, *request, &response);
  if (!status.ok()) return status;
  if (invocation.options.output == OutputFormat::kJson) {
    return PrintJson(response, out);
  }
  PrintMerge(response, request->validate_only(), out);
  return absl::OkStatus();
}

absl::Status RunUnmergeCustomer(const Invocation& invocation, Stub& stub,
                                const ContextFactory& contexts, std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildUnmergeCustomerRequest,
                  &Stub::UnmergeCustomer, PrintUnmerge);
}

std::vector<CommandSpec> MergeCommands() {
  // The survivor and the server's limit of 49 others.
  constexpr int kMaxArgs = 50;
  FlagSpec etag = EtagFlag();
  etag.help =
      "merge only if the survivor still has this etag (from get); "
      "ABORTED otherwise";
  return {
      {.path = "customer merge",
       .args = "SURVIVOR OTHER...",
       .min_args = 2,
       .max_args = kMaxArgs,
       .summary = "merge customers that are one legal entity into a survivor",
       .details = "Each identity field is taken by rule: --keep, else a non-empty "
                  "value, a trusted source system, the most recently updated "
                  "record, the survivor. Contacts, references, tags and account "
                  "teams are unioned. The others get state MERGED and point at the "
                  "survivor; \"customer unmerge\" restores one. Customers of "
                  "different owners need HQ. Try it first:\n"
                  "  crmctl customer merge C1 C2 --keep uscc=C2 --dry-run",
       .flags = {{.name = "keep",
                  .value_name = "FIELD=ID",
                  .help = crm::StrCat("take FIELD from customer ID (the survivor or one of "
                                      "the others); FIELD: ",
                                      absl::StrJoin(MergeableFields(), ", "), "; repeat for more"),
                  .repeated = true},
                 {.name = "dry-run",
                  .help = "show the merged record and each field's source; "
                          "write nothing"},
                 etag},
       .run = Dispatch<RunMergeCustomers>},
      {.path = "customer unmerge",
       .args = "ID",
       .min_args = 1,
       .max_args = 1,
       .summary = "restore a merged customer as it was before the merge",
       .details = "The survivor gives back what the merge brought it from "
                  "ID, keeping later edits of its own.",
       .run = Dispatch<RunUnmergeCustomer>},
  };
}

}  // namespace crm::crmctl
