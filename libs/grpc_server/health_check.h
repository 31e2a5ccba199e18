#ifndef CRM_LIBS_GRPC_SERVER_HEALTH_CHECK_H_
#define CRM_LIBS_GRPC_SERVER_HEALTH_CHECK_H_

// The client side of grpc.health.v1.Health/Check, for a process that mirrors
// another's health (the gateway, its backends') and for tests. The messages
// are encoded by hand: Debian ships no generated code for them, and each has
// a single field 1.

#include <functional>
#include <memory>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/generic/generic_stub.h"

namespace crm::server {

// grpc.health.v1.HealthCheckResponse.ServingStatus.
enum class ServingStatus { kUnknown = 0, kServing = 1, kNotServing = 2, kServiceUnknown = 3 };

std::string_view ServingStatusName(ServingStatus status);

// Starts a Check of `service` ("" for the whole server). `done` runs once,
// on a gRPC thread, with the answer or the call's failure (NOT_FOUND: the
// server does not know the name; UNAVAILABLE: it cannot be reached). The
// caller sets the deadline on `context` and keeps `stub` and `context` alive
// until `done` has run; context.TryCancel() ends the call early.
void StartHealthCheck(grpc::GenericStub& stub, grpc::ClientContext& context,
                      std::string_view service,
                      std::function<void(absl::StatusOr<ServingStatus>)> done);

// The same, waiting for the answer at most `timeout`.
absl::StatusOr<ServingStatus> CheckHealth(std::shared_ptr<grpc::Channel> channel,
                                          std::string_view service, absl::Duration timeout);

}  // namespace crm::server

#endif  // CRM_LIBS_GRPC_SERVER_HEALTH_CHECK_H_
