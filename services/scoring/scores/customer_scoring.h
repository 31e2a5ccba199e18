#ifndef CRM_SERVICES_SCORING_SCORES_CUSTOMER_SCORING_H_
#define CRM_SERVICES_SCORING_SCORES_CUSTOMER_SCORING_H_

// A customer's scores (scoring.customer_scores) from its facts under the
// policy in force: the value assessment and computed tier, the health
// assessment and risk, and its churn warning reconciled with them.
//
// The tier in force is set once, to the computed tier, when the customer is
// first scored; after that only a review decision changes it (the scorer
// updates computed_tier only). SCORES_CHANGED is recorded when the customer
// is scored for the first time or its value score, health score or risk
// changed (not when only the policy version or compute time moved). A
// rescore that finds the same assessments under the same policy version
// leaves the row (compute_time included) as it was. The churn warning is
// reconciled when the risk is or was high (a warning is open only then).

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/pg/prepared_statement.h"
#include "pqxx/pqxx"
#include "services/scoring/core/scoring_context.h"

namespace crm::scoring {

std::vector<pg::PreparedStatement> CustomerScoringStatements();

// Scores one customer in `tx` at `now`: its facts (none yet: an empty
// snapshot), the policy in force, AssessValue + AssessHealth, the upsert,
// SCORES_CHANGED when it changed, then ReconcileChurnWarning (owner org unit
// from the customer replica). Needs CustomerScoringStatements() and the
// policy store's statements prepared.
absl::Status ScoreCustomer(pqxx::work& tx, const ScoringContext& context,
                           const std::string& customer_id, absl::Time now);

// The customer was merged away or deleted: its scores row goes and its open
// warning is cleared.
absl::Status ForgetCustomer(pqxx::work& tx, const ScoringContext& context,
                            const std::string& customer_id, absl::Time now);

// Scores every customer that has a facts row, in customer id order, in
// transactions of `batch_size` customers: facts read a page at a time, the
// scores written with one bulk upsert per batch, SCORES_CHANGED and the
// warnings only for customers whose value, health or risk changed (or that
// are new). Returns the customers scored.
absl::StatusOr<int64_t> RescoreAll(const ScoringContext& context, absl::Time now,
                                   int batch_size = 5000);

// As RescoreAll, only the customers whose scores were computed under an
// older policy version than the one in force (after UpdateScoringPolicy),
// until none is left; customers scored without a facts row are scored from
// an empty snapshot, as ScoreCustomer does.
absl::StatusOr<int64_t> RescoreOutdated(const ScoringContext& context, absl::Time now,
                                        int batch_size = 5000);

// The same in the caller's transaction (the rescore job's run), at most
// `limit` customers: the customers rescored (fewer than `limit`: none left).
absl::StatusOr<int64_t> RescoreOutdatedInTransaction(pqxx::work& tx, const ScoringContext& context,
                                                     absl::Time now, int limit);

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_SCORES_CUSTOMER_SCORING_H_
