#include "services/contract/contracts/opportunity_lookup.h"

#include <chrono>

#include "grpcpp/client_context.h"
#include "libs/auth/principal_metadata.h"
#include "libs/grpc_server/request_id.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/contract/core/contract_names.h"

namespace crm::contract {
namespace {

constexpr auto kMaxWait = std::chrono::seconds(5);

}  // namespace

absl::StatusOr<opportunity::v1::Opportunity> OpportunityLookup::Get(
    const auth::v1::Principal& caller, std::string_view request_id, const std::string& name) const {
  grpc::ClientContext context;
  auth::AttachPrincipal(context, signer_, caller);
  if (!request_id.empty()) {
    context.AddMetadata(std::string(server::kRequestIdKey), std::string(request_id));
  }
  context.set_deadline(std::chrono::system_clock::now() + kMaxWait);
  opportunity::v1::GetOpportunityRequest request;
  request.set_name(name);
  opportunity::v1::Opportunity found;
  const grpc::Status status = stub_->GetOpportunity(&context, request, &found);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND ||
      status.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
    return status::Error(status.error_code() == grpc::StatusCode::NOT_FOUND
                             ? absl::StatusCode::kNotFound
                             : absl::StatusCode::kPermissionDenied,
                         kDomain, "OPPORTUNITY_NOT_REACHABLE",
                         crm::StrCat("contract.opportunity: ", name,
                                     " is not an opportunity the opportunity "
                                     "service shows ",
                                     caller.user()),
                         {{"opportunity", name}});
  }
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
      status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    return status::WithRetryDelay(
        status::Error(absl::StatusCode::kUnavailable, kDomain, "OPPORTUNITY_SERVICE_UNAVAILABLE",
                      "the opportunity service did not answer while checking "
                      "contract.opportunity; retry"),
        absl::Seconds(1));
  }
  if (!status.ok()) return status::FromGrpc(status);
  return found;
}

}  // namespace crm::contract
