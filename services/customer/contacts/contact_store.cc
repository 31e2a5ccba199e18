#include "services/customer/contacts/contact_store.h"

#include "absl/strings/str_cat.h"
#include "libs/auth/sql_scope.h"
#include "libs/pg/transaction.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/customer/core/customer_row.h"
#include "services/customer/core/store_support.h"
#include "services/customer/rules/completeness.h"

namespace crm::customer {
namespace {

constexpr char kSelect[] = "customer.contact_select";
constexpr char kList[] = "customer.contact_list";
constexpr char kLock[] = "customer.contact_lock";
constexpr char kUpdate[] = "customer.contact_update";
constexpr char kRefreshCompleteness[] = "customer.contact_refresh_completeness";
constexpr char kCustomerForCompleteness[] = "customer.contact_customer_for_completeness";
constexpr char kScrubHistory[] = "customer.contact_scrub_history";

constexpr char kColumns[] = R"sql(
  k.id::text, k.customer_id::text, k.display_name, k.title, k.department,
  k.decision_role, k.phone_sealed, k.phone_masked, k.email_sealed,
  k.email_masked, k.wechat_sealed, k.wechat_masked, k.state, k.version,
  (extract(epoch FROM k.create_time) * 1000000)::bigint,
  (extract(epoch FROM k.update_time) * 1000000)::bigint)sql";

const std::string& SelectSql() {
  static const std::string sql =
      crm::StrCat("SELECT ", kColumns,
                  " FROM customer.contacts k WHERE k.customer_id = $1::uuid AND k.id = $2::uuid");
  return sql;
}

const std::string& ListSql() {
  static const std::string sql =
      crm::StrCat("SELECT ", kColumns,
                  " FROM customer.contacts k WHERE k.customer_id = $1::uuid"
                  " AND ($2::boolean OR k.state = 1)"
                  " AND (NOT $3::boolean OR (k.display_name, k.id) > ($4, NULLIF($5, '')::uuid))"
                  " ORDER BY k.display_name, k.id LIMIT $6");
  return sql;
}

constexpr char kLockSql[] = R"sql(
  SELECT version, state FROM customer.contacts
  WHERE customer_id = $1::uuid AND id = $2::uuid FOR UPDATE)sql";

// An empty sealed value clears the field; an empty hash with a sealed value
// means "unchanged" (hashes are never read back), so the stored hash stays.
constexpr char kUpdateSql[] = R"sql(
  UPDATE customer.contacts SET
    display_name = $3, title = $4, department = $5, decision_role = $6,
    phone_sealed = NULLIF($7, ''::bytea),
    phone_hash = CASE WHEN $7 = ''::bytea THEN NULL
                      WHEN $8 = ''::bytea THEN phone_hash ELSE $8 END,
    phone_masked = $9,
    email_sealed = NULLIF($10, ''::bytea),
    email_hash = CASE WHEN $10 = ''::bytea THEN NULL
                      WHEN $11 = ''::bytea THEN email_hash ELSE $11 END,
    email_masked = $12,
    wechat_sealed = NULLIF($13, ''::bytea),
    wechat_hash = CASE WHEN $13 = ''::bytea THEN NULL
                       WHEN $14 = ''::bytea THEN wechat_hash ELSE $14 END,
    wechat_masked = $15,
    state = $16, version = version + 1, update_time = now()
  WHERE customer_id = $1::uuid AND id = $2::uuid)sql";

const std::string& CustomerForCompletenessSql() {
  static const std::string sql =
      crm::StrCat("SELECT ", kCustomerColumns, " FROM customer.customers c WHERE c.id = $1::uuid");
  return sql;
}

constexpr char kContactStatsSql[] = R"sql(
  SELECT count(*), coalesce(bool_or(decision_role = 1), false)
  FROM customer.contacts WHERE customer_id = $1::uuid AND state = 1)sql";

constexpr char kRefreshCompletenessSql[] = R"sql(
  UPDATE customer.customers
  SET data_completeness = $2, version = version + 1, update_time = now()
  WHERE id = $1::uuid AND data_completeness <> $2
  RETURNING version)sql";

// Erasure: history keeps that a value changed, never what it was.
constexpr char kScrubHistorySql[] = R"sql(
  UPDATE customer.history SET
    old_value = CASE WHEN old_value = '' THEN '' ELSE '[erased]' END,
    new_value = CASE WHEN new_value = '' THEN '' ELSE '[erased]' END
  WHERE customer_id = $1::uuid AND resource = $2)sql";

