#include "tools/crmctl/hierarchy_commands.h"

#include <cerrno>
#include <fstream>
#include <ostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/command_support.h"
#include "tools/crmctl/common_flags.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/field_format.h"
#include "tools/crmctl/hierarchy_printer.h"
#include "tools/crmctl/hierarchy_requests.h"
#include "tools/crmctl/structure_csv.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::hierarchy::v1;
using Stub = HierarchyStub;

void PrintRollupResponse(const v1::Rollup& rollup, std::ostream& out) { PrintRollup(rollup, out); }

// The group of a customer: its node and the group's root.
absl::StatusOr<v1::FindGroupResponse> FindGroup(Stub& stub, const ContextFactory& contexts,
                                                const std::string& customer) {
  v1::FindGroupRequest request;
  request.set_customer(customer);
  v1::FindGroupResponse response;
  absl::Status status = Call(stub, &Stub::FindGroup, contexts, request, &response);
  if (!status.ok()) return status;
  if (response.root().name().empty() || response.node().name().empty()) {
    return absl::InternalError(
        crm::StrCat("the server found the group of ", customer, " but named no node"));
  }
  return response;
}

absl::Status RunTree(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                     std::ostream& out) {
  absl::StatusOr<v1::ListSubtreeRequest> request = BuildListSubtreeRequest(invocation);
  if (!request.ok()) return request.status();
  absl::StatusOr<NodeOrCustomer> target = ParseNodeOrCustomer(invocation.args.at(0));
  if (!target.ok()) return target.status();
  std::string marked;
  if (!target->customer.empty()) {
    absl::StatusOr<v1::FindGroupResponse> group = FindGroup(stub, contexts, target->customer);
    if (!group.ok()) return group.status();
    request->set_name(group->root().name());
    marked = group->node().name();
  }
  v1::ListSubtreeResponse response;
  absl::Status status = CallPages(stub, &Stub::ListSubtree, contexts, *std::move(request),
                                  /*all_pages=*/true, &response);
  if (!status.ok()) return status;
  if (invocation.options.output == OutputFormat::kJson) {
    return PrintJson(response, out);
  }
  if (response.nodes().empty()) {
    out << "No nodes found.\n";
    return absl::OkStatus();
  }
  PrintTree(response.nodes(), marked, out);
  return absl::OkStatus();
}

absl::Status RunPath(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                     std::ostream& out) {
  absl::StatusOr<NodeOrCustomer> target = ParseNodeOrCustomer(invocation.args.at(0));
  if (!target.ok()) return target.status();
  v1::Node node;
  v1::Node root;
  if (!target->customer.empty()) {
    absl::StatusOr<v1::FindGroupResponse> group = FindGroup(stub, contexts, target->customer);
    if (!group.ok()) return group.status();
    node = group->node();
    root = group->root();
  } else {
    v1::GetNodeRequest request;
    request.set_name(target->node);
    absl::Status status = Call(stub, &Stub::GetNode, contexts, request, &node);
    if (!status.ok()) return status;
  }
  // The ancestors come as names; get each for its display name and edge.
  v1::ListSubtreeResponse path;
  for (const std::string& ancestor : node.ancestors()) {
    v1::Node* step = path.add_nodes();
    if (ancestor == root.name()) {
      *step = root;
      continue;
    }
    v1::GetNodeRequest request;
    request.set_name(ancestor);
    absl::Status status = Call(stub, &Stub::GetNode, contexts, request, step);
    if (!status.ok()) return status;
  }
  *path.add_nodes() = std::move(node);
  if (invocation.options.output == OutputFormat::kJson) {
    return PrintJson(path, out);
  }
  PrintPath(path.nodes(), out);
  return absl::OkStatus();
}

absl::Status RunCreateGroup(const Invocation& invocation, Stub& stub,
                            const ContextFactory& contexts, std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildCreateGroupRequest, &Stub::CreateGroup,
                  PrintNode);
}

absl::Status RunAttach(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                       std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildAttachNodeRequest, &Stub::AttachNode,
                  PrintNode);
}

absl::Status RunMove(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                     std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildMoveNodeRequest, &Stub::MoveNode,
                  PrintNode);
}

absl::Status RunDetach(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                       std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildDetachNodeRequest, &Stub::DetachNode,
                  PrintNode);
}

