#include "services/opportunity/rules/activity_validation.h"

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "libs/names/name_field.h"
#include "libs/names/resource_names.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/calendar_date.h"
#include "libs/validation/enum_value.h"
#include "libs/validation/repeated_count.h"
#include "libs/validation/text_field.h"
#include "libs/validation/timestamp.h"
#include "services/opportunity/rules/contact_field.h"

namespace crm::opportunity {
namespace {

std::string Field(std::string_view name) { return crm::StrCat("activity.", name); }

std::string FormatUtc(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone());
}

void CheckOccurTime(const v1::Activity& activity, absl::Time now,
                    status::FieldViolations& violations) {
  const std::string field = Field("occur_time");
  if (!activity.has_occur_time()) {
    violations.Add(field, crm::StrCat(field, ": required; when it happened"));
    return;
  }
  const size_t before = violations.size();
  validation::CheckTimestamp(activity.occur_time(), field, violations);
  if (violations.size() != before) return;
  const absl::Time time = absl::FromUnixSeconds(activity.occur_time().seconds()) +
                          absl::Nanoseconds(activity.occur_time().nanos());
  if (time > now + kMaxClockSkew) {
    violations.Add(field, crm::StrCat(field, ": ", FormatUtc(time), " is in the future (now ",
                                      FormatUtc(now), "; 5 minutes of clock skew allowed)"));
  } else if (time < EarliestActivityTime()) {
    violations.Add(field, crm::StrCat(field, ": ", FormatUtc(time), " is before 2000-01-01"));
  }
}

void CheckContacts(const v1::Activity& activity, status::FieldViolations& violations) {
  const std::string field = Field("contacts");
  validation::CheckCount(activity.contacts_size(), 0, kMaxActivityContacts, field, violations);
  std::map<std::pair<std::string, std::string>, int> first_index;
  for (int i = 0; i < activity.contacts_size() && i < kMaxActivityContacts; ++i) {
    const std::string path = crm::StrCat(field, "[", i, "]");
    std::optional<names::ContactIds> ids = ContactIdsOr(activity.contacts(i), path, violations);
    if (!ids.has_value()) continue;
    const auto [it, inserted] =
        first_index.try_emplace(std::make_pair(ids->customer_id, ids->contact_id), i);
    if (!inserted) {
      violations.Add(path,
                     crm::StrCat(path, ": ", names::ContactName(ids->customer_id, ids->contact_id),
                                 " is already listed at ", field, "[", it->second, "]"));
    }
  }
}

void CheckComplaint(const v1::Activity& activity, status::FieldViolations& violations) {
  const std::string field = Field("complaint");
  if (activity.type() == v1::Activity::COMPLAINT) {
    if (!activity.has_complaint()) {
      violations.Add(field, crm::StrCat(field, ": required for a COMPLAINT, with its severity"));
      return;
    }
    validation::CheckEnum<v1::Complaint::Severity>(activity.complaint().severity(),
                                                   crm::StrCat(field, ".severity"),
                                                   validation::Presence::kRequired, violations);
  } else if (activity.has_complaint() && v1::Activity::Type_IsValid(activity.type()) &&
             activity.type() != v1::Activity::TYPE_UNSPECIFIED) {
    violations.Add(field, crm::StrCat(field, ": only a COMPLAINT has one; this activity is a ",
                                      v1::Activity::Type_Name(activity.type())));
  }
}

}  // namespace

absl::Time EarliestActivityTime() {
  return absl::FromCivil(absl::CivilSecond(2000, 1, 1, 0, 0, 0), absl::UTCTimeZone());
}

void ValidateActivityForCreate(const v1::Activity& activity, absl::Time now,
                               status::FieldViolations& violations) {
  names::CustomerIdOr(activity.customer(), Field("customer"), violations);
  if (!activity.opportunity().empty()) {
    names::IdOr(activity.opportunity(), Field("opportunity"), names::ParseOpportunityName,
                "an opportunity", "opportunities/{uuid}", violations);
  }
  validation::CheckEnum<v1::Activity::Type>(activity.type(), Field("type"),
                                            validation::Presence::kRequired, violations);
  CheckOccurTime(activity, now, violations);
  CheckContacts(activity, violations);
  validation::CheckText(activity.summary(), Field("summary"), 1, kMaxSummaryChars,
                        validation::Lines::kMulti, violations);
  validation::CheckText(activity.next_step(), Field("next_step"), 0, kMaxNextStepChars,
                        validation::Lines::kMulti, violations);
  if (activity.has_next_follow_up_date()) {
    validation::CheckDate(activity.next_follow_up_date(), Field("next_follow_up_date"), violations);
  }
  CheckComplaint(activity, violations);
}

}  // namespace crm::opportunity
