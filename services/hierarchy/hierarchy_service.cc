#include "services/hierarchy/hierarchy_service.h"

#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "libs/etag/etag.h"
#include "libs/names/name_field.h"
#include "libs/pagination/page_size.h"
#include "libs/pagination/query_fingerprint.h"
#include "libs/request/serve.h"
#include "libs/status/status.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/enum_value.h"
#include "services/hierarchy/hierarchy_rules.h"
#include "services/hierarchy/import_resolution.h"
#include "services/hierarchy/structure_import.h"

namespace crm::hierarchy {
namespace {

constexpr int kDefaultSubtreePage = 1000;
constexpr int kMaxSubtreePage = 10000;
constexpr int kMaxResolve = 100;
constexpr size_t kMaxDisplayName = 200;

int64_t NodeIdOr(const std::string& name, const std::string& field,
                 status::FieldViolations& violations) {
  std::optional<int64_t> id = ParseNodeName(name);
  if (!id.has_value()) {
    violations.Add(field, name.empty() ? crm::StrCat(field, ": is required, e.g. nodes/42")
                                       : crm::StrCat(field, ": ", Quote(name),
                                                     " is not a node name like nodes/42"));
    return 0;
  }
  return *id;
}

// The edge fields of a request, checked against the node's kind.
Edge EdgeOr(v1::Node::Kind kind, v1::EdgeType type, const std::string& ownership,
            const std::string& effective_from, const std::string& prefix,
            status::FieldViolations& violations) {
  Edge edge{.type = type, .effective_from = effective_from};
  if (!ownership.empty()) {
    absl::StatusOr<int32_t> parsed = ParseOwnershipPercent(ownership);
    if (!parsed.ok()) {
      violations.Add(prefix + "ownership_percent",
                     crm::StrCat(prefix, "ownership_percent: ", parsed.status().message()));
    } else {
      edge.ownership_bp = *parsed;
    }
  }
  if (std::optional<std::string> error = EdgeError(kind, type, edge.ownership_bp)) {
    violations.Add(prefix + "edge_type", crm::StrCat(prefix, "edge_type: ", *error));
  }
  if (std::optional<std::string> error = DateError(effective_from)) {
    violations.Add(prefix + "effective_from", crm::StrCat(prefix, "effective_from: ", *error));
  }
  return edge;
}

absl::StatusOr<int> SubtreePageSize(int32_t requested) {
  if (requested < 0) {
    status::FieldViolations violations;
    violations.Add("page_size", "page_size: must not be negative");
    return violations.ToStatus(kDomain);
  }
  if (requested == 0) return kDefaultSubtreePage;
  return std::min(requested, kMaxSubtreePage);
}

}  // namespace

HierarchyService::Reactor* HierarchyService::CreateGroup(Context* context,
                                                         const v1::CreateGroupRequest* request,
                                                         v1::Node* response) {
  return request::Serve(
      context, *deps_.verifier, "CreateGroup", *request,
      [&](const Actor& actor, status::FieldViolations& violations) -> absl::Status {
        const std::string customer =
            names::CustomerIdOr(request->customer(), "customer", violations);
        if (!violations.empty()) return violations.ToStatus(kDomain);
        absl::StatusOr<CustomerFacts> facts = deps_.customers->Get(*context, customer);
        if (!facts.ok()) return facts.status();
        absl::StatusOr<v1::Node> created = deps_.store->CreateGroup(actor, *facts);
        if (!created.ok()) return created.status();
        *response = *std::move(created);
        return absl::OkStatus();
      });
}

HierarchyService::Reactor* HierarchyService::AttachNode(Context* context,
                                                        const v1::AttachNodeRequest* request,
                                                        v1::Node* response) {
  return request::Serve(
      context, *deps_.verifier, "AttachNode", *request,
      [&](const Actor& actor, status::FieldViolations& violations) -> absl::Status {
        const int64_t parent = NodeIdOr(request->parent(), "parent", violations);
        const v1::Node& values = request->node();
        NewNode node{.kind = values.kind()};
        std::string customer;
        if (values.kind() == v1::Node::CUSTOMER) {
          customer = names::CustomerIdOr(values.customer(), "node.customer", violations);
        } else if (values.kind() == v1::Node::DEPARTMENT ||
                   values.kind() == v1::Node::BUSINESS_LINE) {
          if (!values.customer().empty()) {
            violations.Add("node.customer", "node.customer: only a CUSTOMER node names a customer");
          }
          if (values.display_name().empty() || values.display_name().size() > kMaxDisplayName) {
            violations.Add("node.display_name",
                           crm::StrCat("node.display_name: 1-", kMaxDisplayName,
                                       " bytes naming the department or business line"));
          }
          node.display_name = values.display_name();
        } else {
          validation::CheckEnum<v1::Node::Kind>(values.kind(), "node.kind",
                                                validation::Presence::kRequired, violations);
        }
        const v1::EdgeType type =
            values.edge_type() == v1::EDGE_TYPE_UNSPECIFIED && values.kind() != v1::Node::CUSTOMER
                ? v1::DEPARTMENT  // the only edge a department can have
                : values.edge_type();
        if (values.kind() != v1::Node::KIND_UNSPECIFIED && v1::Node::Kind_IsValid(values.kind())) {
          node.edge = EdgeOr(values.kind(), type, values.ownership_percent(),
                             values.effective_from(), "node.", violations);
        }
        if (!violations.empty()) return violations.ToStatus(kDomain);
        if (!customer.empty()) {
          absl::StatusOr<CustomerFacts> facts = deps_.customers->Get(*context, customer);
          if (!facts.ok()) return facts.status();
          node.customer = *std::move(facts);
        }
        absl::StatusOr<v1::Node> attached = deps_.store->Attach(actor, parent, node);
        if (!attached.ok()) return attached.status();
        *response = *std::move(attached);
        return absl::OkStatus();
      });
}

HierarchyService::Reactor* HierarchyService::GetNode(Context* context,
                                                     const v1::GetNodeRequest* request,
                                                     v1::Node* response) {
  return request::Serve(context, *deps_.verifier, "GetNode", *request,
                        [&](const Actor&, status::FieldViolations& violations) -> absl::Status {
                          const int64_t id = NodeIdOr(request->name(), "name", violations);
                          if (!violations.empty()) return violations.ToStatus(kDomain);
                          absl::StatusOr<StoredNode> found =
                              deps_.store->Get(id, /*with_ancestors=*/true);
                          if (!found.ok()) return found.status();
                          *response = std::move(found->node);
                          return absl::OkStatus();
                        });
}

HierarchyService::Reactor* HierarchyService::ListChildren(Context* context,
                                                          const v1::ListChildrenRequest* request,
                                                          v1::ListChildrenResponse* response) {
  return request::Serve(
      context, *deps_.verifier, "ListChildren", *request,
      [&](const Actor&, status::FieldViolations& violations) -> absl::Status {
        const int64_t parent = NodeIdOr(request->parent(), "parent", violations);
        if (!violations.empty()) return violations.ToStatus(kDomain);
        absl::StatusOr<int> page_size =
            pagination::NormalizePageSize(request->page_size(), kDomain);
        if (!page_size.ok()) return page_size.status();
        const std::string fingerprint =
            pagination::QueryFingerprint({"ListChildren", request->parent()});
        absl::StatusOr<pagination::PageCursor> cursor =
            deps_.page_tokens->Decode(request->page_token(), fingerprint, kDomain);
        if (!cursor.ok()) return cursor.status();
        int64_t after = 0;
        if (!cursor->last_key.empty() && !absl::SimpleAtoi(cursor->last_key.front(), &after)) {
          return absl::InternalError("children cursor is not a number");
        }
        if (absl::StatusOr<StoredNode> exists = deps_.store->Get(parent, false); !exists.ok()) {
          return exists.status();
        }
        absl::StatusOr<std::vector<v1::Node>> nodes =
            deps_.store->ListChildren(parent, after, *page_size + 1);
        if (!nodes.ok()) return nodes.status();
        const bool more = static_cast<int>(nodes->size()) > *page_size;
        if (more) nodes->pop_back();
        for (v1::Node& node : *nodes) *response->add_nodes() = std::move(node);
        if (more) {
          const int64_t last = *ParseNodeName(response->nodes().rbegin()->name());
          response->set_next_page_token(
              deps_.page_tokens->Encode(fingerprint, {.last_key = {crm::StrCat(last)}}));
        }
        return absl::OkStatus();
      });
}

absl::Status HierarchyService::ReadSubtree(const v1::ListSubtreeRequest& request,
                                           v1::ListSubtreeResponse& page) {
  status::FieldViolations violations;
  const int64_t id = NodeIdOr(request.name(), "name", violations);
  if (request.max_depth() < 0) violations.Add("max_depth", "max_depth: must not be negative");
  if (!violations.empty()) return violations.ToStatus(kDomain);
  absl::StatusOr<int> page_size = SubtreePageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  const std::string fingerprint = pagination::QueryFingerprint(
      {"ListSubtree", request.name(), crm::StrCat(request.max_depth())});
  absl::StatusOr<pagination::PageCursor> cursor =
      deps_.page_tokens->Decode(request.page_token(), fingerprint, kDomain);
  if (!cursor.ok()) return cursor.status();
  SubtreeCursor after;
  int64_t total = -1;
  if (cursor->last_key.size() == 3 && (!absl::SimpleAtoi(cursor->last_key[0], &after.depth) ||
                                       !absl::SimpleAtoi(cursor->last_key[1], &after.id) ||
                                       !absl::SimpleAtoi(cursor->last_key[2], &total))) {
    return absl::InternalError("subtree cursor does not parse");
  }

  // One primary-key read names the state of the tree; a cached page of that
  // state is the answer.
  std::optional<int64_t> version;
  if (deps_.cache != nullptr) {
    absl::StatusOr<int64_t> current = deps_.store->TreeVersionOf(id);
    if (!current.ok()) return current.status();
    version = *current;
    if (std::optional<v1::ListSubtreeResponse> cached = deps_.cache->Get(request, *version)) {
      page = *std::move(cached);
      return absl::OkStatus();
    }
  }
  absl::StatusOr<StoredNode> top = deps_.store->Get(id, /*with_ancestors=*/false);
  if (!top.ok()) return top.status();
  if (total < 0) {
    absl::StatusOr<int64_t> counted = deps_.store->CountSubtree(*top, request.max_depth());
    if (!counted.ok()) return counted.status();
    total = *counted;
  }
  absl::StatusOr<std::vector<StoredNode>> nodes =
      deps_.store->ListSubtree(*top, request.max_depth(), after, *page_size + 1);
  if (!nodes.ok()) return nodes.status();
  const bool more = static_cast<int>(nodes->size()) > *page_size;
  if (more) nodes->pop_back();
  page.set_total_size(static_cast<int32_t>(total));
  for (StoredNode& node : *nodes) *page.add_nodes() = std::move(node.node);
  if (more) {
    const v1::Node& last = *page.nodes().rbegin();
    page.set_next_page_token(deps_.page_tokens->Encode(
        fingerprint, {.last_key = {crm::StrCat(last.depth()),
                                   crm::StrCat(*ParseNodeName(last.name())), crm::StrCat(total)}}));
  }
  if (version.has_value()) deps_.cache->Put(request, *version, page);
  return absl::OkStatus();
}

HierarchyService::Reactor* HierarchyService::ListSubtree(Context* context,
                                                         const v1::ListSubtreeRequest* request,
                                                         v1::ListSubtreeResponse* response) {
  return request::Serve(
      context, *deps_.verifier, "ListSubtree", *request,
      [&](const Actor&, status::FieldViolations&) { return ReadSubtree(*request, *response); });
}

HierarchyService::Reactor* HierarchyService::MoveNode(Context* context,
                                                      const v1::MoveNodeRequest* request,
                                                      v1::Node* response) {
  return request::Serve(
      context, *deps_.verifier, "MoveNode", *request,
      [&](const Actor& actor, status::FieldViolations& violations) -> absl::Status {
        const int64_t id = NodeIdOr(request->name(), "name", violations);
        const int64_t new_parent = NodeIdOr(request->new_parent(), "new_parent", violations);
        const std::optional<int64_t> version = ParseEtagField(request->etag(), "etag", violations);
        Edge edge{.type = request->edge_type(), .effective_from = request->effective_from()};
        if (!request->ownership_percent().empty()) {
          absl::StatusOr<int32_t> parsed = ParseOwnershipPercent(request->ownership_percent());
          if (!parsed.ok()) {
            violations.Add("ownership_percent",
                           crm::StrCat("ownership_percent: ", parsed.status().message()));
          } else {
            edge.ownership_bp = *parsed;
          }
        }
        validation::CheckEnum<v1::EdgeType>(request->edge_type(), "edge_type",
                                            validation::Presence::kRequired, violations);
        if (std::optional<std::string> error = DateError(request->effective_from())) {
          violations.Add("effective_from", crm::StrCat("effective_from: ", *error));
        }
        if (id != 0 && id == new_parent) {
          violations.Add("new_parent", "new_parent: a node cannot be its own parent");
        }
        if (!violations.empty()) return violations.ToStatus(kDomain);
        // The edge is checked against the node's kind under the tree lock.
        absl::StatusOr<v1::Node> moved = deps_.store->Move(actor, id, new_parent, edge, version);
        if (!moved.ok()) return moved.status();
        *response = *std::move(moved);
        return absl::OkStatus();
      });
}

HierarchyService::Reactor* HierarchyService::DetachNode(Context* context,
                                                        const v1::DetachNodeRequest* request,
                                                        v1::Node* response) {
  return request::Serve(
      context, *deps_.verifier, "DetachNode", *request,
      [&](const Actor& actor, status::FieldViolations& violations) -> absl::Status {
        const int64_t id = NodeIdOr(request->name(), "name", violations);
        const std::optional<int64_t> version = ParseEtagField(request->etag(), "etag", violations);
        if (!violations.empty()) return violations.ToStatus(kDomain);
        absl::StatusOr<v1::Node> detached = deps_.store->Detach(actor, id, version);
        if (!detached.ok()) return detached.status();
        *response = *std::move(detached);
        return absl::OkStatus();
      });
}

HierarchyService::Reactor* HierarchyService::DeleteNode(Context* context,
                                                        const v1::DeleteNodeRequest* request,
                                                        v1::DeleteNodeResponse*) {
  return request::Serve(
      context, *deps_.verifier, "DeleteNode", *request,
      [&](const Actor& actor, status::FieldViolations& violations) -> absl::Status {
        const int64_t id = NodeIdOr(request->name(), "name", violations);
        const std::optional<int64_t> version = ParseEtagField(request->etag(), "etag", violations);
        if (!violations.empty()) return violations.ToStatus(kDomain);
        return deps_.store->Delete(actor, id, version);
      });
}

HierarchyService::Reactor* HierarchyService::FindGroup(Context* context,
                                                       const v1::FindGroupRequest* request,
                                                       v1::FindGroupResponse* response) {
  return request::Serve(context, *deps_.verifier, "FindGroup", *request,
                        [&](const Actor&, status::FieldViolations& violations) -> absl::Status {
                          const std::string customer =
                              names::CustomerIdOr(request->customer(), "customer", violations);
                          if (!violations.empty()) return violations.ToStatus(kDomain);
                          absl::StatusOr<StoredNode> node = deps_.store->FindByCustomer(customer);
                          if (!node.ok()) return node.status();
                          absl::StatusOr<StoredNode> root =
                              deps_.store->Get(node->root_id, /*with_ancestors=*/false);
                          if (!root.ok()) return root.status();
                          *response->mutable_node() = std::move(node->node);
                          *response->mutable_root() = std::move(root->node);
                          return absl::OkStatus();
                        });
}

HierarchyService::Reactor* HierarchyService::ResolveSubtreeCustomers(
    Context* context, const v1::ResolveSubtreeCustomersRequest* request,
    v1::ResolveSubtreeCustomersResponse* response) {
  return request::Serve(
      context, *deps_.verifier, "ResolveSubtreeCustomers", *request,
      [&](const Actor&, status::FieldViolations& violations) -> absl::Status {
        if (request->names().empty() || request->names_size() > kMaxResolve) {
          violations.Add("names", crm::StrCat("names: 1-", kMaxResolve, " node names"));
        }
        std::vector<int64_t> ids;
        for (int i = 0; i < request->names_size(); ++i) {
          ids.push_back(NodeIdOr(request->names(i), crm::StrCat("names[", i, "]"), violations));
        }
        if (!violations.empty()) return violations.ToStatus(kDomain);
        for (size_t i = 0; i < ids.size(); ++i) {
          absl::StatusOr<std::vector<std::string>> customers =
              deps_.store->SubtreeCustomers(ids[i]);
          if (!customers.ok()) return customers.status();
          v1::SubtreeCustomers* out = response->add_subtrees();
          out->set_name(request->names(static_cast<int>(i)));
          for (std::string& customer : *customers) out->add_customers(std::move(customer));
        }
        return absl::OkStatus();
      });
}

HierarchyService::Reactor* HierarchyService::GetRollup(Context* context,
                                                       const v1::GetRollupRequest* request,
                                                       v1::Rollup* response) {
  return request::Serve(context, *deps_.verifier, "GetRollup", *request,
                        [&](const Actor&, status::FieldViolations& violations) -> absl::Status {
                          const int64_t id = NodeIdOr(request->name(), "name", violations);
                          if (!violations.empty()) return violations.ToStatus(kDomain);
                          absl::StatusOr<v1::Rollup> rollup = deps_.store->Rollup(id);
                          if (!rollup.ok()) return rollup.status();
                          *response = *std::move(rollup);
                          return absl::OkStatus();
                        });
}

HierarchyService::Reactor* HierarchyService::ImportStructure(
    Context* context, const v1::ImportStructureRequest* request,
    v1::ImportStructureResponse* response) {
  return request::Serve(
      context, *deps_.verifier, "ImportStructure", *request,
      [&](const Actor& actor, status::FieldViolations& violations) -> absl::Status {
        if (request->rows_size() > kMaxImportRows) {
          violations.Add("rows", crm::StrCat("rows: at most ", kMaxImportRows, " per import"));
        }
        if (!violations.empty()) return violations.ToStatus(kDomain);
        // Rows on their own, then each key with the customer service, then scope
        // and the trees as they stand under the locks: every problem of every
        // stage, on one path whether or not the import is validate_only.
        std::vector<v1::ImportProblem> problems = CheckImportRows(*request);
        absl::StatusOr<std::vector<ResolvedImportRow>> resolved =
            ResolveImportRows(*request, *deps_.customers, *context, problems);
        if (!resolved.ok()) return resolved.status();
        absl::StatusOr<v1::ImportStructureResponse> result =
            deps_.store->Import(actor, *resolved, problems, request->validate_only());
        if (!result.ok()) return result.status();
        *response = *std::move(result);
        return absl::OkStatus();
      });
}

}  // namespace crm::hierarchy
