#include "services/customer/core/customer_store.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "libs/auth/sql_scope.h"
#include "libs/crypto/crypto.h"
#include "libs/pg/transaction.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/customer/core/change_record.h"
#include "services/customer/core/customer_diff.h"
#include "services/customer/core/customer_row.h"
#include "services/customer/core/customer_write.h"
#include "services/customer/core/match_keys.h"
#include "services/customer/core/resource_names.h"
#include "services/customer/core/store_support.h"
#include "services/customer/rules/completeness.h"

namespace crm::customer {
namespace {

constexpr char kGet[] = "customer.get";
constexpr char kBatchGet[] = "customer.batch_get";
constexpr char kByUscc[] = "customer.by_uscc";
constexpr char kByReference[] = "customer.by_reference";
constexpr char kReferenceOwner[] = "customer.reference_owner";
constexpr char kInsert[] = "customer.insert";
constexpr char kUpdate[] = "customer.update";
constexpr char kUsccHolder[] = "customer.uscc_holder";
constexpr char kInsertReference[] = "customer.insert_reference";
constexpr char kDeleteReferences[] = "customer.delete_references";
constexpr char kInsertTeamMember[] = "customer.insert_team_member";
constexpr char kDeleteTeam[] = "customer.delete_team";
constexpr char kContactStats[] = "customer.customer_contact_stats";
constexpr char kHistory[] = "customer.history";
constexpr char kLockReference[] = "customer.lock_reference";

const std::string& SelectById() {
  static const std::string sql =
      crm::StrCat("SELECT ", kCustomerColumns, " FROM customer.customers c WHERE c.id = $1::uuid");
  return sql;
}
const std::string& SelectByIds() {
  static const std::string sql = crm::StrCat(
      "SELECT ", kCustomerColumns, " FROM customer.customers c WHERE c.id = ANY($1::uuid[])");
  return sql;
}
const std::string& SelectByUscc() {
  static const std::string sql = crm::StrCat(
      "SELECT ", kCustomerColumns, " FROM customer.customers c WHERE c.uscc = $1 AND c.state = 1");
  return sql;
}
const std::string& SelectByReference() {
  static const std::string sql =
      crm::StrCat("SELECT ", kCustomerColumns,
                  " FROM customer.customers c JOIN customer.external_references r"
                  " ON r.customer_id = c.id WHERE r.source_system = $1 AND r.source_id = $2");
  return sql;
}

constexpr char kInsertSql[] = R"sql(
  INSERT INTO customer.customers
    (id, display_name, legal_name, short_name, uscc, industry, region,
     ownership_type, size_band, owner_org_unit, tags, data_completeness,
     name_key, trade_key, head_key, sound_key)
  VALUES ($1::uuid, $2, $3, $4, NULLIF($5, ''), $6, $7, $8, $9, $10,
          $11::text[], $12, $13, $14, $15, $16)
  ON CONFLICT (uscc) WHERE state = 1 AND uscc IS NOT NULL DO NOTHING)sql";

constexpr char kUpdateSql[] = R"sql(
  UPDATE customer.customers SET
    display_name = $2, legal_name = $3, short_name = $4, uscc = NULLIF($5, ''),
    industry = $6, region = $7, ownership_type = $8, size_band = $9,
    owner_org_unit = $10, tags = $11::text[], data_completeness = $12,
    state = $13::smallint, merged_into = NULLIF($14, '')::uuid,
    delete_time = CASE WHEN $13::smallint = 2 THEN coalesce(delete_time, now()) END,
    name_key = $15, trade_key = $16, head_key = $17, sound_key = $18,
    version = version + 1, update_time = now()
  WHERE id = $1::uuid)sql";

constexpr char kUsccHolderSql[] = R"sql(
  SELECT id::text, owner_org_unit FROM customer.customers
  WHERE uscc = $1 AND state = 1 AND id <> $2::uuid)sql";

constexpr char kReferenceOwnerSql[] = R"sql(
  SELECT customer_id::text FROM customer.external_references
  WHERE source_system = $1 AND source_id = $2)sql";

