#ifndef CRM_SERVICES_CUSTOMER_IMPORT_IMPORT_HANDLER_H_
#define CRM_SERVICES_CUSTOMER_IMPORT_IMPORT_HANDLER_H_

// ImportCustomers: rows stream in, are validated one by one exactly like
// CreateCustomer validates a customer, and are written in batches by
// CustomerImporter (import/customer_importer.cc); a result per row streams
// back after each batch commits.

#include "crm/customer/v1/customer_service.grpc.pb.h"
#include "libs/auth/principal_verifier.h"
#include "services/customer/core/customer_cache.h"
#include "services/customer/import/customer_importer.h"

namespace crm::customer {

// All owned elsewhere and outliving the handler (and its calls).
struct ImportDeps {
  CustomerImporter* importer;
  CustomerCache* cache;
  const auth::PrincipalVerifier* verifier;
};

class ImportHandler final {
 public:
  explicit ImportHandler(ImportDeps deps) : deps_(deps) {}

  grpc::ServerBidiReactor<v1::ImportCustomersRequest, v1::ImportCustomersResponse>* ImportCustomers(
      grpc::CallbackServerContext* context);

 private:
  const ImportDeps deps_;
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_IMPORT_IMPORT_HANDLER_H_
