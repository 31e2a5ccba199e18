#include "services/customer/import/customer_importer.h"

#include <optional>
#include <string_view>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "libs/auth/sql_scope.h"
#include "libs/crypto/crypto.h"
#include "libs/etag/etag.h"
#include "libs/log/log.h"
#include "libs/pg/transaction.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "pqxx/pqxx"
#include "services/customer/core/change_record.h"
#include "services/customer/core/contact_write.h"
#include "services/customer/core/customer_diff.h"
#include "services/customer/core/customer_row.h"
#include "services/customer/core/customer_write.h"
#include "services/customer/core/match_keys.h"
#include "services/customer/core/store_support.h"
#include "services/customer/rules/name_normalizer.h"

namespace crm::customer {
namespace {

using Outcome = v1::ImportRowResult;

// How often a batch is tried again when a concurrent writer took a USCC or
// moved a customer between matching and writing.
constexpr int kMaxAttempts = 3;

// The same lock UpsertCustomerByExternalReference takes per reference, so a
// single upsert and an import never both create a customer for one new
// reference. Taken in hash order, so two imports cannot deadlock on them.
constexpr char kLockReferencesSql[] = R"sql(
  SELECT count(pg_advisory_xact_lock(h)) FROM (
    SELECT DISTINCT hashtextextended(s || chr(31) || i, 0) AS h
    FROM unnest($1::text[], $2::text[]) AS r(s, i) ORDER BY 1) AS locks)sql";

// Per row ($1 its index): the customer holding its reference, and the live
// customer holding its USCC with that customer's owner.
constexpr char kMatchSql[] = R"sql(
  SELECT i.ord, coalesce(r.customer_id::text, ''), coalesce(h.id::text, ''),
         coalesce(h.owner_org_unit, '')
  FROM unnest($1::int[], $2::text[], $3::text[], $4::text[])
         AS i(ord, source_system, source_id, uscc)
  LEFT JOIN customer.external_references r
    ON r.source_system = i.source_system AND r.source_id = i.source_id
  LEFT JOIN customer.customers h
    ON i.uscc <> '' AND h.uscc = i.uscc AND h.state = 1)sql";

// The customers rows will change, locked in id order (so concurrent batches
// queue instead of deadlocking), with the caller's scope ($2, $3) and what
// completeness needs of their contacts, after the columns CustomerFromRow reads.
const std::string& LoadTargetsSql() {
  static const std::string sql =
      crm::StrCat("SELECT ", kCustomerColumns, ", ",
                  auth::ScopePredicate({.row_id = "c.id",
                                        .owner_org_unit = "c.owner_org_unit",
                                        .member_table = "customer.account_team",
                                        .member_row_id = "customer_id",
                                        .member_org_unit = "org_unit"},
                                       2, 3),
                  R"sql(,
        (SELECT count(*) FROM customer.contacts t
          WHERE t.customer_id = c.id AND t.state = 1),
        (SELECT coalesce(bool_or(t.decision_role = 1), false) FROM customer.contacts t
          WHERE t.customer_id = c.id AND t.state = 1)
      FROM customer.customers c WHERE c.id = ANY($1::uuid[])
      ORDER BY c.id FOR UPDATE OF c)sql");
  return sql;
}

// The rows to write, as the set-based statements below read them. Dropped
// at commit, so each batch (and each retry) starts empty.
constexpr char kCreateStagingSql[] = R"sql(
  CREATE TEMP TABLE import_staging (
    ord int NOT NULL, customer_id uuid NOT NULL, is_new boolean NOT NULL,
    link_reference boolean NOT NULL, rename boolean NOT NULL,
    source_system text NOT NULL, source_id text NOT NULL,
    display_name text NOT NULL, legal_name text NOT NULL, short_name text NOT NULL,
    uscc text NOT NULL, industry text NOT NULL, region text NOT NULL,
    ownership_type smallint NOT NULL, size_band smallint NOT NULL,
    owner_org_unit text NOT NULL, tags text[] NOT NULL, data_completeness smallint NOT NULL,
    name_key text NOT NULL, trade_key text NOT NULL, head_key text NOT NULL,
    sound_key text NOT NULL
  ) ON COMMIT DROP)sql";

