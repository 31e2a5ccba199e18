#ifndef CRM_SERVICES_CONTRACT_APPROVALS_DECISIONS_H_
#define CRM_SERVICES_CONTRACT_APPROVALS_DECISIONS_H_

// What ApproveContract, RejectContract, SignContract and TerminateContract
// do to a contract locked in the caller's transaction (LockContract, so the
// caller sees it). Each moves it by the state machine
// (rules/contract_states.h), saves the state, writes the history row and
// records the event; errors leave `tx` to be rolled back.

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "libs/events/outbox.h"
#include "libs/pg/prepared_statement.h"
#include "libs/request/actor.h"
#include "pqxx/pqxx"
#include "services/contract/core/contract_row.h"

namespace crm::contract {

// Approves (or rejects) the current step, the first not yet decided, with
// `comment`. Refused:
//   FAILED_PRECONDITION  CONTRACT_STATE_CONFLICT: not PENDING_APPROVAL
//   PERMISSION_DENIED    SUBMITTER_MAY_NOT_APPROVE: the caller submitted it
//   FAILED_PRECONDITION  APPROVAL_STEP_NOT_REACHED: the caller holds the role
//                        of a later step only (steps go in order)
//   PERMISSION_DENIED    APPROVER_ROLE_REQUIRED: the caller holds no role of
//                        the current step
// Approving a step before the last keeps it PENDING_APPROVAL (a history row,
// no event); the last makes it APPROVED (CONTRACT_APPROVED). Rejecting makes
// it REJECTED (CONTRACT_REJECTED). The history comment names the step:
// "step 2 of 3 (finance) approved: 付款条件可接受".
absl::Status DecideInTransaction(const events::Outbox& outbox, pqxx::work& tx,
                                 const request::Actor& actor, StoredContract& contract,
                                 bool approve, std::string_view comment, absl::Time now);

// APPROVED → SIGNED on `signing_date` (CONTRACT_SIGNED); when its start date
// is `today` or earlier it becomes ACTIVE at once (a second history row and
// CONTRACT_ACTIVATED). An execution under a framework is signed only while
// the framework is SIGNED or ACTIVE (FAILED_PRECONDITION
// FRAMEWORK_NOT_IN_FORCE: it was terminated or expired since submission).
absl::Status SignInTransaction(const events::Outbox& outbox, pqxx::work& tx,
                               const request::Actor& actor, StoredContract& contract,
                               absl::CivilDay signing_date, absl::CivilDay today, absl::Time now);

// SIGNED or ACTIVE → TERMINATED with `reason` (CONTRACT_TERMINATED).
absl::Status TerminateInTransaction(const events::Outbox& outbox, pqxx::work& tx,
                                    const request::Actor& actor, StoredContract& contract,
                                    std::string_view reason, absl::Time now);

std::vector<pg::PreparedStatement> DecisionStatements();

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_APPROVALS_DECISIONS_H_
