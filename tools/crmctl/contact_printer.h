#ifndef CRM_TOOLS_CRMCTL_CONTACT_PRINTER_H_
#define CRM_TOOLS_CRMCTL_CONTACT_PRINTER_H_

#include <ostream>

#include "crm/customer/v1/customer_service.pb.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace crm::crmctl {

// A contact as a key-value block, keys named like the proto fields.
void PrintContact(const customer::v1::Contact& contact, std::ostream& out);

// Contacts as a table, one row each; personal fields as the server sent
// them (masked unless the caller may see them).
void PrintContactTable(const google::protobuf::RepeatedPtrField<customer::v1::Contact>& contacts,
                       std::ostream& out);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_CONTACT_PRINTER_H_
