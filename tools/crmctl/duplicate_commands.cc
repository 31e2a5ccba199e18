#include "tools/crmctl/duplicate_commands.h"

#include <memory>
#include <string>
#include <utility>

#include "google/protobuf/struct.pb.h"
#include "libs/names/operation_names.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/branch_placer.h"
#include "tools/crmctl/customer_requests.h"
#include "tools/crmctl/duplicate_printer.h"
#include "tools/crmctl/json_printer.h"
#include "tools/crmctl/rpc_call.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;
using google::longrunning::Operation;

// How often `customer duplicates scan --wait` reads the scan's progress.
constexpr absl::Duration kScanPollInterval = absl::Seconds(1);

// OPERATION as printed by the scan ("operations/customer/ID"), or its bare
// id, which is the customer service's.
absl::StatusOr<std::string> OperationArgument(const std::string& text) {
  if (names::ParseOperationName(text).has_value()) return text;
  const std::string name = names::OperationName(names::kLegacyOperationService, text);
  if (!text.empty() && text.find('/') == std::string::npos &&
      names::ParseOperationName(name).has_value()) {
    return name;
  }
  return UsageError(crm::StrCat("OPERATION: \"", text,
                                "\" is not an operation name, e.g. operations/customer/ID as "
                                "\"customer duplicates scan\" prints it"));
}

absl::Status GetOperation(OperationsStub& operations, const ContextFactory& contexts,
                          const std::string& name, Operation* operation) {
  google::longrunning::GetOperationRequest request;
  request.set_name(name);
  return Call(operations, &OperationsStub::GetOperation, contexts, request, operation);
}

v1::ScanDuplicatesMetadata MetadataOf(const Operation& operation) {
  v1::ScanDuplicatesMetadata metadata;
  // An operation of another kind shows as 0%; its result is refused below.
  operation.metadata().UnpackTo(&metadata);
  return metadata;
}

// The result of a finished scan: its failure as the scan's own status, or an
// error when the operation is not a duplicate scan.
absl::StatusOr<v1::ScanDuplicatesResponse> ResultOf(const Operation& operation) {
  if (operation.has_error()) {
    return absl::Status(static_cast<absl::StatusCode>(operation.error().code()),
                        crm::StrCat("the duplicate scan ", operation.name(),
                                    " failed: ", operation.error().message()));
  }
  v1::ScanDuplicatesResponse result;
  if (!operation.response().Is<v1::ScanDuplicatesResponse>() ||
      !operation.response().UnpackTo(&result)) {
    return absl::InvalidArgumentError(crm::StrCat(operation.name(),
                                                  " is not a duplicate scan (its result is ",
                                                  operation.response().type_url(), ")"));
  }
  return result;
}

std::string ProgressOf(const Operation& operation) {
  return ScanProgress(MetadataOf(operation), operation.done());
}

google::protobuf::Struct OutcomesAsJson(const std::vector<PlacementOutcome>& outcomes) {
  google::protobuf::Struct document;
  google::protobuf::ListValue* list = (*document.mutable_fields())["outcomes"].mutable_list_value();
  for (const PlacementOutcome& outcome : outcomes) {
    google::protobuf::Struct* item = list->add_values()->mutable_struct_value();
    auto set = [item](const char* key, const std::string& value) {
      if (!value.empty()) (*item->mutable_fields())[key].set_string_value(value);
    };
    set("outcome", PlacementOutcomeName(outcome.kind));
    set("branch", outcome.placement.branch());
    set("head_office", outcome.placement.head_office());
    set("node", outcome.node);
    set("why", outcome.why);
  }
  return document;
}

}  // namespace

absl::Status RunScanDuplicates(const Invocation& invocation, CustomerStub& customers,
                               OperationsStub& operations, const ContextFactory& contexts,
                               std::ostream& out, PollWaiter& waiter, absl::Duration interval) {
  Operation operation;
  if (invocation.args.empty()) {
    absl::StatusOr<v1::ScanDuplicatesRequest> request = BuildScanDuplicatesRequest(invocation);
    if (!request.ok()) return request.status();
    absl::Status status =
        Call(customers, &CustomerStub::ScanDuplicates, contexts, *request, &operation);
    if (!status.ok()) return status;
  } else {
    if (invocation.flags.Has("min-score")) {
      return UsageError("--min-score sets the threshold of a new scan; give it without OPERATION");
    }
    absl::StatusOr<std::string> name = OperationArgument(invocation.args[0]);
    if (!name.ok()) return name.status();
    absl::Status status = GetOperation(operations, contexts, *name, &operation);
    if (!status.ok()) return status;
  }
  const bool json = invocation.options.output == OutputFormat::kJson;
  std::string shown = ProgressOf(operation);
  if (!json) out << operation.name() << ": " << shown << '\n' << std::flush;
  if (invocation.flags.IsOn("wait")) {
    while (!operation.done()) {
      waiter.Wait(interval);
      if (waiter.StopRequested()) {
        if (!json) {
          out << "Stopped watching; the scan goes on: \"crmctl customer duplicates scan "
              << operation.name() << " --wait\" follows it again.\n";
        }
        break;
      }
      const std::string name = operation.name();
      absl::Status status = GetOperation(operations, contexts, name, &operation);
      if (!status.ok()) return status;
      const std::string progress = ProgressOf(operation);
      if (!json && progress != shown) out << operation.name() << ": " << progress << '\n';
      out << std::flush;
      shown = progress;
    }
  }
  if (json) {
    absl::Status status = PrintJson(operation, out);
    if (!status.ok()) return status;
  }
  if (!operation.done()) {
    if (!json && !invocation.flags.IsOn("wait")) {
      out << "Follow it with \"crmctl customer duplicates scan " << operation.name()
          << " --wait\".\n";
    }
    return absl::OkStatus();
  }
  absl::StatusOr<v1::ScanDuplicatesResponse> result = ResultOf(operation);
  if (!result.ok()) return result.status();
  if (!json) PrintScanResult(*result, out);
  return absl::OkStatus();
}

