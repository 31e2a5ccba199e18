#ifndef CRM_SERVICES_CUSTOMER_IMPORT_CUSTOMER_IMPORTER_H_
#define CRM_SERVICES_CUSTOMER_IMPORT_CUSTOMER_IMPORTER_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "crm/customer/v1/customer_service.pb.h"
#include "libs/pg/pool.h"
#include "services/customer/core/mutation_context.h"
#include "services/customer/core/personal_info_cipher.h"

namespace crm::customer {

// One import row that passed validation: its values are normalised, the
// display name and (for a create) the owner are filled in, and the customer
// carries no references, account team or output fields.
struct ImportItem {
  int64_t row_number = 0;
  v1::ExternalReference reference;
  v1::Customer customer;
  // Validated and normalised; written only if the row creates the customer.
  std::vector<v1::Contact> contacts;
};

// A customer the batch changed, for the cache.
struct ImportedVersion {
  std::string id;
  int64_t version = 0;
};

// What one batch did: a result per row, in the order given, and the
// customers whose cached copies are now stale.
struct ImportBatchResult {
  std::vector<v1::ImportRowResult> rows;
  std::vector<ImportedVersion> updated;
};

// Writes batches of ImportCustomers rows, each in one transaction: the rows
// are matched to customers set-based (by external reference, else by a live
// customer with the same USCC), decided one by one like
// UpsertCustomerByExternalReference would, then written through a staging
// table filled with COPY, with the same history, match keys, change-feed
// rows and completeness as a single write. A row that cannot be written (out
// of scope, USCC held by another customer, reference on a deleted customer)
// is REJECTED with a field violation and writes nothing; it does not fail
// the batch. Rows that touch what an earlier row of the batch touches (the
// same reference, USCC or customer) are written in a later round of the same
// transaction, so a batch means what its rows would mean one after another.
// A row that creates its customer also creates its contacts, sealed and
// hashed like CreateContact (core/contact_write.h), counted in the new
// customer's completeness; a row matching an existing customer skips them.
class CustomerImporter final {
 public:
  CustomerImporter(pg::ConnectionPool& pool, const PersonalInfoCipher& cipher)
      : pool_(pool), cipher_(cipher) {}

  // All rows commit together or none does (the error says why).
  absl::StatusOr<ImportBatchResult> WriteBatch(const MutationContext& context,
                                               std::span<const ImportItem> items);

 private:
  pg::ConnectionPool& pool_;
  const PersonalInfoCipher& cipher_;
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_IMPORT_CUSTOMER_IMPORTER_H_