absl::Status RunRollup(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                       std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildGetRollupRequest, &Stub::GetRollup,
                  PrintRollupResponse);
}

// The report of an import with problems, as JSON or lines, and the error
// that makes the command fail.
absl::Status ReportProblems(const Invocation& invocation,
                            const v1::ImportStructureResponse& response, int rows,
                            std::string_view what, std::ostream& out) {
  if (invocation.options.output == OutputFormat::kJson) {
    absl::Status status = PrintJson(response, out);
    if (!status.ok()) return status;
  } else {
    PrintImportReport(response, rows, /*validate_only=*/false, out);
  }
  const int count = response.problems_size();
  return absl::InvalidArgumentError(crm::StrCat(invocation.args.at(0), " has ", GroupDigits(count),
                                                count == 1 ? " problem" : " problems", "; ", what));
}

// `hierarchy import FILE`: reads the whole file, then sends it in one
// request, as an import is all or nothing.
absl::Status RunImport(const Invocation& invocation, const Connection& connection,
                       std::ostream& out) {
  const std::string& path = invocation.args.at(0);
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::ErrnoToStatus(errno, crm::StrCat("cannot read ", path));
  std::ostream& err = connection.err;
  const bool show_progress = invocation.options.show_progress;
  bool progress_shown = false;
  const StructureCsv csv = ParseStructureCsv(file, [&](int rows) {
    if (!show_progress) return;
    err << "\rread " << GroupDigits(rows) << " rows…" << std::flush;
    progress_shown = true;
  });
  if (file.bad()) return absl::DataLossError(crm::StrCat("cannot read ", path));
  const int rows = static_cast<int>(csv.rows.size());
  if (progress_shown) err << "\rread " << GroupDigits(rows) << " rows\n";

  if (!csv.problems.empty()) {
    v1::ImportStructureResponse local;
    for (const v1::ImportProblem& problem : csv.problems) {
      *local.add_problems() = problem;
    }
    return ReportProblems(invocation, local, rows, "nothing was sent", out);
  }
  if (rows == 0) {
    return absl::InvalidArgumentError(crm::StrCat(path, " has a header but no rows"));
  }
  if (rows > kMaxImportRows) {
    return absl::InvalidArgumentError(crm::StrCat(
        path, " has ", GroupDigits(rows), " rows; one import takes at most ",
        GroupDigits(kMaxImportRows), " (all or nothing, so crmctl does not split a file)"));
  }

  v1::ImportStructureRequest request;
  request.mutable_rows()->Reserve(rows);
  for (const v1::ImportRow& row : csv.rows) *request.add_rows() = row;
  const bool validate_only = invocation.flags.IsOn("validate-only");
  request.set_validate_only(validate_only);
  request.set_request_id(invocation.options.request_id);
  if (show_progress) {
    err << (validate_only ? "checking " : "importing ") << GroupDigits(rows) << " rows…\n";
  }
  v1::ImportStructureResponse response;
  absl::Status status =
      Call(connection.hierarchy, &Stub::ImportStructure, connection.contexts, request, &response);
  if (!status.ok()) return status;
  if (!response.problems().empty()) {
    return ReportProblems(invocation, response, rows, "nothing was imported", out);
  }
  if (invocation.options.output == OutputFormat::kJson) {
    return PrintJson(response, out);
  }
  PrintImportReport(response, rows, validate_only, out);
  return absl::OkStatus();
}

}  // namespace

