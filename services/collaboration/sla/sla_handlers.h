#ifndef CRM_SERVICES_COLLABORATION_SLA_SLA_HANDLERS_H_
#define CRM_SERVICES_COLLABORATION_SLA_SLA_HANDLERS_H_

#include <vector>

#include "absl/status/status.h"
#include "crm/collaboration/v1/collaboration_service.pb.h"
#include "libs/pg/prepared_statement.h"
#include "libs/request/actor.h"
#include "libs/status/status.h"
#include "services/collaboration/core/collaboration_context.h"

namespace crm::collaboration {

// The SLA policy below the gRPC edge: read the version in force, and
// replace it with a new version (hq_admin, with the etag of the one read).
// Requests keep the due times (and the policy version) they were given; a
// new version applies to requests raised and steps entered after it. The
// facade calls each inside request::Serve.
class SlaHandlers final {
 public:
  using Actor = request::Actor;
  using Violations = status::FieldViolations;

  explicit SlaHandlers(const CollaborationContext& context) : context_(context) {}

  // The policy store's statements (sla_policy_store.h), which request
  // creation and steps read too.
  static std::vector<pg::PreparedStatement> Statements();

  absl::Status GetSlaPolicy(const Actor& actor, const v1::GetSlaPolicyRequest& request,
                            v1::SlaPolicy& response, Violations& violations);
  // hq_admin only; sla_policy.etag required (ABORTED when another version
  // came since it was read).
  absl::Status UpdateSlaPolicy(const Actor& actor, const v1::UpdateSlaPolicyRequest& request,
                               v1::SlaPolicy& response, Violations& violations);

 private:
  const CollaborationContext& context_;
};

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_SLA_SLA_HANDLERS_H_
