#ifndef CRM_SERVICES_CUSTOMER_OPERATIONS_OPERATIONS_SERVICE_H_
#define CRM_SERVICES_CUSTOMER_OPERATIONS_OPERATIONS_SERVICE_H_

#include "google/longrunning/operations.grpc.pb.h"
#include "libs/auth/principal_verifier.h"
#include "libs/pagination/page_token_codec.h"
#include "services/customer/core/operation_store.h"

namespace crm::customer {

// google.longrunning.Operations for the customer service's long-running
// operations (duplicate scans): read, list, cancel and forget them. Like the
// scans themselves, HQ only.
class OperationsService final : public google::longrunning::Operations::CallbackService {
 public:
  using Context = grpc::CallbackServerContext;
  using Reactor = grpc::ServerUnaryReactor;

  OperationsService(OperationStore& store, const auth::PrincipalVerifier& verifier,
                    const pagination::PageTokenCodec& page_tokens)
      : store_(store), verifier_(verifier), page_tokens_(page_tokens) {}

  Reactor* GetOperation(Context*, const google::longrunning::GetOperationRequest*,
                        google::longrunning::Operation*) override;
  Reactor* ListOperations(Context*, const google::longrunning::ListOperationsRequest*,
                          google::longrunning::ListOperationsResponse*) override;
  Reactor* CancelOperation(Context*, const google::longrunning::CancelOperationRequest*,
                           google::protobuf::Empty*) override;
  Reactor* DeleteOperation(Context*, const google::longrunning::DeleteOperationRequest*,
                           google::protobuf::Empty*) override;

 private:
  // Verifies an HQ caller, then finishes the call with what `handler` returns.
  Reactor* Serve(Context* context, std::string_view method,
                 absl::FunctionRef<absl::Status()> handler);

  OperationStore& store_;
  const auth::PrincipalVerifier& verifier_;
  const pagination::PageTokenCodec& page_tokens_;
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_OPERATIONS_OPERATIONS_SERVICE_H_
