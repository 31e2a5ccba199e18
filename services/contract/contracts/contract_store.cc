#include "services/contract/contracts/contract_store.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_join.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "libs/auth/data_scope.h"
#include "libs/auth/sql_scope.h"
#include "libs/clock/business_day.h"
#include "libs/crypto/crypto.h"
#include "libs/etag/etag.h"
#include "libs/idempotency/run_idempotent.h"
#include "libs/names/resource_names.h"
#include "libs/pg/transaction.h"
#include "libs/replicas/customer/customer_scope_sql.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/calendar_date.h"
#include "services/contract/core/contract_events.h"
#include "services/contract/core/contract_names.h"
#include "services/contract/core/contract_scope.h"
#include "services/contract/rules/contract_number.h"

namespace crm::contract {
namespace {

using ::google::protobuf::util::TimeUtil;

// The next number of a year; the row stays locked until the creating
// transaction ends, so numbers are unique and, with rollbacks giving theirs
// back unseen, never skip a committed one.
constexpr char kNextNumber[] = "contract.next_number";
constexpr char kNextNumberSql[] =
    "INSERT INTO contract.contract_numbers AS n (year, last_number) VALUES ($1, 1)"
    " ON CONFLICT (year) DO UPDATE SET last_number = n.last_number + 1 RETURNING last_number";

// $1 id, $2 number, $3 kind, $4 state, $5 title, $6 customer, $7 signing
// org unit, $8 its path, $9 owner, $10 currency, $11 amount, $12 start, $13
// end, $14 payment terms, $15 opportunity, $16 renews, $17 framework, $18
// attachments, $19 the time.
constexpr char kInsert[] = "contract.insert";
constexpr char kInsertSql[] =
    "INSERT INTO contract.contracts (id, contract_number, kind, state, title, customer_id,"
    " signing_org_unit, signing_org_unit_path, owner_user, currency_code, amount_minor,"
    " start_date, end_date, payment_terms, opportunity_id, renews_id, framework_id, attachments,"
    " create_time, update_time) VALUES ($1::uuid, $2, $3, $4, $5, $6::uuid, $7, $8::text[], $9,"
    " $10, $11, $12::date, $13::date, $14, NULLIF($15, '')::uuid, NULLIF($16, '')::uuid,"
    " NULLIF($17, '')::uuid, $18::jsonb, $19::timestamptz, $19::timestamptz)";
// $1 id, $2 state, $3 title, $4 customer, $5 signing org unit, $6 path, $7
// owner, $8 currency, $9 amount, $10 start, $11 end, $12 payment terms, $13
// framework, $14 attachments, $15 the time.
constexpr char kUpdate[] = "contract.update";
constexpr char kUpdateSql[] =
    "UPDATE contract.contracts SET state = $2, title = $3, customer_id = $4::uuid,"
    " signing_org_unit = $5, signing_org_unit_path = $6::text[], owner_user = $7,"
    " currency_code = $8, amount_minor = $9, start_date = $10::date, end_date = $11::date,"
    " payment_terms = $12, framework_id = NULLIF($13, '')::uuid, attachments = $14::jsonb,"
    " version = version + 1, update_time = $15::timestamptz WHERE id = $1::uuid"
    " RETURNING version";
constexpr char kDeleteMilestones[] = "contract.delete_milestones";
constexpr char kDeleteMilestonesSql[] =
    "DELETE FROM contract.payment_milestones WHERE contract_id = $1::uuid";
// The milestones ($2 due dates, $3 amounts, $4 descriptions, in sequence
// order) with the contract's copies.
constexpr char kInsertMilestones[] = "contract.insert_milestones";
constexpr char kInsertMilestonesSql[] =
    "INSERT INTO contract.payment_milestones (contract_id, sequence, due_date, amount_minor,"
    " description, customer_id, signing_org_unit, signing_org_unit_path, currency_code,"
    " receivable)"
    " SELECT c.id, t.ord, t.due, t.amount, t.description, c.customer_id, c.signing_org_unit,"
    " c.signing_org_unit_path, c.currency_code, c.state IN (5, 6, 7)"
    " FROM contract.contracts c,"
    " unnest($2::date[], $3::bigint[], $4::text[]) WITH ORDINALITY"
    "   AS t(due, amount, description, ord)"
    " WHERE c.id = $1::uuid";
constexpr char kFramework[] = "contract.framework_kind";
constexpr char kFrameworkSql[] = "SELECT kind FROM contract.contracts WHERE id = $1::uuid";

constexpr char kHistory[] = "contract.history";
constexpr char kHistorySql[] =
    "SELECT h.id, h.actor, h.method, (extract(epoch FROM h.change_time) * 1000000)::bigint,"
    " h.previous_state, h.state, h.comment FROM contract.contract_history h"
    " WHERE h.contract_id = $1::uuid AND h.id > $2 ORDER BY h.id LIMIT $3";

// The statements that paste the scope predicate (contract_scope.h) in.
constexpr char kCustomerInScope[] = "contract.customer_in_scope";
constexpr char kList[] = "contract.list";

const std::string& CustomerInScopeSql() {
  static const std::string sql = crm::StrCat("SELECT ", CustomerInScope("$1::uuid", 2, 3));
  return sql;
}
// $3 customer, $4 signing org unit (its subtree), $5 kinds, $6 states, $7
// framework, ($8, $9) the cursor (create time in microseconds, id), $10 the
// limit.
const std::string& ListSql() {
  static const std::string sql = crm::StrCat(
      "SELECT c.id::text FROM contract.contracts c WHERE ", ContractInScope(1, 2),
      " AND ($3 = '' OR c.customer_id = NULLIF($3, '')::uuid)"
      " AND ($4 = '' OR c.signing_org_unit_path @> ARRAY[$4]::text[])"
      " AND (cardinality($5::smallint[]) = 0 OR c.kind = ANY($5::smallint[]))"
      " AND (cardinality($6::smallint[]) = 0 OR c.state = ANY($6::smallint[]))"
      " AND ($7 = '' OR c.framework_id = NULLIF($7, '')::uuid)"
      " AND ($8::bigint = 0 OR (c.create_time, c.id) < ('epoch'::timestamptz + $8::bigint *"
      " interval '1 microsecond', NULLIF($9, '')::uuid))"
      " ORDER BY c.create_time DESC, c.id DESC LIMIT $10");
  return sql;
}

std::string IntArray(const std::vector<int>& values) {
  return crm::StrCat("{", absl::StrJoin(values, ","), "}");
}

// The attachments as stored: v1.Attachment messages as proto JSON with the
// proto's field names, in a JSON array.
std::string AttachmentsJson(const v1::Contract& contract) {
  std::vector<std::string> parts;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  for (const v1::Attachment& attachment : contract.attachments()) {
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(attachment, &json, options);
    parts.push_back(std::move(json));
  }
  return crm::StrCat("[", absl::StrJoin(parts, ","), "]");
}

// Writes the milestones of `contract` (sorted by due date, numbered from 1)
// in place of the stored ones.
void WriteMilestones(pqxx::work& tx, const std::string& id, const v1::Contract& contract) {
  tx.exec_prepared0(kDeleteMilestones, id);
  if (contract.payment_milestones().empty()) return;
  std::vector<const v1::PaymentMilestone*> sorted;
  for (const v1::PaymentMilestone& m : contract.payment_milestones()) sorted.push_back(&m);
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) {
    return validation::ToCivilDay(a->due_date()) < validation::ToCivilDay(b->due_date());
  });
  std::vector<std::string> dates, descriptions;
  std::vector<int64_t> amounts;
  for (const v1::PaymentMilestone* m : sorted) {
    dates.push_back(DateParam(m->due_date()));
    amounts.push_back(m->amount().minor_units());
    descriptions.push_back(m->description());
  }
  tx.exec_prepared0(kInsertMilestones, id, auth::TextArrayLiteral(dates),
                    crm::StrCat("{", absl::StrJoin(amounts, ","), "}"),
                    auth::TextArrayLiteral(descriptions));
}

