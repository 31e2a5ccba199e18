#include "tools/crmctl/hierarchy_requests.h"

#include <optional>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/hierarchy_values.h"
#include "tools/crmctl/resource_names.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::hierarchy::v1;

constexpr std::string_view kCustomers = "customers/";
constexpr std::string_view kNodes = "nodes/";

// `status`'s reason as a usage error about `flag`.
absl::Status FlagError(std::string_view flag, const absl::Status& status) {
  return UsageError(crm::StrCat("--", std::string(flag), ": ", std::string(status.message())));
}

// --edge, required.
absl::StatusOr<v1::EdgeType> RequiredEdge(const FlagValues& flags) {
  const std::optional<std::string> text = flags.Get("edge");
  if (!text.has_value() || text->empty()) {
    return UsageError(crm::StrCat("--edge is required: ", EdgeTypeChoices()));
  }
  absl::StatusOr<v1::EdgeType> edge = ParseEdgeType(*text);
  if (!edge.ok()) return edge.status();
  if (*edge == v1::EDGE_TYPE_UNSPECIFIED) {
    return UsageError(crm::StrCat("--edge: use one of ", EdgeTypeChoices()));
  }
  return *edge;
}

// The fields an edge carries besides its type: --ownership and
// --effective-from, each checked.
struct EdgeFields {
  std::string ownership_percent;
  std::string effective_from;
};

absl::StatusOr<EdgeFields> ReadEdgeFields(const FlagValues& flags, v1::EdgeType edge) {
  EdgeFields fields;
  if (const auto ownership = flags.Get("ownership"); ownership.has_value()) {
    absl::StatusOr<std::string> percent = NormalizeOwnershipPercent(*ownership);
    if (!percent.ok()) return FlagError("ownership", percent.status());
    if (!EdgeHasOwnership(edge)) {
      return UsageError(
          crm::StrCat("--ownership is for wholly-owned, controlled and affiliate edges, "
                      "not ",
                      EdgeTypeName(edge)));
    }
    fields.ownership_percent = *percent;
  }
  if (const auto date = flags.Get("effective-from"); date.has_value()) {
    absl::Status status = CheckDate(*date);
    if (!status.ok()) return FlagError("effective-from", status);
    fields.effective_from = *date;
  }
  return fields;
}

// --FLAG NODE: a node id or name.
absl::StatusOr<std::string> NodeFlag(const FlagValues& flags, std::string_view flag) {
  const std::optional<std::string> value = flags.Get(flag);
  if (!value.has_value() || value->empty()) {
    return UsageError(crm::StrCat("--", std::string(flag), " is required"));
  }
  absl::StatusOr<std::string> name = CheckedNodeName(*value);
  if (!name.ok()) return FlagError(flag, name.status());
  return name;
}

}  // namespace

absl::StatusOr<NodeOrCustomer> ParseNodeOrCustomer(std::string_view argument) {
  NodeOrCustomer target;
  if (argument.starts_with(kNodes)) {
    absl::StatusOr<std::string> name = CheckedNodeName(argument);
    if (!name.ok()) return name.status();
    target.node = *name;
    return target;
  }
  if (argument.starts_with(kCustomers)) {
    absl::StatusOr<std::string> name = CustomerName(argument);
    if (!name.ok()) return name.status();
    target.customer = *name;
    return target;
  }
  return UsageError(crm::StrCat("\"", std::string(argument),
                                "\" is not customers/{customer} or "
                                "nodes/{node}"));
}

absl::StatusOr<v1::ListSubtreeRequest> BuildListSubtreeRequest(const Invocation& invocation) {
  absl::StatusOr<NodeOrCustomer> target = ParseNodeOrCustomer(invocation.args.at(0));
  if (!target.ok()) return target.status();
  v1::ListSubtreeRequest request;
  request.set_name(target->node);
  if (const auto depth = invocation.flags.Get("depth"); depth.has_value()) {
    int32_t levels = 0;
    if (!absl::SimpleAtoi(*depth, &levels) || levels < 0) {
      return UsageError(
          crm::StrCat("--depth: \"", *depth, "\" is not a number of levels (0 or more; 0: all)"));
    }
    request.set_max_depth(levels);
  }
  return request;
}

