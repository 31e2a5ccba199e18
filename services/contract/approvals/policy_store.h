#ifndef CRM_SERVICES_CONTRACT_APPROVALS_POLICY_STORE_H_
#define CRM_SERVICES_CONTRACT_APPROVALS_POLICY_STORE_H_

// The approval policy's versions in contract.approval_policies: the newest
// is in force. Each version's rules are the v1.ApprovalRule messages as
// proto JSON (proto field names), in step order.

#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "crm/contract/v1/contract_service.pb.h"
#include "libs/pg/prepared_statement.h"
#include "libs/request/actor.h"
#include "pqxx/pqxx"
#include "services/contract/rules/approval_policy.h"

namespace crm::contract {

std::vector<pg::PreparedStatement> PolicyStoreStatements();

// The policy in force, as the rules use it.
absl::StatusOr<ApprovalPolicy> ReadApprovalPolicy(pqxx::transaction_base& tx);

// The same as the API shows it: name, version, rules, etag (its version)
// and update time (when that version was stored).
absl::StatusOr<v1::ApprovalPolicy> ReadApprovalPolicyView(pqxx::transaction_base& tx);

// Stores `policy`'s rules as the version after `expected_version` when that
// is the one in force; ABORTED (ETAG_MISMATCH) when another version came
// since. Returns the new version as the API shows it.
absl::StatusOr<v1::ApprovalPolicy> StoreApprovalPolicy(pqxx::work& tx, const request::Actor& actor,
                                                       const ApprovalPolicy& policy,
                                                       int64_t expected_version, absl::Time now);

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_APPROVALS_POLICY_STORE_H_
