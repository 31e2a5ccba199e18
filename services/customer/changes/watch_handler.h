#ifndef CRM_SERVICES_CUSTOMER_CHANGES_WATCH_HANDLER_H_
#define CRM_SERVICES_CUSTOMER_CHANGES_WATCH_HANDLER_H_

// WatchCustomerChanges: the change feed as a server stream (libs/events),
// from the Redis stream its relay fills or from PostgreSQL.

#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "grpcpp/support/server_callback.h"
#include "libs/auth/principal_verifier.h"
#include "libs/events/event_cursor.h"
#include "libs/events/watches.h"

namespace crm::customer {

struct WatchDeps {
  events::Watches* watches;  // null: WatchCustomerChanges is UNIMPLEMENTED
  const auth::PrincipalVerifier* verifier;
  const events::EventCursorCodec* cursors;
};

class WatchHandler final {
 public:
  explicit WatchHandler(WatchDeps deps) : deps_(deps) {}

  grpc::ServerWriteReactor<v1::WatchCustomerChangesResponse>* WatchCustomerChanges(
      grpc::CallbackServerContext* context, const v1::WatchCustomerChangesRequest* request);

 private:
  const WatchDeps deps_;
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CHANGES_WATCH_HANDLER_H_