absl::StatusOr<v1::CreateGroupRequest> BuildCreateGroupRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> customer = CustomerName(invocation.args.at(0));
  if (!customer.ok()) return customer.status();
  v1::CreateGroupRequest request;
  request.set_customer(*customer);
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::AttachNodeRequest> BuildAttachNodeRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> parent = CheckedNodeName(invocation.args.at(0));
  if (!parent.ok()) return parent.status();
  const FlagValues& flags = invocation.flags;
  std::vector<std::string> given;
  for (const char* flag : {"customer", "department", "business-line"}) {
    if (flags.Has(flag)) given.push_back(flag);
  }
  if (given.size() != 1) {
    return UsageError(given.empty() ? "give what to attach: --customer, --department "
                                      "or --business-line"
                                    : "give only one of --customer, --department and "
                                      "--business-line");
  }
  const std::string& what = given.front();
  const std::string value = *flags.Get(what);

  v1::AttachNodeRequest request;
  request.set_parent(*parent);
  v1::Node* node = request.mutable_node();
  v1::EdgeType edge = v1::DEPARTMENT;
  if (what == "customer") {
    absl::StatusOr<std::string> customer = CustomerName(value);
    if (!customer.ok()) return FlagError(what, customer.status());
    absl::StatusOr<v1::EdgeType> given_edge = RequiredEdge(flags);
    if (!given_edge.ok()) return given_edge.status();
    edge = *given_edge;
    if (edge == v1::DEPARTMENT) {
      return UsageError(
          "--edge department is for --department and --business-line; a "
          "customer hangs by wholly-owned, controlled, affiliate or branch");
    }
    node->set_kind(v1::Node::CUSTOMER);
    node->set_customer(*customer);
  } else {
    if (value.empty()) {
      return UsageError(crm::StrCat("--", what, " needs a name"));
    }
    if (flags.Has("edge")) {
      absl::StatusOr<v1::EdgeType> given_edge = RequiredEdge(flags);
      if (!given_edge.ok()) return given_edge.status();
      if (*given_edge != v1::DEPARTMENT) {
        return UsageError(crm::StrCat("a ", what == "department" ? "department" : "business line",
                                      " hangs by --edge department, not ",
                                      EdgeTypeName(*given_edge)));
      }
    }
    node->set_kind(what == "department" ? v1::Node::DEPARTMENT : v1::Node::BUSINESS_LINE);
    node->set_display_name(value);
  }
  absl::StatusOr<EdgeFields> fields = ReadEdgeFields(flags, edge);
  if (!fields.ok()) return fields.status();
  node->set_edge_type(edge);
  node->set_ownership_percent(fields->ownership_percent);
  node->set_effective_from(fields->effective_from);
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::MoveNodeRequest> BuildMoveNodeRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> name = CheckedNodeName(invocation.args.at(0));
  if (!name.ok()) return name.status();
  const FlagValues& flags = invocation.flags;
  absl::StatusOr<std::string> new_parent = NodeFlag(flags, "to");
  if (!new_parent.ok()) return new_parent.status();
  if (*new_parent == *name) {
    return UsageError(
        "--to names the node itself; a node cannot hang "
        "under itself");
  }
  absl::StatusOr<v1::EdgeType> edge = RequiredEdge(flags);
  if (!edge.ok()) return edge.status();
  absl::StatusOr<EdgeFields> fields = ReadEdgeFields(flags, *edge);
  if (!fields.ok()) return fields.status();

  v1::MoveNodeRequest request;
  request.set_name(*name);
  request.set_new_parent(*new_parent);
  request.set_edge_type(*edge);
  request.set_ownership_percent(fields->ownership_percent);
  request.set_effective_from(fields->effective_from);
  request.set_etag(flags.Get("etag").value_or(""));
  return request;
}

absl::StatusOr<v1::DetachNodeRequest> BuildDetachNodeRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> name = CheckedNodeName(invocation.args.at(0));
  if (!name.ok()) return name.status();
  v1::DetachNodeRequest request;
  request.set_name(*name);
  request.set_etag(invocation.flags.Get("etag").value_or(""));
  return request;
}

absl::StatusOr<v1::GetRollupRequest> BuildGetRollupRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> name = CheckedNodeName(invocation.args.at(0));
  if (!name.ok()) return name.status();
  v1::GetRollupRequest request;
  request.set_name(*name);
  return request;
}

}  // namespace crm::crmctl
