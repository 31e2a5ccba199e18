#ifndef CRM_SERVICES_CUSTOMER_CORE_CUSTOMER_DIFF_H_
#define CRM_SERVICES_CUSTOMER_CORE_CUSTOMER_DIFF_H_

#include <string>
#include <vector>

#include "crm/customer/v1/customer_service.pb.h"

namespace crm::customer {

// One changed field, as the audit history shows it.
struct FieldChange {
  std::string field;
  std::string old_value;
  std::string new_value;
};

// The fields that differ between two versions of a customer, in the order
// of CustomerFields(); lists (tags, references, account team) compare as
// wholes.
std::vector<FieldChange> DiffCustomers(const v1::Customer& before, const v1::Customer& after);

// A created customer's one history entry: an empty field, and its initial
// values (those set, as DiffCustomers shows them) as a JSON object.
FieldChange CreationEntry(const v1::Customer& created);

// What history records of a write: CreationEntry when `before` is empty (a
// create), DiffCustomers otherwise.
std::vector<FieldChange> HistoryOf(const v1::Customer& before, const v1::Customer& after);

// Applies the allow-listed `paths` of `values` onto `customer`.
void ApplyCustomerPaths(const v1::Customer& values, const std::vector<std::string>& paths,
                        v1::Customer& customer);

// The fields an UpdateCustomer mask may name (CustomerField::kUpdatable).
const std::vector<std::string>& UpdatableCustomerPaths();

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CORE_CUSTOMER_DIFF_H_