// A customer a contract may name: not merged away, not deleted.
absl::Status CheckCustomerUsable(const replicas::ReplicatedCustomer& customer) {
  const std::string name = names::CustomerName(customer.id);
  if (customer.state == replicas::CustomerState::kMerged) {
    const std::string survivor = names::CustomerName(customer.merged_into);
    return status::Error(absl::StatusCode::kNotFound, kDomain, "CUSTOMER_MERGED",
                         crm::StrCat(name, " was merged into ", survivor, "; use ", survivor),
                         {{"customer", name}, {"mergedInto", survivor}});
  }
  if (customer.state == replicas::CustomerState::kDeleted) {
    return status::Error(absl::StatusCode::kFailedPrecondition, kDomain, "CUSTOMER_DELETED",
                         crm::StrCat(name, " is deleted; undelete it first"), {{"customer", name}});
  }
  return absl::OkStatus();
}

absl::Status CheckFramework(pqxx::transaction_base& tx, const StoredContract& contract) {
  if (contract.framework_id.empty()) return absl::OkStatus();
  const pqxx::result rows = tx.exec_prepared(kFramework, contract.framework_id);
  if (!rows.empty() && rows[0][0].as<int>() == v1::FRAMEWORK) return absl::OkStatus();
  const std::string name = ContractName(contract.framework_id);
  return status::Error(absl::StatusCode::kFailedPrecondition, kDomain, "FRAMEWORK_NOT_USABLE",
                       crm::StrCat("contract.framework: ", name, " is not a framework agreement"),
                       {{"framework", name}});
}