constexpr char kStagingTable[] = "import_staging";
constexpr char kClearStagingSql[] = "TRUNCATE import_staging";

// Concurrent creates of the same USCC wait here and are counted as missing.
constexpr char kInsertCustomersSql[] = R"sql(
  INSERT INTO customer.customers
    (id, display_name, legal_name, short_name, uscc, industry, region, ownership_type,
     size_band, owner_org_unit, tags, data_completeness, name_key, trade_key, head_key,
     sound_key, external_references_json)
  SELECT customer_id, display_name, legal_name, short_name, NULLIF(uscc, ''), industry,
         region, ownership_type, size_band, owner_org_unit, tags, data_completeness,
         name_key, trade_key, head_key, sound_key,
         -- its one reference, rendered as the read model renders it
         -- (migrations/0011), so the reference insert below leaves the row
         customer.references_json(ARRAY[source_system], ARRAY[source_id])
  FROM import_staging WHERE is_new ORDER BY ord
  ON CONFLICT (uscc) WHERE state = 1 AND uscc IS NOT NULL DO NOTHING)sql";

// The owner is left alone: it changes only with SetCustomerOwner.
constexpr char kUpdateCustomersSql[] = R"sql(
  UPDATE customer.customers c SET
    display_name = s.display_name, legal_name = s.legal_name, short_name = s.short_name,
    uscc = NULLIF(s.uscc, ''), industry = s.industry, region = s.region,
    ownership_type = s.ownership_type, size_band = s.size_band, tags = s.tags,
    data_completeness = s.data_completeness, name_key = s.name_key,
    trade_key = s.trade_key, head_key = s.head_key, sound_key = s.sound_key,
    version = c.version + 1, update_time = now()
  FROM import_staging s WHERE NOT s.is_new AND c.id = s.customer_id
  RETURNING c.id::text, c.version)sql";

constexpr char kInsertReferencesSql[] = R"sql(
  INSERT INTO customer.external_references (source_system, source_id, customer_id)
  SELECT source_system, source_id, customer_id FROM import_staging
  WHERE is_new OR link_reference)sql";

// What kMatchSql found for one row.
struct Match {
  std::string by_reference;  // the customer holding the reference, or ""
  std::string uscc_holder;   // the live customer holding the USCC, or ""
  std::string holder_owner;
};

// A customer a row may change, locked.
struct Target {
  v1::Customer customer;
  bool in_scope = false;
  int active_contacts = 0;
  bool has_decision_maker = false;
};

// One row to write, decided.
struct Write {
  size_t index = 0;  // into the batch
  std::string id;
  bool is_new = false;
  bool link_reference = false;
  bool rename = false;
  v1::Customer after;
  int completeness = 0;
  int64_t version = 1;  // a new customer's; an update's comes back from the row
  std::vector<FieldChange> changes;
};

absl::Status ConcurrentChange() {
  return status::Error(absl::StatusCode::kAborted, kDomain, "CONCURRENT_CHANGE",
                       "customers of this import batch changed while it was written; "
                       "send the batch again");
}

bool IsConcurrentChange(const absl::Status& status) {
  std::optional<google::rpc::ErrorInfo> info = status::GetErrorInfo(status);
  return status.code() == absl::StatusCode::kAborted && info.has_value() &&
         info->reason() == "CONCURRENT_CHANGE";
}

std::string ReferenceText(const v1::ExternalReference& reference) {
  return crm::StrCat(reference.source_system(), ":", reference.source_id());
}

std::string TagsLiteral(const v1::Customer& customer) {
  return auth::TextArrayLiteral(
      std::vector<std::string>(customer.tags().begin(), customer.tags().end()));
}

