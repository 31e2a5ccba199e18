#ifndef CRM_SERVICES_OPPORTUNITY_PIPELINE_COMMITTEE_CONTACTS_H_
#define CRM_SERVICES_OPPORTUNITY_PIPELINE_COMMITTEE_CONTACTS_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "crm/auth/v1/principal.pb.h"
#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "libs/status/status.h"
#include "services/opportunity/core/customer_contacts.h"
#include "services/opportunity/pipeline/opportunity_store.h"

namespace crm::opportunity {

// Checks a buying committee with the customer service, as the caller.
class CommitteeContacts final {
 public:
  explicit CommitteeContacts(const CustomerContacts& contacts) : contacts_(contacts) {}

  // Every member's contact must be a live contact of customer `customer_id`
  // or of another customer in its group (`store`'s group replica), as the
  // customer service shows it to the caller; each member's display_name is
  // set from it. Adds a violation under
  // "opportunity.buying_committee[i].contact" for each that is not;
  // UNAVAILABLE when the customer service does not answer.
  absl::Status Resolve(const auth::v1::Principal& caller, std::string_view request_id,
                       const std::string& customer_id, OpportunityStore& store,
                       v1::Opportunity& opportunity, status::FieldViolations& violations) const;

 private:
  const CustomerContacts& contacts_;
};

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_PIPELINE_COMMITTEE_CONTACTS_H_
