#include "services/opportunity/core/customer_contacts.h"

#include <chrono>

#include "grpcpp/client_context.h"
#include "libs/auth/principal_metadata.h"
#include "libs/grpc_server/request_id.h"
#include "libs/status/status.h"
#include "services/opportunity/core/opportunity_names.h"

namespace crm::opportunity {
namespace {

constexpr auto kMaxWait = std::chrono::seconds(5);

}  // namespace

absl::StatusOr<std::optional<customer::v1::Contact>> CustomerContacts::FindLive(
    const auth::v1::Principal& caller, std::string_view request_id, const std::string& name) const {
  grpc::ClientContext context;
  auth::AttachPrincipal(context, signer_, caller);
  if (!request_id.empty()) {
    context.AddMetadata(std::string(server::kRequestIdKey), std::string(request_id));
  }
  context.set_deadline(std::chrono::system_clock::now() + kMaxWait);
  customer::v1::GetContactRequest request;
  request.set_name(name);
  customer::v1::Contact contact;
  const grpc::Status status = stub_->GetContact(&context, request, &contact);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND ||
      status.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
    return std::nullopt;
  }
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
      status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    return status::WithRetryDelay(
        status::Error(absl::StatusCode::kUnavailable, kDomain, "CUSTOMER_SERVICE_UNAVAILABLE",
                      "the customer service did not answer while checking contacts; retry"),
        absl::Seconds(1));
  }
  if (!status.ok()) return status::FromGrpc(status);
  if (contact.state() != customer::v1::Contact::ACTIVE) return std::nullopt;
  return contact;
}

}  // namespace crm::opportunity