v1::ContractHistoryEntry HistoryFromRow(const pqxx::row& row) {
  v1::ContractHistoryEntry entry;
  entry.set_actor(row[1].as<std::string>());
  entry.set_method(row[2].as<std::string>());
  *entry.mutable_change_time() = TimeUtil::MicrosecondsToTimestamp(row[3].as<int64_t>());
  entry.set_previous_state(static_cast<v1::ContractState>(row[4].as<int>()));
  entry.set_state(static_cast<v1::ContractState>(row[5].as<int>()));
  entry.set_comment(row[6].as<std::string>());
  return entry;
}

}  // namespace

std::vector<pg::PreparedStatement> ContractStore::Statements() {
  return {{kNextNumber, kNextNumberSql},
          {kInsert, kInsertSql},
          {kUpdate, kUpdateSql},
          {kDeleteMilestones, kDeleteMilestonesSql},
          {kInsertMilestones, kInsertMilestonesSql},
          {kFramework, kFrameworkSql},
          {kHistory, kHistorySql},
          {kCustomerInScope, CustomerInScopeSql()},
          {kList, ListSql()}};
}

absl::CivilDay ContractStore::Today() const { return clock::BusinessToday(*context_.clock); }

absl::Status ContractStore::CheckCustomerInScope(
    pqxx::transaction_base& tx, const auth::v1::Principal& principal,
    const replicas::ReplicatedCustomer& customer) const {
  const replicas::CustomerScopeParams scope = replicas::ScopeParamsOf(auth::ScopeOf(principal));
  if (tx.exec_prepared1(kCustomerInScope, customer.id, scope.all, scope.org_units)[0].as<bool>()) {
    return CheckCustomerUsable(customer);
  }
  const std::string name = names::CustomerName(customer.id);
  return status::Error(
      absl::StatusCode::kPermissionDenied, kDomain, "CUSTOMER_NOT_IN_SCOPE",
      crm::StrCat(name, " is owned by ", customer.owner_org_unit,
                  " and not served by an org unit in the scope of ", principal.user(),
                  "; ask its owner to add yours to its account team"),
      {{"customer", name}, {"ownerOrgUnit", customer.owner_org_unit}});
}

absl::StatusOr<v1::Contract> ContractStore::Insert(pqxx::work& tx, const request::Actor& actor,
                                                   StoredContract initial, absl::Time now) {
  if (absl::Status s = CheckFramework(tx, initial); !s.ok()) return s;
  const absl::CivilDay today = Today();
  const int year = static_cast<int>(today.year());
  const int64_t number = tx.exec_prepared1(kNextNumber, year)[0].as<int64_t>();
  initial.id = crypto::NewUuid();
  const v1::Contract& c = initial.view;
  tx.exec_prepared0(kInsert, initial.id, FormatContractNumber(year, number),
                    static_cast<int>(c.kind()), static_cast<int>(v1::DRAFT), c.title(),
                    initial.customer_id, c.signing_org_unit(),
                    auth::TextArrayLiteral(initial.signing_org_unit_path), c.owner_user(),
                    c.amount().currency_code(), c.amount().minor_units(), DateParam(c.start_date()),
                    DateParam(c.end_date()), c.payment_terms(), initial.opportunity_id,
                    initial.renews_id, initial.framework_id, AttachmentsJson(c), TimeParam(now));
  WriteMilestones(tx, initial.id, c);
  RecordHistory(tx, actor, initial.id, actor.method, v1::CONTRACT_STATE_UNSPECIFIED, v1::DRAFT,
                initial.renews_id.empty() ? std::string("created")
                                          : crm::StrCat("renews ", ContractName(initial.renews_id)),
                now);
  absl::StatusOr<v1::Contract> created = ReadContractView(tx, initial.id, today);
  if (!created.ok()) return created.status();
  RecordContractEvent(*context_.outbox, tx, v1::ContractEvent::CONTRACT_CREATED, created->name(),
                      FactsOf(*created));
  return created;
}

absl::StatusOr<v1::Contract> ContractStore::Create(const request::Actor& actor,
                                                   const replicas::ReplicatedCustomer& customer,
                                                   StoredContract initial) {
  return idempotency::RunIdempotent<v1::Contract>(
      *context_.pool, *context_.request_log, actor.idempotency,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::Contract> {
        if (absl::Status s = CheckCustomerInScope(tx, actor.principal, customer); !s.ok()) return s;
        initial.customer_id = customer.id;
        return Insert(tx, actor, std::move(initial), context_.clock->Now());
      });
}

