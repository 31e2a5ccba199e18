#ifndef CRM_SERVICES_GATEWAY_OPERATIONS_ROUTER_H_
#define CRM_SERVICES_GATEWAY_OPERATIONS_ROUTER_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "google/longrunning/operations.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/server_context.h"

namespace crm::gateway {

// google.longrunning.Operations for every service behind the gateway: each
// call goes to the service its operation name names (libs/names/
// operation_names.h), "operations/customer/…" to the backend of
// crm.customer.v1.*, old "operations/{id}" names to the customer service.
// It sits behind the proxy like OrgService, so the caller's token and the
// permission map are checked before it; it passes the signed principal, the
// request id and the deadline on, and the service's answer back unchanged.
//
// A name whose service is not behind the gateway is NOT_FOUND like any
// operation that does not exist; a name that is not an operation name is
// INVALID_ARGUMENT on `name`.
class OperationsRouter final : public google::longrunning::Operations::CallbackService {
 public:
  using Context = grpc::CallbackServerContext;
  using Reactor = grpc::ServerUnaryReactor;

  // `backends`: full gRPC service name -> "host:port", as the gateway is
  // configured; those of the form crm.<service>.v<N>.* are reachable.
  explicit OperationsRouter(const std::vector<std::pair<std::string, std::string>>& backends);

  Reactor* ListOperations(Context*, const google::longrunning::ListOperationsRequest*,
                          google::longrunning::ListOperationsResponse*) override;
  Reactor* GetOperation(Context*, const google::longrunning::GetOperationRequest*,
                        google::longrunning::Operation*) override;
  Reactor* DeleteOperation(Context*, const google::longrunning::DeleteOperationRequest*,
                           google::protobuf::Empty*) override;
  Reactor* CancelOperation(Context*, const google::longrunning::CancelOperationRequest*,
                           google::protobuf::Empty*) override;

 private:
  using Stub = google::longrunning::Operations::Stub;

  // The stub of the service an operation `name` belongs to, or null with
  // *error set to what the caller gets.
  Stub* Route(std::string_view name, grpc::Status* error) const;
  Stub* RouteCollection(std::string_view name, grpc::Status* error) const;

  // A client context for the call to the service: what the proxy gave this
  // call (signed principal, request id, trace) and its deadline.
  static std::shared_ptr<grpc::ClientContext> Outgoing(const Context& incoming);

  // Starts the call to the service on the given context, to end with `done`.
  using StartCall =
      std::function<void(grpc::ClientContext*, std::function<void(grpc::Status)> done)>;

  // Calls the service with `start` and finishes `context`'s call with its
  // status; UNIMPLEMENTED (a service without Operations) becomes NOT_FOUND
  // of `name`.
  static Reactor* Forward(Context* context, std::string_view name, const StartCall& start);
  static Reactor* Finished(Context* context, const grpc::Status& status);

  // Get, Delete and Cancel: routed by the operation's name, then forwarded
  // to the same method of the service's Operations.
  template <typename Request, typename Response>
  using AsyncMethod = void (Stub::async_interface::*)(grpc::ClientContext*, const Request*,
                                                      Response*, std::function<void(grpc::Status)>);
  template <typename Request, typename Response>
  Reactor* ForwardByName(Context* context, const Request* request, Response* response,
                         AsyncMethod<Request, Response> method) {
    grpc::Status error;
    Stub* stub = Route(request->name(), &error);
    if (stub == nullptr) return Finished(context, error);
    return Forward(context, request->name(),
                   [=](grpc::ClientContext* outgoing, std::function<void(grpc::Status)> done) {
                     (stub->async()->*method)(outgoing, request, response, std::move(done));
                   });
  }

  // Short service name ("customer") -> its Operations stub.
  absl::flat_hash_map<std::string, std::unique_ptr<Stub>> stubs_;
};

}  // namespace crm::gateway

#endif  // CRM_SERVICES_GATEWAY_OPERATIONS_ROUTER_H_
