#include "services/contract/receivables/receipt_store.h"

#include <map>
#include <optional>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/time_util.h"
#include "libs/crypto/crypto.h"
#include "libs/idempotency/run_idempotent.h"
#include "libs/money/format.h"
#include "libs/names/resource_names.h"
#include "libs/pg/transaction.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/calendar_date.h"
#include "services/contract/core/contract_events.h"
#include "services/contract/core/contract_names.h"
#include "services/contract/core/contract_row.h"
#include "services/contract/rules/receipt_allocation.h"

namespace crm::contract {
namespace {

using ::google::protobuf::util::TimeUtil;

constexpr char kByReference[] = "contract.receipt_by_reference";
constexpr char kByReferenceSql[] =
    "SELECT r.id::text, r.contract_id::text, to_char(r.receive_date, 'YYYYMMDD')::int,"
    " r.currency_code, r.amount_minor, r.bank_reference, r.recorder,"
    " (extract(epoch FROM r.create_time) * 1000000)::bigint"
    " FROM contract.receipts r WHERE r.bank_reference = $1";
// The milestones a receipt may pay, locked until it commits.
constexpr char kLockMilestones[] = "contract.receipt_lock_milestones";
constexpr char kLockMilestonesSql[] =
    "SELECT m.sequence, to_char(m.due_date, 'YYYYMMDD')::int, m.outstanding_minor"
    " FROM contract.payment_milestones m WHERE m.contract_id = $1::uuid"
    " ORDER BY m.sequence FOR UPDATE";
// Nothing when the reference was taken meanwhile (by a receipt of another
// contract, committed after this one's check): the caller reads it again.
constexpr char kInsert[] = "contract.receipt_insert";
constexpr char kInsertSql[] =
    "INSERT INTO contract.receipts (id, contract_id, receive_date, currency_code, amount_minor,"
    " bank_reference, recorder, create_time)"
    " VALUES ($1::uuid, $2::uuid, $3::date, $4, $5, $6, $7, $8::timestamptz)"
    " ON CONFLICT (bank_reference) DO NOTHING RETURNING id";
constexpr char kAllocate[] = "contract.receipt_allocate";
constexpr char kAllocateSql[] =
    "WITH part AS (INSERT INTO contract.receipt_allocations (receipt_id, contract_id,"
    " milestone_sequence, amount_minor) VALUES ($1::uuid, $2::uuid, $3, $4))"
    " UPDATE contract.payment_milestones SET paid_minor = paid_minor + $4"
    " WHERE contract_id = $2::uuid AND sequence = $3";
constexpr char kAllocations[] = "contract.receipt_allocations";
constexpr char kAllocationsSql[] =
    "SELECT a.receipt_id::text, a.milestone_sequence, a.amount_minor"
    " FROM contract.receipt_allocations a WHERE a.receipt_id = ANY($1::uuid[])"
    " ORDER BY a.receipt_id, a.milestone_sequence";
// $1 the contract, $2 "first page", ($3, $4) the last one's keyset, $5 limit.
constexpr char kList[] = "contract.receipt_list";
constexpr char kListSql[] =
    "SELECT r.id::text, r.contract_id::text, to_char(r.receive_date, 'YYYYMMDD')::int,"
    " r.currency_code, r.amount_minor, r.bank_reference, r.recorder,"
    " (extract(epoch FROM r.create_time) * 1000000)::bigint"
    " FROM contract.receipts r WHERE r.contract_id = $1::uuid"
    " AND ($2::boolean OR (r.create_time, r.id) >"
    "   ('epoch'::timestamptz + $3::bigint * interval '1 microsecond', $4::uuid))"
    " ORDER BY r.create_time, r.id LIMIT $5";

// A receipt as the API shows it, without its allocations.
v1::Receipt ReceiptOf(const pqxx::row& row) {
  v1::Receipt receipt;
  receipt.set_name(ReceiptName(row[1].as<std::string>(), row[0].as<std::string>()));
  *receipt.mutable_receive_date() = DateOfNumber(row[2].as<int>());
  receipt.mutable_amount()->set_currency_code(row[3].as<std::string>());
  receipt.mutable_amount()->set_minor_units(row[4].as<int64_t>());
  receipt.set_bank_reference(row[5].as<std::string>());
  receipt.set_recorder(row[6].as<std::string>());
  *receipt.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[7].as<int64_t>());
  return receipt;
}

// Fills the allocations of `receipts` (by id, in the same order).
void FillAllocations(pqxx::transaction_base& tx, const std::vector<std::string>& ids,
                     std::vector<v1::Receipt>& receipts) {
  if (ids.empty()) return;
  std::map<std::string, v1::Receipt*> by_id;
  for (size_t i = 0; i < ids.size(); ++i) by_id[ids[i]] = &receipts[i];
  for (const pqxx::row& row :
       tx.exec_prepared(kAllocations, crm::StrCat("{", absl::StrJoin(ids, ","), "}"))) {
    v1::Receipt* receipt = by_id[row[0].as<std::string>()];
    v1::ReceiptAllocation& part = *receipt->add_allocations();
    part.set_milestone_sequence(row[1].as<int>());
    part.mutable_amount()->set_currency_code(receipt->amount().currency_code());
    part.mutable_amount()->set_minor_units(row[2].as<int64_t>());
  }
}

// The receipt already recorded under `receipt`'s bank reference when it is
// this one again (same contract, date, currency and amount); ALREADY_EXISTS
// when the reference names another transfer; nullopt when it is new.
absl::StatusOr<std::optional<v1::Receipt>> Recorded(pqxx::work& tx, const std::string& contract_id,
                                                    const v1::Receipt& receipt) {
  const pqxx::result rows = tx.exec_prepared(kByReference, receipt.bank_reference());
  if (rows.empty()) return std::nullopt;
  std::vector<v1::Receipt> first = {ReceiptOf(rows[0])};
  const std::string first_id = rows[0][0].as<std::string>();
  const bool same = rows[0][1].as<std::string>() == contract_id &&
                    validation::FormatDate(first[0].receive_date()) ==
                        validation::FormatDate(receipt.receive_date()) &&
                    first[0].amount().currency_code() == receipt.amount().currency_code() &&
                    first[0].amount().minor_units() == receipt.amount().minor_units();
  if (!same) {
    // The other receipt may belong to a contract the caller does not see:
    // only what the caller sent is named.
    return status::Error(
        absl::StatusCode::kAlreadyExists, kDomain, "BANK_REFERENCE_USED",
        crm::StrCat("receipt.bank_reference: ", receipt.bank_reference(),
                    " was recorded before for a transfer with another contract, date or amount;"
                    " the same reference is the same receipt, so check the reference"),
        {{"bankReference", receipt.bank_reference()}});
  }
  FillAllocations(tx, {first_id}, first);
  return std::move(first[0]);
}

absl::Status NotReceivable(const v1::Contract& contract) {
  return status::Error(
      absl::StatusCode::kFailedPrecondition, kDomain, "CONTRACT_NOT_RECEIVABLE",
      crm::StrCat(contract.name(), " is ", v1::ContractState_Name(contract.state()),
                  "; receipts are recorded against SIGNED, ACTIVE or EXPIRED contracts"),
      {{"contract", contract.name()}, {"state", v1::ContractState_Name(contract.state())}});
}

}  // namespace

