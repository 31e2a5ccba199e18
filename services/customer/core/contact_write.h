#ifndef CRM_SERVICES_CUSTOMER_CORE_CONTACT_WRITE_H_
#define CRM_SERVICES_CUSTOMER_CORE_CONTACT_WRITE_H_

// A contact's write side, shared by CreateContact (contacts/) and
// ImportCustomers (import/): how a contact's personal fields are sealed and
// hashed, how new contacts are inserted, and what their history says.

#include <span>
#include <string>
#include <vector>

#include "crm/customer/v1/customer_service.pb.h"
#include "pqxx/pqxx"
#include "services/customer/core/customer_diff.h"
#include "services/customer/core/personal_info_cipher.h"

namespace crm::customer {

// A contact's values as written: personal fields already sealed.
struct ContactValues {
  v1::Contact plain;  // display_name, title, department, decision_role
  SealedField phone, email, wechat;
};

// Seals a validated contact's personal fields for the contact `contact_id`
// (the id is bound into the seal) and keeps its plain fields.
ContactValues SealContact(const PersonalInfoCipher& cipher, const std::string& contact_id,
                          const v1::Contact& contact);

// A contact to insert, ACTIVE, version 1.
struct NewContact {
  std::string customer_id;
  std::string contact_id;
  ContactValues values;
};

// Inserts any number of new contacts in one statement.
void InsertContacts(pqxx::work& tx, std::span<const NewContact> contacts);

// The history of a contact change: plain fields as they are, personal fields
// masked. `after` carries the masked personal values.
std::vector<FieldChange> ContactHistory(const v1::Contact& before, const v1::Contact& after);

// `values` as a contact with masked personal fields, in `state`.
v1::Contact MaskedContact(const ContactValues& values, v1::Contact::State state);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CORE_CONTACT_WRITE_H_
