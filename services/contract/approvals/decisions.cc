#include "services/contract/approvals/decisions.h"

#include <string>

#include "libs/auth/roles.h"
#include "libs/etag/etag.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/calendar_date.h"
#include "services/contract/approvals/approval_events.h"
#include "services/contract/core/contract_names.h"
#include "services/contract/rules/contract_states.h"

namespace crm::contract {
namespace {

constexpr char kDecideStep[] = "contract.decide_step";
constexpr char kDecideStepSql[] =
    "UPDATE contract.approval_steps SET outcome = $3, approver = $4,"
    " decide_time = $5::timestamptz, comment = $6"
    " WHERE contract_id = $1::uuid AND sequence = $2 AND outcome = 0";
constexpr char kSigningDate[] = "contract.sign_date";
constexpr char kSigningDateSql[] =
    "UPDATE contract.contracts SET signing_date = $2::date WHERE id = $1::uuid";
// The state of the framework an execution draws on, held against a
// concurrent termination while the execution is signed.
constexpr char kFrameworkState[] = "contract.sign_framework_state";
constexpr char kFrameworkStateSql[] =
    "SELECT f.state FROM contract.contracts f WHERE f.id = $1::uuid FOR KEY SHARE";
constexpr char kTerminationReason[] = "contract.terminate_reason";
constexpr char kTerminationReasonSql[] =
    "UPDATE contract.contracts SET termination_reason = $2 WHERE id = $1::uuid";

// Moves `contract` to `next`: state and version, history and, when given,
// the event.
void Move(const events::Outbox& outbox, pqxx::work& tx, const request::Actor& actor,
          StoredContract& contract, v1::ContractState next, std::string_view comment,
          std::optional<v1::ContractEvent::Type> event, absl::Time now) {
  const v1::ContractState previous = contract.view.state();
  const int64_t version = SaveState(tx, contract.id, next, now);
  contract.version = version;
  contract.view.set_state(next);
  contract.view.set_etag(EtagOf(version));
  RecordHistory(tx, actor, contract.id, actor.method, previous, next, comment, now);
  if (event.has_value()) RecordApprovalEvent(outbox, tx, *event, contract.view, version);
}

absl::Status Denied(std::string_view reason, std::string_view message, status::Metadata metadata) {
  return status::Error(absl::StatusCode::kPermissionDenied, kDomain, reason, message,
                       std::move(metadata));
}

// The caller may act on `step` of `contract`, or why not.
absl::Status CheckApprover(const auth::v1::Principal& caller, const v1::Contract& contract,
                           const v1::ApprovalStep& step, bool approve) {
  const std::string& user = caller.user();
  const std::string sequence = crm::StrCat(step.sequence());
  if (!contract.submitter().empty() && user == contract.submitter()) {
    return Denied("SUBMITTER_MAY_NOT_APPROVE",
                  crm::StrCat(user, " submitted ", contract.name(), " and may not ",
                              approve ? "approve" : "reject", " it; another user holding the role ",
                              step.role(), " must"),
                  {{"contract", contract.name()}, {"user", user}, {"role", step.role()}});
  }
  if (auth::HasRole(caller, step.role())) return absl::OkStatus();
  for (const v1::ApprovalStep& later : contract.approval_steps()) {
    if (later.sequence() > step.sequence() && auth::HasRole(caller, later.role())) {
      return status::Error(
          absl::StatusCode::kFailedPrecondition, kDomain, "APPROVAL_STEP_NOT_REACHED",
          crm::StrCat(contract.name(), " waits for step ", step.sequence(), " (", step.role(),
                      "); step ", later.sequence(), " (", later.role(),
                      ") comes after it: the steps are acted on in order"),
          {{"contract", contract.name()},
           {"currentStep", sequence},
           {"currentRole", step.role()},
           {"callerStep", crm::StrCat(later.sequence())}});
    }
  }
  return Denied("APPROVER_ROLE_REQUIRED",
                crm::StrCat("step ", step.sequence(), " of ", contract.name(), " is for the role ",
                            step.role(), ", which ", user, " does not hold"),
                {{"contract", contract.name()},
                 {"currentStep", sequence},
                 {"role", step.role()},
                 {"user", user}});
}

}  // namespace

std::vector<pg::PreparedStatement> DecisionStatements() {
  return {{kDecideStep, kDecideStepSql},
          {kSigningDate, kSigningDateSql},
          {kFrameworkState, kFrameworkStateSql},
          {kTerminationReason, kTerminationReasonSql}};
}

absl::Status DecideInTransaction(const events::Outbox& outbox, pqxx::work& tx,
                                 const request::Actor& actor, StoredContract& contract,
                                 bool approve, std::string_view comment, absl::Time now) {
  v1::Contract& c = contract.view;
  if (absl::StatusOr<v1::ContractState> pending =
          NextState(c.state(), approve ? ContractAction::kApproveStep : ContractAction::kReject);
      !pending.ok()) {
    return pending.status();
  }
  v1::ApprovalStep* step = nullptr;
  for (v1::ApprovalStep& candidate : *c.mutable_approval_steps()) {
    if (candidate.outcome() == v1::ApprovalStep::OUTCOME_UNSPECIFIED) {
      step = &candidate;
      break;
    }
  }
  if (step == nullptr) {
    return absl::InternalError(crm::StrCat(c.name(), " is PENDING_APPROVAL without an open step"));
  }
  if (absl::Status s = CheckApprover(actor.principal, c, *step, approve); !s.ok()) return s;

  const v1::ApprovalStep::Outcome outcome =
      approve ? v1::ApprovalStep::APPROVED : v1::ApprovalStep::REJECTED;
  tx.exec_prepared0(kDecideStep, contract.id, step->sequence(), static_cast<int>(outcome),
                    actor.principal.user(), TimeParam(now), std::string(comment));
  step->set_outcome(outcome);
  step->set_approver(actor.principal.user());
  step->set_comment(std::string(comment));
  const bool last = step->sequence() == c.approval_steps(c.approval_steps_size() - 1).sequence();
  const std::string note =
      crm::StrCat("step ", step->sequence(), " of ", c.approval_steps_size(), " (", step->role(),
                  ") ", approve ? "approved" : "rejected", ": ", comment);
  if (!approve) {
    Move(outbox, tx, actor, contract, v1::REJECTED, note, v1::ContractEvent::CONTRACT_REJECTED,
         now);
  } else if (last) {
    Move(outbox, tx, actor, contract, v1::APPROVED, note, v1::ContractEvent::CONTRACT_APPROVED,
         now);
  } else {
    Move(outbox, tx, actor, contract, v1::PENDING_APPROVAL, note, std::nullopt, now);
  }
  return absl::OkStatus();
}

absl::Status SignInTransaction(const events::Outbox& outbox, pqxx::work& tx,
                               const request::Actor& actor, StoredContract& contract,
                               absl::CivilDay signing_date, absl::CivilDay today, absl::Time now) {
  v1::Contract& c = contract.view;
  if (absl::StatusOr<v1::ContractState> next = NextState(c.state(), ContractAction::kSign);
      !next.ok()) {
    return next.status();
  }
  if (c.kind() == v1::EXECUTION && !contract.framework_id.empty()) {
    const pqxx::result rows = tx.exec_prepared(kFrameworkState, contract.framework_id);
    const v1::ContractState state = rows.empty()
                                        ? v1::CONTRACT_STATE_UNSPECIFIED
                                        : static_cast<v1::ContractState>(rows[0][0].as<int>());
    if (state != v1::SIGNED && state != v1::ACTIVE) {
      const std::string framework = ContractName(contract.framework_id);
      return status::Error(
          absl::StatusCode::kFailedPrecondition, kDomain, "FRAMEWORK_NOT_IN_FORCE",
          crm::StrCat(framework, " is ", ContractStateName(state), "; ", c.name(),
                      " is signed only while its framework is SIGNED or ACTIVE"),
          {{"framework", framework}, {"frameworkState", ContractStateName(state)}});
    }
  }
  const common::v1::Date date = validation::FromCivilDay(signing_date);
  tx.exec_prepared0(kSigningDate, contract.id, DayParam(signing_date));
  *c.mutable_signing_date() = date;
  Move(outbox, tx, actor, contract, v1::SIGNED,
       crm::StrCat("signed on ", validation::FormatDate(date)), v1::ContractEvent::CONTRACT_SIGNED,
       now);
  if (validation::ToCivilDay(c.start_date()) > today) return absl::OkStatus();
  Move(outbox, tx, actor, contract, v1::ACTIVE,
       crm::StrCat("in force from ", validation::FormatDate(c.start_date())),
       v1::ContractEvent::CONTRACT_ACTIVATED, now);
  return absl::OkStatus();
}

absl::Status TerminateInTransaction(const events::Outbox& outbox, pqxx::work& tx,
                                    const request::Actor& actor, StoredContract& contract,
                                    std::string_view reason, absl::Time now) {
  v1::Contract& c = contract.view;
  if (absl::StatusOr<v1::ContractState> next = NextState(c.state(), ContractAction::kTerminate);
      !next.ok()) {
    return next.status();
  }
  tx.exec_prepared0(kTerminationReason, contract.id, std::string(reason));
  c.set_termination_reason(std::string(reason));
  Move(outbox, tx, actor, contract, v1::TERMINATED, reason, v1::ContractEvent::CONTRACT_TERMINATED,
       now);
  return absl::OkStatus();
}

}  // namespace crm::contract
