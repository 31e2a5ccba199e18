#ifndef CRM_SERVICES_CUSTOMER_MERGE_MERGE_STORE_H_
#define CRM_SERVICES_CUSTOMER_MERGE_MERGE_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "crm/customer/v1/customer_service.pb.h"
#include "libs/idempotency/request_log.h"
#include "libs/pg/pool.h"
#include "services/customer/core/mutation_context.h"

namespace crm::customer {

// A merge as the service validated it.
struct MergePlan {
  std::string survivor_id;
  std::vector<std::string> merged_ids;                      // distinct, not the survivor
  absl::flat_hash_map<std::string, std::string> overrides;  // field -> customer id
  std::optional<int64_t> expected_version;                  // the survivor's etag
  bool validate_only = false;
};

// What the service decides about a merge, asked by the store at the right
// point of its checks: `may_merge` with the locked survivor (permission, after
// the data scope), `preconditions` once every permission check passed and
// the records are known to be live (e.g. the customer group trees).
struct MergeChecks {
  absl::FunctionRef<absl::Status(const v1::Customer& survivor)> may_merge;
  absl::FunctionRef<absl::Status()> preconditions;
};

// SQL for merges and unmerges. A merge locks every record in id order (two
// merges of overlapping sets cannot deadlock) and checks, in this order, the
// data scope of every record, the caller's right to merge them (MergeChecks::
// may_merge, one owner unless HQ), the survivor's etag, that every record is
// live, and MergeChecks::preconditions: permission before any precondition.
// Then (unless validate_only) it writes in one transaction: the merged records become MERGED with
// their contacts and references moved to the survivor, the survivor takes the surviving values, and
// a row per merged record keeps what an unmerge needs.
class MergeStore final {
 public:
  // `trusted_sources`: source systems whose values win, most trusted first.
  MergeStore(pg::ConnectionPool& pool, const idempotency::RequestLog& request_log,
             std::vector<std::string> trusted_sources)
      : pool_(pool), request_log_(request_log), trusted_sources_(std::move(trusted_sources)) {}

  static std::vector<pg::PreparedStatement> Statements();

  absl::StatusOr<v1::MergeCustomersResponse> Merge(const MutationContext& context,
                                                   const MergePlan& plan,
                                                   const MergeChecks& checks);
  absl::StatusOr<v1::UnmergeCustomerResponse> Unmerge(const MutationContext& context,
                                                      const std::string& merged_id);

 private:
  pg::ConnectionPool& pool_;
  const idempotency::RequestLog& request_log_;
  const std::vector<std::string> trusted_sources_;
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_MERGE_MERGE_STORE_H_
