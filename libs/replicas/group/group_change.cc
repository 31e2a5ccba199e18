#include "libs/replicas/group/group_change.h"

#include <optional>
#include <string_view>

#include "absl/strings/str_join.h"
#include "google/protobuf/repeated_field.h"
#include "libs/names/resource_names.h"
#include "libs/strings/str_cat.h"

namespace crm::replicas {
namespace {

using Event = hierarchy::v1::HierarchyEvent;
using Names = google::protobuf::RepeatedPtrField<std::string>;

absl::Status Malformed(const Event& event, std::string_view why) {
  return absl::InvalidArgumentError(crm::StrCat("hierarchy event ", event.event_id(), " (",
                                                Event::Type_Name(event.type()), " of ",
                                                event.node(), "): ", why));
}

// "nodes/1", "nodes/5" -> "1.5"; nullopt when an element is not a node name.
std::optional<std::string> LtreeOf(const Names& names, int count) {
  std::string path;
  for (int i = 0; i < count; ++i) {
    const std::optional<int64_t> id = crm::names::ParseNodeName(names.Get(i));
    if (!id.has_value()) return std::nullopt;
    if (i > 0) path.push_back('.');
    absl::StrAppend(&path, *id);
  }
  return path;
}

}  // namespace

absl::StatusOr<GroupChange> GroupChangeOf(const Event& event) {
  GroupChange change;
  switch (event.type()) {
    case Event::GROUP_CREATED:
    case Event::NODE_ATTACHED:
      change.action = GroupChange::Action::kUpsert;
      break;
    case Event::NODE_MOVED:
    case Event::NODE_DETACHED:
      change.action = GroupChange::Action::kMoveSubtree;
      break;
    case Event::NODE_DELETED:
      change.action = GroupChange::Action::kDelete;
      break;
    default:
      return change;  // kIgnore
  }
  const std::optional<int64_t> node_id = crm::names::ParseNodeName(event.node());
  if (!node_id.has_value()) return Malformed(event, "node: not nodes/{id}");
  change.node_id = *node_id;
  change.version = event.version();

  const int depth = event.path_size();
  if (depth == 0 || event.path(depth - 1) != event.node()) {
    return Malformed(event, crm::StrCat("path: [", absl::StrJoin(event.path(), ", "),
                                        "] does not end with the node"));
  }
  std::optional<std::string> path = LtreeOf(event.path(), depth);
  std::optional<std::string> parent_path = LtreeOf(event.path(), depth - 1);
  if (!path.has_value() || !parent_path.has_value()) {
    return Malformed(event, "path: an element is not nodes/{id}");
  }
  change.path = *std::move(path);
  change.parent_path = *std::move(parent_path);
  change.root_id = *crm::names::ParseNodeName(event.path(0));

  if (change.action == GroupChange::Action::kMoveSubtree) {
    const int previous_depth = event.previous_path_size();
    if (previous_depth == 0 || event.previous_path(previous_depth - 1) != event.node()) {
      return Malformed(event,
                       crm::StrCat("previous_path: [", absl::StrJoin(event.previous_path(), ", "),
                                   "] does not end with the node"));
    }
    std::optional<std::string> previous = LtreeOf(event.previous_path(), previous_depth);
    if (!previous.has_value()) {
      return Malformed(event, "previous_path: an element is not nodes/{id}");
    }
    change.previous_path = *std::move(previous);
  }

  // Departments and business lines carry their customer's name in the feed;
  // only a CUSTOMER node stands for a customer of the group.
  if (event.kind() == hierarchy::v1::Node::CUSTOMER) {
    std::optional<std::string> customer = names::ParseCustomerName(event.customer());
    if (!customer.has_value()) {
      return Malformed(event, crm::StrCat("customer: \"", event.customer(),
                                          "\" is not customers/{uuid} for a CUSTOMER node"));
    }
    change.customer_id = *std::move(customer);
  }
  return change;
}

}  // namespace crm::replicas