constexpr char kInsertReferenceSql[] = R"sql(
  INSERT INTO customer.external_references (source_system, source_id, customer_id)
  VALUES ($1, $2, $3::uuid) ON CONFLICT DO NOTHING)sql";

constexpr char kDeleteReferencesSql[] =
    "DELETE FROM customer.external_references WHERE customer_id = $1::uuid";

constexpr char kInsertTeamMemberSql[] = R"sql(
  INSERT INTO customer.account_team (customer_id, org_unit, user_name, role)
  VALUES ($1::uuid, $2, $3, $4))sql";

constexpr char kDeleteTeamSql[] = "DELETE FROM customer.account_team WHERE customer_id = $1::uuid";

constexpr char kContactStatsSql[] = R"sql(
  SELECT count(*), coalesce(bool_or(decision_role = 1), false)
  FROM customer.contacts WHERE customer_id = $1::uuid AND state = 1)sql";

constexpr char kHistorySql[] = R"sql(
  SELECT h.id, h.actor, h.actor_org_unit,
         (extract(epoch FROM h.time) * 1000000)::bigint, h.method, h.resource,
         h.field, h.old_value, h.new_value, h.request_id
  FROM customer.history h
  WHERE h.customer_id = $1::uuid AND ($2::bigint = 0 OR h.id < $2::bigint)
  ORDER BY h.id DESC LIMIT $3)sql";

// Serialises upserts of one external reference, so two ERP calls for a new
// reference cannot both create a customer.
constexpr char kLockReferenceSql[] =
    "SELECT pg_advisory_xact_lock(hashtextextended($1 || chr(31) || $2, 0))";

absl::Status UsccTaken(const std::string& uscc, const std::string& holder_id,
                       const std::string& holder_owner) {
  const std::string holder = crm::StrCat("customers/", holder_id);
  return status::Error(
      absl::StatusCode::kAlreadyExists, kDomain, "USCC_ALREADY_REGISTERED",
      crm::StrCat("uscc ", uscc, " is already registered to ", holder, " (owned by ", holder_owner,
                  "); ask its owner to add you to the account team instead "
                  "of creating a duplicate"),
      {{"uscc", uscc}, {"existingCustomer", holder}, {"ownerOrgUnit", holder_owner}});
}

absl::Status ReferenceTaken(const v1::ExternalReference& reference, const std::string& holder_id) {
  const std::string holder = crm::StrCat("customers/", holder_id);
  return status::Error(absl::StatusCode::kAlreadyExists, kDomain, "EXTERNAL_REFERENCE_TAKEN",
                       crm::StrCat("external reference ", reference.source_system(), ":",
                                   reference.source_id(), " already belongs to ", holder),
                       {{"sourceSystem", reference.source_system()},
                        {"sourceId", reference.source_id()},
                        {"existingCustomer", holder}});
}

std::string IdOf(const std::string& customer_name) {
  return ParseCustomerName(customer_name).value_or("");
}

}  // namespace

std::optional<v1::Customer> ReadCustomer(pqxx::transaction_base& tx, const std::string& id) {
  const pqxx::result rows = tx.exec_prepared(kGet, id);
  if (rows.empty()) return std::nullopt;
  return CustomerFromRow(rows[0]);
}

int CompletenessOf(const v1::Customer& customer, int active_contacts, bool has_decision_maker) {
  return DataCompleteness({
      .has_legal_name = !customer.legal_name().empty(),
      .has_uscc = !customer.uscc().empty(),
      .has_industry = !customer.industry().empty(),
      .has_region = !customer.region().empty(),
      .has_ownership_type = customer.ownership_type() != v1::OWNERSHIP_TYPE_UNSPECIFIED,
      .has_size_band = customer.size_band() != v1::SIZE_BAND_UNSPECIFIED,
      .has_owner_org_unit = !customer.owner_org_unit().empty(),
      .has_short_name = !customer.short_name().empty(),
      .active_contacts = active_contacts,
      .has_decision_maker_contact = has_decision_maker,
  });
}

