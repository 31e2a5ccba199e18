#ifndef CRM_SERVICES_SCORING_SCORES_SCORING_POLICY_STORE_H_
#define CRM_SERVICES_SCORING_SCORES_SCORING_POLICY_STORE_H_

// The scoring policy's versions in scoring.policies: the newest is in force.
// Each version is the v1.ScoringPolicy as proto JSON without its output
// fields (name, version, update_time, updated_by, etag).

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "crm/scoring/v1/scoring_service.pb.h"
#include "libs/pg/prepared_statement.h"
#include "libs/request/actor.h"
#include "pqxx/pqxx"

namespace crm::scoring {

// The policy in force: its version (kept on each customer's scores) and the
// API's view of it (name, version, rules, etag, update time, updated by).
struct ScoringPolicyRow {
  int64_t version = 0;
  v1::ScoringPolicy policy;
};

std::vector<pg::PreparedStatement> ScoringPolicyStoreStatements();

// The newest version. Needs ScoringPolicyStoreStatements() prepared.
absl::StatusOr<ScoringPolicyRow> CurrentScoringPolicy(pqxx::transaction_base& tx);

// Stores `policy` (validated) as the version after `expected_version` when
// that is the one in force; ABORTED (ETAG_MISMATCH) when another version
// came since. Returns the new version.
absl::StatusOr<ScoringPolicyRow> StoreScoringPolicy(pqxx::work& tx, const request::Actor& actor,
                                                    const v1::ScoringPolicy& policy,
                                                    int64_t expected_version, absl::Time now);

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_SCORES_SCORING_POLICY_STORE_H_