// The identity fields a row carries, taken as given (empty clears).
void ApplyRow(const v1::Customer& row, v1::Customer& customer) {
  customer.set_display_name(row.display_name());
  customer.set_legal_name(row.legal_name());
  customer.set_short_name(row.short_name());
  customer.set_uscc(row.uscc());
  customer.set_industry(row.industry());
  customer.set_region(row.region());
  customer.set_ownership_type(row.ownership_type());
  customer.set_size_band(row.size_band());
  *customer.mutable_tags() = row.tags();
}

// Matches and decides the rows of one round, then writes them.
class Round final {
 public:
  Round(pqxx::work& tx, const MutationContext& context, const PersonalInfoCipher& cipher,
        std::span<const ImportItem> items, ImportBatchResult& result)
      : tx_(tx), context_(context), cipher_(cipher), items_(items), result_(result) {}

  // Decides `pending` in order; rows that depend on an earlier row of this
  // round go to `deferred`. Then writes what was decided.
  // `staging_exists`: whether an earlier round of the transaction made it.
  absl::Status Run(const std::vector<size_t>& pending, std::vector<size_t>& deferred,
                   bool& staging_exists) {
    absl::StatusOr<std::vector<Match>> matches = MatchRows(pending);
    if (!matches.ok()) return matches.status();
    if (absl::Status s = LoadTargets(*matches); !s.ok()) return s;
    for (size_t p = 0; p < pending.size(); ++p) {
      const size_t index = pending[p];
      const Match& match = (*matches)[p];
      if (DependsOnClaimed(items_[index], match)) {
        deferred.push_back(index);
        continue;
      }
      if (absl::Status s = Decide(index, match); !s.ok()) return s;
    }
    return WriteAll(staging_exists);
  }

 private:
  absl::StatusOr<std::vector<Match>> MatchRows(const std::vector<size_t>& pending) {
    std::vector<std::string> ords, systems, ids, usccs;
    for (size_t p = 0; p < pending.size(); ++p) {
      const ImportItem& item = items_[pending[p]];
      ords.push_back(crm::StrCat(p));
      systems.push_back(item.reference.source_system());
      ids.push_back(item.reference.source_id());
      usccs.push_back(item.customer.uscc());
    }
    std::vector<Match> matches(pending.size());
    const pqxx::result rows =
        tx_.exec_params(kMatchSql, auth::TextArrayLiteral(ords), auth::TextArrayLiteral(systems),
                        auth::TextArrayLiteral(ids), auth::TextArrayLiteral(usccs));
    for (const pqxx::row& row : rows) {
      Match& match = matches.at(row[0].as<size_t>());
      match.by_reference = row[1].c_str();
      match.uscc_holder = row[2].c_str();
      match.holder_owner = row[3].c_str();
    }
    return matches;
  }

  absl::Status LoadTargets(const std::vector<Match>& matches) {
    absl::flat_hash_set<std::string> wanted;
    for (const Match& match : matches) {
      if (!match.by_reference.empty()) wanted.insert(match.by_reference);
      if (!match.uscc_holder.empty()) wanted.insert(match.uscc_holder);
    }
    if (wanted.empty()) return absl::OkStatus();
    const pqxx::result rows = tx_.exec_params(
        LoadTargetsSql(),
        auth::TextArrayLiteral(std::vector<std::string>(wanted.begin(), wanted.end())),
        context_.scope_all, context_.scope_org_units);
    for (const pqxx::row& row : rows) {
      const int n = static_cast<int>(row.size());
      Target target{.customer = CustomerFromRow(row),
                    .in_scope = row[n - 3].as<bool>(),
                    .active_contacts = row[n - 2].as<int>(),
                    .has_decision_maker = row[n - 1].as<bool>()};
      std::string id(ParseId(target.customer.name()));
      targets_.emplace(std::move(id), std::move(target));
    }
    // Customers are never removed, so one missing was matched by a
    // concurrent transaction that has rolled back since.
    if (targets_.size() != wanted.size()) return ConcurrentChange();
    return absl::OkStatus();
  }