namespace {

int Completeness(pqxx::transaction_base& tx, const std::string& id, const v1::Customer& customer) {
  if (id.empty()) return CompletenessOf(customer, 0, false);
  const pqxx::row stats = tx.exec_prepared1(kContactStats, id);
  return CompletenessOf(customer, stats[0].as<int>(), stats[1].as<bool>());
}

// Points the customer's references at exactly `customer.external_references`,
// refusing a reference that another customer holds.
absl::Status WriteReferences(pqxx::work& tx, const std::string& id, const v1::Customer& customer) {
  tx.exec_prepared(kDeleteReferences, id);
  for (const auto& reference : customer.external_references()) {
    tx.exec_prepared(kInsertReference, reference.source_system(), reference.source_id(), id);
    const pqxx::row holder =
        tx.exec_prepared1(kReferenceOwner, reference.source_system(), reference.source_id());
    if (holder[0].as<std::string>() != id) {
      return ReferenceTaken(reference, holder[0].as<std::string>());
    }
  }
  return absl::OkStatus();
}

void WriteTeam(pqxx::work& tx, const std::string& id, const v1::Customer& customer) {
  tx.exec_prepared(kDeleteTeam, id);
  for (const auto& member : customer.account_team()) {
    tx.exec_prepared(kInsertTeamMember, id, member.org_unit(), member.user(), member.role());
  }
}

std::string TagsLiteral(const v1::Customer& customer) {
  return auth::TextArrayLiteral(
      std::vector<std::string>(customer.tags().begin(), customer.tags().end()));
}

}  // namespace

absl::StatusOr<v1::Customer> LockCustomerForChange(pqxx::work& tx, const MutationContext& context,
                                                   const std::string& id,
                                                   std::optional<int64_t> expected_version) {
  absl::StatusOr<int64_t> version = LockInScope(tx, context, id);
  if (!version.ok()) return version.status();
  if (expected_version.has_value() && *expected_version != *version) {
    return EtagMismatch(kDomain, crm::StrCat("customers/", id), *expected_version, *version);
  }
  std::optional<v1::Customer> customer = ReadCustomer(tx, id);
  if (!customer.has_value()) return CustomerNotFound(id);
  return *std::move(customer);
}

absl::StatusOr<v1::Customer> WriteChange(pqxx::work& tx, const MutationContext& context,
                                         const std::string& id, const v1::Customer& before,
                                         const v1::Customer& after) {
  const std::vector<FieldChange> changes = DiffCustomers(before, after);
  if (changes.empty()) return before;
  const MatchKeys keys = MatchKeysOf(after.legal_name());
  for (const FieldChange& change : changes) {
    // A USCC becomes live when it changes or when its record comes back
    // (undelete, unmerge).
    if ((change.field == "uscc" || change.field == "state") && !after.uscc().empty() &&
        after.state() == v1::Customer::ACTIVE) {
      const pqxx::result holder = tx.exec_prepared(kUsccHolder, after.uscc(), id);
      if (!holder.empty()) {
        return UsccTaken(after.uscc(), holder[0][0].as<std::string>(),
                         holder[0][1].as<std::string>());
      }
    }
    if (change.field == "external_references") {
      if (absl::Status s = WriteReferences(tx, id, after); !s.ok()) return s;
    }
    if (change.field == "account_team") WriteTeam(tx, id, after);
  }
  tx.exec_prepared(kUpdate, id, after.display_name(), after.legal_name(), after.short_name(),
                   after.uscc(), after.industry(), after.region(),
                   static_cast<int>(after.ownership_type()), static_cast<int>(after.size_band()),
                   after.owner_org_unit(), TagsLiteral(after), Completeness(tx, id, after),
                   static_cast<int>(after.state()), IdOf(after.merged_into()), keys.name,
                   keys.trade, keys.head, keys.sound);
  if (after.legal_name() != before.legal_name()) {
    const NamedCustomer named{id, &keys};
    WriteEditKeys(tx, std::span<const NamedCustomer>(&named, 1));
  }
  WriteHistory(tx, context, id, crm::StrCat("customers/", id), changes);
  std::optional<v1::Customer> written = ReadCustomer(tx, id);
  if (!written.has_value()) return CustomerNotFound(id);
  // A merge and an unmerge name the survivor in the event.
  const std::string& survivor =
      after.merged_into().empty() ? before.merged_into() : after.merged_into();
  RecordChange(tx, id, ChangeTypeOf(before, *written), ParseEtag(written->etag()).value_or(0),
               IdOf(survivor));
  return *std::move(written);
}

