#include "services/collaboration/rules/request_validation.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "libs/names/name_field.h"
#include "libs/names/resource_names.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/enum_value.h"
#include "libs/validation/repeated_count.h"
#include "libs/validation/text_field.h"
#include "libs/validation/timestamp.h"

namespace crm::collaboration {
namespace {

std::string Field(std::string_view prefix, std::string_view name) {
  return crm::StrCat(prefix, ".", name);
}

bool IsSet(const google::protobuf::Timestamp& time) {
  return time.seconds() != 0 || time.nanos() != 0;
}

void ValidateField(const v1::CollaborationRequest& request, std::string_view path,
                   std::string_view requesting_org_unit, std::string_view prefix,
                   status::FieldViolations& violations) {
  const std::string field = Field(prefix, path);
  if (path == "title") {
    validation::CheckText(request.title(), field, 1, kMaxTitleChars, validation::Lines::kSingle,
                          violations);
  } else if (path == "description") {
    validation::CheckText(request.description(), field, 0, kMaxDescriptionChars,
                          validation::Lines::kMulti, violations);
  } else if (path == "urgency") {
    validation::CheckEnum<v1::Urgency>(request.urgency(), field, validation::Presence::kRequired,
                                       violations);
  } else if (path == "participants") {
    ValidateParticipants(request.participants(), requesting_org_unit, field, violations);
  } else if (path == "step_owner") {
    ValidateOptionalUser(request.step_owner(), field, violations);
  } else if (path == "step_due_time") {
    if (IsSet(request.step_due_time())) {
      validation::CheckTimestamp(request.step_due_time(), field, violations);
    }
  }
}

}  // namespace

void ValidateOptionalUser(std::string_view user, std::string_view field,
                          status::FieldViolations& violations) {
  if (user.empty()) return;
  if (!names::ParseUserName(user).has_value()) {
    violations.Add(std::string(field),
                   crm::StrCat(Quote(user), " is not a user name like users/alice"));
  }
}

void ValidateParticipants(const google::protobuf::RepeatedPtrField<v1::Participant>& participants,
                          std::string_view requesting_org_unit, std::string_view field,
                          status::FieldViolations& violations) {
  validation::CheckCount(participants.size(), 1, kMaxParticipants, field, violations);
  absl::flat_hash_set<std::string> seen;
  for (int i = 0; i < participants.size(); ++i) {
    const v1::Participant& p = participants[i];
    const std::string at = crm::StrCat(field, "[", i, "]");
    const std::string unit_field = crm::StrCat(at, ".org_unit");
    if (!names::OrgUnitIdOr(p.org_unit(), unit_field, violations).empty()) {
      if (!seen.insert(p.org_unit()).second) {
        violations.Add(unit_field, crm::StrCat(p.org_unit(),
                                               " is named twice; name each org "
                                               "unit once, with all its tasks"));
      } else if (!requesting_org_unit.empty() && p.org_unit() == requesting_org_unit) {
        violations.Add(unit_field,
                       crm::StrCat(p.org_unit(),
                                   " is the requesting org unit; participants are the org "
                                   "units asked to help"));
      }
    }
    validation::CheckText(p.task(), crm::StrCat(at, ".task"), 1, kMaxTaskChars,
                          validation::Lines::kMulti, violations);
    ValidateOptionalUser(p.owner(), crm::StrCat(at, ".owner"), violations);
  }
}

void ValidateNewRequest(const v1::CollaborationRequest& request, std::string_view prefix,
                        status::FieldViolations& violations) {
  (void)names::CustomerIdOr(request.customer(), Field(prefix, "customer"), violations);
  if (!request.opportunity().empty() && !request.contract().empty()) {
    violations.Add(Field(prefix, "contract"),
                   "give the opportunity or the contract the request serves, not both");
  }
  if (!request.opportunity().empty() &&
      !names::ParseOpportunityName(request.opportunity()).has_value()) {
    violations.Add(Field(prefix, "opportunity"),
                   crm::StrCat(Quote(request.opportunity()),
                               " is not an opportunity name like opportunities/{uuid}"));
  }
  if (!request.contract().empty() && !names::ParseContractName(request.contract()).has_value()) {
    violations.Add(
        Field(prefix, "contract"),
        crm::StrCat(Quote(request.contract()), " is not a contract name like contracts/{uuid}"));
  }
  std::string_view requesting = request.requesting_org_unit();
  if (!requesting.empty() &&
      names::OrgUnitIdOr(requesting, Field(prefix, "requesting_org_unit"), violations).empty()) {
    requesting = "";
  }
  for (std::string_view path : kUpdatableFields) {
    ValidateField(request, path, requesting, prefix, violations);
  }
}

void ValidateRequestUpdate(const v1::CollaborationRequest& request,
                           std::span<const std::string> paths, std::string_view requesting_org_unit,
                           std::string_view prefix, status::FieldViolations& violations) {
  if (paths.empty()) {
    violations.Add("update_mask",
                   "name the fields to change: title, description, urgency, participants, "
                   "step_owner, step_due_time");
    return;
  }
  absl::flat_hash_set<std::string_view> seen;
  for (const std::string& path : paths) {
    const bool known = std::find(std::begin(kUpdatableFields), std::end(kUpdatableFields), path) !=
                       std::end(kUpdatableFields);
    if (!known) {
      violations.Add("update_mask",
                     crm::StrCat(Quote(path),
                                 " cannot be updated; use title, description, urgency, "
                                 "participants, step_owner or step_due_time"));
      continue;
    }
    if (!seen.insert(path).second) continue;
    ValidateField(request, path, requesting_org_unit, prefix, violations);
  }
}

}  // namespace crm::collaboration
