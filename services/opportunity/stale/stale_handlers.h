#ifndef CRM_SERVICES_OPPORTUNITY_STALE_STALE_HANDLERS_H_
#define CRM_SERVICES_OPPORTUNITY_STALE_STALE_HANDLERS_H_

// Stale reminders (ListStaleOpportunities), called by the service facade
// inside request::Serve. The job that announces them is stale_job.h.

#include "absl/status/status.h"
#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "libs/clock/clock.h"
#include "libs/pagination/page_token_codec.h"
#include "libs/request/actor.h"
#include "libs/status/status.h"
#include "services/opportunity/stale/stale_store.h"

namespace crm::opportunity {

// All owned elsewhere and outliving the handlers.
struct StaleDeps {
  StaleStore* store = nullptr;
  const pagination::PageTokenCodec* page_tokens = nullptr;
  // "Now" and "today" of the stale rule.
  const clock::Clock* clock = nullptr;
};

class StaleHandlers final {
 public:
  explicit StaleHandlers(StaleDeps deps) : deps_(deps) {}

  // The stale open opportunities of owner_user, or of org_unit's subtree,
  // or (neither) of the caller, quietest first. Every list is filtered by
  // the caller's data scope in SQL, so asking for another seller shows only
  // what the caller may see of theirs; an org unit outside the caller's
  // scope is PERMISSION_DENIED (ORG_UNIT_OUT_OF_SCOPE).
  absl::Status ListStaleOpportunities(const request::Actor& actor,
                                      const v1::ListStaleOpportunitiesRequest& request,
                                      v1::ListStaleOpportunitiesResponse& response,
                                      status::FieldViolations& violations);

 private:
  const StaleDeps deps_;
};

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_STALE_STALE_HANDLERS_H_
