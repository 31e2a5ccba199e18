#include "services/customer/merge/merge_guard.h"

#include <algorithm>
#include <chrono>
#include <optional>

#include "grpcpp/grpcpp.h"
#include "libs/auth/principal_metadata.h"
#include "libs/auth/service_principal.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/customer/core/store_support.h"

namespace crm::customer {
namespace {

constexpr auto kCallTimeout = std::chrono::seconds(5);

struct Placement {
  std::string customer;  // customers/{id}
  hierarchy::v1::Node node;
  hierarchy::v1::Node root;
};

std::string Where(const Placement& placement) {
  return crm::StrCat(placement.customer, " sits in the group of ", placement.root.display_name(),
                     " (", placement.root.name(), ")");
}

absl::Status Refuse(std::string_view reason, std::string message, const Placement& a,
                    const Placement& b) {
  return status::Error(absl::StatusCode::kFailedPrecondition, kDomain, reason, std::move(message),
                       {{"customer", a.customer},
                        {"group", a.root.name()},
                        {"otherCustomer", b.customer},
                        {"otherGroup", b.root.name()}});
}

}  // namespace

void MergeGuard::Connect(const std::string& hierarchy_address) {
  absl::MutexLock lock(&mu_);
  stub_.reset();
  if (hierarchy_address.empty()) return;
  stub_ = hierarchy::v1::HierarchyService::NewStub(
      grpc::CreateChannel(hierarchy_address, grpc::InsecureChannelCredentials()));
}

absl::Status MergeGuard::Check(const std::string& survivor_id,
                               const std::vector<std::string>& merged_ids) const {
  std::shared_ptr<hierarchy::v1::HierarchyService::Stub> stub;
  {
    absl::MutexLock lock(&mu_);
    stub = stub_;
  }
  if (stub == nullptr) return absl::OkStatus();
  std::vector<std::string> ids = {survivor_id};
  ids.insert(ids.end(), merged_ids.begin(), merged_ids.end());
  std::optional<Placement> survivor;
  std::vector<Placement> placed;
  for (const std::string& id : ids) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + kCallTimeout);
    auth::AttachPrincipal(context, signer_, auth::ServicePrincipal("services/customer"));
    hierarchy::v1::FindGroupRequest request;
    request.set_customer(crm::StrCat("customers/", id));
    hierarchy::v1::FindGroupResponse response;
    const grpc::Status found = stub->FindGroup(&context, request, &response);
    if (found.error_code() == grpc::StatusCode::NOT_FOUND) continue;
    if (!found.ok()) {
      return status::Error(
          absl::StatusCode::kUnavailable, kDomain, "HIERARCHY_UNAVAILABLE",
          crm::StrCat("cannot ask the hierarchy service where ", request.customer(), " sits (",
                      found.error_message(),
                      "); the merge is refused so no group tree points at a merged "
                      "customer; retry later"));
    }
    Placement placement{request.customer(), response.node(), response.root()};
    if (id == survivor_id) survivor = placement;
    placed.push_back(std::move(placement));
  }
  if (placed.size() <= 1) return absl::OkStatus();
  for (const Placement& other : placed) {
    if (other.root.name() != placed[0].root.name()) {
      return Refuse("MERGE_ACROSS_GROUPS",
                    crm::StrCat(Where(placed[0]), " and ", Where(other),
                                "; customers in different groups cannot merge: detach "
                                "one of them from its group first"),
                    placed[0], other);
    }
  }
  if (!survivor.has_value()) {
    return Refuse("SURVIVOR_NOT_PLACED",
                  crm::StrCat(Where(placed[0]), " and so does ", placed[1].customer,
                              "; the survivor must be one of the customers placed in "
                              "the group, so their nodes can move to it"),
                  placed[0], placed[1]);
  }
  const auto& ancestors = survivor->node.ancestors();
  for (const Placement& other : placed) {
    if (std::find(ancestors.begin(), ancestors.end(), other.node.name()) != ancestors.end()) {
      return Refuse(
          "SURVIVOR_BELOW_MERGED",
          crm::StrCat(survivor->customer, " sits below ", other.customer, " in the group of ",
                      other.root.display_name(), "; keep ", other.customer,
                      " as the survivor, or move ", survivor->customer, " out from under it first"),
          *survivor, other);
    }
  }
  return absl::OkStatus();
}

}  // namespace crm::customer
