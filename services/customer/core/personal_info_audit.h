#ifndef CRM_SERVICES_CUSTOMER_CORE_PERSONAL_INFO_AUDIT_H_
#define CRM_SERVICES_CUSTOMER_CORE_PERSONAL_INFO_AUDIT_H_

// Who saw or searched by contacts' personal data (customer.personal_info_reads
// and personal_info_lookups, migrations 0002 and 0010): written by the contact
// reads (contacts/) and the lookups by phone or e-mail (duplicates/).

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "libs/pg/pool.h"
#include "services/customer/core/mutation_context.h"

namespace crm::customer {

class PersonalInfoAudit final {
 public:
  explicit PersonalInfoAudit(pg::ConnectionPool& pool) : pool_(pool) {}

  static std::vector<pg::PreparedStatement> Statements();

  // Audits that the caller read these contacts' unmasked personal fields.
  absl::Status RecordRead(const MutationContext& context,
                          const std::vector<std::string>& contact_ids);

  // Audits a lookup by personal data: the keyed hashes asked for and the
  // contacts that matched (and so were revealed to the caller).
  absl::Status RecordLookup(const MutationContext& context,
                            const std::vector<std::string>& value_hashes,
                            const std::vector<std::string>& matched_contact_ids);

 private:
  pg::ConnectionPool& pool_;
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CORE_PERSONAL_INFO_AUDIT_H_