absl::StatusOr<v1::Contract> ContractStore::Renew(const request::Actor& actor,
                                                  const std::string& id, RenewFn make) {
  return idempotency::RunIdempotent<v1::Contract>(
      *context_.pool, *context_.request_log, actor.idempotency,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::Contract> {
        absl::StatusOr<StoredContract> old_contract = LockContract(tx, actor.principal, id);
        if (!old_contract.ok()) return old_contract.status();
        absl::StatusOr<StoredContract> renewal = make(*old_contract);
        if (!renewal.ok()) return renewal.status();
        return Insert(tx, actor, *std::move(renewal), context_.clock->Now());
      });
}

absl::StatusOr<v1::Contract> ContractStore::Change(const request::Actor& actor,
                                                   const std::string& id, int64_t expected_version,
                                                   ChangeFn change, ResubmitFn resubmit) {
  return idempotency::RunIdempotent<v1::Contract>(
      *context_.pool, *context_.request_log, actor.idempotency,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::Contract> {
        absl::StatusOr<StoredContract> before = LockContract(tx, actor.principal, id);
        if (!before.ok()) return before.status();
        if (expected_version != before->version) {
          return EtagMismatch(kDomain, before->view.name(), expected_version, before->version);
        }
        StoredContract next = *before;
        absl::StatusOr<ContractChange> changed = change(tx, *before, next);
        if (!changed.ok()) return changed.status();
        if (absl::Status s = CheckFramework(tx, next); !s.ok()) return s;
        const absl::Time now = context_.clock->Now();
        const v1::Contract& c = next.view;
        next.version =
            tx.exec_prepared1(kUpdate, id, static_cast<int>(changed->state), c.title(),
                              next.customer_id, c.signing_org_unit(),
                              auth::TextArrayLiteral(next.signing_org_unit_path), c.owner_user(),
                              c.amount().currency_code(), c.amount().minor_units(),
                              DateParam(c.start_date()), DateParam(c.end_date()), c.payment_terms(),
                              next.framework_id, AttachmentsJson(c), TimeParam(now))[0]
                .as<int64_t>();
        next.view.set_state(changed->state);
        WriteMilestones(tx, id, c);
        RecordHistory(tx, actor, id, actor.method, before->view.state(), changed->state,
                      changed->comment, now);
        const absl::CivilDay today = Today();
        absl::StatusOr<v1::Contract> updated = ReadContractView(tx, id, today);
        if (!updated.ok()) return updated.status();
        RecordContractEvent(*context_.outbox, tx, v1::ContractEvent::CONTRACT_UPDATED,
                            updated->name(), FactsOf(*updated));
        if (!changed->resubmit) return updated;
        absl::StatusOr<StoredContract> locked = LockContract(tx, actor.principal, id);
        if (!locked.ok()) return locked.status();
        if (absl::Status s = resubmit(tx, *locked, now); !s.ok()) return s;
        return ReadContractView(tx, id, today);
      });
}

absl::StatusOr<v1::Contract> ContractStore::Get(const auth::v1::Principal& principal,
                                                const std::string& id) {
  absl::StatusOr<v1::Contract> found;
  absl::Status status = pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        if (absl::Status s = CheckContractInScope(tx, principal, id); !s.ok()) return s;
        found = ReadContractView(tx, id, Today());
        return found.status();
      },
      "contract.get");
  if (!status.ok()) return status;
  return found;
}

absl::StatusOr<std::vector<v1::Contract>> ContractStore::List(const auth::v1::Principal& principal,
                                                              const ContractFilter& filter,
                                                              const ContractCursor& cursor,
                                                              int limit) {
  std::vector<v1::Contract> page;
  absl::Status status = pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        const replicas::CustomerScopeParams scope =
            replicas::ScopeParamsOf(auth::ScopeOf(principal));
        const pqxx::result rows = tx.exec_prepared(
            kList, scope.all, scope.org_units, filter.customer_id, filter.signing_org_unit,
            IntArray(filter.kinds), IntArray(filter.states), filter.framework_id,
            cursor.create_micros, cursor.id, limit);
        std::vector<std::string> ids;
        ids.reserve(rows.size());
        for (const pqxx::row& row : rows) ids.push_back(row[0].as<std::string>());
        page = ReadContractViews(tx, ids, Today());
        return absl::OkStatus();
      },
      "contract.list");
  if (!status.ok()) return status;
  return page;
}

absl::StatusOr<std::vector<ContractStore::HistoryRow>> ContractStore::History(
    const auth::v1::Principal& principal, const std::string& id, int64_t after_id, int limit) {
  std::vector<HistoryRow> page;
  absl::Status status = pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        if (absl::Status s = CheckContractInScope(tx, principal, id); !s.ok()) return s;
        for (const pqxx::row& row : tx.exec_prepared(kHistory, id, after_id, limit)) {
          page.push_back({.id = row[0].as<int64_t>(), .entry = HistoryFromRow(row)});
        }
        return absl::OkStatus();
      },
      "contract.history");
  if (!status.ok()) return status;
  return page;
}

}  // namespace crm::contract
