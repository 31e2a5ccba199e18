#ifndef CRM_SERVICES_CUSTOMER_MERGE_STORE_H_
#define CRM_SERVICES_CUSTOMER_MERGE_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "crm/customer/v1/customer_service.pb.h"
#include "libs/idempotency/request_log.h"
#include "libs/pg/pool.h"
#include "services/customer/mutation_context.h"

namespace crm::customer {

// A merge as the service validated it.
struct MergePlan {
  std::string survivor_id;
  std::vector<std::string> merged_ids;                     // distinct, not the survivor
  absl::flat_hash_map<std::string, std::string> overrides; // field -> customer id
  std::optional<int64_t> expected_version;                 // the survivor's etag
  bool validate_only = false;
};

// SQL for merges and unmerges. A merge locks every record in id order (two
// merges of overlapping sets cannot deadlock), checks scope and state, and
// writes in one transaction: the merged records become MERGED with their
// contacts and references moved to the survivor, the survivor takes the
// surviving values, and a row per merged record keeps what an unmerge needs.
class MergeStore final {
 public:
  // `trusted_sources`: source systems whose values win, most trusted first.
  MergeStore(pg::ConnectionPool& pool, const idempotency::RequestLog& request_log,
             std::vector<std::string> trusted_sources)
      : pool_(pool), request_log_(request_log), trusted_sources_(std::move(trusted_sources)) {}

  static std::vector<pg::PreparedStatement> Statements();

  absl::StatusOr<v1::MergeCustomersResponse> Merge(const MutationContext& context,
                                                   const MergePlan& plan);
  absl::StatusOr<v1::UnmergeCustomerResponse> Unmerge(const MutationContext& context,
                                                      const std::string& merged_id);

 private:
  pg::ConnectionPool& pool_;
  const idempotency::RequestLog& request_log_;
  const std::vector<std::string> trusted_sources_;
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_MERGE_STORE_H_
