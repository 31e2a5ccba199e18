#include "services/customer/core/contact_write.h"

#include "absl/strings/escaping.h"
#include "libs/auth/sql_scope.h"
#include "libs/strings/str_cat.h"

namespace crm::customer {
namespace {

// Sealed values and hashes travel as hex text arrays; an empty one is NULL.
constexpr char kInsertContactsSql[] = R"sql(
  INSERT INTO customer.contacts
    (id, customer_id, display_name, title, department, decision_role,
     phone_sealed, phone_hash, phone_masked, email_sealed, email_hash,
     email_masked, wechat_sealed, wechat_hash, wechat_masked)
  SELECT n.id::uuid, n.customer_id::uuid, n.display_name, n.title, n.department,
         n.decision_role,
         NULLIF(decode(n.phone_sealed, 'hex'), ''::bytea),
         NULLIF(decode(n.phone_hash, 'hex'), ''::bytea), n.phone_masked,
         NULLIF(decode(n.email_sealed, 'hex'), ''::bytea),
         NULLIF(decode(n.email_hash, 'hex'), ''::bytea), n.email_masked,
         NULLIF(decode(n.wechat_sealed, 'hex'), ''::bytea),
         NULLIF(decode(n.wechat_hash, 'hex'), ''::bytea), n.wechat_masked
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[],
              $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
              $13::text[], $14::text[], $15::text[])
    AS n(id, customer_id, display_name, title, department, decision_role,
         phone_sealed, phone_hash, phone_masked, email_sealed, email_hash, email_masked,
         wechat_sealed, wechat_hash, wechat_masked))sql";

}  // namespace

ContactValues SealContact(const PersonalInfoCipher& cipher, const std::string& contact_id,
                          const v1::Contact& contact) {
  ContactValues values;
  values.plain.set_display_name(contact.display_name());
  values.plain.set_title(contact.title());
  values.plain.set_department(contact.department());
  values.plain.set_decision_role(contact.decision_role());
  values.phone = cipher.Seal(contact_id, PersonalField::kPhone, contact.phone());
  values.email = cipher.Seal(contact_id, PersonalField::kEmail, contact.email());
  values.wechat = cipher.Seal(contact_id, PersonalField::kWechat, contact.wechat());
  return values;
}

void InsertContacts(pqxx::work& tx, std::span<const NewContact> contacts) {
  if (contacts.empty()) return;
  constexpr int kColumns = 15;
  std::vector<std::vector<std::string>> columns(kColumns);
  for (const NewContact& c : contacts) {
    const ContactValues& v = c.values;
    const std::string row[kColumns] = {c.contact_id,
                                       c.customer_id,
                                       v.plain.display_name(),
                                       v.plain.title(),
                                       v.plain.department(),
                                       crm::StrCat(static_cast<int>(v.plain.decision_role())),
                                       absl::BytesToHexString(v.phone.sealed),
                                       absl::BytesToHexString(v.phone.hash),
                                       v.phone.masked,
                                       absl::BytesToHexString(v.email.sealed),
                                       absl::BytesToHexString(v.email.hash),
                                       v.email.masked,
                                       absl::BytesToHexString(v.wechat.sealed),
                                       absl::BytesToHexString(v.wechat.hash),
                                       v.wechat.masked};
    for (int i = 0; i < kColumns; ++i) columns[i].push_back(row[i]);
  }
  std::vector<std::string> literals;
  for (const std::vector<std::string>& column : columns) {
    literals.push_back(auth::TextArrayLiteral(column));
  }
  tx.exec_params(kInsertContactsSql, literals[0], literals[1], literals[2], literals[3],
                 literals[4], literals[5], literals[6], literals[7], literals[8], literals[9],
                 literals[10], literals[11], literals[12], literals[13], literals[14]);
}

std::vector<FieldChange> ContactHistory(const v1::Contact& before, const v1::Contact& after) {
  std::vector<FieldChange> changes;
  auto compare = [&](const char* field, const std::string& a, const std::string& b) {
    if (a != b) changes.push_back({field, a, b});
  };
  compare("display_name", before.display_name(), after.display_name());
  compare("title", before.title(), after.title());
  compare("department", before.department(), after.department());
  compare("decision_role", v1::DecisionRole_Name(before.decision_role()),
          v1::DecisionRole_Name(after.decision_role()));
  compare("phone", before.phone(), after.phone());
  compare("email", before.email(), after.email());
  compare("wechat", before.wechat(), after.wechat());
  compare("state", v1::Contact::State_Name(before.state()), v1::Contact::State_Name(after.state()));
  return changes;
}

v1::Contact MaskedContact(const ContactValues& values, v1::Contact::State state) {
  v1::Contact contact = values.plain;
  contact.set_phone(values.phone.masked);
  contact.set_email(values.email.masked);
  contact.set_wechat(values.wechat.masked);
  contact.set_state(state);
  return contact;
}

}  // namespace crm::customer
