#ifndef CRM_SERVICES_OPPORTUNITY_FUNNEL_FUNNEL_HANDLERS_H_
#define CRM_SERVICES_OPPORTUNITY_FUNNEL_FUNNEL_HANDLERS_H_

// The funnel and forecast (GetFunnel), called by the service facade inside
// request::Serve.

#include "absl/status/status.h"
#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "libs/clock/clock.h"
#include "libs/request/actor.h"
#include "libs/status/status.h"
#include "services/opportunity/funnel/funnel_store.h"

namespace crm::opportunity {

// All owned elsewhere and outliving the handlers.
struct FunnelDeps {
  FunnelStore* store = nullptr;
  // "Today" (Asia/Shanghai) for the default period.
  const clock::Clock* clock = nullptr;
};

class FunnelHandlers final {
 public:
  explicit FunnelHandlers(FunnelDeps deps) : deps_(deps) {}

  // The funnel of exactly one of org_unit (its subtree), customer and group
  // (the customers of a hierarchy node's subtree, from the group replica),
  // over the opportunities created from start_date to end_date (both
  // included, Asia/Shanghai days; default the last 12 months up to today;
  // at most 3 years), summing amounts in currency_code (default CNY).
  //
  // The data scope applies to every target: a subsidiary asking for a whole
  // group's funnel gets the part of the group it may see (the opportunities
  // of the group's customers it owns or serves, or collaborates on), not a
  // refusal; an org unit outside its scope is PERMISSION_DENIED
  // (ORG_UNIT_OUT_OF_SCOPE). An unknown group node is NOT_FOUND
  // (NODE_NOT_FOUND).
  absl::Status GetFunnel(const request::Actor& actor, const v1::GetFunnelRequest& request,
                         v1::Funnel& response, status::FieldViolations& violations);

 private:
  const FunnelDeps deps_;
};

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_FUNNEL_FUNNEL_HANDLERS_H_
