#ifndef CRM_SERVICES_CUSTOMER_DUPLICATES_DUPLICATES_HANDLER_H_
#define CRM_SERVICES_CUSTOMER_DUPLICATES_DUPLICATES_HANDLER_H_

// SearchDuplicates (candidates for "is this customer already here?", before a
// create or for an existing record, through DuplicateFinder) and
// ScanDuplicates (the whole book, as a long-running operation run by
// ScanRunner with DuplicateScanner).

#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "google/longrunning/operations.pb.h"
#include "libs/auth/principal_verifier.h"
#include "libs/rate_limit/token_bucket_limiter.h"
#include "services/customer/core/customer_store.h"
#include "services/customer/core/operation_store.h"
#include "services/customer/core/personal_info_audit.h"
#include "services/customer/core/personal_info_cipher.h"
#include "services/customer/core/request_path.h"
#include "services/customer/duplicates/duplicate_finder.h"
#include "services/customer/duplicates/scan_runner.h"

namespace crm::customer {

// All owned elsewhere and outliving the handler.
struct DuplicatesDeps {
  DuplicateFinder* duplicates;
  CustomerStore* customers;  // the subject of a search by an existing name
  PersonalInfoAudit* audit;  // lookups by contact phone or e-mail
  OperationStore* operations;
  ScanRunner* scans;
  const auth::PrincipalVerifier* verifier;
  const PersonalInfoCipher* cipher;
  // Per-caller limit on lookups by personal data; null: unlimited.
  rate_limit::TokenBucketLimiter* personal_info_lookups = nullptr;
};

class DuplicatesHandler final {
 public:
  explicit DuplicatesHandler(DuplicatesDeps deps) : deps_(deps) {}

  using Reactor = grpc::ServerUnaryReactor;
  using Context = grpc::CallbackServerContext;

  Reactor* SearchDuplicates(Context*, const v1::SearchDuplicatesRequest*,
                            v1::SearchDuplicatesResponse*);
  Reactor* ScanDuplicates(Context*, const v1::ScanDuplicatesRequest*,
                          google::longrunning::Operation*);

 private:
  // Takes one of the caller's lookups by personal data, or says when to retry
  // (RESOURCE_EXHAUSTED with RetryInfo).
  absl::Status AdmitPersonalInfoLookup(const Caller& caller);

  const DuplicatesDeps deps_;
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_DUPLICATES_DUPLICATES_HANDLER_H_