std::vector<CommandSpec> HierarchyCommands() {
  const std::string node_details = "Name a node by id (n42) or by name (nodes/n42).";
  const std::string edge_help = crm::StrCat("how it hangs under its parent: ", EdgeTypeChoices());
  const FlagSpec ownership = {.name = "ownership",
                              .value_name = "PERCENT",
                              .help =
                                  "the parent's share, 0-100 with up to two decimals, e.g. 51.25 "
                                  "(wholly-owned, controlled and affiliate edges only)"};
  const FlagSpec effective_from = {
      .name = "effective-from", .value_name = "YYYY-MM-DD", .help = "when the edge took effect"};
  return {
      {.path = "hierarchy tree",
       .args = "CUSTOMER_OR_NODE",
       .min_args = 1,
       .max_args = 1,
       .summary = "draw a customer group, or the subtree under a node",
       .details = "Give customers/ID for the whole group of that customer (its line "
                  "is marked ◀) or nodes/ID for the subtree under that node. Each "
                  "line shows the display name, the edge to the parent, the "
                  "ownership and the owner org unit; children come by node name. "
                  "Every page is fetched; -o json prints the nodes breadth-first.",
       .flags = {{.name = "depth",
                  .value_name = "N",
                  .help = "levels below the top to show (default 0: all)"}},
       .run = DispatchHierarchy<RunTree>},
      {.path = "hierarchy path",
       .args = "NODE_OR_CUSTOMER",
       .min_args = 1,
       .max_args = 1,
       .summary = "show the nodes from the group root down to a node",
       .details = "Give nodes/ID, or customers/ID for that customer's node.",
       .run = DispatchHierarchy<RunPath>},
      {.path = "hierarchy create-group",
       .args = "CUSTOMER",
       .min_args = 1,
       .max_args = 1,
       .summary = "make a customer the root of a new group",
       .details = "Name the customer by id or customers/ID. With the global "
                  "--request-id a retry creates nothing twice.",
       .run = DispatchHierarchy<RunCreateGroup>},
      {.path = "hierarchy attach",
       .args = "PARENT_NODE",
       .min_args = 1,
       .max_args = 1,
       .summary = "hang a customer, department or business line under a node",
       .details = node_details + " Give one of --customer (a customer in no group yet), "
                                 "--department or --business-line. A customer needs --edge; a "
                                 "department or business line hangs by \"department\". With the "
                                 "global --request-id a retry attaches nothing twice.",
       .flags = {{.name = "customer",
                  .value_name = "CUSTOMER",
                  .help = "the customer to attach: id or customers/ID"},
                 {.name = "department",
                  .value_name = "NAME",
                  .help = "a new department of the parent, e.g. 采购部"},
                 {.name = "business-line",
                  .value_name = "NAME",
                  .help = "a new business line of the parent"},
                 {.name = "edge",
                  .value_name = "TYPE",
                  .help = edge_help + " (required for --customer)"},
                 ownership,
                 effective_from},
       .run = DispatchHierarchy<RunAttach>},
      {.path = "hierarchy move",
       .args = "NODE",
       .min_args = 1,
       .max_args = 1,
       .summary = "move a node and everything under it to a new parent",
       .details = node_details + " The new parent may be in another group, but not under "
                                 "the node itself (FAILED_PRECONDITION).",
       .flags = {{.name = "to", .value_name = "NODE", .help = "the new parent (required)"},
                 {.name = "edge", .value_name = "TYPE", .help = edge_help + " (required)"},
                 ownership,
                 effective_from,
                 EtagFlag()},
       .run = DispatchHierarchy<RunMove>},
      {.path = "hierarchy detach",
       .args = "NODE",
       .min_args = 1,
       .max_args = 1,
       .summary = "cut a node and its subtree loose as a group of its own",
       .details = node_details,
       .flags = {EtagFlag()},
       .run = DispatchHierarchy<RunDetach>},
      {.path = "hierarchy rollup",
       .args = "NODE",
       .min_args = 1,
       .max_args = 1,
       .summary = "count a subtree's nodes by kind, region and owner",
       .details = node_details,
       .run = DispatchHierarchy<RunRollup>},
      {.path = "hierarchy import",
       .args = "FILE.csv",
       .min_args = 1,
       .max_args = 1,
       .summary = "import group structures from a CSV file, all or nothing",
       .details = "The file starts with the header "
                  "parent,child,edge_type,ownership_percent; each row hangs child "
                  "under parent, both a USCC or SOURCE_SYSTEM:SOURCE_ID of a "
                  "customer, by wholly_owned, controlled, affiliate or branch. Rows "
                  "may come in any order; at most 100,000 per file, sent in one "
                  "request. If any row is wrong nothing is written and every "
                  "problem is listed as \"line N: field: reason\" (exit status 1). "
                  "A large file may need a longer --timeout, e.g. 2m.",
       .flags = {{.name = "validate-only", .help = "check every row and report; write nothing"}},
       .run = RunImport},
  };
}

}  // namespace crm::crmctl
