#ifndef CRM_SERVICES_CUSTOMER_CHANGES_CHANGES_HANDLER_H_
#define CRM_SERVICES_CUSTOMER_CHANGES_CHANGES_HANDLER_H_

// ListCustomerChanges: the change feed for ERP/OA systems, the customer's
// libs/events outbox (customer.events, written by core/change_record.cc)
// paged by its cursor tokens.

#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "libs/auth/principal_verifier.h"
#include "libs/events/event_cursor.h"
#include "libs/events/outbox.h"
#include "services/customer/core/request_path.h"

namespace crm::customer {

struct ChangesDeps {
  events::Outbox* outbox;
  const auth::PrincipalVerifier* verifier;
  // Under ListCustomerChanges' fingerprint, shared with WatchCustomerChanges.
  const events::EventCursorCodec* cursors;
};

class ChangesHandler final {
 public:
  explicit ChangesHandler(ChangesDeps deps) : deps_(deps) {}

  using Context = grpc::CallbackServerContext;

  grpc::ServerUnaryReactor* ListCustomerChanges(Context*, const v1::ListCustomerChangesRequest*,
                                                v1::ListCustomerChangesResponse*);

 private:
  const ChangesDeps deps_;
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CHANGES_CHANGES_HANDLER_H_
