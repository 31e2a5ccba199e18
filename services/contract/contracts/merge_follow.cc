#include "services/contract/contracts/merge_follow.h"

#include <string>

#include "libs/replicas/customer/merged_rows_sql.h"
#include "services/contract/core/contract_events.h"
#include "services/contract/core/contract_names.h"

namespace crm::contract {
namespace {

// $1 the merged (or restored) customer, $2 the survivor
// (libs/replicas/customer/merged_rows_sql.h); each moved contract's facts, as
// its event carries them.
constexpr char kMoved[] = ", version = version + 1, update_time = now()";
constexpr char kMovedFacts[] =
    " RETURNING id::text, version, currency_code, amount_minor, signing_org_unit,"
    " coalesce(opportunity_id::text, '')";
constexpr char kMergeContracts[] = "contract.merge_contracts";
const std::string& MergeContractsSql() {
  static const std::string sql = replicas::MergeRowsSql("contract.contracts", kMoved, kMovedFacts);
  return sql;
}
constexpr char kUnmergeContracts[] = "contract.unmerge_contracts";
const std::string& UnmergeContractsSql() {
  static const std::string sql =
      replicas::UnmergeRowsSql("contract.contracts", kMoved, kMovedFacts);
  return sql;
}
// The milestones' copy of the customer follows their contract ($1 the ids
// moved, $2 the customer they moved to).
constexpr char kMoveMilestones[] = "contract.move_milestones";
constexpr char kMoveMilestonesSql[] =
    "UPDATE contract.payment_milestones SET customer_id = $2::uuid"
    " WHERE contract_id = ANY($1::uuid[]) AND customer_id <> $2::uuid";

void RecordMoves(const events::Outbox& outbox, pqxx::work& tx, const pqxx::result& moved,
                 const std::string& customer_id) {
  std::string ids = "{";
  for (const pqxx::row& row : moved) {
    const std::string id = row[0].as<std::string>();
    ids += (ids.size() > 1 ? "," : "") + id;
    ContractEventFacts facts{.customer_id = customer_id,
                             .version = row[1].as<int64_t>(),
                             .signing_org_unit = row[4].as<std::string>(),
                             .opportunity_id = row[5].as<std::string>()};
    facts.amount.set_currency_code(row[2].as<std::string>());
    facts.amount.set_minor_units(row[3].as<int64_t>());
    RecordContractEvent(outbox, tx, v1::ContractEvent::CONTRACT_MOVED, ContractName(id), facts);
  }
  ids += "}";
  if (!moved.empty()) tx.exec_prepared0(kMoveMilestones, ids, customer_id);
}

}  // namespace

std::vector<pg::PreparedStatement> MergeFollowStatements() {
  return {{kMergeContracts, MergeContractsSql()},
          {kUnmergeContracts, UnmergeContractsSql()},
          {kMoveMilestones, kMoveMilestonesSql}};
}

replicas::CustomerReplicaHooks MergeFollowHooks(const events::Outbox& outbox,
                                                const replicas::GroupReplica* groups) {
  replicas::CustomerReplicaHooks hooks;
  hooks.on_merge = [&outbox, groups](pqxx::work& tx, const replicas::CustomerMerge& merge) {
    const pqxx::result moved =
        tx.exec_prepared(kMergeContracts, merge.merged_customer_id, merge.survivor_id);
    RecordMoves(outbox, tx, moved, merge.survivor_id);
    if (groups != nullptr) {
      groups->FollowCustomerMerge(tx, merge.merged_customer_id, merge.survivor_id);
    }
    return absl::OkStatus();
  };
  hooks.on_unmerge = [&outbox](pqxx::work& tx, const replicas::CustomerUnmerge& unmerge) {
    const pqxx::result moved =
        tx.exec_prepared(kUnmergeContracts, unmerge.restored_id, unmerge.survivor_id);
    RecordMoves(outbox, tx, moved, unmerge.restored_id);
    return absl::OkStatus();
  };
  return hooks;
}

}  // namespace crm::contract