namespace {

absl::StatusOr<v1::Customer> ChangeCustomer(pqxx::work& tx, const MutationContext& context,
                                            const std::string& id,
                                            std::optional<int64_t> expected_version,
                                            absl::FunctionRef<absl::Status(v1::Customer&)> mutate) {
  absl::StatusOr<v1::Customer> before = LockCustomerForChange(tx, context, id, expected_version);
  if (!before.ok()) return before.status();
  v1::Customer after = *before;
  if (absl::Status s = mutate(after); !s.ok()) return s;
  return WriteChange(tx, context, id, *before, after);
}

}  // namespace

absl::Status RequireActive(const v1::Customer& customer) {
  if (customer.state() == v1::Customer::ACTIVE) return absl::OkStatus();
  if (customer.state() == v1::Customer::MERGED) {
    // As a read of it does (store_support.cc): one reason, one code (AIP-193).
    return status::Error(absl::StatusCode::kNotFound, kDomain, "CUSTOMER_MERGED",
                         crm::StrCat(customer.name(), " was merged into ", customer.merged_into(),
                                     "; change ", customer.merged_into(), " instead"),
                         {{"customer", customer.name()}, {"mergedInto", customer.merged_into()}});
  }
  return status::Error(absl::StatusCode::kFailedPrecondition, kDomain, "CUSTOMER_DELETED",
                       crm::StrCat(customer.name(), " is deleted; undelete it before changing it"),
                       {{"customer", customer.name()}});
}

namespace {

absl::StatusOr<v1::Customer> InsertCustomer(pqxx::work& tx, const MutationContext& context,
                                            v1::Customer customer) {
  const std::string id = crypto::NewUuid();
  customer.set_state(v1::Customer::ACTIVE);
  const MatchKeys keys = MatchKeysOf(customer.legal_name());
  const pqxx::result inserted = tx.exec_prepared(
      kInsert, id, customer.display_name(), customer.legal_name(), customer.short_name(),
      customer.uscc(), customer.industry(), customer.region(),
      static_cast<int>(customer.ownership_type()), static_cast<int>(customer.size_band()),
      customer.owner_org_unit(), TagsLiteral(customer), Completeness(tx, "", customer), keys.name,
      keys.trade, keys.head, keys.sound);
  if (inserted.affected_rows() == 0) {
    // ON CONFLICT waited for any concurrent insert of this USCC to commit.
    const pqxx::result holder =
        tx.exec_prepared(kUsccHolder, customer.uscc(), "00000000-0000-0000-0000-000000000000");
    if (holder.empty()) {
      return status::Error(absl::StatusCode::kAborted, kDomain, "CONCURRENT_CHANGE",
                           "a concurrent change to this USCC; retry");
    }
    return UsccTaken(customer.uscc(), holder[0][0].as<std::string>(),
                     holder[0][1].as<std::string>());
  }
  if (absl::Status s = WriteReferences(tx, id, customer); !s.ok()) return s;
  WriteTeam(tx, id, customer);
  const NamedCustomer named{id, &keys, /*is_new=*/true};
  WriteEditKeys(tx, std::span<const NamedCustomer>(&named, 1));
  WriteHistory(tx, context, id, crm::StrCat("customers/", id), {CreationEntry(customer)});
  std::optional<v1::Customer> written = ReadCustomer(tx, id);
  if (!written.has_value()) return CustomerNotFound(id);
  RecordChange(tx, id, v1::CustomerChange::CREATED, ParseEtag(written->etag()).value_or(0));
  return *std::move(written);
}

}  // namespace

CustomerStore::CustomerStore(pg::ConnectionPool& pool, const idempotency::RequestLog& request_log)
    : pool_(pool), request_log_(request_log) {}

