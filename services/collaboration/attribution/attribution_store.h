#ifndef CRM_SERVICES_COLLABORATION_ATTRIBUTION_ATTRIBUTION_STORE_H_
#define CRM_SERVICES_COLLABORATION_ATTRIBUTION_ATTRIBUTION_STORE_H_

// One attribution as every change of it reads, locks and saves it: the full
// view (contributors in org-unit order, the weights of its policy version,
// the customer's display name, the etag) read the same way everywhere, the
// scoped row lock, the contributors' split, the audit trail, and the
// attribution policy's versions.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "crm/auth/v1/principal.pb.h"
#include "crm/collaboration/v1/collaboration_service.pb.h"
#include "libs/pg/prepared_statement.h"
#include "pqxx/pqxx"
#include "services/collaboration/credit/credit_totals.h"

namespace crm::collaboration {

// An attribution as a change sees it: the API's view plus what only the
// database keeps.
struct StoredAttribution {
  v1::Attribution view;  // as the API shows it (name, etag, weights set)
  std::string id;        // lower-case UUIDs
  std::string customer_id;
  std::string quarter;       // of the deal date, "2026Q4"
  int32_t dispute_days = 0;  // of its policy version
  int64_t version = 0;
};

// A policy version as stored.
struct AttributionPolicyRow {
  int64_t version = 0;
  v1::DimensionWeights weights;
  int32_t dispute_days = 0;
  absl::Time create_time;
};

// Locks attribution `id` (SELECT … FOR UPDATE) when `principal` may see it
// (collaboration_scope.h's AttributionInScope). Out of scope:
// PERMISSION_DENIED (ATTRIBUTION_NOT_IN_SCOPE) whether or not it exists;
// NOT_FOUND (ATTRIBUTION_NOT_FOUND) only for callers who see everything.
absl::StatusOr<StoredAttribution> LockAttribution(pqxx::work& tx,
                                                  const auth::v1::Principal& principal,
                                                  const std::string& id);

// The same, without a lock (reads).
absl::StatusOr<StoredAttribution> ReadAttributionInScope(pqxx::transaction_base& tx,
                                                         const auth::v1::Principal& principal,
                                                         const std::string& id);

// The same error for an attribution that is missing or out of scope.
absl::Status AttributionUnreachable(const auth::v1::Principal& principal, const std::string& id);

// The full views of attributions `ids` in that order, read with two
// statements however many there are; ids that do not exist are left out.
std::vector<StoredAttribution> ReadAttributions(pqxx::transaction_base& tx,
                                                const std::vector<std::string>& ids);

// Replaces the contributors of attribution `id` with `contributors` (scores
// unset: not scored), keeps contributor_org_units in step, bumps the version
// and update time; returns the new version. `revision_delta` 1 for an
// adjustment.
int64_t SaveContributors(pqxx::work& tx, const std::string& id,
                         const google::protobuf::RepeatedPtrField<v1::Contributor>& contributors,
                         absl::Time now, int revision_delta = 0);

// What a change of state writes beside the state (unset fields unchanged).
struct StateChange {
  v1::AttributionState state = v1::ATTRIBUTION_STATE_UNSPECIFIED;
  std::string submitter;        // set when not empty
  bool approve = false;         // approve_time = now, dispute_deadline set
  absl::Time dispute_deadline;  // with approve
  bool set_dispute = false;     // dispute_reason and disputed_by as given
  std::string dispute_reason, disputed_by;
};

// Sets attribution `id`'s state (and what `change` names), bumps its version
// and update time; returns the new version.
int64_t SaveState(pqxx::work& tx, const std::string& id, const StateChange& change, absl::Time now);

// One row of the audit trail: `actor` (users/… or "system"), `method`, the
// states before and after (the same for a change of contributors), the
// comment and, for an adjustment, the split before and after it.
void RecordHistory(pqxx::work& tx, const std::string& id, std::string_view actor,
                   std::string_view method, v1::AttributionState previous,
                   v1::AttributionState next, std::string_view comment, absl::Time now,
                   const google::protobuf::RepeatedPtrField<v1::Contributor>* before = nullptr,
                   const google::protobuf::RepeatedPtrField<v1::Contributor>* after = nullptr);

// The audit trail of attribution `id`, oldest first.
std::vector<v1::AttributionHistoryEntry> ReadHistory(pqxx::transaction_base& tx,
                                                     const std::string& id);

// Whether attribution `id` has a history row of `method` (a deal follower's
// event already applied to it).
bool HasHistoryOf(pqxx::transaction_base& tx, const std::string& id, std::string_view method);

// Puts `view`'s contributors in org-unit order and gives each its weighted
// score, share and credited amount under the view's weights and amount
// (rules/credit_split.h): shares summing to exactly 10,000, credited amounts
// to exactly the amount. Unscored contributors weigh zero. When nothing
// weighs above zero: with `required` FAILED_PRECONDITION (NO_CONTRIBUTION),
// else every share and credited amount is zero (a draft being scored).
absl::Status Rescore(v1::Attribution& view, bool required);

// The split in force of an attribution as the credit totals count it.
CreditSplit CreditSplitOf(const StoredAttribution& attribution);

// The attribution policy in force (the newest version), and a given version.
AttributionPolicyRow CurrentAttributionPolicy(pqxx::transaction_base& tx);
absl::StatusOr<AttributionPolicyRow> AttributionPolicyVersion(pqxx::transaction_base& tx,
                                                              int64_t version);
// Serialises policy updates: held until the transaction ends.
void LockAttributionPolicies(pqxx::work& tx);
// Adds version `version` (the next one) and returns it.
AttributionPolicyRow AddAttributionPolicy(pqxx::work& tx, int64_t version,
                                          const v1::DimensionWeights& weights, int32_t dispute_days,
                                          std::string_view actor, absl::Time now);
v1::AttributionPolicy PolicyView(const AttributionPolicyRow& row);

std::vector<pg::PreparedStatement> AttributionStoreStatements();

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_ATTRIBUTION_ATTRIBUTION_STORE_H_
