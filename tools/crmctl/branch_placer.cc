#include "tools/crmctl/branch_placer.h"

#include <optional>

#include "libs/crypto/crypto.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/rpc_call.h"

namespace crm::crmctl {
namespace {

namespace hierarchy_v1 = ::crm::hierarchy::v1;
using Kind = PlacementOutcome::Kind;

// The customer's node, nullopt when it is in no group (FindGroup answers
// NOT_FOUND then), or the error.
absl::StatusOr<std::optional<hierarchy_v1::Node>> NodeOf(HierarchyStub& hierarchy,
                                                         const ContextFactory& contexts,
                                                         const std::string& customer) {
  hierarchy_v1::FindGroupRequest request;
  request.set_customer(customer);
  hierarchy_v1::FindGroupResponse response;
  absl::Status status = Call(hierarchy, &HierarchyStub::FindGroup, contexts, request, &response);
  if (status.code() == absl::StatusCode::kNotFound) return std::nullopt;
  if (!status.ok()) return status;
  return response.node();
}

// Refusals that concern this one pair; the next placement may well succeed.
bool IsAboutThisPair(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kPermissionDenied:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string PlacementRequestId(const customer::v1::BranchPlacement& placement) {
  // Letters and digits only, well within the 128 characters request_id takes.
  const std::string pair = crm::StrCat(placement.branch(), "\n", placement.head_office());
  return crm::StrCat("place-branch-", crypto::Sha256Hex(pair).substr(0, 40));
}

absl::StatusOr<PlacementOutcome> PlaceBranch(HierarchyStub& hierarchy,
                                             const ContextFactory& contexts,
                                             const customer::v1::BranchPlacement& placement,
                                             bool dry_run) {
  PlacementOutcome outcome{.placement = placement};
  absl::StatusOr<std::optional<hierarchy_v1::Node>> head =
      NodeOf(hierarchy, contexts, placement.head_office());
  if (!head.ok()) return head.status();
  if (!head->has_value()) {
    outcome.why = "the head office is in no customer group";
    return outcome;
  }
  absl::StatusOr<std::optional<hierarchy_v1::Node>> branch =
      NodeOf(hierarchy, contexts, placement.branch());
  if (!branch.ok()) return branch.status();
  if (branch->has_value()) {
    const hierarchy_v1::Node& node = **branch;
    outcome.node = node.name();
    outcome.why =
        node.parent() == (*head)->name()
            ? "already placed under the head office"
            : crm::StrCat("the branch is in a group already (",
                          node.parent().empty() ? "the root of its own" : "under " + node.parent(),
                          ")");
    return outcome;
  }
  if (dry_run) {
    outcome.kind = Kind::kWouldPlace;
    outcome.node = (*head)->name();
    return outcome;
  }
  hierarchy_v1::AttachNodeRequest request;
  request.set_parent((*head)->name());
  request.mutable_node()->set_kind(hierarchy_v1::Node::CUSTOMER);
  request.mutable_node()->set_customer(placement.branch());
  request.mutable_node()->set_edge_type(hierarchy_v1::BRANCH);
  request.set_request_id(PlacementRequestId(placement));
  hierarchy_v1::Node attached;
  absl::Status status = Call(hierarchy, &HierarchyStub::AttachNode, contexts, request, &attached);
  if (!status.ok()) {
    if (!IsAboutThisPair(status)) return status;
    outcome.kind = Kind::kFailed;
    outcome.why = std::string(status.message());
    return outcome;
  }
  outcome.kind = Kind::kPlaced;
  outcome.node = attached.name();
  return outcome;
}

}  // namespace crm::crmctl
