#ifndef CRM_SERVICES_OPPORTUNITY_ACTIVITIES_ACTIVITY_STORE_H_
#define CRM_SERVICES_OPPORTUNITY_ACTIVITIES_ACTIVITY_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "libs/auth/data_scope.h"
#include "libs/events/outbox.h"
#include "libs/idempotency/request_log.h"
#include "libs/pg/pool.h"
#include "libs/pg/prepared_statement.h"
#include "libs/request/actor.h"

namespace crm::opportunity {

// An activity to record, already validated: `activity` holds the request's
// values (customer, opportunity, type, occur_time, contacts, summary,
// next_step, next_follow_up_date, complaint).
struct NewActivity {
  std::string id;              // a fresh lower-case UUID
  std::string customer_id;     // lower-case UUID, known to the customer replica
  std::string opportunity_id;  // "" when the activity is on the customer only
  v1::Activity activity;
};

// Whose activities to list: exactly one of the two is set.
struct ActivityParent {
  std::string customer_id;
  std::string opportunity_id;
};

// One page of activities and the keyset of its last row (empty on the last
// page): the occur time in microseconds and the id.
struct ActivityPage {
  std::vector<v1::Activity> activities;
  std::vector<std::string> last_key;
};

// The follow-up record (opportunity.activities) and the "last activity" it
// keeps per opportunity (opportunities.last_activity_time) and per customer
// (customer_last_activity). Scope is decided in SQL (opportunity_scope.h).
class ActivityStore final {
 public:
  ActivityStore(pg::ConnectionPool& pool, const idempotency::RequestLog& request_log,
                const events::Outbox& outbox)
      : pool_(pool), request_log_(request_log), outbox_(outbox) {}

  // The statements to give the pool (OpenOpportunityDatabase).
  static std::vector<pg::PreparedStatement> Statements();

  // In one transaction (replayed by the actor's request id): checks that the
  // caller may write on the customer (its customer in scope, or the
  // opportunity in scope as a collaborator) and that the opportunity, when
  // given, is the customer's; inserts the activity with the caller as author
  // and `now` as create time; raises the opportunity's last_activity_time
  // (never lowers it: an activity recorded late is not the newest) and sets
  // its next_follow_up_date when given; raises the customer's last activity;
  // records ACTIVITY_RECORDED. Errors: PERMISSION_DENIED (CUSTOMER_OUT_OF_SCOPE,
  // OPPORTUNITY_OUT_OF_SCOPE; also for an opportunity that does not exist,
  // unless the caller sees everything: then NOT_FOUND OPPORTUNITY_NOT_FOUND),
  // FAILED_PRECONDITION (OPPORTUNITY_OF_ANOTHER_CUSTOMER).
  absl::StatusOr<v1::Activity> Create(const request::Actor& actor, const NewActivity& activity,
                                      absl::Time now);

  // The activities of `parent` in `scope`, newest first (occur_time
  // descending, then id), after the keyset `after` (empty: from the start),
  // at most `limit`.
  absl::StatusOr<ActivityPage> List(const auth::DataScope& scope, const ActivityParent& parent,
                                    const std::vector<std::string>& after, int limit);

 private:
  pg::ConnectionPool& pool_;
  const idempotency::RequestLog& request_log_;
  const events::Outbox& outbox_;
};

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_ACTIVITIES_ACTIVITY_STORE_H_
