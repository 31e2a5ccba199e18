#ifndef CRM_SERVICES_COLLABORATION_RULES_REQUEST_VALIDATION_H_
#define CRM_SERVICES_COLLABORATION_RULES_REQUEST_VALIDATION_H_

// What a valid collaboration request is, field by field: every violation of
// a request is collected, so one reply names them all. Fields are named as
// the request message names them ("collaboration_request.title").

#include <span>
#include <string>
#include <string_view>

#include "crm/collaboration/v1/collaboration_service.pb.h"
#include "libs/status/status.h"

namespace crm::collaboration {

inline constexpr size_t kMaxTitleChars = 200;
inline constexpr size_t kMaxDescriptionChars = 4000;
inline constexpr size_t kMaxParticipants = 20;
inline constexpr size_t kMaxTaskChars = 500;
inline constexpr size_t kMaxCommentChars = 2000;
inline constexpr size_t kMaxReasonChars = 500;

// The fields UpdateCollaborationRequest changes (update_mask paths).
inline constexpr std::string_view kUpdatableFields[] = {
    "title", "description", "urgency", "participants", "step_owner", "step_due_time"};

// A request to create, under `prefix` ("collaboration_request"): a customer
// name; at most one of opportunity and contract, each a name of its kind;
// title 1-200 characters; description up to 4,000; an urgency; 1-20
// participants, each a valid org unit name, none repeated, none the
// requesting org unit (when set, it must be an org unit name), each with a
// task of 1-500 characters and an owner that is empty or a user name;
// step_owner empty or a user name; step_due_time unset or a valid
// timestamp. Output-only fields are ignored.
void ValidateNewRequest(const v1::CollaborationRequest& request, std::string_view prefix,
                        status::FieldViolations& violations);

// The fields of an update named by `paths` (each one of kUpdatableFields,
// else a violation under "update_mask"), as ValidateNewRequest checks them;
// participants are checked against `requesting_org_unit` (the stored one).
// An empty mask is a violation.
void ValidateRequestUpdate(const v1::CollaborationRequest& request,
                           std::span<const std::string> paths, std::string_view requesting_org_unit,
                           std::string_view prefix, status::FieldViolations& violations);

// Participants as ValidateNewRequest checks them, under `field`
// ("collaboration_request.participants").
void ValidateParticipants(const google::protobuf::RepeatedPtrField<v1::Participant>& participants,
                          std::string_view requesting_org_unit, std::string_view field,
                          status::FieldViolations& violations);

// A user name or nothing (step owners, participant owners).
void ValidateOptionalUser(std::string_view user, std::string_view field,
                          status::FieldViolations& violations);

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_RULES_REQUEST_VALIDATION_H_