  static std::string_view ParseId(std::string_view name) {
    return name.substr(std::string_view("customers/").size());
  }

  // Whether the row touches a reference, USCC or customer an earlier row of
  // this round writes; then it waits for the next round, which sees that
  // row's effect.
  bool DependsOnClaimed(const ImportItem& item, const Match& match) const {
    return claimed_references_.contains(ReferenceText(item.reference)) ||
           (!item.customer.uscc().empty() && claimed_usccs_.contains(item.customer.uscc())) ||
           (!match.by_reference.empty() && claimed_customers_.contains(match.by_reference)) ||
           (!match.uscc_holder.empty() && claimed_customers_.contains(match.uscc_holder));
  }

  void Claim(const ImportItem& item, const std::string& id) {
    claimed_references_.insert(ReferenceText(item.reference));
    if (!item.customer.uscc().empty()) claimed_usccs_.insert(item.customer.uscc());
    claimed_customers_.insert(id);
  }

  void Reject(size_t index, std::string field, std::string description) {
    Outcome& row = result_.rows[index];
    row.set_outcome(Outcome::REJECTED);
    v1::ImportViolation* violation = row.add_violations();
    violation->set_field(std::move(field));
    violation->set_description(std::move(description));
  }

  absl::Status Decide(size_t index, const Match& match) {
    const ImportItem& item = items_[index];
    const std::string reference = ReferenceText(item.reference);
    if (!match.by_reference.empty()) {
      const Target& target = targets_.at(match.by_reference);
      const std::string& name = target.customer.name();
      if (target.customer.state() != v1::Customer::ACTIVE) {
        Reject(index, "external_reference",
               crm::StrCat("external_reference: ", reference, " belongs to ", name, ", which is ",
                           absl::AsciiStrToLower(v1::Customer::State_Name(target.customer.state())),
                           "; undelete it, or import the row under its survivor's reference"));
        return absl::OkStatus();
      }
      if (!target.in_scope) {
        Reject(index, "external_reference",
               crm::StrCat("external_reference: ", reference, " belongs to ", name, " (owned by ",
                           target.customer.owner_org_unit(),
                           "), which is outside your data scope; ask its owner to add your "
                           "org unit to the account team"));
        return absl::OkStatus();
      }
      if (!match.uscc_holder.empty() && match.uscc_holder != match.by_reference) {
        Reject(index, "customer.uscc",
               crm::StrCat("uscc: ", item.customer.uscc(), " is already registered to customers/",
                           match.uscc_holder, " (owned by ", match.holder_owner, "), not to ", name,
                           " which ", reference,
                           " belongs to; correct the USCC or merge the two customers"));
        return absl::OkStatus();
      }
      return DecideUpdate(index, target, /*link_reference=*/false);
    }
    if (!match.uscc_holder.empty()) {
      const Target& target = targets_.at(match.uscc_holder);
      // Locked now; the holder may have changed its USCC since it matched.
      if (target.customer.state() != v1::Customer::ACTIVE ||
          target.customer.uscc() != item.customer.uscc()) {
        return ConcurrentChange();
      }
      if (!target.in_scope) {
        Reject(index, "customer.uscc",
               crm::StrCat("uscc: ", item.customer.uscc(), " is registered to ",
                           target.customer.name(), " (owned by ", target.customer.owner_org_unit(),
                           "), which is outside your data scope, so ", reference,
                           " cannot be linked to it; ask its owner to add your org unit "
                           "to the account team"));
        return absl::OkStatus();
      }
      // A customer already registered under this USCC gets the reference:
      // an import never creates a second golden record.
      return DecideUpdate(index, target, /*link_reference=*/true);
    }
    return DecideCreate(index);
  }

