#ifndef CRM_LIBS_GRPC_SERVER_CALL_PRINCIPAL_H_
#define CRM_LIBS_GRPC_SERVER_CALL_PRINCIPAL_H_

#include <string>

#include "grpcpp/server_context.h"

namespace crm::server {

// Who a call is for, as the code that authenticated it says, so the access
// log line of the call names them ("principal": "users/li.si"). gRPC gives a
// server context no slot of its own for this, so it is kept beside the call,
// keyed by its context, until the call's status is sent.
//
// The interceptor forgets any earlier value when a call starts (a context's
// address may be reused) and takes the value when the status is sent.
void SetCallPrincipal(const grpc::ServerContextBase& context, std::string principal);

// The value set for the call, removed; empty when none was set.
std::string TakeCallPrincipal(const grpc::ServerContextBase& context);

// Forgets any value kept for `context`.
void ForgetCallPrincipal(const grpc::ServerContextBase& context);

}  // namespace crm::server

#endif  // CRM_LIBS_GRPC_SERVER_CALL_PRINCIPAL_H_
