#ifndef CRM_SERVICES_OPPORTUNITY_ACTIVITIES_ACTIVITY_HANDLERS_H_
#define CRM_SERVICES_OPPORTUNITY_ACTIVITIES_ACTIVITY_HANDLERS_H_

// The follow-up record (跟进记录): CreateActivity and ListActivities, called
// by the service facade inside request::Serve.

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "libs/clock/clock.h"
#include "libs/pagination/page_token_codec.h"
#include "libs/replicas/customer/customer_replica.h"
#include "libs/request/actor.h"
#include "libs/status/status.h"
#include "services/opportunity/activities/activity_store.h"

namespace crm::opportunity {

// Whether `contacts` (names of the form customers/{customer}/contacts/{id},
// all of `customer_id`) are contacts of that customer, asked as `actor`:
// OK, or the error to answer with (e.g. INVALID_ARGUMENT naming the unknown
// ones, UNAVAILABLE).
using ContactCheck =
    std::function<absl::Status(const request::Actor& actor, const std::string& customer_id,
                               const std::vector<std::string>& contacts)>;

// All owned elsewhere and outliving the handlers.
struct ActivityDeps {
  ActivityStore* store = nullptr;
  // Customers by id, fetched through from the customer service when not
  // replicated yet: existence, merges and the display of the author's scope.
  replicas::CustomerReplica* customers = nullptr;
  const pagination::PageTokenCodec* page_tokens = nullptr;
  // "Not in the future" and the create time.
  const clock::Clock* clock = nullptr;
  // Asks the customer service whether the contacts exist (the check the
  // buying committee uses); empty: contacts are checked for form and for
  // naming the activity's customer only.
  ContactCheck check_contacts;
};

class ActivityHandlers final {
 public:
  explicit ActivityHandlers(ActivityDeps deps) : deps_(deps) {}

  // Records an activity on a customer in the caller's scope (or on an
  // opportunity the caller collaborates on), authored by the caller. Every
  // bad field at once (INVALID_ARGUMENT) before anything is read; then
  // NOT_FOUND (CUSTOMER_NOT_FOUND, CUSTOMER_MERGED naming the survivor),
  // FAILED_PRECONDITION (CUSTOMER_DELETED, OPPORTUNITY_OF_ANOTHER_CUSTOMER),
  // PERMISSION_DENIED (CUSTOMER_OUT_OF_SCOPE, OPPORTUNITY_OUT_OF_SCOPE).
  // Contacts are checked for form and for naming the activity's customer,
  // and with deps.check_contacts when there is one.
  absl::Status CreateActivity(const request::Actor& actor, const v1::CreateActivityRequest& request,
                              v1::Activity& response, status::FieldViolations& violations);

  // The activities of one customer or one opportunity that the caller may
  // see, newest first; rows outside the scope are left out, not refused.
  absl::Status ListActivities(const request::Actor& actor, const v1::ListActivitiesRequest& request,
                              v1::ListActivitiesResponse& response,
                              status::FieldViolations& violations);

 private:
  const ActivityDeps deps_;
};

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_ACTIVITIES_ACTIVITY_HANDLERS_H_
