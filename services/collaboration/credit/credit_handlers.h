#ifndef CRM_SERVICES_COLLABORATION_CREDIT_CREDIT_HANDLERS_H_
#define CRM_SERVICES_COLLABORATION_CREDIT_CREDIT_HANDLERS_H_

// The credit report (GetCreditReport), called by the service facade inside
// request::Serve.

#include <vector>

#include "absl/status/status.h"
#include "crm/collaboration/v1/collaboration_service.pb.h"
#include "libs/pg/prepared_statement.h"
#include "libs/request/actor.h"
#include "libs/status/status.h"
#include "services/collaboration/core/collaboration_context.h"

namespace crm::collaboration {

class CreditHandlers final {
 public:
  explicit CreditHandlers(const CollaborationContext& context);

  // The report's statements and AddSplit's (credit_totals.h), so a module
  // that serves the report also prepares what approvals and adjustments use.
  static std::vector<pg::PreparedStatement> Statements();

  // Credit per org unit for a quarter ("2026Q4", required) in one currency
  // (default CNY), read from the running totals of the splits in force
  // (APPROVED, DISPUTED, FINAL), largest credited amount first. A caller who
  // sees everything gets every org unit, and the quarter's deals and their
  // total, which the rows' credited amounts add up to exactly. Anyone else
  // gets the org units of their scope only (partial), the deals those rows
  // touch (each counted once) and the rows' credited total. org_unit narrows
  // the report to that unit's row (partial); outside the caller's scope it is
  // PERMISSION_DENIED (ORG_UNIT_OUT_OF_SCOPE). The totals keep no org-unit
  // tree, so units below the named one are not added to it.
  absl::Status GetCreditReport(const request::Actor& actor,
                               const v1::GetCreditReportRequest& request,
                               v1::CreditReport& response, status::FieldViolations& violations);

 private:
  const CollaborationContext& context_;
};

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_CREDIT_CREDIT_HANDLERS_H_
