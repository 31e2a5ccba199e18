#include "services/opportunity/activities/activity_handlers.h"

#include <string>
#include <utility>

#include "libs/auth/data_scope.h"
#include "libs/auth/sql_scope.h"
#include "libs/crypto/crypto.h"
#include "libs/names/name_field.h"
#include "libs/names/resource_names.h"
#include "libs/pagination/page_size.h"
#include "libs/pagination/query_fingerprint.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"
#include "services/opportunity/core/opportunity_names.h"
#include "services/opportunity/rules/activity_validation.h"

namespace crm::opportunity {
namespace {

// The ids of a valid activity (ValidateActivityForCreate found no fault in
// them), and a violation for each contact of another customer: the rules
// check the form, the customer is known here.
void ReadIds(const v1::Activity& activity, NewActivity& out, status::FieldViolations& violations) {
  out.customer_id = names::ParseCustomerName(activity.customer()).value_or("");
  if (!activity.opportunity().empty()) {
    out.opportunity_id = ParseOpportunityName(activity.opportunity()).value_or("");
  }
  if (out.customer_id.empty()) return;
  for (int i = 0; i < activity.contacts_size(); ++i) {
    const std::optional<names::ContactIds> ids = names::ParseContactName(activity.contacts(i));
    if (ids.has_value() && ids->customer_id != out.customer_id) {
      const std::string field = crm::StrCat("activity.contacts[", i, "]");
      violations.Add(field, crm::StrCat(field, ": ", Quote(activity.contacts(i)),
                                        " is a contact of another customer, not of ",
                                        names::CustomerName(out.customer_id)));
    }
  }
}

// The replica's answer as this service shows it: a merged customer names
// its survivor; a deleted one takes no new business.
absl::Status RequireLiveCustomer(const replicas::ReplicatedCustomer& customer) {
  const std::string name = names::CustomerName(customer.id);
  switch (customer.state) {
    case replicas::CustomerState::kActive:
      return absl::OkStatus();
    case replicas::CustomerState::kMerged:
      return status::Error(
          absl::StatusCode::kNotFound, kDomain, "CUSTOMER_MERGED",
          crm::StrCat(name, " was merged into ", names::CustomerName(customer.merged_into),
                      ": record the activity on the survivor"),
          {{"customer", name}, {"mergedInto", names::CustomerName(customer.merged_into)}});
    case replicas::CustomerState::kDeleted:
      break;
  }
  return status::Error(absl::StatusCode::kFailedPrecondition, kDomain, "CUSTOMER_DELETED",
                       crm::StrCat(name, " is deleted: undelete it before recording on it"),
                       {{"customer", name}});
}

}  // namespace

absl::Status ActivityHandlers::CreateActivity(const request::Actor& actor,
                                              const v1::CreateActivityRequest& request,
                                              v1::Activity& response,
                                              status::FieldViolations& violations) {
  NewActivity values;
  ValidateActivityForCreate(request.activity(), deps_.clock->Now(), violations);
  ReadIds(request.activity(), values, violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  values.id = crypto::NewUuid();
  values.activity = request.activity();

  absl::StatusOr<replicas::ReplicatedCustomer> customer = deps_.customers->Get(values.customer_id);
  if (!customer.ok()) return customer.status();
  if (absl::Status s = RequireLiveCustomer(*customer); !s.ok()) return s;
  if (deps_.check_contacts && request.activity().contacts_size() > 0) {
    const std::vector<std::string> contacts(request.activity().contacts().begin(),
                                            request.activity().contacts().end());
    if (absl::Status s = deps_.check_contacts(actor, values.customer_id, contacts); !s.ok()) {
      return s;
    }
  }

  absl::StatusOr<v1::Activity> created = deps_.store->Create(actor, values, deps_.clock->Now());
  if (!created.ok()) return created.status();
  response = *std::move(created);
  return absl::OkStatus();
}

absl::Status ActivityHandlers::ListActivities(const request::Actor& actor,
                                              const v1::ListActivitiesRequest& request,
                                              v1::ListActivitiesResponse& response,
                                              status::FieldViolations& violations) {
  ActivityParent parent;
  if (request.customer().empty() == request.opportunity().empty()) {
    violations.Add("customer",
                   "customer: give exactly one of customer (customers/{uuid}) and opportunity "
                   "(opportunities/{uuid})");
  } else if (!request.customer().empty()) {
    parent.customer_id = names::CustomerIdOr(request.customer(), "customer", violations);
  } else {
    parent.opportunity_id = OpportunityIdOr(request.opportunity(), "opportunity", violations);
  }
  int page_size = pagination::kDefaultPageSize;
  if (absl::StatusOr<int> size = pagination::NormalizePageSize(request.page_size(), kDomain);
      size.ok()) {
    page_size = *size;
  } else {
    violations.Add("page_size", std::string(size.status().message()));
  }
  const auth::DataScope scope = auth::ScopeOf(actor.principal);
  // The token continues this list for this caller's scope only.
  const std::string fingerprint = pagination::QueryFingerprint(
      {"ListActivities", request.customer(), request.opportunity(), actor.principal.user(),
       scope.all ? "all" : auth::TextArrayLiteral(scope.org_units)});
  const std::vector<std::string> after = deps_.page_tokens->ResumeAfter(
      request.page_token(), fingerprint, 2, "ListActivities call with these fields", violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);

  absl::StatusOr<ActivityPage> page = deps_.store->List(scope, parent, after, page_size);
  if (!page.ok()) return page.status();
  for (v1::Activity& activity : page->activities) {
    *response.add_activities() = std::move(activity);
  }
  if (!page->last_key.empty()) {
    response.set_next_page_token(
        deps_.page_tokens->Encode(fingerprint, {.last_key = std::move(page->last_key)}));
  }
  return absl::OkStatus();
}

}  // namespace crm::opportunity
