#ifndef CRM_LIBS_REQUEST_ACTOR_H_
#define CRM_LIBS_REQUEST_ACTOR_H_

#include <optional>
#include <string>

#include "crm/auth/v1/principal.pb.h"
#include "libs/idempotency/request_log.h"

namespace crm::request {

// Who makes one call and how to replay it: what every handler and store of
// every service gets from Serve (serve.h).
struct Actor {
  auth::v1::Principal principal;  // verified: signed by the gateway
  std::string method;             // the RPC, e.g. "MoveNode"
  std::string request_id;         // the call's x-request-id, for logs and audit
  // Set when the request carries a valid request_id: the key under which the
  // first answer is stored and a retry finds it (idempotency/run_idempotent.h).
  std::optional<idempotency::RequestKey> idempotency;
};

}  // namespace crm::request

#endif  // CRM_LIBS_REQUEST_ACTOR_H_
