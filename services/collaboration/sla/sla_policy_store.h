#ifndef CRM_SERVICES_COLLABORATION_SLA_SLA_POLICY_STORE_H_
#define CRM_SERVICES_COLLABORATION_SLA_SLA_POLICY_STORE_H_

// The SLA policy's versions in collaboration.sla_policies: the newest is in
// force. Each version's rules are the v1.SlaRule messages as proto JSON, one
// per urgency.

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "crm/collaboration/v1/collaboration_service.pb.h"
#include "libs/pg/prepared_statement.h"
#include "libs/request/actor.h"
#include "pqxx/pqxx"

namespace crm::collaboration {

// The policy in force: its version (kept on each request raised under it)
// and the API's view of it (name, version, rules, etag, update time).
struct SlaPolicyRow {
  int64_t version = 0;
  v1::SlaPolicy policy;
};

std::vector<pg::PreparedStatement> SlaPolicyStoreStatements();

// The newest version. Needs SlaPolicyStoreStatements() prepared.
absl::StatusOr<SlaPolicyRow> CurrentSlaPolicy(pqxx::transaction_base& tx);

// Stores `policy`'s rules (validated) as the version after
// `expected_version` when that is the one in force; ABORTED (ETAG_MISMATCH)
// when another version came since. Returns the new version.
absl::StatusOr<SlaPolicyRow> StoreSlaPolicy(pqxx::work& tx, const request::Actor& actor,
                                            const v1::SlaPolicy& policy, int64_t expected_version,
                                            absl::Time now);

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_SLA_SLA_POLICY_STORE_H_