std::vector<pg::PreparedStatement> ReceiptStore::Statements() {
  return {{kByReference, kByReferenceSql}, {kLockMilestones, kLockMilestonesSql},
          {kInsert, kInsertSql},           {kAllocate, kAllocateSql},
          {kAllocations, kAllocationsSql}, {kList, kListSql}};
}

absl::StatusOr<v1::Receipt> ReceiptStore::Record(const request::Actor& actor,
                                                 const std::string& contract_id,
                                                 const v1::Receipt& receipt) {
  return idempotency::RunIdempotent<v1::Receipt>(
      *context_.pool, *context_.request_log, actor.idempotency,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::Receipt> {
        absl::StatusOr<StoredContract> contract = LockContract(tx, actor.principal, contract_id);
        if (!contract.ok()) return contract.status();
        const v1::Contract& view = contract->view;
        // The same transfer again is the first receipt, whatever happened to
        // the contract since.
        absl::StatusOr<std::optional<v1::Receipt>> recorded = Recorded(tx, contract_id, receipt);
        if (!recorded.ok()) return recorded.status();
        if (recorded->has_value()) return **recorded;
        const v1::ContractState state = view.state();
        if (state != v1::SIGNED && state != v1::ACTIVE && state != v1::EXPIRED) {
          return NotReceivable(view);
        }
        const std::string& currency = view.amount().currency_code();
        if (receipt.amount().currency_code() != currency) {
          status::FieldViolations violations;
          violations.Add(
              "receipt.amount.currency_code",
              crm::StrCat("receipt.amount.currency_code: ", receipt.amount().currency_code(),
                          " is not the contract's currency ", currency));
          return violations.ToStatus(kDomain);
        }

        std::vector<MilestoneBalance> milestones;
        for (const pqxx::row& row : tx.exec_prepared(kLockMilestones, contract_id)) {
          const int due = row[1].as<int>();
          milestones.push_back({.sequence = row[0].as<int32_t>(),
                                .due_date = absl::CivilDay(due / 10000, due / 100 % 100, due % 100),
                                .outstanding_minor = row[2].as<int64_t>()});
        }
        const std::vector<Allocation> requested = RequestedAllocations(receipt);
        absl::StatusOr<std::vector<Allocation>> allocations =
            Allocate(milestones, receipt.amount().minor_units(), currency, requested);
        if (!allocations.ok()) return allocations.status();

        const absl::Time now = context_.clock->Now();
        const std::string id = crypto::NewUuid();
        if (tx.exec_prepared(kInsert, id, contract_id, DateParam(receipt.receive_date()), currency,
                             receipt.amount().minor_units(), receipt.bank_reference(),
                             actor.principal.user(), TimeParam(now))
                .empty()) {
          // Taken by a concurrent receipt that has committed: this is it
          // again, or ALREADY_EXISTS.
          absl::StatusOr<std::optional<v1::Receipt>> again = Recorded(tx, contract_id, receipt);
          if (!again.ok()) return again.status();
          if (again->has_value()) return **again;
          return absl::InternalError("bank reference conflict without a receipt");
        }
        v1::Receipt out = receipt;
        out.clear_allocations();
        out.set_name(ReceiptName(contract_id, id));
        out.set_recorder(actor.principal.user());
        *out.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(now));
        for (const Allocation& part : *allocations) {
          tx.exec_prepared0(kAllocate, id, contract_id, part.sequence, part.amount_minor);
          v1::ReceiptAllocation& shown = *out.add_allocations();
          shown.set_milestone_sequence(part.sequence);
          shown.mutable_amount()->set_currency_code(currency);
          shown.mutable_amount()->set_minor_units(part.amount_minor);
        }
        ContractEventFacts facts = FactsOf(view);
        facts.amount = receipt.amount();
        RecordContractEvent(*context_.outbox, tx, v1::ContractEvent::RECEIPT_RECORDED, out.name(),
                            facts);
        return out;
      });
}

