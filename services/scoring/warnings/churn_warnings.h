#ifndef CRM_SERVICES_SCORING_WARNINGS_CHURN_WARNINGS_H_
#define CRM_SERVICES_SCORING_WARNINGS_CHURN_WARNINGS_H_

// Churn warnings (流失预警) as the scores move: called by the scorer in the
// transaction that stored a customer's new health. A customer has at most
// one open warning (scoring.churn_warnings_one_open); raising it is the
// notification of its owner org unit (CHURN_WARNING_RAISED with org_unit =
// the owner), so it happens once per spell of high risk however often the
// customer is scored again.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "crm/scoring/v1/scoring_service.pb.h"
#include "libs/events/outbox.h"
#include "libs/pg/prepared_statement.h"
#include "pqxx/pqxx"

namespace crm::scoring {

// What the scorer knows of a customer when it reconciles its warning.
struct WarningInput {
  std::string customer_id;     // UUID
  std::string owner_org_unit;  // "orgUnits/{o}", who is notified
  v1::Tier tier = v1::TIER_UNSPECIFIED;
  v1::HealthAssessment health;
};

// RISK_HIGH: raises a warning when none is open (its reasons are the
// health's reasons; CHURN_WARNING_RAISED to the owner org unit), else
// refreshes the open one's health score and tier without a new event. Any
// other risk: clears the open warning, if any (CHURN_WARNING_CLEARED).
absl::Status ReconcileChurnWarning(pqxx::work& tx, const events::Outbox& outbox,
                                   const WarningInput& input, absl::Time now);

// Clears the customer's open warning, if any (CHURN_WARNING_CLEARED): the
// customer was merged away or deleted.
absl::Status ClearChurnWarning(pqxx::work& tx, const events::Outbox& outbox,
                               const std::string& customer_id, absl::Time now);

// The statements of the two functions above (WarningHandlers::Statements()
// holds them too).
std::vector<pg::PreparedStatement> ChurnWarningStatements();

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_WARNINGS_CHURN_WARNINGS_H_
