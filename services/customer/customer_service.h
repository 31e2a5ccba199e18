#ifndef CRM_SERVICES_CUSTOMER_CUSTOMER_SERVICE_H_
#define CRM_SERVICES_CUSTOMER_CUSTOMER_SERVICE_H_

#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "crm/auth/v1/principal.pb.h"
#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "libs/auth/principal_verifier.h"
#include "libs/cache/versioned_cache.h"
#include "libs/pagination/page_token_codec.h"
#include "libs/rate_limit/token_bucket_limiter.h"
#include "services/customer/change_feed.h"
#include "services/customer/change_watch.h"
#include "services/customer/contact_store.h"
#include "services/customer/customer_importer.h"
#include "services/customer/customer_store.h"
#include "services/customer/duplicate_finder.h"
#include "services/customer/merge_guard.h"
#include "services/customer/merge_store.h"
#include "services/customer/mutation_context.h"
#include "services/customer/operation_store.h"
#include "services/customer/personal_info_cipher.h"
#include "services/customer/quality_report.h"
#include "services/customer/scan_runner.h"

namespace crm::customer {

// What the handlers need; all owned elsewhere and outliving the service.
struct CustomerServiceDeps {
  CustomerStore* customers;
  ContactStore* contacts;
  cache::VersionedCache* cache;  // null: no cache (GetCustomer reads PostgreSQL)
  const auth::PrincipalVerifier* verifier;
  const PersonalInfoCipher* cipher;
  const pagination::PageTokenCodec* page_tokens;
  DuplicateFinder* duplicates;
  QualityReporter* quality;
  OperationStore* operations;
  ScanRunner* scans;
  ChangeFeed* changes;
  CustomerImporter* importer;
  MergeStore* merges;
  const MergeGuard* merge_guard;
  ChangeWatches* watches = nullptr;  // null: WatchCustomerChanges is UNIMPLEMENTED
  // Per-caller limit on lookups by personal data; null: unlimited.
  rate_limit::TokenBucketLimiter* personal_info_lookups = nullptr;
};

// NOT_FOUND for a merged customer, naming its survivor (ErrorInfo reason
// CUSTOMER_MERGED, metadata merged_into).
absl::Status MergedCustomerError(const v1::Customer& customer);

// The gRPC edge of the customer service. Each handler reads as: verify the
// principal → check the role → validate every field → call the store (which
// applies the data scope in SQL, in one transaction) → map the result.
// Handlers run inline on gRPC's callback threads; they block only on the
// bounded PostgreSQL pool and Redis, both with timeouts.
class CustomerService final : public v1::CustomerService::CallbackService {
 public:
  explicit CustomerService(CustomerServiceDeps deps) : deps_(deps) {}

  using Reactor = grpc::ServerUnaryReactor;
  using Context = grpc::CallbackServerContext;