absl::StatusOr<ReceiptPage> ReceiptStore::List(const auth::v1::Principal& principal,
                                               const std::string& contract_id,
                                               const std::vector<std::string>& after, int limit) {
  int64_t after_micros = 0;
  std::string after_id = "00000000-0000-0000-0000-000000000000";
  const bool first = after.empty();
  if (!first) {
    if (after.size() != 2 || !absl::SimpleAtoi(after[0], &after_micros) ||
        !names::IsUuid(after[1])) {
      return absl::InternalError("receipt page cursor does not parse");
    }
    after_id = after[1];
  }
  ReceiptPage page;
  absl::Status status = pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        if (absl::Status s = CheckContractInScope(tx, principal, contract_id); !s.ok()) return s;
        const pqxx::result rows =
            tx.exec_prepared(kList, contract_id, first, after_micros, after_id, limit + 1);
        std::vector<std::string> ids;
        for (const pqxx::row& row : rows) {
          if (static_cast<int>(page.receipts.size()) == limit) {
            const pqxx::row last = rows[limit - 1];
            page.last_key = {crm::StrCat(last[7].as<int64_t>()), last[0].as<std::string>()};
            break;
          }
          page.receipts.push_back(ReceiptOf(row));
          ids.push_back(row[0].as<std::string>());
        }
        FillAllocations(tx, ids, page.receipts);
        return absl::OkStatus();
      },
      "contract.list_receipts");
  if (!status.ok()) return status;
  return page;
}

}  // namespace crm::contract
