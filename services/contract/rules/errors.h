#ifndef CRM_SERVICES_CONTRACT_RULES_ERRORS_H_
#define CRM_SERVICES_CONTRACT_RULES_ERRORS_H_

namespace crm::contract {

// The ErrorInfo domain of the contract service (core/contract_names.h's
// kDomain). Reasons its errors give:
//   INVALID_ARGUMENT           INVALID_ARGUMENT: with a BadRequest of field violations
//   CONTRACT_NOT_FOUND         NOT_FOUND: only for callers who see everything
//   CONTRACT_NOT_IN_SCOPE      PERMISSION_DENIED: missing or out of the caller's scope
//   CUSTOMER_NOT_IN_SCOPE      PERMISSION_DENIED: the customer party is out of scope
//   CUSTOMER_DELETED           FAILED_PRECONDITION: the customer party is deleted
//   ORG_UNIT_NOT_IN_SCOPE      PERMISSION_DENIED: the signing org unit is out of scope
//   ETAG_MISMATCH              ABORTED: the contract changed since the etag was read
//   CONTRACT_FROZEN            FAILED_PRECONDITION: SIGNED and later change only by the state
//   machine CONTRACT_NOT_EDITABLE      FAILED_PRECONDITION: PENDING_APPROVAL waits for its
//   approvers CONTRACT_NOT_RENEWABLE     FAILED_PRECONDITION: only SIGNED, ACTIVE or EXPIRED renew
//   OPPORTUNITY_NOT_WON        FAILED_PRECONDITION: CreateContract.opportunity is not won
//   OPPORTUNITY_NOT_REACHABLE  PERMISSION_DENIED / NOT_FOUND: the caller cannot see it
//   FRAMEWORK_NOT_USABLE       FAILED_PRECONDITION: contract.framework is no framework
inline constexpr char kErrorDomain[] = "contract.crm";

}  // namespace crm::contract

#endif  // CRM_SERVICES_CONTRACT_RULES_ERRORS_H_
