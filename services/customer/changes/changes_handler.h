#ifndef CRM_SERVICES_CUSTOMER_CHANGES_CHANGES_HANDLER_H_
#define CRM_SERVICES_CUSTOMER_CHANGES_CHANGES_HANDLER_H_

// ListCustomerChanges: the change feed for ERP/OA systems, paged by a cursor
// (changes/change_cursor.h) over ChangeFeed (changes/change_feed.cc, table
// customer.changes of migration 0007, written by core/change_record.cc).

#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "libs/auth/principal_verifier.h"
#include "libs/pagination/page_token_codec.h"
#include "services/customer/changes/change_feed.h"
#include "services/customer/core/request_path.h"

namespace crm::customer {

struct ChangesDeps {
  ChangeFeed* changes;
  const auth::PrincipalVerifier* verifier;
  const pagination::PageTokenCodec* page_tokens;
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