absl::Status RunPlaceBranches(const Invocation& invocation, OperationsStub& operations,
                              HierarchyStub& hierarchy, const ContextFactory& contexts,
                              std::ostream& out) {
  absl::StatusOr<std::string> name = OperationArgument(invocation.args[0]);
  if (!name.ok()) return name.status();
  Operation operation;
  absl::Status status = GetOperation(operations, contexts, *name, &operation);
  if (!status.ok()) return status;
  if (!operation.done()) {
    return absl::FailedPreconditionError(
        crm::StrCat("the duplicate scan ", *name, " is still ", ProgressOf(operation),
                    "; place its branches once it is done (\"crmctl customer duplicates scan ",
                    *name, " --wait\" waits for it)"));
  }
  absl::StatusOr<v1::ScanDuplicatesResponse> result = ResultOf(operation);
  if (!result.ok()) return result.status();

  const bool dry_run = invocation.flags.IsOn("dry-run");
  std::vector<PlacementOutcome> outcomes;
  absl::Status stopped;
  for (const v1::BranchPlacement& placement : result->branch_placements()) {
    absl::StatusOr<PlacementOutcome> outcome = PlaceBranch(hierarchy, contexts, placement, dry_run);
    if (!outcome.ok()) {
      stopped = outcome.status();
      break;
    }
    outcomes.push_back(*std::move(outcome));
  }
  if (invocation.options.output == OutputFormat::kJson) {
    status = PrintJson(OutcomesAsJson(outcomes), out);
    if (!status.ok()) return status;
  } else {
    PrintPlacementOutcomes(outcomes, out);
    if (result->total_branch_placements() > result->branch_placements_size()) {
      out << "The scan found " << result->total_branch_placements()
          << " branch relations and listed the first " << result->branch_placements_size()
          << "; scan again once these are placed for the rest.\n";
    }
  }
  if (!stopped.ok()) return stopped;
  int failed = 0;
  for (const PlacementOutcome& outcome : outcomes) {
    if (outcome.kind == PlacementOutcome::Kind::kFailed) ++failed;
  }
  if (failed > 0) {
    return absl::FailedPreconditionError(crm::StrCat(
        failed, " of ", outcomes.size(), " branch placements failed; WHY above says why"));
  }
  return absl::OkStatus();
}

std::vector<CommandSpec> DuplicateCommands() {
  return {
      {.path = "customer duplicates scan",
       .args = "[OPERATION]",
       .max_args = 1,
       .summary = "scan every customer for duplicates and branch relations (HQ)",
       .details = "Starts a scan (a long-running operation) and prints its name and progress; "
                  "given OPERATION, shows that scan instead. With --wait it follows the scan "
                  "until it is done (Ctrl-C stops watching, not the scan), then prints the "
                  "duplicate groups to review and, apart from them, the branches found beside "
                  "their head office: those are not duplicates; \"crmctl customer branches "
                  "place OPERATION\" puts them in the head office's customer group.",
       .flags = {{.name = "min-score",
                  .value_name = "SCORE",
                  .help = "join customers scoring at least SCORE, 0.01-1 (default 0.75)"},
                 {.name = "wait", .help = "follow the scan until it is done"}},
       .run =
           [](const Invocation& invocation, const Connection& connection, std::ostream& out) {
             std::unique_ptr<OperationsStub> operations =
                 google::longrunning::Operations::NewStub(connection.channel);
             InterruptWaiter waiter;
             return RunScanDuplicates(invocation, connection.customers, *operations,
                                      connection.contexts, out, waiter, kScanPollInterval);
           }},
      {.path = "customer branches place",
       .args = "OPERATION",
       .min_args = 1,
       .max_args = 1,
       .summary = "place the branches a duplicate scan found under their head office",
       .details = "For each branch placement of the finished scan OPERATION: when the head "
                  "office is in a customer group and the branch in none, attaches the branch "
                  "under the head office's node with edge BRANCH. Prints each one placed, or "
                  "skipped and why (head office in no group, branch already in a group). "
                  "Running it again places nothing twice.",
       .flags = {{.name = "dry-run", .help = "show what would be placed, change nothing"}},
       .run =
           [](const Invocation& invocation, const Connection& connection, std::ostream& out) {
             std::unique_ptr<OperationsStub> operations =
                 google::longrunning::Operations::NewStub(connection.channel);
             return RunPlaceBranches(invocation, *operations, connection.hierarchy,
                                     connection.contexts, out);
           }},
  };
}

}  // namespace crm::crmctl