std::vector<pg::PreparedStatement> CustomerStore::Statements() {
  std::vector<pg::PreparedStatement> statements = {
      {kGet, SelectById()},
      {kBatchGet, SelectByIds()},
      {kByUscc, SelectByUscc()},
      {kByReference, SelectByReference()},
      {kReferenceOwner, kReferenceOwnerSql},
      {kInsert, kInsertSql},
      {kUpdate, kUpdateSql},
      {kUsccHolder, kUsccHolderSql},
      {kInsertReference, kInsertReferenceSql},
      {kDeleteReferences, kDeleteReferencesSql},
      {kInsertTeamMember, kInsertTeamMemberSql},
      {kDeleteTeam, kDeleteTeamSql},
      {kContactStats, kContactStatsSql},
      {kHistory, kHistorySql},
      {kLockReference, kLockReferenceSql},
  };
  // The write path's shared pieces: scope, history, match keys, change feed.
  for (const auto& more : {SupportStatements(), MatchKeysStatements(), ChangeRecordStatements()}) {
    statements.insert(statements.end(), more.begin(), more.end());
  }
  return statements;
}

absl::StatusOr<v1::Customer> CustomerStore::Get(const std::string& id) {
  std::optional<v1::Customer> customer;
  absl::Status status = pg::RunReadOnly(pool_, [&](pqxx::nontransaction& tx) {
    customer = ReadCustomer(tx, id);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (!customer.has_value()) return CustomerNotFound(id);
  return *std::move(customer);
}

absl::StatusOr<std::vector<v1::Customer>> CustomerStore::BatchGet(
    const std::vector<std::string>& ids) {
  absl::flat_hash_map<std::string, v1::Customer> by_name;
  absl::Status status = pg::RunReadOnly(pool_, [&](pqxx::nontransaction& tx) {
    for (const pqxx::row& row : tx.exec_prepared(kBatchGet, auth::TextArrayLiteral(ids))) {
      v1::Customer customer = CustomerFromRow(row);
      by_name.emplace(customer.name(), std::move(customer));
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  std::vector<v1::Customer> customers;
  customers.reserve(ids.size());
  for (const std::string& id : ids) {
    auto found = by_name.find(crm::StrCat("customers/", id));
    if (found == by_name.end()) return CustomerNotFound(id);
    customers.push_back(found->second);
  }
  return customers;
}

absl::StatusOr<v1::Customer> CustomerStore::LookupByUscc(const std::string& uscc) {
  std::optional<v1::Customer> customer;
  absl::Status status = pg::RunReadOnly(pool_, [&](pqxx::nontransaction& tx) {
    const pqxx::result rows = tx.exec_prepared(kByUscc, uscc);
    if (!rows.empty()) customer = CustomerFromRow(rows[0]);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (!customer.has_value()) {
    return status::Error(absl::StatusCode::kNotFound, kDomain, "CUSTOMER_NOT_FOUND",
                         crm::StrCat("no live customer has uscc ", uscc), {{"uscc", uscc}});
  }
  return *std::move(customer);
}

absl::StatusOr<v1::Customer> CustomerStore::LookupByReference(
    const v1::ExternalReference& reference) {
  std::optional<v1::Customer> customer;
  absl::Status status = pg::RunReadOnly(pool_, [&](pqxx::nontransaction& tx) {
    const pqxx::result rows =
        tx.exec_prepared(kByReference, reference.source_system(), reference.source_id());
    if (!rows.empty()) customer = CustomerFromRow(rows[0]);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (!customer.has_value()) {
    return status::Error(
        absl::StatusCode::kNotFound, kDomain, "CUSTOMER_NOT_FOUND",
        crm::StrCat("no customer has external reference ", reference.source_system(), ":",
                    reference.source_id()),
        {{"sourceSystem", reference.source_system()}, {"sourceId", reference.source_id()}});
  }
  return *std::move(customer);
}

absl::StatusOr<v1::Customer> CustomerStore::Create(const MutationContext& context,
                                                   const v1::Customer& customer) {
  return idempotency::RunIdempotent<v1::Customer>(
      pool_, request_log_, context.idempotency,
      [&](pqxx::work& tx) { return InsertCustomer(tx, context, customer); });
}

absl::StatusOr<v1::Customer> CustomerStore::Update(const MutationContext& context,
                                                   const std::string& id,
                                                   const CustomerPatch& patch) {
  return idempotency::RunIdempotent<v1::Customer>(
      pool_, request_log_, context.idempotency, [&](pqxx::work& tx) {
        return ChangeCustomer(tx, context, id, patch.expected_version, [&](v1::Customer& customer) {
          if (absl::Status s = RequireActive(customer); !s.ok()) {
            return s;
          }
          ApplyCustomerPaths(patch.values, patch.paths, customer);
          return absl::OkStatus();
        });
      });
}

absl::StatusOr<v1::Customer> CustomerStore::Delete(const MutationContext& context,
                                                   const std::string& id,
                                                   std::optional<int64_t> expected_version) {
  return idempotency::RunIdempotent<v1::Customer>(
      pool_, request_log_, context.idempotency, [&](pqxx::work& tx) {
        return ChangeCustomer(tx, context, id, expected_version, [&](v1::Customer& customer) {
          if (absl::Status s = RequireActive(customer); !s.ok()) {
            return s;
          }
          customer.set_state(v1::Customer::DELETED);
          return absl::OkStatus();
        });
      });
}

absl::StatusOr<v1::Customer> CustomerStore::Undelete(const MutationContext& context,
                                                     const std::string& id,
                                                     std::optional<int64_t> expected_version) {
  return idempotency::RunIdempotent<v1::Customer>(
      pool_, request_log_, context.idempotency, [&](pqxx::work& tx) {
        return ChangeCustomer(tx, context, id, expected_version, [&](v1::Customer& customer) {
          if (customer.state() != v1::Customer::DELETED) {
            return status::Error(
                absl::StatusCode::kFailedPrecondition, kDomain, "CUSTOMER_NOT_DELETED",
                crm::StrCat(customer.name(), " is not deleted"), {{"customer", customer.name()}});
          }
          customer.set_state(v1::Customer::ACTIVE);
          return absl::OkStatus();
        });
      });
}

absl::StatusOr<v1::UpsertCustomerByExternalReferenceResponse> CustomerStore::Upsert(
    const MutationContext& context, const v1::ExternalReference& reference,
    const CustomerPatch& patch) {
  using Response = v1::UpsertCustomerByExternalReferenceResponse;
  return idempotency::RunIdempotent<Response>(
      pool_, request_log_, context.idempotency, [&](pqxx::work& tx) -> absl::StatusOr<Response> {
        tx.exec_prepared(kLockReference, reference.source_system(), reference.source_id());
        std::optional<std::string> id;
        bool link_reference = false;
        if (const pqxx::result holder =
                tx.exec_prepared(kReferenceOwner, reference.source_system(), reference.source_id());
            !holder.empty()) {
          id = holder[0][0].as<std::string>();
        } else if (!patch.values.uscc().empty()) {
          // A customer already registered under this USCC gets the reference:
          // an ERP upsert never creates a second golden record.
          const pqxx::result same_uscc = tx.exec_prepared(kUsccHolder, patch.values.uscc(),
                                                          "00000000-0000-0000-0000-000000000000");
          if (!same_uscc.empty()) {
            id = same_uscc[0][0].as<std::string>();
            link_reference = true;
          }
        }
        Response response;
        if (!id.has_value()) {
          v1::Customer customer = patch.values;
          *customer.add_external_references() = reference;
          absl::StatusOr<v1::Customer> created = InsertCustomer(tx, context, customer);
          if (!created.ok()) return created.status();
          *response.mutable_customer() = *std::move(created);
          response.set_outcome(Response::CREATED);
          return response;
        }
        absl::StatusOr<v1::Customer> before =
            LockCustomerForChange(tx, context, *id, patch.expected_version);
        if (!before.ok()) return before.status();
        if (absl::Status s = RequireActive(*before); !s.ok()) return s;
        v1::Customer after = *before;
        ApplyCustomerPaths(patch.values, patch.paths, after);
        if (link_reference) *after.add_external_references() = reference;
        absl::StatusOr<v1::Customer> written = WriteChange(tx, context, *id, *before, after);
        if (!written.ok()) return written.status();
        response.set_outcome(written->etag() == before->etag() ? Response::UNCHANGED
                                                               : Response::UPDATED);
        *response.mutable_customer() = *std::move(written);
        return response;
      });
}

absl::StatusOr<v1::Customer> CustomerStore::SetOwner(const MutationContext& context,
                                                     const std::string& id,
                                                     const std::string& owner_org_unit,
                                                     std::optional<int64_t> expected_version) {
  return idempotency::RunIdempotent<v1::Customer>(
      pool_, request_log_, context.idempotency, [&](pqxx::work& tx) {
        return ChangeCustomer(tx, context, id, expected_version, [&](v1::Customer& customer) {
          if (absl::Status s = RequireActive(customer); !s.ok()) {
            return s;
          }
          customer.set_owner_org_unit(owner_org_unit);
          return absl::OkStatus();
        });
      });
}

absl::StatusOr<v1::Customer> CustomerStore::AddTeamMember(const MutationContext& context,
                                                          const std::string& id,
                                                          const v1::AccountTeamMember& member,
                                                          std::optional<int64_t> expected_version) {
  return idempotency::RunIdempotent<v1::Customer>(
      pool_, request_log_, context.idempotency, [&](pqxx::work& tx) {
        return ChangeCustomer(tx, context, id, expected_version, [&](v1::Customer& customer) {
          if (absl::Status s = RequireActive(customer); !s.ok()) return s;
          auto* team = customer.mutable_account_team();
          auto same = std::find_if(team->begin(), team->end(), [&](const auto& m) {
            return m.org_unit() == member.org_unit() && m.user() == member.user();
          });
          if (same != team->end()) {
            same->set_role(member.role());
          } else {
            *team->Add() = member;
          }
          return absl::OkStatus();
        });
      });
}

absl::StatusOr<v1::Customer> CustomerStore::RemoveTeamMember(
    const MutationContext& context, const std::string& id, const std::string& org_unit,
    const std::string& user, std::optional<int64_t> expected_version) {
  return idempotency::RunIdempotent<v1::Customer>(
      pool_, request_log_, context.idempotency, [&](pqxx::work& tx) {
        return ChangeCustomer(tx, context, id, expected_version, [&](v1::Customer& customer) {
          auto* team = customer.mutable_account_team();
          const int before = team->size();
          for (int i = team->size() - 1; i >= 0; --i) {
            if (team->Get(i).org_unit() == org_unit && team->Get(i).user() == user) {
              team->DeleteSubrange(i, 1);
            }
          }
          if (team->size() == before) {
            return status::Error(
                absl::StatusCode::kNotFound, kDomain, "TEAM_MEMBER_NOT_FOUND",
                crm::StrCat(customer.name(), " has no account-team member ", org_unit,
                            user.empty() ? "" : "/", user),
                {{"customer", customer.name()}, {"orgUnit", org_unit}, {"user", user}});
          }
          return absl::OkStatus();
        });
      });
}

absl::StatusOr<std::vector<v1::HistoryEntry>> CustomerStore::History(
    const MutationContext& context, const std::string& id, std::optional<int64_t> before_id,
    int page_size, std::optional<int64_t>* last_id) {
  std::vector<v1::HistoryEntry> entries;
  absl::Status status = pg::RunReadOnly(pool_, [&](pqxx::nontransaction& tx) {
    if (absl::Status s = RequireReadScope(tx, context, id); !s.ok()) return s;
    const pqxx::result rows = tx.exec_prepared(kHistory, id, before_id.value_or(0), page_size + 1);
    for (const pqxx::row& row : rows) {
      if (static_cast<int>(entries.size()) == page_size) break;
      v1::HistoryEntry& entry = entries.emplace_back();
      *last_id = row[0].as<int64_t>();
      entry.set_actor(row[1].c_str());
      entry.set_actor_org_unit(row[2].c_str());
      *entry.mutable_time() = TimestampFromMicros(row[3].as<int64_t>());
      entry.set_method(row[4].c_str());
      entry.set_resource(row[5].c_str());
      entry.set_field(row[6].c_str());
      entry.set_old_value(row[7].c_str());
      entry.set_new_value(row[8].c_str());
      entry.set_request_id(row[9].c_str());
    }
    if (static_cast<int>(rows.size()) <= page_size) last_id->reset();
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return entries;
}

}  // namespace crm::customer