  Reactor* CreateCustomer(Context*, const v1::CreateCustomerRequest*, v1::Customer*) override;
  Reactor* GetCustomer(Context*, const v1::GetCustomerRequest*, v1::Customer*) override;
  Reactor* BatchGetCustomers(Context*, const v1::BatchGetCustomersRequest*,
                             v1::BatchGetCustomersResponse*) override;
  Reactor* ListCustomers(Context*, const v1::ListCustomersRequest*,
                         v1::ListCustomersResponse*) override;
  Reactor* UpdateCustomer(Context*, const v1::UpdateCustomerRequest*, v1::Customer*) override;
  Reactor* DeleteCustomer(Context*, const v1::DeleteCustomerRequest*, v1::Customer*) override;
  Reactor* UndeleteCustomer(Context*, const v1::UndeleteCustomerRequest*, v1::Customer*) override;
  Reactor* LookupCustomer(Context*, const v1::LookupCustomerRequest*, v1::Customer*) override;
  Reactor* UpsertCustomerByExternalReference(
      Context*, const v1::UpsertCustomerByExternalReferenceRequest*,
      v1::UpsertCustomerByExternalReferenceResponse*) override;
  Reactor* SetCustomerOwner(Context*, const v1::SetCustomerOwnerRequest*, v1::Customer*) override;
  Reactor* AddAccountTeamMember(Context*, const v1::AddAccountTeamMemberRequest*,
                                v1::Customer*) override;
  Reactor* RemoveAccountTeamMember(Context*, const v1::RemoveAccountTeamMemberRequest*,
                                   v1::Customer*) override;
  Reactor* SearchDuplicates(Context*, const v1::SearchDuplicatesRequest*,
                            v1::SearchDuplicatesResponse*) override;
  Reactor* ScanDuplicates(Context*, const v1::ScanDuplicatesRequest*,
                          google::longrunning::Operation*) override;
  Reactor* ListCustomerChanges(Context*, const v1::ListCustomerChangesRequest*,
                               v1::ListCustomerChangesResponse*) override;
  grpc::ServerWriteReactor<v1::WatchCustomerChangesResponse>* WatchCustomerChanges(
      grpc::CallbackServerContext*, const v1::WatchCustomerChangesRequest*) override;
  Reactor* MergeCustomers(Context*, const v1::MergeCustomersRequest*,
                          v1::MergeCustomersResponse*) override;
  Reactor* UnmergeCustomer(Context*, const v1::UnmergeCustomerRequest*,
                           v1::UnmergeCustomerResponse*) override;
  Reactor* GetDataQualityReport(Context*, const v1::GetDataQualityReportRequest*,
                                v1::DataQualityReport*) override;
  Reactor* ListCustomerHistory(Context*, const v1::ListCustomerHistoryRequest*,
                               v1::ListCustomerHistoryResponse*) override;
  grpc::ServerBidiReactor<v1::ImportCustomersRequest, v1::ImportCustomersResponse>* ImportCustomers(
      grpc::CallbackServerContext*) override;

  Reactor* CreateContact(Context*, const v1::CreateContactRequest*, v1::Contact*) override;
  Reactor* GetContact(Context*, const v1::GetContactRequest*, v1::Contact*) override;
  Reactor* ListContacts(Context*, const v1::ListContactsRequest*,
                        v1::ListContactsResponse*) override;
  Reactor* UpdateContact(Context*, const v1::UpdateContactRequest*, v1::Contact*) override;
  Reactor* DeleteContact(Context*, const v1::DeleteContactRequest*, v1::Contact*) override;
  Reactor* EraseContact(Context*, const v1::EraseContactRequest*, v1::Contact*) override;

 private:
  // The verified caller of one call.
  struct Caller {
    auth::v1::Principal principal;
    MutationContext context;
  };

  // Verifies the principal, runs `handler`, and finishes the call with its
  // status mapped at the edge. Never lets an exception escape.
  Reactor* Serve(Context* context, std::string_view method, const std::string& request_id,
                 const google::protobuf::Message& request,
                 absl::FunctionRef<absl::Status(const Caller&)> handler);

  absl::Status FetchCustomer(const std::string& id, v1::Customer& customer);
  void AfterCustomerChange(const v1::Customer& customer);
  // A merged customer's cached record is stale.
  void AfterCustomerMerge(const std::string& merged_id);
  // A contact change bumped its customer's version (when it did): the cached
  // customer is stale.
  void AfterContactChange(const std::string& customer_id, std::optional<int64_t> customer_version);
  // Delete and Undelete: the same request shape, one store call apart.
  using StateChange = absl::StatusOr<v1::Customer> (CustomerStore::*)(const MutationContext&,
                                                                      const std::string&,
                                                                      std::optional<int64_t>);
  template <typename Request>
  grpc::ServerUnaryReactor* ChangeCustomerState(Context* context, std::string_view method,
                                                const Request& request, StateChange change,
                                                v1::Customer* response);
  absl::Status RenderContact(const Caller& caller, StoredContact stored, v1::Contact& out,
                             std::vector<std::string>& opened);
  absl::StatusOr<ContactValues> SealContact(const std::string& contact_id,
                                            const v1::Contact& contact);
  // Takes one of the caller's lookups by personal data, or says when to retry
  // (RESOURCE_EXHAUSTED with RetryInfo).
  absl::Status AdmitPersonalInfoLookup(const Caller& caller);

  CustomerServiceDeps deps_;
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CUSTOMER_SERVICE_H_
