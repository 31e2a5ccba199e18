#ifndef CRM_SERVICES_CUSTOMER_CORE_CUSTOMER_FIELDS_H_
#define CRM_SERVICES_CUSTOMER_CORE_CUSTOMER_FIELDS_H_

// The one list of a customer's fields. The diff and its history, update
// masks, the merge's survivorship, the importer and upserts take their fields
// from here; adding a field means adding it here (and to the table and row:
// migrations/, core/customer_row.cc, core/customer_store.cc).

#include <string>
#include <string_view>
#include <vector>

#include "crm/customer/v1/customer_service.pb.h"

namespace crm::customer {

struct CustomerField {
  enum Use : unsigned {
    kUpdatable = 1 << 0,  // an UpdateCustomer mask may name it
    kMergeable = 1 << 1,  // a merge picks the surviving value (survivorship)
    kImported = 1 << 2,   // an import row, or an upsert without a mask, sets it
  };
  std::string_view name;  // the proto field, the mask path and the history's field
  unsigned uses;
  // The value as history shows it; lists as one sorted or joined text.
  std::string (*text)(const v1::Customer&);
  // Whether it holds a value (not empty, not UNSPECIFIED).
  bool (*is_set)(const v1::Customer&);
  // Copies the field from `from` onto `to`.
  void (*copy)(const v1::Customer& from, v1::Customer& to);

  bool Has(Use use) const { return (uses & use) != 0; }
};

// In the order history lists them.
const std::vector<CustomerField>& CustomerFields();

// The field named `name`, or null.
const CustomerField* FindCustomerField(std::string_view name);

// The names of the fields with `use`, in order.
std::vector<std::string> CustomerFieldNames(CustomerField::Use use);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CORE_CUSTOMER_FIELDS_H_
