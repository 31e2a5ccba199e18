#ifndef CRM_SERVICES_COLLABORATION_RULES_ERRORS_H_
#define CRM_SERVICES_COLLABORATION_RULES_ERRORS_H_

namespace crm::collaboration {

// The ErrorInfo domain of the collaboration service (core/collaboration_names.h's
// kDomain). Reasons its errors give:
//   INVALID_ARGUMENT           INVALID_ARGUMENT: with a BadRequest of field violations
//   REQUEST_NOT_FOUND          NOT_FOUND: only for callers who see everything
//   REQUEST_NOT_IN_SCOPE       PERMISSION_DENIED: missing or out of the caller's scope
//   REQUEST_CLOSED             FAILED_PRECONDITION: DONE or CANCELLED requests do not change
//   STEP_NOT_ALLOWED           FAILED_PRECONDITION: not the next step (nor back to designing)
//   NOT_REQUESTING_SIDE        PERMISSION_DENIED: only the requesting side, the step's owner
//                              or HQ may change the request
//   NOT_A_PARTICIPANT          PERMISSION_DENIED / FAILED_PRECONDITION: the org unit is not
//                              one of the request's participants, or not in the caller's scope
//   ALREADY_ACKNOWLEDGED       FAILED_PRECONDITION: that participant acknowledged already
//   CUSTOMER_NOT_IN_SCOPE      PERMISSION_DENIED: the customer is out of the caller's scope
//   CUSTOMER_DELETED           FAILED_PRECONDITION: the customer is deleted
//   ORG_UNIT_NOT_IN_SCOPE      PERMISSION_DENIED: the requesting org unit is out of scope
//   ETAG_MISMATCH              ABORTED: the resource changed since the etag was read
//   ATTRIBUTION_NOT_FOUND      NOT_FOUND: only for callers who see everything
//   ATTRIBUTION_NOT_IN_SCOPE   PERMISSION_DENIED: missing or out of the caller's scope
//   STRATEGY_ROLE_REQUIRED     PERMISSION_DENIED: the strategy role granted at HQ (global scope)
//   NO_CONTRIBUTION            FAILED_PRECONDITION: every contributor scores zero
//   EVENT_NOT_RECORDED         INTERNAL: the outbox refused an event
inline constexpr char kErrorDomain[] = "collaboration.crm";

inline constexpr char kReasonRequestClosed[] = "REQUEST_CLOSED";
inline constexpr char kReasonStepNotAllowed[] = "STEP_NOT_ALLOWED";
inline constexpr char kReasonNotRequestingSide[] = "NOT_REQUESTING_SIDE";
inline constexpr char kReasonNotAParticipant[] = "NOT_A_PARTICIPANT";
inline constexpr char kReasonAlreadyAcknowledged[] = "ALREADY_ACKNOWLEDGED";

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_RULES_ERRORS_H_
