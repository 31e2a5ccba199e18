#include "services/contract/approvals/submission.h"

#include <string>
#include <utility>

#include "libs/auth/sql_scope.h"
#include "libs/etag/etag.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/contract/approvals/approval_events.h"
#include "services/contract/approvals/policy_store.h"
#include "services/contract/core/contract_names.h"
#include "services/contract/rules/approval_policy.h"
#include "services/contract/rules/contract_states.h"
#include "services/contract/rules/framework_rules.h"
#include "services/contract/rules/milestone_plan.h"

namespace crm::contract {
namespace {

// The framework an execution draws on, locked: every submission against it
// queues here, and reads the sum below only once it holds the lock (NO KEY
// UPDATE: it serializes the submissions as FOR UPDATE would, without holding
// up the creation of executions that merely reference the framework).
constexpr char kLockFramework[] = "contract.submit_lock_framework";
constexpr char kLockFrameworkSql[] =
    "SELECT f.kind, f.state, f.currency_code, f.amount_minor,"
    " to_char(f.start_date, 'YYYYMMDD')::int, to_char(f.end_date, 'YYYYMMDD')::int,"
    " f.customer_id::text"
    " FROM contract.contracts f WHERE f.id = $1::uuid FOR NO KEY UPDATE";
// The framework's live executions (IsLiveExecution: PENDING_APPROVAL,
// APPROVED, SIGNED, ACTIVE) other than the one submitted (a resubmission
// counts with its new amount), in the ceiling's currency.
constexpr char kUsed[] = "contract.submit_framework_used";
constexpr char kUsedSql[] =
    "SELECT coalesce(sum(e.amount_minor), 0)::bigint FROM contract.contracts e"
    " WHERE e.framework_id = $1::uuid AND e.id <> $2::uuid AND e.state IN (2, 3, 5, 6)"
    " AND e.currency_code = $3";
// Customer $2 is customer $1, or a CUSTOMER node in the subtree of one of
// $1's nodes (the group replica, contract.replica_group_nodes).
constexpr char kInGroup[] = "contract.submit_customer_in_group";
constexpr char kInGroupSql[] =
    "SELECT $1::uuid = $2::uuid OR EXISTS (SELECT 1 FROM contract.replica_group_nodes top"
    " JOIN contract.replica_group_nodes member ON member.path <@ top.path"
    " WHERE top.customer_id = $1::uuid AND member.customer_id = $2::uuid)";
constexpr char kDeleteSteps[] = "contract.submit_delete_steps";
constexpr char kDeleteStepsSql[] =
    "DELETE FROM contract.approval_steps WHERE contract_id = $1::uuid";
constexpr char kInsertSteps[] = "contract.submit_insert_steps";
constexpr char kInsertStepsSql[] =
    "INSERT INTO contract.approval_steps (contract_id, sequence, role)"
    " SELECT $1::uuid, t.sequence, t.role FROM unnest($2::text[]) WITH ORDINALITY"
    " AS t(role, sequence)";
constexpr char kSubmitter[] = "contract.submit_submitter";
constexpr char kSubmitterSql[] =
    "UPDATE contract.contracts SET submitter = $2, submit_time = $3::timestamptz"
    " WHERE id = $1::uuid";

absl::Status CheckFramework(pqxx::work& tx, const StoredContract& contract) {
  const v1::Contract& c = contract.view;
  const pqxx::result rows = tx.exec_prepared(kLockFramework, contract.framework_id);
  if (rows.empty()) {
    return status::Error(absl::StatusCode::kFailedPrecondition, kDomain, "FRAMEWORK_NOT_USABLE",
                         crm::StrCat(c.framework(), " does not exist"),
                         {{"framework", c.framework()}});
  }
  const pqxx::row& f = rows[0];
  FrameworkFacts framework;
  framework.name = ContractName(contract.framework_id);
  framework.kind = static_cast<v1::ContractKind>(f[0].as<int>());
  framework.state = static_cast<v1::ContractState>(f[1].as<int>());
  framework.ceiling.set_currency_code(f[2].as<std::string>());
  framework.ceiling.set_minor_units(f[3].as<int64_t>());
  framework.start_date = DateOfNumber(f[4].as<int>());
  framework.end_date = DateOfNumber(f[5].as<int>());
  const std::string framework_customer = f[6].as<std::string>();
  framework.used_minor = tx.exec_prepared1(kUsed, contract.framework_id, contract.id,
                                           framework.ceiling.currency_code())[0]
                             .as<int64_t>();
  ExecutionFacts execution;
  execution.name = c.name();
  execution.amount = c.amount();
  execution.start_date = c.start_date();
  execution.end_date = c.end_date();
  execution.customer_in_group =
      tx.exec_prepared1(kInGroup, framework_customer, contract.customer_id)[0].as<bool>();
  return CheckExecutionAgainstFramework(framework, execution).status();
}

// Fixes the steps of `roles` in `contract` (stored and in its view).
void FixSteps(pqxx::work& tx, StoredContract& contract, const std::vector<std::string>& roles) {
  tx.exec_prepared0(kDeleteSteps, contract.id);
  tx.exec_prepared0(kInsertSteps, contract.id, auth::TextArrayLiteral(roles));
  contract.view.clear_approval_steps();
  for (size_t i = 0; i < roles.size(); ++i) {
    v1::ApprovalStep& step = *contract.view.add_approval_steps();
    step.set_sequence(static_cast<int>(i + 1));
    step.set_role(roles[i]);
  }
}

void SetState(StoredContract& contract, v1::ContractState state, int64_t version) {
  contract.view.set_state(state);
  contract.version = version;
  contract.view.set_etag(EtagOf(version));
}

}  // namespace

std::vector<pg::PreparedStatement> SubmissionStatements() {
  std::vector<pg::PreparedStatement> statements = {{kLockFramework, kLockFrameworkSql},
                                                   {kUsed, kUsedSql},
                                                   {kInGroup, kInGroupSql},
                                                   {kDeleteSteps, kDeleteStepsSql},
                                                   {kInsertSteps, kInsertStepsSql},
                                                   {kSubmitter, kSubmitterSql}};
  for (const pg::PreparedStatement& s : PolicyStoreStatements()) statements.push_back(s);
  return statements;
}

absl::Status SubmitInTransaction(const events::Outbox& outbox, pqxx::work& tx,
                                 const request::Actor& actor, StoredContract& contract,
                                 absl::Time now, std::string_view comment,
                                 std::string_view method) {
  v1::Contract& c = contract.view;
  const v1::ContractState previous = c.state();
  const ContractAction action =
      previous == v1::APPROVED ? ContractAction::kResubmit : ContractAction::kSubmit;
  absl::StatusOr<v1::ContractState> next = NextState(previous, action);
  if (!next.ok()) return next.status();
  if (c.kind() != v1::FRAMEWORK) {
    if (absl::Status s = MilestonesAddUp(c.amount(), c.payment_milestones()); !s.ok()) return s;
  }
  if (c.kind() == v1::EXECUTION && !contract.framework_id.empty()) {
    if (absl::Status s = CheckFramework(tx, contract); !s.ok()) return s;
  }
  absl::StatusOr<ApprovalPolicy> policy = ReadApprovalPolicy(tx);
  if (!policy.ok()) return policy.status();
  const std::vector<std::string> roles = ApprovalStepsFor(*policy, c.amount());
  FixSteps(tx, contract, roles);
  tx.exec_prepared0(kSubmitter, contract.id, actor.principal.user(), TimeParam(now));
  c.set_submitter(actor.principal.user());

  int64_t version = SaveState(tx, contract.id, *next, now);
  SetState(contract, *next, version);
  RecordHistory(tx, actor, contract.id, method, previous, *next, comment, now);
  RecordApprovalEvent(outbox, tx, v1::ContractEvent::CONTRACT_SUBMITTED, c, version);
  if (!roles.empty()) return absl::OkStatus();

  // No rule of the policy applies to this amount: nothing to wait for.
  version = SaveState(tx, contract.id, v1::APPROVED, now);
  SetState(contract, v1::APPROVED, version);
  RecordHistory(
      tx, actor, contract.id, method, *next, v1::APPROVED,
      crm::StrCat("no approval step applies under approval policy version ", policy->version), now);
  RecordApprovalEvent(outbox, tx, v1::ContractEvent::CONTRACT_APPROVED, c, version);
  return absl::OkStatus();
}

}  // namespace crm::contract