  absl::Status DecideUpdate(size_t index, const Target& target, bool link_reference) {
    const ImportItem& item = items_[index];
    const v1::Customer& before = target.customer;
    Write write{.index = index,
                .id = std::string(ParseId(before.name())),
                .link_reference = link_reference,
                .after = before};
    ApplyRow(item.customer, write.after);
    if (link_reference) *write.after.add_external_references() = item.reference;
    Claim(item, write.id);
    if (!before.uscc().empty()) claimed_usccs_.insert(before.uscc());
    Outcome& row = result_.rows[index];
    row.set_customer(before.name());
    row.set_contacts_skipped(static_cast<int>(item.contacts.size()));
    write.changes = HistoryOf(before, write.after);
    if (write.changes.empty()) {
      row.set_outcome(Outcome::UNCHANGED);
      return absl::OkStatus();
    }
    row.set_outcome(Outcome::UPDATED);
    write.rename = write.after.legal_name() != before.legal_name();
    write.completeness =
        CompletenessOf(write.after, target.active_contacts, target.has_decision_maker);
    writes_.push_back(std::move(write));
    return absl::OkStatus();
  }

  absl::Status DecideCreate(size_t index) {
    const ImportItem& item = items_[index];
    Write write{.index = index,
                .id = crypto::NewUuid(),
                .is_new = true,
                .rename = true,
                .after = item.customer};
    write.after.set_state(v1::Customer::ACTIVE);
    *write.after.add_external_references() = item.reference;
    write.changes = HistoryOf(v1::Customer(), write.after);
    bool has_decision_maker = false;
    for (const v1::Contact& contact : item.contacts) {
      has_decision_maker |= contact.decision_role() == v1::DECISION_MAKER;
      const std::string contact_id = crypto::NewUuid();
      new_contacts_.push_back({write.id, contact_id, SealContact(cipher_, contact_id, contact)});
    }
    write.completeness =
        CompletenessOf(write.after, static_cast<int>(item.contacts.size()), has_decision_maker);
    Claim(item, write.id);
    Outcome& row = result_.rows[index];
    row.set_outcome(Outcome::CREATED);
    row.set_contacts_created(static_cast<int>(item.contacts.size()));
    row.set_customer(crm::StrCat("customers/", write.id));
    writes_.push_back(std::move(write));
    return absl::OkStatus();
  }

  // The rows through a staging table filled with COPY; then what every
  // write writes, by the core write path's set-based definitions: edit keys,
  // change records, history.
  absl::Status WriteAll(bool& staging_exists) {
    if (writes_.empty()) return absl::OkStatus();
    tx_.exec0(staging_exists ? kClearStagingSql : kCreateStagingSql);
    staging_exists = true;
    size_t creates = 0;
    std::vector<MatchKeys> keys;
    keys.reserve(writes_.size());
    {
      pqxx::stream_to staging(
          tx_, kStagingTable,
          std::vector<std::string>{"ord",        "customer_id",       "is_new",    "link_reference",
                                   "rename",     "source_system",     "source_id", "display_name",
                                   "legal_name", "short_name",        "uscc",      "industry",
                                   "region",     "ownership_type",    "size_band", "owner_org_unit",
                                   "tags",       "data_completeness", "name_key",  "trade_key",
                                   "head_key",   "sound_key"});
      for (size_t w = 0; w < writes_.size(); ++w) {
        const Write& write = writes_[w];
        const v1::Customer& c = write.after;
        const v1::ExternalReference& reference = items_[write.index].reference;
        const MatchKeys& key = keys.emplace_back(MatchKeysOf(c.legal_name()));
        if (write.is_new) ++creates;
        staging << std::make_tuple(
            static_cast<int>(w), write.id, write.is_new, write.link_reference, write.rename,
            reference.source_system(), reference.source_id(), c.display_name(), c.legal_name(),
            c.short_name(), c.uscc(), c.industry(), c.region(),
            static_cast<int>(c.ownership_type()), static_cast<int>(c.size_band()),
            c.owner_org_unit(), TagsLiteral(c), write.completeness, key.name, key.trade, key.head,
            key.sound);
      }
      staging.complete();
    }
    if (creates > 0) {
      const pqxx::result inserted = tx_.exec0(kInsertCustomersSql);
      // A concurrent create took one of the USCCs after the rows matched.
      if (static_cast<size_t>(inserted.affected_rows()) != creates) return ConcurrentChange();
    }
    if (creates < writes_.size()) {
      absl::flat_hash_map<std::string, int64_t> versions;
      for (const pqxx::row& row : tx_.exec(kUpdateCustomersSql)) {
        versions[row[0].c_str()] = row[1].as<int64_t>();
      }
      for (Write& write : writes_) {
        if (!write.is_new) write.version = versions.at(write.id);
      }
    }
    tx_.exec0(kInsertReferencesSql);
    InsertContacts(tx_, new_contacts_);
    std::vector<NamedCustomer> named;
    std::vector<ChangeRecord> changes;
    std::vector<HistoryOfResource> history;
    for (size_t w = 0; w < writes_.size(); ++w) {
      Write& write = writes_[w];
      if (write.rename) named.push_back({write.id, &keys[w], write.is_new});
      changes.push_back({write.id,
                         write.is_new ? v1::CustomerChange::CREATED : v1::CustomerChange::UPDATED,
                         write.version, ""});
      history.push_back({write.id, crm::StrCat("customers/", write.id), std::move(write.changes)});
      if (!write.is_new) result_.updated.push_back({write.id, write.version});
    }
    for (const NewContact& contact : new_contacts_) {
      history.push_back(
          {contact.customer_id,
           crm::StrCat("customers/", contact.customer_id, "/contacts/", contact.contact_id),
           ContactHistory(v1::Contact(), MaskedContact(contact.values, v1::Contact::ACTIVE))});
    }
    WriteEditKeys(tx_, named);
    RecordChanges(tx_, changes);
    WriteHistory(tx_, context_, history);
    return absl::OkStatus();
  }

