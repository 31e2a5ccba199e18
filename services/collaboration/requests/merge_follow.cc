#include "services/collaboration/requests/merge_follow.h"

#include <string>

#include "libs/replicas/customer/merged_rows_sql.h"
#include "services/collaboration/core/collaboration_events.h"
#include "services/collaboration/core/collaboration_names.h"

namespace crm::collaboration {
namespace {

// $1 the merged (or restored) customer, $2 the survivor
// (libs/replicas/customer/merged_rows_sql.h); each moved row's facts, as its
// event carries them.
constexpr char kMoved[] = ", version = version + 1, update_time = now()";
constexpr char kRequestFacts[] = " RETURNING id::text, version, step, urgency";
constexpr char kAttributionFacts[] = " RETURNING id::text, version, state";

constexpr char kMergeRequests[] = "collaboration.merge_requests";
constexpr char kUnmergeRequests[] = "collaboration.unmerge_requests";
constexpr char kMergeAttributions[] = "collaboration.merge_attributions";
constexpr char kUnmergeAttributions[] = "collaboration.unmerge_attributions";

absl::Status RecordMoves(const events::Outbox& outbox, pqxx::work& tx, const pqxx::result& requests,
                         const pqxx::result& attributions, const std::string& customer_id) {
  for (const pqxx::row& row : requests) {
    const CollaborationEventFacts facts{
        .customer_id = customer_id,
        .version = row[1].as<int64_t>(),
        .step = static_cast<v1::CollaborationStep>(row[2].as<int>()),
        .urgency = static_cast<v1::Urgency>(row[3].as<int>())};
    if (absl::Status s =
            RecordCollaborationEvent(outbox, tx, v1::CollaborationEvent::CUSTOMER_MOVED,
                                     RequestName(row[0].as<std::string>()), facts);
        !s.ok()) {
      return s;
    }
  }
  for (const pqxx::row& row : attributions) {
    const CollaborationEventFacts facts{
        .customer_id = customer_id,
        .version = row[1].as<int64_t>(),
        .attribution_state = static_cast<v1::AttributionState>(row[2].as<int>())};
    if (absl::Status s =
            RecordCollaborationEvent(outbox, tx, v1::CollaborationEvent::CUSTOMER_MOVED,
                                     AttributionName(row[0].as<std::string>()), facts);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::vector<pg::PreparedStatement> MergeFollowStatements() {
  // The statements outlive the pool: built once.
  static const std::string merge_requests =
      replicas::MergeRowsSql("collaboration.requests", kMoved, kRequestFacts);
  static const std::string unmerge_requests =
      replicas::UnmergeRowsSql("collaboration.requests", kMoved, kRequestFacts);
  static const std::string merge_attributions =
      replicas::MergeRowsSql("collaboration.attributions", kMoved, kAttributionFacts);
  static const std::string unmerge_attributions =
      replicas::UnmergeRowsSql("collaboration.attributions", kMoved, kAttributionFacts);
  return {{kMergeRequests, merge_requests},
          {kUnmergeRequests, unmerge_requests},
          {kMergeAttributions, merge_attributions},
          {kUnmergeAttributions, unmerge_attributions}};
}

replicas::CustomerReplicaHooks MergeFollowHooks(const events::Outbox& outbox,
                                                const replicas::GroupReplica* groups) {
  replicas::CustomerReplicaHooks hooks;
  hooks.on_merge = [&outbox, groups](pqxx::work& tx, const replicas::CustomerMerge& merge) {
    const pqxx::result requests =
        tx.exec_prepared(kMergeRequests, merge.merged_customer_id, merge.survivor_id);
    const pqxx::result attributions =
        tx.exec_prepared(kMergeAttributions, merge.merged_customer_id, merge.survivor_id);
    if (absl::Status s = RecordMoves(outbox, tx, requests, attributions, merge.survivor_id);
        !s.ok()) {
      return s;
    }
    if (groups != nullptr) {
      groups->FollowCustomerMerge(tx, merge.merged_customer_id, merge.survivor_id);
    }
    return absl::OkStatus();
  };
  hooks.on_unmerge = [&outbox](pqxx::work& tx, const replicas::CustomerUnmerge& unmerge) {
    const pqxx::result requests =
        tx.exec_prepared(kUnmergeRequests, unmerge.restored_id, unmerge.survivor_id);
    const pqxx::result attributions =
        tx.exec_prepared(kUnmergeAttributions, unmerge.restored_id, unmerge.survivor_id);
    return RecordMoves(outbox, tx, requests, attributions, unmerge.restored_id);
  };
  return hooks;
}

}  // namespace crm::collaboration
