#include "services/opportunity/pipeline/merge_follow.h"

#include <string>

#include "libs/replicas/customer/merged_rows_sql.h"
#include "services/opportunity/core/opportunity_events.h"
#include "services/opportunity/core/opportunity_names.h"

namespace crm::opportunity {
namespace {

// $1 the merged (or restored) customer, $2 the survivor
// (libs/replicas/customer/merged_rows_sql.h).
constexpr char kMoved[] = ", version = version + 1, update_time = now()";
constexpr char kMovedIds[] = " RETURNING id::text, version";
constexpr char kMergeOpportunities[] = "opportunity.merge_opportunities";
const std::string& MergeOpportunitiesSql() {
  static const std::string sql =
      replicas::MergeRowsSql("opportunity.opportunities", kMoved, kMovedIds);
  return sql;
}
constexpr char kMergeActivities[] = "opportunity.merge_activities";
const std::string& MergeActivitiesSql() {
  static const std::string sql = replicas::MergeRowsSql("opportunity.activities");
  return sql;
}
constexpr char kMergeLastActivity[] = "opportunity.merge_last_activity";
constexpr char kMergeLastActivitySql[] =
    "INSERT INTO opportunity.customer_last_activity AS l (customer_id, last_activity_time)"
    " SELECT $2::uuid, last_activity_time FROM opportunity.customer_last_activity"
    " WHERE customer_id = $1::uuid"
    " ON CONFLICT (customer_id) DO UPDATE SET last_activity_time ="
    " greatest(l.last_activity_time, EXCLUDED.last_activity_time)";
constexpr char kUnmergeOpportunities[] = "opportunity.unmerge_opportunities";
const std::string& UnmergeOpportunitiesSql() {
  static const std::string sql =
      replicas::UnmergeRowsSql("opportunity.opportunities", kMoved, kMovedIds);
  return sql;
}
constexpr char kUnmergeActivities[] = "opportunity.unmerge_activities";
const std::string& UnmergeActivitiesSql() {
  static const std::string sql = replicas::UnmergeRowsSql("opportunity.activities");
  return sql;
}
constexpr char kRecomputeLastActivity[] = "opportunity.recompute_last_activity";
constexpr char kRecomputeLastActivitySql[] =
    "UPDATE opportunity.customer_last_activity SET last_activity_time ="
    " (SELECT max(a.occur_time) FROM opportunity.activities a WHERE a.customer_id = $1::uuid)"
    " WHERE customer_id = $1::uuid AND EXISTS"
    " (SELECT 1 FROM opportunity.activities a WHERE a.customer_id = $1::uuid)";

void RecordMoves(const events::Outbox& outbox, pqxx::work& tx, const pqxx::result& moved,
                 const std::string& customer_id) {
  for (const pqxx::row& row : moved) {
    RecordOpportunityEvent(outbox, tx, v1::OpportunityEvent::OPPORTUNITY_MOVED,
                           OpportunityName(row[0].as<std::string>()), customer_id,
                           row[1].as<int64_t>());
  }
}

}  // namespace

std::vector<pg::PreparedStatement> MergeFollowStatements() {
  return {{kMergeOpportunities, MergeOpportunitiesSql()},
          {kMergeActivities, MergeActivitiesSql()},
          {kMergeLastActivity, kMergeLastActivitySql},
          {kUnmergeOpportunities, UnmergeOpportunitiesSql()},
          {kUnmergeActivities, UnmergeActivitiesSql()},
          {kRecomputeLastActivity, kRecomputeLastActivitySql}};
}

replicas::CustomerReplicaHooks MergeFollowHooks(const events::Outbox& outbox,
                                                const replicas::GroupReplica* groups) {
  replicas::CustomerReplicaHooks hooks;
  hooks.on_merge = [&outbox, groups](pqxx::work& tx, const replicas::CustomerMerge& merge) {
    const pqxx::result moved =
        tx.exec_prepared(kMergeOpportunities, merge.merged_customer_id, merge.survivor_id);
    tx.exec_prepared0(kMergeActivities, merge.merged_customer_id, merge.survivor_id);
    tx.exec_prepared0(kMergeLastActivity, merge.merged_customer_id, merge.survivor_id);
    RecordMoves(outbox, tx, moved, merge.survivor_id);
    if (groups != nullptr) {
      groups->FollowCustomerMerge(tx, merge.merged_customer_id, merge.survivor_id);
    }
    return absl::OkStatus();
  };
  hooks.on_unmerge = [&outbox](pqxx::work& tx, const replicas::CustomerUnmerge& unmerge) {
    const pqxx::result moved =
        tx.exec_prepared(kUnmergeOpportunities, unmerge.restored_id, unmerge.survivor_id);
    tx.exec_prepared0(kUnmergeActivities, unmerge.restored_id, unmerge.survivor_id);
    tx.exec_prepared0(kRecomputeLastActivity, unmerge.survivor_id);
    RecordMoves(outbox, tx, moved, unmerge.restored_id);
    return absl::OkStatus();
  };
  return hooks;
}

}  // namespace crm::opportunity