  pqxx::work& tx_;
  const MutationContext& context_;
  const PersonalInfoCipher& cipher_;
  std::span<const ImportItem> items_;
  ImportBatchResult& result_;
  absl::flat_hash_map<std::string, Target> targets_;
  absl::flat_hash_set<std::string> claimed_references_;
  absl::flat_hash_set<std::string> claimed_usccs_;
  absl::flat_hash_set<std::string> claimed_customers_;
  std::vector<Write> writes_;
  std::vector<NewContact> new_contacts_;  // of the rows that create customers
};

absl::Status LockReferences(pqxx::work& tx, std::span<const ImportItem> items) {
  std::vector<std::string> systems, ids;
  for (const ImportItem& item : items) {
    systems.push_back(item.reference.source_system());
    ids.push_back(item.reference.source_id());
  }
  tx.exec_params(kLockReferencesSql, auth::TextArrayLiteral(systems), auth::TextArrayLiteral(ids));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ImportBatchResult> CustomerImporter::WriteBatch(const MutationContext& context,
                                                               std::span<const ImportItem> items) {
  ImportBatchResult result;
  absl::Status status;
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    status = pg::RunInTransaction(
        pool_,
        [&](pqxx::work& tx) -> absl::Status {
          result = ImportBatchResult();
          result.rows.resize(items.size());
          for (size_t i = 0; i < items.size(); ++i) {
            result.rows[i].set_row_number(items[i].row_number);
          }
          if (items.empty()) return absl::OkStatus();
          if (absl::Status s = LockReferences(tx, items); !s.ok()) return s;
          std::vector<size_t> pending(items.size());
          for (size_t i = 0; i < items.size(); ++i) pending[i] = i;
          bool staging_exists = false;
          while (!pending.empty()) {
            std::vector<size_t> deferred;
            Round round(tx, context, cipher_, items, result);
            if (absl::Status s = round.Run(pending, deferred, staging_exists); !s.ok()) return s;
            pending = std::move(deferred);
          }
          return absl::OkStatus();
        },
        {.operation = "customer.import_batch"});
    if (!IsConcurrentChange(status)) break;
  }
  if (!status.ok()) return status;
  return result;
}

}  // namespace crm::customer
