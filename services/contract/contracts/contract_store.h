#ifndef CRM_SERVICES_CONTRACT_CONTRACTS_CONTRACT_STORE_H_
#define CRM_SERVICES_CONTRACT_CONTRACTS_CONTRACT_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "crm/auth/v1/principal.pb.h"
#include "crm/contract/v1/contract_service.pb.h"
#include "libs/pg/prepared_statement.h"
#include "libs/replicas/customer/replicated_customer.h"
#include "libs/request/actor.h"
#include "pqxx/pqxx"
#include "services/contract/core/contract_context.h"
#include "services/contract/core/contract_row.h"

namespace crm::contract {

// Filters of ListContracts, as ids ("" or empty: no filter).
struct ContractFilter {
  std::string customer_id;
  std::string signing_org_unit;  // orgUnits/{unit}: its subtree
  std::vector<int> kinds;
  std::vector<int> states;
  std::string framework_id;
};

// Where a page of ListContracts starts: after (create_time, id).
struct ContractCursor {
  int64_t create_micros = 0;
  std::string id;
};

// What a change of a contract's fields did, for the history and the feed.
struct ContractChange {
  v1::ContractState state;  // the state after it
  std::string comment;      // the history's comment (the fields changed)
  // A material change of an APPROVED contract: it goes back to approval.
  bool resubmit = false;
};

// The contract records in PostgreSQL (schema contract): creation with the
// next contract number, field changes under the row lock, reads, lists and
// the audit trail. Every read and change applies the caller's scope in SQL;
// every change runs in one transaction with its request-log entry, history
// row and event.
class ContractStore final {
 public:
  explicit ContractStore(const ContractContext& context) : context_(context) {}

  static std::vector<pg::PreparedStatement> Statements();

  // Creates `initial` (kind, fields, milestones, path; id empty) as a DRAFT on
  // `customer`, checking in SQL that the customer is in the caller's scope,
  // and that a framework named is a FRAMEWORK. Assigns the next contract
  // number of today's year under contract_numbers' row lock. Writes the first
  // history row and CONTRACT_CREATED. `method` is the history's method.
  absl::StatusOr<v1::Contract> Create(const request::Actor& actor,
                                      const replicas::ReplicatedCustomer& customer,
                                      StoredContract initial);

  // Changes contract `id` under its row lock when the caller may see it and
  // `expected_version` is its version: `change` edits a copy of it (fields,
  // milestones, path; it may read in `tx`) and says what it did; the store writes the fields and
  // milestones, the history row and CONTRACT_UPDATED, and calls `resubmit`
  // for a material change of an APPROVED one (in the same transaction).
  using ChangeFn = absl::FunctionRef<absl::StatusOr<ContractChange>(
      pqxx::work& tx, const StoredContract& before, StoredContract& next)>;
  using ResubmitFn =
      absl::FunctionRef<absl::Status(pqxx::work& tx, StoredContract& contract, absl::Time now)>;
  absl::StatusOr<v1::Contract> Change(const request::Actor& actor, const std::string& id,
                                      int64_t expected_version, ChangeFn change,
                                      ResubmitFn resubmit);

  // Whether a contract may name `customer`: CUSTOMER_NOT_IN_SCOPE unless the
  // caller may see it (in SQL); then CUSTOMER_MERGED or CUSTOMER_DELETED.
  absl::Status CheckCustomerInScope(pqxx::transaction_base& tx,
                                    const auth::v1::Principal& principal,
                                    const replicas::ReplicatedCustomer& customer) const;

  // A renewal of contract `id` (SIGNED, ACTIVE or EXPIRED, in the caller's
  // scope): `make` turns the old one into the new draft.
  using RenewFn =
      absl::FunctionRef<absl::StatusOr<StoredContract>(const StoredContract& old_contract)>;
  absl::StatusOr<v1::Contract> Renew(const request::Actor& actor, const std::string& id,
                                     RenewFn make);

  absl::StatusOr<v1::Contract> Get(const auth::v1::Principal& principal, const std::string& id);
  // Newest first, after `cursor`; up to `limit`.
  absl::StatusOr<std::vector<v1::Contract>> List(const auth::v1::Principal& principal,
                                                 const ContractFilter& filter,
                                                 const ContractCursor& cursor, int limit);
  // Oldest first, after history row `after_id`; each with its row id.
  struct HistoryRow {
    int64_t id = 0;
    v1::ContractHistoryEntry entry;
  };
  absl::StatusOr<std::vector<HistoryRow>> History(const auth::v1::Principal& principal,
                                                  const std::string& id, int64_t after_id,
                                                  int limit);

 private:
  // Inserts `initial` with a new id and number in `tx`, with its history row
  // and event; returns its view.
  absl::StatusOr<v1::Contract> Insert(pqxx::work& tx, const request::Actor& actor,
                                      StoredContract initial, absl::Time now);
  absl::CivilDay Today() const;

  const ContractContext& context_;
};

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_CONTRACTS_CONTRACT_STORE_H_
