#include "services/opportunity/activities/activity_handlers.h"

#include <set>
#include <string>
#include <utility>

#include "google/protobuf/util/time_util.h"
#include "libs/auth/data_scope.h"
#include "libs/auth/sql_scope.h"
#include "libs/crypto/crypto.h"
#include "libs/names/name_field.h"
#include "libs/names/resource_names.h"
#include "libs/pagination/page_size.h"
#include "libs/pagination/query_fingerprint.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/enum_value.h"
#include "libs/validation/repeated_count.h"
#include "libs/validation/timestamp.h"
#include "services/opportunity/core/opportunity_names.h"
#include "services/opportunity/rules/calendar_date.h"
#include "services/opportunity/rules/text_field.h"

namespace crm::opportunity {
namespace {

using ::google::protobuf::util::TimeUtil;

constexpr size_t kMaxContacts = 20;
constexpr size_t kMaxSummary = 4000;
constexpr size_t kMaxNextStep = 1000;
// A device clock a little ahead of ours is not "the future".
constexpr absl::Duration kClockSkew = absl::Minutes(5);

// Every problem of the activity in a CreateActivityRequest, under
// "activity.…"; fills the ids it finds.
void ValidateActivity(const v1::Activity& activity, absl::Time now, NewActivity& out,
                      status::FieldViolations& violations) {
  out.customer_id = names::CustomerIdOr(activity.customer(), "activity.customer", violations);
  if (!activity.opportunity().empty()) {
    out.opportunity_id =
        OpportunityIdOr(activity.opportunity(), "activity.opportunity", violations);
  }
  validation::CheckEnum<v1::Activity::Type>(activity.type(), "activity.type",
                                            validation::Presence::kRequired, violations);
  if (!activity.has_occur_time()) {
    violations.Add("activity.occur_time", "activity.occur_time: required, when it happened");
  } else {
    const size_t before = violations.size();
    validation::CheckTimestamp(activity.occur_time(), "activity.occur_time", violations);
    if (violations.size() == before) {
      const absl::Time occurred =
          absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(activity.occur_time()));
      if (occurred > now + kClockSkew) {
        violations.Add(
            "activity.occur_time",
            crm::StrCat("activity.occur_time: ", TimeUtil::ToString(activity.occur_time()),
                        " is in the future; record what has happened"));
      }
    }
  }
  validation::CheckCount(activity.contacts_size(), 0, kMaxContacts, "activity.contacts",
                         violations);
  std::set<std::string> seen;
  for (int i = 0; i < activity.contacts_size(); ++i) {
    const std::string field = crm::StrCat("activity.contacts[", i, "]");
    const std::string& contact = activity.contacts(i);
    const std::optional<names::ContactIds> ids = names::ParseContactName(contact);
    if (!ids.has_value()) {
      violations.Add(field, crm::StrCat(field, ": ", Quote(contact),
                                        " is not a contact name like "
                                        "customers/{uuid}/contacts/{uuid}"));
    } else if (!out.customer_id.empty() && ids->customer_id != out.customer_id) {
      violations.Add(field, crm::StrCat(field, ": ", Quote(contact), " is not a contact of ",
                                        activity.customer()));
    } else if (!seen.insert(names::ContactName(ids->customer_id, ids->contact_id)).second) {
      violations.Add(field, crm::StrCat(field, ": ", Quote(contact), " is named twice"));
    }
  }
  CheckText(activity.summary(), "activity.summary", 1, kMaxSummary, Lines::kMulti, violations);
  CheckText(activity.next_step(), "activity.next_step", 0, kMaxNextStep, Lines::kMulti, violations);
  if (activity.has_next_follow_up_date()) {
    CheckDate(activity.next_follow_up_date(), "activity.next_follow_up_date", violations);
  }
  if (activity.type() == v1::Activity::COMPLAINT) {
    validation::CheckEnum<v1::Complaint::Severity>(activity.complaint().severity(),
                                                   "activity.complaint.severity",
                                                   validation::Presence::kRequired, violations);
  } else if (activity.has_complaint()) {
    violations.Add("activity.complaint",
                   "activity.complaint: only a COMPLAINT activity has a complaint");
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
  ValidateActivity(request.activity(), deps_.clock->Now(), values, violations);
  if (!violations.empty()) return violations.ToStatus(kDomain);
  values.id = crypto::NewUuid();
  values.activity = request.activity();

  absl::StatusOr<replicas::ReplicatedCustomer> customer = deps_.customers->Get(values.customer_id);
  if (!customer.ok()) return customer.status();
  if (absl::Status s = RequireLiveCustomer(*customer); !s.ok()) return s;

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
  std::vector<std::string> after;
  if (!request.page_token().empty()) {
    absl::StatusOr<pagination::PageCursor> cursor =
        deps_.page_tokens->Decode(request.page_token(), fingerprint, kDomain);
    if (!cursor.ok() || cursor->last_key.size() != 2) {
      violations.Add("page_token",
                     "page_token: not a token from a previous ListActivities call with these "
                     "fields");
    } else {
      after = std::move(cursor->last_key);
    }
  }
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
