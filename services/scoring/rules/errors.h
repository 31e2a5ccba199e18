#ifndef CRM_SERVICES_SCORING_RULES_ERRORS_H_
#define CRM_SERVICES_SCORING_RULES_ERRORS_H_

namespace crm::scoring {

// The ErrorInfo domain of every error of the scoring service. Reasons its
// errors give (each capability adds its own below, with its code):
//   INVALID_ARGUMENT           INVALID_ARGUMENT: with a BadRequest of field violations
//   CUSTOMER_NOT_FOUND         NOT_FOUND: only for callers who see everything
//   CUSTOMER_NOT_IN_SCOPE      PERMISSION_DENIED: missing or out of the caller's scope
//   CUSTOMER_MERGED            NOT_FOUND: the customer was merged; its survivor is named
//   CUSTOMER_SERVICE_UNAVAILABLE UNAVAILABLE: the customer is not stored yet and the
//                              customer service did not answer
//   STRATEGY_ROLE_REQUIRED     PERMISSION_DENIED: the strategy role granted at HQ
//                              (libs/auth/strategy_centre.h)
//   ETAG_MISMATCH              ABORTED: the resource changed since the etag was read
//   EVENT_NOT_RECORDED         INTERNAL: the outbox refused an event
//   ORG_UNIT_NOT_IN_SCOPE      PERMISSION_DENIED: a scorecard or sales target of an org unit
//                              outside the caller's scope (libs/auth/org_unit_subtree.h)
//   SCORECARD_WEIGHTS_INVALID  FAILED_PRECONDITION: the policy's scorecard weights do not sum
//                              to 10,000
//   HQ_ADMIN_REQUIRED          PERMISSION_DENIED: a facts rebuild needs hq_admin
//   ROLE_NOT_ALLOWED           PERMISSION_DENIED: the caller holds none of the roles the
//                              call needs (named)
//   FACTS_REBUILD_NOT_FOUND    NOT_FOUND: no rebuild of that name
//   CHURN_WARNING_NOT_FOUND    NOT_FOUND: only for callers who see everything
//   CHURN_WARNING_NOT_IN_SCOPE PERMISSION_DENIED: missing or out of the caller's scope
//   NOT_WARNING_OWNER          PERMISSION_DENIED: a retention plan or outcome is for the
//                              warning's owner org unit side or HQ
//   NO_RETENTION_PLAN          FAILED_PRECONDITION: an outcome needs the plan first
//   TIER_REVIEW_NOT_FOUND      NOT_FOUND: the quarter's review has not been opened
//   TIER_PROPOSAL_NOT_FOUND    NOT_FOUND: no such proposal in the review
//   TIER_PROPOSAL_DECIDED      FAILED_PRECONDITION: the proposal was approved or overridden
//   CUSTOMER_NOT_SCORED        FAILED_PRECONDITION: the customer's scores are gone (merged or
//                              deleted), its tier cannot change
//   NODE_NOT_FOUND             NOT_FOUND: no customer-group node of that name in the group
//                              replica
//   SUM_OUT_OF_RANGE           OUT_OF_RANGE: a group's money sum is beyond an int64 of fen
//   CONTACT_NOT_FOUND          NOT_FOUND: the survey's contact is no contact of the customer
//   SURVEY_EXISTS              ALREADY_EXISTS: the contact answered for that period already
inline constexpr char kErrorDomain[] = "scoring.crm";

inline constexpr char kReasonCustomerNotFound[] = "CUSTOMER_NOT_FOUND";
inline constexpr char kReasonCustomerNotInScope[] = "CUSTOMER_NOT_IN_SCOPE";
inline constexpr char kReasonCustomerMerged[] = "CUSTOMER_MERGED";
inline constexpr char kReasonEventNotRecorded[] = "EVENT_NOT_RECORDED";
inline constexpr char kReasonScorecardWeightsInvalid[] = "SCORECARD_WEIGHTS_INVALID";
inline constexpr char kReasonHqAdminRequired[] = "HQ_ADMIN_REQUIRED";
inline constexpr char kReasonRoleNotAllowed[] = "ROLE_NOT_ALLOWED";
inline constexpr char kReasonFactsRebuildNotFound[] = "FACTS_REBUILD_NOT_FOUND";
inline constexpr char kReasonChurnWarningNotFound[] = "CHURN_WARNING_NOT_FOUND";
inline constexpr char kReasonChurnWarningNotInScope[] = "CHURN_WARNING_NOT_IN_SCOPE";
inline constexpr char kReasonNotWarningOwner[] = "NOT_WARNING_OWNER";
inline constexpr char kReasonNoRetentionPlan[] = "NO_RETENTION_PLAN";
inline constexpr char kReasonTierReviewNotFound[] = "TIER_REVIEW_NOT_FOUND";
inline constexpr char kReasonTierProposalNotFound[] = "TIER_PROPOSAL_NOT_FOUND";
inline constexpr char kReasonTierProposalDecided[] = "TIER_PROPOSAL_DECIDED";
inline constexpr char kReasonCustomerNotScored[] = "CUSTOMER_NOT_SCORED";
inline constexpr char kReasonNodeNotFound[] = "NODE_NOT_FOUND";
inline constexpr char kReasonSumOutOfRange[] = "SUM_OUT_OF_RANGE";
inline constexpr char kReasonContactNotFound[] = "CONTACT_NOT_FOUND";
inline constexpr char kReasonSurveyExists[] = "SURVEY_EXISTS";

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_RULES_ERRORS_H_
