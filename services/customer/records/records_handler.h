#ifndef CRM_SERVICES_CUSTOMER_RECORDS_RECORDS_HANDLER_H_
#define CRM_SERVICES_CUSTOMER_RECORDS_RECORDS_HANDLER_H_

// Customer records: create, read, list, update, delete/undelete, lookup and
// upsert by key, owner and account team, history. Each handler reads as:
// verify the principal → check the role → validate every field → call
// CustomerStore (core/customer_store.cc, which applies the data scope in SQL,
// in one transaction) → map the result.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "libs/auth/principal_verifier.h"
#include "libs/pagination/page_token_codec.h"
#include "services/customer/core/customer_cache.h"
#include "services/customer/core/customer_store.h"
#include "services/customer/core/request_path.h"

namespace crm::customer {

// All owned elsewhere and outliving the handler.
struct RecordsDeps {
  CustomerStore* customers;
  CustomerCache* cache;
  const auth::PrincipalVerifier* verifier;
  const pagination::PageTokenCodec* page_tokens;
  // Names of live customers that may be the same legal entity as one just
  // created (CreateCustomer's possible_duplicates warning); the module wires
  // it to duplicates/. Empty: no warning.
  std::function<std::vector<std::string>(const v1::Customer& created)> possible_duplicates;
};

class RecordsHandler final {
 public:
  explicit RecordsHandler(RecordsDeps deps) : deps_(std::move(deps)) {}

  using Reactor = grpc::ServerUnaryReactor;
  using Context = grpc::CallbackServerContext;

  Reactor* CreateCustomer(Context*, const v1::CreateCustomerRequest*, v1::Customer*);
  Reactor* GetCustomer(Context*, const v1::GetCustomerRequest*, v1::Customer*);
  Reactor* BatchGetCustomers(Context*, const v1::BatchGetCustomersRequest*,
                             v1::BatchGetCustomersResponse*);
  Reactor* ListCustomers(Context*, const v1::ListCustomersRequest*, v1::ListCustomersResponse*);
  Reactor* UpdateCustomer(Context*, const v1::UpdateCustomerRequest*, v1::Customer*);
  Reactor* DeleteCustomer(Context*, const v1::DeleteCustomerRequest*, v1::Customer*);
  Reactor* UndeleteCustomer(Context*, const v1::UndeleteCustomerRequest*, v1::Customer*);
  Reactor* LookupCustomer(Context*, const v1::LookupCustomerRequest*, v1::Customer*);
  Reactor* UpsertCustomerByExternalReference(Context*,
                                             const v1::UpsertCustomerByExternalReferenceRequest*,
                                             v1::UpsertCustomerByExternalReferenceResponse*);
  Reactor* SetCustomerOwner(Context*, const v1::SetCustomerOwnerRequest*, v1::Customer*);
  Reactor* AddAccountTeamMember(Context*, const v1::AddAccountTeamMemberRequest*, v1::Customer*);
  Reactor* RemoveAccountTeamMember(Context*, const v1::RemoveAccountTeamMemberRequest*,
                                   v1::Customer*);
  Reactor* ListCustomerHistory(Context*, const v1::ListCustomerHistoryRequest*,
                               v1::ListCustomerHistoryResponse*);

 private:
  // Delete and Undelete: the same request shape, one store call apart.
  using StateChange = absl::StatusOr<v1::Customer> (CustomerStore::*)(const MutationContext&,
                                                                      const std::string&,
                                                                      std::optional<int64_t>);
  template <typename Request>
  Reactor* ChangeCustomerState(Context* context, std::string_view method, const Request& request,
                               StateChange change, v1::Customer* response);

  const RecordsDeps deps_;
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_RECORDS_RECORDS_HANDLER_H_
