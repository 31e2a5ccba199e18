#include "services/gateway/operations_router.h"

#include <array>
#include <functional>
#include <optional>

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "libs/auth/principal_metadata.h"
#include "libs/grpc_server/request_id.h"
#include "libs/log/log.h"
#include "libs/names/operation_names.h"
#include "libs/status/status.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"

namespace crm::gateway {
namespace {

constexpr char kDomain[] = "gateway.crm";

// What the proxy adds to a call that the service must see as well.
constexpr std::array<std::string_view, 4> kForwardedMetadata = {
    auth::kPrincipalMetadataKey, server::kRequestIdKey, "traceparent", "tracestate"};

// Said of an operation (or collection) that no service behind the gateway
// runs: the same as of one its service does not have, so the answer tells
// nothing the name did not.
grpc::Status NotFound(std::string_view name) {
  return status::ToGrpc(status::Error(absl::StatusCode::kNotFound, kDomain, "OPERATION_NOT_FOUND",
                                      crm::StrCat(name, " does not exist"),
                                      {{"operation", std::string(name)}}));
}

grpc::Status BadName(std::string_view name, std::string_view like) {
  status::FieldViolations violations;
  violations.Add("name", crm::StrCat("name: ", Quote(name), " is not ", like));
  return status::ToGrpc(violations.ToStatus(kDomain));
}

}  // namespace

OperationsRouter::OperationsRouter(
    const std::vector<std::pair<std::string, std::string>>& backends) {
  for (const auto& [service, address] : backends) {
    const std::optional<std::string> short_name = names::ApiServiceOf(service);
    if (!short_name.has_value() || stubs_.contains(*short_name)) continue;
    stubs_.emplace(*short_name, google::longrunning::Operations::NewStub(grpc::CreateChannel(
                                    address, grpc::InsecureChannelCredentials())));
  }
}

OperationsRouter::Stub* OperationsRouter::Route(std::string_view name, grpc::Status* error) const {
  const std::optional<names::OperationNameParts> parts = names::ParseOperationName(name);
  if (!parts.has_value()) {
    *error = BadName(name, "an operation name like operations/customer/{id}");
    return nullptr;
  }
  const auto it = stubs_.find(parts->service);
  if (it == stubs_.end()) {
    *error = NotFound(name);
    return nullptr;
  }
  return it->second.get();
}

OperationsRouter::Stub* OperationsRouter::RouteCollection(std::string_view name,
                                                          grpc::Status* error) const {
  const std::optional<std::string> service = names::ParseOperationCollection(name);
  if (!service.has_value()) {
    *error = BadName(name, "operations/{service} (e.g. operations/customer) or empty");
    return nullptr;
  }
  const auto it = stubs_.find(*service);
  if (it == stubs_.end()) {
    *error = NotFound(name);
    return nullptr;
  }
  return it->second.get();
}

std::shared_ptr<grpc::ClientContext> OperationsRouter::Outgoing(const Context& incoming) {
  auto outgoing = std::make_shared<grpc::ClientContext>();
  for (const auto& [key_ref, value_ref] : incoming.client_metadata()) {
    const std::string_view key(key_ref.data(), key_ref.size());
    for (const std::string_view forwarded : kForwardedMetadata) {
      if (key == forwarded) {
        outgoing->AddMetadata(std::string(key), std::string(value_ref.data(), value_ref.size()));
      }
    }
  }
  // The proxy has bounded the caller's deadline already.
  if (incoming.deadline() != std::chrono::system_clock::time_point::max()) {
    outgoing->set_deadline(incoming.deadline());
  }
  return outgoing;
}

OperationsRouter::Reactor* OperationsRouter::Finished(Context* context,
                                                      const grpc::Status& status) {
  Reactor* reactor = context->DefaultReactor();
  reactor->Finish(status);
  return reactor;
}

OperationsRouter::Reactor* OperationsRouter::Forward(Context* context, std::string_view name,
                                                     const StartCall& start) {
  Reactor* reactor = context->DefaultReactor();
  // Held by the callback: the outgoing call's context lives until it ends.
  std::shared_ptr<grpc::ClientContext> outgoing = Outgoing(*context);
  start(outgoing.get(), [reactor, outgoing, name = std::string(name)](grpc::Status status) {
    // A service that runs no operations has none of this name.
    if (status.error_code() == grpc::StatusCode::UNIMPLEMENTED) status = NotFound(name);
    reactor->Finish(status);
  });
  return reactor;
}

OperationsRouter::Reactor* OperationsRouter::ListOperations(
    Context* context, const google::longrunning::ListOperationsRequest* request,
    google::longrunning::ListOperationsResponse* response) {
  grpc::Status error;
  Stub* stub = RouteCollection(request->name(), &error);
  if (stub == nullptr) return Finished(context, error);
  return Forward(context, request->name().empty() ? "operations" : request->name(),
                 [&](grpc::ClientContext* outgoing, std::function<void(grpc::Status)> done) {
                   stub->async()->ListOperations(outgoing, request, response, std::move(done));
                 });
}

OperationsRouter::Reactor* OperationsRouter::GetOperation(
    Context* context, const google::longrunning::GetOperationRequest* request,
    google::longrunning::Operation* response) {
  return ForwardByName(context, request, response, &Stub::async_interface::GetOperation);
}

OperationsRouter::Reactor* OperationsRouter::DeleteOperation(
    Context* context, const google::longrunning::DeleteOperationRequest* request,
    google::protobuf::Empty* response) {
  return ForwardByName(context, request, response, &Stub::async_interface::DeleteOperation);
}

OperationsRouter::Reactor* OperationsRouter::CancelOperation(
    Context* context, const google::longrunning::CancelOperationRequest* request,
    google::protobuf::Empty* response) {
  return ForwardByName(context, request, response, &Stub::async_interface::CancelOperation);
}

}  // namespace crm::gateway
