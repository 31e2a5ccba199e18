#ifndef CRM_SERVICES_CUSTOMER_CHANGES_WATCH_HANDLER_H_
#define CRM_SERVICES_CUSTOMER_CHANGES_WATCH_HANDLER_H_

// WatchCustomerChanges: the change feed as a server stream, from the Redis
// stream the relay fills (changes/change_relay.cc) or from PostgreSQL.

#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "grpcpp/support/server_callback.h"
#include "libs/auth/principal_verifier.h"
#include "libs/pagination/page_token_codec.h"
#include "services/customer/changes/change_watch.h"

namespace crm::customer {

struct WatchDeps {
  ChangeWatches* watches;  // null: WatchCustomerChanges is UNIMPLEMENTED
  const auth::PrincipalVerifier* verifier;
  const pagination::PageTokenCodec* page_tokens;
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
