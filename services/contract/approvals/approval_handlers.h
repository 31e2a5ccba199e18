#ifndef CRM_SERVICES_CONTRACT_APPROVALS_APPROVAL_HANDLERS_H_
#define CRM_SERVICES_CONTRACT_APPROVALS_APPROVAL_HANDLERS_H_

#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "crm/contract/v1/contract_service.pb.h"
#include "libs/pg/prepared_statement.h"
#include "libs/request/actor.h"
#include "libs/status/status.h"
#include "pqxx/pqxx"
#include "services/contract/core/contract_context.h"
#include "services/contract/core/contract_row.h"

namespace crm::contract {

// Approvals and the contract's life after them, below the gRPC edge: submit,
// approve and reject step by step, sign, terminate, the approval inbox and
// the approval policy. Each reads as: validate (every violation at once,
// nothing written) → one transaction that locks the contract with the
// caller's scope in its SQL (LockContract), checks the etag (ABORTED on a
// stale one), moves it (submission.h, decisions.h) and answers the
// contract as it is now → replayed by request_id (libs/idempotency). The
// facade calls each inside request::Serve.
class ApprovalHandlers final {
 public:
  using Actor = request::Actor;
  using Violations = status::FieldViolations;

  explicit ApprovalHandlers(const ContractContext& context) : context_(context) {}

  // The statements of every store these handlers use, for the pool.
  static std::vector<pg::PreparedStatement> Statements();

  absl::Status SubmitContract(const Actor& actor, const v1::SubmitContractRequest& request,
                              v1::Contract& response, Violations& violations);
  absl::Status ApproveContract(const Actor& actor, const v1::ApproveContractRequest& request,
                               v1::Contract& response, Violations& violations);
  absl::Status RejectContract(const Actor& actor, const v1::RejectContractRequest& request,
                              v1::Contract& response, Violations& violations);
  absl::Status SignContract(const Actor& actor, const v1::SignContractRequest& request,
                            v1::Contract& response, Violations& violations);
  absl::Status TerminateContract(const Actor& actor, const v1::TerminateContractRequest& request,
                                 v1::Contract& response, Violations& violations);
  absl::Status ListApprovalInbox(const Actor& actor, const v1::ListApprovalInboxRequest& request,
                                 v1::ListApprovalInboxResponse& response, Violations& violations);
  absl::Status GetApprovalPolicy(const Actor& actor, const v1::GetApprovalPolicyRequest& request,
                                 v1::ApprovalPolicy& response, Violations& violations);
  // hq_admin only.
  absl::Status UpdateApprovalPolicy(const Actor& actor,
                                    const v1::UpdateApprovalPolicyRequest& request,
                                    v1::ApprovalPolicy& response, Violations& violations);

 private:
  // What a transition does to the locked contract at `now` (`today` in
  // China).
  using ChangeFn = absl::FunctionRef<absl::Status(pqxx::work& tx, StoredContract& contract,
                                                  absl::Time now, absl::CivilDay today)>;
  // Locks contract `id` as `actor` sees it, checks `expected_version`, runs
  // `change` and answers the contract's view, all in one idempotent
  // transaction.
  absl::Status Change(const Actor& actor, const std::string& id, int64_t expected_version,
                      ChangeFn change, v1::Contract& response);

  // ApproveContract and RejectContract: the current step decided with a
  // comment (`approve` says which way).
  absl::Status Decide(const Actor& actor, const std::string& name, const std::string& etag,
                      const std::string& comment, bool approve, v1::Contract& response,
                      Violations& violations);

  const ContractContext context_;
};

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_APPROVALS_APPROVAL_HANDLERS_H_
