#ifndef CRM_SERVICES_OPPORTUNITY_RULES_ERRORS_H_
#define CRM_SERVICES_OPPORTUNITY_RULES_ERRORS_H_

namespace crm::opportunity {

// The ErrorInfo domain of the opportunity service. Reasons the rules give:
//   OPPORTUNITY_CLOSED        FAILED_PRECONDITION: a WON/LOST one changes stage only by reopening
//   OPPORTUNITY_NOT_CLOSED    FAILED_PRECONDITION: only WON or LOST can be reopened
//   ALREADY_IN_STAGE          FAILED_PRECONDITION: the stage asked for is the current one
//   STAGE_GATE_NOT_MET        FAILED_PRECONDITION: needs survey / decision maker missing
//   WIN_REQUIREMENTS_NOT_MET  FAILED_PRECONDITION: no amount above zero or no close date
//   REOPEN_NOT_PERMITTED      PERMISSION_DENIED: neither HQ nor the owner org unit
//   INVALID_ARGUMENT          INVALID_ARGUMENT: with a BadRequest of field violations
inline constexpr char kErrorDomain[] = "opportunity.crm";

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_RULES_ERRORS_H_
