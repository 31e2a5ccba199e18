#ifndef CRM_SERVICES_CONTRACT_CORE_CONTRACT_ROW_H_
#define CRM_SERVICES_CONTRACT_CORE_CONTRACT_ROW_H_

// One contract as every capability of the service reads, locks and moves it:
// the full view (milestones, approval steps, framework ceiling, receipts,
// renewal) read the same way everywhere, the scoped row lock, the state
// change that keeps the milestones' receivable flag in step, and the audit
// trail.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "crm/auth/v1/principal.pb.h"
#include "crm/common/v1/date.pb.h"
#include "crm/contract/v1/contract_service.pb.h"
#include "libs/pg/prepared_statement.h"
#include "libs/request/actor.h"
#include "pqxx/pqxx"

namespace crm::contract {

// A contract as a change sees it: the API's view plus the ids and what only
// the database keeps.
struct StoredContract {
  v1::Contract view;  // as the API shows it (name, etag, times set)
  std::string id;     // lower-case UUIDs; "" when not set
  std::string customer_id;
  std::string framework_id;
  std::string renews_id;
  std::string opportunity_id;
  // The signing org unit's ancestors, root first, ending with itself.
  std::vector<std::string> signing_org_unit_path;
  int64_t version = 0;
};

// Locks contract `id` (SELECT … FOR UPDATE) when `principal` may see it
// (contract_scope.h), with its full view except the milestones'
// days_overdue (0). Out of scope: PERMISSION_DENIED (CONTRACT_NOT_IN_SCOPE)
// whether or not it exists; NOT_FOUND (CONTRACT_NOT_FOUND) only for callers
// who see everything.
absl::StatusOr<StoredContract> LockContract(pqxx::work& tx, const auth::v1::Principal& principal,
                                            const std::string& id);

// The same error for a contract that is missing or out of scope.
absl::Status ContractUnreachable(const auth::v1::Principal& principal, const std::string& id);

// OK when `principal` may see contract `id` (no lock); else
// ContractUnreachable.
absl::Status CheckContractInScope(pqxx::transaction_base& tx, const auth::v1::Principal& principal,
                                  const std::string& id);

// The full view of contract `id` as of `today` (no scope check: callers
// checked it): milestones with paid, outstanding and days overdue, approval
// steps, a framework's used and remaining ceiling, received and outstanding,
// renewed_by, the customer's display name (replica_customers), the etag.
// NOT_FOUND when there is no such contract.
absl::StatusOr<v1::Contract> ReadContractView(pqxx::transaction_base& tx, const std::string& id,
                                              absl::CivilDay today);

// The full views of contracts `ids` as ReadContractView gives them, in that
// order, read with four statements however many there are (a page of a
// list); ids that do not exist are left out.
std::vector<v1::Contract> ReadContractViews(pqxx::transaction_base& tx,
                                            const std::vector<std::string>& ids,
                                            absl::CivilDay today);

// The stored part of contract `id` (as LockContract, without lock or scope).
absl::StatusOr<StoredContract> ReadStoredContract(pqxx::transaction_base& tx,
                                                  const std::string& id);

// Sets contract `id`'s state, bumps its version and update time, and keeps
// its milestones' receivable flag in step (true exactly while SIGNED, ACTIVE
// or EXPIRED). Returns the new version.
int64_t SaveState(pqxx::work& tx, const std::string& id, v1::ContractState state, absl::Time now);

// One row of the audit trail (contract_history): the actor's user (or
// service), `method` ("SubmitContract", "job:activation"), the states before
// and after (the same for a change of fields) and the comment.
void RecordHistory(pqxx::work& tx, const request::Actor& actor, const std::string& id,
                   std::string_view method, v1::ContractState previous, v1::ContractState next,
                   std::string_view comment, absl::Time now);

// The statements above, prepared on every connection (OpenContractDatabase
// adds them).
std::vector<pg::PreparedStatement> ContractRowStatements();

// Values as the statements take and give them: a time as an RFC 3339
// timestamptz literal; a date as "2026-12-31" ("" for an unset Date, which
// NULLIF($n, '')::date makes NULL); a date column selected as
// to_char(d, 'YYYYMMDD')::int (0 for NULL) back to a Date (unset for 0).
std::string TimeParam(absl::Time time);
std::string DateParam(const common::v1::Date& date);
common::v1::Date DateOfNumber(int yyyymmdd);
// The DateParam of a civil day.
std::string DayParam(absl::CivilDay day);

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_CORE_CONTRACT_ROW_H_
