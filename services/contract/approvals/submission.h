#ifndef CRM_SERVICES_CONTRACT_APPROVALS_SUBMISSION_H_
#define CRM_SERVICES_CONTRACT_APPROVALS_SUBMISSION_H_

// DRAFT → PENDING_APPROVAL (SubmitContract), and APPROVED → PENDING_APPROVAL
// when UpdateContract changes what was approved: one step inside the
// caller's transaction.

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "libs/events/outbox.h"
#include "libs/pg/prepared_statement.h"
#include "libs/request/actor.h"
#include "pqxx/pqxx"
#include "services/contract/core/contract_row.h"

namespace crm::contract {

// Submits `contract`, locked by the caller in `tx` (LockContract) and holding
// the values it will keep (an UpdateContract has written its changes first):
//   1. the state machine: DRAFT submits, APPROVED goes back (a material
//      change); anything else is FAILED_PRECONDITION (CONTRACT_STATE_CONFLICT);
//   2. the payment milestones add up to the amount (not for a framework,
//      which has none; rules/milestone_plan.h);
//   3. an EXECUTION with a framework: the framework's row is locked FOR
//      UPDATE, then its customer group, state, currency, validity and
//      remaining ceiling are checked with the sum of its other live
//      executions read under that lock (rules/framework_rules.h), so
//      concurrent submissions queue on the framework and can never overdraw
//      it;
//   4. the approval steps are fixed from the policy in force (the newest
//      version), replacing a former submission's; the caller becomes the
//      submitter;
//   5. the state is saved (version + 1), the history row written (`method`,
//      `comment`) and CONTRACT_SUBMITTED recorded (contract.events).
// A policy none of whose rules applies to the amount leaves no step: the
// contract is then APPROVED at once (a second history row and
// CONTRACT_APPROVED).
// On return `contract.view`'s state, etag, submitter and steps and
// `contract.version` are the new ones. Errors leave `tx` to be rolled back.
absl::Status SubmitInTransaction(const events::Outbox& outbox, pqxx::work& tx,
                                 const request::Actor& actor, StoredContract& contract,
                                 absl::Time now, std::string_view comment, std::string_view method);

// The statements of SubmitInTransaction, for the pool.
std::vector<pg::PreparedStatement> SubmissionStatements();

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_APPROVALS_SUBMISSION_H_