constexpr char kContactStats[] = "customer.contact_stats";

std::string ContactName(const std::string& customer_id, const std::string& contact_id) {
  return crm::StrCat("customers/", customer_id, "/contacts/", contact_id);
}

std::string Bytes(const pqxx::field& field) {
  if (field.is_null()) return "";
  return pqxx::binarystring(field).str();
}

StoredContact ContactFromRow(const pqxx::row& row) {
  StoredContact stored;
  v1::Contact& contact = stored.contact;
  contact.set_name(ContactName(row[1].c_str(), row[0].c_str()));
  contact.set_display_name(row[2].c_str());
  contact.set_title(row[3].c_str());
  contact.set_department(row[4].c_str());
  contact.set_decision_role(static_cast<v1::DecisionRole>(row[5].as<int>()));
  stored.phone_sealed = Bytes(row[6]);
  contact.set_phone(row[7].c_str());
  stored.email_sealed = Bytes(row[8]);
  contact.set_email(row[9].c_str());
  stored.wechat_sealed = Bytes(row[10]);
  contact.set_wechat(row[11].c_str());
  contact.set_personal_info_masked(true);
  contact.set_state(static_cast<v1::Contact::State>(row[12].as<int>()));
  contact.set_etag(EtagOf(row[13].as<int64_t>()));
  *contact.mutable_create_time() = TimestampFromMicros(row[14].as<int64_t>());
  *contact.mutable_update_time() = TimestampFromMicros(row[15].as<int64_t>());
  return stored;
}

absl::Status ContactNotFound(const std::string& customer_id, const std::string& contact_id) {
  const std::string name = ContactName(customer_id, contact_id);
  return status::Error(absl::StatusCode::kNotFound, kDomain, "CONTACT_NOT_FOUND",
                       crm::StrCat(name, " does not exist"), {{"contact", name}});
}

// The values written for a contact: `current` with the named `paths` of
// `values` applied (personal fields come sealed).
struct Row {
  v1::Contact plain;
  SealedField phone, email, wechat;
  v1::Contact::State state = v1::Contact::ACTIVE;
};

// The row as a contact with masked personal fields, for its history.
v1::Contact MaskedRow(const Row& row) {
  return MaskedContact({row.plain, row.phone, row.email, row.wechat}, row.state);
}

void Write(pqxx::work& tx, const std::string& customer_id, const std::string& contact_id,
           const Row& row) {
  auto bytes = [](const std::string& s) { return pqxx::binarystring(s); };
  tx.exec_prepared(kUpdate, customer_id, contact_id, row.plain.display_name(), row.plain.title(),
                   row.plain.department(), static_cast<int>(row.plain.decision_role()),
                   bytes(row.phone.sealed), bytes(row.phone.hash), row.phone.masked,
                   bytes(row.email.sealed), bytes(row.email.hash), row.email.masked,
                   bytes(row.wechat.sealed), bytes(row.wechat.hash), row.wechat.masked,
                   static_cast<int>(row.state));
}

// Recomputes the customer's completeness after a contact change; returns the
// customer's new version when it changed.
std::optional<int64_t> RefreshCompleteness(pqxx::work& tx, const std::string& customer_id) {
  const pqxx::row customer_row = tx.exec_prepared1(kCustomerForCompleteness, customer_id);
  const v1::Customer customer = CustomerFromRow(customer_row);
  const pqxx::row stats = tx.exec_prepared1(kContactStats, customer_id);
  CompletenessInput input;
  input.has_legal_name = !customer.legal_name().empty();
  input.has_short_name = !customer.short_name().empty();
  input.has_uscc = !customer.uscc().empty();
  input.has_industry = !customer.industry().empty();
  input.has_region = !customer.region().empty();
  input.has_ownership_type = customer.ownership_type() != v1::OWNERSHIP_TYPE_UNSPECIFIED;
  input.has_size_band = customer.size_band() != v1::SIZE_BAND_UNSPECIFIED;
  input.has_owner_org_unit = !customer.owner_org_unit().empty();
  input.active_contacts = stats[0].as<int>();
  input.has_decision_maker_contact = stats[1].as<bool>();
  const pqxx::result updated =
      tx.exec_prepared(kRefreshCompleteness, customer_id, DataCompleteness(input));
  if (updated.empty()) return std::nullopt;
  return updated[0][0].as<int64_t>();
}

}  // namespace

ContactStore::ContactStore(pg::ConnectionPool& pool, const idempotency::RequestLog& request_log)
    : pool_(pool), request_log_(request_log) {}

