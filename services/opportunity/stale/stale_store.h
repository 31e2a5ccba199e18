#ifndef CRM_SERVICES_OPPORTUNITY_STALE_STALE_STORE_H_
#define CRM_SERVICES_OPPORTUNITY_STALE_STALE_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "libs/auth/data_scope.h"
#include "libs/pg/pool.h"
#include "libs/pg/prepared_statement.h"

namespace crm::opportunity {

// Whose open opportunities to look at: one owner user, or an org unit's
// whole subtree (owner_org_unit_path).
struct StaleTarget {
  std::string owner_user;  // "users/{user}", or
  std::string org_unit;    // "orgUnits/{org_unit}"
};

// One page and the keyset of its last row (empty on the last page): the
// quiet-since time in microseconds and the id.
struct StalePage {
  std::vector<v1::StaleOpportunity> stale;
  std::vector<std::string> last_key;
};

// Stale reminders, read from opportunity.opportunities. An open opportunity
// (LEAD … NEGOTIATION) is stale at `now` when it has been quiet (no activity
// since coalesce(last_activity_time, create_time)) for longer than the
// newest stage model's stale_after_days, or when its next_follow_up_date is
// before today (Asia/Shanghai). Quietest first.
//
// Index-backed: an owner user's list walks opportunities_open_quiet_by_user
// (owner_user, quiet-since, id) WHERE stage < 6 in its order, so the keyset
// page is a range scan of that user's open opportunities and no sort; an
// org unit's subtree is a bitmap scan of the GIN index on
// owner_org_unit_path, then sorted (see stale_pgtest.cc for both plans).
class StaleStore final {
 public:
  explicit StaleStore(pg::ConnectionPool& pool) : pool_(pool) {}

  static std::vector<pg::PreparedStatement> Statements();

  // The stale opportunities of `target` in `scope` at `now`, after the
  // keyset `after` (empty: from the start), at most `limit`.
  absl::StatusOr<StalePage> List(const auth::DataScope& scope, const StaleTarget& target,
                                 absl::Time now, const std::vector<std::string>& after, int limit);

 private:
  pg::ConnectionPool& pool_;
};

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_STALE_STALE_STORE_H_