std::vector<pg::PreparedStatement> ContactStore::Statements() {
  return {{kSelect, SelectSql()},
          {kList, ListSql()},
          {kLock, kLockSql},
          {kUpdate, kUpdateSql},
          {kCustomerForCompleteness, CustomerForCompletenessSql()},
          {kContactStats, kContactStatsSql},
          {kRefreshCompleteness, kRefreshCompletenessSql},
          {kScrubHistory, kScrubHistorySql}};
}

namespace {

// Runs a contact change: the customer must be in scope (row locked), the
// contact must exist under it, the etag must match; `change` edits the row.
absl::StatusOr<ContactChange> ChangeContact(
    pqxx::work& tx, const MutationContext& context, const std::string& customer_id,
    const std::string& contact_id, std::optional<int64_t> expected_version,
    absl::FunctionRef<absl::Status(const StoredContact&, Row&)> change) {
  if (absl::StatusOr<int64_t> locked = LockInScope(tx, context, customer_id); !locked.ok()) {
    return locked.status();
  }
  const pqxx::result lock = tx.exec_prepared(kLock, customer_id, contact_id);
  if (lock.empty()) return ContactNotFound(customer_id, contact_id);
  const std::string name = ContactName(customer_id, contact_id);
  if (expected_version.has_value() && *expected_version != lock[0][0].as<int64_t>()) {
    return EtagMismatch(kDomain, name, *expected_version, lock[0][0].as<int64_t>());
  }
  const StoredContact before = ContactFromRow(tx.exec_prepared1(kSelect, customer_id, contact_id));
  Row row;
  row.plain = before.contact;
  row.state = before.contact.state();
  // Unchanged personal fields keep their sealed bytes and (see kUpdateSql)
  // their stored hashes.
  row.phone = {before.phone_sealed, "", before.contact.phone()};
  row.email = {before.email_sealed, "", before.contact.email()};
  row.wechat = {before.wechat_sealed, "", before.contact.wechat()};
  if (absl::Status s = change(before, row); !s.ok()) return s;

  const std::vector<FieldChange> changes = ContactHistory(before.contact, MaskedRow(row));
  ContactChange result;
  if (!changes.empty()) {
    Write(tx, customer_id, contact_id, row);
    WriteHistory(tx, context, customer_id, name, changes);
    result.customer_version = RefreshCompleteness(tx, customer_id);
  }
  result.contact = ContactFromRow(tx.exec_prepared1(kSelect, customer_id, contact_id)).contact;
  return result;
}

}  // namespace

absl::StatusOr<ContactChange> ContactStore::Create(const MutationContext& context,
                                                   const std::string& customer_id,
                                                   const std::string& contact_id,
                                                   const ContactValues& values) {
  return idempotency::RunIdempotent<ContactChange>(
      pool_, request_log_, context.idempotency,
      [&](pqxx::work& tx) -> absl::StatusOr<ContactChange> {
        absl::StatusOr<int64_t> locked = LockInScope(tx, context, customer_id);
        if (!locked.ok()) return locked.status();
        const NewContact created[] = {{customer_id, contact_id, values}};
        InsertContacts(tx, created);
        WriteHistory(tx, context, customer_id, ContactName(customer_id, contact_id),
                     ContactHistory(v1::Contact(), MaskedContact(values, v1::Contact::ACTIVE)));
        ContactChange result;
        result.customer_version = RefreshCompleteness(tx, customer_id);
        result.contact =
            ContactFromRow(tx.exec_prepared1(kSelect, customer_id, contact_id)).contact;
        return result;
      });
}

absl::StatusOr<StoredContact> ContactStore::Get(const MutationContext& context,
                                                const std::string& customer_id,
                                                const std::string& contact_id) {
  std::optional<StoredContact> stored;
  absl::Status status = pg::RunReadOnly(pool_, [&](pqxx::nontransaction& tx) {
    const pqxx::result rows = tx.exec_prepared(kSelect, customer_id, contact_id);
    if (rows.empty()) return ContactNotFound(customer_id, contact_id);
    stored = ContactFromRow(rows[0]);
    stored->customer_in_scope = InScope(tx, context, customer_id);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return *std::move(stored);
}

absl::StatusOr<ContactPage> ContactStore::List(const MutationContext& context,
                                               const std::string& customer_id,
                                               const std::vector<std::string>& after_key,
                                               int page_size, bool show_deleted) {
  ContactPage page;
  absl::Status status = pg::RunReadOnly(pool_, [&](pqxx::nontransaction& tx) {
    const pqxx::result customer = tx.exec_prepared(kCustomerForCompleteness, customer_id);
    if (customer.empty()) return CustomerNotFound(customer_id);
    const bool in_scope = InScope(tx, context, customer_id);
    const bool has_cursor = after_key.size() == 2;
    const pqxx::result rows = tx.exec_prepared(kList, customer_id, show_deleted, has_cursor,
                                               has_cursor ? after_key[0] : "",
                                               has_cursor ? after_key[1] : "", page_size + 1);
    for (const pqxx::row& row : rows) {
      if (static_cast<int>(page.contacts.size()) == page_size) {
        const StoredContact& last = page.contacts.back();
        const std::string& name = last.contact.name();
        page.last_key = {last.contact.display_name(), name.substr(name.rfind('/') + 1)};
        break;
      }
      StoredContact& stored = page.contacts.emplace_back(ContactFromRow(row));
      stored.customer_in_scope = in_scope;
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return page;
}

absl::StatusOr<ContactChange> ContactStore::Update(const MutationContext& context,
                                                   const std::string& customer_id,
                                                   const std::string& contact_id,
                                                   const ContactValues& values,
                                                   const std::vector<std::string>& paths,
                                                   std::optional<int64_t> expected_version) {
  return idempotency::RunIdempotent<ContactChange>(
      pool_, request_log_, context.idempotency, [&](pqxx::work& tx) {
        return ChangeContact(tx, context, customer_id, contact_id, expected_version,
                             [&](const StoredContact& before, Row& row) -> absl::Status {
                               if (before.contact.state() != v1::Contact::ACTIVE) {
                                 return status::Error(
                                     absl::StatusCode::kFailedPrecondition, kDomain,
                                     "CONTACT_NOT_ACTIVE",
                                     crm::StrCat(before.contact.name(), " is ",
                                                 v1::Contact::State_Name(before.contact.state()),
                                                 " and cannot be changed"),
                                     {{"contact", before.contact.name()}});
                               }
                               for (const std::string& path : paths) {
                                 if (path == "display_name")
                                   row.plain.set_display_name(values.plain.display_name());
                                 if (path == "title") row.plain.set_title(values.plain.title());
                                 if (path == "department")
                                   row.plain.set_department(values.plain.department());
                                 if (path == "decision_role")
                                   row.plain.set_decision_role(values.plain.decision_role());
                                 if (path == "phone") row.phone = values.phone;
                                 if (path == "email") row.email = values.email;
                                 if (path == "wechat") row.wechat = values.wechat;
                               }
                               return absl::OkStatus();
                             });
      });
}

absl::StatusOr<ContactChange> ContactStore::Delete(const MutationContext& context,
                                                   const std::string& customer_id,
                                                   const std::string& contact_id,
                                                   std::optional<int64_t> expected_version) {
  return idempotency::RunIdempotent<ContactChange>(
      pool_, request_log_, context.idempotency, [&](pqxx::work& tx) {
        return ChangeContact(tx, context, customer_id, contact_id, expected_version,
                             [&](const StoredContact& before, Row& row) -> absl::Status {
                               if (before.contact.state() != v1::Contact::ACTIVE) {
                                 return ContactNotFound(customer_id, contact_id);
                               }
                               row.state = v1::Contact::DELETED;
                               return absl::OkStatus();
                             });
      });
}

absl::StatusOr<ContactChange> ContactStore::Erase(const MutationContext& context,
                                                  const std::string& customer_id,
                                                  const std::string& contact_id,
                                                  const std::string& reason) {
  return idempotency::RunIdempotent<ContactChange>(
      pool_, request_log_, context.idempotency,
      [&](pqxx::work& tx) -> absl::StatusOr<ContactChange> {
        absl::StatusOr<ContactChange> erased =
            ChangeContact(tx, context, customer_id, contact_id, std::nullopt,
                          [&](const StoredContact&, Row& row) -> absl::Status {
                            row.plain.set_display_name("");
                            row.plain.set_title("");
                            row.plain.set_department("");
                            row.phone = {};
                            row.email = {};
                            row.wechat = {};
                            row.state = v1::Contact::ERASED;
                            return absl::OkStatus();
                          });
        if (!erased.ok()) return erased.status();
        const std::string name = ContactName(customer_id, contact_id);
        tx.exec_prepared(kScrubHistory, customer_id, name);
        WriteHistory(tx, context, customer_id, name,
                     {{"personal_information", "", crm::StrCat("erased: ", reason)}});
        return erased;
      });
}

}  // namespace crm::customer
